// default-scheduler: binds pending pods to nodes (filters as kube-scheduler's default plugins, then scores by least
// allocated and fewest pods) and reports unschedulable pods in kube-scheduler's words.
import type {KObject} from '../types.js'
import {GVRS} from '../types.js'
import type {Ctx} from './context.js'
import {parseQuantity, podRequests} from './quantity.js'
import {WorkQueue, keyOf, nowTime, podIsTerminal, selectorMatches, splitKey} from './runtime.js'
import {PVS, SCS, checkPodVolumes, type VolumeCheck} from './storage.js'
import {claimIsBound, podClaimNames} from '../volumes.js'

/** A taint as found on Node spec.taints. */
export interface Taint {
  key: string
  value?: string
  effect: string
  timeAdded?: string
}

/** Whether one toleration tolerates one taint (core/v1 Toleration.ToleratesTaint). */
export function toleratesTaint(t: any, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false
  if (t.key && t.key !== taint.key) return false
  if (t.operator === 'Exists') return true
  if (!t.key) return false
  return (t.value ?? '') === (taint.value ?? '')
}

/** Whether any toleration tolerates the taint. */
export function tolerated(tolerations: any[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint))
}

function matchRequirement(e: any, value: string | undefined): boolean {
  const vals: string[] = e.values ?? []
  switch (e.operator) {
    case 'In':
      return value !== undefined && vals.includes(value)
    case 'NotIn':
      return value === undefined || !vals.includes(value)
    case 'Exists':
      return value !== undefined
    case 'DoesNotExist':
      return value === undefined
    case 'Gt':
    case 'Lt': {
      if (value === undefined || vals.length !== 1) return false
      const a = Number.parseInt(value, 10)
      const b = Number.parseInt(vals[0], 10)
      if (!Number.isFinite(a) || !Number.isFinite(b)) return false
      return e.operator === 'Gt' ? a > b : a < b
    }
    default:
      return false
  }
}

/** A NodeSelectorTerm: all matchExpressions (labels) and matchFields (metadata.name) hold; an empty term matches nothing. */
export function nodeSelectorTermMatches(term: any, node: KObject): boolean {
  const exprs = term?.matchExpressions ?? []
  const fields = term?.matchFields ?? []
  if (!exprs.length && !fields.length) return false
  const labels = node.metadata.labels ?? {}
  for (const e of exprs) if (!matchRequirement(e, Object.prototype.hasOwnProperty.call(labels, e.key) ? labels[e.key] : undefined)) return false
  for (const f of fields) if (!matchRequirement(f, f.key === 'metadata.name' ? node.metadata.name : undefined)) return false
  return true
}

/** nodeSelector plus required node affinity (terms are ORed). */
export function nodeMatchesPod(pod: KObject, node: KObject): boolean {
  const labels = node.metadata.labels ?? {}
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false
  const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
  if (req) {
    const terms: any[] = req.nodeSelectorTerms ?? []
    if (!terms.some((t) => nodeSelectorTermMatches(t, node))) return false
  }
  return true
}

/** Default requests used only for scoring best-effort pods, as kube-scheduler does (100m CPU, 200Mi). */
const NON_ZERO_CPU = 0.1
const NON_ZERO_MEM = 200 * 2 ** 20

/** What is already committed on a node. */
export interface NodeUsage {
  requests: Record<string, number>
  scoreCpu: number
  scoreMem: number
  pods: number
  /** protocol/hostIP/hostPort in use */
  hostPorts: Set<string>
}

function hostPortsOf(pod: KObject): {protocol: string; ip: string; port: number}[] {
  const out: {protocol: string; ip: string; port: number}[] = []
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    for (const p of c.ports ?? []) if (p.hostPort) out.push({protocol: p.protocol ?? 'TCP', ip: p.hostIP || '0.0.0.0', port: p.hostPort})
  }
  return out
}

function hostPortConflict(pod: KObject, used: Set<string>): boolean {
  for (const {protocol, ip, port} of hostPortsOf(pod)) {
    if (used.has(`${protocol}/${ip}/${port}`)) return true
    // a wildcard address conflicts with every address on the same port, and the other way round
    if (ip === '0.0.0.0') {
      for (const u of used) if (u.startsWith(`${protocol}/`) && u.endsWith(`/${port}`)) return true
    } else if (used.has(`${protocol}/0.0.0.0/${port}`)) return true
  }
  return false
}

/** Adds a pod to a usage record. */
export function addUsage(u: NodeUsage, pod: KObject): void {
  const r = podRequests(pod)
  for (const [k, v] of Object.entries(r)) u.requests[k] = (u.requests[k] ?? 0) + v
  u.scoreCpu += r.cpu || NON_ZERO_CPU
  u.scoreMem += r.memory || NON_ZERO_MEM
  u.pods++
  for (const {protocol, ip, port} of hostPortsOf(pod)) u.hostPorts.add(`${protocol}/${ip}/${port}`)
}

/** Empty usage. */
export function emptyUsage(): NodeUsage {
  return {requests: {}, scoreCpu: 0, scoreMem: 0, pods: 0, hostPorts: new Set()}
}

/**
 * Why a node cannot take a pod, in the order of kube-scheduler's filter plugins (NodeUnschedulable, TaintToleration,
 * NodeAffinity, NodeResourcesFit); empty when it fits. The first failing plugin wins, except that NodeResourcesFit
 * reports every insufficient resource.
 */
export function filterNode(pod: KObject, node: KObject, usage: NodeUsage): string[] {
  const tolerations = pod.spec?.tolerations
  if (node.spec?.unschedulable && !tolerated(tolerations, {key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule'})) {
    return ['node(s) were unschedulable']
  }
  for (const taint of (node.spec?.taints ?? []) as Taint[]) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue
    if (!tolerated(tolerations, taint)) return [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`]
  }
  if (!nodeMatchesPod(pod, node)) return ["node(s) didn't match Pod's node affinity/selector"]
  if (hostPortConflict(pod, usage.hostPorts)) return ["node(s) didn't have free ports for the requested pod ports"]
  const alloc = node.status?.allocatable ?? node.status?.capacity ?? {}
  const out: string[] = []
  const maxPods = alloc.pods !== undefined ? parseQuantity(alloc.pods) : 110
  if (usage.pods + 1 > maxPods) out.push('Too many pods')
  const req = podRequests(pod)
  for (const [k, v] of Object.entries(req)) {
    if (!v) continue
    const cap = alloc[k] !== undefined ? parseQuantity(alloc[k]) : 0
    if ((usage.requests[k] ?? 0) + v > cap) out.push(`Insufficient ${k}`)
  }
  return out
}

/** Reasons that evicting other pods could not cure (kube: UnschedulableAndUnresolvable). */
const RESOLVABLE = new Set([
  'Too many pods',
  "node(s) didn't have free ports for the requested pod ports",
  "node(s) didn't match pod anti-affinity rules",
  "node(s) didn't satisfy existing pods anti-affinity rules",
  "node(s) didn't match pod topology spread constraints",
])
function unresolvable(reason: string): boolean {
  return !reason.startsWith('Insufficient') && !RESOLVABLE.has(reason)
}

/** kube-scheduler's FitError message for a failed attempt. */
export function fitErrorMessage(total: number, perNode: string[][]): string {
  if (total === 0) return 'no nodes available to schedule pods'
  const counts = new Map<string, number>()
  let helpless = 0
  let victims = 0
  for (const reasons of perNode) {
    for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1)
    if (reasons.some(unresolvable)) helpless++
    else victims++
  }
  const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort()
  const pre: string[] = []
  if (helpless) pre.push(`${helpless} Preemption is not helpful for scheduling`)
  if (victims) pre.push(`${victims} No preemption victims found for incoming pod`)
  pre.sort()
  return `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${pre.join(', ')}.`
}

/** Lower is better: untolerated PreferNoSchedule taints, then least allocated, then fewest pods. */
export function scoreNode(pod: KObject, node: KObject, usage: NodeUsage): number[] {
  const prefer = ((node.spec?.taints ?? []) as Taint[]).filter((t) => t.effect === 'PreferNoSchedule' && !tolerated(pod.spec?.tolerations, t)).length
  let preferred = 0
  for (const p of pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
    if (nodeSelectorTermMatches(p.preference, node)) preferred += Number(p.weight ?? 0)
  }
  const alloc = node.status?.allocatable ?? node.status?.capacity ?? {}
  const cpuCap = parseQuantity(alloc.cpu ?? '0') || 1
  const memCap = parseQuantity(alloc.memory ?? '0') || 1
  const r = podRequests(pod)
  const cpu = (usage.scoreCpu + (r.cpu || NON_ZERO_CPU)) / cpuCap
  const mem = (usage.scoreMem + (r.memory || NON_ZERO_MEM)) / memCap
  // quantise so that tiny differences in capacity don't beat the pod-count tie-break
  const allocated = Math.round(((cpu + mem) / 2) * 1000)
  return [prefer, -preferred, allocated, usage.pods]
}

function compareScore(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return 0
}

/** Picks a node for the pod, or explains why none fits. */
export function pickNode(pod: KObject, nodes: KObject[], usageOf: (name: string) => NodeUsage, interPod?: InterPod): {node?: KObject; message?: string} {
  const failures: string[][] = []
  let best: KObject | undefined
  let bestScore: number[] | undefined
  let ties = 0
  for (const node of nodes) {
    if (node.metadata.deletionTimestamp) continue
    const usage = usageOf(node.metadata.name!)
    let why = filterNode(pod, node, usage)
    if (!why.length && interPod) {
      const r = interPod.filter(node)
      if (r) why = [r]
    }
    if (why.length) {
      failures.push(why)
      continue
    }
    const score = scoreNode(pod, node, usage)
    if (interPod) score.splice(2, 0, interPod.spreadScore(node))
    const c = bestScore ? compareScore(score, bestScore) : -1
    if (c < 0) {
      best = node
      bestScore = score
      ties = 1
    } else if (c === 0) {
      // reservoir sampling among equal scores, as kube-scheduler picks randomly among the best
      ties++
      if (Math.random() * ties < 1) best = node
    }
  }
  if (best) return {node: best}
  return {message: fitErrorMessage(failures.length, failures)}
}

/** Filters and scores that depend on other pods: inter-pod (anti-)affinity and topology spread constraints. */
export interface InterPod {
  filter(node: KObject): string | undefined
  /** Lower is better: matching pods already in the node's domains of ScheduleAnyway constraints. */
  spreadScore(node: KObject): number
}

function termNamespaces(term: any, pod: KObject): string[] | undefined {
  // a namespaceSelector (even an empty one) widens the term; all namespaces is close enough for a sandbox
  if (term.namespaceSelector) return undefined
  return term.namespaces?.length ? term.namespaces : [pod.metadata.namespace ?? 'default']
}

function termMatches(term: any, owner: KObject, other: KObject): boolean {
  const nss = termNamespaces(term, owner)
  if (nss && !nss.includes(other.metadata.namespace ?? 'default')) return false
  return selectorMatches(term.labelSelector ?? undefined, other.metadata.labels)
}

/** Whether a pod needs the inter-pod view (most don't, and it costs a pass over all pods). */
export function needsInterPod(pod: KObject): boolean {
  const a = pod.spec?.affinity
  return !!(a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length || a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ||
    pod.spec?.topologySpreadConstraints?.length)
}

/** Builds the inter-pod view for one scheduling attempt from the bound, unfinished pods. */
export function interPodView(pod: KObject, nodes: KObject[], pods: KObject[], hasExistingAntiAffinity = true): InterPod {
  const byName = new Map(nodes.map((n) => [n.metadata.name!, n]))
  const bound = pods.filter((p) => p.spec?.nodeName && !podIsTerminal(p) && !p.metadata.deletionTimestamp && p.metadata.uid !== pod.metadata.uid)
  const labelOf = (nodeName: string, key: string): string | undefined => byName.get(nodeName)?.metadata.labels?.[key]
  const domainsOf = (term: any, owner: KObject, candidates: KObject[]): Set<string> => {
    const set = new Set<string>()
    for (const p of candidates) {
      if (!termMatches(term, owner, p)) continue
      const v = labelOf(p.spec.nodeName, term.topologyKey)
      if (v !== undefined) set.add(v)
    }
    return set
  }
  const affinity = (pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t: any) => ({t, d: domainsOf(t, pod, bound)}))
  const anti = (pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t: any) => ({t, d: domainsOf(t, pod, bound)}))
  // existing pods whose required anti-affinity selects the incoming pod keep it out of their domains
  const existingAnti: {key: string; value: string}[] = []
  if (hasExistingAntiAffinity) {
    for (const p of bound) {
      for (const t of p.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
        if (!termMatches(t, p, pod)) continue
        const v = labelOf(p.spec.nodeName, t.topologyKey)
        if (v !== undefined) existingAnti.push({key: t.topologyKey, value: v})
      }
    }
  }
  // topology spread: matching pods per domain, over nodes the pod could go to by node affinity
  const spread = (pod.spec?.topologySpreadConstraints ?? []).map((c: any) => {
    const counts = new Map<string, number>()
    for (const n of nodes) {
      const v = n.metadata.labels?.[c.topologyKey]
      if (v !== undefined && (c.nodeAffinityPolicy === 'Ignore' || nodeMatchesPod(pod, n))) counts.set(v, counts.get(v) ?? 0)
    }
    for (const p of bound) {
      if (p.metadata.namespace !== pod.metadata.namespace || !selectorMatches(c.labelSelector ?? undefined, p.metadata.labels)) continue
      const v = labelOf(p.spec.nodeName, c.topologyKey)
      if (v !== undefined && counts.has(v)) counts.set(v, counts.get(v)! + 1)
    }
    const min = counts.size ? Math.min(...counts.values()) : 0
    const self = selectorMatches(c.labelSelector ?? undefined, pod.metadata.labels) ? 1 : 0
    return {c, counts, min, self}
  })
  return {
    filter(node) {
      const labels = node.metadata.labels ?? {}
      for (const s of spread) {
        if (s.c.whenUnsatisfiable === 'ScheduleAnyway') continue
        const v = labels[s.c.topologyKey]
        if (v === undefined) return "node(s) didn't match pod topology spread constraints (missing required label)"
        if ((s.counts.get(v) ?? 0) + s.self - s.min > (s.c.maxSkew ?? 1)) return "node(s) didn't match pod topology spread constraints"
      }
      for (const {t, d} of affinity) {
        const v = labels[t.topologyKey]
        // the first pod of a group that selects itself may go anywhere
        const selfStart = d.size === 0 && affinity.every((a: any) => a.d.size === 0) && termMatches(t, pod, pod)
        if (!selfStart && (v === undefined || !d.has(v))) return "node(s) didn't match pod affinity rules"
      }
      for (const {t, d} of anti) {
        const v = labels[t.topologyKey]
        if (v !== undefined && d.has(v)) return "node(s) didn't match pod anti-affinity rules"
      }
      for (const e of existingAnti) if (labels[e.key] === e.value) return "node(s) didn't satisfy existing pods anti-affinity rules"
      return undefined
    },
    spreadScore(node) {
      let n = 0
      for (const s of spread) {
        if (s.c.whenUnsatisfiable !== 'ScheduleAnyway') continue
        const v = node.metadata.labels?.[s.c.topologyKey]
        n += v === undefined ? 1000 : s.counts.get(v) ?? 0
      }
      return n
    },
  }
}

/** Whether this scheduler is responsible for a pod right now. */
export function needsScheduling(pod: KObject): boolean {
  if (pod.spec?.nodeName || pod.metadata.deletionTimestamp || podIsTerminal(pod)) return false
  const name = pod.spec?.schedulerName
  if (name && name !== 'default-scheduler') return false
  if ((pod.spec?.schedulingGates ?? []).length) return false
  return true
}

/** Fields of a Node that change where pods fit; heartbeats alone don't retrigger scheduling. */
function nodeFingerprint(n: KObject | undefined): string {
  if (!n) return ''
  const ready = (n.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status
  return JSON.stringify([n.metadata.labels, n.spec?.taints, n.spec?.unschedulable, n.status?.allocatable, ready, !!n.metadata.deletionTimestamp])
}

/** The scheduler: a queue of pending pods, node usage kept from the pod informer plus in-flight bindings. */
export class Scheduler {
  readonly queue: WorkQueue
  private readonly assumed = new Map<string, {node: string; uid: string; pod: KObject}>()
  private readonly unschedulable = new Map<string, {message: string; at: number}>()
  private retryTimer?: NodeJS.Timeout
  /** Bound pods with required anti-affinity: while there are none, plain pods skip the inter-pod pass. */
  private antiAffinityPods = 0
  private readonly antiKeys = new Set<string>()
  /** Pods whose WaitForFirstConsumer claims are being provisioned for the node chosen (kube's PreBind wait). */
  private readonly volumeWait = new Map<string, {node: string; uid: string}>()

  constructor(private readonly ctx: Ctx) {
    this.queue = new WorkQueue('scheduler', (k) => this.sync(k), (l) => ctx.log(l))
    const pods = ctx.informer(GVRS.pods)
    const nodes = ctx.informer(GVRS.nodes)
    pods.onChange((ev, old) => {
      const pod = ev.object
      const key = keyOf(pod)
      const hasAnti = ev.type !== 'DELETED' && !!pod.spec?.nodeName && !!pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length && !podIsTerminal(pod)
      if (hasAnti) this.antiKeys.add(key)
      else this.antiKeys.delete(key)
      this.antiAffinityPods = this.antiKeys.size
      const a = this.assumed.get(key)
      if (a && (ev.type === 'DELETED' || pod.spec?.nodeName || a.uid !== pod.metadata.uid)) this.assumed.delete(key)
      if (ev.type === 'DELETED') {
        this.unschedulable.delete(key)
        if (pod.spec?.nodeName) this.retryUnschedulable()
        return
      }
      if (needsScheduling(pod)) this.queue.add(key)
      else this.unschedulable.delete(key)
      // resources freed on a node: pods waiting for room may fit now
      if (old?.spec?.nodeName && !podIsTerminal(old) && podIsTerminal(pod)) this.retryUnschedulable()
      // a newly bound pod can satisfy another's pod affinity or change its spread
      else if (pod.spec?.nodeName && !old?.spec?.nodeName) {
        for (const k of this.unschedulable.keys()) {
          const p = pods.get(k)
          if (p && needsInterPod(p)) this.queue.add(k)
        }
      }
    })
    nodes.onChange((ev, old) => {
      if (ev.type === 'DELETED' || nodeFingerprint(old) !== nodeFingerprint(ev.object)) this.retryUnschedulable()
    })
    // claims and volumes appearing or binding can make waiting pods schedulable
    if (ctx.serves(GVRS.persistentvolumeclaims)) {
      ctx.informer(GVRS.persistentvolumeclaims).onChange(() => {
        this.retryUnschedulable()
        for (const k of this.volumeWait.keys()) this.queue.add(k)
      })
      ctx.informer(PVS).onChange(() => this.retryUnschedulable())
    }
  }

  start(): void {
    for (const pod of this.ctx.informer(GVRS.pods).all()) if (needsScheduling(pod)) this.queue.add(keyOf(pod))
    // kube-scheduler flushes unschedulable pods at least every 5 minutes even without cluster events
    this.retryTimer = setInterval(() => this.retryUnschedulable(), 5 * 60_000)
    this.retryTimer.unref?.()
  }

  stop(): void {
    this.queue.stop()
    if (this.retryTimer) clearInterval(this.retryTimer)
  }

  private retryUnschedulable(): void {
    for (const k of this.unschedulable.keys()) this.queue.add(k)
  }

  /** Usage of one node: bound, unfinished pods plus bindings not yet seen by the informer. */
  usageOf(name: string): NodeUsage {
    const u = emptyUsage()
    for (const p of this.ctx.informer(GVRS.pods).byIndex('node', name)) if (!podIsTerminal(p)) addUsage(u, p)
    for (const a of this.assumed.values()) if (a.node === name) addUsage(u, a.pod)
    return u
  }

  private sync(key: string): void {
    const pod = this.ctx.informer(GVRS.pods).get(key)
    if (!pod || !needsScheduling(pod)) {
      this.volumeWait.delete(key)
      return
    }
    const waiting = this.volumeWait.get(key)
    if (waiting) {
      if (waiting.uid === pod.metadata.uid) {
        if (!this.claimsBound(pod)) return
        this.volumeWait.delete(key)
        this.assumed.delete(key)
        const node = this.ctx.informer(GVRS.nodes).get(waiting.node)
        if (node) return this.bind(pod, node)
      }
      this.volumeWait.delete(key)
      this.assumed.delete(key)
    }
    if (this.assumed.has(key)) return
    const nodes = this.ctx.informer(GVRS.nodes).all()
    const volumes = this.volumeCheck(pod)
    if (volumes?.preFilter) {
      const n = nodes.length
      return this.markUnschedulable(pod, n === 0 ? fitErrorMessage(0, []) : `0/${n} nodes are available: ${volumes.preFilter}. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`)
    }
    const usage = new Map<string, NodeUsage>()
    const usageOf = (n: string) => {
      let u = usage.get(n)
      if (!u) usage.set(n, (u = this.usageOf(n)))
      return u
    }
    // per-node usage from the pod index is O(pods on node); precompute in one pass when the cluster is large
    if (nodes.length > 50) this.precompute(usage)
    const podsInf = this.ctx.informer(GVRS.pods)
    let interPod = needsInterPod(pod) || this.antiAffinityPods > 0 ? interPodView(pod, nodes, podsInf.all(), this.antiAffinityPods > 0) : undefined
    if (volumes) {
      // VolumeBinding filters before the inter-pod plugins, as in kube-scheduler's default plugin order
      const inner = interPod
      interPod = {filter: (n) => volumes.filter(n) ?? inner?.filter(n), spreadScore: (n) => inner?.spreadScore(n) ?? 0}
    }
    const {node, message} = pickNode(pod, nodes, usageOf, interPod)
    if (node && volumes?.delayed.length) return this.waitForVolumes(pod, node, volumes)
    if (node) return this.bind(pod, node)
    this.markUnschedulable(pod, message!)
  }

  /** VolumeBinding's view of the pod; undefined when it mounts no claims. */
  private volumeCheck(pod: KObject): VolumeCheck | undefined {
    if (!podClaimNames(pod).length || !this.ctx.serves(GVRS.persistentvolumeclaims)) return undefined
    const claims = this.ctx.informer(GVRS.persistentvolumeclaims)
    const pvs = this.ctx.informer(PVS)
    const scs = this.ctx.informer(SCS)
    return checkPodVolumes(pod, (ns, n) => claims.get(`${ns}/${n}`), (n) => pvs.get(n), (n) => (n ? scs.get(n) : undefined))
  }

  private claimsBound(pod: KObject): boolean {
    const claims = this.ctx.informer(GVRS.persistentvolumeclaims)
    return podClaimNames(pod).every((n) => claimIsBound(claims.get(`${pod.metadata.namespace}/${n}`)))
  }

  /** Reserves the node and asks for the delayed claims to be provisioned there; the pod binds once they are Bound. */
  private waitForVolumes(pod: KObject, node: KObject, volumes: VolumeCheck): void {
    const key = keyOf(pod)
    const nodeName = node.metadata.name!
    this.assumed.set(key, {node: nodeName, uid: pod.metadata.uid!, pod})
    this.volumeWait.set(key, {node: nodeName, uid: pod.metadata.uid!})
    for (const claim of volumes.delayed) {
      this.ctx.api.mutate(GVRS.persistentvolumeclaims, claim.metadata.namespace, claim.metadata.name!, (c) => {
        if (c.metadata.uid !== claim.metadata.uid || c.spec?.volumeName) return false
        const ann = c.metadata.annotations ?? {}
        if (ann['volume.kubernetes.io/selected-node'] === nodeName) return false
        c.metadata.annotations = {...ann, 'volume.kubernetes.io/selected-node': nodeName}
      })
    }
    this.unschedulable.delete(key)
    if (this.claimsBound(pod)) this.queue.add(key)
  }

  private precompute(usage: Map<string, NodeUsage>): void {
    for (const p of this.ctx.informer(GVRS.pods).all()) {
      const n = p.spec?.nodeName
      if (!n || podIsTerminal(p)) continue
      let u = usage.get(n)
      if (!u) usage.set(n, (u = emptyUsage()))
      addUsage(u, p)
    }
    for (const a of this.assumed.values()) {
      let u = usage.get(a.node)
      if (!u) usage.set(a.node, (u = emptyUsage()))
      addUsage(u, a.pod)
    }
    // nodes with no pods still need an entry
  }

  private bind(pod: KObject, node: KObject): void {
    const [ns, name] = splitKey(keyOf(pod))
    const nodeName = node.metadata.name!
    this.assumed.set(keyOf(pod), {node: nodeName, uid: pod.metadata.uid!, pod})
    try {
      bindPod(this.ctx, ns!, name, pod.metadata.uid, nodeName)
    } catch (err) {
      this.assumed.delete(keyOf(pod))
      throw err
    }
    this.unschedulable.delete(keyOf(pod))
    this.ctx.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${nodeName}`, 'default-scheduler')
  }

  private markUnschedulable(pod: KObject, message: string): void {
    const key = keyOf(pod)
    const prev = this.unschedulable.get(key)
    this.unschedulable.set(key, {message, at: Date.now()})
    const [ns, name] = splitKey(key)
    this.ctx.api.mutate(GVRS.pods, ns, name, (p) => {
      if (p.metadata.uid !== pod.metadata.uid || p.spec?.nodeName) return false
      p.status ??= {}
      p.status.phase ??= 'Pending'
      const conds: any[] = (p.status.conditions ??= [])
      const c = conds.find((x) => x.type === 'PodScheduled')
      if (c && c.status === 'False' && c.reason === 'Unschedulable' && c.message === message) return false
      const next = {type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: c?.status === 'False' ? c.lastTransitionTime : nowTime(), reason: 'Unschedulable', message}
      if (c) Object.assign(c, next)
      else conds.push(next)
    }, {subresource: 'status'})
    // the same verdict is repeated at most once a minute; a new reason is reported at once
    if (!prev || prev.message !== message || Date.now() - prev.at > 60_000) {
      this.ctx.event(pod, 'Warning', 'FailedScheduling', message, 'default-scheduler')
    } else {
      this.unschedulable.set(key, prev)
    }
  }
}

/**
 * Binds a pod as POST pods/NAME/binding does: spec.nodeName set once, PodScheduled=True added. Uses the core's binding
 * subresource when it offers one through create, else a controller mutate.
 */
export function bindPod(ctx: Ctx, ns: string, name: string, uid: string | undefined, nodeName: string): void {
  const api = ctx.api as any
  const binding = {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: {name, namespace: ns, ...(uid ? {uid} : {})},
    target: {apiVersion: 'v1', kind: 'Node', name: nodeName},
  }
  if (typeof api.bind === 'function') {
    api.bind(ns, name, binding)
  } else {
    const res = ctx.api.mutate(GVRS.pods, ns, name, (p) => {
      if ((uid && p.metadata.uid !== uid) || p.spec?.nodeName || p.metadata.deletionTimestamp) return false
      p.spec.nodeName = nodeName
    })
    if (!res || res.spec?.nodeName !== nodeName) return
  }
  ctx.api.mutate(GVRS.pods, ns, name, (p) => {
    if (p.spec?.nodeName !== nodeName) return false
    p.status ??= {}
    const conds: any[] = (p.status.conditions ??= [])
    const c = conds.find((x) => x.type === 'PodScheduled')
    if (c?.status === 'True') return false
    const next = {type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowTime()}
    if (c) {
      delete c.reason
      delete c.message
      Object.assign(c, next)
    } else conds.push(next)
  }, {subresource: 'status'})
}
