// Runs the real CLI entry (node bin/run.js) and real kubectl as subprocesses, capturing whole stdout/stderr.
import {spawn, spawnSync} from 'node:child_process'
import * as path from 'node:path'
import {fileURLToPath} from 'node:url'

/** Repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
/** The CLI entry under test. */
export const BIN = path.join(ROOT, 'bin', 'run.js')

/** The result of one CLI run. */
export interface RunResult {
  stdout: string
  stderr: string
  code: number
}

/** Environment for a run: a temp HOME and kubeconfig keep tests away from the developer's files. */
export interface RunEnv {
  home: string
  kubeconfig: string
  extra?: Record<string, string>
}

function baseEnv(env: RunEnv): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {PATH: process.env.PATH, HOME: env.home, KUBECONFIG: env.kubeconfig, LANG: 'C.UTF-8', TERM: 'dumb', ...env.extra}
  // This machine sets NODE_EXTRA_CA_CERTS to the whole system bundle, which only slows node down.
  return e
}

/** Runs a command with optional stdin and a timeout, never through a shell. */
export function runProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, opts: {stdin?: string | Buffer; timeoutMs?: number; cwd?: string} = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {env, cwd: opts.cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe']})
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (d) => out.push(d))
    child.stderr.on('data', (d) => err.push(d))
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code: code ?? (signal ? 128 : 1)})
    })
    if (opts.stdin !== undefined) child.stdin.end(opts.stdin)
    else child.stdin.end()
  })
}

/** How one run differs from the environment's defaults: stdin, a timeout, the directory, another kubeconfig. */
export interface RunOptions {
  stdin?: string | Buffer
  timeoutMs?: number
  cwd?: string
  kubeconfig?: string
}

/** Runs kctl (the real entry, built dist/) with argv. */
export function kctl(env: RunEnv, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return runProcess(process.execPath, [BIN, ...args], baseEnv({...env, kubeconfig: opts.kubeconfig ?? env.kubeconfig}), opts)
}

/** Runs real kubectl with argv. */
export function kubectl(env: RunEnv, args: string[], opts: RunOptions & {binary?: string} = {}): Promise<RunResult> {
  return runProcess(opts.binary ?? 'kubectl', args, baseEnv({...env, kubeconfig: opts.kubeconfig ?? env.kubeconfig}), opts)
}

let kubectlPresent: boolean | undefined
/** Whether real kubectl is on PATH. */
export function haveKubectl(): boolean {
  if (kubectlPresent === undefined) kubectlPresent = spawnSync('kubectl', ['version', '--client'], {stdio: 'ignore', env: {...process.env, KUBECONFIG: '/dev/null'}}).status === 0
  return kubectlPresent
}

/**
 * For tests that need real kubectl: true when present; otherwise prints why the test is skipped and returns false,
 * except under CI=true where a missing kubectl is a failure.
 */
export function requireKubectl(what: string): boolean {
  if (haveKubectl()) return true
  if (process.env.CI === 'true') throw new Error(`kubectl is required in CI for: ${what}`)
  process.stdout.write(`SKIP ${what}: kubectl is not on PATH\n`)
  return false
}

/** Replaces AGE-like cells (5s, 3m2s, 2d, <invalid>) so that two runs seconds apart compare equal. */
export function normalizeAges(text: string): string {
  // An age can change width between two runs (9s vs 10s), which moves the padding after it: fold that padding too.
  return text.replace(/(?<=\s)(\d+[smhdy])(\d+[smh])?(?=\s|$)/gm, '<age>').replace(/<invalid>/g, '<age>')
    .replace(/<age> +/g, '<age> ').replace(/\b(AGE|Age|LAST SEEN) {2,}/g, '$1 ')
}

/** The directory holding kubectl.1.27 … kubectl.1.33 (beside the real binary). */
export function kubectlVersionsDir(): string | undefined {
  const r = spawnSync('sh', ['-c', 'dirname "$(readlink -f "$(command -v kubectl)")"'], {encoding: 'utf8'})
  return r.status === 0 ? r.stdout.trim() : undefined
}
