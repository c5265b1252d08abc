// kubectl 1.33's `plaintext` explain output rendered from one OpenAPI v3 group-version document. The rules follow
// kubectl's template (pkg/explain/v2/templates/plaintext.tmpl), including Go template truthiness: empty maps, lists
// and strings count as absent.
import {KctlError} from '../cli/errors.js'
import {wrapString, indent, goValue, compareGo} from './text.js'

type Schema = Record<string, any>
type History = Record<string, true>

/** The type being explained, as kubectl's GroupVersionResource. */
export interface ExplainGVR {
  group: string
  version: string
  resource: string
}

/** What rendering produced: stdout text, and the error kubectl reports after it (if any). */
export interface RenderResult {
  out: string
  error?: KctlError
}

/** GroupVersionResource.String(): `apps/v1, Resource=deployments` (`/v1, …` for the core group). */
export function gvrString(gvr: ExplainGVR): string {
  return `${gvr.group}/${gvr.version}, Resource=${gvr.resource}`
}

/** Go template truthiness of a JSON value. */
export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false
  if (Array.isArray(v)) return v.length > 0
  if (typeof v === 'object') return Object.keys(v as object).length > 0
  return true
}

function isMap(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Resolves a local `#/components/schemas/X` reference; anything else is treated as unresolved. */
export function resolveRef(ref: unknown, doc: Schema): Schema | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#') || ref.length < 2) return undefined
  let cur: unknown = doc
  for (const raw of ref.slice(1).split('/')) {
    if (raw === '') continue
    let key = raw
    try {
      key = decodeURIComponent(raw)
    } catch {
      // kept as typed
    }
    if (!isMap(cur) || !isMap(cur[key])) return undefined
    cur = cur[key]
  }
  return cur as Schema
}

/** A map-valued additionalProperties (a boolean one does not describe values). */
function mapValues(s: Schema): Schema | undefined {
  const ap = s.additionalProperties
  return isMap(ap) && truthy(ap) ? ap : undefined
}

function items(s: Schema): Schema | undefined {
  return isMap(s.items) && truthy(s.items) ? s.items : undefined
}

function allOf(s: Schema): Schema[] {
  return Array.isArray(s.allOf) ? s.allOf.filter(isMap) : []
}

function resolved(s: Schema, doc: Schema): Schema {
  const r = resolveRef(s.$ref, doc)
  return r && truthy(r) ? r : s
}

/** The short type hint: `string`, `Object`, `[]Container`, `map[string]string`, `PodSpec`. */
export function typeGuess(schema: unknown, doc: Schema): string {
  if (!isMap(schema) || !truthy(schema)) throw new KctlError("expected schema argument to subtemplate 'typeguess'")
  const it = items(schema)
  if (it) return `[]${typeGuess(it, doc)}`
  const ap = mapValues(schema)
  if (ap) return `map[string]${typeGuess(ap, doc)}`
  const all = Array.isArray(schema.allOf) ? schema.allOf : []
  if (all.length === 1 && !truthy(schema.properties)) return typeGuess(all[0], doc)
  if (truthy(schema.$ref)) {
    const ref = String(schema.$ref)
    const target = resolveRef(ref, doc)
    if (!target || !truthy(target) || !truthy(target.type) || target.type === 'object') {
      const name = ref.split('/').pop() ?? ''
      return name.split('.').pop() || 'Object'
    }
    return goValue(target.type)
  }
  if (schema.type === 'object' || !truthy(schema.type)) return 'Object'
  return goValue(schema.type)
}

/** `enum: A, B, C, ....` under a field (short view, at most `limit`), or the long `ENUM:` list under FIELD. */
export function extractEnum(schema: unknown, longView: boolean, limit: number, indentAmount = 0): string {
  if (!isMap(schema) || !truthy(schema.enum) || !Array.isArray(schema.enum)) return ''
  let out = longView ? 'ENUM:' : `\n${' '.repeat(indentAmount)}enum: `
  schema.enum.some((el: unknown, i: number) => {
    if (limit > -1 && i >= limit) {
      out += ', ....'
      return true
    }
    if (i > 0 && !longView) out += ', '
    else if (longView) out += '\n    '
    out += el === '' ? '""' : goValue(el)
    return false
  })
  return out
}

/** The description of a schema followed by those of its allOf members, items and map values. */
export function describe(schema: unknown, doc: Schema): string {
  if (!isMap(schema)) return ''
  const s = resolved(schema, doc)
  if (!truthy(s)) return ''
  let out = truthy(s.description) ? `${goValue(s.description)}\n` : ''
  for (const a of allOf(s)) out += describe(a, doc)
  const it = items(s)
  if (it) out += describe(it, doc)
  const ap = mapValues(s)
  if (ap) out += describe(ap, doc)
  return out
}

function externalDocs(s: Schema, extra: number, wrapAt: number): string {
  const docs = s.externalDocs
  if (!truthy(docs) || !isMap(docs)) return ''
  let out = ''
  if (truthy(docs.description)) out += `${indent(extra + 4, wrapString(goValue(docs.description), wrapAt))}\n`
  if (truthy(docs.url)) out += `${indent(extra + 4, `URL: ${goValue(docs.url)}`)}\n`
  return out
}

function fieldDetail(name: string, parent: Schema, short: boolean, level: number, doc: Schema): string {
  const amount = level * 2
  const field = parent.properties[name]
  const required = Array.isArray(parent.required) && parent.required.includes(name)
  let out = `${indent(amount, name)}\t<${typeGuess(field, doc)}>${required ? ' -required-' : ''}${extractEnum(field, false, 4, amount)}\n`
  if (short) return out
  const description = isMap(field) && truthy(field.description) ? goValue(field.description) : '<no description>'
  out += `${indent(amount + 2, wrapString(description, 78 - amount))}\n`
  if (isMap(field) && truthy(field.externalDocs)) out += `\n${indent(amount + 2, 'EXTERNAL DOCS:')}\n${externalDocs(field, amount, 76 - amount)}`
  return `${out}\n`
}

/** The FIELDS list (one level with descriptions, or the whole tree without them when recursive). */
export function fieldList(schema: unknown, level: number, recursive: boolean, doc: Schema, history: History = {}): string {
  if (!isMap(schema)) return ''
  const ref = typeof schema.$ref === 'string' ? schema.$ref : ''
  if (ref && history[ref]) return ''
  const next: History = {...history, [ref]: true}
  const s = resolved(schema, doc)
  let out = ''
  const props = isMap(s.properties) ? s.properties : {}
  for (const name of Object.keys(props).sort(compareGo)) {
    out += fieldDetail(name, s, recursive, level, doc)
    if (recursive) out += fieldList(props[name], level + 1, recursive, doc, next)
  }
  for (const a of allOf(s)) out += fieldList(a, level, recursive, doc, next)
  const it = items(s)
  if (it) out += fieldList(it, level, recursive, doc, next)
  const ap = mapValues(s)
  if (ap) out += fieldList(ap, level, recursive, doc, next)
  return out
}

/** Follows the field path through properties, items, map values and allOf; '' when the path does not exist. */
export function output(schema: unknown, path: string[], recursive: boolean, doc: Schema, history: History = {}): string {
  if (!isMap(schema)) return ''
  const ref = typeof schema.$ref === 'string' ? schema.$ref : ''
  const next: History = {...history, [ref]: true}
  const s = resolved(schema, doc)
  if (path.length === 0) {
    let out = `DESCRIPTION:\n${indent(4, wrapString(describe(s, doc) || '<empty>', 76))}\n`
    if (isMap(s.externalDocs) && truthy(s.externalDocs)) out += `\nEXTERNAL DOCS:\n${externalDocs(s, 0, 76)}`
    const fields = fieldList(s, 1, recursive, doc)
    if (fields) out += `FIELDS:\n${fields}`
    return out
  }
  if (ref && history[ref]) return ''
  const props = isMap(s.properties) ? s.properties : undefined
  if (props && Object.prototype.hasOwnProperty.call(props, path[0]) && truthy(props[path[0]])) {
    const sub = props[path[0]]
    let out = ''
    if (path.length === 1) out += `FIELD: ${path[0]} <${typeGuess(sub, doc)}>\n${extractEnum(sub, true, -1)}\n\n`
    return out + output(sub, path.slice(1), recursive, doc, {})
  }
  const it = items(s)
  if (it) return output(it, path, recursive, doc, next)
  const ap = mapValues(s)
  if (ap) return output(ap, path, recursive, doc, next)
  for (const a of allOf(s)) {
    const out = output(a, path, recursive, doc, next)
    if (out) return out
  }
  return ''
}

/** The group-version-kind kubectl reads off the resource's operations (the last path it finds wins, as in kubectl). */
export function findGVK(doc: Schema, gvr: ExplainGVR): Schema | undefined {
  const prefix = gvr.group ? `/apis/${gvr.group}` : '/api'
  const searches = [
    [prefix, gvr.version, gvr.resource],
    [prefix, gvr.version, gvr.resource, '{name}'],
    [prefix, gvr.version, 'namespaces', '{namespace}', gvr.resource],
    [prefix, gvr.version, 'namespaces', '{namespace}', gvr.resource, '{name}'],
  ].map((parts) => parts.join('/'))
  const paths = isMap(doc.paths) ? doc.paths : {}
  let gvk: unknown
  for (const p of searches) {
    const element = paths[p]
    if (!truthy(element) || !isMap(element)) continue
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = element[method]
      if (!truthy(op) || !isMap(op)) continue
      gvk = op['x-kubernetes-group-version-kind']
      if (truthy(gvk)) break
    }
  }
  return truthy(gvk) && isMap(gvk) ? gvk : undefined
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a)
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]))
  }
  return false
}

/** Renders `kubectl explain` (plaintext) for a type and field path from its group-version OpenAPI v3 document. */
export function renderPlaintext(doc: Schema, gvr: ExplainGVR, fieldPath: string[], recursive: boolean): RenderResult {
  const gvk = findGVK(doc, gvr)
  if (!gvk) return {out: '', error: new KctlError(`GVR (${gvrString(gvr)}) not found in OpenAPI schema`)}
  let out = ''
  if (truthy(gvk.group)) out += `GROUP:      ${goValue(gvk.group)}\n`
  out += `KIND:       ${goValue(gvk.kind)}\nVERSION:    ${goValue(gvk.version)}\n\n`
  const schemas = isMap(doc.components) && isMap(doc.components.schemas) ? doc.components.schemas : {}
  for (const name of Object.keys(schemas).sort(compareGo)) {
    const schema = schemas[name]
    const kinds = isMap(schema) ? schema['x-kubernetes-group-version-kind'] : undefined
    if (!Array.isArray(kinds) || !kinds.some((k) => deepEqual(k, gvk))) continue
    try {
      const body = output(schema, fieldPath, recursive, doc)
      if (!body) return {out, error: new KctlError(`field "${fieldPath[fieldPath.length - 1]}" does not exist`)}
      return {out: `${out}${body}\n`}
    } catch (error) {
      return {out, error: error instanceof KctlError ? error : new KctlError(String(error))}
    }
  }
  return {out, error: new KctlError(`GVK ${goValue(gvk)} not found in OpenAPI schema`)}
}
