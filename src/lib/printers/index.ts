// Printers chosen by -o: pure functions from objects/options to the exact text kubectl prints.
import {goJson} from './gofmt.js'
import {printYaml} from './yaml.js'
import {printName, printCustomColumns, parseCustomColumnsFile, type NameOptions} from './misc.js'
import {printJsonPath} from './jsonpath.js'
import {sortByJsonPath} from './sort.js'
import {printGoTemplate} from './gotemplate.js'

export {printTable, printTables, formatLabels, defaultTable} from './table.js'
export type {Table, TableRow, TableColumnDefinition, TableOptions, TableSection} from './table.js'
export {printYaml} from './yaml.js'
export {printName, formatAge, humanDuration, printCustomColumns, parseCustomColumns, parseCustomColumnsFile} from './misc.js'
export type {NameOptions, CustomColumn, CustomColumnsOptions} from './misc.js'
export {printJsonPath, parseJsonPath, executeJsonPath, findResults, relaxedJsonPathExpression} from './jsonpath.js'
export type {JsonPathTemplate, JsonPathNode, JsonPathOptions} from './jsonpath.js'
export {sanitizeForTerminal, escapeTerminal} from './escape.js'
export {sortByJsonPath, naturalLess, isLess} from './sort.js'
export {tabwrite} from './tabwriter.js'
export {printGoTemplate} from './gotemplate.js'
export {goJson, goSprint} from './gofmt.js'

/** kubectl -o json: 4-space indent, sorted keys, Go's HTML-safe escaping, trailing newline. */
export function printJson(obj: unknown): string {
  return goJson(obj, '    ') + '\n'
}

/** The List kubectl wraps several objects in for -o json/yaml/jsonpath. */
export function toList(items: unknown[]): {apiVersion: string, items: unknown[], kind: string, metadata: {resourceVersion: string}} {
  return {apiVersion: 'v1', items, kind: 'List', metadata: {resourceVersion: ''}}
}

/** Every -o value kubectl 1.33 accepts, in its error-message order. */
export const ALLOWED_FORMATS = ['custom-columns', 'custom-columns-file', 'go-template', 'go-template-file', 'json', 'jsonpath',
  'jsonpath-as-json', 'jsonpath-file', 'name', 'template', 'templatefile', 'wide', 'yaml']

/** Options of printObjects. */
export interface PrintObjectsOptions {
  /** The objects came from naming one object (`get pod x`): print it bare instead of wrapped in a List. */
  single?: boolean
  /** Print each object on its own, as create/apply/run do (yaml documents separated by "---"); no List. */
  stream?: boolean
  /** --no-headers for custom-columns. */
  noHeaders?: boolean
  /** --sort-by JSONPath applied to the objects first. */
  sortBy?: string
  /** -o name operation text ('created', ...) and dry-run suffix. */
  operation?: string
  dryRun?: NameOptions['dryRun']
  /** Reads the file of -o jsonpath-file= / custom-columns-file= (printers do no I/O themselves). */
  readFile?: (path: string) => string
}

/** Whether -o FORMAT is a table format (printed with printTable from server-side Tables). */
export function isTableFormat(format: string): boolean {
  return format === '' || format === 'wide'
}

/** Splits "jsonpath=TEMPLATE" into name and argument; validates the name with kubectl's error. */
export function parseOutputFormat(format: string): {name: string, arg?: string} {
  const i = format.indexOf('=')
  const name = i < 0 ? format : format.slice(0, i)
  const arg = i < 0 ? undefined : format.slice(i + 1)
  if (!ALLOWED_FORMATS.includes(name) && name !== '') {
    throw new Error(`unable to match a printer suitable for the output format "${format}", allowed formats are: ${ALLOWED_FORMATS.join(',')}`)
  }
  return {name, arg}
}

/** The -o dispatcher for non-table formats; errors carry kubectl's messages (print as "error: " + message). */
export function printObjects(objs: any[], format: string, opts: PrintObjectsOptions = {}): string {
  const {name, arg} = parseOutputFormat(format)
  const items = opts.sortBy ? sortByJsonPath(objs, opts.sortBy) : objs
  const whole = (): unknown => opts.single && items.length === 1 ? items[0] : toList(items)
  const read = (path: string) => {
    if (!opts.readFile) throw new Error(`error reading template ${path}`)
    return opts.readFile(path)
  }
  if (opts.stream && name !== 'name' && name !== 'custom-columns' && name !== 'custom-columns-file') {
    // kubectl's YAMLPrinter writes "---" before every object after the first; other printers just concatenate
    return items.map(o => printObjects([o], format, {...opts, single: true, sortBy: undefined, stream: false}))
      .join(name === 'yaml' ? '---\n' : '')
  }
  switch (name) {
    case 'json': return printJson(whole())
    case 'yaml': return printYaml(whole())
    case 'name': return items.map(o => printName(o, {operation: opts.operation, dryRun: opts.dryRun})).join('')
    case 'jsonpath': case 'jsonpath-as-json': case 'jsonpath-file': {
      if (!arg) throw new Error('template format specified but no template given')
      const template = name === 'jsonpath-file' ? read(arg) : arg
      return printJsonPath(template, JSON.parse(JSON.stringify(whole())), {outputJson: name === 'jsonpath-as-json'})
    }
    case 'custom-columns':
      if (!arg) throw new Error('custom-columns format specified but no custom columns given')
      return printCustomColumns(arg, items, {noHeaders: opts.noHeaders})
    case 'custom-columns-file':
      if (!arg) throw new Error('custom-columns format specified but no custom columns given')
      return printCustomColumns(parseCustomColumnsFile(read(arg)), items, {noHeaders: opts.noHeaders})
    case 'go-template': case 'go-template-file': case 'template': case 'templatefile': {
      if (!arg) throw new Error('template format specified but no template given')
      const template = name.endsWith('file') ? read(arg) : arg
      return printGoTemplate(template, whole())
    }
    default:
      throw new Error(`output format "${name || 'table'}" is printed with printTable`)
  }
}
