// `kctl scale`: kubectl's scale flow — GET each target, then a merge PATCH of /scale (or GET+PUT /scale when a
// precondition is given), optionally waiting for status to catch up; plus a hint when the name is only a Pod.
import {KctlError, UsageError, AggregateKctlError, isNotFound, isConflict, rawMessage} from '../cli/errors.js'
import type {KubeClient, ResourceType} from '../client/index.js'
import {PODS} from '../client/discovery.js'
import {parseResourceArgs, targetsFromArgs} from '../resource/builder.js'
import type {DryRun} from '../nodes/select.js'
import {dryRunSuffix} from '../nodes/select.js'
import {printMutations} from '../cli/output.js'

/** Options of `kctl scale`. */
export interface ScaleOptions {
  args: string[]
  /** -f: objects from manifests, scaled without a GET (as kubectl). */
  filenames: string[]
  recursive: boolean
  replicas: number
  currentReplicas: number
  resourceVersion?: string
  selector?: string
  all: boolean
  timeoutMs: number
  dryRun: DryRun
  output?: string
}

/** Flags → options with kubectl's validation messages. */
export function scaleOptions(args: string[], f: {replicas?: number; 'current-replicas'?: number; 'resource-version'?: string; selector?: string; all?: boolean; output?: string; filename?: string[]; recursive?: boolean}, dryRun: DryRun, timeoutMs: number): ScaleOptions {
  const filenames = f.filename ?? []
  if (f.replicas === undefined) throw new KctlError('required flag(s) "replicas" not set')
  if (f.replicas < 0) throw new KctlError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0')
  const current = f['current-replicas'] ?? -1
  if (current < -1) throw new KctlError('The --current-replicas must specify an integer of -1 or greater')
  if (args.length === 0 && filenames.length === 0) {
    throw new UsageError('You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'')
  }
  return {args, filenames, recursive: Boolean(f.recursive), replicas: f.replicas, currentReplicas: current, resourceVersion: f['resource-version'], selector: f.selector, all: Boolean(f.all), timeoutMs, dryRun, output: f.output}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** One named object to scale. */
interface Target {
  type: ResourceType
  name: string
}

/** Finds the objects to scale: named ones (GET each, as kubectl's builder does) or all / by selector. */
async function collectTargets(client: KubeClient, opts: ScaleOptions, namespace: string, stdin?: () => Promise<string>): Promise<{targets: {t: Target; obj: any}[]; errors: Error[]}> {
  if (opts.filenames.length > 0) {
    const {targetsFromFiles} = await import('../resource/builder.js')
    const fromFiles = await targetsFromFiles(client, opts.filenames, {recursive: opts.recursive, stdin}, {namespace, explicitNamespace: client.connection.namespaceExplicit, allNamespaces: false})
    return {targets: fromFiles.map((f) => ({t: {type: f.type, name: f.name!}, obj: f.object})), errors: []}
  }
  const scope = {namespace, explicitNamespace: client.connection.namespaceExplicit, allNamespaces: false}
  const all = await targetsFromArgs(client, parseResourceArgs(opts.args), scope)
  const errors: Error[] = []
  const targets: {t: Target; obj: any}[] = []
  if (all.every((t) => t.name === undefined)) {
    if (!opts.all && opts.selector === undefined) {
      throw new UsageError('resource(s) were provided, but no name was specified')
    }
    for (const {type} of all) {
      const list = await client.listAll(type, type.namespaced ? namespace : undefined, {labelSelector: opts.selector})
      for (const obj of list.items ?? []) targets.push({t: {type, name: obj.metadata.name}, obj})
    }
    if (targets.length === 0) throw new KctlError('no objects passed to scale')
    return {targets, errors}
  }
  for (const {type, name} of all) {
    const t = {type, name: name!}
    try {
      targets.push({t, obj: await client.get(type, type.namespaced ? namespace : undefined, t.name)})
    } catch (error) {
      errors.push(await withPodHint(client, error, t, namespace))
    }
  }
  return {targets, errors}
}

/** kctl's hint for the learners' classic: `run` made a Pod, and `scale deploy NAME` finds no Deployment. */
async function withPodHint(client: KubeClient, error: unknown, t: Target, namespace: string): Promise<Error> {
  if (!isNotFound(error) || t.type.resource !== 'deployments') return error as Error
  try {
    const pod = await client.get(PODS, namespace, t.name)
    const image = pod.spec?.containers?.[0]?.image ?? 'IMAGE'
    ;(error as KctlError).hint = `"${t.name}" is a Pod, not a Deployment (kctl run creates a single Pod, which cannot be scaled); to get a Deployment you can scale: kctl create deployment ${t.name} --image ${image}`
  } catch {
    // no such pod either: nothing to add
  }
  return error as Error
}

/** Scales each target; failures are reported together after the successes, as kubectl does. */
export async function runScale(client: KubeClient, opts: ScaleOptions, out: (s: string) => void, stdin?: () => Promise<string>): Promise<void> {
  const namespace = client.namespace
  const {targets, errors} = await collectTargets(client, opts, namespace, stdin)
  if (targets.length === 0 && errors.length > 0) {
    // kubectl: nothing resolved at all → one "no objects passed to scale" error carrying the builder's errors.
    const text = errors.length === 1 ? rawMessage(errors[0]) : `[${errors.map(rawMessage).join(', ')}]`
    throw new KctlError(`no objects passed to scale ${text}`, {hint: (errors[0] as KctlError).hint})
  }
  if (opts.resourceVersion && targets.length + errors.length > 1) throw new KctlError('cannot use --resource-version with multiple resources')
  for (const {t, obj} of targets) {
    try {
      await scaleOne(client, t.type, t.type.namespaced ? obj?.metadata?.namespace ?? namespace : undefined, obj, opts)
      out(await printMutations([{obj, type: t.type, operation: `scaled${dryRunSuffix(opts.dryRun)}`}], opts.output))
    } catch (error) {
      errors.push(error as Error)
    }
  }
  if (errors.length === 1) throw errors[0]
  if (errors.length > 1) throw new AggregateKctlError(errors)
}

async function scaleOne(client: KubeClient, type: ResourceType, namespace: string | undefined, obj: any, opts: ScaleOptions): Promise<void> {
  const name = obj.metadata.name
  if (!type.subresources.includes('scale')) {
    throw new KctlError(`no scaler has been implemented for {"${type.group}" "${type.kind}"}`)
  }
  if (opts.dryRun === 'client') {
    if (opts.currentReplicas >= 0 && (obj.spec?.replicas ?? 1) !== opts.currentReplicas) {
      throw new KctlError(`Expected replicas to be ${opts.currentReplicas}, was ${obj.spec?.replicas ?? 1}`)
    }
    if (obj.spec) obj.spec.replicas = opts.replicas
    return
  }
  const precondition = opts.currentReplicas >= 0 || opts.resourceVersion
  const deadline = Date.now() + 5 * 60 * 1000
  for (;;) {
    try {
      if (precondition) {
        const scale = await client.get(type, namespace, name, {subresource: 'scale'})
        if (opts.currentReplicas >= 0 && (scale.spec?.replicas ?? 0) !== opts.currentReplicas) {
          throw new KctlError(`Expected replicas to be ${opts.currentReplicas}, was ${scale.spec?.replicas ?? 0}`)
        }
        if (opts.resourceVersion && scale.metadata?.resourceVersion !== opts.resourceVersion) {
          throw new KctlError(`Expected resource version to be ${opts.resourceVersion}, was ${scale.metadata?.resourceVersion}`)
        }
        scale.spec = {...scale.spec, replicas: opts.replicas}
        await client.replace(type, namespace, name, scale, {dryRun: opts.dryRun === 'server'}, 'scale')
      } else {
        await client.patch(type, namespace, name, 'merge', {spec: {replicas: opts.replicas}}, {dryRun: opts.dryRun === 'server'}, 'scale')
      }
      break
    } catch (error) {
      if (!isConflict(error) || Date.now() > deadline) throw error
      await sleep(1000)
    }
  }
  if (opts.timeoutMs > 0 && opts.dryRun === 'none') {
    const until = Date.now() + opts.timeoutMs
    for (;;) {
      const scale = await client.get(type, namespace, name, {subresource: 'scale'})
      if (scale.status?.replicas === scale.spec?.replicas) break
      if (Date.now() > until) throw new KctlError(`timed out waiting for "${name}" to be synced`)
      await sleep(1000)
    }
  }
}
