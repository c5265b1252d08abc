// `kctl __complete WORDS… CUR`: cobra's dynamic-completion protocol (candidates, optionally `\tdescription`, then
// `:<directive>`). It loads neither oclif nor @kubernetes/client-node, answers from a short-lived cache or one
// bounded request, and never prints an error into the prompt.
// Builtins through getBuiltinModule: an ESM import of one materialises its whole namespace (fs.ReadStream loads
// streams, crypto loads webcrypto), a few ms of every TAB.
const fs = process.getBuiltinModule('node:fs') as typeof import('node:fs')
const path = process.getBuiltinModule('node:path') as typeof import('node:path')
const os = process.getBuiltinModule('node:os') as typeof import('node:os')
import {completionModel, topLevel, ENUMERATED_VALUES, FILE_FLAGS, DYNAMIC_FLAGS, TAINT_EFFECTS, type CompletionModel, type CompletionFlag} from './model.js'

/** cobra's ShellCompDirective bits. */
export const Directive = {Default: 0, Error: 1, NoSpace: 2, NoFileComp: 4} as const

/** What the command line says so far. */
export interface ParsedLine {
  cmd: string
  positionals: string[]
  /** Long name of a flag still waiting for its value (the current word is that value). */
  pending?: string
  flags: Record<string, string>
  cur: string
  /** `--flag=` when the current word carries its flag; as cobra does, candidates are the bare values. */
  curPrefix?: string
}

const LIVE_FLAG_FALLBACK: CompletionFlag[] = [...DYNAMIC_FLAGS].map((name) => ({name, takesValue: true, description: '', ...(name === 'namespace' ? {char: 'n'} : name === 'container' ? {char: 'c'} : {})}))

/** Walks the words as the shells do: command words, flags (and their values), positionals. */
export function parseLine(model: CompletionModel, words: string[]): ParsedLine {
  const cur = words.length > 0 ? words[words.length - 1] : ''
  let cmd = ''
  const positionals: string[] = []
  const flags: Record<string, string> = {}
  let pending: string | undefined
  const flagDefs = () => (model.commands.find((c) => c.id === cmd) ?? model.commands[0])?.flags ?? []
  const lookup = (w: string) => {
    const defs = flagDefs()
    const found = w.startsWith('--') ? defs.find((f) => f.name === w.slice(2)) : defs.find((f) => f.char === w.slice(1, 2))
    // Commands still missing from the manifest (logs, exec) keep kubectl's meaning of -c/-n and the dynamic flags.
    return found ?? LIVE_FLAG_FALLBACK.find((f) => (w.startsWith('--') ? f.name === w.slice(2) : f.char === w.slice(1, 2)))
  }
  for (let i = 0; i < words.length - 1; i++) {
    const w = words[i]
    if (pending) {
      flags[pending] = w
      pending = undefined
      continue
    }
    if (w === '--') break
    if (w.startsWith('-') && w.length > 1) {
      const eq = w.indexOf('=')
      const f = lookup(eq > 0 ? w.slice(0, eq) : w.slice(0, w.startsWith('--') ? undefined : 2))
      if (!f || !f.takesValue) continue
      if (eq > 0) flags[f.name] = w.slice(eq + 1)
      else if (!w.startsWith('--') && w.length > 2) flags[f.name] = w.slice(2)
      else pending = f.name
      continue
    }
    if (!cmd) {
      cmd = w
      continue
    }
    if (positionals.length === 0 && model.topics[cmd]?.subcommands.includes(w)) {
      cmd = `${cmd}:${w}`
      continue
    }
    positionals.push(w)
  }
  if (!pending && cur.startsWith('-') && cur.indexOf('=') > 1) {
    const eq = cur.indexOf('=')
    const f = lookup(cur.slice(0, eq))
    if (f?.takesValue) return {cmd, positionals, pending: f.name, flags, cur: cur.slice(eq + 1), curPrefix: cur.slice(0, eq + 1)}
  }
  return {cmd, positionals, pending, flags, cur}
}

/** What kind of live data a position wants. */
export type Want =
  | {kind: 'static'; values: string[]; directive: number}
  | {kind: 'types'}
  | {kind: 'names'; type: string; prefix?: string; suffix?: string; alsoFiles?: boolean}
  | {kind: 'namespaces'}
  | {kind: 'contexts' | 'clusters' | 'users'}
  | {kind: 'containers'; pod: string}
  | {kind: 'files'}
  | {kind: 'none'}

const RESOURCE_VERBS = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'patch', 'explain', 'scale', 'expose', 'rollout', 'set', 'autoscale'])
const POD_VERBS = new Set(['logs', 'exec', 'attach', 'port-forward'])
const NODE_VERBS = new Set(['cordon', 'uncordon', 'drain'])

/** Decides what to offer for the current word (pure). */
export function wantFor(model: CompletionModel, line: ParsedLine): Want {
  const {cmd, positionals, pending, cur} = line
  if (pending) {
    if (pending === 'namespace') return {kind: 'namespaces'}
    if (pending === 'context') return {kind: 'contexts'}
    if (pending === 'cluster') return {kind: 'clusters'}
    if (pending === 'user') return {kind: 'users'}
    if (pending === 'container') return positionals[0] ? {kind: 'containers', pod: positionals[0]} : {kind: 'none'}
    if (FILE_FLAGS.has(pending)) return {kind: 'files'}
    const def = model.commands.find((c) => c.id === cmd)?.flags.find((f) => f.name === pending)
    const values = def?.values ?? ENUMERATED_VALUES[pending]
    return values ? {kind: 'static', values, directive: Directive.NoFileComp} : {kind: 'none'}
  }
  if (cur.startsWith('-')) {
    const defs = (model.commands.find((c) => c.id === cmd) ?? model.commands[0])?.flags ?? []
    return {kind: 'static', values: defs.map((f) => `--${f.name}\t${f.description}`), directive: Directive.NoFileComp}
  }
  if (!cmd) return {kind: 'static', values: topLevel(model).map((t) => `${t.word}\t${t.summary}`), directive: Directive.NoFileComp}
  if (model.topics[cmd] && positionals.length === 0) {
    return {kind: 'static', values: model.topics[cmd].subcommands, directive: Directive.NoFileComp}
  }
  const n = positionals.length
  const verb = cmd.split(':')[0]
  if (RESOURCE_VERBS.has(verb) && !cmd.includes(':')) {
    if (n === 0) {
      const slash = cur.indexOf('/')
      return slash > 0 ? {kind: 'names', type: cur.slice(0, slash), prefix: `${cur.slice(0, slash)}/`} : {kind: 'types'}
    }
    if (positionals[0].includes('/')) return {kind: 'none'}
    return {kind: 'names', type: positionals[0].split(',')[0]}
  }
  if (POD_VERBS.has(verb)) {
    if (n === 0) return {kind: 'names', type: 'pods'}
    if (verb === 'logs' && n === 1) return {kind: 'containers', pod: positionals[0]}
    return {kind: 'none'}
  }
  // cp's other argument is a local path, so the shell may still complete files.
  if (verb === 'cp') return cur.includes(':') ? {kind: 'none'} : {kind: 'names', type: 'pods', suffix: ':', alsoFiles: true}
  if (NODE_VERBS.has(verb)) return {kind: 'names', type: 'nodes'}
  if (verb === 'taint' && n >= 2 && cur.includes(':')) {
    const head = cur.slice(0, cur.lastIndexOf(':') + 1)
    return {kind: 'static', values: TAINT_EFFECTS.map((e) => `${head}${e}`), directive: Directive.NoFileComp}
  }
  if (verb === 'taint') return n === 0 ? {kind: 'static', values: ['node', 'nodes'], directive: Directive.NoFileComp} : {kind: 'names', type: 'nodes'}
  if (verb === 'top') {
    // `top pod` is a command of its own once the manifest has it, a positional before that.
    const sub = cmd.split(':')[1] ?? positionals[0]
    const after = cmd.includes(':') ? n : n - 1
    if (!sub) return {kind: 'static', values: ['node', 'pod'], directive: Directive.NoFileComp}
    return after === 0 ? {kind: 'names', type: sub.startsWith('no') ? 'nodes' : 'pods'} : {kind: 'none'}
  }
  if (['config:use-context', 'config:delete-context', 'config:rename-context', 'config:set-context'].includes(cmd)) return n === 0 ? {kind: 'contexts'} : {kind: 'none'}
  if (cmd === 'config:delete-cluster') return {kind: 'clusters'}
  if (cmd === 'config:delete-user') return {kind: 'users'}
  if (cmd === 'completion') return n === 0 ? {kind: 'static', values: ['bash', 'zsh', 'fish'], directive: Directive.NoFileComp} : {kind: 'none'}
  return {kind: 'none'}
}

const CACHE_TTL_MS = 10_000

/** Directory of the name cache (0700): one small file per context/cluster/user/namespace/question. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.HOME ?? os.homedir(), '.kube', 'cache', 'kctl', 'complete')
}

// FNV-1a, twice with different offsets, names the file; the key inside the file decides a hit, so a collision is
// only a miss. (node:crypto alone costs more to load than a cache hit takes.)
function fileName(key: string): string {
  let a = 0x811c9dc5
  let b = 0x2166136
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193) >>> 0
    b = Math.imul(b ^ c, 0x01000193) >>> 0
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}.json`
}

function readCache(key: string): string[] | undefined {
  try {
    const c = JSON.parse(fs.readFileSync(path.join(cacheDir(), fileName(key)), 'utf8'))
    const age = Date.now() - c.at
    if (c.key === key && age >= 0 && age < CACHE_TTL_MS && Array.isArray(c.names)) return c.names
  } catch {
    // no cache
  }
  return undefined
}

function writeCache(key: string, names: string[]): void {
  try {
    const dir = cacheDir()
    fs.mkdirSync(dir, {recursive: true, mode: 0o700})
    fs.chmodSync(dir, 0o700)
    const file = path.join(dir, fileName(key))
    // Written aside and renamed: a TAB racing this one reads the old file or the new one, never half of one.
    const tmp = `${file}.${process.pid}.tmp`
    fs.writeFileSync(tmp, JSON.stringify({key, at: Date.now(), names}), {mode: 0o600})
    fs.renameSync(tmp, file)
  } catch {
    // completion must never fail on a read-only home
  }
}

/** Accept for name lists: metadata only where the server can (every kube-apiserver since 1.15), else whole objects. */
const NAMES_ACCEPT = 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json'

/** Live names for a Want, within one bounded request. */
async function liveValues(want: Want, line: ParsedLine): Promise<string[]> {
  const [{loadKubeconfig, resolveConnection}, {directCapable, DirectClient, UnverifiedServer, cachedResources, sessionKey}, {discoveryCacheFile, resolveResourceType}] = await Promise.all([import('../client/kubeconfig.js'), import('./direct.js'), import('../client/discovery.js')])
  const config = await loadKubeconfig(line.flags.kubeconfig)
  if (want.kind === 'contexts') return config.contexts.map((c) => c.name)
  if (want.kind === 'clusters') return config.clusters.map((c) => c.name)
  if (want.kind === 'users') return config.users.map((c) => c.name)
  const conn = resolveConnection(config, {context: line.flags.context, namespace: line.flags.namespace, cluster: line.flags.cluster, user: line.flags.user, server: line.flags.server})
  // A repeated TAB within the cache's lifetime needs neither a connection nor discovery.
  const key = JSON.stringify([config.files, conn.contextName, conn.clusterName, conn.server, conn.userName, conn.namespace, want])
  if (want.kind !== 'types') {
    const cached = readCache(key)
    if (cached) return cached
  }
  // The handshake starts now and overlaps reading the discovery cache; types come from that cache alone.
  let direct: import('./direct.js').DirectClient | undefined
  if (want.kind !== 'types' && directCapable(conn)) {
    const tlsKey = sessionKey(conn)
    direct = new DirectClient(conn, 1000, {file: path.join(cacheDir(), `tls-${fileName(tlsKey)}`), key: tlsKey})
  }
  let rest: import('../client/rest.js').RestClient | undefined
  const fullClient = async () => {
    const {RestClient} = await import('../client/rest.js')
    return (rest ??= new RestClient(conn, {verbosity: 0, requestTimeoutMs: 1000, commandName: 'kubectl __complete', warn: () => undefined, log: () => undefined, interactive: () => false}))
  }
  // Discovery only talks to the server when its cache is cold: only then is the full client loaded.
  const lazyRest = {
    request: async (r: any) => (await fullClient()).request(r),
    json: async (r: any) => (await fullClient()).json(r),
  } as unknown as import('../client/rest.js').RestClient
  const get = async (p: string, query: string, accept: string): Promise<any> => {
    if (direct) {
      try {
        return await direct.getJSON(`${p}${query}`, accept)
      } catch (error) {
        // A server the fast path cannot vouch for is asked again through the full client, which verifies with OpenSSL.
        if (!(error instanceof UnverifiedServer)) throw error
      }
    }
    return (await fullClient()).json({method: 'GET', path: `${p}${query}`, accept})
  }
  // discovery.js (and with it the REST client) loads only when its cache cannot answer.
  const discoveryFile = discoveryCacheFile(line.flags['cache-dir'], conn.server)
  const discovery = async () => {
    const {Discovery} = await import('../client/discovery.js')
    return new Discovery(lazyRest, discoveryFile)
  }
  try {
    if (want.kind === 'types') {
      const resources = cachedResources(discoveryFile) ?? (await (await discovery()).all()).resources
      const counts = new Map<string, number>()
      for (const r of resources) counts.set(r.resource, (counts.get(r.resource) ?? 0) + 1)
      return resources.filter((r) => r.verbs.includes('list') || r.verbs.length === 0)
        .map((r) => (counts.get(r.resource)! > 1 && r.group ? `${r.resource}.${r.group}` : r.resource)).sort()
    }
    let names: string[] = []
    if (want.kind === 'namespaces') {
      const list = await get('/api/v1/namespaces', '?limit=500', NAMES_ACCEPT)
      names = (list.items ?? []).map((i: any) => i.metadata.name)
    } else if (want.kind === 'containers') {
      const pod = await get(`/api/v1/namespaces/${encodeURIComponent(conn.namespace)}/pods/${encodeURIComponent(want.pod.replace(/^(pods?|po)\//, ''))}`, '', 'application/json')
      names = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c: any) => c.name)
    } else if (want.kind === 'names') {
      const cached = cachedResources(discoveryFile)
      const type = (cached && resolveResourceType(cached, want.type)) || (await (await discovery()).resolve(want.type))
      let p = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`
      if (type.namespaced) p += `/namespaces/${encodeURIComponent(conn.namespace)}`
      const list = await get(`${p}/${type.resource}`, '?limit=500', NAMES_ACCEPT)
      names = (list.items ?? []).map((i: any) => i.metadata.name)
    }
    writeCache(key, names)
    return names
  } finally {
    direct?.close()
    rest?.close()
  }
}

/**
 * The completion model: the one the build wrote beside this file (model.json; model-lite.json without descriptions,
 * a third of the size, whose commands are read only if the line needs a command's flags, the topics coming from
 * model-topics.json) when it is not older than the manifest; else derived from the manifest.
 */
export function loadModel(lite: boolean, root: URL = new URL('../../../', import.meta.url), dir: URL = new URL('./', import.meta.url)): CompletionModel {
  const manifestFile = new URL('oclif.manifest.json', root)
  const read = (name: string) => {
    const file = new URL(name, dir)
    return fs.statSync(file).mtimeMs >= manifestTime ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined
  }
  let manifestTime = Infinity
  try {
    manifestTime = fs.statSync(manifestFile).mtimeMs
    if (!lite) {
      const full = read('model.json')
      if (full) return full
    } else {
      const topics = read('model-topics.json')
      if (topics) {
        let commands: CompletionModel['commands'] | undefined
        return {
          topics,
          get commands() {
            return (commands ??= (read('model-lite.json') ?? completionModel(JSON.parse(fs.readFileSync(manifestFile, 'utf8')))).commands)
          },
        }
      }
    }
  } catch {
    // no prebuilt model: derive it
  }
  return completionModel(JSON.parse(fs.readFileSync(manifestFile, 'utf8')))
}

/** Entry of the fast path: prints candidates and the directive to stdout. */
export async function complete(words: string[], opts: {descriptions: boolean}): Promise<void> {
  let out = ''
  let directive: number = Directive.NoFileComp
  try {
    // Live words need only the command tree; the descriptions of static answers come from the full model.
    let model = loadModel(true)
    const line = parseLine(model, words.length === 0 ? [''] : words)
    let want = wantFor(model, line)
    if (want.kind === 'static' && opts.descriptions) {
      model = loadModel(false)
      want = wantFor(model, line)
    }
    let candidates: string[] = []
    if (want.kind === 'static') {
      candidates = want.values
      directive = want.directive
    } else if (want.kind === 'files') {
      directive = Directive.Default
    } else if (want.kind !== 'none') {
      const values = await Promise.race([
        liveValues(want, line),
        new Promise<string[]>((resolve) => setTimeout(() => resolve([]), 1500).unref()),
      ])
      const prefix = want.kind === 'names' ? want.prefix ?? '' : ''
      const suffix = want.kind === 'names' ? want.suffix ?? '' : ''
      candidates = values.map((v) => `${prefix}${v}${suffix}`)
      if (suffix) directive |= Directive.NoSpace
      if (want.kind === 'names' && want.alsoFiles) directive &= ~Directive.NoFileComp
    }
    const cur = line.cur
    candidates = candidates.filter((c) => c.startsWith(cur))
    out = candidates.map((c) => (opts.descriptions ? c : c.split('\t')[0])).map((c) => c.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')).join('\n')
  } catch {
    out = ''
    directive = Directive.NoFileComp
  }
  process.stdout.write(`${out}${out ? '\n' : ''}:${directive}\n`)
  process.exit(0)
}
