// kubectl explain reads TYPE.field.path as a JSONPath (`{.TYPE.field.path}`) and keeps only plain field steps; a
// group can be spelled inside it (`deployments.apps.spec`), which is found by prefix against the served types.
import {KctlError} from '../cli/errors.js'

/** One step of a parsed path: a field name, a `..` recursive descent, or anything else JSONPath allows. */
export type PathNode = {type: 'field'; value: string} | {type: 'recursive'} | {type: 'other'}

// client-go's jsonpath stops a field name at these.
const TERMINATORS = new Set([' ', '.', ',', '[', ']', '$', '@', '{', '}', '(', ')', '=', '<', '>', '!', '|', '\t', '\n', '\r'])

/** client-go's jsonpath parse of `{.in}` (trailing `.` dropped), reduced to the node kinds explain distinguishes. */
export function parseJsonPathNodes(input: string): PathNode[] {
  const text = `.${input.replace(/\.$/, '')}`
  const nodes: PathNode[] = []
  const chars = [...text]
  let i = 0
  const isAlnum = (c: string | undefined) => c !== undefined && /^[\p{L}\p{N}_]$/u.test(c)
  while (i < chars.length) {
    const c = chars[i]
    if (c === '.' && chars[i + 1] === '.') {
      nodes.push({type: 'recursive'})
      i += 2
      if (isAlnum(chars[i])) i = readField(chars, i, nodes)
      continue
    }
    if (c === '.') {
      i = readField(chars, i + 1, nodes)
      continue
    }
    if (c === ' ' || c === '@' || c === '$') {
      i++
      continue
    }
    if (c === '[') {
      const end = chars.indexOf(']', i)
      if (end === -1) throw new KctlError('unterminated array string')
      nodes.push({type: 'other'})
      i = end + 1
      continue
    }
    if (c === '"' || c === "'") {
      const end = chars.indexOf(c, i + 1)
      if (end === -1) throw new KctlError('unterminated quoted string')
      nodes.push({type: 'other'})
      i = end + 1
      continue
    }
    if (isAlnum(c) || c === '+' || c === '-') {
      while (i < chars.length && (isAlnum(chars[i]) || chars[i] === '+' || chars[i] === '-')) i++
      nodes.push({type: 'other'})
      continue
    }
    throw new KctlError(`unrecognized character in action: ${goRune(c)}`)
  }
  return nodes
}

function readField(chars: string[], start: number, nodes: PathNode[]): number {
  let i = start
  let value = ''
  while (i < chars.length && !TERMINATORS.has(chars[i])) {
    // A backslash escapes the next character (`a\.b` is the field "a.b").
    if (chars[i] === '\\' && i + 1 < chars.length) {
      value += chars[i + 1]
      i += 2
      continue
    }
    value += chars[i]
    i++
  }
  nodes.push(value === '*' ? {type: 'other'} : {type: 'field', value})
  return i
}

/** Go's %#U of a rune: `U+002F '/'`. */
function goRune(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${c}'`
}

/** The resource word (first field) of an explain argument. */
export function resourceWord(input: string): string {
  const nodes = parseJsonPathNodes(input)
  const first = nodes[0]
  if (!first || first.type !== 'field') throw new KctlError('invalid jsonpath syntax, first node must be field node')
  // The RESTMapper's words for an empty resource (`explain '[0]'`).
  if (first.value === '') throw new KctlError('a resource must be present, got: /, Resource=')
  return first.value
}

function fieldsOf(nodes: PathNode[], message: string): string[] {
  return nodes.map((n) => {
    if (n.type !== 'field') throw new KctlError(message)
    return n.value
  })
}

/**
 * kubectl's SplitAndParseResourceRequestWithMatchingPrefix: the first candidate whose `resource.group` prefixes the
 * input owns it and the rest is the field path; otherwise the first candidate, with every step after the first.
 */
export function splitWithMatchingPrefix<T>(input: string, candidates: T[], groupResource: (c: T) => string): {match: T; fields: string[]} {
  const trimmed = input.replace(/\.$/, '')
  for (const c of candidates) {
    const gr = groupResource(c)
    if (!trimmed.startsWith(gr)) continue
    const suffix = trimmed.slice(gr.length)
    if (suffix.length === 0) return {match: c, fields: []}
    return {match: c, fields: fieldsOf(parseJsonPathNodes(suffix).slice(1), 'invalid jsonpath syntax, first node must be field node')}
  }
  return {match: candidates[0], fields: fieldsOf(parseJsonPathNodes(trimmed).slice(1), 'invalid jsonpath syntax, first node must be field node')}
}

/** kubectl's SplitAndParseResourceRequest (used with --api-version): every step after the first is a field. */
export function splitFields(input: string): string[] {
  return fieldsOf(parseJsonPathNodes(input).slice(1), 'invalid jsonpath syntax, all nodes must be field nodes')
}
