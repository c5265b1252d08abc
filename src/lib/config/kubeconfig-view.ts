// `kctl config` reads the kubeconfig files itself instead of using the client's merged view: `config view` prints
// paths as written (the client resolves them) and writes must go back to the one file a value came from.
import * as fs from 'node:fs'
import * as path from 'node:path'
import {KctlError} from '../cli/errors.js'
import {kubeconfigFiles, readKubeconfigFile, writeFileAtomic} from '../client/kubeconfig.js'
import {tabwrite} from '../printers/tabwriter.js'

/** One kubeconfig file as read from disk (doc undefined when the file does not exist). */
export interface ConfigFile {
  file: string
  doc: any | undefined
}

/** The files kubectl reads, in precedence order, plus the explicit --kubeconfig (if any). */
export interface ConfigAccess {
  files: ConfigFile[]
  explicit?: string
}

type Kind = 'clusters' | 'users' | 'contexts'
const FIELD: Record<Kind, string> = {clusters: 'cluster', users: 'user', contexts: 'context'}

/** A merged kubeconfig in kubectl's shape: maps keyed by name (first file wins), values as written. */
export interface RawConfig {
  currentContext: string
  preferences: Record<string, unknown>
  clusters: Map<string, any>
  users: Map<string, any>
  contexts: Map<string, any>
  extensions?: unknown
}

/** Reads every kubeconfig file kubectl would read; a missing explicit file is an error. */
export async function readConfigAccess(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ConfigAccess> {
  const {files} = kubeconfigFiles(explicit, env)
  const out: ConfigFile[] = []
  for (const file of files) out.push({file, doc: await readKubeconfigFile(file, file === explicit)})
  return {files: out, explicit}
}

/** kubectl's merge: the first file to set a name or current-context wins; each entry keeps its own file's dir. */
export function mergeRaw(access: ConfigAccess): RawConfig & {sources: Record<Kind, Map<string, string>>} {
  const merged: RawConfig & {sources: Record<Kind, Map<string, string>>} = {
    currentContext: '', preferences: {}, clusters: new Map(), users: new Map(), contexts: new Map(),
    sources: {clusters: new Map(), users: new Map(), contexts: new Map()},
  }
  for (const {file, doc} of access.files) {
    if (!doc || typeof doc !== 'object') continue
    if (!merged.currentContext && typeof doc['current-context'] === 'string') merged.currentContext = doc['current-context']
    if (doc.preferences && typeof doc.preferences === 'object') {
      for (const [k, v] of Object.entries(doc.preferences)) if (!(k in merged.preferences)) merged.preferences[k] = v
    }
    if (merged.extensions === undefined && Array.isArray(doc.extensions) && doc.extensions.length > 0) merged.extensions = doc.extensions
    for (const kind of ['clusters', 'users', 'contexts'] as Kind[]) {
      for (const item of (Array.isArray(doc[kind]) ? doc[kind] : []) as any[]) {
        if (!item || typeof item.name !== 'string' || merged[kind].has(item.name)) continue
        merged[kind].set(item.name, item[FIELD[kind]] ?? {})
        merged.sources[kind].set(item.name, file)
      }
    }
  }
  return merged
}

const CLUSTER_FIELDS = ['server', 'tls-server-name', 'insecure-skip-tls-verify', 'certificate-authority', 'certificate-authority-data', 'proxy-url', 'disable-compression', 'extensions']
const USER_FIELDS = ['client-certificate', 'client-certificate-data', 'client-key', 'client-key-data', 'token', 'tokenFile', 'as', 'as-uid', 'as-groups', 'as-user-extra', 'username', 'password', 'auth-provider', 'exec', 'extensions']
const CONTEXT_FIELDS = ['cluster', 'user', 'namespace', 'extensions']
const ALWAYS = new Set(['server', 'cluster', 'user'])

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || v === false || v === 0 || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)
}

function pick(obj: any, fields: string[], always: Set<string> = ALWAYS): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of fields) {
    const v = obj?.[f]
    if (always.has(f)) out[f] = v ?? ''
    else if (!isEmpty(v)) out[f] = f === 'extensions' ? normalizeExtensions(v) : v
  }
  return out
}

function normalizeExtensions(v: any): any {
  return Array.isArray(v) ? v.map((e) => ({name: e?.name ?? '', extension: e?.extension ?? null})) : v
}

function normalizeExec(exec: any): Record<string, unknown> {
  // Go's ExecConfig marshals args/env/provideClusterInfo even when unset.
  const out: Record<string, unknown> = {command: exec?.command ?? '', args: exec?.args ?? null, env: exec?.env ?? null}
  if (exec?.apiVersion) out.apiVersion = exec.apiVersion
  if (exec?.installHint) out.installHint = exec.installHint
  out.provideClusterInfo = Boolean(exec?.provideClusterInfo)
  if (exec?.interactiveMode) out.interactiveMode = exec.interactiveMode
  return out
}

function normalizeUser(u: any): Record<string, unknown> {
  const out = pick(u, USER_FIELDS, new Set())
  if (out.exec) out.exec = normalizeExec(out.exec)
  return out
}

/** Options of `config view`. */
export interface ViewOptions {
  minify: boolean
  flatten: boolean
  raw: boolean
  /** --context: the context --minify keeps. */
  context?: string
}

/** The v1 Config object `config view` prints (kubectl's Go struct field order; YAML output sorts keys). */
export function viewConfig(access: ConfigAccess, opts: ViewOptions): any {
  const merged = mergeRaw(access)
  const sorted = (m: Map<string, any>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  let clusters = sorted(merged.clusters).map(([name, c]) => ({name, cluster: pick(c, CLUSTER_FIELDS)}))
  let users = sorted(merged.users).map(([name, u]) => ({name, user: normalizeUser(u)}))
  let contexts = sorted(merged.contexts).map(([name, c]) => ({name, context: pick(c, CONTEXT_FIELDS)}))
  let currentContext = merged.currentContext
  if (opts.minify) {
    const want = opts.context || currentContext
    if (!want) throw new KctlError('current-context must exist in order to minify')
    const ctx = contexts.find((c) => c.name === want)
    if (!ctx) throw new KctlError(`cannot locate context ${want}`)
    contexts = [ctx]
    clusters = clusters.filter((c) => c.name === ctx.context.cluster)
    users = users.filter((u) => u.name === ctx.context.user)
    currentContext = want
  }
  if (opts.flatten) {
    const dirOf = (kind: Kind, name: string) => path.dirname(path.resolve(merged.sources[kind].get(name) ?? '.'))
    for (const c of clusters) embed(c.cluster, 'certificate-authority', dirOf('clusters', c.name))
    for (const u of users) {
      embed(u.user, 'client-certificate', dirOf('users', u.name))
      embed(u.user, 'client-key', dirOf('users', u.name))
    }
  }
  if (!opts.raw && !opts.flatten) {
    for (const c of clusters) if (c.cluster['certificate-authority-data']) c.cluster['certificate-authority-data'] = 'DATA+OMITTED'
    for (const u of users) {
      for (const f of ['client-certificate-data', 'client-key-data']) if (u.user[f]) u.user[f] = 'DATA+OMITTED'
      for (const f of ['token', 'password']) if (u.user[f]) u.user[f] = 'REDACTED'
    }
  }
  const config: any = {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: pick(merged.preferences, ['colors', 'extensions'], new Set()),
    clusters: clusters.length ? clusters : null,
    users: users.length ? users : null,
    contexts: contexts.length ? contexts : null,
    'current-context': currentContext,
  }
  if (merged.extensions) config.extensions = normalizeExtensions(merged.extensions)
  return config
}

function embed(obj: Record<string, unknown>, field: string, dir: string): void {
  const file = obj[field]
  if (typeof file !== 'string' || file === '') return
  const full = path.isAbsolute(file) ? file : path.join(dir, file)
  let data: Buffer
  try {
    data = fs.readFileSync(full)
  } catch (error: any) {
    throw new KctlError(`open ${full}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}`)
  }
  delete obj[field]
  obj[`${field}-data`] = data.toString('base64')
  // Keep Go's field order: re-insert keys so *-data sits where the struct puts it.
  const order = field === 'certificate-authority' ? CLUSTER_FIELDS : USER_FIELDS
  const entries = Object.entries(obj).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
  for (const k of Object.keys(obj)) delete obj[k]
  for (const [k, v] of entries) obj[k] = v
}

/** Serialises a kubeconfig as kubectl writes/prints YAML: sorted keys, go-yaml quoting. */
export async function configYaml(obj: unknown): Promise<string> {
  const yaml = await import('js-yaml')
  return yaml.dump(obj, {sortKeys: true, lineWidth: -1, noRefs: true, quotingType: '"', indent: 2, noArrayIndent: true})
}

/** `config get-contexts`: the table (or names), and the names that were not found. */
export function getContexts(access: ConfigAccess, names: string[], output: string | undefined): {out: string; errors: string[]} {
  const merged = mergeRaw(access)
  const errors: string[] = []
  let selected = [...merged.contexts.keys()].sort()
  if (names.length > 0) {
    names = [...names].sort()
    selected = []
    for (const n of names) {
      if (merged.contexts.has(n)) selected.push(n)
      else errors.push(`context ${n} not found`)
    }
  }
  if (output === 'name') return {out: selected.map((n) => `${n}\n`).join(''), errors}
  const rows = [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']]
  for (const n of selected) {
    const c = merged.contexts.get(n) ?? {}
    rows.push([n === merged.currentContext ? '*' : '', n, c.cluster ?? '', c.user ?? '', c.namespace ?? ''])
  }
  return {out: tabwrite(rows.map((r) => r.join('\t')).join('\n') + '\n', {minwidth: 0}), errors}
}

/** `config get-clusters` / `get-users`: a NAME column over the merged names. */
export function listNames(access: ConfigAccess, kind: 'clusters' | 'users'): string {
  const names = [...mergeRaw(access)[kind].keys()].sort()
  return ['NAME', ...names].map((n) => `${n}\n`).join('')
}

/** The file kubectl writes new entries to: --kubeconfig, else the first existing file, else the last one. */
export function defaultFile(access: ConfigAccess): string {
  if (access.explicit) return access.explicit
  const existing = access.files.find((f) => f.doc !== undefined)
  return (existing ?? access.files[access.files.length - 1]).file
}

/** The file that defines a named entry (first wins), or undefined. */
export function fileDefining(access: ConfigAccess, kind: Kind, name: string): ConfigFile | undefined {
  return access.files.find((f) => Array.isArray(f.doc?.[kind]) && f.doc[kind].some((i: any) => i?.name === name))
}

/** A kubeconfig document normalised the way kubectl rewrites a file (v1 struct, sorted keys on output). */
export function normalizeFileDoc(doc: any): any {
  const list = (kind: Kind, norm: (v: any) => any) => {
    const items = (Array.isArray(doc?.[kind]) ? doc[kind] : []).filter((i: any) => i && typeof i.name === 'string')
    const seen = new Set<string>()
    const out: any[] = []
    for (const i of items) {
      if (seen.has(i.name)) continue
      seen.add(i.name)
      out.push({name: i.name, [FIELD[kind]]: norm(i[FIELD[kind]] ?? {})})
    }
    out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    return out.length ? out : null
  }
  const out: any = {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: pick(doc?.preferences ?? {}, ['colors', 'extensions'], new Set()),
    clusters: list('clusters', (c) => pick(c, CLUSTER_FIELDS)),
    users: list('users', normalizeUser),
    contexts: list('contexts', (c) => pick(c, CONTEXT_FIELDS)),
    'current-context': typeof doc?.['current-context'] === 'string' ? doc['current-context'] : '',
  }
  if (Array.isArray(doc?.extensions) && doc.extensions.length) out.extensions = normalizeExtensions(doc.extensions)
  return out
}

/** Writes one file back (atomic, mode kept, new files 0600). */
export async function saveFile(f: ConfigFile): Promise<void> {
  writeFileAtomic(f.file, await configYaml(normalizeFileDoc(f.doc ?? {})))
}

function ensureDoc(f: ConfigFile): any {
  if (!f.doc || typeof f.doc !== 'object') f.doc = {}
  return f.doc
}

function fileByName(access: ConfigAccess, file: string): ConfigFile {
  let f = access.files.find((x) => x.file === file)
  if (!f) {
    f = {file, doc: undefined}
    access.files.push(f)
  }
  return f
}

/** `config use-context NAME`. */
export async function useContext(access: ConfigAccess, name: string): Promise<string> {
  if (!mergeRaw(access).contexts.has(name)) throw new KctlError(`no context exists with the name: "${name}"`)
  const f = fileByName(access, defaultFile(access))
  ensureDoc(f)['current-context'] = name
  await saveFile(f)
  return `Switched to context "${name}".\n`
}

/** Upserts a named entry: modified in the file that defines it, created in the default file. */
async function upsert(access: ConfigAccess, kind: Kind, name: string, change: (value: any) => void): Promise<boolean> {
  const existing = fileDefining(access, kind, name)
  const f = existing ?? fileByName(access, defaultFile(access))
  const doc = ensureDoc(f)
  if (!Array.isArray(doc[kind])) doc[kind] = []
  let item = doc[kind].find((i: any) => i?.name === name)
  if (!item) {
    item = {name, [FIELD[kind]]: {}}
    doc[kind].push(item)
  }
  if (!item[FIELD[kind]] || typeof item[FIELD[kind]] !== 'object') item[FIELD[kind]] = {}
  change(item[FIELD[kind]])
  await saveFile(f)
  return existing !== undefined
}

/** `config set-context [NAME | --current] --cluster --user --namespace`. */
export async function setContext(access: ConfigAccess, name: string | undefined, current: boolean, values: {cluster?: string; user?: string; namespace?: string}): Promise<string> {
  let target = name
  if (current) {
    if (name) throw new KctlError('you cannot specify both a context name and --current')
    target = mergeRaw(access).currentContext
    if (!target) throw new KctlError('no current context is set')
  }
  if (!target) throw new KctlError('you must specify a non-empty context name or --current')
  const existed = await upsert(access, 'contexts', target, (c) => {
    if (values.cluster !== undefined) c.cluster = values.cluster
    if (values.user !== undefined) c.user = values.user
    if (values.namespace !== undefined) c.namespace = values.namespace
  })
  return `Context "${target}" ${existed ? 'modified' : 'created'}.\n`
}

/** `config set-cluster NAME --server ...`. */
export async function setCluster(access: ConfigAccess, name: string, values: {server?: string; certificateAuthority?: string; embedCerts?: boolean; insecureSkipTlsVerify?: boolean; tlsServerName?: string; proxyUrl?: string}): Promise<string> {
  let caData: string | undefined
  if (values.certificateAuthority !== undefined && values.embedCerts) {
    try {
      caData = fs.readFileSync(values.certificateAuthority).toString('base64')
    } catch (error: any) {
      throw new KctlError(`could not read certificate-authority data from ${values.certificateAuthority}: open ${values.certificateAuthority}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}`)
    }
  }
  const existed = await upsert(access, 'clusters', name, (c) => {
    if (values.server !== undefined) c.server = values.server
    if (values.tlsServerName !== undefined) c['tls-server-name'] = values.tlsServerName
    if (values.proxyUrl !== undefined) c['proxy-url'] = values.proxyUrl
    if (values.insecureSkipTlsVerify !== undefined) {
      c['insecure-skip-tls-verify'] = values.insecureSkipTlsVerify
      // kubectl drops the CA when verification is turned off.
      if (values.insecureSkipTlsVerify) {
        delete c['certificate-authority']
        delete c['certificate-authority-data']
      }
    }
    if (caData !== undefined) {
      c['certificate-authority-data'] = caData
      delete c['certificate-authority']
    } else if (values.certificateAuthority !== undefined) {
      c['certificate-authority'] = path.resolve(values.certificateAuthority)
      delete c['certificate-authority-data']
      delete c['insecure-skip-tls-verify']
    }
  })
  void existed
  return `Cluster "${name}" set.\n`
}

/** `config set-credentials NAME --token ... | --client-certificate ... | --username/--password`. */
export async function setCredentials(access: ConfigAccess, name: string, values: {token?: string; username?: string; password?: string; clientCertificate?: string; clientKey?: string; embedCerts?: boolean}): Promise<string> {
  const read = (file: string, what: string) => {
    try {
      return fs.readFileSync(file).toString('base64')
    } catch (error: any) {
      throw new KctlError(`error reading ${what} data from ${file}: open ${file}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}`)
    }
  }
  const certData = values.clientCertificate !== undefined && values.embedCerts ? read(values.clientCertificate, 'client-certificate') : undefined
  const keyData = values.clientKey !== undefined && values.embedCerts ? read(values.clientKey, 'client-key') : undefined
  const existed = await upsert(access, 'users', name, (u) => {
    // A token and basic auth exclude each other: setting one clears the other.
    if (values.token !== undefined) {
      u.token = values.token
      delete u.username
      delete u.password
    }
    if (values.username !== undefined || values.password !== undefined) {
      if (values.username !== undefined) u.username = values.username
      if (values.password !== undefined) u.password = values.password
      delete u.token
      delete u.tokenFile
    }
    if (certData !== undefined) {
      u['client-certificate-data'] = certData
      delete u['client-certificate']
    } else if (values.clientCertificate !== undefined) {
      u['client-certificate'] = path.resolve(values.clientCertificate)
      delete u['client-certificate-data']
    }
    if (keyData !== undefined) {
      u['client-key-data'] = keyData
      delete u['client-key']
    } else if (values.clientKey !== undefined) {
      u['client-key'] = path.resolve(values.clientKey)
      delete u['client-key-data']
    }
  })
  void existed
  return `User "${name}" set.\n`
}

/** `config delete-context|delete-cluster|delete-user NAME`: removed from the file that defines it. */
export async function deleteEntry(access: ConfigAccess, kind: Kind, name: string): Promise<{out: string; warning?: string}> {
  const merged = mergeRaw(access)
  const f = fileDefining(access, kind, name)
  const word = FIELD[kind]
  const fileLabel = defaultFile(access)
  if (!f) {
    if (kind === 'contexts') throw new KctlError(`cannot delete context ${name}, not in ${fileLabel}`)
    throw new KctlError(`cannot delete ${word} ${name}, not in ${fileLabel}`)
  }
  f.doc[kind] = f.doc[kind].filter((i: any) => i?.name !== name)
  await saveFile(f)
  // kubectl names the default file here, whichever file held the entry.
  const out = kind === 'contexts' ? `deleted context ${name} from ${fileLabel}\n` : `deleted ${word} ${name} from ${fileLabel}\n`
  const warning = kind === 'contexts' && merged.currentContext === name ? 'warning: this removed your active context, use "kubectl config use-context" to select a different one\n' : undefined
  return {out, warning}
}

/** `config rename-context OLD NEW`. */
export async function renameContext(access: ConfigAccess, from: string, to: string): Promise<string> {
  const f = fileDefining(access, 'contexts', from)
  if (!f) throw new KctlError(`cannot rename the context "${from}", it's not in ${defaultFile(access)}`)
  if (mergeRaw(access).contexts.has(to)) throw new KctlError(`cannot rename the context "${from}", the context "${to}" already exists in ${f.file}`)
  const wasCurrent = mergeRaw(access).currentContext === from
  for (const i of f.doc.contexts) if (i?.name === from) i.name = to
  await saveFile(f)
  if (wasCurrent) {
    const target = fileByName(access, defaultFile(access))
    ensureDoc(target)['current-context'] = to
    await saveFile(target)
  }
  return `Context "${from}" renamed to "${to}".\n`
}

/** `config current-context`. */
export function currentContext(access: ConfigAccess): string {
  const c = mergeRaw(access).currentContext
  if (!c) throw new KctlError('current-context is not set')
  return `${c}\n`
}
