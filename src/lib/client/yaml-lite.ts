// A strict subset of YAML, enough for kubeconfigs as kubectl and most tools write them (block mappings and
// sequences, plain and quoted one-line scalars, `{}`/`[]`, comments). Loading and running js-yaml costs ~15 ms of a
// command's start (and of a completion TAB); this costs well under 1 ms. Anything outside the subset (anchors, tags, flow collections, block
// scalars, numbers, multi-line scalars, duplicate keys) returns undefined so that the caller falls back to js-yaml,
// which then gives the same value or the same error it always gave.

interface Line {
  indent: number
  text: string
}

const BAIL = Symbol('bail')
type Value = unknown
const KEY = /^([A-Za-z_][A-Za-z0-9_./-]*):(?:[ ]+(.*))?$/

/** The document, or undefined when the text is outside the subset (or empty). */
export function parseYamlLite(text: string): unknown {
  const lines: Line[] = []
  let first = true
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    const body = line.trimStart()
    if (body === '' || body.startsWith('#')) continue
    const indent = line.length - body.length
    if (line.slice(0, indent).includes('\t')) return undefined
    if (indent === 0 && (body.startsWith('---') || body.startsWith('...') || body.startsWith('%'))) {
      if (first && body.replace(/\s+#.*$/, '').trimEnd() === '---') {
        first = false
        continue
      }
      return undefined
    }
    first = false
    lines.push({indent, text: body.trimEnd()})
  }
  if (lines.length === 0) return undefined
  const p = new Parser(lines)
  const v = p.block(0, lines[0].indent)
  if (v === BAIL || p.i !== lines.length) return undefined
  return v
}

class Parser {
  i = 0
  constructor(private readonly lines: Line[]) {}

  private isItem(l: Line): boolean {
    return l.text === '-' || l.text.startsWith('- ')
  }

  block(i: number, indent: number): Value | typeof BAIL {
    this.i = i
    const l = this.lines[i]
    if (!l || l.indent !== indent) return BAIL
    if (this.isItem(l)) return this.sequence(indent)
    if (!KEY.test(l.text)) return BAIL
    return this.mapping(indent)
  }

  private mapping(indent: number): Value | typeof BAIL {
    const out: Record<string, unknown> = {}
    while (this.i < this.lines.length) {
      const l = this.lines[this.i]
      if (l.indent < indent) break
      if (l.indent > indent || this.isItem(l)) return BAIL
      const m = KEY.exec(l.text)
      if (!m) return BAIL
      const key = m[1]
      // js-yaml rejects duplicate keys; let it say so.
      if (Object.prototype.hasOwnProperty.call(out, key) || key === '__proto__') return BAIL
      this.i++
      let value: Value | typeof BAIL
      if (m[2] === undefined || m[2].startsWith('#')) {
        const next = this.lines[this.i]
        if (next && next.indent > indent) value = this.block(this.i, next.indent)
        else if (next && next.indent === indent && this.isItem(next)) value = this.sequence(indent)
        else value = null
      } else {
        value = scalar(m[2])
        // A more indented line after a scalar would continue it (a multi-line plain scalar).
        const next = this.lines[this.i]
        if (next && next.indent > indent) return BAIL
      }
      if (value === BAIL) return BAIL
      out[key] = value
    }
    return out
  }

  private sequence(indent: number): Value | typeof BAIL {
    const out: unknown[] = []
    while (this.i < this.lines.length) {
      const l = this.lines[this.i]
      if (l.indent < indent) break
      if (l.indent > indent) return BAIL
      if (!this.isItem(l)) break
      const after = l.text.slice(1).trimStart()
      let value: Value | typeof BAIL
      if (after === '' || after.startsWith('#')) {
        this.i++
        const next = this.lines[this.i]
        value = next && next.indent > indent ? this.block(this.i, next.indent) : null
      } else if (KEY.test(after)) {
        // `- key: value` opens a mapping whose keys line up with `key`.
        const col = indent + (l.text.length - after.length)
        this.lines[this.i] = {indent: col, text: after}
        value = this.block(this.i, col)
      } else if (after.startsWith('-')) {
        return BAIL
      } else {
        this.i++
        value = scalar(after)
        const next = this.lines[this.i]
        if (next && next.indent > indent) return BAIL
      }
      if (value === BAIL) return BAIL
      out.push(value)
    }
    return out
  }
}

const ESCAPES: Record<string, string> = {'\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0'}

function scalar(s: string): Value | typeof BAIL {
  const c = s[0]
  if (c === '"') {
    let out = ''
    for (let i = 1; i < s.length; i++) {
      const ch = s[i]
      if (ch === '"') return rest(s.slice(i + 1)) ? out : BAIL
      if (ch === '\\') {
        const e = ESCAPES[s[i + 1]]
        if (e === undefined) return BAIL
        out += e
        i++
      } else {
        out += ch
      }
    }
    return BAIL
  }
  if (c === "'") {
    let out = ''
    for (let i = 1; i < s.length; i++) {
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          out += "'"
          i++
          continue
        }
        return rest(s.slice(i + 1)) ? out : BAIL
      }
      out += s[i]
    }
    return BAIL
  }
  const hash = s.indexOf(' #')
  const plain = (hash >= 0 ? s.slice(0, hash) : s).trimEnd()
  if (plain === '{}') return {}
  if (plain === '[]') return []
  if (plain === '~') return null
  // Indicators, numbers, timestamps and special floats all start with one of these: js-yaml decides them.
  if (/^[-?:,[\]{}#&*!|>'"%@`0-9.+<=~\\]/.test(plain)) return BAIL
  if (plain.includes(': ') || plain.endsWith(':') || plain.includes('\t')) return BAIL
  if (plain === 'true' || plain === 'True' || plain === 'TRUE') return true
  if (plain === 'false' || plain === 'False' || plain === 'FALSE') return false
  if (plain === 'null' || plain === 'Null' || plain === 'NULL') return null
  return plain
}

/** What may follow a closing quote: nothing or a comment. */
function rest(s: string): boolean {
  return s.trim() === '' || /^\s+#/.test(s)
}
