// replicaset-controller and replication-controller: keep spec.replicas pods of the template alive, report status.
import type {GVR, KObject} from '../types.js'
import {GVRS} from '../types.js'
import type {Ctx} from './context.js'
import {
  BURST, Expectations, WorkQueue, clone, enqueueForPod, createWithGeneratedName, deepEqual, deleteIfExists, keyOf, mapSelectorMatches, nowTime,
  ownerKey, ownerRefTo, podAvailability, podCondition, podFromTemplate, podIsActive, podIsReady, podIsTerminal,
  selectorMatches, splitKey,
} from './runtime.js'

/** Deletion preference as kube's ActivePods ranking: the first in this order is deleted first. */
export function compareForDeletion(a: KObject, b: KObject): number {
  const assigned = (p: KObject) => (p.spec?.nodeName ? 1 : 0)
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b)
  const phase = (p: KObject) => ({Pending: 0, Unknown: 1, Running: 2} as Record<string, number>)[p.status?.phase ?? 'Pending'] ?? 0
  if (phase(a) !== phase(b)) return phase(a) - phase(b)
  const ready = (p: KObject) => (podIsReady(p) ? 1 : 0)
  if (ready(a) !== ready(b)) return ready(a) - ready(b)
  if (podIsReady(a) && podIsReady(b)) {
    const ta = Date.parse(podCondition(a, 'Ready')?.lastTransitionTime ?? '') || 0
    const tb = Date.parse(podCondition(b, 'Ready')?.lastTransitionTime ?? '') || 0
    if (ta !== tb) return tb - ta
  }
  const restarts = (p: KObject) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c: any) => c.restartCount ?? 0))
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a)
  const ca = Date.parse(a.metadata.creationTimestamp ?? '') || 0
  const cb = Date.parse(b.metadata.creationTimestamp ?? '') || 0
  if (ca !== cb) return cb - ca
  return String(b.metadata.name).localeCompare(String(a.metadata.name))
}

/** Controller for ReplicaSets (apps/v1) or ReplicationControllers (v1); they differ only in selector form and names. */
export class ReplicaSetController {
  readonly queue: WorkQueue
  private readonly expectations = new Expectations()
  private readonly gvr: GVR
  private readonly kind: string
  private readonly component: string

  constructor(private readonly ctx: Ctx, readonly flavour: 'ReplicaSet' | 'ReplicationController') {
    this.gvr = flavour === 'ReplicaSet' ? GVRS.replicasets : GVRS.replicationcontrollers
    this.kind = flavour
    this.component = flavour === 'ReplicaSet' ? 'replicaset-controller' : 'replication-controller'
    this.queue = new WorkQueue(this.component, (k) => this.sync(k), (l) => ctx.log(l))
    const owners = ctx.informer(this.gvr)
    owners.onChange((ev) => {
      if (ev.type === 'DELETED') this.expectations.forget(keyOf(ev.object))
      this.queue.add(keyOf(ev.object))
    })
    ctx.informer(GVRS.pods).onChange((ev, old) => {
      const k = ownerKey(ev.object, this.kind) ?? (old ? ownerKey(old, this.kind) : undefined)
      if (k) return enqueueForPod(this.queue, k, ev, old)
      // an orphan that matches a selector gets adopted
      if (ev.type === 'ADDED' && !ev.object.metadata.ownerReferences?.some((r) => r.controller) && ev.object.metadata.namespace) {
        for (const o of owners.inNamespace(ev.object.metadata.namespace)) if (this.matches(o, ev.object)) this.queue.add(keyOf(o))
      }
    })
  }

  start(): void {
    for (const o of this.ctx.informer(this.gvr).all()) this.queue.add(keyOf(o))
  }

  stop(): void {
    this.queue.stop()
  }

  private matches(owner: KObject, pod: KObject): boolean {
    if (this.flavour === 'ReplicaSet') return selectorMatches(owner.spec?.selector, pod.metadata.labels)
    return mapSelectorMatches(owner.spec?.selector ?? owner.spec?.template?.metadata?.labels, pod.metadata.labels)
  }

  private sync(key: string): void {
    const owner = this.ctx.informer(this.gvr).get(key)
    if (!owner) return
    const [ns, name] = splitKey(key)
    const podsInf = this.ctx.informer(GVRS.pods)
    let pods = podsInf.byIndex('controller', owner.metadata.uid!).filter((p) => p.metadata.namespace === ns)
    if (!owner.metadata.deletionTimestamp) pods = pods.concat(this.adopt(owner))
    const active = pods.filter(podIsActive)
    const want = owner.spec?.replicas ?? 1
    if (this.expectations.satisfied(key, podsInf) && !owner.metadata.deletionTimestamp) {
      const diff = active.length - want
      if (diff < 0) {
        for (let i = 0; i < Math.min(-diff, BURST); i++) {
          let pod: KObject
          try {
            pod = createWithGeneratedName(this.ctx.api, GVRS.pods, podFromTemplate(owner.spec?.template, owner), `${name}-`)
          } catch (err) {
            // as kube: a FailedCreate event and a ReplicaFailure condition, then retry with backoff
            const msg = `Error creating: ${(err as Error).message}`
            this.ctx.event(owner, 'Warning', 'FailedCreate', msg, this.component)
            this.setFailure(owner, msg)
            throw err
          }
          this.expectations.expectCreate(key, keyOf(pod))
          this.ctx.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, this.component)
        }
        if (-diff > BURST) this.queue.add(key)
        if (owner.status?.conditions?.some((c: any) => c.type === 'ReplicaFailure')) this.setFailure(owner, undefined)
      } else if (diff > 0) {
        const victims = [...active].sort(compareForDeletion).slice(0, Math.min(diff, BURST))
        if (diff > BURST) this.queue.add(key)
        for (const p of victims) {
          this.expectations.expectDelete(key, keyOf(p))
          deleteIfExists(this.ctx.api, GVRS.pods, ns, p.metadata.name!)
          this.ctx.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, this.component)
        }
      }
    }
    this.updateStatus(owner, pods)
  }

  /** Orphans in the namespace matching the selector become ours (kube's ClaimPods). */
  private adopt(owner: KObject): KObject[] {
    const out: KObject[] = []
    for (const p of this.ctx.informer(GVRS.pods).inNamespace(owner.metadata.namespace!)) {
      if (p.metadata.ownerReferences?.some((r) => r.controller) || !podIsActive(p) || !this.matches(owner, p)) continue
      const res = this.ctx.api.mutate(GVRS.pods, p.metadata.namespace, p.metadata.name!, (x) => {
        if (x.metadata.ownerReferences?.some((r) => r.controller)) return false
        x.metadata.ownerReferences = [...(x.metadata.ownerReferences ?? []), ownerRefTo(owner)]
      })
      if (res) out.push(res)
    }
    return out
  }

  private setFailure(owner: KObject, message: string | undefined): void {
    const [ns, name] = splitKey(keyOf(owner))
    this.ctx.api.mutate(this.gvr, ns, name, (o) => {
      if (o.metadata.uid !== owner.metadata.uid) return false
      const conds: any[] = o.status?.conditions ?? []
      const cur = conds.find((c) => c.type === 'ReplicaFailure')
      if (message === undefined) {
        if (!cur) return false
        o.status.conditions = conds.filter((c) => c !== cur)
        if (!o.status.conditions.length) delete o.status.conditions
        return
      }
      if (cur?.message === message) return false
      o.status ??= {replicas: 0}
      o.status.conditions = [...conds.filter((c) => c !== cur), {type: 'ReplicaFailure', status: 'True', lastTransitionTime: nowTime(), reason: 'FailedCreate', message}]
    }, {subresource: 'status'})
  }

  private updateStatus(owner: KObject, pods: KObject[]): void {
    const minReady = owner.spec?.minReadySeconds ?? 0
    const tmplLabels: Record<string, string> = owner.spec?.template?.metadata?.labels ?? {}
    let ready = 0
    let available = 0
    let fully = 0
    let wait = 0
    const counted = pods.filter((p) => !podIsTerminal(p) && !p.metadata.deletionTimestamp)
    for (const p of counted) {
      if (Object.entries(tmplLabels).every(([k, v]) => p.metadata.labels?.[k] === v)) fully++
      if (podIsReady(p)) ready++
      const a = podAvailability(p, minReady)
      if (a.available) available++
      else if (a.waitMs) wait = wait ? Math.min(wait, a.waitMs) : a.waitMs
    }
    if (wait) this.queue.addAfter(keyOf(owner), wait)
    // conditions are written by setFailure only; the cached copy may be older than that
    const {conditions: _conditions, ...prev} = owner.status ?? {}
    void _conditions
    const status = {
      ...prev,
      replicas: counted.length,
      fullyLabeledReplicas: fully,
      readyReplicas: ready,
      availableReplicas: available,
      observedGeneration: owner.metadata.generation ?? 1,
    }
    // kube omits zero counts (omitempty) except replicas
    for (const f of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'] as const) if (!status[f]) delete (status as any)[f]
    if (deepEqual(status, prev)) return
    const [ns, name] = splitKey(keyOf(owner))
    this.ctx.api.mutate(this.gvr, ns, name, (o) => {
      if (o.metadata.uid !== owner.metadata.uid) return false
      const next = {...clone(o.status ?? {}), ...clone(status)}
      for (const f of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']) if (!(status as any)[f]) delete next[f]
      if (deepEqual(next, o.status ?? {})) return false
      o.status = next
    }, {subresource: 'status'})
  }
}
