// statefulset-controller: pods NAME-0..N-1 with stable identity, OrderedReady or Parallel management, PVCs from
// volumeClaimTemplates, rolling updates from the highest ordinal down, ControllerRevisions and status.
import type {KObject} from '../types.js'
import {GVRS} from '../types.js'
import {ApiError} from '../types.js'
import type {Ctx} from './context.js'
import {currentRevision, ownedRevisions, pruneRevisions} from './revisions.js'
import {BURST, WorkQueue, clone, deepEqual, deleteIfExists, keyOf, ownerKey, podAvailability, podFromTemplate, podIsReady, podIsTerminal, splitKey} from './runtime.js'

const COMPONENT = 'statefulset-controller'
const HASH = 'controller-revision-hash'

/** Ordinal of a StatefulSet pod name, or -1 when it is not one of this set's. */
export function ordinalOf(setName: string, podName: string): number {
  if (!podName.startsWith(`${setName}-`)) return -1
  const rest = podName.slice(setName.length + 1)
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : -1
}

/** The pod for one ordinal (identity labels, hostname/subdomain, claims from volumeClaimTemplates). */
export function statefulPod(set: KObject, ordinal: number, revisionName: string): KObject {
  const name = `${set.metadata.name}-${ordinal}`
  const pod = podFromTemplate(set.spec?.template, set, {
    [HASH]: revisionName,
    'statefulset.kubernetes.io/pod-name': name,
    'apps.kubernetes.io/pod-index': String(ordinal),
  })
  pod.metadata.name = name
  pod.spec.hostname = name
  if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName
  const volumes: any[] = [...(pod.spec.volumes ?? [])]
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const claimName = `${t.metadata?.name}-${name}`
    const v = {name: t.metadata?.name, persistentVolumeClaim: {claimName}}
    const i = volumes.findIndex((x) => x.name === v.name)
    if (i >= 0) volumes[i] = v
    else volumes.push(v)
  }
  if (volumes.length) pod.spec.volumes = volumes
  return pod
}

/** The StatefulSet controller. */
export class StatefulSetController {
  readonly queue: WorkQueue

  constructor(private readonly ctx: Ctx) {
    this.queue = new WorkQueue(COMPONENT, (k) => this.sync(k), (l) => ctx.log(l))
    ctx.informer(GVRS.controllerrevisions)
    ctx.informer(GVRS.statefulsets).onChange((ev) => this.queue.add(keyOf(ev.object)))
    ctx.informer(GVRS.pods).onChange((ev, old) => {
      const k = ownerKey(ev.object, 'StatefulSet') ?? (old ? ownerKey(old, 'StatefulSet') : undefined)
      if (k) this.queue.add(k)
    })
  }

  start(): void {
    for (const s of this.ctx.informer(GVRS.statefulsets).all()) this.queue.add(keyOf(s))
  }

  stop(): void {
    this.queue.stop()
  }

  private sync(key: string): void {
    const set = this.ctx.informer(GVRS.statefulsets).get(key)
    if (!set || set.metadata.deletionTimestamp) return
    const [ns, setName] = splitKey(key)
    const {revision, hash} = currentRevision(this.ctx, set, HASH)
    const updateRevision = revision.metadata.name!
    const want = set.spec?.replicas ?? 1
    const parallel = set.spec?.podManagementPolicy === 'Parallel'
    const minReady = set.spec?.minReadySeconds ?? 0
    const pods = this.ctx.informer(GVRS.pods).byIndex('controller', set.metadata.uid!).filter((p) => p.metadata.namespace === ns)
    const byOrdinal = new Map<number, KObject>()
    for (const p of pods) {
      const o = ordinalOf(setName, p.metadata.name!)
      if (o >= 0) byOrdinal.set(o, p)
    }
    const currentRevisionName: string = set.status?.currentRevision ?? updateRevision
    const revisionFor = (o: number) => {
      const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0
      const onDelete = set.spec?.updateStrategy?.type === 'OnDelete'
      return onDelete || o < partition ? currentRevisionName : updateRevision
    }
    const templateOf = (revName: string): KObject => {
      if (revName === updateRevision) return set
      const rev = ownedRevisions(this.ctx, set).find((r) => r.metadata.name === revName)
      if (!rev) return set
      const tmpl = clone(rev.data?.spec?.template ?? set.spec.template)
      delete tmpl.$patch
      return {...set, spec: {...set.spec, template: tmpl}}
    }
    let blocked = false
    let budget = BURST
    // create or replace missing/failed pods in ordinal order
    for (let o = 0; o < want; o++) {
      if (budget <= 0) {
        this.queue.add(key)
        blocked = true
        break
      }
      const p = byOrdinal.get(o)
      if (p && p.status?.phase === 'Failed' && !p.metadata.deletionTimestamp) {
        deleteIfExists(this.ctx.api, GVRS.pods, ns, p.metadata.name!)
        this.ctx.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${setName} successful`, COMPONENT)
        if (!parallel) blocked = true
        continue
      }
      if (!p) {
        if (blocked) break
        const revName = revisionFor(o)
        this.createClaims(set, o)
        budget--
        try {
          this.ctx.api.create(GVRS.pods, statefulPod(templateOf(revName), o, revName))
          this.ctx.event(set, 'Normal', 'SuccessfulCreate', `create Pod ${setName}-${o} in StatefulSet ${setName} successful`, COMPONENT)
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 409)) throw err
        }
        if (!parallel) blocked = true
        continue
      }
      if (!parallel && (p.metadata.deletionTimestamp || !podIsReady(p) || p.status?.phase !== 'Running')) blocked = true
    }
    // scale down from the highest ordinal, one at a time unless Parallel
    const extra = [...byOrdinal.keys()].filter((o) => o >= want).sort((a, b) => b - a)
    if (extra.length && !blocked) {
      for (const o of parallel ? extra.slice(0, BURST) : extra.slice(0, 1)) {
        const p = byOrdinal.get(o)!
        if (p.metadata.deletionTimestamp) break
        deleteIfExists(this.ctx.api, GVRS.pods, ns, p.metadata.name!)
        this.ctx.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${setName} successful`, COMPONENT)
      }
      blocked = true
    }
    // rolling update: the highest ordinal not at its target revision goes first, once everything else is ready
    if (!blocked && set.spec?.updateStrategy?.type !== 'OnDelete') {
      const allReady = [...byOrdinal.entries()].every(([o, p]) => o >= want || (podIsReady(p) && !p.metadata.deletionTimestamp))
      if (allReady) {
        for (let o = want - 1; o >= 0; o--) {
          const p = byOrdinal.get(o)
          if (!p) continue
          if (p.metadata.labels?.[HASH] !== revisionFor(o)) {
            deleteIfExists(this.ctx.api, GVRS.pods, ns, p.metadata.name!)
            this.ctx.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${setName} successful`, COMPONENT)
            break
          }
        }
      }
    }
    void hash
    this.updateStatus(set, updateRevision, currentRevisionName, minReady)
  }

  private createClaims(set: KObject, ordinal: number): void {
    if (!this.ctx.serves(GVRS.persistentvolumeclaims)) return
    const podName = `${set.metadata.name}-${ordinal}`
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const name = `${t.metadata?.name}-${podName}`
      if (this.ctx.api.tryGet(GVRS.persistentvolumeclaims, set.metadata.namespace, name)) continue
      const claim: KObject = {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {...clone(t.metadata ?? {}), name, namespace: set.metadata.namespace, labels: {...(t.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {})}},
        spec: clone(t.spec ?? {}),
      }
      try {
        this.ctx.api.create(GVRS.persistentvolumeclaims, claim)
        this.ctx.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${podName} in StatefulSet ${set.metadata.name} success`, COMPONENT)
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 409)) throw err
      }
    }
  }

  private updateStatus(set: KObject, updateRevision: string, currentRevisionName: string, minReady: number): void {
    const [ns, name] = splitKey(keyOf(set))
    const pods = this.ctx.informer(GVRS.pods).byIndex('controller', set.metadata.uid!).filter((p) => p.metadata.namespace === ns && ordinalOf(name, p.metadata.name!) >= 0)
    let replicas = 0, ready = 0, available = 0, current = 0, updated = 0, wait = 0
    for (const p of pods) {
      if (podIsTerminal(p)) continue
      replicas++
      if (podIsReady(p)) ready++
      const a = podAvailability(p, minReady)
      if (a.available) available++
      else if (a.waitMs) wait = wait ? Math.min(wait, a.waitMs) : a.waitMs
      if (p.metadata.labels?.[HASH] === currentRevisionName) current++
      if (p.metadata.labels?.[HASH] === updateRevision) updated++
    }
    if (wait) this.queue.addAfter(keyOf(set), wait)
    const want = set.spec?.replicas ?? 1
    let currentRev = currentRevisionName
    // the update is complete: the update revision becomes the current one
    if (updated === want && ready === want && replicas === want) {
      currentRev = updateRevision
      current = updated
    }
    const status: any = {
      ...clone(set.status ?? {}),
      observedGeneration: set.metadata.generation ?? 1,
      replicas,
      readyReplicas: ready,
      currentReplicas: current,
      updatedReplicas: updated,
      currentRevision: currentRev,
      updateRevision,
      collisionCount: set.status?.collisionCount ?? 0,
      availableReplicas: available,
    }
    for (const f of ['readyReplicas', 'currentReplicas', 'updatedReplicas']) if (!status[f]) delete status[f]
    if (deepEqual(status, set.status ?? {})) return
    this.ctx.api.mutate(GVRS.statefulsets, ns, name, (x) => {
      if (x.metadata.uid !== set.metadata.uid) return false
      x.status = status
    }, {subresource: 'status'})
    pruneRevisions(this.ctx, set, new Set([updateRevision, currentRev]))
  }
}
