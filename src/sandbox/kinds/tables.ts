// meta.k8s.io/v1 Tables as kube-apiserver builds them (pkg/printers/internalversion semantics): column
// definitions per kind and cells exactly as the real server fills them. The server always renders the wide
// (priority 1) cells; kubectl hides them without -o wide.
import type {KObject, ResourceInfo} from '../types.js'
import {builtinResources, crdFor} from './resources.js'
import {isObj, kindKey} from './util.js'

/** One Table column definition. */
export interface ColumnDefinition {
  name: string
  type: string
  format: string
  description: string
  priority: number
}

/** Options for toTable; now is for tests (ms since epoch). */
export interface TableOptions {
  includeObject?: 'None' | 'Metadata' | 'Object'
  now?: number
  /** For custom resources: the CRD, whose additionalPrinterColumns give the columns. */
  crd?: KObject
}

type Cell = string | number | boolean
type Printer = (obj: KObject, now: number) => Cell[]

interface KindTable {
  columns: ColumnDefinition[]
  row: Printer
  conditions?: (obj: KObject) => any[] | undefined
}

const NAME_DOC = 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names'
const CREATED_DOC = 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata'
const CONTAINERS_DOC = 'Names of each container in the template.'
const IMAGES_DOC = 'Images referenced by each container in the template.'

function col(name: string, type = 'string', description = '', priority = 0, format = ''): ColumnDefinition {
  return {name, type, format, description, priority}
}
const NAME = col('Name', 'string', NAME_DOC, 0, 'name')
const AGE = col('Age', 'string', CREATED_DOC)
const wide = (name: string, description = '', type = 'string'): ColumnDefinition => col(name, type, description, 1)

// ---- formatting helpers --------------------------------------------------------------------------------------

/** kube's duration.HumanDuration (what AGE cells show). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000)
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 120) return `${seconds}s`
  const minutes = Math.trunc(seconds / 60)
  if (minutes < 10) {
    const s = seconds % 60
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`
  }
  if (minutes < 180) return `${minutes}m`
  const hours = Math.trunc(seconds / 3600)
  if (hours < 8) {
    const m = minutes % 60
    return m === 0 ? `${hours}h` : `${hours}h${m}m`
  }
  if (hours < 48) return `${hours}h`
  if (hours < 24 * 8) {
    const h = hours % 24
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365
    return dy === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${dy}d`
  }
  return `${Math.trunc(hours / 24 / 365)}y`
}

// Rows of one table share `now`, and many share timestamps (objects created together): memoise per `now`.
let sinceNow = NaN
let sinceMemo = new Map<string, string>()

/** translateTimestampSince: `<unknown>` for a missing timestamp. */
export function since(ts: unknown, now: number): string {
  if (typeof ts !== 'string' || ts === '') return '<unknown>'
  if (now !== sinceNow) {
    sinceNow = now
    sinceMemo = new Map()
  }
  let out = sinceMemo.get(ts)
  if (out === undefined) {
    const t = parseTime(ts)
    out = t === 0 || t <= -62135596800000 ? '<unknown>' : humanDuration(now - t)
    if (sinceMemo.size < 8192) sinceMemo.set(ts, out)
  }
  return out
}

function age(obj: KObject, now: number): string {
  return since(obj.metadata?.creationTimestamp, now)
}

/** labels.FormatLabels: sorted k=v pairs, `<none>` when empty. */
export function formatLabels(m: unknown): string {
  if (!isObj(m)) return '<none>'
  const keys = Object.keys(m).sort()
  if (keys.length === 0) return '<none>'
  return keys.map(k => `${k}=${m[k]}`).join(',')
}

/** metav1.FormatLabelSelector: the selector string, `<none>` when nil or empty. */
export function selectorString(sel: unknown): string {
  if (!isObj(sel)) return '<none>'
  const reqs: {key: string; text: string}[] = []
  if (isObj(sel.matchLabels)) for (const [k, v] of Object.entries(sel.matchLabels)) reqs.push({key: k, text: `${k}=${v}`})
  for (const r of Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []) {
    const vals = [...(r?.values ?? [])].sort().join(',')
    switch (r?.operator) {
      case 'In': reqs.push({key: r.key, text: `${r.key} in (${vals})`}); break
      case 'NotIn': reqs.push({key: r.key, text: `${r.key} notin (${vals})`}); break
      case 'Exists': reqs.push({key: r.key, text: r.key}); break
      case 'DoesNotExist': reqs.push({key: r.key, text: `!${r.key}`}); break
    }
  }
  // The internal selector sorts requirements by key (stable).
  const s = reqs.map((r, i) => ({...r, i})).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i)).map(r => r.text).join(',')
  return s === '' ? '<none>' : s
}

function containerCells(containers: unknown): [string, string] {
  const list: any[] = Array.isArray(containers) ? containers : []
  return [list.map(c => c?.name ?? '').join(','), list.map(c => c?.image ?? '').join(',')]
}

function int(v: unknown): number {
  return typeof v === 'number' ? v : 0
}

function boolPtr(v: unknown): string {
  if (v === true) return 'True'
  if (v === false) return 'False'
  return '<unset>'
}

function accessModes(modes: unknown): string {
  const list: string[] = Array.isArray(modes) ? modes : []
  const short: Record<string, string> = {ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP'}
  const out: string[] = []
  for (const m of ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']) if (list.includes(m)) out.push(short[m]!)
  return out.join(',')
}

// ---- pods ----------------------------------------------------------------------------------------------------

const POD_SUCCEEDED = [{type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.'}]
const POD_FAILED = [{type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.'}]

function isRestartableInit(c: any): boolean {
  return c?.restartPolicy === 'Always'
}

function finishedAt(cs: any): number {
  const t = cs?.lastState?.terminated?.finishedAt
  return typeof t === 'string' ? parseTime(t) : 0
}

// RFC 3339 timestamps repeat a lot across rows (same second); a small cache keeps 10k-row tables cheap.
const timeCache = new Map<string, number>()
function parseTime(t: string): number {
  let v = timeCache.get(t)
  if (v === undefined) {
    v = Date.parse(t) || 0
    if (timeCache.size > 4096) timeCache.clear()
    timeCache.set(t, v)
  }
  return v
}

function hasCondition(conds: any[] | undefined, type: string): boolean {
  if (!conds) return false
  for (const c of conds) if (c?.type === type && c.status === 'True') return true
  return false
}

/** The pod row cells kube-apiserver prints: name, ready, status, restarts, age, ip, node, nominated node, gates. */
export function podCells(pod: KObject, now: number): Cell[] {
  const spec = pod.spec ?? {}
  const status = pod.status ?? {}
  const conditions: any[] | undefined = status.conditions
  let restarts = 0
  let restartableRestarts = 0
  let totalContainers = (spec.containers ?? []).length
  let ready = 0
  let lastRestart = 0
  let lastRestartableRestart = 0
  const phase: string = status.phase ?? ''
  let reason: string = status.reason || phase
  if (conditions) for (const c of conditions) if (c?.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated'

  const initSpecs: any[] | undefined = spec.initContainers
  let initializing = false
  if (initSpecs && initSpecs.length) {
    const inits = new Map<string, any>()
    for (const c of initSpecs) {
      inits.set(c?.name, c)
      if (isRestartableInit(c)) totalContainers++
    }
    const initStatuses: any[] = status.initContainerStatuses ?? []
    for (let i = 0; i < initStatuses.length; i++) {
      const cs = initStatuses[i]
      restarts += int(cs?.restartCount)
      lastRestart = Math.max(lastRestart, finishedAt(cs))
      const restartable = isRestartableInit(inits.get(cs?.name))
      if (restartable) {
        restartableRestarts += int(cs?.restartCount)
        lastRestartableRestart = Math.max(lastRestartableRestart, finishedAt(cs))
      }
      const term = cs?.state?.terminated
      const wait = cs?.state?.waiting
      if (term && int(term.exitCode) === 0) continue
      if (restartable && cs?.started === true) {
        if (cs.ready) ready++
        continue
      }
      if (term) {
        reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${int(term.exitCode)}`
      } else if (wait && wait.reason && wait.reason !== 'PodInitializing') {
        reason = `Init:${wait.reason}`
      } else {
        reason = `Init:${i}/${initSpecs.length}`
      }
      initializing = true
      break
    }
  }
  if (!initializing || hasCondition(conditions, 'Initialized')) {
    restarts = restartableRestarts
    lastRestart = lastRestartableRestart
    let hasRunning = false
    const statuses: any[] = status.containerStatuses ?? []
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]
      restarts += int(cs?.restartCount)
      const f = finishedAt(cs)
      if (f > lastRestart) lastRestart = f
      const state = cs?.state
      const wait = state?.waiting
      const term = state?.terminated
      if (wait && wait.reason) reason = wait.reason
      else if (term && term.reason) reason = term.reason
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${int(term.exitCode)}`
      else if (cs?.ready && state?.running) {
        hasRunning = true
        ready++
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasCondition(conditions, 'Ready') ? 'Running' : 'NotReady'
  }
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown'
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating'

  const restartsStr = restarts !== 0 && lastRestart > 0 ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts)

  const podIP = (status.podIPs?.[0]?.ip as string | undefined) || '<none>'
  let gates = '<none>'
  const rg: any[] | undefined = spec.readinessGates
  if (rg && rg.length) {
    let t = 0
    for (const g of rg) {
      const c = (conditions ?? []).find((x: any) => x?.type === g?.conditionType)
      if (c?.status === 'True') t++
    }
    gates = `${t}/${rg.length}`
  }
  return [pod.metadata.name ?? '', `${ready}/${totalContainers}`, reason, restartsStr, age(pod, now), podIP, spec.nodeName || '<none>', status.nominatedNodeName || '<none>', gates]
}

// ---- services / nodes / misc ---------------------------------------------------------------------------------

function serviceExternalIP(svc: KObject): string {
  const spec = svc.spec ?? {}
  const ext: string[] = spec.externalIPs ?? []
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length ? ext.join(',') : '<none>'
    case 'LoadBalancer': {
      // The server renders wide cells, so the 16-byte clipping kubectl's own printer does never applies here.
      const all = [...loadBalancerAddresses(svc.status?.loadBalancer), ...ext]
      return all.length === 0 ? '<pending>' : all.join(',')
    }
    case 'ExternalName':
      return spec.externalName ?? ''
    default:
      return '<unknown>'
  }
}

// Sorted, de-duplicated ingress IPs (or hostnames), as sets.NewString().List() yields them.
function loadBalancerAddresses(lb: any): string[] {
  const set = new Set<string>()
  for (const i of lb?.ingress ?? []) {
    if (i?.ip) set.add(i.ip)
    else if (i?.hostname) set.add(i.hostname)
  }
  return [...set].sort()
}

/** The PORT(S) cell: `80/TCP`, `80:31234/TCP`, `<none>`. */
export function servicePorts(ports: unknown): string {
  const list: any[] = Array.isArray(ports) ? ports : []
  if (list.length === 0) return '<none>'
  return list.map(p => (p?.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p?.port}/${p?.protocol ?? 'TCP'}`)).join(',')
}

function nodeRoles(node: KObject): string {
  const roles = new Set<string>()
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const r = k.slice('node-role.kubernetes.io/'.length)
      if (r) roles.add(r)
    } else if (k === 'kubernetes.io/role' && v) roles.add(v)
  }
  const list = [...roles].sort()
  return list.length ? list.join(',') : '<none>'
}

function nodeStatus(node: KObject): string {
  const out: string[] = []
  const ready = (node.status?.conditions ?? []).find((c: any) => c?.type === 'Ready')
  if (ready) out.push(ready.status === 'True' ? 'Ready' : 'NotReady')
  if (out.length === 0) out.push('Unknown')
  if (node.spec?.unschedulable) out.push('SchedulingDisabled')
  return out.join(',')
}

function nodeAddress(node: KObject, type: string): string {
  return (node.status?.addresses ?? []).find((a: any) => a?.type === type)?.address ?? '<none>'
}

function endpointsCell(ep: KObject): string {
  const subsets: any[] = ep.subsets ?? []
  if (subsets.length === 0) return '<none>'
  const list: string[] = []
  const max = 3
  let more = false
  let count = 0
  for (const ss of subsets) {
    const addrs: any[] = ss?.addresses ?? []
    const ports: any[] = ss?.ports ?? []
    if (ports.length === 0) {
      count += addrs.length
      for (const a of addrs) {
        if (list.length === max) {
          more = true
          break
        }
        list.push(a?.ip)
      }
      continue
    }
    for (const p of ports) {
      count += addrs.length
      for (const a of addrs) {
        if (list.length === max) {
          more = true
          break
        }
        const ip: string = a?.ip ?? ''
        list.push(ip.includes(':') ? `[${ip}]:${p?.port}` : `${ip}:${p?.port}`)
      }
    }
  }
  const s = list.join(',')
  return more ? `${s} + ${count - max} more...` : s
}

function eventSource(ev: KObject): string {
  const component = ev.source?.component || ev.reportingComponent || ev.reportingController || ''
  const host = ev.source?.host || ev.reportingInstance || ''
  return host ? `${component}, ${host}` : component
}

/** Event cells (core v1 and events.k8s.io v1 shapes). */
function eventCells(ev: KObject, now: number): Cell[] {
  const isNew = ev.apiVersion === 'events.k8s.io/v1'
  const first = isNew ? ev.deprecatedFirstTimestamp : ev.firstTimestamp
  const last = isNew ? ev.deprecatedLastTimestamp : ev.lastTimestamp
  const firstStr = first ? since(first, now) : since(ev.eventTime, now)
  let lastStr = last ? since(last, now) : firstStr
  let count: number = (isNew ? ev.deprecatedCount : ev.count) ?? 0
  if (isObj(ev.series)) {
    lastStr = since(ev.series.lastObservedTime, now)
    count = ev.series.count ?? 0
  } else if (count === 0) count = 1
  const regarding = isNew ? ev.regarding ?? {} : ev.involvedObject ?? {}
  const kind = String(regarding.kind ?? '').toLowerCase()
  const target = regarding.name ? `${kind}/${regarding.name}` : kind
  const message = String((isNew ? ev.note : ev.message) ?? '').trim()
  const source = isNew ? [ev.deprecatedSource?.component || ev.reportingController || '', ev.deprecatedSource?.host || ev.reportingInstance || ''].filter(Boolean).join(', ') : eventSource(ev)
  return [lastStr, ev.type ?? '', ev.reason ?? '', target, regarding.fieldPath ?? '', source, message, firstStr, count, ev.metadata.name ?? '']
}

function jobStatus(job: KObject): string {
  const conds: any[] = job.status?.conditions ?? []
  // The first condition of a type decides, as hasJobCondition does.
  const has = (t: string) => conds.find(c => c?.type === t)?.status === 'True'
  if (has('Complete')) return 'Complete'
  if (has('Failed')) return 'Failed'
  if (job.metadata.deletionTimestamp) return 'Terminating'
  if (has('Suspended')) return 'Suspended'
  if (has('FailureTarget')) return 'FailureTarget'
  return 'Running'
}

function jobCells(job: KObject, now: number): Cell[] {
  const spec = job.spec ?? {}
  const st = job.status ?? {}
  const succeeded = int(st.succeeded)
  let completions: string
  if (typeof spec.completions === 'number') completions = `${succeeded}/${spec.completions}`
  else if (typeof spec.parallelism === 'number' && spec.parallelism > 1) completions = `${succeeded}/1 of ${spec.parallelism}`
  else completions = `${succeeded}/1`
  let duration = ''
  if (st.startTime) {
    const start = Date.parse(st.startTime)
    duration = humanDuration((st.completionTime ? Date.parse(st.completionTime) : now) - start)
  }
  const [names, images] = containerCells(spec.template?.spec?.containers)
  return [job.metadata.name ?? '', jobStatus(job), completions, duration, age(job, now), names, images, selectorString(spec.selector)]
}

function hpaTargets(hpa: KObject): string {
  const spec = hpa.spec ?? {}
  if (hpa.apiVersion === 'autoscaling/v1' || (spec.metrics === undefined && spec.targetCPUUtilizationPercentage !== undefined)) {
    const cur = hpa.status?.currentCPUUtilizationPercentage
    const target = spec.targetCPUUtilizationPercentage
    if (target === undefined) return '<none>'
    return `cpu: ${cur ?? '<unknown>'}%/${target}%`.replace('<unknown>%', '<unknown>')
  }
  const metrics: any[] = spec.metrics ?? []
  if (metrics.length === 0) return '<none>'
  const current: any[] = hpa.status?.currentMetrics ?? []
  const parts: string[] = []
  metrics.forEach((m, i) => {
    if (m?.type === 'Resource' && m.resource) {
      const t = m.resource.target ?? {}
      const c = current[i]?.resource?.current
      if (t.averageUtilization !== undefined) parts.push(`${m.resource.name}: ${c?.averageUtilization !== undefined ? c.averageUtilization + '%' : '<unknown>'}/${t.averageUtilization}%`)
      else parts.push(`${m.resource.name}: ${c?.averageValue ?? '<unknown>'}/${t.averageValue ?? t.value ?? ''}`)
    } else {
      parts.push('<unknown>/<unknown>')
    }
  })
  if (parts.length > 2) return `${parts.slice(0, 2).join(', ')} + ${parts.length - 2} more...`
  return parts.join(', ')
}

function discoveryEndpoints(eps: unknown): string {
  const list: any[] = Array.isArray(eps) ? eps : []
  if (list.length === 0) return '<unset>'
  const addrs: string[] = []
  let count = 0
  let more = false
  for (const e of list) {
    for (const a of e?.addresses ?? []) {
      count++
      if (addrs.length < 3) addrs.push(a)
      else more = true
    }
  }
  const s = addrs.join(',')
  return more ? `${s} + ${count - 3} more...` : s
}

function bindingSubjects(b: KObject): [string, string, string] {
  const users: string[] = []
  const groups: string[] = []
  const sas: string[] = []
  for (const s of b.subjects ?? []) {
    if (s?.kind === 'User') users.push(s.name)
    else if (s?.kind === 'Group') groups.push(s.name)
    else if (s?.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`)
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')]
}

// ---- the per-kind tables -------------------------------------------------------------------------------------

const CREATED_AT: KindTable = {
  columns: [NAME, col('Created At', 'date', CREATED_DOC)],
  row: obj => [obj.metadata.name ?? '', createdAt(obj)],
}

function createdAt(obj: KObject): string {
  const t = obj.metadata.creationTimestamp
  if (typeof t !== 'string') return ''
  const d = new Date(t)
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

const TABLES: Record<string, KindTable> = {
  pods: {
    columns: [NAME, col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'), col('Status', 'string', 'The aggregate status of the containers in this pod.'),
      col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'), AGE,
      wide('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'),
      wide('Node', 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename'),
      wide('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.'),
      wide('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates')],
    row: podCells,
    conditions: pod => (pod.status?.phase === 'Succeeded' ? POD_SUCCEEDED : pod.status?.phase === 'Failed' ? POD_FAILED : undefined),
  },
  podtemplates: {
    columns: [NAME, col('Containers', 'string', CONTAINERS_DOC), col('Images', 'string', IMAGES_DOC), col('Pod Labels', 'string', 'The labels for the pod template.')],
    row: o => [o.metadata.name ?? '', ...containerCells(o.template?.spec?.containers), formatLabels(o.template?.metadata?.labels)],
  },
  'poddisruptionbudgets.policy': {
    columns: [NAME, col('Min Available', 'string', 'The minimum number of pods that must be available.'), col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
      col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'), AGE],
    row: (o, now) => [o.metadata.name ?? '', o.spec?.minAvailable !== undefined ? String(o.spec.minAvailable) : 'N/A', o.spec?.maxUnavailable !== undefined ? String(o.spec.maxUnavailable) : 'N/A', int(o.status?.disruptionsAllowed), age(o, now)],
  },
  replicationcontrollers: {
    columns: [NAME, col('Desired', 'integer', 'Replicas is the number of desired replicas.'), col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
      col('Ready', 'integer', 'The number of ready replicas for this replication controller.'), AGE, wide('Containers', CONTAINERS_DOC), wide('Images', IMAGES_DOC), wide('Selector', 'Selector is a label query over pods that should match the Replicas count.')],
    row: (o, now) => [o.metadata.name ?? '', int(o.spec?.replicas), int(o.status?.replicas), int(o.status?.readyReplicas), age(o, now), ...containerCells(o.spec?.template?.spec?.containers), formatLabels(o.spec?.selector)],
  },
  'replicasets.apps': {
    columns: [NAME, col('Desired', 'integer', 'Replicas is the number of desired pods.'), col('Current', 'integer', 'Replicas is the most recently observed number of non-terminating pods.'),
      col('Ready', 'integer', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.'), AGE, wide('Containers', CONTAINERS_DOC), wide('Images', IMAGES_DOC), wide('Selector', 'Selector is a label query over pods that should match the replica count.')],
    row: (o, now) => [o.metadata.name ?? '', int(o.spec?.replicas), int(o.status?.replicas), int(o.status?.readyReplicas), age(o, now), ...containerCells(o.spec?.template?.spec?.containers), selectorString(o.spec?.selector)],
  },
  'daemonsets.apps': {
    columns: [NAME, col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
      col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
      col('Ready', 'integer', 'Total number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
      col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
      col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
      col('Node Selector', 'string', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
      AGE, wide('Containers', CONTAINERS_DOC), wide('Images', IMAGES_DOC), wide('Selector', 'A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template\'s labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors')],
    row: (o, now) => {
      const st = o.status ?? {}
      return [o.metadata.name ?? '', int(st.desiredNumberScheduled), int(st.currentNumberScheduled), int(st.numberReady), int(st.updatedNumberScheduled), int(st.numberAvailable),
        formatLabels(o.spec?.template?.spec?.nodeSelector), age(o, now), ...containerCells(o.spec?.template?.spec?.containers), selectorString(o.spec?.selector)]
    },
  },
  'jobs.batch': {
    columns: [NAME, col('Status', 'string', 'Status of the job.'), col('Completions', 'string', 'The completion status of the job.'), col('Duration', 'string', 'Time required to complete the job.'), AGE,
      wide('Containers', CONTAINERS_DOC), wide('Images', IMAGES_DOC), wide('Selector', 'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors')],
    row: jobCells,
  },
  'cronjobs.batch': {
    columns: [NAME, col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'), col('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones'),
      col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.'), col('Active', 'integer', 'A list of pointers to currently running jobs.'),
      col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'), AGE, wide('Containers', CONTAINERS_DOC), wide('Images', IMAGES_DOC),
      wide('Selector', 'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors')],
    row: (o, now) => {
      const spec = o.spec ?? {}
      const tpl = spec.jobTemplate?.spec ?? {}
      return [o.metadata.name ?? '', spec.schedule ?? '', spec.timeZone || '<none>', boolPtr(spec.suspend), (o.status?.active ?? []).length,
        o.status?.lastScheduleTime ? since(o.status.lastScheduleTime, now) : '<none>', age(o, now), ...containerCells(tpl.template?.spec?.containers), selectorString(tpl.selector)]
    },
  },
  services: {
    columns: [NAME, col('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'),
      col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'), col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
      col('Port(s)', 'string', 'The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies'), AGE,
      wide('Selector', 'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/')],
    row: (o, now) => [o.metadata.name ?? '', o.spec?.type ?? '', o.spec?.clusterIPs?.[0] || o.spec?.clusterIP || '<none>', serviceExternalIP(o), servicePorts(o.spec?.ports), age(o, now), formatLabels(o.spec?.selector)],
  },
  'ingresses.networking.k8s.io': {
    columns: [NAME, col('Class', 'string', 'The name of the IngressClass resource that should be used for this Ingress.'), col('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
      col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'), col('Ports', 'string', 'Ports of TLS configurations that open'), AGE],
    row: (o, now) => {
      const rules: any[] = o.spec?.rules ?? []
      const hosts: string[] = []
      let more = false
      for (const r of rules) {
        if (hosts.length === 3) more = true
        if (!more && r?.host) hosts.push(r.host)
      }
      const hostStr = hosts.length === 0 ? '*' : more ? `${hosts.join(',')} + ${rules.length - 3} more...` : hosts.join(',')
      const addrs = loadBalancerAddresses(o.status?.loadBalancer).join(',')
      return [o.metadata.name ?? '', o.spec?.ingressClassName || '<none>', hostStr, addrs, o.spec?.tls?.length ? '80, 443' : '80', age(o, now)]
    },
  },
  'ingressclasses.networking.k8s.io': {
    columns: [NAME, col('Controller', 'string', 'Controller that is responsible for handling this class'), col('Parameters', 'string', 'A reference to a resource with additional parameters'), AGE],
    row: (o, now) => {
      const p = o.spec?.parameters
      const params = p ? `${p.kind}${p.apiGroup ? '.' + p.apiGroup : ''}/${p.name}` : '<none>'
      return [o.metadata.name ?? '', o.spec?.controller ?? '', params, age(o, now)]
    },
  },
  'statefulsets.apps': {
    columns: [NAME, col('Ready', 'string', 'Number of the pod with ready state'), AGE, wide('Containers', CONTAINERS_DOC), wide('Images', IMAGES_DOC)],
    row: (o, now) => [o.metadata.name ?? '', `${int(o.status?.readyReplicas)}/${int(o.spec?.replicas)}`, age(o, now), ...containerCells(o.spec?.template?.spec?.containers)],
  },
  endpoints: {
    columns: [NAME, col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.'), AGE],
    row: (o, now) => [o.metadata.name ?? '', endpointsCell(o), age(o, now)],
  },
  nodes: {
    columns: [NAME, col('Status', 'string', 'The status of the node'), col('Roles', 'string', 'The roles of the node'), AGE, col('Version', 'string', 'Kubelet Version reported by the node.'),
      wide('Internal-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node\'s address in its own status or consumers of the downward API (status.hostIP).'),
      wide('External-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node\'s address in its own status or consumers of the downward API (status.hostIP).'),
      wide('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'), wide('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
      wide('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).')],
    row: (o, now) => {
      const info = o.status?.nodeInfo ?? {}
      return [o.metadata.name ?? '', nodeStatus(o), nodeRoles(o), age(o, now), info.kubeletVersion ?? '', nodeAddress(o, 'InternalIP'), nodeAddress(o, 'ExternalIP'),
        info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>']
    },
  },
  events: {
    columns: [col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'), col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
      col('Reason', 'string', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'), col('Object', 'string', 'The object that this event is about.'),
      wide('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.'),
      wide('Source', 'The component reporting this event. Should be a short machine understandable string.'), col('Message', 'string', 'A human-readable description of the status of this operation.'),
      wide('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'), wide('Count', 'The number of times this event has occurred.'),
      {...wide('Name', NAME_DOC), format: 'name'}],
    row: eventCells,
  },
  namespaces: {
    columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
    row: (o, now) => [o.metadata.name ?? '', o.status?.phase ?? '', age(o, now)],
  },
  secrets: {
    columns: [NAME, col('Type', 'string', 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types'),
      col('Data', 'string', 'Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4'), AGE],
    row: (o, now) => [o.metadata.name ?? '', o.type ?? '', Object.keys(o.data ?? {}).length, age(o, now)],
  },
  serviceaccounts: {
    columns: [NAME, col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE],
    row: (o, now) => [o.metadata.name ?? '', (o.secrets ?? []).length, age(o, now)],
  },
  persistentvolumes: {
    columns: [NAME, col('Capacity', 'string', 'capacity is the description of the persistent volume\'s resources and capacity.'), col('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
      col('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'), col('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
      col('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'), col('StorageClass', 'string', 'StorageClass of the pv'),
      col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'), col('Reason', 'string', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'), AGE,
      wide('VolumeMode', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.')],
    row: (o, now) => {
      const claim = o.spec?.claimRef ? `${o.spec.claimRef.namespace}/${o.spec.claimRef.name}` : ''
      const phase = o.metadata.deletionTimestamp ? 'Terminating' : o.status?.phase ?? ''
      return [o.metadata.name ?? '', String(o.spec?.capacity?.storage ?? ''), accessModes(o.spec?.accessModes), o.spec?.persistentVolumeReclaimPolicy ?? '', phase, claim,
        o.spec?.storageClassName ?? o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '', o.spec?.volumeAttributesClassName || '<unset>', o.status?.reason ?? '', age(o, now), o.spec?.volumeMode ?? '<unset>']
    },
  },
  persistentvolumeclaims: {
    columns: [NAME, col('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'), col('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
      col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'), col('Access Modes', 'string', 'accessModes contains the desired access modes the volume should have.'),
      col('StorageClass', 'string', 'StorageClass of the pvc'), col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'), AGE,
      wide('VolumeMode', 'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.')],
    row: (o, now) => {
      const phase = o.metadata.deletionTimestamp ? 'Terminating' : o.status?.phase ?? ''
      const bound = !!o.spec?.volumeName
      return [o.metadata.name ?? '', phase, o.spec?.volumeName ?? '', bound ? String(o.status?.capacity?.storage ?? '') : '', bound ? accessModes(o.status?.accessModes) : '',
        o.spec?.storageClassName ?? o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '', o.spec?.volumeAttributesClassName || '<unset>', age(o, now), o.spec?.volumeMode ?? '<unset>']
    },
  },
  componentstatuses: {
    columns: [NAME, col('Status', 'string', 'Status of the component conditions'), col('Message', 'string', 'Message of the component conditions'), col('Error', 'string', 'Error of the component conditions')],
    row: o => {
      const c = (o.conditions ?? []).find((x: any) => x?.type === 'Healthy')
      const status = c ? (c.status === 'True' ? 'Healthy' : 'Unhealthy') : 'Unknown'
      return [o.metadata.name ?? '', status, c?.message ?? '', c?.error ?? '']
    },
  },
  'deployments.apps': {
    columns: [NAME, col('Ready', 'string', 'Number of the pod with ready state'), col('Up-to-date', 'string', 'Total number of non-terminating pods targeted by this deployment that have the desired template spec.'),
      col('Available', 'string', 'Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.'), col('Age', 'string', 'Time since deployment was created.'),
      wide('Containers', CONTAINERS_DOC), wide('Images', IMAGES_DOC), wide('Selector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.')],
    row: (o, now) => [o.metadata.name ?? '', `${int(o.status?.readyReplicas)}/${int(o.spec?.replicas)}`, int(o.status?.updatedReplicas), int(o.status?.availableReplicas), age(o, now),
      ...containerCells(o.spec?.template?.spec?.containers), selectorString(o.spec?.selector)],
  },
  'horizontalpodautoscalers.autoscaling': {
    columns: [NAME, col('Reference', 'string', 'reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.'),
      col('Targets', 'string', 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond. If not set, the default metric will be set to 80% average CPU utilization.'),
      col('MinPods', 'string', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available.'),
      col('MaxPods', 'string', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.'),
      col('Replicas', 'string', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'), AGE],
    row: (o, now) => {
      const ref = o.spec?.scaleTargetRef ?? {}
      return [o.metadata.name ?? '', `${ref.kind ?? ''}/${ref.name ?? ''}`, hpaTargets(o), o.spec?.minReplicas !== undefined ? o.spec.minReplicas : '<unset>', int(o.spec?.maxReplicas), int(o.status?.currentReplicas), age(o, now)]
    },
  },
  configmaps: {
    columns: [NAME, col('Data', 'string', 'Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.'), AGE],
    row: (o, now) => [o.metadata.name ?? '', Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, age(o, now)],
  },
  'networkpolicies.networking.k8s.io': {
    columns: [NAME, col('Pod-Selector', 'string', 'podSelector selects the pods to which this NetworkPolicy object applies. The array of rules is applied to any pods selected by this field. An empty selector matches all pods in the policy\'s namespace. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace.'), AGE],
    row: (o, now) => [o.metadata.name ?? '', selectorString(o.spec?.podSelector ?? {}), age(o, now)],
  },
  'rolebindings.rbac.authorization.k8s.io': {
    columns: [NAME, col('Role', 'string', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. This field is immutable.'), AGE,
      wide('Users', 'Users in the roleBinding'), wide('Groups', 'Groups in the roleBinding'), wide('ServiceAccounts', 'ServiceAccounts in the roleBinding')],
    row: (o, now) => [o.metadata.name ?? '', `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`, age(o, now), ...bindingSubjects(o)],
  },
  'clusterrolebindings.rbac.authorization.k8s.io': {
    columns: [NAME, col('Role', 'string', 'RoleRef can only reference a ClusterRole in the global namespace. This field is immutable.'), AGE,
      wide('Users', 'Users in the clusterRoleBinding'), wide('Groups', 'Groups in the clusterRoleBinding'), wide('ServiceAccounts', 'ServiceAccounts in the clusterRoleBinding')],
    row: (o, now) => [o.metadata.name ?? '', `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`, age(o, now), ...bindingSubjects(o)],
  },
  'certificatesigningrequests.certificates.k8s.io': {
    columns: [NAME, AGE, col('SignerName', 'string', 'Signer Name is the name of the signer that will sign the CSR.'), col('Requestor', 'string', 'Name of the user requesting the certificate.'),
      col('RequestedDuration', 'string', 'Requested duration of the certificate.'), col('Condition', 'string', 'Current condition of the certificate signing request.')],
    row: (o, now) => {
      const conds: string[] = (o.status?.conditions ?? []).map((c: any) => c?.type)
      const cond = conds.length ? conds.join(',') : 'Pending'
      const dur = typeof o.spec?.expirationSeconds === 'number' ? humanDuration(o.spec.expirationSeconds * 1000) : '<none>'
      return [o.metadata.name ?? '', age(o, now), o.spec?.signerName ?? '', o.spec?.username ?? '', dur, o.status?.certificate && conds.length ? `${cond},Issued` : cond]
    },
  },
  'leases.coordination.k8s.io': {
    columns: [NAME, col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.'), AGE],
    row: (o, now) => [o.metadata.name ?? '', o.spec?.holderIdentity ?? '', age(o, now)],
  },
  'storageclasses.storage.k8s.io': {
    columns: [NAME, col('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'), col('ReclaimPolicy', 'string', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'),
      col('VolumeBindingMode', 'string', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.'),
      col('AllowVolumeExpansion', 'string', 'allowVolumeExpansion shows whether the storage class allow volume expand.'), AGE],
    row: (o, now) => {
      const ann = o.metadata.annotations ?? {}
      const isDefault = ann['storageclass.kubernetes.io/is-default-class'] === 'true' || ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
      return [`${o.metadata.name ?? ''}${isDefault ? ' (default)' : ''}`, o.provisioner ?? '', o.reclaimPolicy ?? 'Delete', o.volumeBindingMode ?? 'Immediate', o.allowVolumeExpansion === true, age(o, now)]
    },
  },
  'endpointslices.discovery.k8s.io': {
    columns: [NAME, col('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name. (Deprecated) The EndpointSlice controller only generates, and kube-proxy only processes, slices of addressType "IPv4" and "IPv6". No semantics are defined for the "FQDN" type.'),
      col('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. Each slice may include a maximum of 100 ports. Services always have at least 1 port, so EndpointSlices generated by the EndpointSlice controller will likewise always have at least 1 port. EndpointSlices used for other purposes may have an empty ports list.'),
      col('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.'), AGE],
    row: (o, now) => {
      const ports: any[] = o.ports ?? []
      const portStr = ports.length === 0 ? '<unset>' : ports.map(p => (typeof p?.port === 'number' ? String(p.port) : '<unset>')).join(',')
      return [o.metadata.name ?? '', o.addressType ?? '', portStr, discoveryEndpoints(o.endpoints), age(o, now)]
    },
  },
  'priorityclasses.scheduling.k8s.io': {
    columns: [NAME, col('Value', 'integer', 'value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.'),
      col('Global-Default', 'boolean', 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority.'),
      AGE, col('PreemptionPolicy', 'string', 'preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.')],
    row: (o, now) => [o.metadata.name ?? '', int(o.value), o.globalDefault === true, age(o, now), o.preemptionPolicy ?? ''],
  },
  'runtimeclasses.node.k8s.io': {
    columns: [NAME, col('Handler', 'string', 'handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class.'), AGE],
    row: (o, now) => [o.metadata.name ?? '', o.handler ?? '', age(o, now)],
  },
  'controllerrevisions.apps': {
    columns: [NAME, col('Controller', 'string', 'Controller of the object'), col('Revision', 'string', 'Revision indicates the revision of the state represented by Data.'), AGE],
    row: (o, now) => {
      const owner = (o.metadata.ownerReferences ?? []).find(r => r.controller)
      const group = owner ? owner.apiVersion.split('/').slice(0, -1).join('/') : ''
      const ctrl = owner ? `${owner.kind.toLowerCase()}${group ? '.' + group : ''}/${owner.name}` : '<none>'
      return [o.metadata.name ?? '', ctrl, int(o.revision), age(o, now)]
    },
  },
  resourcequotas: {
    // v1.33 moved Age after Request/Limit.
    columns: [NAME, col('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'), col('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'), AGE],
    row: (o, now) => {
      const hard = o.status?.hard ?? o.spec?.hard ?? {}
      const used = o.status?.used ?? {}
      const req: string[] = []
      const lim: string[] = []
      for (const k of Object.keys(hard).sort()) {
        const entry = `${k}: ${used[k] ?? '0'}/${hard[k]}`
        if (k.startsWith('limits.')) lim.push(entry)
        else req.push(entry)
      }
      return [o.metadata.name ?? '', req.join(', '), lim.join(', '), age(o, now)]
    },
  },
  'mutatingwebhookconfigurations.admissionregistration.k8s.io': {
    columns: [NAME, col('Webhooks', 'integer', 'Webhooks is a list of webhooks and the affected resources and operations.'), AGE],
    row: (o, now) => [o.metadata.name ?? '', (o.webhooks ?? []).length, age(o, now)],
  },
  'validatingwebhookconfigurations.admissionregistration.k8s.io': {
    columns: [NAME, col('Webhooks', 'integer', 'Webhooks is a list of webhooks and the affected resources and operations.'), AGE],
    row: (o, now) => [o.metadata.name ?? '', (o.webhooks ?? []).length, age(o, now)],
  },
}
TABLES['events.events.k8s.io'] = TABLES.events!

// Cluster-infrastructure kinds learners rarely list; columns as the 1.33 printers define them.
Object.assign(TABLES, {
  'servicecidrs.networking.k8s.io': {
    columns: [NAME, col('CIDRs', 'string', 'CIDRs defines the IP blocks in CIDR notation (e.g. "192.168.0.0/24" or "2001:db8::/64") from which to assign service cluster IPs. Max of two CIDRs is allowed, one of each IP family. This field is immutable.'), AGE],
    row: (o: KObject, now: number) => [o.metadata.name ?? '', (o.spec?.cidrs ?? []).join(','), age(o, now)],
  },
  'ipaddresses.networking.k8s.io': {
    columns: [NAME, col('ParentRef', 'string', 'ParentRef references the resource that an IPAddress is attached to. An IPAddress must reference a parent object.')],
    row: (o: KObject) => {
      const r = o.spec?.parentRef
      return [o.metadata.name ?? '', r ? `${r.resource}${r.group ? '.' + r.group : ''}/${r.namespace ? r.namespace + '/' : ''}${r.name}` : '']
    },
  },
  'csinodes.storage.k8s.io': {
    columns: [NAME, col('Drivers', 'integer', 'Drivers indicates the number of CSI drivers registered on the node'), AGE],
    row: (o: KObject, now: number) => [o.metadata.name ?? '', (o.spec?.drivers ?? []).length, age(o, now)],
  },
  'validatingadmissionpolicies.admissionregistration.k8s.io': {
    columns: [NAME, col('Validations', 'integer', 'Validations indicates the number of validation rules defined in this configuration'),
      col('ParamKind', 'string', 'ParamKind specifies the kind of resources used to parameterize this policy'), AGE],
    row: (o: KObject, now: number) => {
      const pk = o.spec?.paramKind
      return [o.metadata.name ?? '', (o.spec?.validations ?? []).length, pk ? `${pk.apiVersion}/${pk.kind}` : '<unset>', age(o, now)]
    },
  },
  'validatingadmissionpolicybindings.admissionregistration.k8s.io': {
    columns: [NAME, col('PolicyName', 'string', 'PolicyName indicates the policy definition which the policy binding binded to'),
      col('ParamRef', 'string', 'ParamRef indicates the param resource which sets the configration param'), AGE],
    row: (o: KObject, now: number) => {
      const pr = o.spec?.paramRef
      let ref = '<unset>'
      if (pr?.name) ref = pr.namespace ? `${pr.namespace}/${pr.name}` : `*/${pr.name}`
      else if (pr?.selector) ref = selectorString(pr.selector)
      return [o.metadata.name ?? '', o.spec?.policyName ?? '', ref, age(o, now)]
    },
  },
  // metrics-server's own table convertor.
  'nodes.metrics.k8s.io': {
    columns: [NAME, col('CPU', 'string', 'CPU usage'), col('Memory', 'string', 'Memory usage'), col('Window', 'string', 'Interval of the measurement')],
    row: (o: KObject) => [o.metadata.name ?? '', String(o.usage?.cpu ?? '0'), String(o.usage?.memory ?? '0'), String(o.window ?? '')],
  },
  'pods.metrics.k8s.io': {
    columns: [NAME, col('CPU', 'string', 'CPU usage'), col('Memory', 'string', 'Memory usage'), col('Window', 'string', 'Interval of the measurement')],
    row: (o: KObject) => {
      const cs: any[] = o.containers ?? []
      return [o.metadata.name ?? '', sumQuantities(cs.map(c => c?.usage?.cpu), 'cpu'), sumQuantities(cs.map(c => c?.usage?.memory), 'memory'), String(o.window ?? '')]
    },
  },
} satisfies Record<string, KindTable>)

// Sums resource quantities the way a pod total is shown: a single value as is, several as millicores / Ki.
function sumQuantities(values: unknown[], kind: 'cpu' | 'memory'): string {
  const present = values.filter(v => v !== undefined && v !== null).map(String)
  if (present.length === 0) return '0'
  if (present.length === 1) return present[0]!
  // Same-suffix integers add up in that suffix, as resource.Quantity.Add keeps the format.
  const parts = present.map(v => /^(\d+)([a-zA-Z]*)$/.exec(v))
  if (parts.every(p => p && p[2] === parts[0]![2])) return `${parts.reduce((n, p) => n + Number(p![1]), 0)}${parts[0]![2]}`
  let total = 0
  for (const v of present) {
    const m = /^(\d+(?:\.\d+)?)(n|u|m|k|M|G|Ki|Mi|Gi)?$/.exec(v)
    if (!m) continue
    const mult: Record<string, number> = {'': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3}
    total += Number(m[1]) * mult[m[2] ?? '']!
  }
  return kind === 'cpu' ? `${Math.round(total * 1000)}m` : `${Math.round(total / 1024)}Ki`
}

// ---- custom resources ----------------------------------------------------------------------------------------

/** Evaluates the simple JSONPath forms CRD printer columns use (.a.b, .a[0].b, .a['x.y']). */
export function simpleJSONPath(obj: unknown, path: string): unknown {
  let p = path.trim()
  if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1)
  if (p.startsWith('$')) p = p.slice(1)
  const tokens: (string | number)[] = []
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/g
  let m: RegExpExecArray | null
  let consumed = 0
  while ((m = re.exec(p)) !== null) {
    if (m.index !== consumed) return undefined
    consumed = re.lastIndex
    tokens.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3] ?? m[4])!)
  }
  if (consumed !== p.length) return undefined
  let cur: any = obj
  for (const t of tokens) {
    if (cur === undefined || cur === null) return undefined
    cur = cur[t as any]
  }
  return cur
}

function crdCell(v: unknown, type: string, now: number): Cell | null {
  if (v === undefined || v === null) return null
  if (type === 'date' && typeof v === 'string') return since(v, now)
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  return JSON.stringify(v)
}

/** A Table builder for custom resources from the CRD version's additionalPrinterColumns. */
export function customResourceTable(crd: KObject, version: string): (objs: KObject[], opts?: TableOptions) => KObject {
  const v = (crd.spec?.versions ?? []).find((x: any) => x?.name === version) ?? {}
  const extra: any[] = v.additionalPrinterColumns ?? crd.spec?.additionalPrinterColumns ?? []
  const printerCols = extra.length ? extra : [{name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: ''}]
  const columns: ColumnDefinition[] = [NAME, ...printerCols.map(c => ({name: c.name, type: c.type ?? 'string', format: c.format ?? '', description: c.description ?? (c.name === 'Age' ? CREATED_DOC : ''), priority: c.priority ?? 0}))]
  if (!extra.length) columns[1]!.description = CREATED_DOC
  const kt: KindTable = {
    columns,
    row: (o, now) => [o.metadata.name ?? '', ...printerCols.map(c => crdCell(simpleJSONPath(o, c.jsonPath ?? ''), c.type ?? 'string', now) as Cell)],
  }
  return (objs, opts) => buildTable(kt, objs, opts)
}

// ---- table assembly ------------------------------------------------------------------------------------------

function rowObject(obj: KObject, include: 'None' | 'Metadata' | 'Object'): KObject | undefined {
  if (include === 'None') return undefined
  if (include === 'Object') return obj
  return {kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata}
}

function buildTable(kt: KindTable, objs: KObject[], opts: TableOptions = {}): KObject {
  const now = opts.now ?? Date.now()
  const include = opts.includeObject ?? 'Metadata'
  const rows = new Array(objs.length)
  for (let i = 0; i < objs.length; i++) {
    const o = objs[i]!
    const row: Record<string, unknown> = {cells: kt.row(o, now)}
    const conds = kt.conditions?.(o)
    if (conds) row.conditions = conds
    const ro = rowObject(o, include)
    if (ro) row.object = ro
    rows[i] = row
  }
  return {kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: {}, columnDefinitions: kt.columns, rows}
}

/** Column definitions for a built-in kind (Name + Created At for kinds without their own printer). */
export function columnsFor(info: Pick<ResourceInfo, 'group' | 'resource'>): ColumnDefinition[] {
  return (TABLES[kindKey(info)] ?? CREATED_AT).columns
}

/**
 * A meta.k8s.io/v1 Table for objects of one built-in type. metadata is {} — the caller adds resourceVersion /
 * continue. Custom resources: use customResourceTable(crd, version).
 */
export function toTable(info: ResourceInfo, objs: KObject[], opts: TableOptions = {}): KObject {
  const kt = TABLES[kindKey(info)]
  if (kt) return buildTable(kt, objs, opts)
  if (opts.crd || !isBuiltin(info)) {
    const crd = opts.crd ?? crdFor(info.group, info.resource) ?? {apiVersion: '', kind: '', metadata: {}}
    return customResourceTable(crd, info.version)(objs, opts)
  }
  return buildTable(CREATED_AT, objs, opts)
}

let builtinKeys: Set<string> | undefined

function isBuiltin(info: ResourceInfo): boolean {
  builtinKeys ??= new Set(builtinResources().map(r => `${r.group}/${r.resource}`))
  return builtinKeys.has(`${info.group}/${info.resource}`)
}
