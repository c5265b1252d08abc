// deployment-controller: ReplicaSets per pod template (pod-template-hash), rolling and recreate updates, proportional
// scaling, revision annotations, history cleanup and the status/conditions `kubectl rollout status` reads.
import type {KObject} from '../types.js'
import {GVRS} from '../types.js'
import type {Ctx} from './context.js'
import {
  WorkQueue, canonicalJson, clone, computeHash, deepEqual, deleteIfExists, keyOf, nowTime, ownerKey, ownerRefTo,
  podIsActive, scaledValue, selectorMatches, splitKey,
} from './runtime.js'
import {ApiError} from '../types.js'

const REVISION = 'deployment.kubernetes.io/revision'
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history'
const DESIRED = 'deployment.kubernetes.io/desired-replicas'
const MAX = 'deployment.kubernetes.io/max-replicas'
const HASH = 'pod-template-hash'
const NOT_COPIED = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, REVISION_HISTORY, DESIRED, MAX, 'deprecated.deployment.rollback.to'])
const COMPONENT = 'deployment-controller'

/** Template equality ignoring the pod-template-hash label (kube's EqualIgnoreHash). */
export function templateKey(t: any): string {
  const c = clone(t ?? {})
  if (c.metadata?.labels) delete c.metadata.labels[HASH]
  if (c.metadata?.labels && Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels
  if (c.metadata && Object.keys(c.metadata).length === 0) delete c.metadata
  return canonicalJson(c)
}

function revisionOf(rs: KObject): number {
  const n = Number.parseInt(rs.metadata.annotations?.[REVISION] ?? '', 10)
  return Number.isFinite(n) ? n : 0
}

function replicasOf(rs: KObject): number {
  return rs.spec?.replicas ?? 0
}

/** maxSurge and maxUnavailable resolved against spec.replicas (never both zero), as kube's ResolveFenceposts. */
export function fenceposts(d: KObject): {surge: number; unavailable: number} {
  const want = d.spec?.replicas ?? 1
  if (d.spec?.strategy?.type === 'Recreate') return {surge: 0, unavailable: 0}
  const ru = d.spec?.strategy?.rollingUpdate ?? {}
  const surge = scaledValue(ru.maxSurge, want, true, '25%')
  let unavailable = scaledValue(ru.maxUnavailable, want, false, '25%')
  if (surge === 0 && unavailable === 0) unavailable = 1
  return {surge, unavailable: Math.min(unavailable, want)}
}

/** Replicas the new ReplicaSet may have now during a rolling update (kube's NewRSNewReplicas). */
export function newRSReplicas(d: KObject, all: KObject[], newRS: KObject): number {
  const want = d.spec?.replicas ?? 1
  if (d.spec?.strategy?.type === 'Recreate') return want
  const {surge} = fenceposts(d)
  const current = all.reduce((s, r) => s + replicasOf(r), 0)
  const maxTotal = want + surge
  if (current >= maxTotal) return replicasOf(newRS)
  const up = Math.min(maxTotal - current, want - replicasOf(newRS))
  return replicasOf(newRS) + up
}

function byCreation(a: KObject, b: KObject): number {
  const d = (Date.parse(a.metadata.creationTimestamp ?? '') || 0) - (Date.parse(b.metadata.creationTimestamp ?? '') || 0)
  return d || String(a.metadata.name).localeCompare(String(b.metadata.name))
}

/** Sets a Deployment condition as kube does: unchanged status+reason is a no-op, a change moves it to the end. */
function setDeploymentCondition(status: any, c: {type: string; status: string; reason: string; message: string}, keepTransition = true): void {
  const conds: any[] = (status.conditions ??= [])
  const cur = conds.find((x) => x.type === c.type)
  if (cur && cur.status === c.status && cur.reason === c.reason) return
  const now = nowTime()
  const next = {type: c.type, status: c.status, lastUpdateTime: now, lastTransitionTime: cur && cur.status === c.status && keepTransition ? cur.lastTransitionTime : now, reason: c.reason, message: c.message}
  status.conditions = conds.filter((x) => x.type !== c.type)
  status.conditions.push(next)
}

/** The Deployment controller. */
export class DeploymentController {
  readonly queue: WorkQueue

  constructor(private readonly ctx: Ctx) {
    this.queue = new WorkQueue(COMPONENT, (k) => this.sync(k), (l) => ctx.log(l))
    ctx.informer(GVRS.deployments).onChange((ev) => this.queue.add(keyOf(ev.object)))
    ctx.informer(GVRS.replicasets).onChange((ev, old) => {
      const k = ownerKey(ev.object, 'Deployment') ?? (old ? ownerKey(old, 'Deployment') : undefined)
      if (k) this.queue.add(k)
    })
    // Recreate waits for the old pods to be gone
    ctx.informer(GVRS.pods).onChange((ev) => {
      if (ev.type !== 'DELETED') return
      const rsKey = ownerKey(ev.object, 'ReplicaSet')
      const rs = rsKey ? ctx.informer(GVRS.replicasets).get(rsKey) : undefined
      const dk = rs ? ownerKey(rs, 'Deployment') : undefined
      if (dk) this.queue.add(dk)
    })
  }

  start(): void {
    for (const d of this.ctx.informer(GVRS.deployments).all()) this.queue.add(keyOf(d))
    // progress deadlines are checked from time to time
  }

  stop(): void {
    this.queue.stop()
  }

  private replicaSets(d: KObject): KObject[] {
    return this.ctx.informer(GVRS.replicasets).byIndex('controller', d.metadata.uid!).filter((r) => r.metadata.namespace === d.metadata.namespace)
  }

  private sync(key: string): void {
    const d = this.ctx.informer(GVRS.deployments).get(key)
    if (!d || d.metadata.deletionTimestamp) return
    if (!d.spec?.selector || (!d.spec.selector.matchLabels && !d.spec.selector.matchExpressions)) return
    let rss = this.replicaSets(d)
    rss = rss.concat(this.adopt(d))
    const scalingEvent = this.isScalingEvent(d, rss)
    if (d.spec?.paused || scalingEvent) {
      const {newRS, oldRSs} = this.getAll(d, rss, false)
      this.scale(d, newRS, oldRSs)
      if (d.spec?.paused) this.cleanup(d, oldRSs)
      return this.syncStatus(d, newRS, oldRSs, false)
    }
    if (d.spec?.strategy?.type === 'Recreate') return this.recreate(d, rss)
    return this.rolling(d, rss)
  }

  private adopt(d: KObject): KObject[] {
    const out: KObject[] = []
    for (const rs of this.ctx.informer(GVRS.replicasets).inNamespace(d.metadata.namespace!)) {
      if (rs.metadata.ownerReferences?.some((r) => r.controller) || rs.metadata.deletionTimestamp) continue
      if (!selectorMatches(d.spec.selector, rs.metadata.labels)) continue
      const res = this.ctx.api.mutate(GVRS.replicasets, rs.metadata.namespace, rs.metadata.name!, (x) => {
        if (x.metadata.ownerReferences?.some((r) => r.controller)) return false
        x.metadata.ownerReferences = [...(x.metadata.ownerReferences ?? []), ownerRefTo(d)]
      })
      if (res) out.push(res)
    }
    return out
  }

  /** A scaling event: an active ReplicaSet's desired-replicas annotation differs from spec.replicas. */
  private isScalingEvent(d: KObject, rss: KObject[]): boolean {
    const want = d.spec?.replicas ?? 1
    for (const rs of rss) {
      if (!replicasOf(rs)) continue
      const desired = rs.metadata.annotations?.[DESIRED]
      if (desired !== undefined && Number(desired) !== want) return true
    }
    return false
  }

  /** Finds (or creates) the ReplicaSet for the current template and syncs revision annotations. */
  private getAll(d: KObject, rss: KObject[], create: boolean): {newRS?: KObject; oldRSs: KObject[]} {
    const tk = templateKey(d.spec?.template)
    const matching = rss.filter((r) => templateKey(r.spec?.template) === tk).sort(byCreation)
    let newRS: KObject | undefined = matching[0]
    const oldRSs = rss.filter((r) => r !== newRS)
    const maxOld = Math.max(0, ...oldRSs.map(revisionOf))
    const newRevision = String(maxOld + 1)
    const want = d.spec?.replicas ?? 1
    const {surge} = fenceposts(d)
    if (newRS) {
      const ann = newRS.metadata.annotations ?? {}
      const needRev = revisionOf(newRS) < maxOld + 1 && revisionOf(newRS) <= maxOld
      const needAnn = ann[DESIRED] !== String(want) || ann[MAX] !== String(want + surge)
      if (needRev || (needAnn && !d.spec?.paused && !this.isScalingEvent(d, rss))) {
        newRS = this.ctx.api.mutate(GVRS.replicasets, newRS.metadata.namespace, newRS.metadata.name!, (r) => {
          const a = (r.metadata.annotations ??= {})
          if (needRev) {
            const old = a[REVISION]
            if (old) a[REVISION_HISTORY] = a[REVISION_HISTORY] ? `${a[REVISION_HISTORY]},${old}` : old
            a[REVISION] = newRevision
          }
          if (!this.isScalingEvent(d, rss)) {
            a[DESIRED] = String(want)
            a[MAX] = String(want + surge)
          }
        }) ?? newRS
      }
    } else if (create) {
      newRS = this.createNewRS(d, rss, newRevision)
    }
    if (newRS) this.syncDeploymentRevision(d, newRS)
    return {newRS, oldRSs}
  }

  private syncDeploymentRevision(d: KObject, newRS: KObject): void {
    const rev = newRS.metadata.annotations?.[REVISION]
    if (!rev || d.metadata.annotations?.[REVISION] === rev) return
    const [ns, name] = splitKey(keyOf(d))
    this.ctx.api.mutate(GVRS.deployments, ns, name, (x) => {
      if (x.metadata.uid !== d.metadata.uid) return false
      ;(x.metadata.annotations ??= {})[REVISION] = rev
    })
  }

  private createNewRS(d: KObject, all: KObject[], revision: string): KObject | undefined {
    const want = d.spec?.replicas ?? 1
    const {surge} = fenceposts(d)
    let collisionCount: number = d.status?.collisionCount ?? 0
    for (let attempt = 0; attempt < 5; attempt++) {
      const hash = computeHash(d.spec.template, collisionCount)
      const template = clone(d.spec.template ?? {})
      template.metadata ??= {}
      template.metadata.labels = {...(template.metadata.labels ?? {}), [HASH]: hash}
      const selector = clone(d.spec.selector)
      selector.matchLabels = {...(selector.matchLabels ?? {}), [HASH]: hash}
      const annotations: Record<string, string> = {}
      for (const [k, v] of Object.entries((d.metadata.annotations ?? {}) as Record<string, string>)) if (!NOT_COPIED.has(k)) annotations[k] = v
      annotations[DESIRED] = String(want)
      annotations[MAX] = String(want + surge)
      annotations[REVISION] = revision
      const name = `${d.metadata.name}-${hash}`
      const replicas = d.spec?.strategy?.type === 'Recreate' ? 0 : newRSReplicas(d, all, {apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {}, spec: {replicas: 0}})
      const rs: KObject = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {name, namespace: d.metadata.namespace, labels: {...(template.metadata.labels ?? {})}, annotations, ownerReferences: [ownerRefTo(d)]},
        spec: {replicas, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template},
      }
      try {
        const created = this.ctx.api.create(GVRS.replicasets, rs)
        if (replicas > 0) this.ctx.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`, COMPONENT)
        this.updateStatus(d, (s) => setDeploymentCondition(s, {type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${name}"`}))
        return created
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 409)) throw err
        const existing = this.ctx.api.tryGet(GVRS.replicasets, d.metadata.namespace, name)
        if (existing && existing.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid) && templateKey(existing.spec?.template) === templateKey(d.spec.template)) return existing
        collisionCount++
        this.updateStatus(d, (s) => {
          s.collisionCount = collisionCount
        })
      }
    }
    return undefined
  }

  /** Scales a ReplicaSet and records ScalingReplicaSet; also refreshes its desired/max annotations. */
  private scaleRS(d: KObject, rs: KObject, to: number): boolean {
    const want = d.spec?.replicas ?? 1
    const {surge} = fenceposts(d)
    const from = replicasOf(rs)
    const ann = rs.metadata.annotations ?? {}
    if (from === to && ann[DESIRED] === String(want) && ann[MAX] === String(want + surge)) return false
    this.ctx.api.mutate(GVRS.replicasets, rs.metadata.namespace, rs.metadata.name!, (r) => {
      r.spec.replicas = to
      const a = (r.metadata.annotations ??= {})
      a[DESIRED] = String(want)
      a[MAX] = String(want + surge)
    })
    if (from !== to) {
      this.ctx.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${from < to ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`, COMPONENT)
    }
    return from !== to
  }

  private rolling(d: KObject, rss: KObject[]): void {
    const {newRS, oldRSs} = this.getAll(d, rss, true)
    if (!newRS) return
    const all = [newRS, ...oldRSs]
    const want = d.spec?.replicas ?? 1
    // scale up the new ReplicaSet
    if (replicasOf(newRS) > want) {
      if (this.scaleRS(d, newRS, want)) return this.syncStatus(d, newRS, oldRSs, true)
    } else if (replicasOf(newRS) < want) {
      const n = newRSReplicas(d, all, newRS)
      if (n !== replicasOf(newRS) && this.scaleRS(d, newRS, n)) return this.syncStatus(d, newRS, oldRSs, true)
    }
    // scale down old ones as far as availability allows
    if (this.reconcileOld(d, newRS, oldRSs)) return this.syncStatus(d, newRS, oldRSs, true)
    if (this.complete(d, newRS)) this.cleanup(d, oldRSs)
    this.syncStatus(d, newRS, oldRSs, true)
  }

  private reconcileOld(d: KObject, newRS: KObject, oldRSs: KObject[]): boolean {
    const oldCount = oldRSs.reduce((s, r) => s + replicasOf(r), 0)
    if (!oldCount) return false
    const want = d.spec?.replicas ?? 1
    const all = [newRS, ...oldRSs]
    const allCount = all.reduce((s, r) => s + replicasOf(r), 0)
    const {unavailable} = fenceposts(d)
    const minAvailable = want - unavailable
    const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0)
    const maxScaledDown = allCount - minAvailable - newUnavailable
    if (maxScaledDown <= 0) return false
    let scaled = false
    // first unhealthy replicas of old sets, oldest first
    let budget = maxScaledDown
    const sorted = [...oldRSs].sort(byCreation)
    const current = new Map(sorted.map((r) => [r.metadata.name, replicasOf(r)]))
    for (const rs of sorted) {
      if (budget <= 0) break
      const cur = current.get(rs.metadata.name)!
      const unhealthy = cur - (rs.status?.availableReplicas ?? 0)
      if (cur === 0 || unhealthy <= 0) continue
      const down = Math.min(budget, unhealthy)
      if (this.scaleRS(d, rs, cur - down)) scaled = true
      current.set(rs.metadata.name, cur - down)
      budget -= down
    }
    // then healthy ones, keeping minAvailable available
    const available = all.reduce((s, r) => s + (r.status?.availableReplicas ?? 0), 0)
    if (available > minAvailable) {
      let total = available - minAvailable
      for (const rs of sorted) {
        if (total <= 0) break
        const cur = current.get(rs.metadata.name)!
        if (!cur) continue
        const down = Math.min(cur, total)
        if (this.scaleRS(d, rs, cur - down)) scaled = true
        total -= down
      }
    }
    return scaled
  }

  private recreate(d: KObject, rss: KObject[]): void {
    let {newRS, oldRSs} = this.getAll(d, rss, false)
    let scaledDown = false
    for (const rs of oldRSs) if (replicasOf(rs) > 0 && this.scaleRS(d, rs, 0)) scaledDown = true
    if (scaledDown) return this.syncStatus(d, newRS, oldRSs, true)
    const podsInf = this.ctx.informer(GVRS.pods)
    const oldRunning = oldRSs.some((rs) => podsInf.byIndex('controller', rs.metadata.uid!).some((p) => podIsActive(p) || !!p.metadata.deletionTimestamp))
    if (oldRunning) return this.syncStatus(d, newRS, oldRSs, true)
    if (!newRS) ({newRS, oldRSs} = this.getAll(d, [...oldRSs], true))
    if (!newRS) return
    const want = d.spec?.replicas ?? 1
    if (replicasOf(newRS) !== want) this.scaleRS(d, newRS, want)
    if (this.complete(d, newRS)) this.cleanup(d, oldRSs)
    this.syncStatus(d, newRS, oldRSs, true)
  }

  /** Scaling outside a rollout (and while paused): proportional across active ReplicaSets. */
  private scale(d: KObject, newRS: KObject | undefined, oldRSs: KObject[]): void {
    const want = d.spec?.replicas ?? 1
    const all = [newRS, ...oldRSs].filter((r): r is KObject => !!r)
    const active = all.filter((r) => replicasOf(r) > 0)
    if (active.length <= 1) {
      const target = active[0] ?? newRS ?? [...all].sort((a, b) => revisionOf(b) - revisionOf(a))[0]
      if (target) this.scaleRS(d, target, want)
      return
    }
    if (newRS && replicasOf(newRS) === want && newRS.metadata.annotations?.[DESIRED] === String(want)) {
      for (const rs of oldRSs) if (replicasOf(rs)) this.scaleRS(d, rs, 0)
      return
    }
    const {surge} = fenceposts(d)
    const allowed = d.spec?.strategy?.type === 'Recreate' ? want : want + surge
    const current = active.reduce((s, r) => s + replicasOf(r), 0)
    const toAdd = allowed - current
    // bigger sets first; on adds newer first, on removals older first
    const sorted = [...active].sort((a, b) => replicasOf(b) - replicasOf(a) || (toAdd > 0 ? -byCreation(a, b) : byCreation(a, b)))
    const sizes = new Map<KObject, number>()
    let added = 0
    for (const rs of sorted) {
      // kube's getProportion: scale each set by (new max total) / (max total it was sized for)
      const prevMax = Number(rs.metadata.annotations?.[MAX] ?? 0) || current
      const share = toAdd === 0 ? 0 : Math.round((replicasOf(rs) * allowed) / prevMax) - replicasOf(rs)
      const bounded = toAdd > 0 ? Math.min(share, toAdd - added) : Math.max(share, toAdd - added)
      sizes.set(rs, replicasOf(rs) + bounded)
      added += bounded
    }
    if (added !== toAdd && sorted.length) {
      const first = sorted[0]
      sizes.set(first, Math.max(0, (sizes.get(first) ?? 0) + toAdd - added))
    }
    for (const rs of sorted) this.scaleRS(d, rs, Math.max(0, sizes.get(rs) ?? replicasOf(rs)))
  }

  private complete(d: KObject, newRS: KObject): boolean {
    const want = d.spec?.replicas ?? 1
    const s = this.calculateStatus(d, newRS, this.replicaSets(d).filter((r) => r.metadata.uid !== newRS.metadata.uid))
    return s.updatedReplicas === want && s.replicas === want && s.availableReplicas === want
  }

  /** Deletes old, fully scaled-down ReplicaSets beyond revisionHistoryLimit (oldest revisions first). */
  private cleanup(d: KObject, oldRSs: KObject[]): void {
    const limit = d.spec?.revisionHistoryLimit ?? 10
    const cleanable = oldRSs
      .filter((r) => !r.metadata.deletionTimestamp && replicasOf(r) === 0 && !(r.status?.replicas ?? 0))
      .sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b))
    const n = cleanable.length - limit
    for (let i = 0; i < n; i++) deleteIfExists(this.ctx.api, GVRS.replicasets, cleanable[i].metadata.namespace, cleanable[i].metadata.name!)
  }

  private calculateStatus(d: KObject, newRS: KObject | undefined, oldRSs: KObject[]): any {
    const fresh = (r: KObject) => this.ctx.informer(GVRS.replicasets).get(keyOf(r)) ?? r
    const all = [newRS, ...oldRSs].filter((r): r is KObject => !!r).map(fresh)
    const sum = (f: (r: KObject) => number) => all.reduce((s, r) => s + f(r), 0)
    const want = d.spec?.replicas ?? 1
    const available = sum((r) => r.status?.availableReplicas ?? 0)
    const status: any = {
      ...clone(d.status ?? {}),
      observedGeneration: d.metadata.generation ?? 1,
      replicas: sum((r) => r.status?.replicas ?? 0),
      updatedReplicas: newRS ? fresh(newRS).status?.replicas ?? 0 : 0,
      readyReplicas: sum((r) => r.status?.readyReplicas ?? 0),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, want - available),
    }
    const {unavailable} = fenceposts(d)
    if (available >= want - unavailable) {
      setDeploymentCondition(status, {type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.'})
    } else {
      setDeploymentCondition(status, {type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.'})
    }
    return status
  }

  /** Status plus the Progressing condition (kube's syncRolloutStatus when rollout is true). */
  private syncStatus(cached: KObject, newRS: KObject | undefined, oldRSs: KObject[], rollout: boolean): void {
    // writes earlier in this sync (conditions, collisionCount, revision) are not in the cache yet
    const d = this.ctx.api.tryGet(GVRS.deployments, cached.metadata.namespace, cached.metadata.name!) ?? cached
    if (d.metadata.uid !== cached.metadata.uid) return
    const status = this.calculateStatus(d, newRS, oldRSs)
    const want = d.spec?.replicas ?? 1
    const deadline = d.spec?.progressDeadlineSeconds ?? 600
    const cur = (status.conditions ?? []).find((c: any) => c.type === 'Progressing')
    if (d.spec?.paused) {
      if (deadline !== undefined && deadline !== null && !(cur?.reason === 'DeploymentPaused')) {
        setDeploymentCondition(status, {type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused'})
      }
    } else if (deadline !== undefined && deadline !== null && newRS) {
      if (cur?.reason === 'DeploymentPaused') {
        setDeploymentCondition(status, {type: 'Progressing', status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed'})
      }
      const c2 = (status.conditions ?? []).find((c: any) => c.type === 'Progressing')
      const name = newRS.metadata.name
      const complete = status.updatedReplicas === want && status.replicas === want && status.availableReplicas === want && status.observedGeneration >= (d.metadata.generation ?? 1)
      const old = d.status ?? {}
      const progressing = (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
        (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0) || (old.replicas ?? 0) - (old.updatedReplicas ?? 0) > status.replicas - status.updatedReplicas
      if (complete) {
        setDeploymentCondition(status, {type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}" has successfully progressed.`})
      } else if (progressing && rollout) {
        const now = nowTime()
        const next = {type: 'Progressing', status: 'True', lastUpdateTime: now, lastTransitionTime: c2?.status === 'True' ? c2.lastTransitionTime : now, reason: 'ReplicaSetUpdated', message: `ReplicaSet "${name}" is progressing.`}
        status.conditions = (status.conditions ?? []).filter((c: any) => c.type !== 'Progressing')
        status.conditions.push(next)
      } else if (!c2) {
        setDeploymentCondition(status, {type: 'Progressing', status: 'True', reason: 'FoundNewReplicaSet', message: `Found new replica set "${name}"`})
      } else if (c2.reason !== 'NewReplicaSetAvailable' && c2.reason !== 'ProgressDeadlineExceeded') {
        const from = Date.parse(c2.lastUpdateTime ?? c2.lastTransitionTime ?? '') || Date.now()
        const left = from + deadline * 1000 - Date.now()
        if (left <= 0) {
          setDeploymentCondition(status, {type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${name}" has timed out progressing.`})
        } else {
          this.queue.addAfter(keyOf(d), left + 50)
        }
      }
    }
    // DeploymentStatus's counters are all omitempty: a zero never reaches the wire.
    for (const f of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) if (!status[f]) delete status[f]
    if (deepEqual(status, d.status ?? {})) return
    this.updateStatus(d, (s) => {
      for (const k of Object.keys(s)) delete s[k]
      Object.assign(s, status)
    })
  }

  private updateStatus(d: KObject, fn: (status: any) => void): void {
    const [ns, name] = splitKey(keyOf(d))
    this.ctx.api.mutate(GVRS.deployments, ns, name, (x) => {
      if (x.metadata.uid !== d.metadata.uid) return false
      const before = clone(x.status ?? {})
      x.status ??= {}
      fn(x.status)
      if (deepEqual(before, x.status)) return false
    }, {subresource: 'status'})
  }
}
