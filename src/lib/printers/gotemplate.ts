// A subset of Go text/template for kubectl -o go-template / -o template: text with {{actions}}, trim markers,
// comments, pipelines, variables, if/else if/range/with/else/end, break/continue, Go's builtin functions and
// kubectl's base64decode/exists. Measured with kubectl 1.33: numbers keep the unstructured int64/float64 split
// (replicas prints 2 and %d works), and fields of missing values print "<no value>" without an error.
// Unsupported: define/template/block, method calls.
import {goSprint, goNumber, sortedKeys, goQuote} from './gofmt.js'

type Tok = {kind: 'text', text: string} | {kind: 'action', text: string}

// Splits into text and action tokens, applying {{- and -}} whitespace trimming.
function lex(src: string): Tok[] {
  const toks: Tok[] = []
  let i = 0
  let trimNext = false
  while (i < src.length) {
    const open = src.indexOf('{{', i)
    let text = open < 0 ? src.slice(i) : src.slice(i, open)
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '')
    trimNext = false
    if (open < 0) { if (text) toks.push({kind: 'text', text}); break }
    let j = open + 2
    if (src.startsWith('- ', j) || src.startsWith('-\t', j) || src.startsWith('-\n', j) || src.startsWith('-\r', j)) {
      text = text.replace(/[ \t\r\n]+$/, '')
      j += 1
    }
    if (text) toks.push({kind: 'text', text})
    const close = findClose(src, j)
    if (close < 0) throw new Error('unclosed action')
    let inner = src.slice(j, close)
    if (/[ \t\r\n]-$/.test(inner)) { inner = inner.slice(0, -1); trimNext = true }
    inner = inner.trim()
    if (!(inner.startsWith('/*') && inner.endsWith('*/'))) toks.push({kind: 'action', text: inner})
    i = close + 2
  }
  return toks
}

// The matching "}}", skipping quoted strings inside the action.
function findClose(src: string, from: number): number {
  for (let i = from; i < src.length; i++) {
    const c = src[i]
    if (c === '"' || c === '`' || c === "'") {
      for (i++; i < src.length && src[i] !== c; i++) if (c !== '`' && src[i] === '\\') i++
      continue
    }
    if (c === '}' && src[i + 1] === '}') return i
  }
  return -1
}

type Node =
  | {type: 'text', text: string}
  | {type: 'action', pipe: Pipe}
  | {type: 'if' | 'with', pipe: Pipe, body: Node[], elseBody?: Node[]}
  | {type: 'range', pipe: Pipe, body: Node[], elseBody?: Node[]}
  | {type: 'break' | 'continue'}

interface Pipe { decl: string[], assign: boolean, cmds: Arg[][] }

type Arg =
  | {t: 'field', base: 'dot' | string, path: string[]}
  | {t: 'str', v: string}
  | {t: 'num', v: number}
  | {t: 'bool', v: boolean}
  | {t: 'nil'}
  | {t: 'ident', name: string}
  | {t: 'pipe', pipe: Pipe, path: string[]}

// Tokenizes an action body into words, strings, parens and pipes.
function words(s: string): string[] {
  const out: string[] = []
  let i = 0
  while (i < s.length) {
    const c = s[i]
    if (/\s/.test(c)) { i++; continue }
    if (c === '(' || c === ')' || c === '|' || c === ',') { out.push(c); i++; continue }
    if (c === '"' || c === '`' || c === "'") {
      let j = i + 1
      for (; j < s.length && s[j] !== c; j++) if (c !== '`' && s[j] === '\\') j++
      out.push(s.slice(i, j + 1))
      i = j + 1
      if (s[i] === '.') { let k = i; while (k < s.length && !/[\s()|]/.test(s[k])) k++; out[out.length - 1] += s.slice(i, k); i = k }
      continue
    }
    if (s.startsWith(':=', i) || (c === '=' && s[i + 1] !== '=')) { out.push(c === ':' ? ':=' : '='); i += c === ':' ? 2 : 1; continue }
    let j = i
    while (j < s.length && !/[\s()|,]/.test(s[j]) && !(s[j] === ':' && s[j + 1] === '=')) j++
    out.push(s.slice(i, j))
    i = j
  }
  return out
}

function parsePipe(src: string): Pipe {
  let ws = words(src)
  const decl: string[] = []
  let assign = false
  const declEnd = ws.findIndex(w => w === ':=' || w === '=')
  if (declEnd > 0 && ws.slice(0, declEnd).every(w => w === ',' || w.startsWith('$'))) {
    decl.push(...ws.slice(0, declEnd).filter(w => w !== ','))
    assign = ws[declEnd] === '='
    ws = ws.slice(declEnd + 1)
  }
  let pos = 0
  const parseCmds = (): Arg[][] => {
    const cmds: Arg[][] = [[]]
    while (pos < ws.length) {
      const w = ws[pos]
      if (w === ')') break
      pos++
      if (w === '|') { cmds.push([]); continue }
      if (w === '(') {
        const inner = parseCmds()
        if (ws[pos] !== ')') throw new Error('unclosed left paren')
        pos++
        cmds[cmds.length - 1].push({t: 'pipe', pipe: {decl: [], assign: false, cmds: inner}, path: []})
        continue
      }
      cmds[cmds.length - 1].push(parseArg(w))
    }
    if (cmds.some(c => c.length === 0)) throw new Error('missing value for command')
    return cmds
  }
  const cmds = parseCmds()
  if (pos < ws.length) throw new Error(`unexpected "${ws[pos]}" in operand`)
  return {decl, assign, cmds}
}

function parseArg(w: string): Arg {
  if (w.startsWith('"') || w.startsWith('`')) return {t: 'str', v: unquote(w)}
  if (w.startsWith("'")) return {t: 'num', v: unquote('"' + w.slice(1, -1) + '"').codePointAt(0) ?? 0}
  if (w === 'true' || w === 'false') return {t: 'bool', v: w === 'true'}
  if (w === 'nil') return {t: 'nil'}
  if (/^[+-]?(\d|\.\d)/.test(w) && !Number.isNaN(Number(w.replace(/_/g, '')))) return {t: 'num', v: Number(w.replace(/_/g, ''))}
  if (w === '.') return {t: 'field', base: 'dot', path: []}
  if (w.startsWith('.')) return {t: 'field', base: 'dot', path: w.slice(1).split('.')}
  if (w.startsWith('$')) {
    const [name, ...path] = w.split('.')
    return {t: 'field', base: name, path}
  }
  if (!FUNCS[w]) throw new Error(`function "${w}" not defined`)
  return {t: 'ident', name: w}
}

function unquote(w: string): string {
  if (w.startsWith('`')) return w.slice(1, -1)
  return JSON.parse(w.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'))
}

function parse(toks: Tok[]): Node[] {
  let pos = 0
  const parseList = (ends: string[]): [Node[], string] => {
    const nodes: Node[] = []
    while (pos < toks.length) {
      const tok = toks[pos++]
      if (tok.kind === 'text') { nodes.push({type: 'text', text: tok.text}); continue }
      const a = tok.text
      const kw = /^(\w+)\b\s*(.*)$/s.exec(a)
      const word = kw?.[1] ?? ''
      if (ends.includes(word)) return [nodes, a]
      if (word === 'if' || word === 'with' || word === 'range') {
        nodes.push(parseBlock(word, kw![2]))
        continue
      }
      if (word === 'break' || word === 'continue') { nodes.push({type: word}); continue }
      if (word === 'define' || word === 'template' || word === 'block') throw new Error(`{{${word}}} is not supported`)
      if (word === 'end' || word === 'else') throw new Error(`unexpected {{${word}}}`)
      if (a === '') throw new Error('missing value for command')
      nodes.push({type: 'action', pipe: parsePipe(a)})
    }
    if (ends.length) throw new Error('unexpected EOF')
    return [nodes, '']
  }
  const parseBlock = (word: 'if' | 'with' | 'range', rest: string): Node => {
    if (rest.trim() === '') throw new Error(`missing value for ${word}`)
    const pipe = parsePipe(rest)
    const [body, end] = parseList(['else', 'end'])
    let elseBody: Node[] | undefined
    if (end.startsWith('else')) {
      const more = end.slice(4).trim()
      if (more.startsWith('if ') || more.startsWith('with ')) {
        const w = more.startsWith('if ') ? 'if' : 'with'
        elseBody = [parseBlock(w, more.slice(w.length + 1))]
      } else {
        const [eb] = parseList(['end'])
        elseBody = eb
      }
    }
    return {type: word, pipe, body, elseBody} as Node
  }
  return parseList([])[0]
}

// A missing value (Go's invalid reflect.Value): prints as "<no value>".
const MISSING = Symbol('missing')
class Break {}
class Continue {}

const truth = (v: unknown): boolean => !(v === MISSING || v === null || v === undefined || v === false || v === 0 || v === '' ||
  (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0))

function printValue(v: unknown): string {
  if (v === MISSING || v === null || v === undefined) return '<no value>'
  if (typeof v === 'number') return goNumber(v)
  return goSprint(v)
}

function goTypeOf(v: unknown): string {
  if (typeof v === 'string') return 'string'
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64'
  if (typeof v === 'boolean') return 'bool'
  if (Array.isArray(v)) return '[]interface {}'
  if (v && typeof v === 'object') return 'map[string]interface {}'
  return '<nil>'
}

// fmt.Sprintf for the verbs templates commonly use.
function sprintf(format: string, args: unknown[]): string {
  let ai = 0
  return format.replace(/%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (m, flags: string, width: string | undefined, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%'
    if (ai >= args.length) return `%!${verb}(MISSING)`
    const a = args[ai++]
    let s: string
    switch (verb) {
      case 'v': case 's': s = typeof a === 'string' ? a : printValue(a); break
      case 'q': s = typeof a === 'string' ? goQuote(a) : `%!q(${goTypeOf(a)}=${printValue(a)})`; break
      case 'd': s = typeof a === 'number' && Number.isInteger(a) ? String(a) : `%!d(${goTypeOf(a)}=${printValue(a)})`; break
      case 'f': s = typeof a === 'number' ? a.toFixed(prec === undefined ? 6 : Number(prec)) : `%!f(${goTypeOf(a)}=${printValue(a)})`; break
      case 't': s = typeof a === 'boolean' ? String(a) : `%!t(${goTypeOf(a)}=${printValue(a)})`; break
      default: s = printValue(a)
    }
    if (width) s = flags.includes('-') ? s.padEnd(Number(width)) : s.padStart(Number(width), flags.includes('0') && verb !== 's' ? '0' : ' ')
    return s
  }) + (ai < args.length ? `%!(EXTRA ${args.slice(ai).map(a => `${goTypeOf(a)}=${printValue(a)}`).join(', ')})` : '')
}

function compareBasic(a: unknown, b: unknown): number {
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) throw new Error('incompatible types for comparison')
  return a < (b as any) ? -1 : a > (b as any) ? 1 : 0
}

const FUNCS: Record<string, (...args: unknown[]) => unknown> = {
  and: (...a) => { for (const x of a) if (!truth(x)) return x; return a[a.length - 1] },
  or: (...a) => { for (const x of a) if (truth(x)) return x; return a[a.length - 1] },
  not: a => !truth(a),
  len: a => {
    if (typeof a === 'string') return Buffer.byteLength(a)
    if (Array.isArray(a)) return a.length
    if (a && typeof a === 'object') return Object.keys(a).length
    throw new Error(`len of type ${goTypeOf(a)}`)
  },
  index: (a, ...keys) => {
    let v = a
    for (const k of keys) {
      if (Array.isArray(v)) {
        if (typeof k !== 'number') throw new Error(`cannot index slice/array with type ${goTypeOf(k)}`)
        if (k < 0 || k >= v.length) throw new Error(`error calling index: index out of range: ${k}`)
        v = v[k]
      } else if (v && typeof v === 'object') {
        v = Object.prototype.hasOwnProperty.call(v, k as string) ? (v as any)[k as string] : MISSING
      } else throw new Error(`can't index item of type ${goTypeOf(v)}`)
    }
    return v
  },
  print: (...a) => a.map((x, i) => (i > 0 && typeof x !== 'string' && typeof a[i - 1] !== 'string' ? ' ' : '') + (typeof x === 'string' ? x : printValue(x))).join(''),
  println: (...a) => a.map(x => typeof x === 'string' ? x : printValue(x)).join(' ') + '\n',
  printf: (f, ...a) => sprintf(String(f), a),
  eq: (a, ...bs) => bs.some(b => a === b || compareBasic(a, b) === 0),
  ne: (a, b) => compareBasic(a, b) !== 0,
  lt: (a, b) => compareBasic(a, b) < 0,
  le: (a, b) => compareBasic(a, b) <= 0,
  gt: (a, b) => compareBasic(a, b) > 0,
  ge: (a, b) => compareBasic(a, b) >= 0,
  base64decode: s => {
    if (typeof s !== 'string') throw new Error(`wrong type for value; expected string; got ${goTypeOf(s)}`)
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) throw new Error('base64 decode failed: illegal base64 data')
    return Buffer.from(s, 'base64').toString('latin1') === '' ? '' : Buffer.from(s, 'base64').toString('utf8')
  },
  exists: (a, ...keys) => { try { return FUNCS.index(a, ...keys) !== MISSING } catch { return false } },
}

class Exec {
  out = ''
  vars: Array<[string, unknown]> = []
  constructor(readonly root: unknown) { this.vars.push(['$', root]) }

  lookupVar(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i][0] === name) return this.vars[i][1]
    throw new Error(`undefined variable: ${name}`)
  }

  field(v: unknown, path: string[], text: string): unknown {
    for (const p of path) {
      if (p === '') continue
      if (v === MISSING || v === null || v === undefined) return MISSING
      if (typeof v !== 'object' || Array.isArray(v)) throw new Error(`can't evaluate field ${p} in type ${goTypeOf(v)}`)
      v = Object.prototype.hasOwnProperty.call(v, p) ? (v as any)[p] : MISSING
    }
    void text
    return v
  }

  arg(a: Arg, dot: unknown, final?: unknown, hasFinal = false): unknown {
    switch (a.t) {
      case 'field': return this.field(a.base === 'dot' ? dot : this.lookupVar(a.base), a.path, '')
      case 'str': return a.v
      case 'num': return a.v
      case 'bool': return a.v
      case 'nil': return null
      case 'pipe': return this.field(this.pipe(a.pipe, dot), a.path, '')
      case 'ident': {
        const f = FUNCS[a.name]
        if (!f) throw new Error(`function "${a.name}" not defined`)
        return hasFinal ? f(final) : f()
      }
    }
  }

  cmd(cmd: Arg[], dot: unknown, final: unknown, hasFinal: boolean): unknown {
    const [head, ...rest] = cmd
    if (head.t === 'ident') {
      const f = FUNCS[head.name]
      if (!f) throw new Error(`function "${head.name}" not defined`)
      const args = rest.map(r => this.arg(r, dot))
      if (hasFinal) args.push(final)
      return f(...args)
    }
    if (rest.length > 0 || hasFinal) {
      // only functions take arguments; Go reports the operand that cannot be called
      throw new Error(`can't give argument to non-function ${printArg(head)}`)
    }
    return this.arg(head, dot)
  }

  pipe(p: Pipe, dot: unknown): unknown {
    let v: unknown
    let has = false
    for (const c of p.cmds) { v = this.cmd(c, dot, v, has); has = true }
    if (p.decl.length === 1) {
      if (p.assign) {
        for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i][0] === p.decl[0]) { this.vars[i][1] = v; return v }
        throw new Error(`undefined variable: ${p.decl[0]}`)
      }
      this.vars.push([p.decl[0], v])
    }
    return v
  }

  run(nodes: Node[], dot: unknown): void {
    for (const n of nodes) {
      switch (n.type) {
        case 'text': this.out += n.text; break
        case 'action': {
          const v = this.pipe(n.pipe, dot)
          if (n.pipe.decl.length === 0) this.out += printValue(v)
          break
        }
        case 'break': throw new Break()
        case 'continue': throw new Continue()
        case 'if': case 'with': {
          const mark = this.vars.length
          const v = this.pipe(n.pipe, dot)
          if (truth(v)) this.run(n.body, n.type === 'with' ? v : dot)
          else if (n.elseBody) this.run(n.elseBody, dot)
          this.vars.length = mark
          break
        }
        case 'range': {
          const mark = this.vars.length
          const decl = n.pipe.decl
          const v = this.pipe({...n.pipe, decl: []}, dot)
          let entries: Array<[unknown, unknown]> = []
          if (Array.isArray(v)) entries = v.map((x, i) => [i, x])
          else if (v && typeof v === 'object') entries = sortedKeys(v).map(k => [k, (v as any)[k]])
          else if (typeof v === 'number' && Number.isInteger(v)) entries = Array.from({length: v}, (_, i) => [i, i])
          else if (v !== MISSING && v !== null && v !== undefined) throw new Error(`range can't iterate over ${printValue(v)}`)
          if (entries.length === 0) { if (n.elseBody) this.run(n.elseBody, dot) }
          for (const [k, x] of entries) {
            const inner = this.vars.length
            if (decl.length === 1) this.vars.push([decl[0], x])
            if (decl.length === 2) { this.vars.push([decl[0], k]); this.vars.push([decl[1], x]) }
            try { this.run(n.body, x) } catch (e) {
              if (e instanceof Break) { this.vars.length = inner; break }
              if (!(e instanceof Continue)) throw e
            }
            this.vars.length = inner
          }
          this.vars.length = mark
          break
        }
      }
    }
  }
}

function printArg(a: Arg): string {
  if (a.t === 'field') return (a.base === 'dot' ? '' : a.base) + (a.path.length ? '.' + a.path.join('.') : a.base === 'dot' ? '.' : '')
  if (a.t === 'str') return goQuote(a.v)
  if (a.t === 'num') return String(a.v)
  return a.t
}

/** kubectl -o go-template=TEMPLATE for one object (a List for several); errors are kubectl-style but not byte-exact. */
export function printGoTemplate(template: string, data: unknown): string {
  let nodes: Node[]
  try {
    nodes = parse(lex(template))
  } catch (e) {
    throw new Error(`error parsing template ${template}, template: output:1: ${(e as Error).message}`)
  }
  // kubectl round-trips the object through encoding/json into map[string]interface{} first
  const obj = JSON.parse(JSON.stringify(data ?? null))
  const ex = new Exec(obj)
  try {
    ex.run(nodes, obj)
  } catch (e) {
    const msg = e instanceof Break || e instanceof Continue ? 'break or continue outside range' : (e as Error).message
    throw new Error(`error executing template ${goQuote(template)}: template: output:1: executing "output": ${msg}`)
  }
  return ex.out
}
