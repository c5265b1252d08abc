// node-lifecycle-controller's NoSchedule pass (TaintNodesByCondition): a node's conditions and spec.unschedulable
// become NoSchedule taints, added (stamped with timeAdded) and removed as they change. This is why a cordoned node on a
// real cluster carries node.kubernetes.io/unschedulable:NoSchedule, and why the not-ready taint that admission puts on
// every new node goes once the node reports Ready.
import type {KObject} from '../types.js'
import {GVRS} from '../types.js'
import type {Ctx} from './context.js'
import {WorkQueue, isNotFound, nowTime} from './runtime.js'
import type {Taint} from './scheduler.js'

const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: {False: 'node.kubernetes.io/not-ready', Unknown: 'node.kubernetes.io/unreachable'},
  MemoryPressure: {True: 'node.kubernetes.io/memory-pressure'},
  DiskPressure: {True: 'node.kubernetes.io/disk-pressure'},
  NetworkUnavailable: {True: 'node.kubernetes.io/network-unavailable'},
  PIDPressure: {True: 'node.kubernetes.io/pid-pressure'},
}
const UNSCHEDULABLE = 'node.kubernetes.io/unschedulable'
const MANAGED = new Set([...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)), UNSCHEDULABLE])

/** The node's taints after the pass, or undefined when it changes nothing. */
export function noScheduleTaintingPass(node: KObject, now = nowTime()): Taint[] | undefined {
  const want = new Set<string>()
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status]
    if (key) want.add(key)
  }
  if (node.spec?.unschedulable) want.add(UNSCHEDULABLE)
  const taints: Taint[] = node.spec?.taints ?? []
  const managed = (t: Taint) => t.effect === 'NoSchedule' && MANAGED.has(t.key)
  const kept = taints.filter((t) => !managed(t) || want.has(t.key))
  const have = new Set(kept.filter(managed).map((t) => t.key))
  const added = [...want].filter((k) => !have.has(k)).map((key) => ({key, effect: 'NoSchedule', timeAdded: now}))
  if (added.length === 0 && kept.length === taints.length) return undefined
  return [...kept, ...added]
}

/** Runs the pass whenever a node's conditions, unschedulable flag or taints change. */
export class NodeLifecycleController {
  readonly queue: WorkQueue

  constructor(private readonly ctx: Ctx) {
    this.queue = new WorkQueue('node-lifecycle-controller', (k) => this.sync(k), (l) => ctx.log(l))
    ctx.informer(GVRS.nodes).onChange((ev) => {
      if (ev.type !== 'DELETED' && noScheduleTaintingPass(ev.object)) this.queue.add(ev.object.metadata.name!)
    })
  }

  start(): void {
    for (const n of this.ctx.informer(GVRS.nodes).all()) if (noScheduleTaintingPass(n)) this.queue.add(n.metadata.name!)
  }

  stop(): void {
    this.queue.stop()
  }

  private sync(name: string): void {
    try {
      this.ctx.api.mutate(GVRS.nodes, undefined, name, (n) => {
        const next = noScheduleTaintingPass(n)
        if (!next) return false
        n.spec ??= {}
        if (next.length) n.spec.taints = next
        else delete n.spec.taints
      })
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }
}
