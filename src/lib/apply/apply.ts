// `kctl apply`: kubectl's client-side three-way apply (last-applied annotation, strategic merge for built-in types,
// JSON merge for custom resources) and server-side apply, over many objects concurrently with a bound — namespaces
// and CRDs first, then what pods name — while printing in input order; plus hints for the learners' classic manifest
// mistakes.
import {KctlError, UsageError, AggregateKctlError, isNotFound, isConflict} from '../cli/errors.js'
import {qualifiedKind, type KubeClient, type ResourceType} from '../client/index.js'
import {readManifestStreams, type ManifestObject} from '../resource/manifests.js'
import {withManifestHint, withSource} from '../resource/hints.js'
import {dryRunSuffix, type DryRun} from '../nodes/select.js'
import {klogHeader} from '../cli/klog.js'
import {createThreeWayMergePatch, patchSchemaFor, applyStrategicMergePatch, applyMergePatch} from '../patch/index.js'
import {LAST_APPLIED, withLastApplied} from './last-applied.js'

/** Options of `kctl apply`. */
export interface ApplyOptions {
  filenames: string[]
  recursive: boolean
  selector?: string
  serverSide: boolean
  forceConflicts: boolean
  fieldManager: string
  dryRun: DryRun
  output?: string
  validate: 'Strict' | 'Warn' | 'Ignore'
  prune: boolean
  all: boolean
  concurrency: number
  /** -n/--namespace was given on the command line (kubectl then warns about pruning cluster-scoped types). */
  namespaceFlag: boolean
}

/** Flags → options with kubectl's validation messages (ApplyOptions.Validate). */
export function applyOptions(positionals: string[], f: Record<string, any>, dryRun: DryRun, namespaceFlag = false): ApplyOptions {
  if (positionals.length > 0) throw new UsageError(`Unexpected args: [${positionals.join(' ')}]`)
  const filenames: string[] = f.filename ?? []
  if (filenames.length === 0) throw new KctlError('must specify one of -f and -k')
  if (f['force-conflicts'] && !f['server-side']) throw new KctlError('--force-conflicts only works with --server-side')
  if (dryRun === 'client' && f['server-side']) throw new KctlError("--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)")
  if (f.all && f.selector) throw new KctlError('cannot set --all and --selector at the same time')
  if (f.prune && !f.all && !f.selector) throw new KctlError('all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector')
  if (f.prune && f['server-side']) throw new KctlError("--prune is in alpha and doesn't currently work on objects created by server-side apply")
  const v = String(f.validate ?? 'strict').toLowerCase()
  const validate = v === 'strict' || v === 'true' ? 'Strict' : v === 'warn' ? 'Warn' : v === 'ignore' || v === 'false' ? 'Ignore' : undefined
  if (!validate) throw new KctlError(`invalid - validate option "${f.validate}"; must be one of: strict (or true), warn, ignore (or false)`)
  return {
    filenames,
    recursive: Boolean(f.recursive),
    selector: f.selector,
    serverSide: Boolean(f['server-side']),
    forceConflicts: Boolean(f['force-conflicts']),
    fieldManager: f['field-manager'] ?? (f['server-side'] ? 'kubectl' : 'kubectl-client-side-apply'),
    dryRun,
    output: f.output,
    validate,
    prune: Boolean(f.prune),
    all: Boolean(f.all),
    concurrency: 16,
    namespaceFlag,
  }
}

/** Kinds whose objects hold others (the first wave). */
const CONTAINERS = new Set(['Namespace', 'CustomResourceDefinition'])

/**
 * Kinds that pods name and that must exist when a pod is created or scheduled (the second wave): the API refuses a pod
 * whose ServiceAccount, PriorityClass or RuntimeClass is missing, LimitRanges and quotas apply at admission, and the
 * scheduler reports a claim it cannot find yet. kubectl applies one object at a time in file order, so a file that
 * lists them first never races.
 */
const POD_DEPENDENCIES = new Set(['ServiceAccount', 'Secret', 'ConfigMap', 'PersistentVolume', 'PersistentVolumeClaim', 'StorageClass', 'PriorityClass', 'RuntimeClass', 'LimitRange', 'ResourceQuota'])

/** Applies independent objects in waves: namespaces and CRDs, then what pods depend on, then the rest. */
export function applyWaves(items: ManifestObject[]): number[][] {
  const waves: number[][] = [[], [], []]
  items.forEach((m, i) => {
    const kind = m.object?.kind
    waves[CONTAINERS.has(kind) ? 0 : POD_DEPENDENCIES.has(kind) ? 1 : 2].push(i)
  })
  return waves.filter((w) => w.length > 0)
}

interface Outcome {
  line?: string
  obj?: any
  error?: Error
  applied?: {type: ResourceType; namespace?: string; name: string; uid?: string}
}

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const workers = Array.from({length: Math.min(limit, items.length)}, async () => {
    while (next < items.length) {
      const item = items[next++]
      await fn(item)
    }
  })
  await Promise.all(workers)
}

/** Applies every object from -f; prints per-object lines in input order; reports all failures at the end. */
export async function runApply(client: KubeClient, opts: ApplyOptions, io: {out: (s: string) => void; err: (s: string) => void; stdin: () => Promise<string>}): Promise<void> {
  // As kubectl: the objects read before a bad document are applied, and the reading errors are reported first.
  const read = await readManifestStreams(opts.filenames, {recursive: opts.recursive, stdin: io.stdin})
  let items = read.objects
  if (opts.selector) items = items.filter((m) => matchesSelector(m.object?.metadata?.labels ?? {}, opts.selector!))
  if (items.length === 0 && read.errors.length === 0) throw new KctlError('no objects passed to apply')
  const outcomes: Outcome[] = new Array(items.length)
  let printed = 0
  // Lines are released in input order as soon as every earlier object is done.
  const flush = () => {
    while (printed < items.length && outcomes[printed]) {
      const o = outcomes[printed++]
      if (o.line && !opts.output) io.out(o.line)
    }
  }
  for (const wave of applyWaves(items)) {
    await pool(wave, opts.concurrency, async (i) => {
      try {
        outcomes[i] = await applyOne(client, items[i], opts, io.err)
      } catch (error) {
        outcomes[i] = {error: error as Error}
      }
      flush()
    })
  }
  flush()
  const errors: Error[] = [...read.errors, ...outcomes.filter((o) => o.error).map((o) => o.error!)]
  if (opts.prune && opts.namespaceFlag) {
    io.err(`${klogHeader('W', 'prune.go:71')} Deprecated: kubectl apply will no longer prune non-namespaced resources by default when used with the --namespace flag in a future release. To preserve the current behaviour, list the resources you want to target explicitly in the --prune-allowlist flag.\n`)
  }
  // kubectl prunes only after a clean run: with a document unread, everything it held would look prunable.
  if (opts.prune && opts.dryRun !== 'client' && errors.length === 0) {
    const pruned = await prune(client, opts, outcomes.filter((o) => o.applied).map((o) => o.applied!))
    for (const line of pruned) io.out(line)
  }
  if (opts.output) {
    const objs = outcomes.filter((o) => o.obj).map((o) => o.obj)
    if (objs.length > 0) {
      const printers: any = await import('../printers/index.js')
      io.out(printers.printObjects(objs.length === 1 ? objs : [{apiVersion: 'v1', kind: 'List', items: objs, metadata: {resourceVersion: ''}}], opts.output, {}))
    }
  }
  if (errors.length === 1) throw errors[0]
  if (errors.length > 1) {
    // Still one hint line: the first failure's.
    const all = new AggregateKctlError(errors)
    all.hint = errors.map((e) => (e as KctlError).hint).find(Boolean)
    throw all
  }
}

function matchesSelector(labels: Record<string, string>, selector: string): boolean {
  return selector.split(',').every((req) => {
    const m = /^\s*([^!=\s]+)\s*(==|=|!=)\s*(\S*)\s*$/.exec(req)
    if (m) return m[2] === '!=' ? labels[m[1]] !== m[3] : labels[m[1]] === m[3]
    const neg = /^\s*!\s*(\S+)\s*$/.exec(req)
    if (neg) return !(neg[1] in labels)
    return req.trim() in labels
  })
}

async function applyOne(client: KubeClient, item: ManifestObject, opts: ApplyOptions, warn: (s: string) => void): Promise<Outcome> {
  const obj = item.object
  const apiVersion = String(obj.apiVersion ?? '')
  const name = obj.metadata?.name
  const type = await client.typeForKind(apiVersion, obj.kind)
  if (!type) {
    throw new KctlError(`resource mapping not found for name: "${name ?? ''}" namespace: "${obj.metadata?.namespace ?? ''}" from "${item.source}": no matches for kind "${obj.kind}" in version "${apiVersion}"\nensure CRDs are installed first`)
  }
  if (!name) {
    if (obj.metadata?.generateName) throw new KctlError(`from ${obj.metadata.generateName}: cannot use generate name with apply`)
    throw new KctlError(`error when retrieving current configuration of:\nResource: "${qualifiedResourcePath(type)}", GroupVersionKind: "${apiVersion}, Kind=${obj.kind}"\nName: "", Namespace: "${client.namespace}"\nfrom server for: "${item.source}": resource name may not be empty`)
  }
  let namespace: string | undefined
  if (type.namespaced) {
    const own = obj.metadata?.namespace
    if (own && client.connection.namespaceExplicit && own !== client.namespace) {
      throw new KctlError(`the namespace from the provided object "${own}" does not match the namespace "${client.namespace}". You must pass '--namespace=${own}' to perform this operation.`)
    }
    namespace = own || client.namespace
    obj.metadata.namespace = namespace
  } else if (obj.metadata?.namespace) {
    delete obj.metadata.namespace
  }
  const kindName = `${qualifiedKind(type)}/${name}`
  const suffix = dryRunSuffix(opts.dryRun)
  const write = {dryRun: opts.dryRun === 'server', fieldManager: opts.fieldManager, fieldValidation: opts.validate}
  try {
    if (opts.serverSide) {
      const result = await client.patch(type, namespace, name, 'apply', JSON.stringify(obj), {...write, force: opts.forceConflicts})
      return {line: `${kindName} serverside-applied${suffix}\n`, obj: result, applied: {type, namespace, name, uid: result.metadata?.uid}}
    }
    const modified = withLastApplied(obj)
    for (let attempt = 0; ; attempt++) {
      let live: any
      try {
        live = await client.get(type, namespace, name)
      } catch (error) {
        if (!isNotFound(error)) throw error
        if (opts.dryRun === 'client') return {line: `${kindName} created${suffix}\n`, obj: modified}
        const created = await client.create(type, namespace, dropNulls(modified), write).catch((e) => {
          throw withSource(e, 'creating', item.source)
        })
        return {line: `${kindName} created${suffix}\n`, obj: created, applied: {type, namespace, name, uid: created.metadata?.uid}}
      }
      const originalText = live.metadata?.annotations?.[LAST_APPLIED]
      if (originalText === undefined && attempt === 0) {
        warn(`Warning: resource ${type.resource}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`)
      }
      if (live.metadata?.deletionTimestamp) warn(`Warning: Detected changes to resource ${name} which is currently being deleted.\n`)
      const original = originalText ? JSON.parse(originalText) : undefined
      const schema = patchSchemaFor(apiVersion, obj.kind)
      const patch = createThreeWayMergePatch(original, modified, live, schema)
      if (Object.keys(patch).length === 0) return {line: `${kindName} unchanged${suffix}\n`, obj: live, applied: {type, namespace, name, uid: live.metadata?.uid}}
      if (opts.dryRun === 'client') {
        const merged = schema ? applyStrategicMergePatch(live, patch, schema) : applyMergePatch(live, patch)
        return {line: `${kindName} configured${suffix}\n`, obj: merged}
      }
      try {
        const result = await client.patch(type, namespace, name, schema ? 'strategic' : 'merge', patch, write)
        return {line: `${kindName} configured${suffix}\n`, obj: result, applied: {type, namespace, name, uid: result.metadata?.uid}}
      } catch (error) {
        if (isConflict(error) && attempt < 5) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, 1000))
          continue
        }
        throw withSource(error, 'patching', item.source)
      }
    }
  } catch (error) {
    throw withManifestHint(error, item)
  }
}

function qualifiedResourcePath(t: ResourceType): string {
  return t.group ? `/${t.group}/${t.version}, Resource=${t.resource}` : `/${t.version}, Resource=${t.resource}`
}

function dropNulls(v: any): any {
  if (Array.isArray(v)) return v.map(dropNulls)
  if (v && typeof v === 'object') {
    const out: any = {}
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = dropNulls(x)
    return out
  }
  return v
}

/** Deletes objects that carry the last-applied annotation, match the selector, and were not applied this run. */
async function prune(client: KubeClient, opts: ApplyOptions, applied: {type: ResourceType; namespace?: string; name: string; uid?: string}[]): Promise<string[]> {
  const keep = new Set(applied.map((a) => a.uid).filter(Boolean))
  const namespaces = new Set(applied.map((a) => a.namespace).filter((n): n is string => Boolean(n)))
  const allow = ['configmaps', 'endpoints', 'persistentvolumeclaims', 'pods', 'replicationcontrollers', 'secrets', 'services', 'jobs', 'cronjobs', 'ingresses', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'namespaces', 'persistentvolumes']
  const lines: string[] = []
  for (const word of allow) {
    let type: ResourceType
    try {
      type = await client.resolve(word)
    } catch {
      continue
    }
    const scopes = type.namespaced ? [...namespaces] : [undefined]
    for (const ns of scopes) {
      const list = await client.listAll(type, ns, {labelSelector: opts.selector})
      for (const obj of list.items ?? []) {
        if (keep.has(obj.metadata?.uid) || !obj.metadata?.annotations?.[LAST_APPLIED]) continue
        await client.delete(type, ns, obj.metadata.name, {propagationPolicy: 'Background', dryRun: opts.dryRun === 'server'})
        lines.push(`${qualifiedKind(type)}/${obj.metadata.name} pruned${dryRunSuffix(opts.dryRun)}\n`)
      }
    }
  }
  return lines
}

/** `kctl apply view-last-applied`: the annotation as YAML (default) or JSON. */
export async function viewLastApplied(client: KubeClient, typeWord: string, name: string, output: string | undefined): Promise<string> {
  const type = await client.resolve(typeWord)
  const live = await client.get(type, type.namespaced ? client.namespace : undefined, name)
  const text = live.metadata?.annotations?.[LAST_APPLIED]
  if (!text) throw new KctlError(`no last-applied-configuration annotation found on resource: ${name}`)
  const obj = JSON.parse(text)
  if (output === 'json') return `${JSON.stringify(obj, null, 2)}\n`
  const {printYaml} = await import('../printers/index.js')
  return printYaml(obj)
}
