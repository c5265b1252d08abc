// The client side of `kctl sandbox`: it starts the embedded cluster as its own process (dist/sandbox/main.js) and
// meets it only through that process's endpoint.json and HTTPS; it never imports sandbox code.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {KctlError} from '../cli/errors.js'
import {kubeconfigFiles, writeFileAtomic} from '../client/kubeconfig.js'

/** Options shared by the sandbox verbs. */
export interface SandboxOptions {
  name: string
  dataDir?: string
  kubeconfig?: string
}

/** Options of `kctl sandbox start`. */
export interface StartOptions extends SandboxOptions {
  port: number
  nodes: number
  kubernetesVersion: string
  foreground: boolean
  waitSeconds: number
}

/** What the sandbox process writes once it serves. */
export interface Endpoint {
  pid: number
  server: string
  version: string
  caData: string
  clientCertificateData: string
  clientKeyData: string
  token: string
  isolation?: string
  nodes?: number
}

/** Where a sandbox keeps its data: --data-dir, else ~/.kctl/sandboxes/NAME. */
export function sandboxDataDir(opts: SandboxOptions, env: NodeJS.ProcessEnv = process.env): string {
  if (opts.dataDir) return path.resolve(opts.dataDir)
  return path.join(env.HOME ?? os.homedir(), '.kctl', 'sandboxes', opts.name)
}

/** The kubeconfig entry name for a sandbox, as kind's `kind-NAME`. */
export function contextName(name: string): string {
  return `kctl-${name}`
}

/** Validates a sandbox name (it becomes a directory and kubeconfig names). */
export function checkName(name: string): void {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    throw new KctlError(`invalid sandbox name "${name}": must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`)
  }
}

function readEndpoint(dir: string): Endpoint | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'endpoint.json'), 'utf8')) as Endpoint
  } catch {
    return undefined
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error: any) {
    return error.code === 'EPERM'
  }
}

/** The running sandbox's endpoint, or undefined when it is not running. */
export function runningEndpoint(dir: string): Endpoint | undefined {
  const ep = readEndpoint(dir)
  return ep && alive(ep.pid) ? ep : undefined
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Starts the sandbox (unless running) and points the kubeconfig at it. Returns the lines to print. */
export async function startSandbox(opts: StartOptions, write: (s: string) => void): Promise<void> {
  checkName(opts.name)
  const dir = sandboxDataDir(opts)
  const existing = runningEndpoint(dir)
  if (existing) {
    write(`sandbox "${opts.name}" is already running at ${existing.server} (pid ${existing.pid}); nothing changed\n`)
    return
  }
  fs.mkdirSync(dir, {recursive: true, mode: 0o700})
  fs.chmodSync(dir, 0o700)
  try {
    fs.unlinkSync(path.join(dir, 'endpoint.json'))
  } catch {
    // not there
  }
  write(`Starting sandbox "${opts.name}" (Kubernetes ${opts.kubernetesVersion}, ${opts.nodes} node${opts.nodes === 1 ? '' : 's'}) ...\n`)
  const main = fileURLToPath(new URL('../../sandbox/main.js', import.meta.url))
  const args = [main, '--data-dir', dir, '--port', String(opts.port), '--nodes', String(opts.nodes), '--kubernetes-version', opts.kubernetesVersion, '--name', opts.name]
  const outFd = fs.openSync(path.join(dir, 'sandbox.out'), 'a', 0o600)
  const child = spawn(process.execPath, args, {detached: !opts.foreground, stdio: opts.foreground ? 'inherit' : ['ignore', outFd, outFd]})
  fs.closeSync(outFd)
  let exited: number | null = null
  child.on('exit', (code) => {
    exited = code ?? 1
  })
  const deadline = Date.now() + opts.waitSeconds * 1000
  let ep: Endpoint | undefined
  while (!(ep = readEndpoint(dir)) || ep.pid !== child.pid) {
    if (exited !== null) throw new KctlError(`sandbox "${opts.name}" exited with code ${exited} before it was ready; see ${path.join(dir, 'sandbox.out')}`)
    if (Date.now() > deadline) {
      child.kill('SIGTERM')
      throw new KctlError(`sandbox "${opts.name}" did not become ready within ${opts.waitSeconds}s; see ${path.join(dir, 'sandbox.out')}`)
    }
    await sleep(50)
  }
  const file = await writeSandboxKubeconfig(opts, ep)
  write(`Set kubectl context to "${contextName(opts.name)}" in ${file}\n`)
  write(`You can now use your cluster with:\n\nkctl cluster-info --context ${contextName(opts.name)}\n`)
  if (opts.foreground) {
    await new Promise<void>((resolve) => {
      if (exited !== null) return resolve()
      child.on('exit', () => resolve())
      const stop = () => child.kill('SIGTERM')
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
  } else {
    child.unref()
  }
}

/** Adds or replaces the sandbox's cluster, user and context and makes the context current (other entries untouched). */
export async function writeSandboxKubeconfig(opts: SandboxOptions, ep: Endpoint): Promise<string> {
  const file = kubeconfigFiles(opts.kubeconfig).primary
  const yaml = await import('js-yaml')
  let doc: any = {}
  try {
    doc = yaml.load(fs.readFileSync(file, 'utf8')) ?? {}
  } catch (error: any) {
    if (error.code !== 'ENOENT') throw new KctlError(`error loading config file "${file}": ${error.message}`)
  }
  const name = contextName(opts.name)
  const upsert = (list: string, entry: any) => {
    const items: any[] = Array.isArray(doc[list]) ? doc[list] : []
    const i = items.findIndex((e) => e?.name === name)
    if (i >= 0) items[i] = entry
    else items.push(entry)
    doc[list] = items
  }
  doc.apiVersion ??= 'v1'
  doc.kind ??= 'Config'
  doc.preferences ??= {}
  upsert('clusters', {cluster: {'certificate-authority-data': ep.caData, server: ep.server}, name})
  upsert('users', {name, user: {'client-certificate-data': ep.clientCertificateData, 'client-key-data': ep.clientKeyData}})
  upsert('contexts', {context: {cluster: name, user: name}, name})
  doc['current-context'] = name
  writeFileAtomic(file, yaml.dump(doc, {lineWidth: -1, noRefs: true}))
  return file
}

/** Removes only the sandbox's own kubeconfig entries. */
export async function removeSandboxKubeconfig(opts: SandboxOptions): Promise<void> {
  const file = kubeconfigFiles(opts.kubeconfig).primary
  const yaml = await import('js-yaml')
  let doc: any
  try {
    doc = yaml.load(fs.readFileSync(file, 'utf8')) ?? {}
  } catch {
    return
  }
  const name = contextName(opts.name)
  for (const list of ['clusters', 'users', 'contexts']) {
    if (Array.isArray(doc[list])) doc[list] = doc[list].filter((e: any) => e?.name !== name)
  }
  if (doc['current-context'] === name) doc['current-context'] = ''
  writeFileAtomic(file, yaml.dump(doc, {lineWidth: -1, noRefs: true}))
}

/** Stops a running sandbox (SIGTERM, then SIGKILL after 10 s). */
export async function stopSandbox(opts: SandboxOptions, write: (s: string) => void): Promise<void> {
  const dir = sandboxDataDir(opts)
  const ep = runningEndpoint(dir)
  if (!ep) {
    write(`sandbox "${opts.name}" is not running\n`)
    return
  }
  process.kill(ep.pid, 'SIGTERM')
  const deadline = Date.now() + 10000
  while (alive(ep.pid) && Date.now() < deadline) await sleep(50)
  if (alive(ep.pid)) process.kill(ep.pid, 'SIGKILL')
  write(`sandbox "${opts.name}" stopped\n`)
}

/** `kctl sandbox status` text. */
export function sandboxStatus(opts: SandboxOptions): string {
  const dir = sandboxDataDir(opts)
  const ep = runningEndpoint(dir)
  if (!ep) return `sandbox "${opts.name}": stopped (data: ${fs.existsSync(dir) ? dir : 'none'})\n`
  return [
    `sandbox "${opts.name}": running`,
    `  server:     ${ep.server}`,
    `  version:    ${ep.version}`,
    `  pid:        ${ep.pid}`,
    `  context:    ${contextName(opts.name)}`,
    `  data:       ${dir}`,
    `  containers: ${ep.isolation === 'bubblewrap' ? 'bubblewrap (each container confined to its own root)' : ep.isolation ? `${ep.isolation} (plain processes in per-container directories; install bubblewrap to confine them)` : 'unknown'}`,
    '',
  ].join('\n')
}

/** Stops the sandbox, removes its data and its kubeconfig entries. */
export async function deleteSandbox(opts: SandboxOptions, write: (s: string) => void): Promise<void> {
  const dir = sandboxDataDir(opts)
  if (runningEndpoint(dir)) await stopSandbox(opts, () => undefined)
  fs.rmSync(dir, {recursive: true, force: true})
  await removeSandboxKubeconfig(opts)
  write(`Deleted sandbox "${opts.name}"\n`)
}

/** The server's request log (credentials are masked by the server when it writes it). */
export function sandboxLogs(opts: SandboxOptions): string {
  const file = path.join(sandboxDataDir(opts), 'server.log')
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    throw new KctlError(`no logs for sandbox "${opts.name}" (${file} does not exist)`)
  }
}
