// kubectl's table printer for server-side Tables (cli-runtime tableprinter: decorateTable + printTable), written
// through the same tabwriter settings so the bytes match `kubectl get`.
import {tabwrite} from './tabwriter.js'
import {escapeTerminal} from './escape.js'
import {goSprint, compareKeys} from './gofmt.js'
import {sortByJsonPath} from './sort.js'
import {formatAge} from './misc.js'

/** meta.k8s.io/v1 TableColumnDefinition. */
export interface TableColumnDefinition {
  name: string
  type: string
  format?: string
  description?: string
  priority?: number
}

/** meta.k8s.io/v1 TableRow; object is PartialObjectMetadata or the full object (includeObject=Object). */
export interface TableRow {
  cells: unknown[]
  object?: any
  conditions?: unknown[]
}

/** meta.k8s.io/v1 Table. */
export interface Table {
  kind?: string
  apiVersion?: string
  metadata?: {resourceVersion?: string, continue?: string}
  columnDefinitions: TableColumnDefinition[]
  rows: TableRow[]
}

/** Options of kubectl's human-readable table output. */
export interface TableOptions {
  /** -o wide: include columns with priority > 0. */
  wide?: boolean
  /** -A: a NAMESPACE column first, from each row's object. */
  withNamespace?: boolean
  /** --show-labels: a LABELS column last. */
  showLabels?: boolean
  /** -L keys: one column per label key, headed by the upper-cased last path segment. */
  labelColumns?: string[]
  /** --no-headers. */
  noHeaders?: boolean
  /** 'deployment.apps' or 'pod' when several types are printed: names become kind/name. */
  kindPrefix?: string
  /** --sort-by JSONPath, evaluated on each row's object (needs includeObject=Object rows). */
  sortBy?: string
  /** Column widths kept across calls, as kubectl's tabwriter keeps them while watching (pass the same array). */
  rememberedWidths?: number[]
}

/** labels.FormatLabels: the k=v strings sorted (so "a.b=x" precedes "a=x"), or <none>. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).sort(compareKeys)
  return pairs.length === 0 ? '<none>' : pairs.join(',')
}

// A cell as printTable writes it: strings cut at the first line break (marked "..."), other values with fmt %v.
function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return ''
  if (typeof cell === 'string') {
    const cut = cell.search(/[\f\n\r]/)
    return cut >= 0 ? escapeTerminal(cell.slice(0, cut)) + '...' : escapeTerminal(cell)
  }
  return escapeTerminal(goSprint(cell))
}

/** The tab-separated lines of one table, before alignment (shared by printTable and printTables). */
function tableLines(table: Table, opts: TableOptions): string {
  let rows = table.rows ?? []
  if (rows.length === 0) return ''
  if (opts.sortBy && rows.length > 1) {
    try {
      rows = sortByJsonPath(rows, opts.sortBy, r => r.object)
    } catch (e) {
      // kubectl prints nothing (and then "No resources found") when no row has the sort field.
      if (/^couldn't find any field/.test((e as Error).message)) return ''
      throw e
    }
  }
  const columns = table.columnDefinitions ?? []
  const visible = columns.map(c => opts.wide || !c.priority)
  const nameColumn = opts.kindPrefix ? columns.findIndex(c => c.format === 'name' && c.type === 'string') : -1
  const labelColumns = opts.labelColumns ?? []
  let out = ''
  if (!opts.noHeaders) {
    const headers: string[] = []
    if (opts.withNamespace) headers.push('NAMESPACE')
    columns.forEach((c, i) => { if (visible[i]) headers.push(c.name.toUpperCase()) })
    for (const l of labelColumns) headers.push(l.split('/').pop()!.toUpperCase())
    if (opts.showLabels) headers.push('LABELS')
    out += headers.join('\t') + '\n'
  }
  for (const row of rows) {
    const meta = row.object?.metadata
    const cells: string[] = []
    if (opts.withNamespace) cells.push(meta?.namespace ?? '')
    row.cells.forEach((cell, i) => {
      if (i >= columns.length || !visible[i]) return
      if (i === nameColumn) cell = `${opts.kindPrefix!.toLowerCase()}/${cell === null || cell === undefined ? '' : goSprint(cell)}`
      cells.push(cellText(cell))
    })
    for (const l of labelColumns) cells.push(meta ? cellText(meta.labels?.[l] ?? '') : '')
    if (opts.showLabels) cells.push(meta ? cellText(formatLabels(meta.labels)) : '')
    out += cells.join('\t') + '\n'
  }
  return out
}

/** kubectl get's human-readable output for one server-side Table ('' when it has no rows). */
export function printTable(table: Table, opts: TableOptions = {}): string {
  return tabwrite(tableLines(table, opts), {rememberedWidths: opts.rememberedWidths})
}

/** The NAME/AGE table kubectl builds itself when the server answers a list without Table support. */
export function defaultTable(objects: any[], now: Date = new Date()): Table {
  return {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1',
    columnDefinitions: [{name: 'Name', type: 'string', format: 'name', priority: 0}, {name: 'Age', type: 'date', format: '', priority: 0}],
    rows: objects.map(o => ({cells: [o?.metadata?.name ?? '', formatAge(o?.metadata?.creationTimestamp, now)], object: o})),
  }
}

/** One type's table in a multi-type `get` (deploy,svc). */
export interface TableSection {
  table: Table
  /** 'deployment.apps' / 'pod' prefix for the name column. */
  kindPrefix?: string
}

/** Several types' tables: aligned per type, separated by a blank line unless --no-headers. */
export function printTables(sections: TableSection[], opts: Omit<TableOptions, 'kindPrefix'> = {}): string {
  let out = ''
  for (const s of sections) {
    const text = printTable(s.table, {...opts, kindPrefix: s.kindPrefix})
    if (text === '') continue
    if (out !== '' && !opts.noHeaders) out += '\n'
    out += text
  }
  return out
}
