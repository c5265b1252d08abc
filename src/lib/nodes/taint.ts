// `kctl taint`: kubectl's taint spec grammar, validation and list arithmetic (pkg/cmd/taint), as pure functions, plus
// the one function the command calls.
import {KctlError, UsageError, AggregateKctlError} from '../cli/errors.js'
import type {KubeClient, ResourceType} from '../client/index.js'
import {selectNodes, type NodeSelection, dryRunSuffix, parseDryRun} from './select.js'
import {printMutations} from '../cli/output.js'
import {withoutManagedFields} from '../get/get.js'

/** A node taint. */
export interface Taint {
  key: string
  value?: string
  effect: string
}

/** Taints to add and to remove, parsed from the command line. */
export interface TaintChanges {
  add: Taint[]
  remove: {key: string; effect?: string}[]
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/

/** kubectl's Taint.ToString: key=value:effect, key=value:, key:effect, key. */
export function taintToString(t: {key: string; value?: string; effect?: string}): string {
  if (t.value) return `${t.key}=${t.value}:${t.effect ?? ''}`
  return t.effect ? `${t.key}:${t.effect}` : t.key
}

function validateEffect(effect: string): void {
  if (!EFFECTS.includes(effect)) throw new UsageError(`invalid taint effect: ${effect}, unsupported taint effect`)
}

function parseOneTaint(spec: string): Taint {
  const colon = spec.lastIndexOf(':')
  let keyValue = spec
  let effect = ''
  if (colon >= 0) {
    keyValue = spec.slice(0, colon)
    effect = spec.slice(colon + 1)
    if (keyValue.includes(':')) throw new UsageError(`invalid taint spec: ${spec}`)
    validateEffect(effect)
  } else {
    throw new UsageError(`invalid taint spec: ${spec}`)
  }
  const parts = keyValue.split('=')
  if (parts.length > 2) throw new UsageError(`invalid taint spec: ${spec}`)
  const [key, value] = parts
  if (!QUALIFIED_NAME.test(key) || key.length > 316) throw new UsageError(`invalid taint spec: ${spec}, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`)
  if (value !== undefined && (!LABEL_VALUE.test(value) || value.length > 63)) throw new UsageError(`invalid taint spec: ${spec}, a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`)
  return value ? {key, value, effect} : {key, effect}
}

/** Parses taint arguments (KEY=VALUE:EFFECT, KEY:EFFECT, KEY:EFFECT-, KEY-) as kubectl's parseTaints does. */
export function parseTaints(specs: string[]): TaintChanges {
  const add: Taint[] = []
  const remove: {key: string; effect?: string}[] = []
  const seen = new Set<string>()
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const body = spec.slice(0, -1)
      const colon = body.indexOf(':')
      if (colon >= 0) {
        const effect = body.slice(colon + 1)
        validateEffect(effect)
        remove.push({key: body.slice(0, colon), effect})
      } else {
        remove.push({key: body})
      }
      continue
    }
    const taint = parseOneTaint(spec)
    const id = `${taint.key}:${taint.effect}`
    if (seen.has(id)) throw new UsageError(`duplicated taints with the same key and effect: {${taint.key} ${taint.value ?? ''} ${taint.effect} <nil>}`)
    seen.add(id)
    add.push(taint)
  }
  for (const r of remove) {
    const clash = add.find((a) => a.key === r.key && (!r.effect || a.effect === r.effect))
    if (clash) throw new UsageError(`can not both modify and remove the following taint(s) in the same command: ${taintToString({key: r.key, effect: r.effect})}`)
  }
  return {add, remove}
}

/** Splits positionals into node names and taint specs: a taint contains = or : or ends with -. */
export function splitTaintArgs(args: string[]): {resources: string[]; taints: string[]} {
  const resources: string[] = []
  const taints: string[] = []
  for (const a of args) {
    const isTaint = a.includes('=') || a.includes(':') || a.endsWith('-')
    if (isTaint) taints.push(a)
    else if (taints.length > 0) throw new UsageError(`all resources must be specified before taint changes: ${a}`)
    else resources.push(a)
  }
  return {resources, taints}
}

/** kubectl's reorganizeTaints: the new list and the operation word (tainted / untainted / modified). */
export function applyTaintChanges(nodeName: string, current: Taint[], changes: TaintChanges, overwrite: boolean): {taints: Taint[]; operation: string} {
  if (!overwrite) {
    const dupes = changes.add.filter((a) => current.some((c) => c.key === a.key && c.effect === a.effect)).map((a) => a.key)
    if (dupes.length > 0) throw new KctlError(`node ${nodeName} already has ${dupes.join(',')} taint(s) with same effect(s) and --overwrite is false`)
  }
  let next = current.filter((c) => !changes.add.some((a) => a.key === c.key && a.effect === c.effect))
  let removed = false
  const missing: string[] = []
  for (const r of changes.remove) {
    const before = next.length
    next = next.filter((c) => !(c.key === r.key && (!r.effect || c.effect === r.effect)))
    if (next.length === before) missing.push(taintToString(r))
    else removed = true
  }
  if (missing.length > 0) throw new KctlError(missing.map((m) => `taint "${m}" not found`).join('\n'))
  const taints = [...changes.add, ...next]
  let operation = 'untainted'
  if ((changes.add.length > 0 && removed) || overwrite) operation = 'modified'
  else if (changes.add.length > 0) operation = 'tainted'
  return {taints, operation}
}

/** Options of `kctl taint`. */
export interface TaintOptions extends NodeSelection {
  taints: string[]
  overwrite: boolean
  output?: string
  fieldManager: string
  showManagedFields?: boolean
}

/** What kubectl prints for a client dry run: the node after a round trip through the typed v1.Node (whose omitempty
 * lists vanish when empty, e.g. a sandbox node's `images: []`) decoded back as unstructured, so keys are sorted. */
export function typedRoundTrip(v: any, sortKeys = true): any {
  if (Array.isArray(v)) return v.map((x) => typedRoundTrip(x, sortKeys))
  if (!v || typeof v !== 'object') return v
  const out: any = {}
  const keys = Object.keys(v)
  for (const k of sortKeys ? keys.sort() : keys) {
    if (v[k] === undefined || (Array.isArray(v[k]) && v[k].length === 0)) continue
    out[k] = typedRoundTrip(v[k], sortKeys)
  }
  return out
}

/** kubectl's JSON and YAML printers hide metadata.managedFields unless --show-managed-fields. */
function forPrinting(obj: any, opts: TaintOptions): any {
  return opts.showManagedFields || !['json', 'yaml'].includes(opts.output ?? '') ? obj : withoutManagedFields(obj)
}

/** Flags and positionals → options, with kubectl's usage errors. */
export function taintOptions(positionals: string[], flags: {all?: boolean; selector?: string; overwrite?: boolean; 'dry-run'?: string; output?: string; 'field-manager'?: string; 'show-managed-fields'?: boolean}): TaintOptions {
  const {resources, taints} = splitTaintArgs(positionals)
  if (flags.all && flags.selector) throw new KctlError(`setting 'all' parameter with a non empty selector is prohibited`)
  let names: string[] = []
  if (resources.length > 0) {
    const [type, ...rest] = resources
    if (type.includes('/')) names = resources
    else {
      if (!['node', 'nodes', 'no'].includes(type.toLowerCase())) throw new KctlError(`invalid resource type ${type}, only node types are supported`)
      names = rest
    }
  }
  if (resources.length === 0) throw new KctlError('one or more resources must be specified as <resource> <name>')
  if (names.length === 0 && !flags.all && !flags.selector) throw new KctlError(`at least one resource name must be specified since 'all' parameter is not set`)
  if (taints.length === 0) throw new KctlError('at least one taint update is required')
  parseTaints(taints)
  return {names, selector: flags.selector, all: Boolean(flags.all), taints, overwrite: Boolean(flags.overwrite), dryRun: parseDryRun(flags['dry-run']), output: flags.output, fieldManager: flags['field-manager'] ?? 'kubectl-taint', showManagedFields: Boolean(flags['show-managed-fields'])}
}

/** Applies taint changes to every selected node; per-node failures are reported together at the end. */
export async function runTaint(client: KubeClient, opts: TaintOptions, out: (s: string) => void): Promise<void> {
  const changes = parseTaints(opts.taints)
  const {type, nodes} = await selectNodes(client, opts)
  const errors: Error[] = []
  const results: {obj: any; type: ResourceType; operation: string}[] = []
  for (const node of nodes) {
    try {
      const current: Taint[] = node.spec?.taints ?? []
      const {taints, operation} = applyTaintChanges(node.metadata.name, current, changes, opts.overwrite)
      let obj = {...node, spec: {...node.spec, taints: taints.length > 0 ? taints : undefined}}
      if (opts.dryRun === 'client') obj = typedRoundTrip(obj)
      else {
        // The patched node is decoded as a typed v1.Node too, in the server's key order.
        obj = typedRoundTrip(await client.patch(type, undefined, node.metadata.name, 'strategic', {spec: {taints: taints.length > 0 ? taints : null}},
          {dryRun: opts.dryRun === 'server', fieldManager: opts.fieldManager}), false)
      }
      results.push({obj: forPrinting(obj, opts), type, operation: `${operation}${dryRunSuffix(opts.dryRun)}`})
    } catch (error) {
      errors.push(error as Error)
    }
  }
  out(await printMutations(results, opts.output))
  if (errors.length === 1) throw errors[0]
  if (errors.length > 1) throw new AggregateKctlError(errors)
}
