// `kctl delete`: names, TYPE/NAME, -f, -l, --all; DELETE with DeleteOptions, then (by default) wait until each object is
// gone. One failure does not stop the others; all are reported at the end.
import {AggregateKctlError, KctlError, isNotFound} from '../cli/errors.js'
import type {KubeClient, ResourceType} from '../client/index.js'
import {qualifiedKind} from '../client/discovery.js'
import {buildTargets, listError, type Target} from '../resource/builder.js'
import {parseDryRun, type DryRun} from '../create/create.js'
import {withSource} from '../resource/hints.js'
import {parseDuration} from '../cli/base.js'

/** Options of `kctl delete` (from flags). */
export interface DeleteOptions {
  positionals: string[]
  filenames: string[]
  recursive: boolean
  selector?: string
  fieldSelector?: string
  all: boolean
  allNamespaces: boolean
  /** -1 = the object's own default. */
  gracePeriod: number
  force: boolean
  wait: boolean
  timeoutMs: number
  cascade: 'Background' | 'Foreground' | 'Orphan'
  dryRun: DryRun
  ignoreNotFound: boolean
  output?: 'name'
  /** Warnings to print on stderr before anything else (deprecations, --force). */
  warnings: string[]
}

/** Turns delete's flags into options with kubectl's validation order and messages (pure). */
export function deleteOptions(positionals: string[], f: Record<string, any>, argv: string[]): DeleteOptions {
  const warnings: string[] = []
  if (f.output !== undefined && f.output !== '' && f.output !== 'name') throw new KctlError(`unexpected -o output mode: ${f.output}. We only support '-o name'`)
  const graceGiven = argv.some((a) => a === '--grace-period' || a.startsWith('--grace-period='))
  let grace = f['grace-period'] === undefined ? -1 : Number(f['grace-period'])
  if (f.now) {
    if (graceGiven) throw new KctlError('--now and --grace-period cannot be specified together')
    grace = 1
  }
  if (f.force && grace > 0) throw new KctlError('--force and --grace-period greater than 0 cannot be specified together')
  if (f.force) {
    warnings.push('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.')
    if (grace < 0) grace = 0
  } else if (grace === 0) {
    // A zero grace period without --force means "as fast as possible", which kubectl sends as 1.
    grace = 1
  }
  if (f.all && f.selector) throw new KctlError("setting 'all' parameter but found a non empty selector. ")
  const cascadeRaw = String(f.cascade ?? 'background')
  const cascade = cascadeRaw === 'background' || cascadeRaw === 'true' ? 'Background' : cascadeRaw === 'foreground' ? 'Foreground' : cascadeRaw === 'orphan' || cascadeRaw === 'false' ? 'Orphan' : undefined
  if (!cascade) throw new KctlError(`invalid cascade value (${cascadeRaw}). Must be "background", "foreground", or "orphan".`)
  if (cascadeRaw === 'true' || cascadeRaw === 'false') warnings.push(`warning: --cascade=${cascadeRaw} is deprecated (boolean value) and can be replaced with --cascade=${cascadeRaw === 'true' ? 'background' : 'orphan'}.`)
  const selecting = Boolean(f.all || f.selector || f['field-selector'])
  return {
    positionals,
    filenames: [].concat(f.filename ?? []),
    recursive: Boolean(f.recursive),
    selector: f.selector || undefined,
    fieldSelector: f['field-selector'] || undefined,
    all: Boolean(f.all),
    allNamespaces: Boolean(f['all-namespaces']),
    gracePeriod: grace,
    force: Boolean(f.force),
    wait: f.wait === undefined ? true : Boolean(f.wait),
    timeoutMs: parseDuration(f.timeout, 'timeout'),
    cascade,
    dryRun: parseDryRun(f['dry-run']),
    ignoreNotFound: f['ignore-not-found'] === undefined ? selecting : Boolean(f['ignore-not-found']),
    output: f.output === 'name' ? 'name' : undefined,
    warnings,
  }
}

/** Writers for a delete run. */
export interface DeleteIO {
  out: (text: string) => Promise<void>
  err: (text: string) => Promise<void>
}

/** Runs `kctl delete`. */
export async function runDelete(clientFn: () => Promise<KubeClient>, o: DeleteOptions, io: DeleteIO, explicitNamespace: boolean): Promise<void> {
  for (const w of o.warnings) await io.err(`${w}\n`)
  if (o.positionals.length === 0 && o.filenames.length === 0) {
    const {noResourcesError} = await import('../resource/builder.js')
    throw noResourcesError()
  }
  const client = await clientFn()
  const scope = {namespace: client.namespace, explicitNamespace: client.connection.namespaceExplicit, allNamespaces: o.allNamespaces}
  if (o.positionals.length === 0 && o.filenames.length === 0) {
    const {noResourcesError} = await import('../resource/builder.js')
    throw noResourcesError()
  }
  const {targets} = await buildTargets(client, o.positionals, o.filenames, scope, {recursive: o.recursive, cmd: 'kctl delete'})
  const selecting = Boolean(o.all || o.selector || o.fieldSelector)
  if (targets.some((t) => t.name === undefined) && !selecting) throw new KctlError('resource(s) were provided, but no name was specified')
  if (selecting && targets.some((t) => t.name !== undefined) && o.filenames.length === 0) throw new KctlError('name cannot be provided when a selector is specified')
  if (explicitNamespace && targets.some((t) => !t.type.namespaced)) await io.err('Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n')
  const errors: Error[] = []
  const objects: Target[] = []
  for (const t of targets) {
    if (t.name !== undefined) {
      objects.push(t)
      continue
    }
    try {
      const list = await client.listAll(t.type, t.namespace, {labelSelector: o.selector, fieldSelector: o.fieldSelector})
      for (const item of list.items ?? []) objects.push({type: t.type, name: item.metadata?.name, namespace: t.type.namespaced ? item.metadata?.namespace : undefined})
    } catch (error) {
      errors.push(listError(error, t.type, o.selector, o.fieldSelector) as Error)
    }
  }
  const deleted: {target: Target; uid?: string}[] = []
  for (const t of objects) {
    try {
      let uid: string | undefined
      if (o.dryRun !== 'client') {
        const res = await client.delete(t.type, t.namespace, t.name!, {gracePeriodSeconds: o.gracePeriod >= 0 ? o.gracePeriod : undefined, propagationPolicy: o.cascade, dryRun: o.dryRun === 'server'})
        uid = res?.metadata?.uid ?? res?.details?.uid
      }
      deleted.push({target: t, uid})
      await io.out(deletedLine(t.type, t.name!, o))
    } catch (error) {
      if (isNotFound(error) && o.ignoreNotFound) continue
      errors.push(withSource(error, 'deleting', t.source) as Error)
    }
  }
  // delete reports an empty match on stdout (get uses stderr).
  if (objects.length === 0 && errors.length === 0 && o.filenames.length === 0) await io.out('No resources found\n')
  if (o.wait && o.dryRun === 'none' && deleted.length > 0) {
    const deadline = o.timeoutMs > 0 ? Date.now() + o.timeoutMs : Date.now() + 7 * 24 * 3600 * 1000
    for (const d of deleted) {
      try {
        await waitGone(client, d.target, d.uid, deadline)
      } catch (error) {
        errors.push(error as Error)
      }
    }
  }
  if (errors.length === 1) throw errors[0]
  if (errors.length > 1) throw new AggregateKctlError(errors)
}

/** kubectl 1.33's line for one deleted object. */
export function deletedLine(type: Pick<ResourceType, 'group' | 'kind'>, name: string, o: Pick<DeleteOptions, 'output' | 'gracePeriod' | 'force' | 'dryRun'>): string {
  if (o.output === 'name') return `${qualifiedKind(type)}/${name}\n`
  const verb = o.force && o.gracePeriod === 0 ? 'force deleted' : 'deleted'
  const dry = o.dryRun === 'client' ? ' (dry run)' : o.dryRun === 'server' ? ' (server dry run)' : ''
  return `${qualifiedKind(type)} "${name}" ${verb}${dry}\n`
}

async function waitGone(client: KubeClient, t: Target, uid: string | undefined, deadline: number): Promise<void> {
  for (;;) {
    try {
      const obj = await client.get(t.type, t.namespace, t.name!)
      if (uid && obj?.metadata?.uid !== uid) return
    } catch (error) {
      if (isNotFound(error)) return
      throw error
    }
    if (Date.now() > deadline) throw new KctlError(`timed out waiting for the condition on ${t.type.resource}/${t.name}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}
