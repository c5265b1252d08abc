// A YAML syntax error as kubectl words it, and kctl's hint for it. kubectl parses with go-yaml v2 (libyaml's scanner
// and parser); kctl parses with js-yaml, whose messages and positions differ. go-yaml's line is relative to the
// document (kubectl splits the stream at `---` first), 1-based for scanner errors but 0-based for parser errors (it
// prints the parser's 0-based mark), and left out when it is 0 — so a parser error on a document's first line carries
// no line. The hint gives what go-yaml's message does not: the file's own line and column, and the line itself.

/** js-yaml's YAMLException fields used here. */
export interface JsYamlMark {
  line: number
  column: number
  position: number
}

/** The error kubectl prints (after `yaml: `) and where the hint points, both relative to the document. */
export interface YamlSyntaxError {
  /** go-yaml's message, with its `line N: ` prefix when go-yaml gives one. */
  goMessage: string
  /** 0-based line and column (in the document) that the hint names. */
  at: {line: number; column: number}
  /** The hint's description of the mistake. */
  reason: string
}

const lineOf = (text: string, position: number) => text.slice(0, position).split('\n').length - 1

function go(message: string, line0: number, scanner: boolean): string {
  if (line0 === 0) return message
  return `line ${scanner ? line0 + 1 : line0}: ${message}`
}

/** The last line before `line` that holds YAML content (not blank, not only a comment). */
function previousContent(lines: string[], line: number): string | undefined {
  for (let i = line - 1; i >= 0; i--) if (!/^\s*(#.*)?$/.test(lines[i])) return lines[i]
  return undefined
}

/** Whether a line sits inside a block scalar (`key: |` or `>`): above it, before any less-indented line, is the header. */
export function inBlockScalar(lines: string[], line: number): boolean {
  let least = Infinity
  for (let i = line - 1; i >= 0; i--) {
    if (/^\s*$/.test(lines[i])) continue
    const indent = /^ */.exec(lines[i])![0].length
    if (indent >= least) continue
    if (/(:|^\s*-)\s*[|>][-+0-9]*\s*(#.*)?$/.test(lines[i])) return true
    least = indent
  }
  return false
}

/** Whether a line ends in a plain scalar, which go-yaml's scanner would continue onto the next line. */
function endsInPlainScalar(text: string): boolean {
  const body = text.replace(/\s+#.*$/, '').trimEnd()
  if (/(^|\s)-$|:$/.test(body)) return false
  return !/["'\]}|>]$/.test(body)
}

/**
 * go-yaml's parser, at a token that is not where a block collection wants its next entry: a sequence at that column
 * wants `-`, anything else wants a key.
 */
function expectedEntry(lines: string[], line: number, column: number): string {
  for (let i = line - 1; i >= 0; i--) {
    if (/^\s*(#.*)?$/.test(lines[i])) continue
    const indent = /^ */.exec(lines[i])![0].length
    if (indent > column) continue
    return indent === column && /^\s*-(\s|$)/.test(lines[i]) ? "did not find expected '-' indicator" : 'did not find expected key'
  }
  return 'did not find expected key'
}

/** The innermost flow collection (`{` or `[`) still open at position, skipping quoted text and comments. */
function openFlow(text: string, end: number): {char: string; position: number} | undefined {
  const stack: {char: string; position: number}[] = []
  let quote: string | undefined
  for (let i = 0; i < end; i++) {
    const c = text[i]
    if (quote) {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = undefined
      continue
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < end && text[i] !== '\n') i++
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s:,[{-]/.test(text[i - 1]))) quote = c
    else if (c === '{' || c === '[') stack.push({char: c, position: i})
    else if ((c === '}' || c === ']') && stack.length > 0) stack.pop()
  }
  return stack.at(-1)
}

/** Where the quoted scalar that never closes opens: the last line with an odd number of that quote. */
function openQuote(lines: string[], before: number, quote: string): {line: number; column: number} | undefined {
  for (let i = Math.min(before, lines.length - 1); i >= 0; i--) {
    const text = quote === '"' ? lines[i].replace(/\\./g, '..') : lines[i].replace(/''/g, '..')
    const count = text.split(quote).length - 1
    if (count % 2 === 1) return {line: i, column: text.indexOf(quote)}
  }
  return undefined
}

/** Translates js-yaml's syntax error in one document into go-yaml's message, and where kctl's hint points. */
export function yamlSyntaxError(doc: string, mark: JsYamlMark, jsReason: string): YamlSyntaxError {
  const lines = doc.split('\n')
  const at = {line: mark.line, column: mark.column}
  const here = lines[mark.line] ?? ''
  const ch = doc[mark.position]
  // js-yaml reports a tab on the first line as a missing document end; go-yaml as a tab.
  if (jsReason === 'tab characters must not be used in indentation' || /^ *\t/.test(here)) {
    const column = here.indexOf('\t')
    const at = {line: mark.line, column: Math.max(0, column)}
    if (inBlockScalar(lines, mark.line)) {
      return {goMessage: go('found a tab character where an indentation space is expected', mark.line, true), at, reason: 'a tab in the indentation of a block (| or >) value (YAML indents with spaces only)'}
    }
    const prev = previousContent(lines, mark.line)
    const message = prev !== undefined && endsInPlainScalar(prev) ? 'found a tab character that violates indentation' : 'found character that cannot start any token'
    return {goMessage: go(message, mark.line, true), at, reason: 'a tab in the indentation (YAML indents with spaces only)'}
  }
  if (/^bad indentation of a (mapping|sequence) entry$|^end of the stream or a document separator is expected$/.test(jsReason)) {
    if (ch === ':') return {goMessage: go('mapping values are not allowed in this context', mark.line, true), at, reason: 'a ": " where no key can start (check the indentation of this line, or quote a value holding ": ")'}
    if (ch === '@' || ch === '`') return {goMessage: go('found character that cannot start any token', mark.line, true), at, reason: `${ch} cannot start a plain value; quote the value`}
    return {goMessage: go(expectedEntry(lines, mark.line, mark.column), mark.line, false), at, reason: jsReason}
  }
  const quoted = /^unexpected end of the stream within a (double|single) quoted scalar$/.exec(jsReason)
  if (quoted) {
    const q = quoted[1] === 'double' ? '"' : "'"
    const open = openQuote(lines, mark.line, q)
    return {goMessage: go('found unexpected end of stream', mark.line, true), at: open ?? at, reason: `this ${quoted[1]}-quoted value is never closed`}
  }
  if (jsReason === 'missed comma between flow collection entries' || jsReason === 'unexpected end of the stream within a flow collection') {
    const open = openFlow(doc, mark.position)
    const close = open?.char === '[' ? ']' : '}'
    const goMessage = go(`did not find expected ',' or '${close}'`, mark.line, false)
    if (open && jsReason.startsWith('unexpected end')) {
      const line = lineOf(doc, open.position)
      return {goMessage, at: {line, column: open.position - doc.lastIndexOf('\n', open.position - 1) - 1}, reason: `this '${open.char}' is never closed`}
    }
    return {goMessage, at, reason: jsReason}
  }
  const alias = /^unidentified alias "(.*)"$/.exec(jsReason)
  if (alias) {
    // js-yaml's mark is past the alias; the hint points at its `*`.
    const column = here.lastIndexOf(`*${alias[1]}`, mark.column)
    return {goMessage: `unknown anchor '${alias[1]}' referenced`, at: column >= 0 ? {line: mark.line, column} : at, reason: `no anchor &${alias[1]} is defined before this alias`}
  }
  if (/^name of an (alias|anchor) node must contain at least one character$/.test(jsReason)) {
    return {goMessage: go('did not find expected alphabetic or numeric character', mark.line, true), at, reason: jsReason}
  }
  return {goMessage: `line ${mark.line + 1}: ${jsReason}`, at, reason: jsReason}
}

const SECRET_KIND = /^[\s-]*["']?kind["']?\s*:\s*["']?Secret["']?\s*,?\s*(#.*)?$/m

/** Whether a document's text is a Secret's (read as text: the document may not parse). */
export function looksLikeSecret(doc: string): boolean {
  return SECRET_KIND.test(doc)
}

/**
 * The offending line as the hint quotes it. In a Secret, values are secret: only the key is kept (keys name data,
 * they do not hold it), and a line without a key, or inside a block value (all of it value), is not quoted at all.
 */
export function quoteLine(text: string, secret: boolean, inValue = false): string {
  if (!secret) return JSON.stringify(text)
  if (inValue) return '(the line is not shown: it is in a Secret)'
  const m = /^(\s*(?:-\s+)*(?:"[^"]*"|'[^']*'|[^\s:#"'][^:#]*?)\s*:)(?:\s+(.*))?$/.exec(text)
  if (!m) return '(the line is not shown: it is in a Secret)'
  return m[2] ? `${JSON.stringify(`${m[1]} …`)} (the value is not shown: it is in a Secret)` : JSON.stringify(text)
}
