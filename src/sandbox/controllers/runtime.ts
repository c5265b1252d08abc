// Shared controller machinery: informers (watch-fed caches with indexes), work queues with backoff, and the small
// helpers every controller needs (selectors, owner references, names, hashes, conditions).
import {randomInt} from 'node:crypto'
import type {GVR, KObject, OwnerReference, SandboxApi, WatchEvent} from '../types.js'
import {ApiError} from '../types.js'

/** Cache key of an object: namespace/name, or name for cluster-scoped objects. */
export function keyOf(obj: KObject): string {
  const ns = obj.metadata.namespace
  return ns ? `${ns}/${obj.metadata.name}` : String(obj.metadata.name)
}

/** Splits a cache key into namespace and name. */
export function splitKey(key: string): [string | undefined, string] {
  const i = key.indexOf('/')
  return i < 0 ? [undefined, key] : [key.slice(0, i), key.slice(i + 1)]
}

function rvNum(obj: KObject | undefined): number {
  const n = Number(obj?.metadata?.resourceVersion)
  return Number.isFinite(n) ? n : 0
}

type IndexFn = (obj: KObject) => string[]
type Handler = (ev: WatchEvent, old: KObject | undefined) => void

/** A watch-fed local cache of one resource type, with secondary indexes; shared by every controller. */
export class Informer {
  readonly items = new Map<string, KObject>()
  private readonly indexFns = new Map<string, IndexFn>()
  private readonly indexes = new Map<string, Map<string, Set<string>>>()
  private readonly handlers: Handler[] = []
  private unsubscribe?: () => void

  constructor(private readonly api: SandboxApi, readonly gvr: GVR) {}

  /** Adds a secondary index (before start). */
  addIndex(name: string, fn: IndexFn): this {
    if (this.indexFns.has(name)) return this
    this.indexFns.set(name, fn)
    this.indexes.set(name, new Map())
    return this
  }

  /** Registers a change handler, called after the cache has been updated. */
  onChange(h: Handler): void {
    this.handlers.push(h)
  }

  /** Subscribes first and then lists, so nothing in between is lost; stale events are dropped by resourceVersion. */
  start(): void {
    if (this.unsubscribe) return
    this.unsubscribe = this.api.watch(this.gvr, {}, (ev) => this.apply(ev))
    const {items} = this.api.list(this.gvr, {})
    for (const obj of items) {
      const cur = this.items.get(keyOf(obj))
      if (!cur || rvNum(obj) > rvNum(cur)) this.apply({type: 'ADDED', object: obj})
    }
  }

  stop(): void {
    this.unsubscribe?.()
    this.unsubscribe = undefined
  }

  private apply(ev: WatchEvent): void {
    if (ev.type === 'BOOKMARK' || ev.type === 'ERROR' || !ev.object?.metadata?.name) return
    const key = keyOf(ev.object)
    const old = this.items.get(key)
    if (ev.type === 'DELETED') {
      if (!old) return
      if (old.metadata.uid === ev.object.metadata.uid && rvNum(ev.object) && rvNum(ev.object) < rvNum(old)) return
      this.items.delete(key)
      this.unindex(key, old)
    } else {
      if (old && old.metadata.uid === ev.object.metadata.uid && rvNum(ev.object) <= rvNum(old)) return
      if (old) this.unindex(key, old)
      this.items.set(key, ev.object)
      this.index(key, ev.object)
    }
    for (const h of this.handlers) {
      try {
        h(ev, old)
      } catch {
        // a handler bug must not break the cache or the other handlers
      }
    }
  }

  private index(key: string, obj: KObject): void {
    for (const [name, fn] of this.indexFns) {
      const idx = this.indexes.get(name)!
      for (const v of fn(obj)) {
        let set = idx.get(v)
        if (!set) idx.set(v, (set = new Set()))
        set.add(key)
      }
    }
  }

  private unindex(key: string, obj: KObject): void {
    for (const [name, fn] of this.indexFns) {
      const idx = this.indexes.get(name)!
      for (const v of fn(obj)) {
        const set = idx.get(v)
        if (!set) continue
        set.delete(key)
        if (set.size === 0) idx.delete(v)
      }
    }
  }

  get(key: string): KObject | undefined {
    return this.items.get(key)
  }

  /** Objects whose index `name` contains `value`. */
  byIndex(name: string, value: string): KObject[] {
    const set = this.indexes.get(name)?.get(value)
    if (!set) return []
    const out: KObject[] = []
    for (const k of set) {
      const o = this.items.get(k)
      if (o) out.push(o)
    }
    return out
  }

  /** Objects in one namespace (requires the 'namespace' index, which every informer has). */
  inNamespace(ns: string): KObject[] {
    return this.byIndex('namespace', ns)
  }

  all(): KObject[] {
    return [...this.items.values()]
  }
}

/** Longest a queue works before letting the event loop serve requests (every write is a synchronous fsync). */
const SLICE_MS = 15

/** Most pods (or other children) one sync creates or deletes; the rest follow in later slices. */
export const BURST = 20

/** Keyed work queue: a key is processed at most once at a time, failures retry with per-key exponential backoff. */
export class WorkQueue {
  private readonly pending = new Set<string>()
  private readonly failures = new Map<string, number>()
  private readonly timers = new Map<string, {at: number; t: NodeJS.Timeout}>()
  private scheduled = false
  private stopped = false

  constructor(
    readonly name: string,
    private readonly reconcile: (key: string) => void,
    private readonly log: (line: string) => void,
    private readonly batch = 500,
  ) {}

  add(key: string): void {
    if (this.stopped) return
    this.pending.add(key)
    this.kick()
  }

  /** Re-examine key after ms (time-driven work: minReadySeconds, tolerationSeconds, cron); keeps the earliest. */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return
    if (ms <= 0) return this.add(key)
    const at = Date.now() + ms
    const cur = this.timers.get(key)
    if (cur && cur.at <= at) return
    if (cur) clearTimeout(cur.t)
    const t = setTimeout(() => {
      this.timers.delete(key)
      this.add(key)
    }, ms)
    t.unref?.()
    this.timers.set(key, {at, t})
  }

  forget(key: string): void {
    this.failures.delete(key)
  }

  stop(): void {
    this.stopped = true
    for (const {t} of this.timers.values()) clearTimeout(t)
    this.timers.clear()
    this.pending.clear()
  }

  private kick(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => this.drain())
  }

  private drain(): void {
    this.scheduled = false
    if (this.stopped) return
    let n = 0
    const start = performance.now()
    for (const key of this.pending) {
      // yield to I/O between slices so a big backlog (1000 nodes, many pods) never starves the HTTP server
      if (n++ >= this.batch || (n > 1 && performance.now() - start > SLICE_MS)) break
      this.pending.delete(key)
      try {
        this.reconcile(key)
        this.failures.delete(key)
      } catch (err) {
        const f = (this.failures.get(key) ?? 0) + 1
        this.failures.set(key, f)
        const conflict = err instanceof ApiError && (err.code === 409 || err.code === 404)
        if (!conflict || f > 3) this.log(`${this.name}: sync ${key} failed (attempt ${f}): ${(err as Error).message}`)
        this.addAfter(key, Math.min(5 * 2 ** (f - 1), 30_000))
      }
    }
    if (this.pending.size) this.kick()
  }
}

/** A label selector in its API form (metav1.LabelSelector) or a plain map (Service, ReplicationController). */
export type Selector = {matchLabels?: Record<string, string>; matchExpressions?: {key: string; operator: string; values?: string[]}[]}

/** Whether labels satisfy a metav1.LabelSelector; an empty selector matches everything, a missing one nothing. */
export function selectorMatches(sel: Selector | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false
  const l = labels ?? {}
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key)
    const vals = e.values ?? []
    switch (e.operator) {
      case 'In':
        if (!has || !vals.includes(l[e.key])) return false
        break
      case 'NotIn':
        if (has && vals.includes(l[e.key])) return false
        break
      case 'Exists':
        if (!has) return false
        break
      case 'DoesNotExist':
        if (has) return false
        break
      default:
        return false
    }
  }
  return true
}

/** Whether labels include every pair of a map selector; an empty map matches nothing (Service semantics). */
export function mapSelectorMatches(sel: Record<string, string> | undefined | null, labels: Record<string, string> | undefined): boolean {
  if (!sel || Object.keys(sel).length === 0) return false
  const l = labels ?? {}
  for (const [k, v] of Object.entries(sel)) if (l[k] !== v) return false
  return true
}

/** A selector as the string form kubectl shows (Scale status.selector). */
export function selectorString(sel: Selector | undefined): string {
  const parts: string[] = []
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) parts.push(`${k}=${v}`)
  for (const e of sel?.matchExpressions ?? []) {
    const op = e.operator
    if (op === 'Exists') parts.push(e.key)
    else if (op === 'DoesNotExist') parts.push(`!${e.key}`)
    else parts.push(`${e.key} ${op === 'In' ? 'in' : 'notin'} (${(e.values ?? []).join(',')})`)
  }
  return parts.join(',')
}

/** The controller owner reference of an object, if any. */
export function controllerRef(obj: KObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller)
}

/** An ownerReference pointing at owner, as controllers set it. */
export function ownerRefTo(owner: KObject) {
  return {apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true}
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789'

/** Five random characters from the apiserver's generateName alphabet. */
export function randomSuffix(n = 5): string {
  let s = ''
  for (let i = 0; i < n; i++) s += ALPHANUMS[randomInt(ALPHANUMS.length)]
  return s
}

/** Maps a string into the same safe alphabet, as pod-template-hash values look. */
export function safeEncode(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length]
  return out
}

/** 32-bit FNV-1a. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5
  const buf = Buffer.from(s, 'utf8')
  for (const b of buf) {
    h ^= b
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/** JSON with sorted keys, so equal templates hash equally whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null'
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  const keys = Object.keys(v as object).filter((k) => (v as any)[k] !== undefined).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as any)[k])}`).join(',')}}`
}

/** The hash kube-controller-manager puts in pod-template-hash / controller-revision-hash (same shape, own algorithm). */
export function computeHash(template: unknown, collisionCount?: number): string {
  let s = canonicalJson(template)
  if (collisionCount) s += `#${collisionCount}`
  return safeEncode(String(fnv32a(s)))
}

/** A deep copy for building new objects from cached ones (never mutate the cache). */
export function clone<T>(v: T): T {
  return structuredClone(v)
}

/** RFC 3339 seconds, as metav1.Time serialises. */
export function nowTime(d = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Succeeded or Failed: the pod will not run again. */
export function podIsTerminal(pod: KObject): boolean {
  const p = pod.status?.phase
  return p === 'Succeeded' || p === 'Failed'
}

/** A pod counts toward a controller when it is not finished and not being deleted. */
export function podIsActive(pod: KObject): boolean {
  return !podIsTerminal(pod) && !pod.metadata.deletionTimestamp
}

/** A pod's condition of one type, if present. */
export function podCondition(pod: KObject, type: string): any {
  return (pod.status?.conditions ?? []).find((c: any) => c.type === type)
}

/** Ready condition True. */
export function podIsReady(pod: KObject): boolean {
  return podCondition(pod, 'Ready')?.status === 'True'
}

/** Ready for at least minReadySeconds; also returns how long until it will be, for requeueing. */
export function podAvailability(pod: KObject, minReadySeconds: number, now = Date.now()): {available: boolean; waitMs: number} {
  const c = podCondition(pod, 'Ready')
  if (c?.status !== 'True' || pod.metadata.deletionTimestamp) return {available: false, waitMs: 0}
  if (!minReadySeconds) return {available: true, waitMs: 0}
  const since = c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0
  const ready = since + minReadySeconds * 1000
  return ready <= now ? {available: true, waitMs: 0} : {available: false, waitMs: ready - now + 10}
}

/** Sets or replaces a condition, keeping lastTransitionTime when the status did not change. Returns whether anything changed. */
export function setCondition(conds: any[], c: any, keepUpdateTime = false): boolean {
  const i = conds.findIndex((x) => x.type === c.type)
  const now = nowTime()
  if (i < 0) {
    conds.push({...c, lastTransitionTime: c.lastTransitionTime ?? now})
    return true
  }
  const old = conds[i]
  const same = old.status === c.status && old.reason === c.reason && old.message === c.message
  if (same) return false
  const next = {...old, ...c}
  next.lastTransitionTime = old.status === c.status ? old.lastTransitionTime : now
  if ('lastUpdateTime' in next && !keepUpdateTime) next.lastUpdateTime = now
  conds[i] = next
  return true
}

/** Resolves an IntOrString like maxSurge ("25%") against a total; roundUp as kube's GetScaledValueFromIntOrPercent. */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean, dflt: number | string): number {
  const x = v === undefined || v === null ? dflt : v
  if (typeof x === 'number') return x
  const m = /^(\d+)%$/.exec(x)
  if (m) {
    const f = (Number(m[1]) * total) / 100
    return roundUp ? Math.ceil(f) : Math.floor(f)
  }
  const n = Number(x)
  return Number.isFinite(n) ? n : 0
}

/** Compares two values structurally (status writes are skipped when nothing changed, so idle stays idle). */
export function deepEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

/** Create with a generated name; retries a few times on a name collision. */
export function createWithGeneratedName(api: SandboxApi, gvr: GVR, obj: KObject, prefix: string): KObject {
  for (let i = 0; ; i++) {
    const o = clone(obj)
    o.metadata.generateName = prefix
    o.metadata.name = `${prefix}${randomSuffix()}`
    try {
      return api.create(gvr, o)
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 409 && err.reason === 'AlreadyExists') || i >= 5) throw err
    }
  }
}

/** True for 404 NotFound. */
export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.code === 404
}

/** Deletes, treating an already-gone object as success. */
export function deleteIfExists(api: SandboxApi, gvr: GVR, ns: string | undefined, name: string, opts?: Parameters<SandboxApi['delete']>[3]): void {
  try {
    api.delete(gvr, ns, name, opts)
  } catch (err) {
    if (!isNotFound(err)) throw err
  }
}

/** Pod template → pod object (labels, annotations, spec), as controllers stamp pods out. */
export function podFromTemplate(template: any, owner: KObject, extraLabels: Record<string, string> = {}): KObject {
  const t = clone(template ?? {})
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace: owner.metadata.namespace,
      labels: {...(t.metadata?.labels ?? {}), ...extraLabels},
      ...(t.metadata?.annotations ? {annotations: t.metadata.annotations} : {}),
      ownerReferences: [ownerRefTo(owner)],
    },
    spec: t.spec ?? {},
  }
}

/**
 * Writes a controller has made but its informer has not yet reflected. Until they show up, the controller must not
 * act on counts (or it would create the same pods twice); after a timeout they are given up on, as in kube.
 */
export class Expectations {
  private readonly pending = new Map<string, {adds: Set<string>; dels: Set<string>; at: number}>()

  expectCreate(owner: string, key: string): void {
    this.entry(owner).adds.add(key)
  }

  expectDelete(owner: string, key: string): void {
    this.entry(owner).dels.add(key)
  }

  /** Clears what the informer now shows: created keys present, deleted keys gone or terminating. */
  satisfied(owner: string, inf: Informer): boolean {
    const e = this.pending.get(owner)
    if (!e) return true
    for (const k of e.adds) if (inf.get(k)) e.adds.delete(k)
    for (const k of e.dels) {
      const o = inf.get(k)
      if (!o || o.metadata.deletionTimestamp || podIsTerminal(o)) e.dels.delete(k)
    }
    if ((!e.adds.size && !e.dels.size) || Date.now() - e.at > 30_000) {
      this.pending.delete(owner)
      return true
    }
    return false
  }

  forget(owner: string): void {
    this.pending.delete(owner)
  }

  private entry(owner: string) {
    let e = this.pending.get(owner)
    if (!e) this.pending.set(owner, (e = {adds: new Set(), dels: new Set(), at: Date.now()}))
    e.at = Date.now()
    return e
  }
}

/** How long status-only pod changes wait, so one owner status write covers many pods (each write is an fsync). */
export const STATUS_BATCH_MS = 200

/** Enqueues an owner for a pod event: lifecycle changes at once, status progress (Running, Ready) batched. */
export function enqueueForPod(queue: WorkQueue, key: string, ev: WatchEvent, old: KObject | undefined): void {
  const p = ev.object
  const lifecycle = ev.type !== 'MODIFIED' || !old || !!p.metadata.deletionTimestamp !== !!old.metadata.deletionTimestamp ||
    podIsTerminal(p) !== podIsTerminal(old) || p.spec?.nodeName !== old.spec?.nodeName
  if (lifecycle) queue.add(key)
  else queue.addAfter(key, STATUS_BATCH_MS)
}

/** Enqueues the owner (by kind) of an object through its controller reference. */
export function ownerKey(obj: KObject, kind: string): string | undefined {
  const r = obj.metadata.ownerReferences?.find((x) => x.controller)
  if (!r || r.kind !== kind) return undefined
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${r.name}` : r.name
}
