// taint-eviction-controller: deletes pods bound to nodes with NoExecute taints they don't tolerate, after their
// tolerationSeconds when they set one.
import type {KObject} from '../types.js'
import {GVRS} from '../types.js'
import type {Ctx} from './context.js'
import {WorkQueue, isNotFound, keyOf, nowTime, podIsTerminal, splitKey} from './runtime.js'
import {type Taint, toleratesTaint} from './scheduler.js'

/** How long a pod may stay on a node: 0 = evict now, Infinity = never, else ms from the taint's timeAdded. */
export function evictionDelayMs(pod: KObject, taints: Taint[], now = Date.now()): number {
  let delay = Infinity
  for (const taint of taints) {
    if (taint.effect !== 'NoExecute') continue
    const tols = (pod.spec?.tolerations ?? []).filter((t: any) => toleratesTaint(t, taint))
    if (!tols.length) return 0
    // the shortest tolerationSeconds among matching tolerations counts; none set = tolerate forever
    if (tols.some((t: any) => t.tolerationSeconds === undefined || t.tolerationSeconds === null)) continue
    const secs = Math.min(...tols.map((t: any) => Math.max(0, Number(t.tolerationSeconds))))
    const added = taint.timeAdded ? Date.parse(taint.timeAdded) : now
    delay = Math.min(delay, Math.max(0, added + secs * 1000 - now))
  }
  return delay
}

/** Watches nodes and pods; a pod is re-examined when its node's taints change or when it lands on a node. */
export class TaintEvictionController {
  readonly queue: WorkQueue
  private readonly firstSeen = new Map<string, number>()

  constructor(private readonly ctx: Ctx) {
    this.queue = new WorkQueue('taint-eviction-controller', (k) => this.sync(k), (l) => ctx.log(l))
    ctx.informer(GVRS.nodes).onChange((ev, old) => {
      if (ev.type === 'DELETED') return
      const before = JSON.stringify((old?.spec?.taints ?? []).filter((t: Taint) => t.effect === 'NoExecute'))
      const now = (ev.object.spec?.taints ?? []).filter((t: Taint) => t.effect === 'NoExecute')
      if (before === JSON.stringify(now)) return
      for (const t of now as Taint[]) {
        const k = `${ev.object.metadata.name}\u0000${t.key}\u0000${t.value ?? ''}`
        if (!this.firstSeen.has(k)) this.firstSeen.set(k, Date.now())
      }
      for (const p of ctx.informer(GVRS.pods).byIndex('node', ev.object.metadata.name!)) this.queue.add(keyOf(p))
    })
    ctx.informer(GVRS.pods).onChange((ev, old) => {
      if (ev.type === 'DELETED' || !ev.object.spec?.nodeName) return
      if (old?.spec?.nodeName === ev.object.spec.nodeName && JSON.stringify(old?.spec?.tolerations) === JSON.stringify(ev.object.spec?.tolerations)) return
      this.queue.add(keyOf(ev.object))
    })
  }

  start(): void {
    for (const p of this.ctx.informer(GVRS.pods).all()) if (p.spec?.nodeName) this.queue.add(keyOf(p))
  }

  stop(): void {
    this.queue.stop()
  }

  private sync(key: string): void {
    const pod = this.ctx.informer(GVRS.pods).get(key)
    if (!pod || !pod.spec?.nodeName || pod.metadata.deletionTimestamp || podIsTerminal(pod)) return
    const node = this.ctx.informer(GVRS.nodes).get(pod.spec.nodeName)
    if (!node) return
    const taints: Taint[] = (node.spec?.taints ?? []).map((t: Taint) => ({
      ...t,
      // a taint without timeAdded counts from when this controller first saw it
      timeAdded: t.timeAdded ?? new Date(this.firstSeen.get(`${node.metadata.name}\u0000${t.key}\u0000${t.value ?? ''}`) ?? Date.now()).toISOString(),
    }))
    const delay = evictionDelayMs(pod, taints)
    if (delay === Infinity) return
    if (delay > 0) return this.queue.addAfter(key, delay)
    const [ns, name] = splitKey(key)
    this.ctx.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${name}`, 'taint-eviction-controller')
    this.ctx.api.mutate(GVRS.pods, ns, name, (p) => {
      if (p.metadata.uid !== pod.metadata.uid) return false
      p.status ??= {}
      const conds: any[] = (p.status.conditions ??= [])
      if (conds.some((c) => c.type === 'DisruptionTarget')) return false
      conds.push({type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: nowTime(), reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint'})
    }, {subresource: 'status'})
    try {
      this.ctx.api.delete(GVRS.pods, ns, name, {preconditions: {uid: pod.metadata.uid}})
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }
}
