// What becomes of a server error about one object read from a manifest: kubectl's `error when creating "FILE"` in the
// message, and kctl's hint for the mistakes learners make in manifests (kubectl's own message stays first).
import * as fs from 'node:fs'
import {KctlError, StatusError} from '../cli/errors.js'
import {GO_YAML_BOOLEAN_WORDS} from './yaml.js'

/** Where an object came from: the source as kubectl names it, and its document's first line (1-based). */
export interface ObjectSource {
  source?: string
  line?: number
  /** The object read (a Secret's values are never quoted in a hint). */
  object?: {kind?: unknown}
}

/** kubectl's AddSourceToErr: `error when creating "x.yaml": <message>` inside the server's message (any hint kept). */
export function withSource(error: unknown, verb: string, source: string | undefined): unknown {
  if (!(error instanceof StatusError) || !source) return error
  const wrapped = new StatusError({...error.status, message: `error when ${verb} "${source}": ${error.status.message ?? ''}`}, error.httpCode)
  wrapped.hint = error.hint
  return wrapped
}

/** Finds the 1-based line of the first line matching re at or after the object's first line in a local file. */
function findLine(item: ObjectSource, re: RegExp): {line: number; text: string} | undefined {
  if (!item.source || item.source === 'STDIN' || /^https?:/.test(item.source)) return undefined
  const first = item.line ?? 1
  try {
    const lines = fs.readFileSync(item.source, 'utf8').split('\n')
    for (let i = Math.max(0, first - 1); i < lines.length; i++) {
      if (i > first - 1 && /^---/.test(lines[i])) break
      if (re.test(lines[i])) return {line: i + 1, text: lines[i]}
    }
  } catch {
    // unreadable source: no hint
  }
  return undefined
}

const YAML11_BOOL = new RegExp(`:\\s*(${GO_YAML_BOOLEAN_WORDS.join('|')})\\s*(#.*)?$`)
const YAML11_NUMBER = /:\s*[-+.]?[0-9][0-9a-fA-FxXoObB_.eE+-]*\s*(#.*)?$/

/** Adds kctl's hint to an error about one manifest object, when it is one of the classic mistakes. */
export function withManifestHint(error: unknown, item: ObjectSource): unknown {
  if (!(error instanceof KctlError) || error.hint) return error
  const msg = error.message
  const where = (at: {line: number} | undefined) => `${item.source}${at ? `:${at.line}` : ''}`
  if (/unknown field "metadata\.spec"/.test(msg)) {
    const at = findLine(item, /^\s+spec:/)
    error.hint = `${where(at)}: "spec" is indented under "metadata"; move it back to the top level (same indentation as "metadata")`
  } else if (/containerPort :|cannot unmarshal string into Go struct field .*ports of type v1\.ContainerPort/.test(msg)) {
    const at = findLine(item, /containerPort\s+:/)
    const port = at ? /containerPort\s+:\s*(\S+)/.exec(at.text)?.[1] ?? '80' : '80'
    error.hint = `${where(at)}: "containerPort :${port}" is a string; write "containerPort: ${port}" (the colon goes right after the key)`
  } else if (/cannot unmarshal (bool|number) into Go struct field \S+ of type string/.test(msg)) {
    // YAML 1.1, which kubectl reads, makes unquoted yes/no/on/off booleans and 0644 a number.
    const bool = msg.includes('unmarshal bool')
    const at = findLine(item, bool ? YAML11_BOOL : YAML11_NUMBER)
    const value = at ? /:\s*(\S+)/.exec(at.text)?.[1] : undefined
    if (item.object?.kind === 'Secret') error.hint = `${where(at)}: YAML reads an unquoted ${bool ? 'yes, no, on, off, true or false as a boolean' : 'number (and 0644 as octal) as a number'}; quote the value (not shown: it is in a Secret)`
    else if (value) error.hint = `${where(at)}: YAML reads an unquoted ${value} as a ${bool ? 'boolean' : 'number'}; quote it (${JSON.stringify(value)}) where a string is meant`
    else error.hint = `${where(at)}: YAML reads unquoted ${bool ? 'yes, no, on, off, true and false as booleans' : 'numbers (and 0644 as octal) as numbers'}; quote the value where a string is meant`
  }
  return error
}
