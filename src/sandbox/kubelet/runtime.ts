// Container processes: each container is a directory (its root filesystem) and a real process confined to it with
// bubblewrap where the machine allows, or a plain process rooted there otherwise.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'

/** How containers are confined on this machine. */
export type Isolation = 'bubblewrap' | 'process'

let detected: Isolation | undefined

/** Probe once whether bwrap can create the namespaces we use. */
export function detectIsolation(): Isolation {
  if (detected) return detected
  if (process.env.KCTL_SANDBOX_ISOLATION === 'process') return (detected = 'process')
  const r = spawnSync('bwrap', ['--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--die-with-parent', 'true'], {stdio: 'ignore', timeout: 5000})
  detected = r.status === 0 ? 'bubblewrap' : 'process'
  return detected
}

// Host directories shared read-only into every container so that sh, ls, cat, tar, sleep and node exist.
const HOST_DIRS = ['/usr/bin', '/usr/sbin', '/usr/lib', '/usr/lib32', '/usr/lib64', '/usr/libexec', '/usr/share/zoneinfo', '/usr/share/terminfo', '/etc/alternatives']
const HOST_TOP = ['/bin', '/sbin', '/lib', '/lib32', '/lib64']
const HOST_FILES = ['/etc/ld.so.cache', '/etc/localtime', '/etc/nsswitch.conf']

/** Lay out the mount points of a fresh container root so bwrap never has to create them. */
export function prepareRootfs(rootfs: string): void {
  for (const d of ['etc', 'tmp', 'root', 'usr', 'usr/local/bin', 'var', 'home', 'proc', 'dev', 'run', 'srv', 'opt', 'mnt']) {
    fs.mkdirSync(path.join(rootfs, d), {recursive: true})
  }
  fs.chmodSync(path.join(rootfs, 'tmp'), 0o1777)
  for (const d of HOST_DIRS) {
    if (fs.existsSync(d)) fs.mkdirSync(path.join(rootfs, d), {recursive: true})
  }
  for (const f of HOST_FILES) {
    const target = path.join(rootfs, f)
    if (fs.existsSync(f) && !fs.existsSync(target)) fs.writeFileSync(target, '')
  }
  for (const top of HOST_TOP) {
    const target = path.join(rootfs, top)
    let st: fs.Stats
    try {
      st = fs.lstatSync(top)
    } catch {
      continue
    }
    if (fs.existsSync(target) || isSymlink(target)) continue
    if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(top), target)
    else fs.mkdirSync(target, {recursive: true})
  }
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink()
  } catch {
    return false
  }
}

/** What to run and where. */
export interface SpawnSpec {
  rootfs: string
  argv: string[]
  env: Record<string, string>
  workingDir?: string
  hostname: string
  /** Extra binds: host path -> container path (read-only unless the target is prefixed "rw:"). */
  binds?: [string, string][]
  /** Run under a pseudo-terminal (via `script`). */
  tty?: boolean
  /** Initial terminal size. */
  cols?: number
  rows?: number
}

/** Start a process inside a container root. stdio is always three pipes. */
export function spawnContainerProcess(spec: SpawnSpec, isolation: Isolation): ChildProcess {
  let argv = spec.argv
  if (spec.tty) {
    // script(1) gives the command a pty without a native module; -e passes the exit code through.
    const size = spec.cols && spec.rows ? `stty cols ${spec.cols} rows ${spec.rows} 2>/dev/null; ` : ''
    argv = ['script', '-qfec', `${size}exec ${argv.map(shellQuote).join(' ')}`, '/dev/null']
  }
  const env = {...spec.env}
  if (isolation === 'bubblewrap') {
    const args = ['--bind', spec.rootfs, '/']
    for (const d of HOST_DIRS) if (fs.existsSync(d)) args.push('--ro-bind', d, d)
    for (const f of HOST_FILES) if (fs.existsSync(f)) args.push('--ro-bind', f, f)
    for (const [src, dst] of spec.binds ?? []) {
      if (dst.startsWith('rw:')) args.push('--bind', src, dst.slice(3))
      else args.push('--ro-bind', src, dst)
    }
    args.push('--proc', '/proc', '--dev', '/dev', '--unshare-pid', '--unshare-ipc', '--unshare-uts',
      '--hostname', spec.hostname.slice(0, 63), '--die-with-parent', '--chdir', spec.workingDir || '/', '--', ...argv)
    return spawn('bwrap', args, {env, stdio: ['pipe', 'pipe', 'pipe']})
  }
  // Plain process: paths inside the container resolve against the host, so prefer the container's own bin first
  // and point absolute paths that belong to the container at its root directory.
  argv = rewriteForProcess(argv, spec.rootfs)
  const cwd = path.join(spec.rootfs, spec.workingDir || '/')
  env.PATH = `${path.join(spec.rootfs, 'usr/local/bin')}:${path.join(spec.rootfs, 'usr/local/sbin')}:${env.PATH ?? '/usr/bin:/bin'}`
  env.HOME = path.join(spec.rootfs, 'root')
  return spawn(argv[0], argv.slice(1), {cwd: fs.existsSync(cwd) ? cwd : spec.rootfs, env, stdio: ['pipe', 'pipe', 'pipe']})
}

const SHARED = /^\/(usr\/(bin|sbin|lib|lib32|lib64|libexec)|bin|sbin|lib|lib32|lib64|proc|dev|sys)(\/|$)/

function inRoot(rootfs: string, p: string): string | undefined {
  if (!p.startsWith('/') || SHARED.test(p)) return undefined
  const mapped = path.join(rootfs, p)
  return fs.existsSync(mapped) || fs.existsSync(path.dirname(mapped)) ? mapped : undefined
}

/** Map container paths in argv onto the container root for an unconfined process (best effort). */
export function rewriteForProcess(argv: string[], rootfs: string): string[] {
  if (argv[0] === 'tar' && argv[1] === 'cf' && argv[2] === '-' && argv.length === 4 && argv[3].startsWith('/')) {
    // Keep member names as tar would write them inside the container.
    return ['tar', 'cf', '-', '-C', rootfs, argv[3].replace(/^\/+/, '') || '.']
  }
  return argv.map((a, i) => {
    if (i > 0 && argv[0] === 'sh' && argv[i - 1] === '-c') return a
    return inRoot(rootfs, a) ?? a
  })
}

/** POSIX shell single-quoting. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_\/.,:=+@%-]+$/.test(s)) return s
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/** Direct children of a process (Linux /proc). */
export function childPids(pid: number): number[] {
  try {
    const out: number[] = []
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const txt = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim()
      if (txt) for (const p of txt.split(/\s+/)) out.push(Number(p))
    }
    return out
  } catch {
    return []
  }
}

/** A process and all its descendants. */
export function processTree(pid: number): number[] {
  const out = [pid]
  for (let i = 0; i < out.length && out.length < 4096; i++) out.push(...childPids(out[i]))
  return out
}

function comm(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  } catch {
    return ''
  }
}

/**
 * Deliver a signal to the workload. bwrap does not forward signals and kills its child when it dies itself,
 * so signal the processes below it instead.
 */
export function signalWorkload(child: ChildProcess, signal: NodeJS.Signals, isolation: Isolation): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  if (isolation === 'bubblewrap' && signal !== 'SIGKILL') {
    const targets = processTree(child.pid).filter(p => comm(p) !== 'bwrap')
    if (targets.length) {
      for (const p of targets) {
        try {
          process.kill(p, signal)
        } catch {}
      }
      return
    }
  }
  try {
    child.kill(signal)
  } catch {}
}

/** Resize the pty a `script`-wrapped process runs on (best effort, via the slave reopened through /proc). */
export function resizeTty(child: ChildProcess, cols: number, rows: number): void {
  if (child.pid === undefined) return
  const tree = processTree(child.pid)
  const inner = tree.find(p => comm(p) === 'script')
  const shellPid = inner !== undefined ? childPids(inner)[0] : undefined
  if (shellPid === undefined) return
  const r = spawn('stty', ['-F', `/proc/${shellPid}/fd/0`, 'cols', String(cols), 'rows', String(rows)], {stdio: 'ignore'})
  r.on('error', () => {})
}

/** Exit code the way container runtimes report it: 128+signal for signalled processes. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code
  const signals: Record<string, number> = {SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15, SIGPIPE: 13, SIGABRT: 6}
  return 128 + (signal ? signals[signal] ?? 1 : 1)
}
