// disruption-controller: PodDisruptionBudget status, which the API core's eviction check reads.
import type {KObject} from '../types.js'
import {GVRS} from '../types.js'
import type {Ctx} from './context.js'
import {WorkQueue, clone, enqueueForPod, deepEqual, keyOf, nowTime, podIsReady, podIsTerminal, scaledValue, selectorMatches, splitKey} from './runtime.js'

const DISRUPTION_TIMEOUT_MS = 2 * 60_000

/** Computes PDB status from the pods its selector matches (expected = matching, not-finished pods). */
export function pdbStatus(pdb: KObject, pods: KObject[], now = Date.now()): any {
  const sel = pdb.spec?.selector
  const empty = !sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)
  const matched = empty ? [] : pods.filter((p) => p.metadata.namespace === pdb.metadata.namespace && selectorMatches(sel, p.metadata.labels) && !podIsTerminal(p))
  const disrupted: Record<string, string> = {}
  for (const [name, at] of Object.entries((pdb.status?.disruptedPods ?? {}) as Record<string, string>)) {
    const pod = matched.find((p) => p.metadata.name === name)
    if (pod && !pod.metadata.deletionTimestamp && Date.parse(at) + DISRUPTION_TIMEOUT_MS > now) disrupted[name] = at
  }
  const expected = matched.length
  const healthy = matched.filter((p) => !p.metadata.deletionTimestamp && podIsReady(p) && !disrupted[p.metadata.name!]).length
  let desired: number
  if (pdb.spec?.maxUnavailable !== undefined && pdb.spec?.maxUnavailable !== null) {
    desired = Math.max(0, expected - scaledValue(pdb.spec.maxUnavailable, expected, true, 0))
  } else if (pdb.spec?.minAvailable !== undefined && pdb.spec?.minAvailable !== null) {
    desired = scaledValue(pdb.spec.minAvailable, expected, true, 0)
  } else desired = expected
  const allowed = Math.max(0, healthy - desired)
  const status: any = {
    observedGeneration: pdb.metadata.generation ?? 1,
    ...(Object.keys(disrupted).length ? {disruptedPods: disrupted} : {}),
    disruptionsAllowed: allowed,
    currentHealthy: healthy,
    desiredHealthy: desired,
    expectedPods: expected,
  }
  const prev = (pdb.status?.conditions ?? []).find((c: any) => c.type === 'DisruptionAllowed')
  const c = allowed > 0
    ? {type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: ''}
    : {type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: ''}
  status.conditions = [{...c, observedGeneration: status.observedGeneration, lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : nowTime(new Date(now))}]
  return status
}

/** Keeps every PodDisruptionBudget's status current. */
export class DisruptionController {
  readonly queue: WorkQueue

  constructor(private readonly ctx: Ctx) {
    this.queue = new WorkQueue('disruption-controller', (k) => this.sync(k), (l) => ctx.log(l))
    const pdbs = ctx.informer(GVRS.poddisruptionbudgets)
    pdbs.onChange((ev) => this.queue.add(keyOf(ev.object)))
    ctx.informer(GVRS.pods).onChange((ev, old) => {
      const ns = ev.object.metadata.namespace
      if (!ns) return
      if (old && ev.type === 'MODIFIED' && podIsReady(old) === podIsReady(ev.object) && old.metadata.deletionTimestamp === ev.object.metadata.deletionTimestamp &&
        podIsTerminal(old) === podIsTerminal(ev.object) && deepEqual(old.metadata.labels, ev.object.metadata.labels)) return
      // losing a healthy pod must shrink disruptionsAllowed before the next eviction is judged
      const lostHealth = !!old && podIsReady(old) && !podIsReady(ev.object)
      for (const p of pdbs.inNamespace(ns)) {
        if (selectorMatches(p.spec?.selector, ev.object.metadata.labels) || (old && selectorMatches(p.spec?.selector, old.metadata.labels))) {
          if (lostHealth) this.queue.add(keyOf(p))
          else enqueueForPod(this.queue, keyOf(p), ev, old)
        }
      }
    })
  }

  start(): void {
    for (const p of this.ctx.informer(GVRS.poddisruptionbudgets).all()) this.queue.add(keyOf(p))
  }

  stop(): void {
    this.queue.stop()
  }

  private sync(key: string): void {
    const pdb = this.ctx.informer(GVRS.poddisruptionbudgets).get(key)
    if (!pdb) return
    const [ns, name] = splitKey(key)
    const status = pdbStatus(pdb, this.ctx.informer(GVRS.pods).inNamespace(ns!))
    if (status.disruptedPods) {
      const first = Math.min(...Object.values(status.disruptedPods as Record<string, string>).map((t) => Date.parse(t)))
      this.queue.addAfter(key, first + DISRUPTION_TIMEOUT_MS - Date.now() + 10)
    }
    if (deepEqual(status, pdb.status ?? {})) return
    this.ctx.api.mutate(GVRS.poddisruptionbudgets, ns, name, (p) => {
      if (p.metadata.uid !== pdb.metadata.uid) return false
      // the eviction handler may have written in between: recompute from the live object
      const s = pdbStatus(p, this.ctx.informer(GVRS.pods).inNamespace(ns!))
      if (deepEqual(s, p.status ?? {})) return false
      p.status = clone(s)
    }, {subresource: 'status'})
  }
}
