// Test fixture for the sandbox core: starts `node dist/sandbox/main.js` on a temp data dir, writes a kubeconfig
// from endpoint.json, and runs real kubectl or raw HTTPS requests against it.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import https from 'node:https'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

/** Repository root (tests run from it). */
export const ROOT = resolve(process.cwd())
const MAIN = join(ROOT, 'dist', 'sandbox', 'main.js')

/** Whether real kubectl is on PATH; when missing, tests skip with a printed reason (and fail on CI). */
export function kubectlAvailable(): boolean {
  const r = spawnSync('kubectl', ['version', '--client'], {encoding: 'utf8'})
  const ok = r.status === 0
  if (!ok) {
    if (process.env.CI === 'true') throw new Error('kubectl is required on CI but was not found on PATH')
    process.stdout.write('skipping: kubectl not found on PATH\n')
  }
  return ok
}

/** endpoint.json as the sandbox writes it. */
export interface Endpoint {
  pid: number
  server: string
  version: string
  caData: string
  clientCertificateData: string
  clientKeyData: string
  token: string
}

/** Result of a command. */
export interface RunResult {
  stdout: string
  stderr: string
  code: number
}

/** A running sandbox process under test. */
export class Sandbox {
  proc?: ChildProcess
  endpoint!: Endpoint
  private agent?: https.Agent
  readonly dataDir: string
  readonly home: string
  readonly kubeconfig: string

  constructor(readonly dir: string, readonly args: string[]) {
    this.dataDir = join(dir, 'data')
    this.home = join(dir, 'home')
    this.kubeconfig = join(dir, 'kubeconfig')
    mkdirSync(this.home, {recursive: true})
  }

  /** Starts the process and waits for endpoint.json. */
  async start(): Promise<void> {
    const file = join(this.dataDir, 'endpoint.json')
    rmSync(file, {force: true})
    this.proc = spawn(process.execPath, [MAIN, '--data-dir', this.dataDir, ...this.args], {stdio: ['ignore', 'ignore', 'pipe']})
    let stderr = ''
    this.proc.stderr!.on('data', (d) => (stderr += d))
    const deadline = Date.now() + 60_000
    while (!existsSync(file)) {
      if (this.proc.exitCode !== null) throw new Error(`sandbox exited with ${this.proc.exitCode}: ${stderr}`)
      if (Date.now() > deadline) throw new Error(`sandbox did not become ready: ${stderr}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    this.endpoint = JSON.parse(readFileSync(file, 'utf8'))
    this.agent?.destroy()
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: 64,
      ca: Buffer.from(this.endpoint.caData, 'base64'),
      cert: Buffer.from(this.endpoint.clientCertificateData, 'base64'),
      key: Buffer.from(this.endpoint.clientKeyData, 'base64'),
    })
    writeFileSync(
      this.kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- cluster:',
        `    certificate-authority-data: ${this.endpoint.caData}`,
        `    server: ${this.endpoint.server}`,
        '  name: sb',
        'users:',
        '- name: sb',
        '  user:',
        `    client-certificate-data: ${this.endpoint.clientCertificateData}`,
        `    client-key-data: ${this.endpoint.clientKeyData}`,
        'contexts:',
        '- context:',
        '    cluster: sb',
        '    namespace: default',
        '    user: sb',
        '  name: sb',
        'current-context: sb',
        '',
      ].join('\n'),
      {mode: 0o600},
    )
  }

  /** SIGTERM and wait for exit. */
  async stop(): Promise<void> {
    this.agent?.destroy()
    const p = this.proc
    if (!p || p.exitCode !== null || p.signalCode !== null) return
    const exited = new Promise((r) => p.once('exit', r))
    p.kill('SIGTERM')
    await exited
  }

  /** kill -9 and wait for exit. */
  async kill9(): Promise<void> {
    const p = this.proc
    if (!p || p.exitCode !== null || p.signalCode !== null) return
    const exited = new Promise((r) => p.once('exit', r))
    p.kill('SIGKILL')
    await exited
  }

  /** Runs real kubectl with this sandbox's kubeconfig and a private HOME (fresh discovery cache). */
  kubectl(args: string[], opts: {input?: string; bin?: string} = {}): Promise<RunResult> {
    return new Promise((resolveRun) => {
      const p = spawn(opts.bin ?? 'kubectl', args, {
        env: {...process.env, KUBECONFIG: this.kubeconfig, HOME: this.home, KUBECACHEDIR: join(this.home, 'cache')},
        stdio: ['pipe', 'pipe', 'pipe'],
      })
      let stdout = ''
      let stderr = ''
      p.stdout.on('data', (d) => (stdout += d))
      p.stderr.on('data', (d) => (stderr += d))
      p.on('close', (code) => resolveRun({stdout, stderr, code: code ?? -1}))
      p.stdin.end(opts.input ?? '')
    })
  }

  /** One raw HTTPS request authenticated with the admin client certificate. */
  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{status: number; headers: Record<string, any>; body: any; text: string}> {
    const url = new URL(path, this.endpoint.server)
    const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    return new Promise((resolveReq, reject) => {
      const req = https.request(
        url,
        {
          method,
          ca: Buffer.from(this.endpoint.caData, 'base64'),
          cert: Buffer.from(this.endpoint.clientCertificateData, 'base64'),
          key: Buffer.from(this.endpoint.clientKeyData, 'base64'),
          // Node neither chunks nor sizes DELETE bodies by itself, so Content-Length is always set
          headers: {...(data !== undefined ? {'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(data))} : {}), ...headers},
          agent: this.agent,
        },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (d) => (text += d))
          res.on('end', () => {
            let parsed: any
            try {
              parsed = JSON.parse(text)
            } catch {
              parsed = undefined
            }
            resolveReq({status: res.statusCode ?? 0, headers: res.headers, body: parsed, text})
          })
        },
      )
      req.on('error', reject)
      if (data !== undefined) req.write(data)
      req.end()
    })
  }
}

/** Creates a temp dir and a Sandbox object (not started). */
export function newSandbox(args: string[] = ['--nodes', '0']): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'kctl-core-e2e-'))
  return new Sandbox(dir, args)
}

/** Stops the sandbox and removes its temp dir. */
export async function disposeSandbox(sb: Sandbox | undefined): Promise<void> {
  if (!sb) return
  await sb.stop()
  rmSync(sb.dir, {recursive: true, force: true})
}

/** Replaces AGE cells (5s, 2m3s, 10h) with AGE and collapses column padding, so tables compare exactly. */
export function normaliseAges(s: string): string {
  return s.replace(/(?<=\s)(\d+[smhd])+(?=\s|$)/gm, 'AGE').replace(/ +/g, ' ')
}
