// Per-kind describers in kubectl's layout (pkg/describe/describe.go is the reference for field order and wording).
import {DescribeWriter, rfc1123z, since, humanDuration, labelsMultiline, annotationsMultiline, tolerationsMultiline, taintsMultiline, rowsMultiline, describeEvents} from './format.js'
import {formatLabelSelector, labelSelectorString} from '../resource/selector.js'
import {formatLabels} from '../printers/table.js'
import {storageClassOf} from './storage.js'

/** What a describer may use besides the object. */
export interface DescribeContext {
  now: Date
  events?: any[]
  /** Node only: pods on the node (non-terminated) and its Lease. */
  nodePods?: any[]
  lease?: any
  leaseError?: string
}

function controlledBy(obj: any): string {
  const ref = (obj.metadata?.ownerReferences ?? []).find((r: any) => r.controller)
  return ref ? `${ref.kind}/${ref.name}` : ''
}

function containerState(w: DescribeWriter, title: string, state: any, level: number): void {
  if (!state || Object.keys(state).length === 0) {
    w.write(level, `${title}:\tWaiting\n`)
    return
  }
  if (state.running) {
    w.write(level, `${title}:\tRunning\n`)
    w.write(level + 1, `Started:\t${rfc1123z(state.running.startedAt)}\n`)
  } else if (state.waiting) {
    w.write(level, `${title}:\tWaiting\n`)
    if (state.waiting.reason) w.write(level + 1, `Reason:\t${state.waiting.reason}\n`)
  } else if (state.terminated) {
    const t = state.terminated
    w.write(level, `${title}:\tTerminated\n`)
    if (t.reason) w.write(level + 1, `Reason:\t${t.reason}\n`)
    if (t.message) w.write(level + 1, `Message:\t${t.message}\n`)
    w.write(level + 1, `Exit Code:\t${t.exitCode ?? 0}\n`)
    if (t.signal) w.write(level + 1, `Signal:\t${t.signal}\n`)
    w.write(level + 1, `Started:\t${rfc1123z(t.startedAt)}\n`)
    w.write(level + 1, `Finished:\t${rfc1123z(t.finishedAt)}\n`)
  }
}

function resourceList(w: DescribeWriter, title: string, list: Record<string, string> | undefined): void {
  const keys = Object.keys(list ?? {}).sort()
  if (keys.length === 0) return
  w.write(2, `${title}:\n`)
  for (const k of keys) w.write(3, `${k}:\t${list![k]}\n`)
}

function envValue(e: any): string {
  if (e.value !== undefined) return e.value
  const f = e.valueFrom ?? {}
  if (f.fieldRef) return `(${f.fieldRef.apiVersion ?? 'v1'}:${f.fieldRef.fieldPath})`
  if (f.resourceFieldRef) return `${f.resourceFieldRef.resource}`
  if (f.secretKeyRef) return `<set to the key '${f.secretKeyRef.key}' in secret '${f.secretKeyRef.name}'>\tOptional: ${Boolean(f.secretKeyRef.optional)}`
  if (f.configMapKeyRef) return `<set to the key '${f.configMapKeyRef.key}' of config map '${f.configMapKeyRef.name}'>\tOptional: ${Boolean(f.configMapKeyRef.optional)}`
  return ''
}

function describeContainers(w: DescribeWriter, label: string, containers: any[], statuses: any[] | undefined): void {
  w.write(0, `${label}:\n`)
  for (const c of containers) {
    const st = (statuses ?? []).find((s: any) => s.name === c.name)
    w.write(1, `${c.name}:\n`)
    if (st) w.write(2, `Container ID:\t${st.containerID ?? ''}\n`)
    w.write(2, `Image:\t${c.image ?? ''}\n`)
    if (st) w.write(2, `Image ID:\t${st.imageID ?? ''}\n`)
    const ports = c.ports ?? []
    const portText = (key: 'containerPort' | 'hostPort') => ports.length === 0 ? '<none>' : ports.map((p: any) => `${p[key] ?? 0}/${p.protocol ?? 'TCP'}`).join(', ')
    if (ports.length <= 1) {
      w.write(2, `Port:\t${portText('containerPort')}\n`)
      w.write(2, `Host Port:\t${portText('hostPort')}\n`)
    } else {
      w.write(2, `Ports:\t${portText('containerPort')}\n`)
      w.write(2, `Host Ports:\t${portText('hostPort')}\n`)
    }
    if (c.command?.length) {
      w.write(2, 'Command:\n')
      for (const s of c.command) w.write(3, `${s}\n`)
    }
    if (c.args?.length) {
      w.write(2, 'Args:\n')
      for (const s of c.args) w.write(3, `${s}\n`)
    }
    if (st) {
      containerState(w, 'State', st.state, 2)
      if (st.lastState && Object.keys(st.lastState).length > 0) containerState(w, 'Last State', st.lastState, 2)
      w.write(2, `Ready:\t${st.ready ? 'True' : 'False'}\n`)
      w.write(2, `Restart Count:\t${st.restartCount ?? 0}\n`)
    }
    resourceList(w, 'Limits', c.resources?.limits)
    resourceList(w, 'Requests', c.resources?.requests)
    const env = c.env ?? []
    if (env.length === 0 && !(c.envFrom ?? []).length) {
      w.write(2, 'Environment:\t<none>\n')
    } else {
      w.write(2, 'Environment:\n')
      for (const e of env) w.write(3, `${e.name}:\t${envValue(e)}\n`)
    }
    const mounts = [...(c.volumeMounts ?? [])].sort((a: any, b: any) => (a.mountPath < b.mountPath ? -1 : 1))
    if (mounts.length === 0) {
      w.write(2, 'Mounts:\t<none>\n')
    } else {
      w.write(2, 'Mounts:\n')
      for (const m of mounts) {
        const flags = [m.readOnly ? 'ro' : 'rw']
        if (m.subPath) flags.push(`path="${m.subPath}"`)
        w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`)
      }
    }
  }
}

// In a pod template the header moves one level in and names one space further; the detail lines stay put.
function describeVolumes(w: DescribeWriter, volumes: any[] | undefined, inTemplate = false): void {
  const level = inTemplate ? 1 : 0
  if (!volumes || volumes.length === 0) {
    w.write(level, 'Volumes:\t<none>\n')
    return
  }
  w.write(level, 'Volumes:\n')
  for (const v of volumes) {
    w.write(1, `${inTemplate ? ' ' : ''}${v.name}:\n`)
    if (v.projected) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n')
      for (const s of v.projected.sources ?? []) {
        if (s.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3600}\n`)
        else if (s.configMap) {
          w.write(2, `ConfigMapName:\t${s.configMap.name}\n`)
          w.write(2, `Optional:\t${Boolean(s.configMap.optional)}\n`)
        } else if (s.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n')
        else if (s.secret) {
          w.write(2, `SecretName:\t${s.secret.name}\n`)
          w.write(2, `Optional:\t${Boolean(s.secret.optional)}\n`)
        }
      }
    } else if (v.emptyDir) {
      w.write(2, 'Type:\tEmptyDir (a temporary directory that shares a pod\'s lifetime)\n')
      w.write(2, `Medium:\t${v.emptyDir.medium ?? ''}\n`)
      w.write(2, `SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}\n`)
    } else if (v.configMap) {
      w.write(2, 'Type:\tConfigMap (a volume populated by a ConfigMap)\n')
      w.write(2, `Name:\t${v.configMap.name}\n`)
      w.write(2, `Optional:\t${Boolean(v.configMap.optional)}\n`)
    } else if (v.secret) {
      w.write(2, 'Type:\tSecret (a volume populated by a Secret)\n')
      w.write(2, `SecretName:\t${v.secret.secretName}\n`)
      w.write(2, `Optional:\t${Boolean(v.secret.optional)}\n`)
    } else if (v.hostPath) {
      w.write(2, 'Type:\tHostPath (bare host directory volume)\n')
      w.write(2, `Path:\t${v.hostPath.path}\n`)
      w.write(2, `HostPathType:\t${v.hostPath.type ?? ''}\n`)
    } else if (v.persistentVolumeClaim) {
      w.write(2, 'Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n')
      w.write(2, `ClaimName:\t${v.persistentVolumeClaim.claimName}\n`)
      w.write(2, `ReadOnly:\t${Boolean(v.persistentVolumeClaim.readOnly)}\n`)
    } else {
      w.write(2, `<unknown>\n`)
    }
  }
}

function qosClass(pod: any): string {
  if (pod.status?.qosClass) return pod.status.qosClass
  const cs = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]
  const any = cs.some((c: any) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length)
  if (!any) return 'BestEffort'
  const guaranteed = cs.every((c: any) => ['cpu', 'memory'].every((r) => c.resources?.limits?.[r] && (c.resources?.requests?.[r] ?? c.resources.limits[r]) === c.resources.limits[r]))
  return guaranteed ? 'Guaranteed' : 'Burstable'
}

/** `describe pod`. */
export function describePod(pod: any, ctx: DescribeContext): string {
  const w = new DescribeWriter()
  const m = pod.metadata ?? {}
  const spec = pod.spec ?? {}
  const status = pod.status ?? {}
  w.write(0, `Name:\t${m.name}\n`)
  w.write(0, `Namespace:\t${m.namespace}\n`)
  if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`)
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`)
  if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`)
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`)
  w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n')
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`)
  labelsMultiline(w, 'Labels', m.labels)
  annotationsMultiline(w, 'Annotations', m.annotations)
  if (m.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${since(m.deletionTimestamp, ctx.now)})\n`)
    w.write(0, `Termination Grace Period:\t${m.deletionGracePeriodSeconds ?? 0}s\n`)
  } else {
    w.write(0, `Status:\t${status.phase ?? ''}\n`)
  }
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`)
  if (status.message) w.write(0, `Message:\t${status.message}\n`)
  w.write(0, `IP:\t${status.podIP ?? ''}\n`)
  const ips = status.podIPs ?? []
  if (ips.length === 0) w.write(0, 'IPs:\t<none>\n')
  else {
    w.write(0, 'IPs:\n')
    for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`)
  }
  const owner = controlledBy(pod)
  if (owner) w.write(0, `Controlled By:\t${owner}\n`)
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`)
  if (spec.initContainers?.length) describeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses)
  describeContainers(w, 'Containers', spec.containers ?? [], status.containerStatuses)
  if (spec.readinessGates?.length) {
    w.write(0, 'Readiness Gates:\n  Type\tStatus\n')
    for (const g of spec.readinessGates) {
      const c = (status.conditions ?? []).find((x: any) => x.type === g.conditionType)
      w.write(1, `${g.conditionType} \t${c?.status ?? '<none>'} \n`)
    }
  }
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n')
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`)
  }
  describeVolumes(w, spec.volumes)
  w.write(0, `QoS Class:\t${qosClass(pod)}\n`)
  labelsMultiline(w, 'Node-Selectors', spec.nodeSelector)
  tolerationsMultiline(w, 'Tolerations', spec.tolerations)
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}

/** `describe namespace` (quota and limit-range sections as kubectl prints them when there are none). */
export function describeNamespace(ns: any, ctx: DescribeContext & {quotas?: any[]; limitRanges?: any[]}): string {
  const w = new DescribeWriter()
  w.write(0, `Name:\t${ns.metadata?.name}\n`)
  labelsMultiline(w, 'Labels', ns.metadata?.labels)
  annotationsMultiline(w, 'Annotations', ns.metadata?.annotations)
  w.write(0, `Status:\t${ns.status?.phase ?? ''}\n`)
  if (ns.status?.conditions?.length) {
    w.write(0, '\nConditions:\n  Type\tStatus\tLastTransitionTime\tReason\tMessage\n  ----\t------\t------------------\t------\t-------\n')
    for (const c of ns.status.conditions) w.write(1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`)
  }
  if (!ctx.quotas?.length) w.write(0, '\nNo resource quota.\n')
  if (!ctx.limitRanges?.length) w.write(0, '\nNo LimitRange resource.\n')
  return w.text()
}

function parseQuantityMilli(q: string | undefined): number {
  if (!q) return 0
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(q))
  if (!m) return 0
  const n = Number(m[1])
  const mult: Record<string, number> = {'': 1, m: 0.001, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6}
  return Math.round(n * (mult[m[2]] ?? 1) * 1000)
}

function formatMilli(milli: number, resource: string): string {
  if (milli === 0) return '0'
  if (resource === 'cpu') return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`
  const v = milli / 1000
  for (const [suffix, size] of [['Ei', 1024 ** 6], ['Pi', 1024 ** 5], ['Ti', 1024 ** 4], ['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as [string, number][]) {
    if (v % size === 0) return `${v / size}${suffix}`
  }
  return String(v)
}

function podTotals(pods: any[]): {requests: Map<string, number>; limits: Map<string, number>} {
  const requests = new Map<string, number>()
  const limits = new Map<string, number>()
  for (const p of pods) {
    for (const c of p.spec?.containers ?? []) {
      for (const [k, v] of Object.entries(c.resources?.requests ?? {})) requests.set(k, (requests.get(k) ?? 0) + parseQuantityMilli(v as string))
      for (const [k, v] of Object.entries(c.resources?.limits ?? {})) limits.set(k, (limits.get(k) ?? 0) + parseQuantityMilli(v as string))
    }
  }
  return {requests, limits}
}

function pct(value: number, total: number): number {
  return total === 0 ? 0 : Math.trunc((value / total) * 100)
}

/** `describe node`. */
export function describeNode(node: any, ctx: DescribeContext): string {
  const w = new DescribeWriter()
  const m = node.metadata ?? {}
  const status = node.status ?? {}
  w.write(0, `Name:\t${m.name}\n`)
  const roles = Object.keys(m.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length)).filter(Boolean)
  if (m.labels?.['kubernetes.io/role']) roles.push(m.labels['kubernetes.io/role'])
  w.write(0, `Roles:\t${roles.length ? roles.sort().join(',') : '<none>'}\n`)
  labelsMultiline(w, 'Labels', m.labels)
  annotationsMultiline(w, 'Annotations', m.annotations)
  w.write(0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`)
  taintsMultiline(w, 'Taints', node.spec?.taints)
  w.write(0, `Unschedulable:\t${Boolean(node.spec?.unschedulable)}\n`)
  if (ctx.lease) {
    w.write(0, 'Lease:\n')
    w.write(1, `HolderIdentity:\t${ctx.lease.spec?.holderIdentity ?? '<unset>'}\n`)
    w.write(1, `AcquireTime:\t${ctx.lease.spec?.acquireTime ? rfc1123z(ctx.lease.spec.acquireTime) : '<unset>'}\n`)
    w.write(1, `RenewTime:\t${ctx.lease.spec?.renewTime ? rfc1123z(ctx.lease.spec.renewTime) : '<unset>'}\n`)
  } else if (ctx.leaseError) {
    w.write(0, `Lease:\tFailed to get lease: ${ctx.leaseError}\n`)
  }
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n')
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n')
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`)
  }
  w.write(0, 'Addresses:\n')
  for (const a of status.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`)
  const printList = (title: string, list: Record<string, string> | undefined) => {
    if (!list || Object.keys(list).length === 0) return
    w.write(0, `${title}:\n`)
    for (const k of Object.keys(list).sort()) w.write(1, `${k}:\t${list[k]}\n`)
  }
  printList('Capacity', status.capacity)
  printList('Allocatable', status.allocatable)
  const ni = status.nodeInfo ?? {}
  w.write(0, 'System Info:\n')
  w.write(1, `Machine ID:\t${ni.machineID ?? ''}\n`)
  w.write(1, `System UUID:\t${ni.systemUUID ?? ''}\n`)
  w.write(1, `Boot ID:\t${ni.bootID ?? ''}\n`)
  w.write(1, `Kernel Version:\t${ni.kernelVersion ?? ''}\n`)
  w.write(1, `OS Image:\t${ni.osImage ?? ''}\n`)
  w.write(1, `Operating System:\t${ni.operatingSystem ?? ''}\n`)
  w.write(1, `Architecture:\t${ni.architecture ?? ''}\n`)
  w.write(1, `Container Runtime Version:\t${ni.containerRuntimeVersion ?? ''}\n`)
  w.write(1, `Kubelet Version:\t${ni.kubeletVersion ?? ''}\n`)
  if (ni.kubeProxyVersion) w.write(1, `Kube-Proxy Version:\t${ni.kubeProxyVersion}\n`)
  if (node.spec?.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`)
  if (node.spec?.podCIDRs?.length) w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`)
  if (node.spec?.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`)
  if (ctx.nodePods) {
    const pods = ctx.nodePods
    const alloc = status.allocatable ?? {}
    w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`)
    w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n')
    w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n')
    const cpuAlloc = parseQuantityMilli(alloc.cpu)
    const memAlloc = parseQuantityMilli(alloc.memory)
    for (const p of pods) {
      const t = podTotals([p])
      const cr = t.requests.get('cpu') ?? 0
      const cl = t.limits.get('cpu') ?? 0
      const mr = t.requests.get('memory') ?? 0
      const ml = t.limits.get('memory') ?? 0
      w.write(1, `${p.metadata?.namespace}\t${p.metadata?.name}\t\t${formatMilli(cr, 'cpu')} (${pct(cr, cpuAlloc)}%)\t${formatMilli(cl, 'cpu')} (${pct(cl, cpuAlloc)}%)\t${formatMilli(mr, 'memory')} (${pct(mr, memAlloc)}%)\t${formatMilli(ml, 'memory')} (${pct(ml, memAlloc)}%)\t${since(p.metadata?.creationTimestamp, ctx.now)}\n`)
    }
    const t = podTotals(pods)
    w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n')
    w.write(1, 'Resource\tRequests\tLimits\n')
    w.write(1, '--------\t--------\t------\n')
    const names = ['cpu', 'memory', 'ephemeral-storage', ...Object.keys(alloc).filter((k) => k.startsWith('hugepages-')).sort()]
    for (const r of names) {
      const req = t.requests.get(r) ?? 0
      const lim = t.limits.get(r) ?? 0
      const total = parseQuantityMilli(alloc[r])
      w.write(1, `${r}\t${formatMilli(req, r)} (${pct(req, total)}%)\t${formatMilli(lim, r)} (${pct(lim, total)}%)\n`)
    }
  }
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}

/** `describe configmap`. */
export function describeConfigMap(cm: any, ctx: DescribeContext): string {
  const w = new DescribeWriter()
  w.write(0, `Name:\t${cm.metadata?.name}\n`)
  w.write(0, `Namespace:\t${cm.metadata?.namespace}\n`)
  labelsMultiline(w, 'Labels', cm.metadata?.labels)
  annotationsMultiline(w, 'Annotations', cm.metadata?.annotations)
  w.write(0, '\nData\n====\n')
  for (const k of Object.keys(cm.data ?? {}).sort()) {
    w.write(0, `${k}:\n----\n`)
    w.write(0, `${cm.data[k]}\n\n`)
  }
  w.write(0, '\nBinaryData\n====\n')
  for (const k of Object.keys(cm.binaryData ?? {}).sort()) w.write(0, `${k}: ${Buffer.from(cm.binaryData[k], 'base64').length} bytes\n`)
  w.write(0, '\n')
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}

/** `describe secret`: sizes only, never values. */
export function describeSecret(s: any, ctx: DescribeContext): string {
  const w = new DescribeWriter()
  w.write(0, `Name:\t${s.metadata?.name}\n`)
  w.write(0, `Namespace:\t${s.metadata?.namespace}\n`)
  labelsMultiline(w, 'Labels', s.metadata?.labels)
  annotationsMultiline(w, 'Annotations', s.metadata?.annotations)
  w.write(0, `\nType:\t${s.type ?? ''}\n`)
  w.write(0, '\nData\n====\n')
  for (const k of Object.keys(s.data ?? {}).sort()) {
    const len = Buffer.from(s.data[k], 'base64').length
    w.write(0, `${k}:\t${len} bytes\n`)
  }
  void ctx
  return w.text()
}

function topologySpreadConstraints(w: DescribeWriter, list: any[] | undefined): void {
  if (!list?.length) return
  const sorted = [...list].sort((a, b) => (String(a.topologyKey ?? '') < String(b.topologyKey ?? '') ? -1 : String(a.topologyKey ?? '') > String(b.topologyKey ?? '') ? 1 : 0))
  rowsMultiline(w, 1, 'Topology Spread Constraints', sorted.map((c) =>
    `${c.topologyKey ?? ''}:${c.whenUnsatisfiable ?? ''} when max skew ${c.maxSkew ?? 0} is exceeded${c.labelSelector ? ` for selector ${formatLabelSelector(c.labelSelector)}` : ''}`))
}

// A template's env: nothing resolves field references, so their value is empty (hence the leading space).
function templateEnv(w: DescribeWriter, c: any): void {
  const envFrom = c.envFrom ?? []
  if (envFrom.length) {
    w.write(2, 'Environment Variables from:\n')
    for (const e of envFrom) {
      const ref = e.configMapRef ?? e.secretRef
      const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : ''
      const optional = Boolean(ref?.optional)
      w.write(3, e.prefix ? `${ref?.name ?? ''}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n` : `${ref?.name ?? ''}\t${from}\tOptional: ${optional}\n`)
    }
  }
  const env = c.env ?? []
  w.write(2, env.length ? 'Environment:\n' : 'Environment:\t<none>\n')
  for (const e of env) {
    const f = e.valueFrom
    if (!f) {
      String(e.value ?? '').split('\n').forEach((line, i) => w.write(3, i === 0 ? `${e.name}:\t${line}\n` : `\t${line}\n`))
    } else if (f.fieldRef) w.write(3, `${e.name}:\t (${f.fieldRef.apiVersion ?? 'v1'}:${f.fieldRef.fieldPath})\n`)
    else if (f.resourceFieldRef) w.write(3, `${e.name}:\t (${f.resourceFieldRef.resource})\n`)
    else if (f.secretKeyRef || f.configMapKeyRef) w.write(3, `${e.name}:\t${envValue(e)}\n`)
  }
}

/** The Pod Template block of workloads (containers indented one space deeper than in a pod). */
export function describePodTemplate(w: DescribeWriter, template: any): void {
  w.write(0, 'Pod Template:\n')
  labelsMultiline(w, 'Labels', template?.metadata?.labels, 1)
  if (Object.keys(template?.metadata?.annotations ?? {}).length) annotationsMultiline(w, 'Annotations', template.metadata.annotations, 1)
  const spec = template?.spec ?? {}
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`)
  const containers = (label: string, list: any[]) => {
    w.write(1, `${label}:\n`)
    for (const c of list) {
      w.write(1, ` ${c.name}:\n`)
      w.write(2, `Image:\t${c.image ?? ''}\n`)
      const ports = c.ports ?? []
      const portText = (key: 'containerPort' | 'hostPort') => ports.length === 0 ? '<none>' : ports.map((p: any) => `${p[key] ?? 0}/${p.protocol ?? 'TCP'}`).join(', ')
      if (ports.length <= 1) {
        w.write(2, `Port:\t${portText('containerPort')}\n`)
        w.write(2, `Host Port:\t${portText('hostPort')}\n`)
      } else {
        w.write(2, `Ports:\t${portText('containerPort')}\n`)
        w.write(2, `Host Ports:\t${portText('hostPort')}\n`)
      }
      if (c.command?.length) {
        w.write(2, 'Command:\n')
        for (const s of c.command) w.write(3, `${s}\n`)
      }
      if (c.args?.length) {
        w.write(2, 'Args:\n')
        for (const s of c.args) w.write(3, `${s}\n`)
      }
      resourceList(w, 'Limits', c.resources?.limits)
      resourceList(w, 'Requests', c.resources?.requests)
      templateEnv(w, c)
      const mounts = [...(c.volumeMounts ?? [])].sort((a: any, b: any) => (a.mountPath < b.mountPath ? -1 : 1))
      if (mounts.length === 0) w.write(2, 'Mounts:\t<none>\n')
      else {
        w.write(2, 'Mounts:\n')
        for (const m of mounts) w.write(3, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'}${m.subPath ? `,path="${m.subPath}"` : ''})\n`)
      }
    }
  }
  if (spec.initContainers?.length) containers('Init Containers', spec.initContainers)
  containers('Containers', spec.containers ?? [])
  describeVolumes(w, spec.volumes, true)
  topologySpreadConstraints(w, spec.topologySpreadConstraints)
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`)
  labelsMultiline(w, 'Node-Selectors', spec.nodeSelector, 1)
  tolerationsMultiline(w, 'Tolerations', spec.tolerations, 1)
}

/** `describe deployment`; rs = the deployment's replica sets (for OldReplicaSets/NewReplicaSet). */
export function describeDeployment(d: any, ctx: DescribeContext & {newRS?: any; oldRSs?: any[]}): string {
  const w = new DescribeWriter()
  const m = d.metadata ?? {}
  const spec = d.spec ?? {}
  const st = d.status ?? {}
  w.write(0, `Name:\t${m.name}\n`)
  w.write(0, `Namespace:\t${m.namespace}\n`)
  w.write(0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`)
  labelsMultiline(w, 'Labels', m.labels)
  annotationsMultiline(w, 'Annotations', m.annotations)
  w.write(0, `Selector:\t${formatLabelSelector(spec.selector)}\n`)
  w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`)
  w.write(0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`)
  w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`)
  if (spec.strategy?.rollingUpdate) {
    const ru = spec.strategy.rollingUpdate
    w.write(0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? '25%'} max unavailable, ${ru.maxSurge ?? '25%'} max surge\n`)
  }
  describePodTemplate(w, spec.template)
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n')
    w.write(1, '----\t------\t------\n')
    for (const c of st.conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`)
  }
  const rsText = (list: any[]) => list.length === 0 ? '<none>' : list.map((rs) => `${rs.metadata?.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ')
  w.write(0, `OldReplicaSets:\t${rsText(ctx.oldRSs ?? [])}\n`)
  w.write(0, `NewReplicaSet:\t${ctx.newRS ? rsText([ctx.newRS]) : '<none>'}\n`)
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}

/** `describe replicaset`; pods = pods the replica set controls (for Pods Status). */
export function describeReplicaSet(rs: any, ctx: DescribeContext & {pods?: any[]}): string {
  const w = new DescribeWriter()
  const m = rs.metadata ?? {}
  const spec = rs.spec ?? {}
  const count = (phase: string) => (ctx.pods ?? []).filter((p) => p.status?.phase === phase).length
  w.write(0, `Name:\t${m.name}\n`)
  w.write(0, `Namespace:\t${m.namespace}\n`)
  w.write(0, `Selector:\t${formatLabelSelector(spec.selector)}\n`)
  labelsMultiline(w, 'Labels', m.labels)
  annotationsMultiline(w, 'Annotations', m.annotations)
  const owner = controlledBy(rs)
  if (owner) w.write(0, `Controlled By:\t${owner}\n`)
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${spec.replicas ?? 1} desired\n`)
  w.write(0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed\n`)
  describePodTemplate(w, spec.template)
  if (rs.status?.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n')
    w.write(1, '----\t------\t------\n')
    for (const c of rs.status.conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`)
  }
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}

/** `describe service`; endpoints = "ip:port" strings per service port name. */
export function describeService(svc: any, ctx: DescribeContext & {endpoints?: Map<string, string[]>}): string {
  const w = new DescribeWriter()
  const m = svc.metadata ?? {}
  const spec = svc.spec ?? {}
  w.write(0, `Name:\t${m.name}\n`)
  w.write(0, `Namespace:\t${m.namespace}\n`)
  labelsMultiline(w, 'Labels', m.labels)
  annotationsMultiline(w, 'Annotations', m.annotations)
  const sel = spec.selector ?? {}
  w.write(0, `Selector:\t${Object.keys(sel).length ? Object.keys(sel).sort().map((k) => `${k}=${sel[k]}`).join(',') : '<none>'}\n`)
  w.write(0, `Type:\t${spec.type ?? ''}\n`)
  if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`)
  if (spec.ipFamilies?.length) w.write(0, `IP Families:\t${spec.ipFamilies.join(',')}\n`)
  if (spec.clusterIPs?.length || spec.clusterIP) {
    w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`)
    if (spec.clusterIPs?.length) w.write(0, `IPs:\t${spec.clusterIPs.join(',')}\n`)
  }
  if (spec.externalIPs?.length) w.write(0, `External IPs:\t${spec.externalIPs.join(',')}\n`)
  if (spec.loadBalancerIP) w.write(0, `IP:\t${spec.loadBalancerIP}\n`)
  if (spec.type === 'ExternalName') w.write(0, `External Name:\t${spec.externalName ?? ''}\n`)
  const ingress = svc.status?.loadBalancer?.ingress ?? []
  if (ingress.length) w.write(0, `LoadBalancer Ingress:\t${ingress.map((i: any) => i.ip || i.hostname).join(', ')}\n`)
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>'
    w.write(0, `Port:\t${name}\t${p.port}/${p.protocol ?? 'TCP'}\n`)
    w.write(0, `TargetPort:\t${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}\n`)
    if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${p.protocol ?? 'TCP'}\n`)
    const eps = ctx.endpoints?.get(p.name ?? '') ?? []
    const shown = eps.slice(0, 3).join(',')
    w.write(0, `Endpoints:\t${eps.length === 0 ? '' : eps.length > 3 ? `${shown} + ${eps.length - 3} more...` : shown}\n`)
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? 'None'}\n`)
  if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`)
  if (spec.internalTrafficPolicy) w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`)
  if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`)
  if (spec.loadBalancerSourceRanges?.length) w.write(0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`)
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}

/** `describe serviceaccount`: secret names per role, headers padded as kubectl pads them. */
export function describeServiceAccount(sa: any, ctx: DescribeContext): string {
  const w = new DescribeWriter()
  w.write(0, `Name:\t${sa.metadata?.name}\n`)
  w.write(0, `Namespace:\t${sa.metadata?.namespace}\n`)
  labelsMultiline(w, 'Labels', sa.metadata?.labels)
  annotationsMultiline(w, 'Annotations', sa.metadata?.annotations)
  const sections: [string, string[]][] = [
    ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s: any) => s.name)],
    ['Mountable secrets: ', (sa.secrets ?? []).map((s: any) => s.name)],
    ['Tokens:            ', []],
  ]
  for (const [header, names] of sections) {
    if (names.length === 0) w.write(0, `${header}\t<none>\n`)
    else names.forEach((n, i) => w.write(0, `${i === 0 ? header : '                   '}\t${n}\n`))
  }
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}

/** Owned pods per phase: kubectl's "Pods Status" counts (Pending counts as Waiting). */
export interface PodPhaseCounts {
  running: number
  waiting: number
  succeeded: number
  failed: number
}

/** Counts pods by phase. */
export function podPhaseCounts(pods: any[] | undefined): PodPhaseCounts {
  const count = (phase: string) => (pods ?? []).filter((p) => p.status?.phase === phase).length
  return {running: count('Running'), waiting: count('Pending'), succeeded: count('Succeeded'), failed: count('Failed')}
}

function podsStatusLine(pods: any[] | undefined): string {
  const c = podPhaseCounts(pods)
  return `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`
}

/** `describe daemonset`; pods = pods the daemon set controls (for Pods Status). */
export function describeDaemonSet(ds: any, ctx: DescribeContext & {pods?: any[]}): string {
  const w = new DescribeWriter()
  const m = ds.metadata ?? {}
  const spec = ds.spec ?? {}
  const st = ds.status ?? {}
  w.write(0, `Name:\t${m.name}\n`)
  w.write(0, `Namespace:\t${m.namespace}\n`)
  w.write(0, `Selector:\t${labelSelectorString(spec.selector)}\n`)
  w.write(0, `Node-Selector:\t${formatLabels(spec.template?.spec?.nodeSelector)}\n`)
  labelsMultiline(w, 'Labels', m.labels)
  annotationsMultiline(w, 'Annotations', m.annotations)
  // These lines carry no tab, so they end the aligned block above them.
  w.write(0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\n`)
  w.write(0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`)
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\n`)
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`)
  w.write(0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`)
  w.write(0, `Pods Status:\t${podsStatusLine(ctx.pods)}\n`)
  describePodTemplate(w, spec.template)
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}

// resource.Quantity for a storage request as stored; `<default>` when absent.
function claimCapacity(pvc: any): string {
  const q = pvc.spec?.resources?.requests?.storage
  return q === undefined || q === null ? '<default>' : String(q)
}

function volumeClaimTemplates(w: DescribeWriter, templates: any[] | undefined): void {
  if (!templates?.length) {
    w.write(0, 'Volume Claims:\t<none>\n')
    return
  }
  w.write(0, 'Volume Claims:\n')
  for (const pvc of templates) {
    const md = pvc.metadata ?? {}
    w.write(1, `Name:\t${md.name ?? ''}\n`)
    w.write(1, `StorageClass:\t${storageClassOf(pvc)}\n`)
    // Both blocks use the plain label writer: annotations appear as k=v, uncut.
    labelsMultiline(w, 'Labels', md.labels, 1)
    labelsMultiline(w, 'Annotations', md.annotations, 1)
    w.write(1, `Capacity:\t${claimCapacity(pvc)}\n`)
    w.write(1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`)
  }
}

/** `describe statefulset`; pods = pods the stateful set controls (for Pods Status). */
export function describeStatefulSet(sts: any, ctx: DescribeContext & {pods?: any[]}): string {
  const w = new DescribeWriter()
  const m = sts.metadata ?? {}
  const spec = sts.spec ?? {}
  const st = sts.status ?? {}
  w.write(0, `Name:\t${m.name}\n`)
  w.write(0, `Namespace:\t${m.namespace}\n`)
  w.write(0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`)
  w.write(0, `Selector:\t${labelSelectorString(spec.selector)}\n`)
  labelsMultiline(w, 'Labels', m.labels)
  annotationsMultiline(w, 'Annotations', m.annotations)
  w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${st.replicas ?? 0} total\n`)
  w.write(0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`)
  const ru = spec.updateStrategy?.rollingUpdate
  if (ru && ru.partition !== undefined && ru.partition !== null) {
    w.write(1, `Partition:\t${ru.partition}\n`)
    if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(1, `MaxUnavailable:\t${ru.maxUnavailable}\n`)
  }
  w.write(0, `Pods Status:\t${podsStatusLine(ctx.pods)}\n`)
  describePodTemplate(w, spec.template)
  volumeClaimTemplates(w, spec.volumeClaimTemplates)
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}

// capIndexesListOrNone: cut after the first comma at or past the soft limit.
function capIndexes(indexes: string | undefined, softLimit: number): string {
  if (!indexes) return '<none>'
  const cut = indexes.indexOf(',', softLimit)
  return cut < 0 ? indexes : `${indexes.slice(0, cut + 1)}...`
}

const isSet = (v: unknown) => v !== undefined && v !== null

/** `describe job`: counts come from the Job's status, not from listing pods. */
export function describeJob(job: any, ctx: DescribeContext): string {
  const w = new DescribeWriter()
  const m = job.metadata ?? {}
  const spec = job.spec ?? {}
  const st = job.status ?? {}
  w.write(0, `Name:\t${m.name}\n`)
  w.write(0, `Namespace:\t${m.namespace}\n`)
  w.write(0, `Selector:\t${labelSelectorString(spec.selector)}\n`)
  labelsMultiline(w, 'Labels', m.labels)
  annotationsMultiline(w, 'Annotations', m.annotations)
  const owner = controlledBy(job)
  if (owner) w.write(0, `Controlled By:\t${owner}\n`)
  if (isSet(spec.parallelism)) w.write(0, `Parallelism:\t${spec.parallelism}\n`)
  w.write(0, `Completions:\t${isSet(spec.completions) ? spec.completions : '<unset>'}\n`)
  if (isSet(spec.completionMode)) w.write(0, `Completion Mode:\t${spec.completionMode}\n`)
  if (isSet(spec.suspend)) w.write(0, `Suspend:\t${Boolean(spec.suspend)}\n`)
  if (isSet(spec.backoffLimit)) w.write(0, `Backoff Limit:\t${spec.backoffLimit}\n`)
  if (isSet(spec.ttlSecondsAfterFinished)) w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`)
  if (st.startTime) w.write(0, `Start Time:\t${rfc1123z(st.startTime)}\n`)
  if (st.completionTime) w.write(0, `Completed At:\t${rfc1123z(st.completionTime)}\n`)
  if (st.startTime && st.completionTime) w.write(0, `Duration:\t${humanDuration(new Date(st.completionTime).getTime() - new Date(st.startTime).getTime())}\n`)
  if (isSet(spec.activeDeadlineSeconds)) w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`)
  const ready = isSet(st.ready) ? ` (${st.ready} Ready)` : ''
  w.write(0, `Pods Statuses:\t${st.active ?? 0} Active${ready} / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`)
  if (spec.completionMode === 'Indexed') w.write(0, `Completed Indexes:\t${capIndexes(st.completedIndexes, 50)}\n`)
  describePodTemplate(w, spec.template)
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}

/** `describe cronjob` as kubectl 1.33 prints it (no Time Zone line yet). */
export function describeCronJob(cj: any, ctx: DescribeContext): string {
  const w = new DescribeWriter()
  const m = cj.metadata ?? {}
  const spec = cj.spec ?? {}
  const st = cj.status ?? {}
  const unset = (v: unknown, suffix = '') => (isSet(v) ? `${v}${suffix}` : '<unset>')
  w.write(0, `Name:\t${m.name}\n`)
  w.write(0, `Namespace:\t${m.namespace}\n`)
  labelsMultiline(w, 'Labels', m.labels)
  annotationsMultiline(w, 'Annotations', m.annotations)
  w.write(0, `Schedule:\t${spec.schedule ?? ''}\n`)
  w.write(0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`)
  w.write(0, `Suspend:\t${isSet(spec.suspend) ? (spec.suspend ? 'True' : 'False') : '<unset>'}\n`)
  w.write(0, `Successful Job History Limit:\t${unset(spec.successfulJobsHistoryLimit)}\n`)
  w.write(0, `Failed Job History Limit:\t${unset(spec.failedJobsHistoryLimit)}\n`)
  w.write(0, `Starting Deadline Seconds:\t${unset(spec.startingDeadlineSeconds, 's')}\n`)
  const jspec = spec.jobTemplate?.spec ?? {}
  w.write(0, `Selector:\t${jspec.selector ? labelSelectorString(jspec.selector) : '<unset>'}\n`)
  w.write(0, `Parallelism:\t${unset(jspec.parallelism)}\n`)
  w.write(0, `Completions:\t${unset(jspec.completions)}\n`)
  if (isSet(jspec.activeDeadlineSeconds)) w.write(0, `Active Deadline Seconds:\t${jspec.activeDeadlineSeconds}s\n`)
  describePodTemplate(w, jspec.template)
  w.write(0, `Last Schedule Time:\t${st.lastScheduleTime ? rfc1123z(st.lastScheduleTime) : '<unset>'}\n`)
  const active = (st.active ?? []).map((r: any) => r.name ?? '')
  w.write(0, `Active Jobs:\t${active.length ? active.join(', ') : '<none>'}\n`)
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}
