// Create/update defaulting: the fields kube-apiserver (defaulters, registry strategies and the default admission
// plugins) fills in, so that `get -o yaml` right after creation matches a real cluster.
import {randomUUID, randomInt} from 'node:crypto'
import {ApiError, type GVR, type KObject, type ResourceInfo, type SandboxApi} from '../types.js'
import {canonical, clone, def, defStr, ensureObj, isObj, kindKey, qualifiedKind} from './util.js'

/** What defaulting may consult (other objects, e.g. allocated ClusterIPs). */
export interface KindContext {
  api: SandboxApi
}

type Defaulter = (obj: KObject, ctx: KindContext) => void

const SA_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount'
// kube's utilrand alphabet (no vowels, no confusable digits).
const RAND_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

/** A kube-style random name suffix (utilrand.String). */
export function randomSuffix(n = 5): string {
  let s = ''
  for (let i = 0; i < n; i++) s += RAND_ALPHABET[randomInt(RAND_ALPHABET.length)]
  return s
}

// ---- pod spec ----------------------------------------------------------------------------------------------

/** Image pull policy kube derives from the image reference. */
export function defaultPullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent'
  if (image.includes('@')) return 'IfNotPresent'
  const lastSlash = image.lastIndexOf('/')
  const colon = image.indexOf(':', lastSlash + 1)
  if (colon < 0) return 'Always'
  return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent'
}

function defaultProbe(p: any): void {
  if (!isObj(p)) return
  def(p, 'timeoutSeconds', 1)
  def(p, 'periodSeconds', 10)
  def(p, 'successThreshold', 1)
  def(p, 'failureThreshold', 3)
  if (isObj(p.httpGet)) defStr(p.httpGet, 'scheme', 'HTTP')
  if (isObj(p.grpc)) def(p.grpc, 'service', '')
}

function defaultHandler(h: any): void {
  if (isObj(h) && isObj(h.httpGet)) defStr(h.httpGet, 'scheme', 'HTTP')
}

function defaultContainer(c: any): void {
  if (!isObj(c)) return
  defStr(c, 'terminationMessagePath', '/dev/termination-log')
  defStr(c, 'terminationMessagePolicy', 'File')
  defStr(c, 'imagePullPolicy', defaultPullPolicy(c.image))
  if (!isObj(c.resources)) c.resources = {}
  // Requests default to limits for every resource that has a limit but no request.
  if (isObj(c.resources.limits)) {
    const req = isObj(c.resources.requests) ? c.resources.requests : {}
    for (const [k, v] of Object.entries(c.resources.limits)) if (req[k] === undefined) req[k] = v
    if (Object.keys(req).length) c.resources.requests = req
  }
  if (Array.isArray(c.ports)) for (const p of c.ports) if (isObj(p)) defStr(p, 'protocol', 'TCP')
  if (Array.isArray(c.env)) {
    for (const e of c.env) if (isObj(e) && isObj(e.valueFrom) && isObj(e.valueFrom.fieldRef)) defStr(e.valueFrom.fieldRef, 'apiVersion', 'v1')
  }
  defaultProbe(c.livenessProbe)
  defaultProbe(c.readinessProbe)
  defaultProbe(c.startupProbe)
  if (isObj(c.lifecycle)) {
    defaultHandler(c.lifecycle.postStart)
    defaultHandler(c.lifecycle.preStop)
  }
}

function defaultVolume(v: any): void {
  if (!isObj(v)) return
  const sources = Object.keys(v).filter(k => k !== 'name')
  if (sources.length === 0) v.emptyDir = {}
  if (isObj(v.secret)) def(v.secret, 'defaultMode', 420)
  if (isObj(v.configMap)) def(v.configMap, 'defaultMode', 420)
  if (isObj(v.downwardAPI)) {
    def(v.downwardAPI, 'defaultMode', 420)
    for (const it of v.downwardAPI.items ?? []) if (isObj(it?.fieldRef)) defStr(it.fieldRef, 'apiVersion', 'v1')
  }
  if (isObj(v.projected)) {
    def(v.projected, 'defaultMode', 420)
    for (const s of v.projected.sources ?? []) {
      if (isObj(s?.serviceAccountToken)) def(s.serviceAccountToken, 'expirationSeconds', 3600)
      if (isObj(s?.downwardAPI)) for (const it of s.downwardAPI.items ?? []) if (isObj(it?.fieldRef)) defStr(it.fieldRef, 'apiVersion', 'v1')
    }
  }
  if (isObj(v.hostPath)) def(v.hostPath, 'type', '')
  if (isObj(v.ephemeral?.volumeClaimTemplate?.spec)) defStr(v.ephemeral.volumeClaimTemplate.spec, 'volumeMode', 'Filesystem')
}

/** PodSpec defaulting that applies everywhere a PodSpec appears (pods and templates). */
export function defaultPodSpec(spec: any): void {
  if (!isObj(spec)) return
  defStr(spec, 'dnsPolicy', 'ClusterFirst')
  defStr(spec, 'restartPolicy', 'Always')
  def(spec, 'terminationGracePeriodSeconds', 30)
  if (!isObj(spec.securityContext)) spec.securityContext = {}
  defStr(spec, 'schedulerName', 'default-scheduler')
  for (const list of [spec.initContainers, spec.containers, spec.ephemeralContainers]) {
    if (Array.isArray(list)) for (const c of list) defaultContainer(c)
  }
  if (spec.hostNetwork === true) {
    for (const list of [spec.initContainers, spec.containers]) {
      for (const c of Array.isArray(list) ? list : []) for (const p of c?.ports ?? []) if (isObj(p) && !p.hostPort) p.hostPort = p.containerPort
    }
  }
  if (Array.isArray(spec.volumes)) for (const v of spec.volumes) defaultVolume(v)
}

/** PodTemplateSpec defaulting (controllers' templates): metadata.creationTimestamp null, as Go serialises it. */
export function defaultPodTemplate(tpl: any): void {
  if (!isObj(tpl)) return
  const md = ensureObj(tpl, 'metadata')
  if (!('creationTimestamp' in md)) md.creationTimestamp = null
  defaultPodSpec(ensureObj(tpl, 'spec'))
}

/** The QoS class kubelet/apiserver compute from container resources. */
export function podQOS(spec: any): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]
  let any = false
  let guaranteed = true
  for (const c of containers) {
    const req = c?.resources?.requests ?? {}
    const lim = c?.resources?.limits ?? {}
    const names = new Set([...Object.keys(req), ...Object.keys(lim)].filter(n => n === 'cpu' || n === 'memory'))
    if (names.size) any = true
    for (const n of ['cpu', 'memory']) {
      if (lim[n] === undefined) guaranteed = false
      else if (req[n] !== undefined && String(req[n]) !== String(lim[n])) guaranteed = false
    }
  }
  if (!any) return 'BestEffort'
  return guaranteed ? 'Guaranteed' : 'Burstable'
}

const PRIORITY_CLASSES: GVR = {group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses'}
const SERVICE_ACCOUNTS: GVR = {group: '', version: 'v1', resource: 'serviceaccounts'}
const SERVICES: GVR = {group: '', version: 'v1', resource: 'services'}
const BUILTIN_PRIORITIES: Record<string, number> = {'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000}

function safeTryGet(api: SandboxApi | undefined, gvr: GVR, ns: string | undefined, name: string): KObject | undefined {
  try {
    return api?.tryGet(gvr, ns, name)
  } catch {
    return undefined
  }
}

function safeList(api: SandboxApi | undefined, gvr: GVR): KObject[] {
  try {
    return api?.list(gvr).items ?? []
  } catch {
    return []
  }
}

// Pod-only admission: ServiceAccount, Priority, DefaultTolerationSeconds, plus pod defaulting of enableServiceLinks.
function defaultPod(pod: KObject, ctx: KindContext): void {
  const spec = ensureObj(pod, 'spec')
  defaultPodSpec(spec)
  def(spec, 'enableServiceLinks', true)

  // ServiceAccount admission.
  if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default'
  spec.serviceAccount = spec.serviceAccountName
  const sa = safeTryGet(ctx.api, SERVICE_ACCOUNTS, pod.metadata.namespace, spec.serviceAccountName)
  const automount = spec.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true
  if (automount !== false) addServiceAccountVolume(spec)

  // Priority admission.
  const pcName: string | undefined = spec.priorityClassName || undefined
  if (pcName !== undefined) {
    const builtin = BUILTIN_PRIORITIES[pcName]
    const pc = builtin === undefined ? safeTryGet(ctx.api, PRIORITY_CLASSES, undefined, pcName) : undefined
    if (builtin === undefined && !pc) {
      throw new ApiError(403, 'Forbidden', `pods "${pod.metadata.name ?? ''}" is forbidden: no PriorityClass with name ${pcName} was found`, {name: pod.metadata.name, kind: 'pods'})
    }
    def(spec, 'priority', builtin ?? pc?.value ?? 0)
    defStr(spec, 'preemptionPolicy', pc?.preemptionPolicy ?? 'PreemptLowerPriority')
  } else {
    const global = safeList(ctx.api, PRIORITY_CLASSES).find(pc => pc.globalDefault === true)
    if (global) {
      spec.priorityClassName = global.metadata.name
      def(spec, 'priority', global.value ?? 0)
      defStr(spec, 'preemptionPolicy', global.preemptionPolicy ?? 'PreemptLowerPriority')
    } else {
      def(spec, 'priority', 0)
      defStr(spec, 'preemptionPolicy', 'PreemptLowerPriority')
    }
  }

  // DefaultTolerationSeconds admission.
  const tolerations: any[] = Array.isArray(spec.tolerations) ? spec.tolerations : []
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const covered = tolerations.some(t => isObj(t) && (t.key === key || (t.operator === 'Exists' && !t.key)) && (!t.effect || t.effect === 'NoExecute'))
    if (!covered) tolerations.push({effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300})
  }
  spec.tolerations = tolerations

  pod.status = {phase: 'Pending', qosClass: podQOS(spec)}
}

function addServiceAccountVolume(spec: any): void {
  const containers: any[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])]
  if (containers.some(c => (c?.volumeMounts ?? []).some((m: any) => m?.mountPath === SA_MOUNT_PATH))) return
  if ((spec.volumes ?? []).some((v: any) => typeof v?.name === 'string' && v.name.startsWith('kube-api-access-'))) return
  const name = `kube-api-access-${randomSuffix()}`
  for (const c of containers) {
    if (!isObj(c)) continue
    c.volumeMounts = [...(Array.isArray(c.volumeMounts) ? c.volumeMounts : []), {mountPath: SA_MOUNT_PATH, name, readOnly: true}]
  }
  spec.volumes = [...(Array.isArray(spec.volumes) ? spec.volumes : []), {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        {serviceAccountToken: {expirationSeconds: 3607, path: 'token'}},
        {configMap: {items: [{key: 'ca.crt', path: 'ca.crt'}], name: 'kube-root-ca.crt'}},
        {downwardAPI: {items: [{fieldRef: {apiVersion: 'v1', fieldPath: 'metadata.namespace'}, path: 'namespace'}]}},
      ],
    },
  }]
}

// ---- workloads ---------------------------------------------------------------------------------------------

function defaultPVCSpec(pvc: any): void {
  if (!isObj(pvc)) return
  const spec = ensureObj(pvc, 'spec')
  defStr(spec, 'volumeMode', 'Filesystem')
}

function defaultDeployment(d: KObject): void {
  const spec = ensureObj(d, 'spec')
  def(spec, 'replicas', 1)
  const strategy = ensureObj(spec, 'strategy')
  defStr(strategy, 'type', 'RollingUpdate')
  if (strategy.type === 'RollingUpdate') {
    const ru = ensureObj(strategy, 'rollingUpdate')
    def(ru, 'maxUnavailable', '25%')
    def(ru, 'maxSurge', '25%')
  }
  def(spec, 'revisionHistoryLimit', 10)
  def(spec, 'progressDeadlineSeconds', 600)
  defaultPodTemplate(ensureObj(spec, 'template'))
}

function defaultReplicaSet(rs: KObject): void {
  const spec = ensureObj(rs, 'spec')
  def(spec, 'replicas', 1)
  defaultPodTemplate(ensureObj(spec, 'template'))
}

function defaultReplicationController(rc: KObject): void {
  const spec = ensureObj(rc, 'spec')
  def(spec, 'replicas', 1)
  const tpl = spec.template
  if (isObj(tpl)) {
    const labels = tpl.metadata?.labels
    if (isObj(labels)) {
      if (!isObj(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = {...labels}
      if (!isObj(rc.metadata.labels) || Object.keys(rc.metadata.labels).length === 0) rc.metadata.labels = {...labels}
    }
    defaultPodTemplate(tpl)
  }
}

function defaultStatefulSet(s: KObject): void {
  const spec = ensureObj(s, 'spec')
  def(spec, 'replicas', 1)
  defStr(spec, 'podManagementPolicy', 'OrderedReady')
  const us = ensureObj(spec, 'updateStrategy')
  defStr(us, 'type', 'RollingUpdate')
  if (us.type === 'RollingUpdate') def(ensureObj(us, 'rollingUpdate'), 'partition', 0)
  def(spec, 'revisionHistoryLimit', 10)
  const retention = ensureObj(spec, 'persistentVolumeClaimRetentionPolicy')
  defStr(retention, 'whenDeleted', 'Retain')
  defStr(retention, 'whenScaled', 'Retain')
  if (Array.isArray(spec.volumeClaimTemplates)) {
    for (const t of spec.volumeClaimTemplates) {
      if (!isObj(t)) continue
      defStr(t, 'apiVersion', 'v1')
      defStr(t, 'kind', 'PersistentVolumeClaim')
      const md = ensureObj(t, 'metadata')
      if (!('creationTimestamp' in md)) md.creationTimestamp = null
      defaultPVCSpec(t)
      def(t, 'status', {phase: 'Pending'})
    }
  }
  defaultPodTemplate(ensureObj(spec, 'template'))
}

function defaultDaemonSet(ds: KObject): void {
  const spec = ensureObj(ds, 'spec')
  const us = ensureObj(spec, 'updateStrategy')
  defStr(us, 'type', 'RollingUpdate')
  if (us.type === 'RollingUpdate') {
    const ru = ensureObj(us, 'rollingUpdate')
    def(ru, 'maxUnavailable', 1)
    def(ru, 'maxSurge', 0)
  }
  def(spec, 'revisionHistoryLimit', 10)
  defaultPodTemplate(ensureObj(spec, 'template'))
}

function defaultJobSpec(spec: any): void {
  // completions/parallelism default together: both unset → 1/1; only one set → parallelism 1.
  if ((spec.completions === undefined || spec.completions === null) && (spec.parallelism === undefined || spec.parallelism === null)) {
    spec.completions = 1
    spec.parallelism = 1
  }
  def(spec, 'parallelism', 1)
  def(spec, 'backoffLimit', spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null ? 2147483647 : 6)
  defStr(spec, 'completionMode', 'NonIndexed')
  def(spec, 'suspend', false)
  defStr(spec, 'podReplacementPolicy', spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed')
  def(spec, 'manualSelector', false)
}

function defaultJob(job: KObject): void {
  const spec = ensureObj(job, 'spec')
  defaultJobSpec(spec)
  const tpl = ensureObj(spec, 'template')
  const tmd = ensureObj(tpl, 'metadata')
  // The registry generates the selector from the uid unless manualSelector is true.
  if (spec.manualSelector !== true) {
    const uid = job.metadata.uid ?? (job.metadata.uid = randomUUID())
    const name = job.metadata.name ?? ''
    spec.selector = {matchLabels: {'batch.kubernetes.io/controller-uid': uid}}
    tmd.labels = {...(tmd.labels ?? {}), 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name}
  }
  if (!isObj(job.metadata.labels) || Object.keys(job.metadata.labels).length === 0) {
    if (isObj(tmd.labels)) job.metadata.labels = {...tmd.labels}
  }
  defaultPodTemplate(tpl)
}

function defaultCronJob(cj: KObject): void {
  const spec = ensureObj(cj, 'spec')
  defStr(spec, 'concurrencyPolicy', 'Allow')
  def(spec, 'suspend', false)
  def(spec, 'successfulJobsHistoryLimit', 3)
  def(spec, 'failedJobsHistoryLimit', 1)
  const jt = ensureObj(spec, 'jobTemplate')
  const md = ensureObj(jt, 'metadata')
  if (!('creationTimestamp' in md)) md.creationTimestamp = null
  defaultPodTemplate(ensureObj(ensureObj(jt, 'spec'), 'template'))
}

// ---- services ----------------------------------------------------------------------------------------------

const CIDR_BASE = (10 << 24) | (96 << 16) // 10.96.0.0/12
const CIDR_SIZE = 1 << 20

/** Integer form of a dotted IPv4 address, or undefined. */
export function ipv4ToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip)
  if (!m) return undefined
  const parts = m.slice(1).map(Number)
  if (parts.some(p => p > 255)) return undefined
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!
}

function intToIpv4(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

/** Whether an IP lies inside the sandbox's service CIDR 10.96.0.0/12. */
export function inServiceCIDR(ip: string): boolean {
  const n = ipv4ToInt(ip)
  return n !== undefined && n - (CIDR_BASE >>> 0) >= 0 && n - (CIDR_BASE >>> 0) < CIDR_SIZE
}

function invalid(info: {group: string; kind: string}, name: string, field: string, value: string, detail: string): ApiError {
  const msg = `Invalid value: ${value}: ${detail}`
  return new ApiError(422, 'Invalid', `${qualifiedKind(info)} "${name}" is invalid: ${field}: ${msg}`, {
    name, group: info.group || undefined, kind: info.kind, causes: [{reason: 'FieldValueInvalid', message: msg, field}],
  })
}

function usedServiceAddresses(ctx: KindContext, self: KObject): {ips: Set<string>; nodePorts: Set<number>} {
  const ips = new Set<string>(['10.96.0.1'])
  const nodePorts = new Set<number>()
  for (const s of safeList(ctx.api, SERVICES)) {
    if (s.metadata.uid && s.metadata.uid === self.metadata.uid) continue
    if (s.metadata.namespace === self.metadata.namespace && s.metadata.name === self.metadata.name) continue
    for (const ip of s.spec?.clusterIPs ?? [s.spec?.clusterIP]) if (typeof ip === 'string') ips.add(ip)
    for (const p of s.spec?.ports ?? []) if (typeof p?.nodePort === 'number') nodePorts.add(p.nodePort)
  }
  return {ips, nodePorts}
}

const SVC_INFO = {group: '', kind: 'Service'}

function allocateClusterIP(used: Set<string>): string {
  // kube's dynamic allocations prefer the upper part of the range; the lowest block is for static IPs.
  for (let i = 0; i < 10000; i++) {
    const ip = intToIpv4((CIDR_BASE >>> 0) + 256 + randomInt(CIDR_SIZE - 257))
    if (!used.has(ip)) return ip
  }
  throw new ApiError(500, 'InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full')
}

function allocateNodePort(used: Set<number>): number {
  for (let i = 0; i < 10000; i++) {
    const p = 30000 + 86 + randomInt(32767 - 30086 + 1)
    if (!used.has(p)) return p
  }
  for (let p = 30000; p <= 32767; p++) if (!used.has(p)) return p
  throw new ApiError(500, 'InternalError', 'Internal error occurred: failed to allocate a nodePort: range is full')
}

// When an update changes the type, values that only made sense for the old type and that the client merely carried
// over (unchanged) are dropped, as the service registry's dropTypeDependentFields does.
function dropTypeDependentFields(spec: any, oldSpec: any): void {
  if (!isObj(oldSpec) || (spec.type ?? 'ClusterIP') === (oldSpec.type ?? 'ClusterIP')) return
  const same = (k: string) => canonical(spec[k]) === canonical(oldSpec[k])
  const type = spec.type ?? 'ClusterIP'
  if (type === 'ExternalName') {
    for (const k of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy', 'internalTrafficPolicy']) if (same(k)) delete spec[k]
  }
  if (type !== 'NodePort' && type !== 'LoadBalancer') {
    const oldPorts: any[] = oldSpec.ports ?? []
    ;(Array.isArray(spec.ports) ? spec.ports : []).forEach((p: any, i: number) => {
      if (isObj(p) && p.nodePort !== undefined && p.nodePort === oldPorts[i]?.nodePort) delete p.nodePort
    })
    for (const k of ['externalTrafficPolicy', 'healthCheckNodePort']) if (same(k)) delete spec[k]
  }
  if (type !== 'LoadBalancer') for (const k of ['allocateLoadBalancerNodePorts', 'loadBalancerClass']) if (same(k)) delete spec[k]
}

function defaultServiceSpec(svc: KObject, old: KObject | undefined, ctx: KindContext): void {
  const spec = ensureObj(svc, 'spec')
  if (old) dropTypeDependentFields(spec, old.spec)
  defStr(spec, 'type', 'ClusterIP')
  defStr(spec, 'sessionAffinity', 'None')
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = ensureObj(ensureObj(spec, 'sessionAffinityConfig'), 'clientIP')
    def(cfg, 'timeoutSeconds', 10800)
  }
  const ports: any[] = Array.isArray(spec.ports) ? spec.ports : []
  for (const p of ports) {
    if (!isObj(p)) continue
    defStr(p, 'protocol', 'TCP')
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port
  }
  const name = svc.metadata.name ?? ''
  if (spec.type === 'ExternalName') {
    // ExternalName services carry no IP fields at all.
    if (old === undefined) for (const k of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) delete spec[k]
    return
  }
  defStr(spec, 'internalTrafficPolicy', 'Cluster')
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') defStr(spec, 'externalTrafficPolicy', 'Cluster')
  if (spec.type === 'LoadBalancer') def(spec, 'allocateLoadBalancerNodePorts', true)

  // Updates that omit allocated values keep the old ones (kubectl replace/apply do this).
  if (old?.spec) {
    if (!spec.clusterIP && old.spec.clusterIP && old.spec.type !== 'ExternalName') {
      spec.clusterIP = old.spec.clusterIP
      if (!spec.clusterIPs) spec.clusterIPs = old.spec.clusterIPs
    }
    if (!spec.clusterIPs && spec.clusterIP && spec.clusterIP === old.spec.clusterIP) spec.clusterIPs = old.spec.clusterIPs
    if (!spec.ipFamilies && old.spec.ipFamilies) spec.ipFamilies = old.spec.ipFamilies
    if (!spec.ipFamilyPolicy && old.spec.ipFamilyPolicy) spec.ipFamilyPolicy = old.spec.ipFamilyPolicy
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      for (const p of ports) {
        if (!isObj(p) || p.nodePort) continue
        const prev = (old.spec.ports ?? []).find((o: any) => o?.port === p.port && (o?.protocol ?? 'TCP') === p.protocol)
        if (prev?.nodePort) p.nodePort = prev.nodePort
      }
    }
    if (!spec.healthCheckNodePort && old.spec.healthCheckNodePort && spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local') {
      spec.healthCheckNodePort = old.spec.healthCheckNodePort
    }
  }

  const needsAlloc = !spec.clusterIP || (spec.type === 'NodePort' || spec.type === 'LoadBalancer') && ports.some(p => isObj(p) && !p.nodePort)
  const explicitIP = spec.clusterIP && spec.clusterIP !== 'None' && spec.clusterIP !== old?.spec?.clusterIP ? spec.clusterIP : undefined
  const explicitPorts = ports.filter(p => isObj(p) && p.nodePort && !(old?.spec?.ports ?? []).some((o: any) => o?.nodePort === p.nodePort))
  if (needsAlloc || explicitIP || explicitPorts.length) {
    const used = usedServiceAddresses(ctx, svc)
    if (explicitIP) {
      if (!inServiceCIDR(explicitIP)) {
        throw invalid(SVC_INFO, name, 'spec.clusterIPs', `[]string{"${explicitIP}"}`, 'failed to allocate IP ' + explicitIP + ': the provided IP (' + explicitIP + ') is not in the valid range. The range of valid IPs is 10.96.0.0/12')
      }
      if (used.ips.has(explicitIP)) throw invalid(SVC_INFO, name, 'spec.clusterIPs', `[]string{"${explicitIP}"}`, `failed to allocate IP ${explicitIP}: provided IP is already allocated`)
    }
    if (!spec.clusterIP) spec.clusterIP = allocateClusterIP(used.ips)
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      ports.forEach((p, i) => {
        if (!isObj(p)) return
        if (p.nodePort) {
          if (explicitPorts.includes(p)) {
            if (used.nodePorts.has(p.nodePort)) throw invalid(SVC_INFO, name, `spec.ports[${i}].nodePort`, String(p.nodePort), 'provided port is already allocated')
            used.nodePorts.add(p.nodePort)
          }
          return
        }
        p.nodePort = allocateNodePort(used.nodePorts)
        used.nodePorts.add(p.nodePort)
      })
    }
  }
  if (!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0) spec.clusterIPs = [spec.clusterIP]
  if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4']
  defStr(spec, 'ipFamilyPolicy', 'SingleStack')
}

function defaultService(svc: KObject, ctx: KindContext): void {
  defaultServiceSpec(svc, undefined, ctx)
  svc.status = {loadBalancer: {}}
}

// ---- everything else ---------------------------------------------------------------------------------------

function defaultNamespace(ns: KObject): void {
  ns.metadata.labels = {...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name ?? ''}
  const spec = ensureObj(ns, 'spec')
  if (!Array.isArray(spec.finalizers) || spec.finalizers.length === 0) spec.finalizers = ['kubernetes']
  ns.status = {phase: 'Active'}
}

function defaultSecret(s: KObject): void {
  defStr(s, 'type', 'Opaque')
  if (isObj(s.stringData)) {
    // A value that is not a string stays, for validation to refuse as kube-apiserver's decoder does.
    if (!Object.values(s.stringData).every((v) => typeof v === 'string')) return
    const data = isObj(s.data) ? s.data : {}
    for (const [k, v] of Object.entries(s.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64')
    s.data = data
  }
  delete s.stringData
}

function defaultPVC(pvc: KObject, ctx: KindContext): void {
  defaultPVCSpec(pvc)
  pvc.status = {phase: 'Pending'}
  // DefaultStorageClass admission: only a claim that names no class at all (not "") gets the default
  const spec = pvc.spec
  if (spec.storageClassName === undefined || spec.storageClassName === null) {
    if (pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] === undefined) {
      const cls = defaultStorageClassName(safeList(ctx.api, STORAGE_CLASSES))
      if (cls) spec.storageClassName = cls
    }
  }
  addFinalizer(pvc, 'kubernetes.io/pvc-protection')
}

const STORAGE_CLASSES = {group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses'}

/** The default StorageClass as the DefaultStorageClass admission plugin picks it: the newest one marked default. */
export function defaultStorageClassName(classes: KObject[]): string | undefined {
  const marked = classes.filter(c => {
    const a = c.metadata.annotations ?? {}
    return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
  })
  marked.sort((a, b) => String(b.metadata.creationTimestamp ?? '').localeCompare(String(a.metadata.creationTimestamp ?? '')) || String(a.metadata.name).localeCompare(String(b.metadata.name)))
  return marked[0]?.metadata.name
}

// StorageObjectInUseProtection admission: claims and volumes in use are not removed until released.
function addFinalizer(obj: KObject, f: string): void {
  const fins: string[] = Array.isArray(obj.metadata.finalizers) ? obj.metadata.finalizers : []
  if (!fins.includes(f)) obj.metadata.finalizers = [...fins, f]
}

function defaultPV(pv: KObject): void {
  const spec = ensureObj(pv, 'spec')
  defStr(spec, 'persistentVolumeReclaimPolicy', 'Retain')
  defStr(spec, 'volumeMode', 'Filesystem')
  if (isObj(spec.hostPath)) def(spec.hostPath, 'type', '')
  pv.status = {phase: 'Pending'}
}

function defaultNode(node: KObject): void {
  ensureObj(node, 'spec')
  if (!isObj(node.status)) node.status = {}
}

/** The TaintNodesByCondition admission plugin (on create only): a new node is not ready until its controller says so. */
function admitNode(node: KObject): void {
  const spec = ensureObj(node, 'spec')
  const taints = Array.isArray(spec.taints) ? spec.taints : []
  if (!taints.some((t: any) => t?.key === 'node.kubernetes.io/not-ready' && t?.effect === 'NoSchedule')) spec.taints = [...taints, {key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule'}]
}

function defaultEndpoints(ep: KObject): void {
  for (const subset of Array.isArray(ep.subsets) ? ep.subsets : []) for (const p of subset?.ports ?? []) if (isObj(p)) defStr(p, 'protocol', 'TCP')
}

function defaultEndpointSlice(es: KObject): void {
  for (const p of Array.isArray(es.ports) ? es.ports : []) {
    if (!isObj(p)) continue
    defStr(p, 'protocol', 'TCP')
    def(p, 'name', '')
  }
}

function defaultNetworkPolicy(np: KObject): void {
  const spec = ensureObj(np, 'spec')
  def(spec, 'podSelector', {})
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) for (const p of rule?.ports ?? []) if (isObj(p)) defStr(p, 'protocol', 'TCP')
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length ? ['Ingress', 'Egress'] : ['Ingress']
  }
}

function defaultIngress(ing: KObject): void {
  ing.status = isObj(ing.status) ? ing.status : {loadBalancer: {}}
}

function defaultHPA(hpa: KObject): void {
  const spec = ensureObj(hpa, 'spec')
  def(spec, 'minReplicas', 1)
  // The zero status as Go serialises it (fields without omitempty).
  if (!isObj(hpa.status) || Object.keys(hpa.status).length === 0) {
    hpa.status = hpa.apiVersion === 'autoscaling/v2' ? {currentMetrics: null, desiredReplicas: 0} : {currentReplicas: 0, desiredReplicas: 0}
  }
  if (hpa.apiVersion !== 'autoscaling/v2') return
  if (!Array.isArray(spec.metrics)) spec.metrics = [{type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: 80}}}]
  // autoscaling/v2 defaults the scaling behavior; scaleDown keeps its stabilization window unset (controller default 300s).
  const behavior = ensureObj(spec, 'behavior')
  const up = ensureObj(behavior, 'scaleUp')
  def(up, 'stabilizationWindowSeconds', 0)
  defStr(up, 'selectPolicy', 'Max')
  if (!Array.isArray(up.policies)) up.policies = [{periodSeconds: 15, type: 'Pods', value: 4}, {periodSeconds: 15, type: 'Percent', value: 100}]
  const down = ensureObj(behavior, 'scaleDown')
  defStr(down, 'selectPolicy', 'Max')
  if (!Array.isArray(down.policies)) down.policies = [{periodSeconds: 15, type: 'Percent', value: 100}]
}

function defaultBindingSubjects(b: KObject): void {
  for (const s of Array.isArray(b.subjects) ? b.subjects : []) {
    if (!isObj(s)) continue
    if (s.kind === 'ServiceAccount') def(s, 'apiGroup', '')
    else if (s.kind === 'User' || s.kind === 'Group') defStr(s, 'apiGroup', 'rbac.authorization.k8s.io')
  }
}

function defaultPriorityClass(pc: KObject): void {
  defStr(pc, 'preemptionPolicy', 'PreemptLowerPriority')
}

function defaultStorageClass(sc: KObject): void {
  defStr(sc, 'reclaimPolicy', 'Delete')
  defStr(sc, 'volumeBindingMode', 'Immediate')
}

function defaultPDB(pdb: KObject): void {
  ensureObj(pdb, 'spec')
  pdb.status = {currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0}
}

// core v1 Event fields that Go serialises even when empty.
function defaultEvent(ev: KObject): void {
  if (ev.apiVersion !== 'v1') return
  def(ev, 'reportingComponent', '')
  def(ev, 'reportingInstance', '')
  if (!isObj(ev.source)) ev.source = {}
  if (!('eventTime' in ev)) ev.eventTime = null
  if (!('firstTimestamp' in ev)) ev.firstTimestamp = null
  if (!('lastTimestamp' in ev)) ev.lastTimestamp = null
  if (!isObj(ev.involvedObject)) ev.involvedObject = {}
}

function defaultCRD(crd: KObject): void {
  const spec = ensureObj(crd, 'spec')
  const conv = ensureObj(spec, 'conversion')
  defStr(conv, 'strategy', 'None')
  const names = ensureObj(spec, 'names')
  defStr(names, 'singular', String(names.kind ?? '').toLowerCase())
  defStr(names, 'listKind', `${names.kind ?? ''}List`)
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : []
  const storage = versions.find(v => v?.storage)?.name
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
  const accepted: Record<string, unknown> = {kind: names.kind, listKind: names.listKind, plural: names.plural, singular: names.singular}
  if (names.shortNames) accepted.shortNames = names.shortNames
  if (names.categories) accepted.categories = names.categories
  crd.status = {
    acceptedNames: accepted,
    conditions: [
      {lastTransitionTime: now, message: 'no conflicts found', reason: 'NoConflicts', status: 'True', type: 'NamesAccepted'},
      {lastTransitionTime: now, message: 'the initial names have been accepted', reason: 'InitialNamesAccepted', status: 'True', type: 'Established'},
    ],
    storedVersions: storage ? [storage] : [],
  }
}

const CREATE_DEFAULTERS: Record<string, Defaulter> = {
  pods: defaultPod,
  services: defaultService,
  namespaces: defaultNamespace,
  nodes: defaultNode,
  secrets: defaultSecret,
  persistentvolumeclaims: defaultPVC,
  persistentvolumes: pv => {
    defaultPV(pv)
    addFinalizer(pv, 'kubernetes.io/pv-protection')
  },
  replicationcontrollers: defaultReplicationController,
  endpoints: defaultEndpoints,
  events: defaultEvent,
  podtemplates: o => defaultPodTemplate(o.template),
  'deployments.apps': defaultDeployment,
  'replicasets.apps': defaultReplicaSet,
  'statefulsets.apps': defaultStatefulSet,
  'daemonsets.apps': defaultDaemonSet,
  'jobs.batch': defaultJob,
  'cronjobs.batch': defaultCronJob,
  'endpointslices.discovery.k8s.io': defaultEndpointSlice,
  'networkpolicies.networking.k8s.io': defaultNetworkPolicy,
  'ingresses.networking.k8s.io': defaultIngress,
  'horizontalpodautoscalers.autoscaling': defaultHPA,
  'rolebindings.rbac.authorization.k8s.io': defaultBindingSubjects,
  'clusterrolebindings.rbac.authorization.k8s.io': defaultBindingSubjects,
  'priorityclasses.scheduling.k8s.io': defaultPriorityClass,
  'storageclasses.storage.k8s.io': defaultStorageClass,
  'poddisruptionbudgets.policy': defaultPDB,
  'customresourcedefinitions.apiextensions.k8s.io': defaultCRD,
}

// Kinds whose create resets status (their registry strategies do): the controllers fill it in later.
const RESET_STATUS_ON_CREATE = new Set([
  'deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'daemonsets.apps', 'jobs.batch', 'cronjobs.batch', 'replicationcontrollers',
  'horizontalpodautoscalers.autoscaling',
])

/** Defaulting and strategy PrepareForCreate for a new object (mutates obj; may throw ApiError). */
export function prepareForCreate(info: ResourceInfo, obj: KObject, ctx: KindContext): void {
  const key = kindKey(info)
  if (!isObj(obj.metadata)) obj.metadata = {}
  if (RESET_STATUS_ON_CREATE.has(key)) obj.status = {}
  CREATE_DEFAULTERS[key]?.(obj, ctx)
  if (key === 'nodes') admitNode(obj)
}

/**
 * Defaulting for a full update (PUT/patch result). Unlike create it keeps allocated values (ClusterIP, NodePorts,
 * generated Job selectors, the service-account volume) that the new body may have dropped.
 */
export function prepareForUpdate(info: ResourceInfo, obj: KObject, old: KObject, ctx: KindContext): void {
  const key = kindKey(info)
  if (!isObj(obj.metadata)) obj.metadata = {}
  switch (key) {
    case 'pods': {
      const spec = ensureObj(obj, 'spec')
      defaultPodSpec(spec)
      def(spec, 'enableServiceLinks', old.spec?.enableServiceLinks ?? true)
      for (const k of ['serviceAccountName', 'serviceAccount', 'priority', 'priorityClassName', 'preemptionPolicy', 'nodeName']) {
        if ((spec[k] === undefined || spec[k] === '') && old.spec?.[k] !== undefined) spec[k] = clone(old.spec[k])
      }
      if (spec.tolerations === undefined && old.spec?.tolerations) spec.tolerations = clone(old.spec.tolerations)
      if (spec.volumes === undefined && old.spec?.volumes) spec.volumes = clone(old.spec.volumes)
      return
    }
    case 'services':
      defaultServiceSpec(obj, old, ctx)
      if (!isObj(obj.status)) obj.status = clone(old.status) ?? {loadBalancer: {}}
      return
    case 'namespaces': {
      obj.metadata.labels = {...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name ?? ''}
      const spec = ensureObj(obj, 'spec')
      if (!Array.isArray(spec.finalizers)) spec.finalizers = clone(old.spec?.finalizers) ?? ['kubernetes']
      if (!isObj(obj.status) || !obj.status.phase) obj.status = clone(old.status) ?? {phase: 'Active'}
      return
    }
    case 'jobs.batch': {
      const spec = ensureObj(obj, 'spec')
      if (!spec.selector && old.spec?.selector) spec.selector = clone(old.spec.selector)
      defaultJobSpec(spec)
      defaultPodTemplate(ensureObj(spec, 'template'))
      return
    }
    case 'customresourcedefinitions.apiextensions.k8s.io': {
      const prevStatus = old.status
      defaultCRD(obj)
      if (isObj(prevStatus?.conditions)) obj.status.conditions = prevStatus.conditions
      else if (Array.isArray(prevStatus?.conditions)) obj.status.conditions = clone(prevStatus.conditions)
      const stored = new Set<string>([...(prevStatus?.storedVersions ?? []), ...(obj.status.storedVersions ?? [])])
      obj.status.storedVersions = [...stored]
      return
    }
    case 'persistentvolumeclaims':
      defaultPVCSpec(obj)
      if (!isObj(obj.status)) obj.status = clone(old.status) ?? {phase: 'Pending'}
      return
    case 'persistentvolumes': {
      // a status write (the binder's phase changes) carries the new status; a body without one keeps the old
      const status = obj.status
      defaultPV(obj)
      if (isObj(status)) obj.status = status
      else if (old.status) obj.status = clone(old.status)
      return
    }
    case 'poddisruptionbudgets.policy':
      ensureObj(obj, 'spec')
      if (!isObj(obj.status)) obj.status = clone(old.status)
      return
    default:
      CREATE_DEFAULTERS[key]?.(obj, ctx)
  }
}

/**
 * The registry strategies' PrepareForUpdate field reset: a main-resource update keeps the old status, a /status
 * update keeps the old spec (and metadata except labels/annotations/finalizers/ownerReferences). Call it only for
 * client writes; controllers writing status through the main resource should not go through it.
 */
export function resetFieldsForUpdate(info: ResourceInfo, obj: KObject, old: KObject, subresource?: string): void {
  if (!info.subresources.includes('status')) return
  if (subresource === 'status') {
    for (const k of Object.keys(obj)) if (k !== 'apiVersion' && k !== 'kind' && k !== 'metadata' && k !== 'status') delete obj[k]
    for (const k of Object.keys(old)) if (k !== 'apiVersion' && k !== 'kind' && k !== 'metadata' && k !== 'status') obj[k] = clone(old[k])
  } else if (!subresource) {
    if (old.status === undefined) delete obj.status
    else obj.status = clone(old.status)
  }
}

/** Whether an update changes spec-like content, i.e. kube would bump metadata.generation. */
export function specChanged(obj: KObject, old: KObject): boolean {
  const strip = (o: KObject) => {
    const {metadata: _m, status: _s, ...rest} = o
    return JSON.stringify(sortKeys(rest))
  }
  return strip(obj) !== strip(old)
}

function sortKeys(v: any): any {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (isObj(v)) return Object.fromEntries(Object.keys(v).sort().map(k => [k, sortKeys(v[k])]))
  return v
}
