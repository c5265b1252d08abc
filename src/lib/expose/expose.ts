// `kctl expose`: builds the Service kubectl would build from a Deployment, ReplicaSet, ReplicationController, Pod or
// Service (selector, ports and protocols taken from the object), and hints at the usual --type typo.
import {KctlError, StatusError, UsageError} from '../cli/errors.js'
import type {KubeClient} from '../client/index.js'
import {parseResourceArgs, targetsFromArgs} from '../resource/builder.js'
import {dryRunSuffix, type DryRun} from '../nodes/select.js'
import {printMutations} from '../cli/output.js'
import {applyMergePatch, applyJsonPatch, applyStrategicMergePatch, patchSchemaFor} from '../patch/index.js'

/** Options of `kctl expose`. */
export interface ExposeOptions {
  args: string[]
  /** -f: the objects to expose, read from manifests (no GET, as kubectl). */
  filenames: string[]
  recursive: boolean
  port?: string
  targetPort?: string
  protocol?: string
  type?: string
  name?: string
  selector?: string
  labels?: string
  externalIp?: string
  loadBalancerIp?: string
  sessionAffinity?: string
  clusterIp?: string
  overrides?: string
  overrideType: 'json' | 'merge' | 'strategic'
  dryRun: DryRun
  output?: string
  fieldManager: string
}

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']

/** Parses `k=v,k2=v2` as kubectl's label/selector flags do. */
export function parseLabelSpec(spec: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=')
    if (eq <= 0) throw new KctlError(`unexpected label spec: ${part}`)
    out[part.slice(0, eq)] = part.slice(eq + 1)
  }
  return out
}

/** A kctl hint for a --type value that differs from a valid one only in case. */
export function serviceTypeHint(value: string | undefined): string | undefined {
  if (!value || SERVICE_TYPES.includes(value)) return undefined
  const match = SERVICE_TYPES.find((t) => t.toLowerCase() === value.toLowerCase())
  return match ? `did you mean --type=${match}? (service types are case-sensitive)` : `valid service types are ${SERVICE_TYPES.join(', ')}`
}

interface PortSpec {
  port: number
  protocol: string
}

/** Selector kubectl derives for each exposable kind. */
export function selectorFor(obj: any): Record<string, string> {
  switch (obj.kind) {
    case 'Pod': {
      const labels = obj.metadata?.labels
      if (!labels || Object.keys(labels).length === 0) throw new KctlError(`couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed`)
      return labels
    }
    case 'Service':
      if (!obj.spec?.selector) throw new KctlError(`couldn't retrieve selectors via --selector flag or introspection: the service has no pod selector set`)
      return obj.spec.selector
    case 'ReplicationController':
      return obj.spec?.selector ?? {}
    case 'Deployment':
    case 'ReplicaSet': {
      const sel = obj.spec?.selector
      if (sel?.matchExpressions?.length) throw new KctlError(`couldn't retrieve selectors via --selector flag or introspection: couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map-based selector format`)
      if (!sel?.matchLabels || Object.keys(sel.matchLabels).length === 0) throw new KctlError(`couldn't retrieve selectors via --selector flag or introspection: invalid ${obj.kind.toLowerCase()}: no selectors, therefore cannot be exposed`)
      return sel.matchLabels
    }
    default:
      throw new KctlError(`cannot expose a ${obj.kind}`)
  }
}

/** Container or service ports of the object, deduplicated by number+protocol, in template order. */
export function portsFor(obj: any): PortSpec[] {
  const ports: PortSpec[] = []
  const add = (port: number, protocol: string | undefined) => {
    const p = {port, protocol: protocol || 'TCP'}
    if (!ports.some((q) => q.port === p.port && q.protocol === p.protocol)) ports.push(p)
  }
  if (obj.kind === 'Service') for (const p of obj.spec?.ports ?? []) add(p.port, p.protocol)
  else {
    const spec = obj.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec
    for (const c of spec?.containers ?? []) for (const p of c.ports ?? []) add(p.containerPort, p.protocol)
  }
  return ports
}

/** Builds the Service object kubectl's ServiceGeneratorV2 builds. */
export function buildService(obj: any, o: ExposeOptions): any {
  const selector = o.selector ? parseLabelSpec(o.selector) : selectorFor(obj)
  let ports: {name?: string; port: number; protocol: string; targetPort: number | string}[] = []
  const target = (p: number): number | string => o.targetPort === undefined ? p : /^\d+$/.test(o.targetPort) ? Number(o.targetPort) : o.targetPort
  if (o.port !== undefined) {
    const numbers = o.port.split(',').map((p) => {
      if (!/^\d+$/.test(p)) throw new KctlError(`invalid port: ${p}`)
      return Number(p)
    })
    ports = numbers.map((p, i) => ({...(numbers.length > 1 ? {name: `port-${i + 1}`} : {}), protocol: o.protocol ?? 'TCP', port: p, targetPort: target(p)}))
  } else {
    const found = portsFor(obj)
    if (found.length === 0 && o.clusterIp !== 'None') throw new KctlError(`couldn't find port via --port flag or introspection`)
    const byPort = new Map<number, number>()
    for (const p of found) byPort.set(p.port, (byPort.get(p.port) ?? 0) + 1)
    ports = found.map((p, i) => ({
      ...(found.length > 1 ? {name: byPort.get(p.port)! > 1 ? `port-${i + 1}-${p.protocol.toLowerCase()}` : `port-${i + 1}`} : {}),
      protocol: o.protocol ?? p.protocol,
      port: p.port,
      targetPort: target(p.port),
    }))
  }
  const name = o.name ?? String(obj.metadata.name).slice(0, 63)
  const labels = o.labels ? parseLabelSpec(o.labels) : obj.metadata?.labels
  // Keys in Go struct order: kubectl prints the typed object that way with -o json.
  const spec: any = {ports, selector}
  if (o.clusterIp) spec.clusterIP = o.clusterIp
  if (o.type) spec.type = o.type
  if (o.externalIp) spec.externalIPs = [o.externalIp]
  if (o.sessionAffinity) spec.sessionAffinity = o.sessionAffinity
  if (o.loadBalancerIp && o.type === 'LoadBalancer') spec.loadBalancerIP = o.loadBalancerIp
  const svc: any = {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: {name, creationTimestamp: null, ...(labels ? {labels} : {})},
    spec,
    status: {loadBalancer: {}},
  }
  return o.overrides ? applyOverrides(svc, o.overrides, o.overrideType) : svc
}

/** --overrides: JSON merged into the generated object (merge, strategic or JSON patch), as kubectl does. */
export function applyOverrides(obj: any, overrides: string, type: 'json' | 'merge' | 'strategic'): any {
  let patch: any
  try {
    patch = JSON.parse(overrides)
  } catch (error: any) {
    throw new KctlError(`unable to parse "${overrides}": ${error.message}`)
  }
  if (type === 'json') return applyJsonPatch(obj, patch)
  if (type === 'strategic') {
    const schema = patchSchemaFor(obj.apiVersion, obj.kind)
    if (schema) return applyStrategicMergePatch(obj, patch, schema)
  }
  return applyMergePatch(obj, patch)
}

/** Flags → options. */
export function exposeOptions(args: string[], f: Record<string, any>, dryRun: DryRun): ExposeOptions {
  const filenames: string[] = f.filename ?? []
  if (args.length === 0 && filenames.length === 0) {
    throw new UsageError('You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'')
  }
  return {args, filenames, recursive: Boolean(f.recursive), port: f.port, targetPort: f['target-port'], protocol: f.protocol, type: f.type, name: f.name, selector: f.selector, labels: f.labels,
    externalIp: f['external-ip'], loadBalancerIp: f['load-balancer-ip'], sessionAffinity: f['session-affinity'], clusterIp: f['cluster-ip'],
    overrides: f.overrides, overrideType: f['override-type'] ?? 'merge', dryRun, output: f.output, fieldManager: f['field-manager'] ?? 'kubectl-expose'}
}

/** Exposes each named object as a Service. */
export async function runExpose(client: KubeClient, opts: ExposeOptions, out: (s: string) => void, stdin?: () => Promise<string>): Promise<void> {
  const namespace = client.namespace
  const svcType = await client.resolve('services')
  let objects: (() => Promise<any>)[]
  if (opts.filenames.length > 0) {
    const {targetsFromFiles} = await import('../resource/builder.js')
    const fromFiles = await targetsFromFiles(client, opts.filenames, {recursive: opts.recursive, stdin}, {namespace, explicitNamespace: client.connection.namespaceExplicit, allNamespaces: false})
    objects = fromFiles.map((f) => async () => f.object)
  } else {
    const scope = {namespace, explicitNamespace: client.connection.namespaceExplicit, allNamespaces: false}
    const targets = (await targetsFromArgs(client, parseResourceArgs(opts.args), scope)).filter((t) => t.name !== undefined)
    if (targets.length === 0) throw new UsageError('resource(s) were provided, but no name was specified')
    objects = targets.map((t) => () => client.get(t.type, t.type.namespaced ? namespace : undefined, t.name!))
  }
  for (const load of objects) {
    const obj = await load()
    if (!['Pod', 'Service', 'ReplicationController', 'Deployment', 'ReplicaSet'].includes(obj.kind)) {
      throw new KctlError(`cannot expose a ${obj.kind}`)
    }
    let svc = buildService(obj, opts)
    if (opts.dryRun !== 'client') {
      try {
        svc = await client.create(svcType, namespace, svc, {dryRun: opts.dryRun === 'server', fieldManager: opts.fieldManager})
      } catch (error) {
        const hint = serviceTypeHint(opts.type)
        if (error instanceof StatusError && hint && /spec\.type/.test(error.message)) error.hint = hint
        throw error
      }
    } else if (opts.dryRun === 'client' && client.connection.namespaceExplicit) {
      const {name, ...rest} = svc.metadata
      svc.metadata = {name, namespace, ...rest}
    }
    out(await printMutations([{obj: svc, type: svcType, operation: `exposed${dryRunSuffix(opts.dryRun)}`}], opts.output))
  }
}
