// Go's renderings of decoded JSON values (map[string]interface{}, []interface{}, string, int64, float64, bool, nil),
// which kubectl output exposes: encoding/json, fmt %v and %#v, strconv.Quote and strconv.FormatFloat(f, 'g', -1).
// Integral JSON numbers are int64 in Go and fractional ones float64; JS numbers are classified the same way.

const isGoInt = (n: number): boolean => Number.isInteger(n) && Math.abs(n) < 2 ** 63

// Go compares map keys (and sorts them for printing) bytewise on UTF-8; UTF-16 order differs above U+FFFF.
// Without surrogates UTF-16 order equals code point order equals UTF-8 byte order, so the cheap compare is exact.
const SURROGATE = /[\ud800-\udfff]/
export const compareKeys = (a: string, b: string): number =>
  SURROGATE.test(a) || SURROGATE.test(b) ? Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')) : a < b ? -1 : a > b ? 1 : 0

/** Object keys in Go's sorted-map order. */
export const sortedKeys = (o: object): string[] => Object.keys(o).sort(compareKeys)

/** strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form when exp < -4 or exp >= 6 (e+06 style). */
export function formatFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (f === Infinity) return '+Inf'
  if (f === -Infinity) return '-Inf'
  if (f === 0) return Object.is(f, -0) ? '-0' : '0'
  const [mant, expS] = f.toExponential().split('e')
  const exp = Number(expS)
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  return String(f)
}

/** Go number rendering of a decoded JSON number in fmt (%v). */
export const goNumber = (n: number): string => isGoInt(n) ? String(n) : formatFloatG(n)

// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u

/** strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === '"' || ch === '\\') { out += '\\' + ch; continue }
    if (c >= 0xd800 && c <= 0xdfff) { out += '\\ufffd'; continue }
    if (PRINTABLE.test(ch)) { out += ch; continue }
    const named: Record<string, string> = {'\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v'}
    if (named[ch]) out += named[ch]
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0')
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0')
    else out += '\\U' + c.toString(16).padStart(8, '0')
  }
  return out + '"'
}

/** fmt %v of a decoded JSON value (map[a:1 b:[x y]]). */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>'
  if (typeof v === 'string') return v
  if (typeof v === 'number') return goNumber(v)
  if (typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return '[' + v.map(goSprint).join(' ') + ']'
  const o = v as Record<string, unknown>
  return 'map[' + sortedKeys(o).map(k => `${k}:${goSprint(o[k])}`).join(' ') + ']'
}

/** fmt %#v of a decoded JSON value (map[string]interface {}{"a":1}). */
export function goSprintSharp(v: unknown, inInterface = true): string {
  if (v === null || v === undefined) return 'interface {}(nil)'
  if (typeof v === 'string') return goQuote(v)
  if (typeof v === 'number') return goNumber(v)
  if (typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return '[]interface {}{' + v.map(x => goSprintSharp(x)).join(', ') + '}'
  const o = v as Record<string, unknown>
  return 'map[string]interface {}{' + sortedKeys(o).map(k => `${goQuote(k)}:${goSprintSharp(o[k])}`).join(', ') + '}'
}

/** encoding/json string encoding (HTML-safe: <, >, & and U+2028/2029 escaped; \b \f short forms as Go >= 1.22). */
const JSON_NEEDS_ESCAPE = /[\u0000-\u001f"\\<>&\u2028\u2029\ud800-\udfff]/

export function goJsonString(s: string): string {
  if (!JSON_NEEDS_ESCAPE.test(s)) return '"' + s + '"'
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) { out += s[i] + s[i + 1]; i++; continue }
    }
    if (c >= 0xd800 && c <= 0xdfff) { out += '\\ufffd'; continue }
    switch (c) {
      case 0x22: out += '\\"'; continue
      case 0x5c: out += '\\\\'; continue
      case 0x0a: out += '\\n'; continue
      case 0x0d: out += '\\r'; continue
      case 0x09: out += '\\t'; continue
      case 0x08: out += '\\b'; continue
      case 0x0c: out += '\\f'; continue
    }
    if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      out += '\\u' + c.toString(16).padStart(4, '0')
    } else out += s[i]
  }
  return out + '"'
}

/** json.Marshal / json.MarshalIndent(v, "", indent) of a decoded JSON value with sorted map keys. */
export function goJson(v: unknown, indent = '', prefix = ''): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'string') return goJsonString(v)
  if (typeof v === 'number') return String(v) // JS and Go json agree: exponent below 1e-6 and from 1e21
  if (typeof v === 'boolean') return String(v)
  const nl = indent ? '\n' : ''
  const inner = prefix + indent
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]'
    return '[' + nl + v.map(x => inner + goJson(x, indent, inner)).join(',' + nl) + nl + prefix + ']'
  }
  const o = v as Record<string, unknown>
  const keys = sortedKeys(o).filter(k => o[k] !== undefined)
  if (keys.length === 0) return '{}'
  const sep = indent ? ': ' : ':'
  return '{' + nl + keys.map(k => inner + goJsonString(k) + sep + goJson(o[k], indent, inner)).join(',' + nl) + nl + prefix + '}'
}
