// Small printers: -o name, ages (duration.HumanDuration) and custom columns.
import {tabwrite} from './tabwriter.js'
import {escapeTerminal} from './escape.js'
import {goSprint} from './gofmt.js'
import {parseJsonPath, findResults, relaxedJsonPathExpression, type JsonPathTemplate} from './jsonpath.js'

/** Options of -o name. */
export interface NameOptions {
  /** 'created', 'configured', 'deleted', ... appended after the name. */
  operation?: string
  /** Adds kubectl's " (dry run)" / " (server dry run)" to the operation. */
  dryRun?: 'client' | 'server'
}

/** kubectl -o name: kind[.group]/name, optionally followed by the operation; one line. */
export function printName(obj: any, opts: NameOptions = {}): string {
  const kind: string = obj?.kind ?? ''
  const apiVersion: string = obj?.apiVersion ?? ''
  if (!kind || !apiVersion) throw new Error('missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you know the type')
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : ''
  const name = obj?.metadata?.name || '<unknown>'
  let line = group ? `${kind.toLowerCase()}.${group}/${name}` : `${kind.toLowerCase()}/${name}`
  if (opts.operation) {
    const op = opts.dryRun === 'client' ? `${opts.operation} (dry run)` : opts.dryRun === 'server' ? `${opts.operation} (server dry run)` : opts.operation
    line += ` ${op}`
  }
  return line + '\n'
}

/** duration.HumanDuration of now - from, as kubectl prints ages ("<unknown>" without a timestamp). */
export function formatAge(from: Date | string | undefined | null, now: Date = new Date()): string {
  if (from === undefined || from === null || from === '') return '<unknown>'
  const t = typeof from === 'string' ? new Date(from) : from
  if (Number.isNaN(t.getTime())) return '<unknown>'
  return humanDuration(now.getTime() - t.getTime())
}

/** duration.HumanDuration for a duration in milliseconds. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000)
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 120) return `${seconds}s`
  const minutes = Math.trunc(seconds / 60)
  if (minutes < 10) {
    const s = seconds % 60
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`
  }
  if (minutes < 180) return `${minutes}m`
  const hours = Math.trunc(minutes / 60)
  if (hours < 8) {
    const m = minutes % 60
    return m === 0 ? `${hours}h` : `${hours}h${m}m`
  }
  if (hours < 48) return `${hours}h`
  if (hours < 24 * 8) {
    const h = hours % 24
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365
    return dy === 0 ? `${Math.trunc(hours / 24 / 365)}y` : `${Math.trunc(hours / 24 / 365)}y${dy}d`
  }
  return `${Math.trunc(hours / 24 / 365)}y`
}

/** One custom column: header and its JSONPath. */
export interface CustomColumn {
  header: string
  fieldSpec: string
}

/** Parses -o custom-columns=HEADER:path,... with kubectl's errors. */
export function parseCustomColumns(spec: string): CustomColumn[] {
  if (spec.length === 0) throw new Error('custom-columns format specified but no custom columns given')
  return spec.split(',').map(part => {
    const i = part.indexOf(':')
    if (i < 0) throw new Error(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`)
    return {header: part.slice(0, i), fieldSpec: relaxedJsonPathExpression(part.slice(i + 1))}
  })
}

/** Parses a custom-columns-file: a line of headers and a line of paths, whitespace-separated. */
export function parseCustomColumnsFile(text: string): CustomColumn[] {
  // bufio.Scanner lines: a final newline does not start another line; CR before LF is dropped
  const lines = text === '' ? [] : text.split('\n').map(l => l.replace(/\r$/, ''))
  if (text.endsWith('\n')) lines.pop()
  const tail = 'Expected format is one line of space separated headers, one line of space separated column specs.'
  if (lines.length < 1) throw new Error(`invalid template, missing header line. ${tail}`)
  if (lines.length < 2) throw new Error(`invalid template, missing spec line. ${tail}`)
  const split = (l: string) => l.split(/\s+/).filter(Boolean)
  const headers = split(lines[0]), specs = split(lines[1])
  if (headers.length !== specs.length) {
    throw new Error(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`)
  }
  return headers.map((header, i) => ({header, fieldSpec: relaxedJsonPathExpression(specs[i])}))
}

/** Options of custom-columns output. */
export interface CustomColumnsOptions {
  noHeaders?: boolean
}

/** kubectl -o custom-columns over items: <none> for missing, several values comma-joined, maps in Go %v form. */
export function printCustomColumns(spec: string | CustomColumn[], items: any[], opts: CustomColumnsOptions = {}): string {
  const columns = typeof spec === 'string' ? parseCustomColumns(spec) : spec
  const parsers: JsonPathTemplate[] = columns.map(c => parseJsonPath(c.fieldSpec))
  let out = ''
  if (!opts.noHeaders && items.length > 0) out += columns.map(c => c.header).join('\t') + '\n'
  for (const item of items) {
    const cells = parsers.map(p => {
      const values = findResults(p, item, true)
      const strs: string[] = []
      if (values.length === 0 || values[0].length === 0) strs.push('<none>')
      for (const arr of values) for (const v of arr) strs.push(escapeTerminal(goSprint(v)))
      return strs.join(',')
    })
    out += cells.join('\t') + '\n'
  }
  return tabwrite(out)
}
