// ControllerRevisions for DaemonSets and StatefulSets: one per distinct pod template, numbered, pruned by history limit.
import type {KObject} from '../types.js'
import {GVRS} from '../types.js'
import {ApiError} from '../types.js'
import type {Ctx} from './context.js'
import {canonicalJson, clone, computeHash, deleteIfExists, ownerRefTo} from './runtime.js'

/** The data a revision stores: the template, replaced whole when rolled back (as kube's getPatch). */
export function revisionData(owner: KObject): any {
  const template = clone(owner.spec?.template ?? {})
  template.$patch = 'replace'
  return {spec: {template}}
}

/** The revisions an owner has, oldest revision first. */
export function ownedRevisions(ctx: Ctx, owner: KObject): KObject[] {
  return ctx.informer(GVRS.controllerrevisions).byIndex('controller', owner.metadata.uid!).sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))
}

/**
 * Finds or creates the revision of the owner's current template; an identical older revision is renumbered as the
 * newest (that is how `rollout undo` shows up in history). Returns it with its hash.
 */
export function currentRevision(ctx: Ctx, owner: KObject, hashLabel: string): {revision: KObject; hash: string} {
  const revs = ownedRevisions(ctx, owner)
  const data = revisionData(owner)
  const key = canonicalJson(data)
  const max = revs.reduce((m, r) => Math.max(m, r.revision ?? 0), 0)
  const same = revs.filter((r) => canonicalJson(r.data) === key)
  if (same.length) {
    const r = same[same.length - 1]
    const hash = r.metadata.labels?.[hashLabel] ?? r.metadata.name!.slice(owner.metadata.name!.length + 1)
    if ((r.revision ?? 0) < max) {
      const updated = ctx.api.mutate(GVRS.controllerrevisions, r.metadata.namespace, r.metadata.name!, (x) => {
        x.revision = max + 1
      })
      return {revision: updated ?? r, hash}
    }
    return {revision: r, hash}
  }
  let collision = owner.status?.collisionCount ?? 0
  for (let i = 0; i < 5; i++) {
    const hash = computeHash(owner.spec?.template, collision)
    const name = `${owner.metadata.name}-${hash}`
    const rev: KObject = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {name, namespace: owner.metadata.namespace, labels: {...(owner.spec?.template?.metadata?.labels ?? {}), [hashLabel]: hash}, ownerReferences: [ownerRefTo(owner)]},
      data,
      revision: max + 1,
    }
    try {
      return {revision: ctx.api.create(GVRS.controllerrevisions, rev), hash}
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 409)) throw err
      const existing = ctx.api.tryGet(GVRS.controllerrevisions, owner.metadata.namespace, name)
      if (existing && canonicalJson(existing.data) === key && existing.metadata.ownerReferences?.some((o) => o.uid === owner.metadata.uid)) return {revision: existing, hash}
      collision++
    }
  }
  throw new ApiError(409, 'Conflict', `too many hash collisions for ${owner.metadata.name}`)
}

/** Deletes the oldest revisions not in use beyond revisionHistoryLimit (default 10). */
export function pruneRevisions(ctx: Ctx, owner: KObject, inUse: Set<string>): void {
  const limit = owner.spec?.revisionHistoryLimit ?? 10
  const revs = ownedRevisions(ctx, owner).filter((r) => !inUse.has(r.metadata.name!))
  for (let i = 0; i < revs.length - limit; i++) deleteIfExists(ctx.api, GVRS.controllerrevisions, revs[i].metadata.namespace, revs[i].metadata.name!)
}
