// `explain --output=plaintext-openapiv2`: kubectl's older explain layout, rendered from the /openapi/v2 document.
// Schemas are read into kube-openapi's model kinds (Kind, Array, Map, Primitive, Arbitrary, Reference), which decide
// how fields are found, typed and described.
import {KctlError} from '../cli/errors.js'
import {goIsSpace, compareGo} from './text.js'
import type {RenderResult} from './render.js'

/** One schema as kube-openapi's proto package models it. */
export type Model =
  | {type: 'kind'; description: string; fields: Record<string, any>; required: string[]}
  | {type: 'array'; description: string; items: any}
  | {type: 'map'; description: string; values: any | undefined}
  | {type: 'primitive'; description: string; name: string}
  | {type: 'arbitrary'; description: string}
  | {type: 'ref'; description: string; ref: string}

/** A group-version-kind as kubectl prints it. */
export interface GVK {
  group: string
  version: string
  kind: string
}

const DEFINITIONS = '#/definitions/'

/** Classifies a swagger 2.0 schema the way kube-openapi's ParseSchema does. */
export function classify(s: any, definitions: Record<string, any>): Model {
  const description = typeof s?.description === 'string' ? s.description : ''
  if (typeof s?.$ref === 'string' && s.$ref !== '') {
    if (!s.$ref.startsWith(DEFINITIONS)) throw new KctlError(`unallowed reference to non-definition "${s.$ref}"`)
    const ref = s.$ref.slice(DEFINITIONS.length)
    if (!(ref in definitions)) throw new KctlError(`unknown model in reference: "${ref}"`)
    return {type: 'ref', description, ref}
  }
  const types: string[] = s?.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type]
  const hasProperties = s?.properties !== undefined && s.properties !== null
  if (types.length === 0) return hasProperties ? kind(s, description) : {type: 'arbitrary', description}
  if (types.length > 1) throw new KctlError("definitions with multiple types aren't supported")
  if (types[0] === 'object') {
    if (hasProperties) return kind(s, description)
    const ap = s.additionalProperties
    return {type: 'map', description, values: ap && typeof ap === 'object' ? ap : undefined}
  }
  if (types[0] === 'array') {
    const items = Array.isArray(s.items) ? (s.items.length === 1 ? s.items[0] : undefined) : s.items
    if (!items || typeof items !== 'object') throw new KctlError('array should have exactly one sub-item')
    return {type: 'array', description, items}
  }
  if (!['string', 'number', 'integer', 'boolean'].includes(types[0])) throw new KctlError(`Unknown primitive type: "${types[0]}"`)
  return {type: 'primitive', description, name: types[0]}
}

function kind(s: any, description: string): Model {
  return {type: 'kind', description, fields: s.properties ?? {}, required: Array.isArray(s.required) ? s.required : []}
}

/** The schema of a definition name, classified. */
function definition(name: string, definitions: Record<string, any>): Model {
  return classify(definitions[name], definitions)
}

/** kubectl's type hint in the v2 layout: `Object`, `[]Container`, `map[string]string`, `string`. */
export function typeName(m: Model, definitions: Record<string, any>): string {
  switch (m.type) {
    case 'array':
      return `[]${typeName(classify(m.items, definitions), definitions)}`
    case 'map':
      return `map[string]${m.values ? typeName(classify(m.values, definitions), definitions) : ''}`
    case 'kind':
      return 'Object'
    case 'primitive':
      return m.name
    case 'ref':
      return typeName(definition(m.ref, definitions), definitions)
    default:
      return ''
  }
}

/** The explain formatter's wrapping: words re-flowed into lines of at most `width` bytes, keeping lists and code. */
export function wrapParagraphs(text: string, width: number): string[] {
  const wrapped: string[] = []
  let words: string[] = []
  let lastWord = ''
  const flush = () => {
    if (words.length === 0) return
    lastWord = ''
    wrapped.push(words.join(' '))
    words = []
  }
  const add = (word: string): boolean => {
    if (words.length === 0 || Buffer.byteLength([...words, word].join(' ')) <= width) {
      words.push(word)
      return true
    }
    return false
  }
  for (const line of text.split('\n')) {
    if (line.startsWith('    ')) {
      flush()
      wrapped.push(line)
      continue
    }
    const trimmed = goTrim(line)
    if (wrapped.length > 0 && trimmed.length === 0) {
      flush()
      wrapped.push('')
      continue
    }
    if (lastWord.endsWith(':') || trimmed.length === 0 || /^(\d+\.?|-|\*)\s/.test(trimmed)) flush()
    for (const word of goFields(line)) {
      lastWord = word
      if (!add(word)) {
        flush()
        add(word)
      }
    }
  }
  flush()
  return wrapped
}

function goFields(s: string): string[] {
  const out: string[] = []
  let cur = ''
  for (const ch of s) {
    if (goIsSpace(ch.codePointAt(0)!)) {
      if (cur) out.push(cur)
      cur = ''
    } else cur += ch
  }
  if (cur) out.push(cur)
  return out
}

function goTrim(s: string): string {
  const chars = [...s]
  let a = 0
  let b = chars.length
  while (a < b && goIsSpace(chars[a].codePointAt(0)!)) a++
  while (b > a && goIsSpace(chars[b - 1].codePointAt(0)!)) b--
  return chars.slice(a, b).join('')
}

/** The v2 Formatter: lines at an indent, blank lines never indented, wrapping at 80 columns minus the indent. */
class Formatter {
  text = ''
  write(line: string, indent: number): void {
    this.text += line === '' ? '\n' : `${' '.repeat(indent)}${line}\n`
  }
  wrapped(line: string, indent: number): void {
    for (const l of wrapParagraphs(line, 80 - indent)) this.write(l, indent)
  }
}

/** Walks the field path; primitives and arbitrary values end the walk early, as kubectl's fieldLookup does. */
export function lookupField(root: Model, path: string[], definitions: Record<string, any>): Model {
  let m = root
  let rest = path
  for (;;) {
    if (m.type === 'primitive' || m.type === 'arbitrary') return m
    if (rest.length === 0) return m
    if (m.type === 'array') m = classify(m.items, definitions)
    else if (m.type === 'map') {
      // A map without a value schema holds arbitrary values: the walk stops there.
      if (!m.values) return {type: 'arbitrary', description: m.description}
      m = classify(m.values, definitions)
    } else if (m.type === 'ref') m = definition(m.ref, definitions)
    else {
      if (!Object.prototype.hasOwnProperty.call(m.fields, rest[0])) throw new KctlError(`field "${rest[0]}" does not exist`)
      m = classify(m.fields[rest[0]], definitions)
      rest = rest.slice(1)
    }
  }
}

function groupVersion(gvk: GVK): string {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version
}

function printFields(f: Formatter, m: Model, indent: number, recursive: boolean, definitions: Record<string, any>, visited: Set<string>): void {
  if (m.type === 'array') return printFields(f, classify(m.items, definitions), indent, recursive, definitions, visited)
  if (m.type === 'map') {
    if (m.values) printFields(f, classify(m.values, definitions), indent, recursive, definitions, visited)
    return
  }
  if (m.type === 'ref') {
    // Recursion stops at a reference already being expanded on this path (a cycle).
    if (recursive && visited.has(m.ref)) return
    if (recursive) visited.add(m.ref)
    printFields(f, definition(m.ref, definitions), indent, recursive, definitions, visited)
    if (recursive) visited.delete(m.ref)
    return
  }
  if (m.type !== 'kind') return
  for (const key of Object.keys(m.fields).sort(compareGo)) {
    const field = classify(m.fields[key], definitions)
    if (recursive) {
      f.write(`${key}\t<${typeName(field, definitions)}>`, indent)
      printFields(f, field, indent + 3, recursive, definitions, visited)
      continue
    }
    f.write(`${key}\t<${typeName(field, definitions)}>${m.required.includes(key) ? ' -required-' : ''}`, indent)
    f.wrapped(field.description, indent + 2)
    f.write('', indent)
  }
}

/** Renders kubectl's openapiv2 explain for the model of a kind and a field path. */
export function renderV2(root: Model, gvk: GVK, path: string[], recursive: boolean, definitions: Record<string, any>): string {
  let m = lookupField(root, path, definitions)
  const name = path.length > 0 ? path[path.length - 1] : ''
  const f = new Formatter()
  const descriptions: string[] = []
  let type = ''
  const header = () => {
    f.write(`KIND:     ${gvk.kind}`, 0)
    f.write(`VERSION:  ${groupVersion(gvk)}\n`, 0)
  }
  const printDescription = (own: string) => {
    f.write('DESCRIPTION:', 0)
    const all = [...descriptions, own]
    let empty = true
    all.forEach((d, i) => {
      if (d === '') return
      empty = false
      if (i !== 0) f.write('', 0)
      f.wrapped(d, 5)
    })
    if (empty) f.wrapped('<empty>', 5)
  }
  for (;;) {
    if (m.type === 'array' || m.type === 'map') {
      descriptions.push(m.description)
      if (type === '') type = typeName(m, definitions)
      if (m.type === 'map' && !m.values) {
        m = {type: 'arbitrary', description: m.description}
        continue
      }
      m = classify(m.type === 'array' ? m.items : m.values, definitions)
    } else if (m.type === 'ref') {
      descriptions.push(m.description)
      m = definition(m.ref, definitions)
    } else break
  }
  header()
  if (m.type === 'kind') {
    if (type === '') type = 'Object'
    if (name !== '') f.write(`RESOURCE: ${name} <${type}>\n`, 0)
    printDescription(m.description)
    f.write('\nFIELDS:', 0)
    printFields(f, m, 3, recursive, definitions, new Set())
  } else if (m.type === 'primitive') {
    if (type === '') type = m.name
    f.write(`FIELD:    ${name} <${type}>\n`, 0)
    printDescription(m.description)
  } else printDescription(m.description)
  return f.text
}

/** Finds the definition for a kind (the last model, in name order, that declares it) and renders it. */
export function renderOpenAPIV2Document(doc: any, gvk: GVK, path: string[], recursive: boolean): RenderResult {
  const definitions: Record<string, any> = doc?.definitions ?? {}
  let found: string | undefined
  for (const name of Object.keys(definitions).sort(compareGo)) {
    const kinds = definitions[name]?.['x-kubernetes-group-version-kind']
    if (Array.isArray(kinds) && kinds.some((k: any) => (k?.group ?? '') === gvk.group && k?.version === gvk.version && k?.kind === gvk.kind)) found = name
  }
  if (!found) throw new KctlError(`couldn't find resource for "${gvk.group}/${gvk.version}, Kind=${gvk.kind}"`)
  return {out: renderV2(definition(found, definitions), gvk, path, recursive, definitions)}
}
