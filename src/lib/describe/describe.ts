// `kctl describe`: fetch each object (TYPE NAME falls back to a name-prefix match, as kubectl does), gather what the
// describer needs (events, node pods, lease), and print the sections separated by blank lines.
import {AggregateKctlError, KctlError, isNotFound} from '../cli/errors.js'
import type {KubeClient} from '../client/index.js'
import {PODS} from '../client/discovery.js'
import {buildTargets, requiredResourceHint, type Target} from '../resource/builder.js'
import {labelSelectorString} from '../resource/selector.js'
import {describePersistentVolume, describePersistentVolumeClaim, describeStorageClass} from './storage.js'
import {describePod, describeNode, describeNamespace, describeConfigMap, describeSecret, describeDeployment, describeReplicaSet, describeService, describeServiceAccount, describeDaemonSet, describeStatefulSet, describeJob, describeCronJob, type DescribeContext} from './describers.js'

/** Options of `kctl describe`. */
export interface DescribeOptions {
  positionals: string[]
  filenames: string[]
  recursive: boolean
  selector?: string
  allNamespaces: boolean
  showEvents?: boolean
  chunkSize: number
}

/** Turns describe's flags into options (pure). */
export function describeOptions(positionals: string[], f: Record<string, any>, argv: string[]): DescribeOptions {
  void argv
  return {positionals, filenames: [].concat(f.filename ?? []), recursive: Boolean(f.recursive), selector: f.selector || undefined, allNamespaces: Boolean(f['all-namespaces']), showEvents: f['show-events'] !== false, chunkSize: f['chunk-size'] ?? 500}
}

async function events(client: KubeClient, obj: any, kind: string): Promise<any[]> {
  const t = await client.resolve('events')
  const m = obj.metadata ?? {}
  // fields.Set.AsSelector sorts by key.
  const sel = [`involvedObject.kind=${kind}`, `involvedObject.name=${m.name}`, m.namespace ? `involvedObject.namespace=${m.namespace}` : undefined, m.uid ? `involvedObject.uid=${m.uid}` : undefined].filter(Boolean).join(',')
  const list = await client.list(t, m.namespace || undefined, {fieldSelector: sel})
  return list.items ?? []
}

/** Describes one object; kinds without a describer get kubectl's generic layout. */
export async function describeObject(client: KubeClient, t: Target['type'], obj: any, showEvents: boolean): Promise<string> {
  const ctx: DescribeContext = {now: new Date()}
  const key = `${t.group}/${t.kind}`
  // Namespaces and secrets have no Events section; only the config map describer fails when events cannot be listed.
  if (showEvents && key !== '/Namespace' && key !== '/Secret') ctx.events = key === '/ConfigMap' ? await events(client, obj, t.kind) : await events(client, obj, t.kind).catch(() => [])
  if (key === '/Pod') return describePod(obj, ctx)
  if (key === '/Node') {
    const pods = await client.listAll(PODS, undefined, {fieldSelector: `spec.nodeName=${obj.metadata?.name},status.phase!=Failed,status.phase!=Succeeded`})
    ctx.nodePods = pods.items ?? []
    try {
      ctx.lease = await client.get(await client.resolve('leases.coordination.k8s.io'), 'kube-node-lease', obj.metadata?.name)
    } catch (error) {
      ctx.leaseError = (error as Error).message
    }
    return describeNode(obj, ctx)
  }
  if (key === '/Namespace') {
    const [quotas, limits] = await Promise.all([
      client.list(await client.resolve('resourcequotas'), obj.metadata?.name).then((l) => l.items ?? []).catch(() => []),
      client.list(await client.resolve('limitranges'), obj.metadata?.name).then((l) => l.items ?? []).catch(() => []),
    ])
    return describeNamespace(obj, {...ctx, events: undefined, quotas, limitRanges: limits})
  }
  if (key === '/ConfigMap') return describeConfigMap(obj, ctx)
  const ns = obj.metadata?.namespace
  if (key === 'apps/Deployment') {
    const rsType = await client.resolve('replicasets.apps')
    const all = (await client.listAll(rsType, ns, {})).items ?? []
    const owned = all.filter((rs: any) => (rs.metadata?.ownerReferences ?? []).some((r: any) => r.controller && r.uid === obj.metadata?.uid))
    const revision = obj.metadata?.annotations?.['deployment.kubernetes.io/revision']
    const newRS = owned.find((rs: any) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] === revision)
    const oldRSs = owned.filter((rs: any) => rs !== newRS && (rs.spec?.replicas ?? 0) > 0)
    return describeDeployment(obj, {...ctx, newRS, oldRSs})
  }
  if (key === 'apps/ReplicaSet') return describeReplicaSet(obj, {...ctx, pods: await ownedPods(client, obj)})
  if (key === 'apps/DaemonSet') return describeDaemonSet(obj, {...ctx, pods: await ownedPods(client, obj)})
  if (key === 'apps/StatefulSet') return describeStatefulSet(obj, {...ctx, pods: await ownedPods(client, obj)})
  if (key === 'batch/Job') return describeJob(obj, ctx)
  if (key === 'batch/CronJob') return describeCronJob(obj, ctx)
  if (key === '/Service') return describeService(obj, {...ctx, endpoints: await serviceEndpoints(client, obj)})
  if (key === '/Secret') return describeSecret(obj, ctx)
  if (key === '/ServiceAccount') return describeServiceAccount(obj, ctx)
  if (key === '/PersistentVolume') return describePersistentVolume(obj, ctx)
  if (key === 'storage.k8s.io/StorageClass') return describeStorageClass(obj, ctx)
  if (key === '/PersistentVolumeClaim') return describePersistentVolumeClaim(obj, {...ctx, pods: (await client.listAll(PODS, ns, {})).items ?? []})
  const {describeGeneric} = await import('./generic.js')
  return describeGeneric(obj, ctx)
}

/** Runs `kctl describe`. */
export async function runDescribe(clientFn: () => Promise<KubeClient>, o: DescribeOptions, io: {out: (s: string) => Promise<void>; err: (s: string) => Promise<void>; tty?: boolean}): Promise<void> {
  if (o.positionals.length === 0 && o.filenames.length === 0) throw new KctlError(requiredResourceHint('describe'))
  const client = await clientFn()
  const scope = {namespace: client.namespace, explicitNamespace: client.connection.namespaceExplicit, allNamespaces: o.allNamespaces}
  const {targets} = await buildTargets(client, o.positionals, o.filenames, scope, {recursive: o.recursive, cmd: 'kctl describe'})
  const errors: Error[] = []
  const objects: {type: Target['type']; obj: any}[] = []
  let listed = false
  let prefixMatched = false
  for (const t of targets) {
    try {
      if (t.name !== undefined) {
        try {
          objects.push({type: t.type, obj: await client.get(t.type, t.namespace, t.name)})
        } catch (error) {
          // Only `describe TYPE NAME` (exactly two arguments) falls back to describing every object whose name starts
          // with NAME; the selector plays no part there.
          if (!isNotFound(error) || o.positionals.length !== 2 || o.filenames.length > 0) throw error
          const list = await client.listAll(t.type, t.namespace, {})
          const matches = (list.items ?? []).filter((i: any) => String(i.metadata?.name ?? '').startsWith(t.name!))
          if (matches.length === 0) throw error
          prefixMatched = true
          for (const i of matches) objects.push({type: t.type, obj: i})
        }
      } else {
        listed = true
        const list = await client.listAll(t.type, t.namespace, {labelSelector: o.selector})
        for (const i of list.items ?? []) objects.push({type: t.type, obj: i})
      }
    } catch (error) {
      errors.push(error as Error)
    }
  }
  const showEvents = o.showEvents ?? true
  const parts: string[] = []
  for (const {type, obj} of objects) parts.push(await describeObject(client, type, obj, showEvents))
  if (parts.length) {
    // The prefix fallback ends each description with a newline instead of separating them with a blank line.
    const text = prefixMatched ? parts.map((p) => `${p}\n`).join('') : parts.join('\n\n')
    await io.out(io.tty ? (await import('../printers/index.js')).sanitizeForTerminal(text) : text)
  }
  if (listed && objects.length === 0 && errors.length === 0) {
    // describe names the namespace even for cluster-scoped types.
    await io.err(o.allNamespaces ? 'No resources found\n' : `No resources found in ${client.namespace} namespace.\n`)
  }
  if (errors.length === 1) throw errors[0]
  if (errors.length > 1) throw new AggregateKctlError(errors)
}

// Pods matching the controller's selector whose controller reference is the object itself (getPodStatusForController).
async function ownedPods(client: KubeClient, obj: any): Promise<any[]> {
  const list = await client.listAll(PODS, obj.metadata?.namespace, {labelSelector: labelSelectorString(obj.spec?.selector)})
  return (list.items ?? []).filter((p: any) => (p.metadata?.ownerReferences ?? []).some((r: any) => r.controller && r.uid === obj.metadata?.uid))
}


/** ip:port per service port name, from EndpointSlices (kubectl 1.33) or, failing that, Endpoints. */
async function serviceEndpoints(client: KubeClient, svc: any): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  const ns = svc.metadata?.namespace
  try {
    const t = await client.resolve('endpointslices.discovery.k8s.io')
    const list = await client.list(t, ns, {labelSelector: `kubernetes.io/service-name=${svc.metadata?.name}`})
    for (const slice of list.items ?? []) {
      for (const port of slice.ports ?? []) {
        const key = port.name ?? ''
        for (const ep of slice.endpoints ?? []) {
          if (ep.conditions?.ready === false) continue
          for (const addr of ep.addresses ?? []) out.set(key, [...(out.get(key) ?? []), `${addr}:${port.port}`])
        }
      }
    }
    return out
  } catch {
    // fall back to core Endpoints
  }
  try {
    const ep = await client.get(await client.resolve('endpoints'), ns, svc.metadata?.name)
    for (const subset of ep.subsets ?? []) {
      for (const port of subset.ports ?? []) {
        const key = port.name ?? ''
        for (const a of subset.addresses ?? []) out.set(key, [...(out.get(key) ?? []), `${a.ip}:${port.port}`])
      }
    }
  } catch {
    // no endpoints yet
  }
  return out
}
