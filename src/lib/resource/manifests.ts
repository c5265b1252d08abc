// kubectl's resource builder, file half (-f FILE|DIR|URL|-, -R): reads manifests into objects, flattening multi-document
// YAML and List kinds, and remembers where each object came from (source + line) for error messages and hints.
import * as fs from 'node:fs'
import * as path from 'node:path'
import {KctlError} from '../cli/errors.js'
import {loadKubectlYaml} from './yaml.js'
import {inBlockScalar, looksLikeSecret, quoteLine, yamlSyntaxError} from './syntax-errors.js'

/** One object read from a manifest. */
export interface ManifestObject {
  object: any
  /** What kubectl calls the source in messages: the path as typed, the URL, or STDIN. */
  source: string
  /** 1-based line where the object's document starts. */
  line: number
}

/** kubectl's source name for stdin. */
export const STDIN_SOURCE = 'STDIN'
const EXTENSIONS = new Set(['.json', '.yaml', '.yml'])

/** Splits YAML text into documents with their first line (1-based); `---` lines separate. */
export function splitDocuments(text: string): {text: string; line: number}[] {
  const lines = text.split('\n')
  const docs: {text: string; line: number}[] = []
  let start = 0
  const flush = (end: number) => {
    const body = lines.slice(start, end).join('\n')
    if (body.trim() !== '' && !/^(\s*#.*|\s*)$/s.test(body.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n'))) docs.push({text: body, line: start + 1})
  }
  for (let i = 0; i < lines.length; i++) {
    if (/^---(\s.*)?$/.test(lines[i].replace(/\r$/, ''))) {
      flush(i)
      start = i + 1
    }
  }
  flush(lines.length)
  return docs
}

/** Parses manifest text (YAML or JSON, many documents, List kinds flattened) into objects; throws at the first error. */
export async function parseManifests(text: string, source: string): Promise<ManifestObject[]> {
  const {objects, error} = await parseManifestStream(text, source)
  if (error) throw error
  return objects
}

/**
 * kubectl's StreamVisitor: documents are decoded in order and the first bad one ends the stream, so what came before it
 * is still returned (kubectl's apply applies it, then reports the error).
 */
export async function parseManifestStream(text: string, source: string): Promise<{objects: ManifestObject[]; error?: KctlError}> {
  const yaml = await import('js-yaml')
  const out: ManifestObject[] = []
  const trimmed = text.trimStart()
  const docs = trimmed.startsWith('{') || trimmed.startsWith('[') ? [{text, line: 1 + (text.length - trimmed.length > 0 ? text.slice(0, text.length - trimmed.length).split('\n').length - 1 : 0)}] : splitDocuments(text)
  for (const doc of docs) {
    let obj: any
    try {
      obj = doc.text.trimStart().startsWith('{') ? JSON.parse(doc.text) : loadKubectlYaml(yaml, doc.text, `error parsing ${source}`)
    } catch (error: any) {
      if (error instanceof KctlError) return {objects: out, error}
      return {objects: out, error: syntaxError(error, doc, source)}
    }
    if (obj === null || obj === undefined) continue
    if (typeof obj !== 'object' || Array.isArray(obj)) return {objects: out, error: new KctlError(`error validating "${source}": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false`)}
    if (!obj.kind) return {objects: out, error: new KctlError(`unable to decode "${source}": Object 'Kind' is missing in '${JSON.stringify(obj)}'`)}
    if (/List$/.test(obj.kind) && Array.isArray(obj.items)) {
      for (const item of obj.items) out.push({object: item, source, line: doc.line})
    } else {
      out.push({object: obj, source, line: doc.line})
    }
  }
  return {objects: out}
}

/** kubectl's message for a document that does not parse, with kctl's hint: the file's line:column and the line itself. */
function syntaxError(error: any, doc: {text: string; line: number}, source: string): KctlError {
  const reason = error?.reason ?? error?.message ?? 'invalid YAML'
  if (error?.mark?.line === undefined) {
    return new KctlError(`error parsing ${source}: error converting YAML to JSON: yaml: line ${doc.line}: ${reason}`)
  }
  const e = yamlSyntaxError(doc.text, error.mark, reason)
  const lines = doc.text.split('\n')
  const quoted = quoteLine(lines[e.at.line] ?? '', looksLikeSecret(doc.text), inBlockScalar(lines, e.at.line))
  const hint = `${source}:${doc.line + e.at.line}:${e.at.column + 1}: ${e.reason}: ${quoted}`
  return new KctlError(`error parsing ${source}: error converting YAML to JSON: yaml: ${e.goMessage}`, {hint})
}

/** Expands -f values into files (directories: .json/.yaml/.yml only; sub-directories only with -R). */
export function expandPaths(filenames: string[], recursive: boolean): string[] {
  const files: string[] = []
  const walk = (dir: string, top: boolean) => {
    for (const entry of fs.readdirSync(dir, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        if (recursive) walk(full, false)
      } else if (EXTENSIONS.has(path.extname(entry.name))) files.push(full)
    }
    void top
  }
  for (const f of filenames) {
    if (f === '-' || /^https?:\/\//.test(f)) {
      files.push(f)
      continue
    }
    let st: fs.Stats
    try {
      st = fs.statSync(f)
    } catch {
      throw new KctlError(`the path "${f}" does not exist`)
    }
    if (st.isDirectory()) walk(f, true)
    else files.push(f)
  }
  return files
}

/** Reads every -f source into objects, in order; throws at the first error. */
export async function readManifests(filenames: string[], opts: {recursive?: boolean; stdin?: () => Promise<string>} = {}): Promise<ManifestObject[]> {
  const {objects, errors} = await readManifestStreams(filenames, opts)
  if (errors.length > 0) throw errors[0]
  return objects
}

/**
 * Every -f source as kubectl's builder reads them with ContinueOnError: a bad document ends its own file only, and the
 * objects read before it (in that file and the others) are returned beside the errors.
 */
export async function readManifestStreams(filenames: string[], opts: {recursive?: boolean; stdin?: () => Promise<string>} = {}): Promise<{objects: ManifestObject[]; errors: KctlError[]}> {
  const objects: ManifestObject[] = []
  const errors: KctlError[] = []
  for (const file of expandPaths(filenames.flatMap((f) => f.split(',')).filter((f) => f !== ''), Boolean(opts.recursive))) {
    let text: string
    let source = file
    if (file === '-') {
      source = STDIN_SOURCE
      text = opts.stdin ? await opts.stdin() : await readStream(process.stdin)
    } else if (/^https?:\/\//.test(file)) {
      text = await readUrl(file)
    } else {
      text = fs.readFileSync(file, 'utf8')
    }
    const parsed = await parseManifestStream(text, source)
    objects.push(...parsed.objects)
    if (parsed.error) errors.push(parsed.error)
  }
  return {objects, errors}
}

/** Reads a whole stream. */
export async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c))
  return Buffer.concat(chunks).toString('utf8')
}

async function readUrl(url: string): Promise<string> {
  // kubectl retries 3 times, 1 s apart, on transport errors and 5xx.
  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 1000))
    try {
      const res = await fetch(url)
      if (res.status >= 500) {
        lastError = new KctlError(`unable to read URL "${url}", server reported ${res.status} ${res.statusText}, status code=${res.status}`)
        continue
      }
      if (res.status !== 200) throw new KctlError(`unable to read URL "${url}", server reported ${res.status} ${res.statusText}, status code=${res.status}`)
      return await res.text()
    } catch (error) {
      if (error instanceof KctlError) throw error
      lastError = new KctlError(`unable to read URL "${url}": ${(error as Error).message}`)
    }
  }
  throw lastError
}
