// Text helpers with the exact semantics of the Go functions kubectl's explain templates use: go-wordwrap's
// WrapString (v1.0.1), the template `indent`, Go's unicode.IsSpace and fmt's %v for JSON scalars.

const NBSP = 0xa0

/** Go's unicode.IsSpace: Latin-1 spaces plus the Unicode White_Space set (JS's \s differs, e.g. U+FEFF). */
export function goIsSpace(cp: number): boolean {
  if (cp <= 0xff) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === NBSP
  return cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000
}

/**
 * go-wordwrap's WrapString: breaks at whitespace so lines stay within `limit` runes; words longer than the limit
 * overflow; existing newlines are kept. Lengths count code points, as Go's range over a string does.
 */
export function wrapString(s: string, limit: number): string {
  let out = ''
  let current = 0
  let word = ''
  let wordLen = 0
  let space = ''
  let spaceLen = 0
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    if (ch === '\n') {
      if (wordLen === 0) {
        if (current + spaceLen > limit) current = 0
        else {
          current += spaceLen
          out += space
        }
      } else {
        current += spaceLen + wordLen
        out += space + word
        word = ''
        wordLen = 0
      }
      space = ''
      spaceLen = 0
      out += ch
      current = 0
    } else if (goIsSpace(cp) && cp !== NBSP) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen
        out += space + word
        space = ''
        spaceLen = 0
        word = ''
        wordLen = 0
      }
      space += ch
      spaceLen++
    } else {
      word += ch
      wordLen++
      if (current + spaceLen + wordLen > limit && wordLen < limit) {
        out += '\n'
        current = 0
        space = ''
        spaceLen = 0
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= limit) out += space
  } else out += space + word
  return out
}

/** The explain templates' `indent`: pads the start and every line after a newline (trailing ones included). */
export function indent(amount: number, s: string): string {
  const pad = ' '.repeat(Math.max(0, amount))
  return pad + s.split('\n').join(`\n${pad}`)
}

/** Go's %v of a value decoded from JSON (float64, string, bool, nil, slices, maps). */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>'
  if (typeof v === 'number') return goFloat(v)
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`
  const entries = Object.keys(v as object).sort(compareGo).map((k) => `${k}:${goValue((v as Record<string, unknown>)[k])}`)
  return `map[${entries.join(' ')}]`
}

/** Go's %v of a float64: the shortest digits, with an exponent when it is < -4 or >= 6 (fmt.Println(1e6) is 1e+06). */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf'
  if (f === 0) return Object.is(f, -0) ? '-0' : '0'
  const [mant, e] = f.toExponential().split('e')
  const exp = Number(e)
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  return String(f)
}

/** Byte-order comparison of strings, as Go sorts map keys. */
export function compareGo(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return Buffer.compare(x, y)
}
