// `kctl label` and `kctl annotate`: kubectl's metadata-map edits. Each object is changed locally, then a JSON merge
// patch of old → new is sent (or, for --dry-run=client / --local / --list, the local object is the result).
import {KctlError, AggregateKctlError} from '../cli/errors.js'
import type {KubeClient} from '../client/index.js'
import {qualifiedKind} from '../client/index.js'
import {createMergePatch, clone, deepEqual, sortKeys} from '../patch/index.js'
import {printMutations} from '../cli/output.js'
import {dryRunSuffix, type DryRun} from '../nodes/select.js'
import {visitSelection, type Selection} from './targets.js'

/** Which metadata map a command edits. */
export type MetaKind = 'label' | 'annotation'

/** Options of `kctl label` / `kctl annotate`. */
export interface MetaEditOptions {
  kind: MetaKind
  selection: Selection
  /** key → value, in the order typed (a later duplicate wins). */
  set: Map<string, string>
  remove: string[]
  overwrite: boolean
  list: boolean
  local: boolean
  resourceVersion?: string
  dryRun: DryRun
  output?: string
  fieldManager: string
  showManagedFields: boolean
}

/** Flag values the label/annotate commands pass in. */
export interface MetaEditFlags {
  overwrite?: boolean
  list?: boolean
  local?: boolean
  all?: boolean
  'all-namespaces'?: boolean
  selector?: string
  'field-selector'?: string
  filename?: string[]
  recursive?: boolean
  'resource-version'?: string
  output?: string
  'field-manager'?: string
  'show-managed-fields'?: boolean
}

/** kubectl's GetResourcesAndPairs: leading words are resources, the rest KEY=VAL or KEY- changes. */
export function splitResourcesAndPairs(args: string[], pairType: MetaKind): {resources: string[]; pairs: string[]} {
  const resources: string[] = []
  const pairs: string[] = []
  for (const s of args) {
    const isPair = (s.includes('=') && !s.startsWith('=')) || (s.endsWith('-') && s !== '-')
    if (isPair) pairs.push(s)
    else if (pairs.length > 0) throw new KctlError(`all resources must be specified before ${pairType} changes: ${s}`)
    else resources.push(s)
  }
  return {resources, pairs}
}

/** Parses KEY=VAL / KEY- words with label's (strict, one '=') or annotate's (first '=' splits) rules. */
export function parsePairs(pairs: string[], kind: MetaKind): {set: Map<string, string>; remove: string[]} {
  const set = new Map<string, string>()
  const remove: string[] = []
  for (const p of pairs) {
    if (p.includes('=') && (kind === 'label' || !p.startsWith('='))) {
      const parts = p.split('=')
      if (kind === 'label' && parts.length !== 2) throw new KctlError(`invalid label spec: ${p}`)
      const i = p.indexOf('=')
      set.set(p.slice(0, i), p.slice(i + 1))
    } else if (p.endsWith('-')) {
      remove.push(p.slice(0, -1))
    } else {
      throw new KctlError(kind === 'label' ? `unknown label spec: ${p}` : `invalid annotation format: ${p}`)
    }
  }
  if (kind === 'label') {
    if (remove.some((k) => set.has(k))) throw new KctlError('can not both modify and remove a label in the same command')
  }
  return {set, remove}
}

/** Positionals + flags → options, with kubectl's validation order and words. */
export function metaEditOptions(kind: MetaKind, args: string[], f: MetaEditFlags, dryRun: DryRun): MetaEditOptions {
  const {resources, pairs} = splitResourcesAndPairs(args, kind)
  const {set, remove} = parsePairs(pairs, kind)
  const filenames = f.filename ?? []
  const file = kind === 'label' ? 'pod' : 'rsrc'
  if (f.all && f.selector) throw new KctlError('cannot set --all and --selector at the same time')
  if (f.all && f['field-selector']) throw new KctlError('cannot set --all and --field-selector at the same time')
  if (f.local) {
    if (dryRun === 'server') throw new KctlError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?')
    if (resources.length > 0) throw new KctlError(`can only use local files by -f ${file}.yaml or --filename=${file}.json when --local=true is set`)
    if (filenames.length === 0) throw new KctlError(`one or more files must be specified as -f ${file}.yaml or --filename=${file}.json`)
  } else if (resources.length === 0 && filenames.length === 0) {
    throw new KctlError('one or more resources must be specified as <resource> <name> or <resource>/<name>')
  }
  if (set.size === 0 && remove.length === 0 && !f.list) throw new KctlError(`at least one ${kind} update is required`)
  if (kind === 'annotation') {
    const both = remove.filter((k) => set.has(k))
    if (both.length > 0) throw new KctlError(`can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`)
  }
  return {
    kind,
    selection: {positionals: resources, filenames, recursive: f.recursive, selector: f.selector, fieldSelector: f['field-selector'], all: f.all, allNamespaces: f['all-namespaces'], local: f.local, cmd: `kctl ${kind === 'label' ? 'label' : 'annotate'}`},
    set,
    remove,
    overwrite: Boolean(f.overwrite),
    list: Boolean(f.list),
    local: Boolean(f.local),
    resourceVersion: f['resource-version'] || undefined,
    dryRun,
    output: f.output,
    fieldManager: f['field-manager'] ?? (kind === 'label' ? 'kubectl-label' : 'kubectl-annotate'),
    showManagedFields: Boolean(f['show-managed-fields']),
  }
}

const field = (kind: MetaKind) => (kind === 'label' ? 'labels' : 'annotations')

/** Applies the edit to obj in place (kubectl's labelFunc / updateAnnotations); refuses silent overwrites. */
export function editMetadata(obj: any, o: Pick<MetaEditOptions, 'kind' | 'set' | 'remove' | 'overwrite' | 'resourceVersion'>): void {
  obj.metadata ??= {}
  const current: Record<string, string> = obj.metadata[field(o.kind)] ?? {}
  if (!o.overwrite) {
    const clashes = [...o.set].filter(([k, v]) => Object.prototype.hasOwnProperty.call(current, k) && current[k] !== v)
    if (o.kind === 'label') {
      const errors = clashes.map(([k]) => new KctlError(`'${k}' already has a value (${current[k]}), and --overwrite is false`))
      if (errors.length === 1) throw errors[0]
      if (errors.length > 1) throw new AggregateKctlError(errors)
    } else {
      // the change-cause annotation may always be replaced
      const text = clashes.filter(([k]) => k !== 'kubernetes.io/change-cause').map(([k]) => `'${k}' already has a value (${current[k]})`).join('; ')
      if (text) throw new KctlError(`--overwrite is false but found the following declared annotation(s): ${text}`)
    }
  }
  const next: Record<string, string> = {...current}
  for (const [k, v] of o.set) next[k] = v
  for (const k of o.remove) delete next[k]
  obj.metadata[field(o.kind)] = next
  if (o.resourceVersion) obj.metadata.resourceVersion = o.resourceVersion
}

/** kubectl's labeled / unlabeled / not labeled verdict (annotate always says annotated). */
export function changeWord(kind: MetaKind, before: any, after: any, overwrite: boolean): string {
  if (kind === 'annotation') return 'annotated'
  if (deepEqual(before, after)) return 'not labeled'
  if (!overwrite && JSON.stringify(after).length < JSON.stringify(before).length) return 'unlabeled'
  return 'labeled'
}

/** Runs label/annotate over every selected object; failures are reported together at the end. */
export async function runMetaEdit(client: KubeClient, o: MetaEditOptions, out: (s: string) => void): Promise<void> {
  const {items, one} = await visitSelection(client, o.selection)
  if (!one && o.resourceVersion) throw new KctlError('--resource-version may only be used with a single resource')
  const errors: Error[] = []
  for (const item of items) {
    if ('error' in item) {
      errors.push(item.error)
      continue
    }
    try {
      const obj = item.obj
      if (o.resourceVersion) obj.metadata.resourceVersion = ''
      const before = clone(obj)
      let result: any
      let word: string
      if (o.dryRun === 'client' || o.local || o.list) {
        editMetadata(obj, o)
        result = obj
        word = changeWord(o.kind, before, obj, o.overwrite)
      } else {
        if (o.kind === 'label') {
          const current = obj.metadata?.labels ?? {}
          for (const k of o.remove) if (!Object.prototype.hasOwnProperty.call(current, k)) out(`label ${JSON.stringify(k)} not found.\n`)
        }
        editMetadata(obj, o)
        word = changeWord(o.kind, before, obj, o.overwrite)
        const patch = createMergePatch(before, obj)
        result = await client.patch(item.type, item.namespace, item.name, 'merge', patch, {dryRun: o.dryRun === 'server', fieldManager: o.fieldManager})
      }
      if (o.list) {
        const map: Record<string, string> = result.metadata?.[field(o.kind)] ?? {}
        let text = ''
        const indent = one ? '' : ' '
        if (!one) text += `Listing ${field(o.kind)} for ${item.type.kind}.${item.type.group}/${item.name}:\n`
        for (const [k, v] of Object.entries(map)) text += `${indent}${k}=${v}\n`
        out(text)
        continue
      }
      if (!o.showManagedFields && result.metadata) delete result.metadata.managedFields
      out(await printMutations([{obj: o.output === 'json' ? sortKeys(result) : result, type: item.type, operation: `${word}${dryRunSuffix(o.dryRun)}`}], o.output))
    } catch (error) {
      errors.push(error as Error)
    }
  }
  if (errors.length === 1) throw errors[0]
  if (errors.length > 1) throw new AggregateKctlError(errors.flatMap((e) => (e instanceof AggregateKctlError ? e.errors : [e])))
}

/** The `kind/name` kubectl prints for an object (used by tests and other verbs). */
export function objectRef(type: {group: string; kind: string}, name: string): string {
  return `${qualifiedKind(type)}/${name}`
}
