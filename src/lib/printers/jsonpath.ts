// kubectl's JSONPath dialect (k8s.io/client-go/util/jsonpath), written by hand: templates mix verbatim text with
// {actions}, support {range}/{end} loops, filters, unions and Go-style value printing, none of which general
// JSONPath libraries such as jsonpath-plus implement the same way. Parse and execution errors use kubectl's texts.
import {goJson, goSprint, goSprintSharp, goNumber, sortedKeys, goQuote} from './gofmt.js'

/** A parsed template node. */
export type JsonPathNode =
  | {type: 'list', nodes: JsonPathNode[]}
  | {type: 'text', text: string}
  | {type: 'field', name: string}
  | {type: 'array', params: Array<{known: boolean, value: number, derived: boolean}>}
  | {type: 'filter', left: JsonPathNode, right: JsonPathNode, operator: string}
  | {type: 'int', value: number}
  | {type: 'float', value: number}
  | {type: 'bool', value: boolean}
  | {type: 'wildcard'}
  | {type: 'recursive'}
  | {type: 'union', nodes: JsonPathNode[]}
  | {type: 'identifier', name: string}

/** A parsed template: the root list of text and action nodes. */
export interface JsonPathTemplate {
  raw: string
  root: {type: 'list', nodes: JsonPathNode[]}
}

const isTerminator = (r: string) => r === '' || ' .,[]$@{}'.includes(r)
const isAlphaNumeric = (r: string) => r === '_' || /^[\p{L}\p{Nd}]$/u.test(r)

class Parser {
  pos = 0
  start = 0
  constructor(readonly input: string) {}

  // runes are iterated by code point, as Go does
  next(): string {
    if (this.pos >= this.input.length) { this.pos = this.input.length + 1; return '' }
    const cp = this.input.codePointAt(this.pos)!
    const ch = String.fromCodePoint(cp)
    this.pos += ch.length
    this.lastWidth = ch.length
    return ch
  }
  lastWidth = 0
  backup() { this.pos -= this.pos > this.input.length ? 1 : this.lastWidth }
  peek(): string { const r = this.next(); this.backup(); return r }
  consumeText(): string { const t = this.input.slice(this.start, Math.min(this.pos, this.input.length)); this.start = this.pos; return t }
  rest(): string { return this.input.slice(this.pos) }

  parse(): {type: 'list', nodes: JsonPathNode[]} {
    const root = {type: 'list' as const, nodes: [] as JsonPathNode[]}
    this.parseText(root)
    return root
  }

  parseText(cur: {nodes: JsonPathNode[]}): void {
    for (;;) {
      if (this.rest().startsWith('{')) {
        if (this.pos > this.start) cur.nodes.push({type: 'text', text: this.consumeText()})
        this.pos += 1
        this.consumeText()
        const list = {type: 'list' as const, nodes: [] as JsonPathNode[]}
        cur.nodes.push(list)
        return this.parseInsideAction(list, cur)
      }
      if (this.next() === '') break
    }
    if (this.pos > this.start && this.start < this.input.length) cur.nodes.push({type: 'text', text: this.consumeText()})
  }

  parseInsideAction(cur: {nodes: JsonPathNode[]}, root: {nodes: JsonPathNode[]}): void {
    const rest = this.rest()
    if (rest.startsWith('}')) { this.pos += 1; this.consumeText(); return this.parseText(root) }
    if (rest.startsWith('[?(')) return this.parseFilter(cur, root)
    if (rest.startsWith('..')) return this.parseRecursive(cur, root)
    const r = this.next()
    if (r === '' || r === '\r' || r === '\n') throw new Error('unclosed action')
    if (r === ' ' || r === '@' || r === '$') { this.consumeText(); return this.parseInsideAction(cur, root) }
    if (r === '[') return this.parseArray(cur, root)
    if (r === '"' || r === "'") return this.parseQuote(cur, root, r)
    if (r === '.') return this.parseField(cur, root)
    if (r === '+' || r === '-' || /^\p{Nd}$/u.test(r)) { this.backup(); return this.parseNumber(cur, root) }
    if (isAlphaNumeric(r)) { this.backup(); return this.parseIdentifier(cur, root) }
    const cp = r.codePointAt(0)!
    throw new Error(`unrecognized character in action: U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${r}'`)
  }

  parseIdentifier(cur: {nodes: JsonPathNode[]}, root: {nodes: JsonPathNode[]}): void {
    for (;;) { const r = this.next(); if (isTerminator(r)) { this.backup(); break } }
    const value = this.consumeText()
    if (value === 'true' || value === 'false') cur.nodes.push({type: 'bool', value: value === 'true'})
    else cur.nodes.push({type: 'identifier', name: value})
    return this.parseInsideAction(cur, root)
  }

  parseRecursive(cur: {nodes: JsonPathNode[]}, root: {nodes: JsonPathNode[]}): void {
    this.pos += 2
    this.consumeText()
    cur.nodes.push({type: 'recursive'})
    if (isAlphaNumeric(this.peek())) return this.parseField(cur, root)
    return this.parseInsideAction(cur, root)
  }

  parseNumber(cur: {nodes: JsonPathNode[]}, root: {nodes: JsonPathNode[]}): void {
    const r = this.peek()
    if (r === '+' || r === '-') this.next()
    for (;;) { const c = this.next(); if (c !== '.' && !/^\p{Nd}$/u.test(c)) { this.backup(); break } }
    const value = this.consumeText()
    if (/^[+-]?[0-9]+$/.test(value)) cur.nodes.push({type: 'int', value: Number(value)})
    else if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value)) cur.nodes.push({type: 'float', value: Number(value)})
    else throw new Error(`cannot parse number ${value}`)
    return this.parseInsideAction(cur, root)
  }

  parseArray(cur: {nodes: JsonPathNode[]}, root: {nodes: JsonPathNode[]}): void {
    for (;;) {
      const r = this.next()
      if (r === '' || r === '\n') throw new Error('unterminated array')
      if (r === ']') break
    }
    let text = this.consumeText()
    text = text.slice(1, -1)
    if (text === '*') text = ':'
    const strs = text.split(',')
    if (strs.length > 1) {
      const union: JsonPathNode[] = strs.map(s => parseAction(`[${s.trim()}]`))
      cur.nodes.push({type: 'union', nodes: union})
      return this.parseInsideAction(cur, root)
    }
    const dict = /^'([^']*)'$/.exec(text)
    if (dict) {
      for (const n of parseAction(`.${dict[1]}`).nodes) cur.nodes.push(n)
      return this.parseInsideAction(cur, root)
    }
    const m = /^(-?[0-9]*)(:-?[0-9]*)?(:-?[0-9]*)?$/.exec(text)
    if (!m) throw new Error(`invalid array index ${text}`)
    const value = [m[1] ?? '', m[2] ?? '', m[3] ?? '']
    const params = [0, 1, 2].map(() => ({known: false, value: 0, derived: false}))
    for (let i = 0; i < 3; i++) {
      if (value[i] !== '') {
        if (i > 0) value[i] = value[i].slice(1)
        if (i > 0 && value[i] === '') params[i].known = false
        else {
          params[i].known = true
          if (!/^-?[0-9]+$/.test(value[i])) throw new Error(`array index ${value[i]} is not a number`)
          params[i].value = Number(value[i])
        }
      } else if (i === 1) {
        params[i] = {known: true, value: params[0].value + 1, derived: true}
      }
    }
    cur.nodes.push({type: 'array', params})
    return this.parseInsideAction(cur, root)
  }

  parseFilter(cur: {nodes: JsonPathNode[]}, root: {nodes: JsonPathNode[]}): void {
    this.pos += 3
    this.consumeText()
    let begin = false, end = false, pair = ''
    for (;;) {
      const r = this.next()
      if (r === '' || r === '\n') throw new Error('unterminated filter')
      if (r === '"' || r === "'") {
        if (!begin) { begin = true; pair = r; continue }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true
      } else if (r === ')') {
        if (begin === end) break
      }
    }
    if (this.next() !== ']') throw new Error('unclosed array expect ]')
    let text = this.consumeText()
    text = text.slice(0, -2)
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/s.exec(text)
    if (!m) cur.nodes.push({type: 'filter', left: parseAction(text), right: {type: 'list', nodes: []}, operator: 'exists'})
    else cur.nodes.push({type: 'filter', left: parseAction(m[1]), right: parseAction(m[3]), operator: m[2]})
    return this.parseInsideAction(cur, root)
  }

  parseQuote(cur: {nodes: JsonPathNode[]}, root: {nodes: JsonPathNode[]}, end: string): void {
    for (;;) {
      const r = this.next()
      if (r === '' || r === '\n') throw new Error('unterminated quoted string')
      if (r === '\\') {
        const n = this.next()
        if (n !== '' && n !== '\n') continue
        throw new Error('unterminated quoted string')
      }
      if (r === end) break
    }
    const value = this.consumeText()
    cur.nodes.push({type: 'text', text: unquoteExtend(value)})
    return this.parseInsideAction(cur, root)
  }

  parseField(cur: {nodes: JsonPathNode[]}, root: {nodes: JsonPathNode[]}): void {
    this.consumeText()
    for (;;) {
      const r = this.next()
      if (r === '\\') { this.next(); continue }
      if (isTerminator(r)) { this.backup(); break }
    }
    const value = this.consumeText()
    if (value === '*') cur.nodes.push({type: 'wildcard'})
    else cur.nodes.push({type: 'field', name: value.replace(/\\/g, '')})
    return this.parseInsideAction(cur, root)
  }
}

// Sub-expressions (union members, filter operands) are parsed as their own `{...}` template.
function parseAction(text: string): {type: 'list', nodes: JsonPathNode[]} {
  const root = new Parser(`{${text}}`).parse()
  return root.nodes[0] as {type: 'list', nodes: JsonPathNode[]}
}

// strconv.UnquoteChar-based unquoting of "..." or '...' (jsonpath's UnquoteExtend).
function unquoteExtend(s: string): string {
  const quote = s[0]
  if (s.length < 2 || quote !== s[s.length - 1]) throw new Error(`unquote string ${s} error invalid syntax`)
  const body = s.slice(1, -1)
  if (!body.includes('\\') && !body.includes(quote)) return body
  let out = ''
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (c === quote) throw new Error(`unquote string ${s} error invalid syntax`)
    if (c !== '\\') { out += c; continue }
    const e = body[++i]
    const simple: Record<string, string> = {a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"'}
    if (e in simple) { out += simple[e]; continue }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0
    if (hexLen) {
      const h = body.slice(i + 1, i + 1 + hexLen)
      if (!/^[0-9a-fA-F]+$/.test(h) || h.length !== hexLen) throw new Error(`unquote string ${s} error invalid syntax`)
      out += e === 'x' ? Buffer.from([parseInt(h, 16)]).toString('latin1') : String.fromCodePoint(parseInt(h, 16))
      i += hexLen
      continue
    }
    if (/[0-7]/.test(e)) {
      const o = body.slice(i, i + 3)
      if (!/^[0-7]{3}$/.test(o)) throw new Error(`unquote string ${s} error invalid syntax`)
      out += String.fromCharCode(parseInt(o, 8))
      i += 2
      continue
    }
    throw new Error(`unquote string ${s} error invalid syntax`)
  }
  return out
}

/** Parses a kubectl JSONPath template; throws Error with kubectl's message (without the "error parsing" prefix). */
export function parseJsonPath(template: string): JsonPathTemplate {
  return {raw: template, root: new Parser(template).parse()}
}

/** kubectl's RelaxedJSONPathExpression (custom-columns, --sort-by): `a.b`, `.a.b` and `{.a.b}` all become `{.a.b}`. */
export function relaxedJsonPathExpression(pathExpression: string): string {
  if (pathExpression.length === 0) return pathExpression
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(pathExpression)
  if (!m) throw new Error("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'")
  return `{.${m[1] ? m[1] : m[2]}}`
}

/** Marks a value found by the evaluator (values are plain decoded JSON). */
type Value = unknown

const kindOf = (v: Value): 'map' | 'slice' | 'string' | 'number' | 'bool' | 'nil' =>
  v === null || v === undefined ? 'nil' : Array.isArray(v) ? 'slice' : typeof v === 'object' ? 'map'
    : typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'bool'

class Evaluator {
  inRange = 0
  beginRange = 0
  endRange = 0
  lastEndNode: JsonPathNode | undefined
  constructor(readonly allowMissingKeys: boolean) {}

  findResults(data: Value, nodes: JsonPathNode[]): Value[][] {
    const full: Value[][] = []
    const cur: Value[] = [data]
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]
      const results = this.walk(cur, node)
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--
        this.lastEndNode = nodes[i]
        break
      }
      if (this.beginRange > 0) {
        this.beginRange--
        this.inRange++
        if (results.length > 0) {
          for (const v of results) full.push(...this.findResults(v, nodes.slice(i + 1)))
        } else {
          this.findResults(null, nodes.slice(i + 1))
        }
        this.inRange--
        for (let k = i + 1; k < nodes.length; k++) {
          if (nodes[k] === this.lastEndNode) { i = k; break }
        }
        continue
      }
      full.push(results)
    }
    return full
  }

  walk(input: Value[], node: JsonPathNode): Value[] {
    switch (node.type) {
      case 'list': {
        let cur = input
        for (const n of node.nodes) cur = this.walk(cur, n)
        return cur
      }
      case 'text': return [node.text]
      case 'field': return this.evalField(input, node.name)
      case 'array': return this.evalArray(input, node.params)
      case 'filter': return this.evalFilter(input, node)
      case 'int': case 'float': case 'bool': return input.map(() => node.type === 'float' ? new GoFloat(node.value) : node.value)
      case 'wildcard': {
        const out: Value[] = []
        for (const v of input) {
          if (v === null || v === undefined) continue
          if (Array.isArray(v)) out.push(...v)
          else if (typeof v === 'object') for (const k of sortedKeys(v as object)) out.push((v as any)[k])
          else if (typeof v === 'string') out.push(...Buffer.from(v, 'utf8'))
        }
        return out
      }
      case 'recursive': return this.evalRecursive(input)
      case 'union': {
        const out: Value[] = []
        for (const n of node.nodes) out.push(...this.walk(input, n))
        return out
      }
      case 'identifier':
        if (node.name === 'range') { this.beginRange++; return input }
        if (node.name === 'end') {
          if (this.inRange > 0) { this.endRange++; return [] }
          throw new Error('not in range, nothing to end')
        }
        throw new Error(`unrecognized identifier ${node.name}`)
    }
  }

  evalField(input: Value[], name: string): Value[] {
    const out: Value[] = []
    if (input.length === 0) return out
    for (const v of input) {
      if (kindOf(v) === 'map' && Object.prototype.hasOwnProperty.call(v, name)) out.push((v as any)[name])
    }
    if (out.length === 0 && !this.allowMissingKeys) throw new Error(`${name} is not found`)
    return out
  }

  evalArray(input: Value[], params0: Array<{known: boolean, value: number, derived: boolean}>): Value[] {
    const out: Value[] = []
    for (const v of input) {
      if (v === null || v === undefined) continue
      if (!Array.isArray(v)) throw new Error(`${goTypeName(v)} is not array or slice`)
      const p = params0.map(x => ({...x}))
      if (!p[0].known) p[0].value = 0
      if (p[0].value < 0) p[0].value += v.length
      if (!p[1].known) p[1].value = v.length
      if (p[1].value < 0 || (p[1].value === 0 && p[1].derived)) p[1].value += v.length
      if (p[1].value === p[0].value) return out
      if (p[0].value >= v.length || p[0].value < 0) throw new Error(`array index out of bounds: index ${p[0].value}, length ${v.length}`)
      if (p[1].value > v.length || p[1].value < 0) throw new Error(`array index out of bounds: index ${p[1].value - 1}, length ${v.length}`)
      if (p[0].value > p[1].value) throw new Error(`starting index ${p[0].value} is greater than ending index ${p[1].value}`)
      const slice = v.slice(p[0].value, p[1].value)
      let step = 1
      if (p[2].known) {
        if (p[2].value <= 0) throw new Error('step must be > 0')
        step = p[2].value
      }
      for (let i = 0; i < slice.length; i += step) out.push(slice[i])
    }
    return out
  }

  evalFilter(input: Value[], node: Extract<JsonPathNode, {type: 'filter'}>): Value[] {
    const out: Value[] = []
    for (const v of input) {
      if (!Array.isArray(v)) throw new Error(`${goSprint(v)} is not array or slice and cannot be filtered`)
      for (const item of v) {
        let lefts: Value[]
        try {
          lefts = this.walk([item], node.left)
        } catch (e) {
          if (node.operator === 'exists') continue
          throw e
        }
        if (node.operator === 'exists') { if (lefts.length > 0) out.push(item); continue }
        if (lefts.length === 0) continue
        if (lefts.length > 1) throw new Error('can only compare one element at a time')
        const rights = this.walk([item], node.right)
        if (rights.length === 0) continue
        if (rights.length > 1) throw new Error('can only compare one element at a time')
        if (compare(lefts[0], rights[0], node.operator)) out.push(item)
      }
    }
    return out
  }

  evalRecursive(input: Value[]): Value[] {
    const out: Value[] = []
    for (const v of input) {
      if (v === null || v === undefined) continue
      let children: Value[] = []
      if (Array.isArray(v)) children = v
      else if (typeof v === 'object') children = sortedKeys(v as object).map(k => (v as any)[k])
      if (children.length > 0) {
        out.push(v)
        out.push(...this.evalRecursive(children))
      }
    }
    return out
  }
}

// A float literal from the template: Go keeps it float64 even when integral (1.0), unlike decoded JSON numbers.
class GoFloat {
  constructor(readonly value: number) {}
}

const goTypeName = (v: Value): string => {
  switch (kindOf(v)) {
    case 'map': return 'map[string]interface {}'
    case 'slice': return '[]interface {}'
    case 'string': return 'string'
    case 'number': return Number.isInteger(v) ? 'int64' : 'float64'
    case 'bool': return 'bool'
    default: return 'interface {}'
  }
}

// text/template's eq/ne/lt/le/gt/ge on basic kinds; mixing kinds is an error as in Go.
function compare(a: Value, b: Value, op: string): boolean {
  const basic = (v: Value): ['int' | 'float' | 'string' | 'bool', any] => {
    if (v instanceof GoFloat) return ['float', v.value]
    if (typeof v === 'number') return [Number.isInteger(v) ? 'int' : 'float', v]
    if (typeof v === 'string') return ['string', v]
    if (typeof v === 'boolean') return ['bool', v]
    throw new Error('invalid type for comparison')
  }
  const [ka, va] = basic(a)
  const [kb, vb] = basic(b)
  if (ka !== kb) throw new Error('incompatible types for comparison')
  if (op === '==') return va === vb
  if (op === '!=') return va !== vb
  if (ka === 'bool') throw new Error('invalid type for comparison')
  const lt = ka === 'string' ? Buffer.compare(Buffer.from(va, 'utf8'), Buffer.from(vb, 'utf8')) < 0 : va < vb
  switch (op) {
    case '<': return lt
    case '<=': return lt || va === vb
    case '>': return !lt && va !== vb
    case '>=': return !lt
    default: throw new Error(`unrecognized filter operator ${op}`)
  }
}

/** Evaluates a parsed template: one result list per top-level node (client-go FindResults). */
export function findResults(template: JsonPathTemplate, data: unknown, allowMissingKeys = true): unknown[][] {
  return new Evaluator(allowMissingKeys).findResults(data, template.root.nodes)
    .map(rs => rs.map(v => v instanceof GoFloat ? v.value : v))
}

// One result as -o jsonpath prints it: maps and slices as compact JSON, scalars with fmt %v, null as "null".
function resultText(v: unknown): string {
  if (v !== null && typeof v === 'object') return goJson(v)
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'number') return goNumber(v)
  return String(v)
}

/** Options of JSONPath printing. */
export interface JsonPathOptions {
  /** -o jsonpath-as-json: each node's results as one indented JSON array. */
  outputJson?: boolean
  /** Missing keys print nothing (kubectl get) instead of failing with "X is not found". */
  allowMissingKeys?: boolean
}

/** Executes a template against data (already plain JSON); throws kubectl's "Error executing template" texts. */
export function executeJsonPath(template: JsonPathTemplate, data: unknown, opts: JsonPathOptions = {}): string {
  const full = findResults(template, data, opts.allowMissingKeys ?? true)
  let out = ''
  for (const results of full) {
    if (opts.outputJson) { out += goJson(results, '    ') + '\n'; continue }
    out += results.map(resultText).join(' ')
  }
  return out
}

/** -o jsonpath=TEMPLATE output for one object (a List for several); errors carry kubectl's full message. */
export function printJsonPath(template: string, data: unknown, opts: JsonPathOptions = {}): string {
  let parsed: JsonPathTemplate
  try {
    parsed = parseJsonPath(template)
  } catch (e) {
    throw new Error(`error parsing jsonpath ${template}, ${(e as Error).message}`)
  }
  try {
    return executeJsonPath(parsed, data, opts)
  } catch (e) {
    const buf = `Error executing template: ${(e as Error).message}. Printing more information for debugging the template:\n` +
      `\ttemplate was:\n\t\t${template}\n` +
      `\tobject given to jsonpath engine was:\n\t\t${goSprintSharp(data)}\n\n`
    throw new Error(`error executing jsonpath ${goQuote(template)}: ${buf}\n`)
  }
}
