// kubectl's resource builder, server half: turns parsed arguments or manifests into typed targets, resolving type words
// through discovery before any object request (so an unknown type fails before anything is printed or changed).
import {KctlError, StatusError} from '../cli/errors.js'
import type {KubeClient, ResourceType} from '../client/index.js'
import {parseResourceArgs, type ResourceArgs} from './args.js'
import {readManifests, type ManifestObject} from './manifests.js'

export {parseResourceArgs, multipleTypesRequested, requiredResourceHint, requiredResourceError, SELF, type ResourceArgs} from './args.js'
export {readManifests, parseManifests, splitDocuments, expandPaths, readStream, STDIN_SOURCE, type ManifestObject} from './manifests.js'

/** One thing a verb works on: a whole collection (name undefined) or one named object. */
export interface Target {
  type: ResourceType
  name?: string
  /** Namespace for namespaced types; undefined = all namespaces (-A) or cluster-scoped. */
  namespace?: string
  /** The object from a manifest (-f). */
  object?: any
  source?: string
  line?: number
}

/** Where the builder looks (namespace rules of kubectl). */
export interface Scope {
  namespace: string
  /** -n was given explicitly (objects from files must match it). */
  explicitNamespace: boolean
  allNamespaces: boolean
}

/** Resolves type words (with `all` and other categories expanded) in order, without duplicates. */
export async function resolveTypes(client: KubeClient, words: string[]): Promise<ResourceType[]> {
  const out: ResourceType[] = []
  const seen = new Set<string>()
  const add = (t: ResourceType) => {
    const key = `${t.group}/${t.resource}`
    if (!seen.has(key)) {
      seen.add(key)
      out.push(t)
    }
  }
  for (const word of words) {
    if (word === '') throw new KctlError(`the server doesn't have a resource type ""`)
    const category = word.includes('.') ? undefined : await client.discovery.category(word.toLowerCase())
    if (category && !(await isTypeWord(client, word))) {
      category.forEach(add)
      continue
    }
    add(await client.resolve(word))
  }
  return out
}

async function isTypeWord(client: KubeClient, word: string): Promise<boolean> {
  try {
    await client.resolve(word)
    return true
  } catch {
    return false
  }
}

/** Targets from positional arguments, in kubectl's order: per type, then per name. */
export async function targetsFromArgs(client: KubeClient, args: ResourceArgs, scope: Scope): Promise<Target[]> {
  const ns = (t: ResourceType) => (t.namespaced ? (scope.allNamespaces ? undefined : scope.namespace) : undefined)
  if (args.form === 'none') return []
  if (args.form === 'pairs') {
    const targets: Target[] = []
    for (const p of args.pairs) {
      const t = await client.resolve(p.type)
      targets.push({type: t, name: p.name, namespace: t.namespaced ? scope.namespace : undefined})
    }
    return targets
  }
  if (args.names.length > 0 && args.types.some((t) => t.toLowerCase() === 'all')) throw new KctlError('you must specify only one resource')
  const types = await resolveTypes(client, args.types)
  if (args.names.length === 0) return types.map((type) => ({type, namespace: ns(type)}))
  // Named objects live in the current namespace even with -A.
  return types.flatMap((type) => args.names.map((name) => ({type, name, namespace: type.namespaced ? scope.namespace : undefined})))
}

/** Targets from -f manifests: each object's type from its apiVersion/kind; namespaced objects get a namespace. */
export async function targetsFromFiles(client: KubeClient, filenames: string[], opts: {recursive?: boolean; stdin?: () => Promise<string>}, scope: Scope): Promise<Target[]> {
  const objs: ManifestObject[] = await readManifests(filenames, opts)
  const targets: Target[] = []
  for (const m of objs) {
    const o = m.object
    const apiVersion = String(o.apiVersion ?? '')
    const type = await client.typeForKind(apiVersion, String(o.kind))
    const name = o.metadata?.name ?? o.metadata?.generateName ?? ''
    if (!type) {
      const ns = o.metadata?.namespace ?? ''
      throw new KctlError(`resource mapping not found for name: "${name}" namespace: "${ns}" from "${m.source}": no matches for kind "${o.kind}" in version "${apiVersion}"\nensure CRDs are installed first`)
    }
    let namespace: string | undefined
    if (type.namespaced) {
      const own = o.metadata?.namespace
      if (own && scope.explicitNamespace && own !== scope.namespace) {
        throw new KctlError(`the namespace from the provided object "${own}" does not match the namespace "${scope.namespace}". You must pass '--namespace=${own}' to perform this operation.`)
      }
      namespace = own || scope.namespace
    }
    targets.push({type, name: o.metadata?.name, namespace, object: o, source: m.source, line: m.line})
  }
  return targets
}

/** The error kubectl gives when neither arguments nor -f name anything. */
export function noResourcesError(): KctlError {
  return new KctlError(`You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`)
}

/** Parses the words and resolves them; `-f` and words together are an error, as in kubectl. */
export async function buildTargets(client: KubeClient, positionals: string[], filenames: string[], scope: Scope, opts: {recursive?: boolean; stdin?: () => Promise<string>; cmd?: string} = {}): Promise<{args: ResourceArgs; targets: Target[]}> {
  if (filenames.length > 0) {
    if (positionals.length > 0) throw new KctlError('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well')
    return {args: {form: 'none'}, targets: await targetsFromFiles(client, filenames, opts, scope)}
  }
  const args = parseResourceArgs(positionals, opts.cmd)
  return {args, targets: await targetsFromArgs(client, args, scope)}
}

/** cli-runtime's wording for a list that failed with BadRequest/NotFound (a bad selector, a type not served). */
export function listError(error: unknown, t: ResourceType, labelSelector?: string, fieldSelector?: string): unknown {
  if (!(error instanceof StatusError) || (error.code !== 400 && error.code !== 404)) return error
  const gvr = `${t.group}/${t.version}, Resource=${t.resource}`
  const message = !labelSelector && !fieldSelector
    ? `Unable to list ${JSON.stringify(gvr)}: ${error.status.message ?? ''}`
    : `Unable to find ${JSON.stringify(gvr)} that match label selector ${JSON.stringify(labelSelector ?? '')}, field selector ${JSON.stringify(fieldSelector ?? '')}: ${error.status.message ?? ''}`
  return new StatusError({...error.status, message}, error.httpCode)
}
