// kubectl -o yaml: sigs.k8s.io/yaml marshals to JSON, re-reads it with go-yaml v2 and emits block YAML. This is a
// port of the parts of go-yaml v2 that matter for JSON-shaped data: key order (its "natural" keyList.Less), scalar
// resolution (which strings must be quoted), the emitter's scalar analysis and style choice, and line folding at 80.
import {formatFloatG} from './gofmt.js'

const BEST_WIDTH = 80
const BEST_INDENT = 2

const isLetter = (c: string) => {
  const x = c.charCodeAt(0)
  return x < 0x80 ? (x >= 0x41 && x <= 0x5a) || (x >= 0x61 && x <= 0x7a) : /^\p{L}$/u.test(c)
}
const isDigit = (c: string) => {
  const x = c.charCodeAt(0)
  return x < 0x80 ? x >= 0x30 && x <= 0x39 : /^\p{Nd}$/u.test(c)
}

/** go-yaml v2 keyList.Less for string keys. */
export function yamlKeyLess(a: string, b: string): boolean {
  // code units equal runes when there are no surrogate pairs, which avoids splitting every key while sorting
  const ar: ArrayLike<string> = /[\ud800-\udfff]/.test(a) ? [...a] : a
  const br: ArrayLike<string> = /[\ud800-\udfff]/.test(b) ? [...b] : b
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue
    const al = isLetter(ar[i]), bl = isLetter(br[i])
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!
    if (al || bl) return bl
    let an = 0, bn = 0
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') { an = 1; bn = 1; break }
      }
    }
    let ai = i, bi = i
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].codePointAt(0)! - 48)
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].codePointAt(0)! - 48)
    if (an !== bn) return an < bn
    if (ai !== bi) return ai < bi
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!
  }
  return ar.length < br.length
}

// --- resolve: would this string, written plain, read back as something other than a string? ---

const RESOLVE_MAP: Record<string, true> = {}
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF',
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<']) RESOLVE_MAP[s] = true

/** Go strconv.ParseInt(s, 0, 64) / ParseUint syntax (underscores already removed by the caller, as go-yaml does). */
export const GO_INT = /^[+-]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|0|[1-9][0-9]*)$/
// Go strconv.ParseFloat accepted syntax (decimal and hex floats, inf/nan words).
const GO_FLOAT = /^[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+|inf|infinity|nan)$/i
/** go-yaml v2's yamlStyleFloat. */
export const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/

function parseTimestamp(s: string): boolean {
  // go-yaml v2 allowed timestamp formats; the date-only form needs exactly YYYY-M?M-D?D.
  const i = s.search(/[^0-9]/)
  if (i !== 4 || s[4] !== '-') return false
  const formats = [
    /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
    /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{2}:\d{2}(\.\d+)?$/,
    /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}:\d{2}(\.\d+)?$/,
    /^\d{4}-\d{1,2}-\d{1,2}$/,
  ]
  return formats.some(f => f.test(s))
}

/** Whether go-yaml v2 must quote this string (it would resolve to a non-string tag, or is a base-60 float). */
function needsQuoting(s: string): boolean {
  if (RESOLVE_MAP[s] && s !== '<<') return true
  if (s === '') return true
  const c = s[0]
  if ('-+.0123456789'.includes(c)) {
    if (/^[0-9]/.test(c) && parseTimestamp(s)) return true
    const plain = s.replace(/_/g, '')
    if (GO_INT.test(plain)) return true
    if (c === '-' && GO_INT.test(plain.slice(1)) && !plain.slice(1).startsWith('-') && !plain.slice(1).startsWith('+')) return true
    if (YAML_FLOAT.test(plain)) return true
    if (c !== '.' && GO_FLOAT.test(plain) && !/^[+-]?(inf|infinity|nan)$/i.test(plain)) return true
  }
  return BASE60.test(s)
}

// --- emitter scalar analysis ---

const isBreak = (c: string) => c === '\r' || c === '\n' || c === '\u0085' || c === '\u2028' || c === '\u2029'
// go-yaml is_printable (on UTF-8): LF, 0x20-0x7E, U+00A0..U+D7FF, U+E000..U+FFFD except BOM; NEL and astral are not.
const isPrintable = (c: string) => {
  const cp = c.codePointAt(0)!
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
}

interface Analysis { multiline: boolean, blockPlain: boolean, singleQuoted: boolean, block: boolean }

function analyzeScalar(value: string): Analysis {
  if (value.length === 0) return {multiline: false, blockPlain: true, singleQuoted: true, block: false}
  const chars = [...value]
  let blockIndicators = false, lineBreaks = false, special = false
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
  let breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false
  if (value.startsWith('---') || value.startsWith('...')) blockIndicators = true
  let precededByWhitespace = true
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]
    const followedByWhitespace = i + 1 >= chars.length || chars[i + 1] === ' ' || chars[i + 1] === '\t' || isBreak(chars[i + 1])
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true
      else if ((c === '?' || c === ':') && followedByWhitespace) blockIndicators = true
      else if (c === '-' && followedByWhitespace) blockIndicators = true
    } else {
      if (c === ':' && followedByWhitespace) blockIndicators = true
      else if (c === '#' && precededByWhitespace) blockIndicators = true
    }
    if (!isPrintable(c)) special = true
    if (c === ' ') {
      if (i === 0) leadingSpace = true
      if (i === chars.length - 1) trailingSpace = true
      if (previousBreak) breakSpace = true
      previousSpace = true
      previousBreak = false
    } else if (isBreak(c)) {
      lineBreaks = true
      if (i === 0) leadingBreak = true
      if (i === chars.length - 1) trailingBreak = true
      if (previousSpace) spaceBreak = true
      previousSpace = false
      previousBreak = true
    } else {
      previousSpace = false
      previousBreak = false
    }
    precededByWhitespace = c === ' ' || c === '\t' || isBreak(c) || c === '\0'
  }
  const a: Analysis = {multiline: lineBreaks, blockPlain: true, singleQuoted: true, block: true}
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlain = false
  if (trailingSpace) a.block = false
  if (breakSpace) { a.blockPlain = false; a.singleQuoted = false }
  if (spaceBreak || special) { a.blockPlain = false; a.singleQuoted = false; a.block = false }
  if (lineBreaks) a.blockPlain = false
  if (blockIndicators) a.blockPlain = false
  return a
}

type Style = 'plain' | 'single' | 'double' | 'literal'

function chooseStyle(s: string, simpleKey: boolean): Style {
  const a = analyzeScalar(s)
  let style: Style = s.includes('\n') ? 'literal' : needsQuoting(s) ? 'double' : 'plain'
  if (simpleKey && a.multiline) style = 'double'
  if (style === 'plain') {
    if (!a.blockPlain) style = 'single'
    if (s.length === 0 && simpleKey) style = 'single'
  }
  if (style === 'single' && !a.singleQuoted) style = 'double'
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double'
  return style
}

// Writes scalars tracking the output column like the libyaml emitter (one column per character).
class Out {
  text = ''
  column = 0
  indention = true
  whitespace = true
  put(s: string) {
    this.text += s
    if (/^[\x00-\x7f]*$/.test(s)) this.column += s.length
    else for (const _ of s) this.column++
  }
  putBreak() { this.text += '\n'; this.column = 0 }
  writeIndent(indent: number) {
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak()
    while (this.column < indent) this.put(' ')
    this.whitespace = true
    this.indention = true
  }
}

function writePlain(o: Out, chars: string[], indent: number, allowBreaks: boolean) {
  let spaces = false
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]
    if (c === ' ') {
      if (allowBreaks && !spaces && o.column > BEST_WIDTH && chars[i + 1] !== ' ') o.writeIndent(indent)
      else o.put(c)
      spaces = true
    } else {
      o.put(c)
      o.indention = false
      spaces = false
    }
  }
  o.whitespace = false
  o.indention = false
}

function writeSingle(o: Out, chars: string[], indent: number, allowBreaks: boolean) {
  o.put("'")
  o.whitespace = false; o.indention = false
  let spaces = false, breaks = false
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]
    if (c === ' ') {
      if (allowBreaks && !spaces && o.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') o.writeIndent(indent)
      else o.put(c)
      spaces = true
    } else if (isBreak(c)) {
      if (!breaks && c === '\n') o.putBreak()
      if (c === '\n') o.putBreak()
      else { o.text += c; o.column = 0 }
      o.indention = true
      breaks = true
    } else {
      if (breaks) o.writeIndent(indent)
      if (c === "'") o.put("'")
      o.put(c)
      o.indention = false
      spaces = false
      breaks = false
    }
  }
  if (breaks) o.writeIndent(indent)
  o.put("'")
  o.whitespace = false
  o.indention = false
}

function writeDouble(o: Out, chars: string[], indent: number, allowBreaks: boolean) {
  o.put('"')
  o.whitespace = false; o.indention = false
  let spaces = false
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]
    const cp = c.codePointAt(0)!
    if (!isPrintable(c) || cp === 0xfeff || isBreak(c) || c === '"' || c === '\\') {
      const named: Record<number, string> = {0: '0', 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 0x1b: 'e',
        0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P'}
      if (named[cp] !== undefined) o.put('\\' + named[cp])
      else if (cp <= 0xff) o.put('\\x' + cp.toString(16).toUpperCase().padStart(2, '0'))
      else if (cp <= 0xffff) o.put('\\u' + cp.toString(16).toUpperCase().padStart(4, '0'))
      else o.put('\\U' + cp.toString(16).toUpperCase().padStart(8, '0'))
      spaces = false
    } else if (c === ' ') {
      if (allowBreaks && !spaces && o.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
        o.writeIndent(indent)
        if (chars[i + 1] === ' ') o.put('\\')
      } else o.put(c)
      spaces = true
    } else {
      o.put(c)
      spaces = false
    }
  }
  o.put('"')
  o.whitespace = false
  o.indention = false
}

function writeLiteral(o: Out, chars: string[], indent: number) {
  o.put('|')
  if (chars[0] === ' ' || isBreak(chars[0])) o.put(String(BEST_INDENT))
  const last = chars[chars.length - 1]
  if (!isBreak(last)) o.put('-')
  else if (chars.length === 1 || isBreak(chars[chars.length - 2])) o.put('+')
  o.putBreak()
  o.indention = true
  o.whitespace = true
  let breaks = true
  for (const c of chars) {
    if (isBreak(c)) {
      if (c === '\n') o.putBreak()
      else { o.text += c; o.column = 0 }
      o.indention = true
      breaks = true
    } else {
      if (breaks) o.writeIndent(indent)
      o.put(c)
      o.indention = false
      breaks = false
    }
  }
}

// Common identifiers, images, IPs and paths: plain in every context, no spaces to fold at.
const SIMPLE_PLAIN = /^[A-Za-z][A-Za-z0-9_.\/:-]*$/

function writeString(o: Out, s: string, indent: number, simpleKey: boolean) {
  if (SIMPLE_PLAIN.test(s) && !s.endsWith(':') && !RESOLVE_MAP[s] && !s.includes('::')) {
    o.put(s)
    o.whitespace = false
    o.indention = false
    return
  }
  const chars = [...s]
  switch (chooseStyle(s, simpleKey)) {
    case 'plain': return writePlain(o, chars, indent, !simpleKey)
    case 'single': return writeSingle(o, chars, indent, !simpleKey)
    case 'double': return writeDouble(o, chars, indent, !simpleKey)
    case 'literal': return writeLiteral(o, chars, indent)
  }
}

// JSON numbers: integral values within int64 are ints; others floats in strconv 'g' form.
function scalarText(v: unknown): string | undefined {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'number') {
    // Go's JSON writes integral floats below 1e21 as digits; go-yaml reads those back as int64 or uint64
    if (Number.isInteger(v) && (Math.abs(v) < 2 ** 63 || (v > 0 && v < 2 ** 64))) return String(v)
    const s = formatFloatG(v)
    return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s
  }
  return undefined
}

const isEmptyCollection = (v: unknown) => v !== null && typeof v === 'object' && Object.keys(v as object).length === 0

// The value after "key:" or "- ": scalars inline, empty collections as {} / [], others on following lines.
function emitValue(o: Out, v: unknown, indent: number, inSequence: boolean) {
  if (v !== null && typeof v === 'object' && !isEmptyCollection(v)) {
    if (Array.isArray(v)) {
      if (inSequence) {
        emitSequence(o, v, indent + BEST_INDENT, true)
      } else {
        emitSequence(o, v, indent, false)
      }
    } else {
      emitMapping(o, v as Record<string, unknown>, indent + BEST_INDENT, inSequence)
    }
    return
  }
  o.put(' ')
  o.whitespace = false
  if (isEmptyCollection(v)) { o.put(Array.isArray(v) ? '[]' : '{}'); o.whitespace = false; o.indention = false; return }
  const t = scalarText(v)
  if (t !== undefined) { o.put(t); o.whitespace = false; o.indention = false; return }
  writeString(o, v as string, indent + BEST_INDENT, false)
}

function emitMapping(o: Out, m: Record<string, unknown>, indent: number, firstOnLine: boolean) {
  const keys = Object.keys(m).filter(k => m[k] !== undefined).sort((a, b) => yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0)
  keys.forEach((k, i) => {
    if (!(firstOnLine && i === 0)) o.writeIndent(indent)
    // keys that are multi-line or longer than 128 bytes cannot be simple keys: "? key" then ": value"
    if (/[\r\n\u0085\u2028\u2029]/.test(k) || Buffer.byteLength(k, 'utf8') > 128) {
      o.put('? ')
      writeString(o, k, indent + BEST_INDENT, false)
      o.writeIndent(indent)
    } else {
      writeString(o, k, indent, true)
    }
    o.put(':')
    o.whitespace = false
    emitValue(o, m[k], indent, false)
  })
}

function emitSequence(o: Out, seq: unknown[], indent: number, firstOnLine: boolean) {
  seq.forEach((item, i) => {
    if (!(firstOnLine && i === 0)) o.writeIndent(indent)
    o.put('-')
    o.whitespace = false
    o.indention = true
    if (item !== null && typeof item === 'object' && !isEmptyCollection(item)) {
      o.put(' ')
      o.whitespace = true
      if (Array.isArray(item)) emitSequence(o, item, indent + BEST_INDENT, true)
      else emitMapping(o, item as Record<string, unknown>, indent + BEST_INDENT, true)
    } else {
      emitValue(o, item, indent, true)
    }
  })
}

// go-yaml's reader rejects these raw in its input; Go's JSON leaves DEL, C1 controls and U+FFFE/FFFF unescaped.
const FORBIDDEN = /[\x7f-\x84\x86-\x9f\ufffe\uffff]/
// Go's JSON leaves NEL unescaped, and go-yaml folds it like a line break when reading the double-quoted JSON string.
const NEL_RUN = /[ \t]*(?:\u0085[ \t]*)+/g

function normalize(v: unknown): unknown {
  if (typeof v === 'string') {
    if (FORBIDDEN.test(v)) throw new Error('yaml: control characters are not allowed')
    return v.includes('\u0085') ? v.replace(NEL_RUN, m => { const n = m.split('\u0085').length - 1; return n === 1 ? ' ' : '\n'.repeat(n - 1) }) : v
  }
  if (Array.isArray(v)) return v.map(x => x === undefined ? null : normalize(x))
  if (v !== null && typeof v === 'object' && typeof (v as any).toJSON === 'function') return normalize((v as any).toJSON())
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[normalize(k) as string] = normalize(x)
    return out
  }
  return v
}

/** kubectl -o yaml for one object (a mapping); throws "yaml: control characters are not allowed" like kubectl. */
export function printYaml(obj: unknown): string {
  const v = normalize(obj ?? null)
  const o = new Out()
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    if (isEmptyCollection(v)) return '{}\n'
    emitMapping(o, v as Record<string, unknown>, 0, true)
  } else if (Array.isArray(v)) {
    if (v.length === 0) return '[]\n'
    emitSequence(o, v, 0, true)
  } else {
    const t = scalarText(v)
    if (t !== undefined) o.put(t)
    else writeString(o, v as string, 0, false)
  }
  return o.text + '\n'
}
