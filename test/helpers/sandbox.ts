// One fresh sandbox per test file, started through the real CLI (`kctl sandbox start`) with a temp HOME and kubeconfig.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {kctl, kubectl, type RunEnv, type RunOptions, type RunResult} from './cli.js'

/** A running test sandbox. */
export interface TestSandbox extends RunEnv {
  dataDir: string
  endpoint: {server: string; pid: number}
  /** Runs kctl against this sandbox. */
  kctl(args: string[], opts?: RunOptions): Promise<RunResult>
  /** Runs real kubectl against this sandbox. */
  kubectl(args: string[], opts?: RunOptions & {binary?: string}): Promise<RunResult>
  /** Creates a namespace for one test case and returns its name. */
  namespace(prefix: string): Promise<string>
  stop(): Promise<void>
}

let counter = 0

/** Starts a sandbox; call stop() in afterAll. */
export async function startTestSandbox(opts: {nodes?: number; extraArgs?: string[]} = {}): Promise<TestSandbox> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-test-'))
  const home = path.join(root, 'home')
  fs.mkdirSync(home, {recursive: true})
  const kubeconfig = path.join(home, '.kube', 'config')
  const dataDir = path.join(root, 'data')
  const env: RunEnv = {home, kubeconfig}
  const r = await kctl(env, ['sandbox', 'start', '--data-dir', dataDir, '--port', '0', '--nodes', String(opts.nodes ?? 3), '--wait', '90', ...(opts.extraArgs ?? [])], {timeoutMs: 120000})
  if (r.code !== 0) throw new Error(`sandbox start failed (${r.code}):\n${r.stdout}\n${r.stderr}\n${readIfExists(path.join(dataDir, 'sandbox.out'))}`)
  const endpoint = JSON.parse(fs.readFileSync(path.join(dataDir, 'endpoint.json'), 'utf8'))
  const sb: TestSandbox = {
    home,
    kubeconfig,
    dataDir,
    endpoint,
    kctl: (args, o) => kctl(env, args, o),
    kubectl: (args, o) => kubectl(env, args, o),
    async namespace(prefix: string) {
      const name = `${prefix}-${process.pid % 10000}-${++counter}`
      const res = await kctl(env, ['create', 'namespace', name])
      if (res.code !== 0) {
        // create namespace may not exist yet in early builds: fall back to kubectl
        const k = await kubectl(env, ['create', 'namespace', name])
        if (k.code !== 0) throw new Error(`cannot create namespace ${name}: ${res.stderr} ${k.stderr}`)
      }
      return name
    },
    async stop() {
      await kctl(env, ['sandbox', 'stop', '--data-dir', dataDir])
      try {
        process.kill(endpoint.pid, 'SIGKILL')
      } catch {
        // already gone
      }
      fs.rmSync(root, {recursive: true, force: true})
    },
  }
  return sb
}

function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').slice(-4000)
  } catch {
    return ''
  }
}
