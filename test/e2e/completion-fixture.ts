// Shared set-up for the completion e2e tests: a sandbox with known objects, a `kctl` wrapper on PATH, and the oracle
// values (read with real kubectl) that completion must offer.
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {ROOT, runProcess, type RunResult} from '../helpers/cli.js'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'

/** A sandbox prepared for completion tests. */
export interface CompletionWorld {
  sb: TestSandbox
  /** Directory with the `kctl` wrapper (first on PATH). */
  binDir: string
  /** Scratch directory with manifest.yaml and more-manifest.yaml for -f cases. */
  filesDir: string
  /** Environment for shells: PATH with the wrapper, the sandbox's HOME and KUBECONFIG. */
  env: NodeJS.ProcessEnv
  /** Oracle values read with real kubectl. */
  pods: string[]
  deployments: string[]
  nodes: string[]
  namespaces: string[]
  contexts: string[]
  otherConfigMaps: string[]
  /** Containers of the pod `multi` (init first), as kubectl lists them. */
  multiContainers: string[]
  /** Resource types `kctl get <TAB>` offers: plain names, group-qualified only when a name is ambiguous. */
  types: string[]
  stop(): Promise<void>
}

const MULTI_POD = `apiVersion: v1
kind: Pod
metadata: {name: multi}
spec:
  initContainers: [{name: setup, image: busybox}]
  containers: [{name: app, image: nginx}, {name: sidecar, image: busybox}]
`

/** Names from `kubectl get … -o name`, without the TYPE/ prefix. */
async function names(sb: TestSandbox, args: string[]): Promise<string[]> {
  const r = await sb.kubectl([...args, '-o', 'name'])
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`)
  return r.stdout.split('\n').filter(Boolean).map((l) => l.slice(l.indexOf('/') + 1))
}

async function must(p: Promise<RunResult>, what: string): Promise<RunResult> {
  const r = await p
  if (r.code !== 0) throw new Error(`${what} failed: ${r.stderr}`)
  return r
}

/** Starts the sandbox and creates the objects every completion test relies on. */
export async function completionWorld(): Promise<CompletionWorld> {
  const sb = await startTestSandbox({nodes: 2})
  const root = path.dirname(sb.home)
  const binDir = path.join(root, 'bin')
  fs.mkdirSync(binDir, {recursive: true})
  fs.writeFileSync(path.join(binDir, 'kctl'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'bin', 'run.js')}" "$@"\n`, {mode: 0o755})
  const filesDir = path.join(root, 'files')
  fs.mkdirSync(filesDir, {recursive: true})
  fs.writeFileSync(path.join(filesDir, 'manifest.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\n')
  fs.writeFileSync(path.join(filesDir, 'more-manifest.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: n}\n')

  await must(sb.kubectl(['create', 'deployment', 'web', '--image=nginx', '--replicas=2']), 'create deployment')
  await must(sb.kubectl(['create', 'deployment', 'worker', '--image=busybox']), 'create deployment')
  await must(sb.kubectl(['apply', '-f', '-'], {stdin: MULTI_POD}), 'create pod multi')
  await must(sb.kubectl(['create', 'namespace', 'other']), 'create namespace')
  await must(sb.kubectl(['create', 'configmap', 'cm-one', '-n', 'other']), 'create configmap')
  await must(sb.kubectl(['create', 'configmap', 'cm-two', '-n', 'other']), 'create configmap')
  await must(sb.kubectl(['config', 'set-context', 'other-ctx', '--cluster=kctl-sandbox', '--user=kctl-sandbox', '--namespace=other']), 'set-context')
  // The deployment controller creates 3 pods besides multi; wait until they exist so that names are stable.
  let pods: string[] = []
  for (let i = 0; i < 100; i++) {
    pods = await names(sb, ['get', 'pods'])
    if (pods.length >= 4) break
    await new Promise((r) => setTimeout(r, 300))
  }
  if (pods.length < 4) throw new Error(`pods did not appear: ${pods.join(' ')}`)

  const resources = (await must(sb.kubectl(['api-resources', '--verbs=list', '-o', 'name']), 'api-resources')).stdout.split('\n').filter(Boolean)
  const plain = (r: string) => r.split('.')[0]
  const count = new Map<string, number>()
  for (const r of resources) count.set(plain(r), (count.get(plain(r)) ?? 0) + 1)
  const types = resources.map((r) => (count.get(plain(r))! > 1 ? r : plain(r))).sort()

  const multi = JSON.parse((await must(sb.kubectl(['get', 'pod', 'multi', '-o', 'json']), 'get pod multi')).stdout)
  const contexts = (await must(sb.kubectl(['config', 'get-contexts', '-o', 'name']), 'get-contexts')).stdout.split('\n').filter(Boolean)
  const env: NodeJS.ProcessEnv = {
    PATH: `${binDir}:${process.env.PATH}`,
    HOME: sb.home,
    KUBECONFIG: sb.kubeconfig,
    LANG: 'C.UTF-8',
    TERM: 'xterm',
  }
  return {
    sb,
    binDir,
    filesDir,
    env,
    pods,
    deployments: await names(sb, ['get', 'deployments']),
    nodes: await names(sb, ['get', 'nodes']),
    namespaces: await names(sb, ['get', 'namespaces']),
    contexts,
    otherConfigMaps: await names(sb, ['get', 'configmaps', '-n', 'other']),
    multiContainers: [...multi.spec.initContainers, ...multi.spec.containers].map((c: any) => c.name),
    types,
    stop: () => sb.stop(),
  }
}

/** The manifest the completion scripts were generated from. */
export function manifest(): any {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8'))
}

/** Top-level words of the manifest: each visible command's first word, sorted. */
export function topLevelWords(): string[] {
  const m = manifest()
  const words = new Set<string>()
  for (const [id, c] of Object.entries<any>(m.commands)) if (!c.hidden) words.add(id.split(':')[0])
  return [...words].sort()
}

/** Words that follow a topic (`create` → configmap, deployment, …; `create:service` → clusterip, …), sorted. */
export function subcommands(topic: string): string[] {
  const depth = topic.split(':').length
  const words = new Set<string>()
  for (const [id, c] of Object.entries<any>(manifest().commands)) if (!c.hidden && id.startsWith(`${topic}:`)) words.add(id.split(':')[depth])
  return [...words].sort()
}

/** Long flag spellings of a command in the manifest, sorted: its own, and the global flags the manifest keeps once on
 * `options` (scripts/slim-manifest.js). */
export function longFlags(id: string): string[] {
  const m = manifest()
  const globals = Object.entries<any>(m.commands.options.flags).filter(([, f]) => f.helpGroup === 'GLOBAL')
  const names = new Set([...globals, ...Object.entries<any>(m.commands[id].flags)].filter(([, f]) => !f.hidden).map(([n]) => `--${n}`))
  return [...names].sort()
}

/**
 * Whether a shell tool is installed: prints why a test is skipped when it is not, and throws under CI=true
 * (CI installs zsh, fish, tmux and bash-completion from Debian).
 */
export function requireTool(tool: string, what: string): boolean {
  const ok = tool.startsWith('/') ? fs.existsSync(tool) : spawnSync('sh', ['-c', `command -v ${tool}`], {stdio: 'ignore'}).status === 0
  if (ok) return true
  if (process.env.CI === 'true') throw new Error(`${tool} is required in CI for: ${what}`)
  process.stdout.write(`SKIP ${what}: ${tool} is not installed\n`)
  return false
}

/** Runs a program with the world's environment. */
export function run(world: CompletionWorld, cmd: string, args: string[], opts: {timeoutMs?: number; stdin?: string} = {}): Promise<RunResult> {
  return runProcess(cmd, args, world.env, {timeoutMs: opts.timeoutMs ?? 60000, stdin: opts.stdin})
}

/**
 * A directory holding a `kctl` that appends `NODE_OPTIONS|ARGS` to a log (the scripts pass the user's environment as
 * is), then runs the world's kctl: put it first on PATH to see every time a shell starts kctl.
 */
export function loggingKctl(world: CompletionWorld, name: string): {dir: string; log: string; read(): string[]} {
  const dir = path.join(world.filesDir, '..', `logbin-${name}`)
  const log = path.join(dir, 'calls.log')
  fs.mkdirSync(dir, {recursive: true})
  fs.writeFileSync(path.join(dir, 'kctl'), `#!/bin/sh\nprintf '%s|%s\\n' "\${NODE_OPTIONS-unset}" "$*" >> ${log}\nexec ${path.join(world.binDir, 'kctl')} "$@"\n`, {mode: 0o755})
  return {dir, log, read: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [])}
}
