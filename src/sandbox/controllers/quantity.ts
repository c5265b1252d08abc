// Resource quantities ("100m", "128Mi", "1e3") as plain numbers, and pod resource requests as the scheduler sums them.
import type {KObject} from '../types.js'

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
}

// the scheduler parses the same few node capacities thousands of times per pod on big clusters
const cache = new Map<string, number>()

/** Parses a Kubernetes quantity; NaN when malformed. */
export function parseQuantity(q: string | number | undefined | null): number {
  if (q === undefined || q === null) return 0
  if (typeof q === 'number') return q
  let v = cache.get(q)
  if (v === undefined) {
    v = parse(q)
    if (cache.size > 10_000) cache.clear()
    cache.set(q, v)
  }
  return v
}

function parse(q: string): number {
  const m = /^([+-]?[0-9.]+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/.exec(q.trim())
  if (!m) return NaN
  const base = Number(m[1])
  if (m[2]) return base * 10 ** Number(m[2].slice(1))
  return base * SUFFIX[m[3] ?? '']
}

/** Requests of a pod: sum over containers, at least the largest init container, plus overhead. */
export function podRequests(pod: KObject): Record<string, number> {
  const out: Record<string, number> = {}
  const add = (into: Record<string, number>, res: any) => {
    const r = res?.requests ?? res?.limits ?? {}
    const src = res?.requests ? {...(res?.limits ?? {}), ...res.requests} : r
    for (const [k, v] of Object.entries(src)) into[k] = (into[k] ?? 0) + parseQuantity(v as string)
  }
  for (const c of pod.spec?.containers ?? []) add(out, c.resources)
  for (const c of pod.spec?.initContainers ?? []) {
    const one: Record<string, number> = {}
    add(one, c.resources)
    for (const [k, v] of Object.entries(one)) if (v > (out[k] ?? 0)) out[k] = v
  }
  for (const [k, v] of Object.entries(pod.spec?.overhead ?? {})) out[k] = (out[k] ?? 0) + parseQuantity(v as string)
  return out
}
