// endpoint-controller and endpointslice-controller: Endpoints and EndpointSlices of selector Services from their pods.
import type {KObject} from '../types.js'
import {GVRS} from '../types.js'
import type {Ctx} from './context.js'
import {WorkQueue, clone, enqueueForPod, createWithGeneratedName, deepEqual, deleteIfExists, keyOf, mapSelectorMatches, nowTime, ownerRefTo, podIsReady, podIsTerminal, splitKey} from './runtime.js'

const SERVICE_NAME = 'kubernetes.io/service-name'
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by'
const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io'

/** The container port a service port's targetPort resolves to in one pod, or undefined when it does not. */
export function resolveTargetPort(svcPort: any, pod: KObject): number | undefined {
  const t = svcPort.targetPort ?? svcPort.port
  if (typeof t === 'number') return t
  if (/^\d+$/.test(String(t))) return Number(t)
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === t && (p.protocol ?? 'TCP') === (svcPort.protocol ?? 'TCP')) return p.containerPort
  }
  return undefined
}

function ipNum(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + (Number(o) || 0), 0)
}

/** Endpoints subsets for a service and its selected pods, grouped by resolved port set as kube repacks them. */
export function buildSubsets(svc: KObject, pods: KObject[]): any[] {
  const groups = new Map<string, {ports: any[]; addresses: any[]; notReadyAddresses: any[]}>()
  const publishNotReady = !!svc.spec?.publishNotReadyAddresses
  for (const pod of pods) {
    const ip = pod.status?.podIP
    if (!ip || podIsTerminal(pod) || pod.metadata.deletionTimestamp) continue
    const ports: any[] = []
    for (const sp of svc.spec?.ports ?? []) {
      const port = resolveTargetPort(sp, pod)
      if (port === undefined) continue
      ports.push({...(sp.name ? {name: sp.name} : {}), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? {appProtocol: sp.appProtocol} : {})})
    }
    if (!ports.length && (svc.spec?.ports ?? []).length) continue
    const key = JSON.stringify(ports)
    let g = groups.get(key)
    if (!g) groups.set(key, (g = {ports, addresses: [], notReadyAddresses: []}))
    const addr = {ip, nodeName: pod.spec?.nodeName, targetRef: {kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid}}
    if (!addr.nodeName) delete (addr as any).nodeName
    if (podIsReady(pod) || publishNotReady) g.addresses.push(addr)
    else g.notReadyAddresses.push(addr)
  }
  const out: any[] = []
  for (const g of groups.values()) {
    g.addresses.sort((a, b) => ipNum(a.ip) - ipNum(b.ip))
    g.notReadyAddresses.sort((a, b) => ipNum(a.ip) - ipNum(b.ip))
    const s: any = {}
    if (g.addresses.length) s.addresses = g.addresses
    if (g.notReadyAddresses.length) s.notReadyAddresses = g.notReadyAddresses
    if (g.ports.length) s.ports = g.ports
    out.push(s)
  }
  return out
}

/** EndpointSlice endpoints and ports for a service (one slice; terminating pods are listed as terminating). */
export function buildSlice(svc: KObject, pods: KObject[]): {endpoints: any[]; ports: any[]} {
  const endpoints: any[] = []
  let ports: any[] | undefined
  for (const pod of pods) {
    const ip = pod.status?.podIP
    if (!ip || podIsTerminal(pod)) continue
    const pp: any[] = []
    for (const sp of svc.spec?.ports ?? []) {
      const port = resolveTargetPort(sp, pod)
      if (port === undefined) continue
      pp.push({name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? {appProtocol: sp.appProtocol} : {})})
    }
    if (!ports) ports = pp
    const terminating = !!pod.metadata.deletionTimestamp
    const ready = podIsReady(pod)
    const ep: any = {
      addresses: [ip],
      conditions: {ready: ready && !terminating, serving: ready, terminating},
      ...(pod.spec?.nodeName ? {nodeName: pod.spec.nodeName} : {}),
      targetRef: {kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid},
    }
    endpoints.push(ep)
  }
  endpoints.sort((a, b) => ipNum(a.addresses[0]) - ipNum(b.addresses[0]))
  if (!ports) ports = (svc.spec?.ports ?? []).filter((sp: any) => typeof (sp.targetPort ?? sp.port) === 'number').map((sp: any) => ({name: sp.name ?? '', port: sp.targetPort ?? sp.port, protocol: sp.protocol ?? 'TCP'}))
  return {endpoints, ports: ports ?? []}
}

/** Keeps Endpoints and EndpointSlices of every Service current. */
export class EndpointsController {
  readonly queue: WorkQueue

  constructor(private readonly ctx: Ctx) {
    this.queue = new WorkQueue('endpoint-controller', (k) => this.sync(k), (l) => ctx.log(l))
    const services = ctx.informer(GVRS.services)
    services.onChange((ev) => this.queue.add(keyOf(ev.object)))
    ctx.informer(GVRS.pods).onChange((ev, old) => {
      const ns = ev.object.metadata.namespace
      if (!ns) return
      if (old && ev.type === 'MODIFIED' && !this.relevantChange(old, ev.object)) return
      for (const svc of services.inNamespace(ns)) {
        if (mapSelectorMatches(svc.spec?.selector, ev.object.metadata.labels) || (old && mapSelectorMatches(svc.spec?.selector, old.metadata.labels))) enqueueForPod(this.queue, keyOf(svc), ev, old)
      }
    })
    if (ctx.serves(GVRS.endpointslices)) ctx.informer(GVRS.endpointslices)
    ctx.informer(GVRS.endpoints).onChange((ev) => {
      if (ev.type === 'DELETED') this.queue.add(keyOf(ev.object))
    })
  }

  /** Only what Endpoints show; status heartbeats and container restarts don't matter. */
  private relevantChange(a: KObject, b: KObject): boolean {
    return a.status?.podIP !== b.status?.podIP || podIsReady(a) !== podIsReady(b) || a.spec?.nodeName !== b.spec?.nodeName ||
      a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp || podIsTerminal(a) !== podIsTerminal(b) || !deepEqual(a.metadata.labels, b.metadata.labels)
  }

  start(): void {
    for (const s of this.ctx.informer(GVRS.services).all()) this.queue.add(keyOf(s))
  }

  stop(): void {
    this.queue.stop()
  }

  private sync(key: string): void {
    const [ns, name] = splitKey(key)
    const svc = this.ctx.informer(GVRS.services).get(key)
    if (!svc) {
      const ep = this.ctx.informer(GVRS.endpoints).get(key)
      if (ep) deleteIfExists(this.ctx.api, GVRS.endpoints, ns, name)
      return
    }
    if (svc.metadata.deletionTimestamp) return
    if (ns === 'default' && name === 'kubernetes') return this.syncApiServer(svc)
    const selector = svc.spec?.selector
    if (!selector || !Object.keys(selector).length || svc.spec?.type === 'ExternalName') return
    const pods = this.ctx.informer(GVRS.pods).inNamespace(ns!).filter((p) => mapSelectorMatches(selector, p.metadata.labels))
    this.writeEndpoints(svc, buildSubsets(svc, pods))
    if (this.ctx.serves(GVRS.endpointslices)) this.writeSlice(svc, buildSlice(svc, pods), true)
  }

  private syncApiServer(svc: KObject): void {
    const a = this.ctx.opts.apiServer
    if (!a) return
    const port = {name: 'https', port: a.port, protocol: 'TCP'}
    // the API server owns these in kube (the mirroring controller is told to keep out)
    this.writeEndpoints(svc, [{addresses: [{ip: a.ip}], ports: [port]}], {'endpointslice.kubernetes.io/skip-mirror': 'true'})
    if (!this.ctx.serves(GVRS.endpointslices)) return
    const slice = {endpoints: [{addresses: [a.ip], conditions: {ready: true}}], ports: [port]}
    this.writeSlice(svc, slice, false)
  }

  private writeEndpoints(svc: KObject, subsets: any[], fixedLabels?: Record<string, string>): void {
    const ns = svc.metadata.namespace!
    const name = svc.metadata.name!
    const labels: Record<string, string> = fixedLabels ?? {...(svc.metadata.labels ?? {})}
    if (!fixedLabels && svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = ''
    const cur = this.ctx.informer(GVRS.endpoints).get(`${ns}/${name}`)
    if (!cur) {
      const ep: KObject = {apiVersion: 'v1', kind: 'Endpoints', metadata: {name, namespace: ns, labels, annotations: {'endpoints.kubernetes.io/last-change-trigger-time': nowTime()}}}
      if (!Object.keys(labels).length) delete ep.metadata.labels
      if (subsets.length) ep.subsets = subsets
      this.ctx.api.create(GVRS.endpoints, ep)
      return
    }
    if (deepEqual(cur.subsets ?? [], subsets) && deepEqual(cur.metadata.labels ?? {}, labels)) return
    this.ctx.api.mutate(GVRS.endpoints, ns, name, (e) => {
      if (subsets.length) e.subsets = subsets
      else delete e.subsets
      e.metadata.labels = labels
      if (!Object.keys(labels).length) delete e.metadata.labels
      ;(e.metadata.annotations ??= {})['endpoints.kubernetes.io/last-change-trigger-time'] = nowTime()
    })
  }

  private writeSlice(svc: KObject, content: {endpoints: any[]; ports: any[]}, managed: boolean): void {
    const ns = svc.metadata.namespace!
    const name = svc.metadata.name!
    const slices = this.ctx.informer(GVRS.endpointslices).inNamespace(ns).filter((s) =>
      s.metadata.labels?.[SERVICE_NAME] === name && (managed ? s.metadata.labels?.[MANAGED_BY] === SLICE_CONTROLLER : !s.metadata.labels?.[MANAGED_BY]))
    const labels: Record<string, string> = managed
      ? {...(svc.metadata.labels ?? {}), [SERVICE_NAME]: name, [MANAGED_BY]: SLICE_CONTROLLER}
      : {'endpointslice.kubernetes.io/skip-mirror': 'true', [SERVICE_NAME]: name}
    if (managed && svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = ''
    const [first, ...extra] = slices
    for (const s of extra) deleteIfExists(this.ctx.api, GVRS.endpointslices, ns, s.metadata.name!)
    if (!first) {
      const slice: KObject = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {namespace: ns, labels, ...(managed ? {ownerReferences: [ownerRefTo(svc)]} : {}), annotations: {'endpoints.kubernetes.io/last-change-trigger-time': nowTime()}},
        addressType: 'IPv4',
        endpoints: content.endpoints,
        ports: content.ports,
      }
      if (managed) createWithGeneratedName(this.ctx.api, GVRS.endpointslices, slice, `${name}-`)
      else this.ctx.api.create(GVRS.endpointslices, {...slice, metadata: {...slice.metadata, name}})
      return
    }
    if (deepEqual(first.endpoints ?? [], content.endpoints) && deepEqual(first.ports ?? [], content.ports) && deepEqual(first.metadata.labels ?? {}, labels)) return
    this.ctx.api.mutate(GVRS.endpointslices, ns, first.metadata.name!, (s) => {
      s.endpoints = clone(content.endpoints)
      s.ports = clone(content.ports)
      s.metadata.labels = labels
      ;(s.metadata.annotations ??= {})['endpoints.kubernetes.io/last-change-trigger-time'] = nowTime()
    })
  }
}
