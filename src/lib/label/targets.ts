// The object-visiting half of kubectl's builder as the mutating verbs (label, annotate, patch, rollout) use it:
// named objects are fetched one by one and failures kept in place (ContinueOnError), collections are listed.
import {KctlError} from '../cli/errors.js'
import type {KubeClient, ResourceType} from '../client/index.js'
import {buildTargets, listError, noResourcesError, readStream, type Target} from '../resource/builder.js'

/** What the user named: words, files, selectors. */
export interface Selection {
  positionals: string[]
  filenames: string[]
  recursive?: boolean
  selector?: string
  fieldSelector?: string
  all?: boolean
  allNamespaces?: boolean
  /** --local: use the objects from -f as they are, without the server. */
  local?: boolean
  /** `kctl label` for builder messages. */
  cmd: string
  /** Fetch this subresource of named objects (patch --subresource). */
  subresource?: string
  /** false: objects from -f are used as read (patch), not refetched from the server. */
  latest?: boolean
}

/** One object to act on, or the error met while fetching it. */
export type Visited = {type: ResourceType; name: string; namespace?: string; obj: any} | {error: Error}

/** kubectl's singleItemImplied: exactly one object named by argument or one file. */
export function singleItemImplied(sel: Selection, targets: Target[]): boolean {
  if (sel.filenames.length > 0) return targets.length === 1
  return targets.length === 1 && targets[0].name !== undefined
}

/** Resolves and fetches what a selection names, in kubectl's order. */
export async function visitSelection(client: KubeClient, sel: Selection): Promise<{items: Visited[]; one: boolean}> {
  if (sel.positionals.length === 0 && sel.filenames.length === 0) throw noResourcesError()
  const scope = {namespace: client.namespace, explicitNamespace: client.connection.namespaceExplicit, allNamespaces: Boolean(sel.allNamespaces)}
  const {targets} = await buildTargets(client, sel.positionals, sel.filenames, scope, {recursive: sel.recursive, cmd: sel.cmd, stdin: () => readStream(process.stdin)})
  const named = targets.some((t) => t.name !== undefined)
  if (!named && targets.length > 0 && !sel.all && !sel.selector && !sel.fieldSelector) {
    throw new KctlError('resource(s) were provided, but no name was specified')
  }
  const items: Visited[] = []
  for (const t of targets) {
    if (t.object && (sel.local || sel.latest === false)) {
      items.push({type: t.type, name: t.name ?? '', namespace: t.namespace, obj: t.object})
      continue
    }
    if (t.name !== undefined) {
      try {
        items.push({type: t.type, name: t.name, namespace: t.namespace, obj: await client.get(t.type, t.namespace, t.name, {subresource: sel.subresource})})
      } catch (error) {
        items.push({error: error as Error})
      }
      continue
    }
    let list: any
    try {
      list = await client.listAll(t.type, t.namespace, {labelSelector: sel.selector, fieldSelector: sel.fieldSelector})
    } catch (error) {
      throw listError(error, t.type, sel.selector, sel.fieldSelector)
    }
    for (const obj of list.items ?? []) {
      if (!obj.apiVersion) obj.apiVersion = client.apiVersion(t.type)
      if (!obj.kind) obj.kind = t.type.kind
      items.push({type: t.type, name: obj.metadata.name, namespace: obj.metadata.namespace, obj})
    }
  }
  return {items, one: singleItemImplied(sel, targets)}
}

/** kubectl's "no objects passed to VERB" when a selection matched nothing. */
export function noObjects(verb: string): KctlError {
  return new KctlError(`no objects passed to ${verb}`)
}
