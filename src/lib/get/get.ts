// `kctl get`: server-side Tables for people, whole objects for machines; failures on some names do not stop the others
// (kubectl prints what it found, then every error, and exits 1).
import {readFileSync} from 'node:fs'
import {AggregateKctlError, KctlError, isNotFound} from '../cli/errors.js'
import type {KubeClient, ResourceType} from '../client/index.js'
import {buildTargets, listError, multipleTypesRequested, requiredResourceHint, requiredResourceError, type Target} from '../resource/builder.js'
import {qualifiedKind} from '../client/discovery.js'
import {printTables, printObjects, sanitizeForTerminal, ALLOWED_FORMATS} from '../printers/index.js'

/** Options of `kctl get` (from flags). */
export interface GetOptions {
  positionals: string[]
  filenames: string[]
  recursive: boolean
  output?: string
  allNamespaces: boolean
  selector?: string
  fieldSelector?: string
  showLabels: boolean
  noHeaders: boolean
  sortBy?: string
  labelColumns: string[]
  ignoreNotFound: boolean
  chunkSize: number
  showKind: boolean
  watch: boolean
  watchOnly: boolean
  outputWatchEvents: boolean
  showManagedFields: boolean
}

/** Output writers; get streams nothing until everything is fetched, except with --watch. */
export interface GetIO {
  out: (text: string) => Promise<void>
  err: (text: string) => Promise<void>
  /** Whether stdout is a terminal (control sequences are stripped from cluster strings). */
  tty?: boolean
}


/** Turns get's flag values into options (pure). */
export function getOptions(positionals: string[], f: Record<string, any>): GetOptions {
  const output: string | undefined = f.output === undefined || f.output === '' ? undefined : String(f.output)
  if (output !== undefined) {
    const name = output.split('=')[0]
    if (!ALLOWED_FORMATS.includes(name)) throw new KctlError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${ALLOWED_FORMATS.join(',')}`)
  }
  const labelColumns = ([] as string[]).concat(f['label-columns'] ?? []).flatMap((s: string) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '')
  return {
    positionals,
    filenames: [].concat(f.filename ?? []),
    recursive: Boolean(f.recursive),
    output,
    allNamespaces: Boolean(f['all-namespaces']),
    selector: f.selector,
    fieldSelector: f['field-selector'],
    showLabels: Boolean(f['show-labels']),
    noHeaders: Boolean(f['no-headers']),
    sortBy: f['sort-by'] || undefined,
    labelColumns,
    ignoreNotFound: Boolean(f['ignore-not-found']),
    chunkSize: f['chunk-size'] === undefined ? 500 : Number(f['chunk-size']),
    showKind: Boolean(f['show-kind']),
    watch: Boolean(f.watch),
    watchOnly: Boolean(f['watch-only']),
    outputWatchEvents: Boolean(f['output-watch-events']),
    showManagedFields: Boolean(f['show-managed-fields']),
  }
}

/** One fetched result: a Table or an object/list, for one target. */
interface Fetched {
  target: Target
  table?: any
  objects: any[]
}

function isHuman(output: string | undefined): boolean {
  return output === undefined || output === 'wide'
}

/** kubectl's JSON/YAML printers drop metadata.managedFields unless --show-managed-fields. */
export function withoutManagedFields(obj: any): any {
  if (!obj?.metadata?.managedFields) return obj
  const {managedFields: _dropped, ...metadata} = obj.metadata
  return {...obj, metadata}
}

/** Fills apiVersion/kind on list items (the server omits them; kubectl's printers show them). */
function withTypeMeta(obj: any, t: ResourceType): any {
  if (obj && typeof obj === 'object' && (!obj.kind || !obj.apiVersion)) {
    return {apiVersion: t.group ? `${t.group}/${t.version}` : t.version, kind: t.kind, ...obj}
  }
  return obj
}

/** Runs `kctl get` and writes its output; throws the collected errors at the end. */
export async function runGet(clientFn: () => Promise<KubeClient>, o: GetOptions, io: GetIO): Promise<void> {
  if (o.positionals.length === 0 && o.filenames.length === 0) {
    await io.err(`${requiredResourceHint('get')}\n\n`)
    throw requiredResourceError()
  }
  const client = await clientFn()
  if (o.selector && o.positionals.length > 1 && !o.positionals[0].includes('/')) throw new KctlError('name cannot be provided when a selector is specified')
  const scope = {namespace: client.namespace, explicitNamespace: client.connection.namespaceExplicit, allNamespaces: o.allNamespaces}
  const {args, targets} = await buildTargets(client, o.positionals, o.filenames, scope, {recursive: o.recursive})
  if (o.watch || o.watchOnly) {
    const {runWatch} = await import('./watch.js')
    return runWatch(client, o, targets, io)
  }
  const human = isHuman(o.output)
  const errors: Error[] = []
  const fetched: Fetched[] = []
  for (const target of targets) {
    try {
      fetched.push(await fetchTarget(client, target, o, human))
    } catch (error) {
      if (o.ignoreNotFound && isNotFound(error)) continue
      errors.push(error as Error)
    }
  }
  const singleObject = targets.length === 1 && targets[0].name !== undefined && args.form !== 'types' ? true : targets.length === 1 && targets[0].name !== undefined
  let text = human ? await renderHuman(fetched, o, multipleTypesRequested(args) || o.showKind || new Set(targets.map((t) => t.type.kind)).size > 1) : await renderMachine(fetched, o, singleObject)
  if (io.tty) text = sanitizeForTerminal(text)
  await io.out(text)
  const total = fetched.reduce((n, f) => n + (f.table ? (f.table.rows ?? []).length : f.objects.length), 0)
  if (human && total === 0 && errors.length === 0 && !o.ignoreNotFound) {
    const namespaced = targets.some((t) => t.type.namespaced)
    await io.err(o.allNamespaces || !namespaced ? 'No resources found\n' : `No resources found in ${client.namespace} namespace.\n`)
  }
  if (errors.length === 1) throw errors[0]
  if (errors.length > 1) throw new AggregateKctlError(errors)
}

async function fetchTarget(client: KubeClient, target: Target, o: GetOptions, human: boolean): Promise<Fetched> {
  const t = target.type
  if (target.name !== undefined) {
    const res = await client.get(t, target.namespace, target.name, {table: human})
    if (res?.kind === 'Table') return {target, table: res, objects: []}
    return {target, objects: [withTypeMeta(res, t)]}
  }
  const listOpts = {labelSelector: o.selector, fieldSelector: o.fieldSelector, table: human}
  let res: any
  try {
    res = o.chunkSize > 0 ? await listAllChunked(client, t, target.namespace, listOpts, o.chunkSize) : await client.list(t, target.namespace, listOpts)
  } catch (error) {
    throw listError(error, t, o.selector, o.fieldSelector)
  }
  if (res?.kind === 'Table') return {target, table: res, objects: []}
  return {target, objects: (res.items ?? []).map((i: any) => withTypeMeta(i, t))}
}

async function listAllChunked(client: KubeClient, t: ResourceType, ns: string | undefined, opts: any, limit: number): Promise<any> {
  const first = await client.list(t, ns, {...opts, limit})
  const key = first.kind === 'Table' ? 'rows' : 'items'
  let cont = first.metadata?.continue
  while (cont) {
    const next = await client.list(t, ns, {...opts, limit, continue: cont})
    first[key] = [...(first[key] ?? []), ...(next[key] ?? [])]
    cont = next.metadata?.continue
  }
  return first
}

/** Consecutive results of the same type print as one table; types are separated by a blank line. */
async function renderHuman(fetched: Fetched[], o: GetOptions, withKind: boolean): Promise<string> {
  const groups: {type: ResourceType; table: any}[] = []
  for (const f of fetched) {
    if (!f.table) continue
    const last = groups[groups.length - 1]
    if (last && last.type.group === f.target.type.group && last.type.resource === f.target.type.resource) {
      last.table = {...last.table, rows: [...(last.table.rows ?? []), ...(f.table.rows ?? [])]}
    } else {
      groups.push({type: f.target.type, table: f.table})
    }
  }
  const anyNamespaced = groups.some((g) => g.type.namespaced)
  return printTables(groups.filter((g) => (g.table.rows ?? []).length > 0).map((g) => ({table: g.table, kindPrefix: withKind ? qualifiedKind(g.type) : undefined})), {
    wide: o.output === 'wide',
    withNamespace: o.allNamespaces && anyNamespaced,
    showLabels: o.showLabels,
    labelColumns: o.labelColumns,
    noHeaders: o.noHeaders,
    sortBy: o.sortBy,
  })
}

async function renderMachine(fetched: Fetched[], o: GetOptions, singleObject: boolean): Promise<string> {
  const all = fetched.flatMap((f) => f.objects)
  const items = o.showManagedFields ? all : all.map(withoutManagedFields)
  if (fetched.length === 0) return ''
  try {
    return printObjects(items, o.output ?? '', {single: singleObject, noHeaders: o.noHeaders, sortBy: o.sortBy, readFile: (file) => readFileSync(file, 'utf8')})
  } catch (error) {
    throw error instanceof KctlError ? error : new KctlError((error as Error).message)
  }
}
