// daemonset-controller: one pod per eligible node (node affinity pins it, the scheduler binds it), rolling updates
// by controller-revision-hash, and the status numbers kubectl shows.
import type {KObject} from '../types.js'
import {GVRS} from '../types.js'
import type {Ctx} from './context.js'
import {currentRevision, pruneRevisions} from './revisions.js'
import {
  BURST, WorkQueue, clone, enqueueForPod, createWithGeneratedName, deepEqual, deleteIfExists, keyOf, ownerKey, podAvailability, podFromTemplate,
  podIsReady, podIsTerminal, scaledValue, splitKey,
} from './runtime.js'
import {type Taint, nodeMatchesPod, tolerated} from './scheduler.js'

const COMPONENT = 'daemonset-controller'
const HASH = 'controller-revision-hash'

/** Tolerations every daemon pod gets (kube's AddOrUpdateDaemonPodTolerations). */
export function daemonTolerations(spec: any): any[] {
  const out = [...(spec?.tolerations ?? [])]
  const add = (key: string, effect: string) => {
    if (!out.some((t) => t.key === key && t.effect === effect && t.operator === 'Exists')) out.push({key, operator: 'Exists', effect})
  }
  add('node.kubernetes.io/not-ready', 'NoExecute')
  add('node.kubernetes.io/unreachable', 'NoExecute')
  add('node.kubernetes.io/disk-pressure', 'NoSchedule')
  add('node.kubernetes.io/memory-pressure', 'NoSchedule')
  add('node.kubernetes.io/pid-pressure', 'NoSchedule')
  add('node.kubernetes.io/unschedulable', 'NoSchedule')
  if (spec?.hostNetwork) add('node.kubernetes.io/network-unavailable', 'NoSchedule')
  return out
}

/** The pod a DaemonSet runs on one node: template, daemon tolerations, affinity pinned to the node by name. */
export function daemonPod(ds: KObject, nodeName: string, hash: string): KObject {
  const pod = podFromTemplate(ds.spec?.template, ds, {[HASH]: hash, 'pod-template-generation': String(ds.metadata.generation ?? 1)})
  pod.spec.tolerations = daemonTolerations(pod.spec)
  const affinity = clone(pod.spec.affinity ?? {})
  affinity.nodeAffinity = {
    ...(affinity.nodeAffinity ?? {}),
    requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: 'metadata.name', operator: 'In', values: [nodeName]}]}]},
  }
  pod.spec.affinity = affinity
  return pod
}

/** Whether a daemon pod should run on a node: selector/affinity match and every NoSchedule/NoExecute taint tolerated. */
export function shouldRunOn(ds: KObject, node: KObject): boolean {
  const probe: KObject = {apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: {...(ds.spec?.template?.spec ?? {}), tolerations: daemonTolerations(ds.spec?.template?.spec)}}
  if (!nodeMatchesPod(probe, node)) return false
  for (const t of (node.spec?.taints ?? []) as Taint[]) {
    if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerated(probe.spec.tolerations, t)) return false
  }
  return true
}

function podNode(p: KObject): string | undefined {
  if (p.spec?.nodeName) return p.spec.nodeName
  for (const t of p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0]
  }
  return undefined
}

/** The DaemonSet controller. */
export class DaemonSetController {
  readonly queue: WorkQueue

  constructor(private readonly ctx: Ctx) {
    this.queue = new WorkQueue(COMPONENT, (k) => this.sync(k), (l) => ctx.log(l))
    const dss = ctx.informer(GVRS.daemonsets)
    ctx.informer(GVRS.controllerrevisions)
    dss.onChange((ev) => this.queue.add(keyOf(ev.object)))
    ctx.informer(GVRS.pods).onChange((ev, old) => {
      const k = ownerKey(ev.object, 'DaemonSet') ?? (old ? ownerKey(old, 'DaemonSet') : undefined)
      if (k) enqueueForPod(this.queue, k, ev, old)
    })
    ctx.informer(GVRS.nodes).onChange((ev, old) => {
      if (ev.type === 'MODIFIED' && old && deepEqual(old.metadata.labels, ev.object.metadata.labels) && deepEqual(old.spec, ev.object.spec)) return
      for (const ds of dss.all()) this.queue.add(keyOf(ds))
    })
  }

  start(): void {
    for (const d of this.ctx.informer(GVRS.daemonsets).all()) this.queue.add(keyOf(d))
  }

  stop(): void {
    this.queue.stop()
  }

  private sync(key: string): void {
    const ds = this.ctx.informer(GVRS.daemonsets).get(key)
    if (!ds || ds.metadata.deletionTimestamp) return
    const [ns] = splitKey(key)
    const {revision, hash} = currentRevision(this.ctx, ds, HASH)
    const nodes = this.ctx.informer(GVRS.nodes).all().filter((n) => !n.metadata.deletionTimestamp)
    const pods = this.ctx.informer(GVRS.pods).byIndex('controller', ds.metadata.uid!).filter((p) => p.metadata.namespace === ns)
    const byNode = new Map<string, KObject[]>()
    for (const p of pods) {
      const n = podNode(p)
      if (!n) continue
      let l = byNode.get(n)
      if (!l) byNode.set(n, (l = []))
      l.push(p)
    }
    const minReady = ds.spec?.minReadySeconds ?? 0
    const eligible = new Set(nodes.filter((n) => shouldRunOn(ds, n)).map((n) => n.metadata.name!))
    const toDelete: KObject[] = []
    const toCreate: string[] = []
    for (const node of eligible) {
      const list = (byNode.get(node) ?? []).filter((p) => !p.metadata.deletionTimestamp)
      // failed daemon pods are replaced
      for (const p of list.filter((x) => x.status?.phase === 'Failed')) toDelete.push(p)
      const live = list.filter((p) => !podIsTerminal(p))
      if (!live.length) toCreate.push(node)
      else if (live.length > 1) {
        live.sort((a, b) => (Date.parse(a.metadata.creationTimestamp ?? '') || 0) - (Date.parse(b.metadata.creationTimestamp ?? '') || 0))
        toDelete.push(...live.slice(1))
      }
    }
    for (const [node, list] of byNode) if (!eligible.has(node)) toDelete.push(...list.filter((p) => !p.metadata.deletionTimestamp))
    // rolling update: replace old-revision pods while the number unavailable stays within maxUnavailable
    if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const maxUnavailable = Math.max(1, scaledValue(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable, eligible.size, true, 1))
      let unavailable = toCreate.length
      for (const node of eligible) {
        const live = (byNode.get(node) ?? []).filter((p) => !podIsTerminal(p))
        if (live.some((p) => p.metadata.deletionTimestamp || !podAvailability(p, minReady).available)) unavailable++
      }
      for (const node of eligible) {
        if (unavailable >= maxUnavailable) break
        const live = (byNode.get(node) ?? []).filter((p) => !podIsTerminal(p) && !p.metadata.deletionTimestamp)
        const old = live.find((p) => p.metadata.labels?.[HASH] !== hash)
        if (old && !toDelete.includes(old) && podAvailability(old, minReady).available) {
          toDelete.push(old)
          unavailable++
        }
      }
    }
    if (toDelete.length + toCreate.length > BURST) this.queue.add(key)
    toDelete.splice(BURST)
    toCreate.splice(Math.max(0, BURST - toDelete.length))
    for (const p of toDelete) {
      deleteIfExists(this.ctx.api, GVRS.pods, ns, p.metadata.name!)
      this.ctx.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, COMPONENT)
    }
    for (const node of toCreate) {
      const pod = createWithGeneratedName(this.ctx.api, GVRS.pods, daemonPod(ds, node, hash), `${ds.metadata.name}-`)
      this.ctx.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, COMPONENT)
    }
    pruneRevisions(this.ctx, ds, new Set([revision.metadata.name!]))
    this.updateStatus(ds, eligible, hash)
  }

  private updateStatus(ds: KObject, eligible: Set<string>, hash: string): void {
    const [ns, name] = splitKey(keyOf(ds))
    const pods = this.ctx.informer(GVRS.pods).byIndex('controller', ds.metadata.uid!).filter((p) => p.metadata.namespace === ns && !podIsTerminal(p) && !p.metadata.deletionTimestamp)
    const minReady = ds.spec?.minReadySeconds ?? 0
    let current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0, wait = 0
    const seen = new Set<string>()
    for (const p of pods) {
      const n = podNode(p)
      if (!n || !p.spec?.nodeName) continue
      if (!eligible.has(n)) {
        misscheduled++
        continue
      }
      if (seen.has(n)) continue
      seen.add(n)
      current++
      if (podIsReady(p)) ready++
      const a = podAvailability(p, minReady)
      if (a.available) available++
      else if (a.waitMs) wait = wait ? Math.min(wait, a.waitMs) : a.waitMs
      if (p.metadata.labels?.[HASH] === hash) updated++
    }
    if (wait) this.queue.addAfter(keyOf(ds), wait)
    const status: any = {
      ...clone(ds.status ?? {}),
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: eligible.size,
      numberReady: ready,
      observedGeneration: ds.metadata.generation ?? 1,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      numberUnavailable: eligible.size - available,
    }
    for (const f of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable']) if (!status[f]) delete status[f]
    if (deepEqual(status, ds.status ?? {})) return
    this.ctx.api.mutate(GVRS.daemonsets, ns, name, (x) => {
      if (x.metadata.uid !== ds.metadata.uid) return false
      x.status = status
    }, {subresource: 'status'})
  }
}
