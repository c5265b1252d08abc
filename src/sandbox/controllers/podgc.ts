// pod-garbage-collector: pods bound to a Node that no longer exists are deleted (kube's orphaned-pod GC).
import {GVRS} from '../types.js'
import type {Ctx} from './context.js'
import {WorkQueue, isNotFound, keyOf, nowTime, splitKey} from './runtime.js'

/** Deletes pods whose node was deleted, after marking them with the DisruptionTarget condition kube uses. */
export class PodGCController {
  readonly queue: WorkQueue

  constructor(private readonly ctx: Ctx) {
    this.queue = new WorkQueue('pod-garbage-collector', (k) => this.sync(k), (l) => ctx.log(l))
    ctx.informer(GVRS.nodes).onChange((ev) => {
      if (ev.type !== 'DELETED') return
      for (const p of ctx.informer(GVRS.pods).byIndex('node', ev.object.metadata.name!)) this.queue.add(keyOf(p))
    })
  }

  start(): void {
    const nodes = this.ctx.informer(GVRS.nodes)
    for (const p of this.ctx.informer(GVRS.pods).all()) if (p.spec?.nodeName && !nodes.get(p.spec.nodeName)) this.queue.add(keyOf(p))
  }

  stop(): void {
    this.queue.stop()
  }

  private sync(key: string): void {
    const pod = this.ctx.informer(GVRS.pods).get(key)
    if (!pod?.spec?.nodeName || this.ctx.informer(GVRS.nodes).get(pod.spec.nodeName)) return
    const [ns, name] = splitKey(key)
    this.ctx.api.mutate(GVRS.pods, ns, name, (p) => {
      if (p.metadata.uid !== pod.metadata.uid) return false
      p.status ??= {}
      const conds: any[] = (p.status.conditions ??= [])
      if (conds.some((c) => c.type === 'DisruptionTarget')) return false
      conds.push({type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: nowTime(), reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists'})
    }, {subresource: 'status'})
    try {
      this.ctx.api.delete(GVRS.pods, ns, name, {gracePeriodSeconds: 0, preconditions: {uid: pod.metadata.uid}})
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }
}
