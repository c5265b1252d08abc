// Kubeconfig loading with kubectl's (clientcmd) rules. client-node's own loader throws on duplicate names and lets
// later files win; kubectl lets the FIRST file that sets a value or map key win, so kctl merges by hand.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {ConnectionError, KctlError} from '../cli/errors.js'
import {parseYamlLite} from './yaml-lite.js'

/** One named entry of a kubeconfig list (clusters, users, contexts), with the file it came from. */
export interface NamedEntry<T> {
  name: string
  value: T
  file: string
}

/** The cluster stanza. */
export interface ClusterConfig {
  server?: string
  'certificate-authority'?: string
  'certificate-authority-data'?: string
  'insecure-skip-tls-verify'?: boolean
  'tls-server-name'?: string
  'proxy-url'?: string
  'disable-compression'?: boolean
  [key: string]: unknown
}

/** The exec credential plugin stanza. */
export interface ExecConfig {
  command: string
  args?: string[]
  env?: {name: string; value: string}[] | null
  apiVersion?: string
  installHint?: string
  provideClusterInfo?: boolean
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always'
}

/** The user (AuthInfo) stanza. */
export interface UserConfig {
  token?: string
  tokenFile?: string
  'client-certificate'?: string
  'client-certificate-data'?: string
  'client-key'?: string
  'client-key-data'?: string
  username?: string
  password?: string
  exec?: ExecConfig
  'auth-provider'?: {name: string; config?: Record<string, string>}
  as?: string
  [key: string]: unknown
}

/** The context stanza. */
export interface ContextConfig {
  cluster?: string
  user?: string
  namespace?: string
  [key: string]: unknown
}

/** All kubeconfig files merged with kubectl's precedence. */
export interface MergedKubeconfig {
  files: string[]
  /** The file new entries go to: --kubeconfig, else the first KUBECONFIG file, else ~/.kube/config. */
  primaryFile: string
  currentContext: string
  currentContextFile?: string
  clusters: NamedEntry<ClusterConfig>[]
  users: NamedEntry<UserConfig>[]
  contexts: NamedEntry<ContextConfig>[]
  preferences: Record<string, unknown>
}

/** Which files to read: --kubeconfig alone, else every KUBECONFIG entry, else ~/.kube/config. */
export function kubeconfigFiles(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): {files: string[]; primary: string} {
  if (explicit) return {files: [explicit], primary: explicit}
  const list = (env.KUBECONFIG ?? '').split(path.delimiter).filter((f) => f !== '')
  const unique = [...new Set(list)]
  const home = path.join(env.HOME ?? os.homedir(), '.kube', 'config')
  if (unique.length > 0) return {files: unique, primary: unique[0]}
  return {files: [home], primary: home}
}

/** Parsed content of one kubeconfig file (the raw object), or undefined when the file does not exist. */
export async function readKubeconfigFile(file: string, mustExist: boolean): Promise<any | undefined> {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error: any) {
    if (error.code === 'ENOENT') {
      if (mustExist) throw new KctlError(`stat ${file}: no such file or directory`)
      return undefined
    }
    throw error
  }
  // Most kubeconfigs are in the block-style subset parseYamlLite reads; anything else (or anything it doubts) is js-yaml's.
  const lite = parseYamlLite(text)
  if (lite !== undefined) return lite
  const yaml = await import('js-yaml')
  try {
    const doc = yaml.load(text)
    return doc ?? {}
  } catch (error: any) {
    throw new KctlError(`error loading config file "${file}": ${error.reason ?? error.message}`)
  }
}

/** Merges parsed kubeconfig documents in order: the first to set a map key or current-context wins. */
export function mergeKubeconfigs(docs: {file: string; doc: any}[], primaryFile: string): MergedKubeconfig {
  const merged: MergedKubeconfig = {files: docs.map((d) => d.file), primaryFile, currentContext: '', clusters: [], users: [], contexts: [], preferences: {}}
  const seen = {clusters: new Set<string>(), users: new Set<string>(), contexts: new Set<string>()}
  for (const {file, doc} of docs) {
    if (!doc || typeof doc !== 'object') continue
    if (!merged.currentContext && typeof doc['current-context'] === 'string' && doc['current-context'] !== '') {
      merged.currentContext = doc['current-context']
      merged.currentContextFile = file
    }
    if (doc.preferences && typeof doc.preferences === 'object') {
      for (const [k, v] of Object.entries(doc.preferences)) if (!(k in merged.preferences)) merged.preferences[k] = v
    }
    const lists: [keyof typeof seen, string][] = [['clusters', 'cluster'], ['users', 'user'], ['contexts', 'context']]
    for (const [list, field] of lists) {
      for (const item of (doc[list] ?? []) as any[]) {
        if (!item || typeof item.name !== 'string' || seen[list].has(item.name)) continue
        seen[list].add(item.name)
        const value = resolveRelativePaths({...(item[field] ?? {})}, path.dirname(path.resolve(file)));
        (merged[list] as NamedEntry<any>[]).push({name: item.name, value, file})
      }
    }
  }
  return merged
}

const PATH_FIELDS = ['certificate-authority', 'client-certificate', 'client-key', 'tokenFile']

function resolveRelativePaths(value: Record<string, any>, dir: string): Record<string, any> {
  for (const field of PATH_FIELDS) {
    if (typeof value[field] === 'string' && value[field] !== '' && !path.isAbsolute(value[field])) {
      value[field] = path.join(dir, value[field])
    }
  }
  if (value.exec && typeof value.exec.command === 'string' && value.exec.command.includes('/') && !path.isAbsolute(value.exec.command)) {
    value.exec = {...value.exec, command: path.join(dir, value.exec.command)}
  }
  return value
}

/** Reads and merges the kubeconfig files kubectl would read. */
export async function loadKubeconfig(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<MergedKubeconfig> {
  const {files, primary} = kubeconfigFiles(explicit, env)
  const docs: {file: string; doc: any}[] = []
  for (const file of files) {
    const doc = await readKubeconfigFile(file, file === explicit)
    if (doc !== undefined) docs.push({file, doc})
  }
  return mergeKubeconfigs(docs, primary)
}

/** Command-line overrides of the kubeconfig (kubectl's global flags). */
export interface ConnectionOverrides {
  context?: string
  cluster?: string
  user?: string
  namespace?: string
  server?: string
  token?: string
  certificateAuthority?: string
  clientCertificate?: string
  clientKey?: string
  insecureSkipTlsVerify?: boolean
  tlsServerName?: string
  username?: string
  password?: string
}

/** Everything needed to talk to one API server as one user. */
export interface Connection {
  contextName: string
  clusterName: string
  userName: string
  server: string
  namespace: string
  /** True when the namespace came from a flag or the context, not the default. */
  namespaceExplicit: boolean
  caData?: Buffer
  insecureSkipTlsVerify: boolean
  tlsServerName?: string
  proxyUrl?: string
  certData?: Buffer
  keyData?: Buffer
  token?: string
  tokenFile?: string
  username?: string
  password?: string
  exec?: ExecConfig
  authProvider?: {name: string; config?: Record<string, string>}
  /** The raw cluster stanza, for exec plugins' KUBERNETES_EXEC_INFO. */
  cluster: ClusterConfig
}

/** Applies kubectl's precedence (flags, then context, then defaults) to pick the connection. */
export function resolveConnection(config: MergedKubeconfig, o: ConnectionOverrides): Connection {
  const contextName = o.context ?? config.currentContext
  const contextEntry = config.contexts.find((c) => c.name === contextName)
  if (o.context && !contextEntry) throw new KctlError(`context was not found for specified context: ${o.context}`)
  const context = contextEntry?.value ?? {}
  const clusterName = o.cluster ?? context.cluster ?? ''
  const userName = o.user ?? context.user ?? ''
  const clusterEntry = config.clusters.find((c) => c.name === clusterName)
  if (o.cluster && !clusterEntry) throw new KctlError(`cluster "${o.cluster}" does not exist`)
  const userEntry = config.users.find((u) => u.name === userName)
  if (o.user && !userEntry) throw new KctlError(`auth info "${o.user}" does not exist`)
  const cluster: ClusterConfig = {...(clusterEntry?.value ?? {})}
  const user: UserConfig = {...(userEntry?.value ?? {})}
  const server = o.server ?? cluster.server ?? ''
  if (!server) {
    // kubectl's message when nothing is configured at all.
    throw new ConnectionError('The connection to the server localhost:8080 was refused - did you specify the right host or port?')
  }
  const readFile = (file: string): Buffer => {
    try {
      return fs.readFileSync(file)
    } catch (error: any) {
      throw new KctlError(`unable to read file ${file}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}`)
    }
  }
  const caFile = o.certificateAuthority ?? cluster['certificate-authority']
  const certFile = o.clientCertificate ?? user['client-certificate']
  const keyFile = o.clientKey ?? user['client-key']
  const caData = o.certificateAuthority ? readFile(o.certificateAuthority)
    : cluster['certificate-authority-data'] ? Buffer.from(cluster['certificate-authority-data'], 'base64')
      : caFile ? readFile(caFile) : undefined
  const hasFlagCreds = o.token !== undefined || o.clientCertificate !== undefined || o.username !== undefined
  const namespace = o.namespace ?? context.namespace
  return {
    contextName,
    clusterName,
    userName,
    server,
    namespace: namespace || 'default',
    namespaceExplicit: Boolean(namespace),
    caData,
    insecureSkipTlsVerify: o.insecureSkipTlsVerify ?? cluster['insecure-skip-tls-verify'] === true,
    tlsServerName: o.tlsServerName ?? cluster['tls-server-name'],
    proxyUrl: cluster['proxy-url'],
    certData: o.clientCertificate ? readFile(o.clientCertificate)
      : user['client-certificate-data'] ? Buffer.from(user['client-certificate-data'], 'base64')
        : certFile ? readFile(certFile) : undefined,
    keyData: o.clientKey ? readFile(o.clientKey)
      : user['client-key-data'] ? Buffer.from(user['client-key-data'], 'base64')
        : keyFile ? readFile(keyFile) : undefined,
    token: o.token ?? (hasFlagCreds ? undefined : user.token),
    tokenFile: hasFlagCreds ? undefined : user.tokenFile,
    username: o.username ?? (hasFlagCreds ? undefined : user.username),
    password: o.password ?? (hasFlagCreds ? undefined : user.password),
    exec: hasFlagCreds ? undefined : user.exec,
    authProvider: hasFlagCreds ? undefined : user['auth-provider'],
    cluster,
  }
}

/** Writes a file atomically (temp file + rename), keeping an existing file's mode; new files get 0600. */
export function writeFileAtomic(file: string, content: string): void {
  let mode = 0o600
  try {
    mode = fs.statSync(file).mode & 0o777
  } catch {
    fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o755})
  }
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`)
  fs.writeFileSync(tmp, content, {mode})
  fs.chmodSync(tmp, mode)
  fs.renameSync(tmp, file)
}
