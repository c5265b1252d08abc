// The kubelet's pod workers: run a bound pod's containers as real processes and report status as kubelet does.
import {randomBytes} from 'node:crypto'
import {EventEmitter} from 'node:events'
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as path from 'node:path'
import {PassThrough} from 'node:stream'
import type {ChildProcess} from 'node:child_process'
import {GVRS, type ExecProcess, type KObject, type SandboxApi} from '../types.js'
import {LogWriter} from './logs.js'
import {claimIsBound, nodeHostPath, podClaimNames} from '../volumes.js'
import {configVolumeProblem, configVolumeSource, writeConfigVolume, type ConfigVolumeSource} from './config-volumes.js'
import {imageID, imageSpec, NGINX_SERVER_IN_CONTAINER, NGINX_SERVER_JS, parseImage, type ImageRef, type ImageSpec} from './images.js'
import type {NodeInfo} from './nodes.js'
import {freePort, portAnswers} from './ports.js'
import {exitCodeOf, resizeTty, signalWorkload, spawnContainerProcess, type Isolation} from './runtime.js'

/** RFC 3339 with second precision, as Kubernetes timestamps are. */
export function rfc3339(d = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Go's time.Duration String() for a nanosecond count (e.g. 1.234567s, 452.1ms). */
export function goDuration(ns: number): string {
  if (ns < 1000) return `${ns}ns`
  const fmt = (v: number, unit: string) => `${Number(v.toFixed(unit === 's' ? 9 : 6)).toString()}${unit}`
  if (ns < 1e6) return fmt(ns / 1e3, 'µs')
  if (ns < 1e9) return fmt(ns / 1e6, 'ms')
  const s = ns / 1e9
  if (s < 60) return fmt(s, 's')
  const m = Math.floor(s / 60)
  return `${m}m${fmt(s - m * 60, 's')}`
}

/** The shortest time from a pod's deletionTimestamp to its removal by the kubelet. */
const MIN_TERMINATION_MS = 500

function sleep(ms: number): Promise<void> {
  return new Promise(r => setTimeout(r, ms).unref())
}

/** Shared state of the kubelets of all simulated nodes. */
export interface KubeletContext {
  api: SandboxApi
  /** DATA/kubelet (volumes.ts kubeletDir): pod directories and the nodes' roots. */
  dataDir: string
  isolation: Isolation
  log: (line: string) => void
  /** Images already on each node. */
  pulled: Map<string, Set<string>>
  /** Used pod IP host numbers per node. */
  ips: Map<string, Set<number>>
}

type State = {waiting: {reason: string; message?: string}} | {running: {startedAt: string}} | {terminated: {exitCode: number; reason: string; message?: string; startedAt?: string; finishedAt: string; containerID?: string; signal?: number}}

/** One container of a pod, across its restarts. */
export class ContainerRuntime extends EventEmitter {
  readonly ref: ImageRef
  readonly image: ImageSpec
  state: State = {waiting: {reason: 'ContainerCreating'}}
  lastState: State | Record<string, never> = {}
  restartCount = 0
  ready = false
  started = false
  containerID = ''
  child?: ChildProcess
  rootfs = ''
  writer?: LogWriter
  /** This instance's output so far (for the first attach of a stdinOnce container). */
  replay: {stream: 'stdout' | 'stderr'; data: Buffer}[] = []
  private replayBytes = 0
  stdinAttached = false
  exited?: Promise<number>
  /** containerPort -> host port. */
  ports = new Map<number, number>()
  cpuSample?: {t: number; ticks: number; rate: number}
  oomKilled = false

  constructor(readonly spec: KObject, readonly init: boolean) {
    super()
    this.setMaxListeners(0)
    this.ref = parseImage(spec.image ?? '')
    this.image = imageSpec(this.ref)
  }

  get name(): string {
    return this.spec.name
  }

  get running(): boolean {
    return 'running' in this.state && !!this.child
  }

  /** Remember output for the first attach, up to 1 MiB. */
  record(stream: 'stdout' | 'stderr', data: Buffer): void {
    if (this.replayBytes < 1 << 20) {
      this.replay.push({stream, data})
      this.replayBytes += data.length
    }
    this.emit('output', stream, data)
  }

  resetReplay(): void {
    this.replay = []
    this.replayBytes = 0
  }

  /** containerStatuses[] entry. */
  status(): KObject {
    const s: KObject = {
      name: this.name,
      state: this.state,
      lastState: this.lastState,
      ready: this.ready,
      restartCount: this.restartCount,
      image: this.ref.full.replace(/^docker\.io\/library\//, 'docker.io/library/'),
      imageID: this.containerID ? imageID(this.ref) : '',
    } as unknown as KObject
    if (this.containerID) s.containerID = this.containerID
    s.started = this.started
    if (this.init) delete s.started
    if (this.init && 'running' in this.state) s.started = true
    return s
  }
}

/** One pod on one node. */
export class PodWorker {
  pod: KObject
  podIP = ''
  readonly containers: ContainerRuntime[]
  readonly initContainers: ContainerRuntime[]
  initialized = false
  sandboxReady = false
  terminating = false
  gone = false
  startTime = rfc3339()
  private readonly dir: string
  private statusTimer?: NodeJS.Timeout
  private readonly transitions = new Map<string, {status: string; time: string}>()
  private phaseOverride?: 'Succeeded' | 'Failed'
  private killTimer?: NodeJS.Timeout
  private terminatingSince = 0
  private readonly emptyDirs = new Map<string, string>()
  private readonly configVolumesWritten = new Set<string>()

  constructor(pod: KObject, readonly node: NodeInfo, private readonly ctx: KubeletContext) {
    this.pod = pod
    this.containers = (pod.spec?.containers ?? []).map((c: KObject) => new ContainerRuntime(c, false))
    this.initContainers = (pod.spec?.initContainers ?? []).map((c: KObject) => new ContainerRuntime(c, true))
    this.dir = path.join(ctx.dataDir, 'pods', `${pod.metadata.namespace}_${pod.metadata.name}_${pod.metadata.uid}`)
    // A pod that already ran before a restart of the sandbox keeps its restart counts.
    const prev = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]
    for (const c of [...this.containers, ...this.initContainers]) {
      const p = prev.find((s: KObject) => s.name === c.name)
      if (p) c.restartCount = (p.restartCount ?? 0) + (p.state?.running ? 1 : 0)
    }
    if (pod.status?.startTime) this.startTime = pod.status.startTime
    if (pod.status?.podIP) this.podIP = pod.status.podIP
  }

  get key(): string {
    return `${this.pod.metadata.namespace}/${this.pod.metadata.name}`
  }

  get restartPolicy(): string {
    return this.pod.spec?.restartPolicy ?? 'Always'
  }

  /** Directory with a container's log files. */
  logDir(c: string): string {
    return path.join(this.dir, 'logs', c)
  }

  /** Log file of a container instance. */
  logFile(c: string, restart: number): string {
    return path.join(this.logDir(c), `${restart}.log`)
  }

  container(name: string): ContainerRuntime | undefined {
    return this.containers.find(c => c.name === name) ?? this.initContainers.find(c => c.name === name)
  }

  private event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    try {
      this.ctx.api.recordEvent(this.pod, type, reason, message, {component: 'kubelet', host: this.node.name})
    } catch (err) {
      this.ctx.log(`kubelet: event ${reason} for ${this.key}: ${(err as Error).message}`)
    }
  }

  /** Run the pod from creation to the end of its containers. */
  async run(): Promise<void> {
    if (this.pod.status?.phase === 'Succeeded' || this.pod.status?.phase === 'Failed') {
      this.gone = this.gone || false
      return
    }
    fs.mkdirSync(this.dir, {recursive: true, mode: 0o700})
    for (const c of this.initContainers) c.state = {waiting: {reason: 'PodInitializing'}}
    if (this.initContainers.length) for (const c of this.containers) c.state = {waiting: {reason: 'PodInitializing'}}
    this.writeStatus()
    await sleep(150)
    if (this.terminating || this.gone) return
    // The volume manager mounts claims only once they are bound to a volume, and ConfigMap and Secret volumes once their
    // objects exist; until then the pod stays ContainerCreating and FailedMount events say why, ever less often.
    let retryMs = 1000
    let nextReport = 0
    for (;;) {
      const problem = this.claimsReady() ? this.configVolumesProblem() : ''
      if (problem === undefined) break
      if (problem && Date.now() >= nextReport) {
        this.event('Warning', 'FailedMount', problem)
        nextReport = Date.now() + retryMs
        retryMs = Math.min(retryMs * 2, 122_000)
      }
      await sleep(250)
      if (this.terminating || this.gone) return
    }
    if (!this.podIP) this.podIP = this.allocateIP()
    this.sandboxReady = true
    if (this.initContainers.length === 0) this.initialized = true
    this.writeStatus()
    for (const c of this.initContainers) {
      for (;;) {
        if (this.terminating || this.gone) return
        const code = await this.runOnce(c)
        if (this.terminating || this.gone) return
        if (code === 0) break
        if (this.restartPolicy === 'Never') {
          this.phaseOverride = 'Failed'
          for (const m of this.containers) m.state = {waiting: {reason: 'PodInitializing'}}
          this.writeStatus()
          return
        }
        await this.backoff(c)
      }
    }
    this.initialized = true
    this.writeStatus()
    await Promise.all(this.containers.map(c => this.keepRunning(c)))
  }

  private async keepRunning(c: ContainerRuntime): Promise<void> {
    for (;;) {
      if (this.terminating || this.gone) return
      const code = await this.runOnce(c)
      if (this.terminating || this.gone) return
      const restart = this.restartPolicy === 'Always' || (this.restartPolicy === 'OnFailure' && code !== 0)
      if (!restart) {
        this.finishIfDone()
        return
      }
      await this.backoff(c)
    }
  }

  private finishIfDone(): void {
    if (!this.containers.every(c => 'terminated' in c.state)) {
      this.writeStatus()
      return
    }
    const failed = this.containers.some(c => 'terminated' in c.state && c.state.terminated.exitCode !== 0)
    this.phaseOverride = failed ? 'Failed' : 'Succeeded'
    this.writeStatus()
  }

  private async backoff(c: ContainerRuntime): Promise<void> {
    // kubelet restarts the first crash at once, then backs off 10s, 20s, 40s … up to 5 min.
    const n = c.restartCount
    const delay = n === 0 ? 0 : Math.min(300, 10 * 2 ** (n - 1)) * 1000
    if (delay > 0) {
      c.lastState = c.state as State
      c.state = {waiting: {reason: 'CrashLoopBackOff', message: `back-off ${goDuration(delay * 1e6).replace(/^(\d+)m0s$/, '$1m0s')} restarting failed container=${c.name} pod=${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.pod.metadata.uid})`}}
      this.writeStatus()
      this.event('Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.pod.metadata.uid})`)
      const until = Date.now() + delay
      while (Date.now() < until && !this.terminating && !this.gone) await sleep(Math.min(250, until - Date.now()))
    }
    c.restartCount++
  }

  /** Pull (simulated), create and start one container instance; resolves with its exit code. */
  private async runOnce(c: ContainerRuntime): Promise<number> {
    await this.pull(c)
    if (this.terminating || this.gone) return 0
    const spec = c.spec
    const instanceDir = path.join(this.dir, 'containers', `${c.name}-${c.restartCount}`)
    const prevRoot = c.rootfs
    fs.rmSync(instanceDir, {recursive: true, force: true})
    fs.mkdirSync(instanceDir, {recursive: true})
    c.image.seed(instanceDir)
    this.writeEtc(instanceDir)
    if (prevRoot && prevRoot !== instanceDir) fs.rm(prevRoot, {recursive: true, force: true}, () => {})
    c.rootfs = instanceDir
    this.writeConfigVolumes(c)
    for (const p of [...(spec.ports ?? []).map((p: KObject) => p.containerPort as number), ...c.image.defaultPorts]) {
      if (!c.ports.has(p)) c.ports.set(p, await freePort())
    }
    // kubelet builds a container's environment before creating it: a missing ConfigMap, Secret or key (not optional)
    // holds the container in CreateContainerConfigError, retried on each pod sync, until the object appears.
    let env: Record<string, string>
    for (let nextReport = 0; ;) {
      try {
        env = this.containerEnv(c, true)
        break
      } catch (err) {
        if (!(err instanceof EnvConfigError)) throw err
        const waiting = 'waiting' in c.state ? c.state.waiting : undefined
        const changed = waiting?.reason !== 'CreateContainerConfigError' || waiting.message !== err.message
        if (changed) {
          c.state = {waiting: {reason: 'CreateContainerConfigError', message: err.message}}
          this.writeStatus()
        }
        if (changed || Date.now() >= nextReport) {
          this.event('Warning', 'Failed', `Error: ${err.message}`)
          nextReport = Date.now() + 10_000
        }
        await sleep(250)
        if (this.terminating || this.gone) return 0
      }
    }
    const argv = this.expand(spec.command?.length ? [...spec.command, ...(spec.args ?? [])] : [...c.image.entrypoint, ...(spec.args?.length ? spec.args : c.image.cmd)], env)
    c.containerID = `containerd://${randomBytes(32).toString('hex')}`
    c.resetReplay()
    fs.mkdirSync(this.logDir(c.name), {recursive: true})
    const writer = new LogWriter(this.logFile(c.name, c.restartCount))
    c.writer = writer
    const missing = argv.length === 0 ? '' : this.findMissing(argv[0], env.PATH, instanceDir)
    if (argv.length === 0 || missing) {
      const msg = argv.length === 0
        ? 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: no command specified: unknown'
        : `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${missing}": ${missing.includes('/') ? 'stat ' + missing + ': no such file or directory' : 'executable file not found in $PATH'}: unknown`
      this.event('Normal', 'Created', `Created container: ${c.name}`)
      this.event('Warning', 'Failed', `Error: ${msg}`)
      const now = rfc3339()
      c.state = {terminated: {exitCode: 128, reason: 'StartError', message: msg, startedAt: '1970-01-01T00:00:00Z', finishedAt: now, containerID: c.containerID}}
      c.started = false
      c.ready = false
      writer.close()
      this.writeStatus()
      return 128
    }
    const binds: [string, string][] = []
    if (c.image.serves && this.ctx.isolation === 'bubblewrap') binds.push([NGINX_SERVER_JS, NGINX_SERVER_IN_CONTAINER])
    const volumeBinds = this.volumeBinds(c)
    if (this.ctx.isolation !== 'bubblewrap' && c.image.serves) {
      // Outside bwrap the wrapper script must point at the real paths.
      fs.writeFileSync(path.join(instanceDir, 'usr/local/sbin/nginx'), `#!/bin/sh\nexec ${process.execPath} ${NGINX_SERVER_JS} "$@"\n`, {mode: 0o755})
      env.KCTL_HTML_ROOT = path.join(instanceDir, 'usr/share/nginx/html')
    }
    const mainEnv = {...env, KCTL_PORTS: [...c.ports].map(([cp, hp]) => `${cp}=${hp}`).join(',')}
    const child = spawnContainerProcess({
      rootfs: instanceDir,
      argv,
      env: mainEnv,
      workingDir: spec.workingDir || c.image.workingDir,
      hostname: this.pod.spec?.hostname || this.pod.metadata.name,
      binds: [...binds, ...volumeBinds],
      tty: !!spec.tty,
    }, this.ctx.isolation)
    c.child = child
    c.stdinAttached = false
    child.stdin?.on('error', () => {})
    if (!spec.stdin) child.stdin?.end()
    child.stdout?.on('data', (d: Buffer) => {
      writer.write('stdout', d)
      c.record('stdout', d)
    })
    child.stderr?.on('data', (d: Buffer) => {
      writer.write('stderr', d)
      c.record('stderr', d)
    })
    const startedAt = rfc3339()
    c.state = {running: {startedAt}}
    c.started = true
    c.ready = false
    this.event('Normal', 'Created', `Created container: ${c.name}`)
    this.event('Normal', 'Started', `Started container ${c.name}`)
    // kubelet's status manager reports a little later; a container that is already done by then is never
    // seen Running (so `kubectl run -i` of a quick command reads its logs instead of attaching).
    setTimeout(() => {
      if (c.child === child) this.writeStatus()
    }, 400).unref()
    if (!c.init) {
      void this.watchReadiness(c, child)
      void this.watchLiveness(c, child)
    }
    c.exited = new Promise<number>(resolve => {
      let stdoutDone = !child.stdout
      let stderrDone = !child.stderr
      let exit: number | undefined
      const settle = () => {
        if (exit === undefined || !stdoutDone || !stderrDone) return
        resolve(exit)
      }
      child.stdout?.on('close', () => { stdoutDone = true; settle() })
      child.stderr?.on('close', () => { stderrDone = true; settle() })
      child.on('error', () => { exit = 128; stdoutDone = stderrDone = true; settle() })
      child.on('exit', (code, signal) => {
        exit = exitCodeOf(code, signal)
        // Orphans (background jobs) may hold the pipes open; give them a moment, then stop waiting.
        setTimeout(() => { stdoutDone = stderrDone = true; settle() }, 500).unref()
        settle()
      })
    })
    const code = await c.exited
    writer.close()
    c.child = undefined
    c.ready = false
    c.emit('exit', code)
    const finishedAt = rfc3339()
    const reason = code === 0 ? 'Completed' : c.oomKilled ? 'OOMKilled' : 'Error'
    c.state = {terminated: {exitCode: code, reason, startedAt, finishedAt, containerID: c.containerID}}
    this.writeStatus()
    return code
  }

  private findMissing(cmd: string, pathVar: string | undefined, rootfs: string): string {
    const exists = (p: string) => {
      // Host directories are shared into the container; anything else lives in the container root.
      const inRoot = path.join(rootfs, p)
      try {
        if (fs.statSync(inRoot).isFile()) return true
      } catch {}
      if (/^\/(usr\/(bin|sbin|lib|libexec)|bin|sbin)\//.test(p)) {
        try {
          return fs.statSync(p).isFile()
        } catch {}
      }
      return false
    }
    if (cmd.includes('/')) return exists(cmd.startsWith('/') ? cmd : '/' + cmd) ? '' : cmd
    for (const dir of (pathVar ?? '/usr/bin:/bin').split(':')) if (dir && exists(path.posix.join(dir, cmd))) return ''
    return cmd
  }

  private async watchReadiness(c: ContainerRuntime, child: ChildProcess): Promise<void> {
    const probe = c.spec.readinessProbe
    // The first status report comes from the status manager a moment after the start.
    await sleep(Math.max(400, (probe?.initialDelaySeconds ?? 0) * 1000))
    let failures = 0
    let successes = 0
    while (c.child === child && !this.terminating && !this.gone) {
      let ok: boolean
      if (probe) {
        const r = await this.probe(c, probe)
        if (c.child !== child) return
        if (r.ok) {
          successes++
          failures = 0
        } else {
          failures++
          successes = 0
          this.event('Warning', 'Unhealthy', `Readiness probe failed: ${r.detail}`)
        }
        ok = c.ready ? failures < (probe.failureThreshold ?? 3) : successes >= (probe.successThreshold ?? 1)
      } else if (c.image.serves) {
        ok = await portAnswers(c.ports.values().next().value ?? 0)
      } else ok = true
      if (c.child !== child) return
      if (ok !== c.ready) {
        c.ready = ok
        this.writeStatus()
      }
      if (!probe && ok) return
      await sleep(probe ? (probe.periodSeconds ?? 10) * 1000 : 100)
    }
  }

  private async watchLiveness(c: ContainerRuntime, child: ChildProcess): Promise<void> {
    const probe = c.spec.livenessProbe
    if (!probe) return
    await sleep((probe.initialDelaySeconds ?? 0) * 1000)
    let failures = 0
    while (c.child === child && !this.terminating && !this.gone) {
      const r = await this.probe(c, probe)
      if (c.child !== child || this.terminating || this.gone) return
      if (r.ok) failures = 0
      else {
        failures++
        this.event('Warning', 'Unhealthy', `Liveness probe failed: ${r.detail}`)
        if (failures >= (probe.failureThreshold ?? 3)) {
          this.event('Normal', 'Killing', `Container ${c.name} failed liveness probe, will be restarted`)
          signalWorkload(child, 'SIGTERM', this.ctx.isolation)
          const grace = (probe.terminationGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000
          setTimeout(() => {
            if (c.child === child) signalWorkload(child, 'SIGKILL', this.ctx.isolation)
          }, grace).unref()
          return
        }
      }
      await sleep((probe.periodSeconds ?? 10) * 1000)
    }
  }

  /** Run one probe the way kubelet's prober does (exec, httpGet, tcpSocket). */
  private async probe(c: ContainerRuntime, probe: KObject): Promise<{ok: boolean; detail: string}> {
    const timeout = (probe.timeoutSeconds ?? 1) * 1000
    if (probe.exec?.command) {
      const code = await Promise.race([this.execOnce(c, probe.exec.command), sleep(timeout).then(() => -1)])
      if (code === -1) return {ok: false, detail: `command timed out: "${probe.exec.command.join(' ')}" timed out after ${probe.timeoutSeconds ?? 1}s`}
      return {ok: code === 0, detail: `command "${probe.exec.command.join(' ')}" exited with ${code}`}
    }
    const spec = probe.httpGet ?? probe.tcpSocket ?? probe.grpc
    const containerPort = spec?.port
    const hostPort = containerPort === undefined ? undefined : this.resolvePort(c, containerPort)
    const ip = this.podIP
    if (probe.httpGet) {
      const p = probe.httpGet.path ?? '/'
      const url = `${(probe.httpGet.scheme ?? 'HTTP').toLowerCase()}://${ip}:${containerPort}${p}`
      if (hostPort === undefined) return {ok: false, detail: `Get "${url}": dial tcp ${ip}:${containerPort}: connect: connection refused`}
      const status = await httpStatus(hostPort, p, timeout)
      if (status === undefined) return {ok: false, detail: `Get "${url}": dial tcp ${ip}:${containerPort}: connect: connection refused`}
      return {ok: status >= 200 && status < 400, detail: `HTTP probe failed with statuscode: ${status}`}
    }
    if (hostPort === undefined || !(await portAnswers(hostPort, timeout))) {
      return {ok: false, detail: `dial tcp ${ip}:${containerPort}: connect: connection refused`}
    }
    return {ok: true, detail: ''}
  }

  private resolvePort(c: ContainerRuntime, port: number | string): number | undefined {
    if (typeof port === 'number') return c.ports.get(port)
    const named = (c.spec.ports ?? []).find((p: KObject) => p.name === port)
    return named ? c.ports.get(named.containerPort) : undefined
  }

  private async execOnce(c: ContainerRuntime, command: string[]): Promise<number> {
    try {
      const p = this.exec(c, command, false)
      p.stdout.resume()
      p.stderr?.resume()
      return await p.exited
    } catch {
      return 1
    }
  }

  private async pull(c: ContainerRuntime): Promise<void> {
    const policy = c.spec.imagePullPolicy ?? (c.ref.tag === 'latest' ? 'Always' : 'IfNotPresent')
    let pulled = this.ctx.pulled.get(this.node.name)
    if (!pulled) this.ctx.pulled.set(this.node.name, (pulled = new Set()))
    const have = pulled.has(c.ref.full)
    if (have && policy !== 'Always') {
      this.event('Normal', 'Pulled', `Container image "${c.spec.image}" already present on machine`)
      return
    }
    this.event('Normal', 'Pulling', `Pulling image "${c.spec.image}"`)
    const t0 = process.hrtime.bigint()
    await sleep(have ? 250 + Math.random() * 200 : 600 + Math.random() * 400)
    const ns = Number(process.hrtime.bigint() - t0)
    pulled.add(c.ref.full)
    this.event('Normal', 'Pulled', `Successfully pulled image "${c.spec.image}" in ${goDuration(ns)} (${goDuration(ns)} including waiting). Image size: ${c.image.size} bytes.`)
  }

  private allocateIP(): string {
    let used = this.ctx.ips.get(this.node.name)
    if (!used) this.ctx.ips.set(this.node.name, (used = new Set()))
    let n = 2
    while (used.has(n) && n < 254) n++
    used.add(n)
    const base = this.node.podCIDR.split('/')[0].split('.').map(Number)
    return `${base[0]}.${base[1]}.${base[2]}.${n}`
  }

  /** Give the pod's IP back. */
  releaseIP(): void {
    if (!this.podIP) return
    this.ctx.ips.get(this.node.name)?.delete(Number(this.podIP.split('.')[3]))
  }

  private writeEtc(rootfs: string): void {
    const name = this.pod.spec?.hostname || this.pod.metadata.name
    const ns = this.pod.metadata.namespace
    fs.writeFileSync(path.join(rootfs, 'etc/hostname'), `${name}\n`)
    fs.writeFileSync(path.join(rootfs, 'etc/hosts'), `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${this.podIP}\t${name}\n`)
    fs.writeFileSync(path.join(rootfs, 'etc/resolv.conf'), `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`)
  }

  /** Where the kubelet keeps a pod volume's files (emptyDir, ConfigMap, Secret). */
  private volumeDir(name: string): string {
    return path.join(this.dir, 'volumes', name)
  }

  /** The FailedMount message for the first ConfigMap or Secret volume that cannot be set up yet; undefined when none. */
  private configVolumesProblem(): string | undefined {
    for (const vol of this.pod.spec?.volumes ?? []) {
      const src = configVolumeSource(vol)
      if (!src) continue
      const problem = configVolumeProblem(src, this.configObject(src))
      if (problem) return `MountVolume.SetUp failed for volume "${vol.name}" : ${problem}`
    }
    return undefined
  }

  private configObject(src: ConfigVolumeSource): KObject | undefined {
    return this.ctx.api.tryGet(src.kind === 'secret' ? GVRS.secrets : GVRS.configmaps, this.pod.metadata.namespace, src.name)
  }

  /**
   * Writes the pod's ConfigMap and Secret volumes that this container mounts: once per pod into its volumes directory
   * (bubblewrap binds them read-only), or into the container's own root when containers are plain processes.
   */
  private writeConfigVolumes(c: ContainerRuntime): void {
    for (const m of c.spec.volumeMounts ?? []) {
      const vol = (this.pod.spec?.volumes ?? []).find((v: KObject) => v.name === m.name)
      const src = configVolumeSource(vol)
      if (!src) continue
      const dir = this.volumeDir(vol.name)
      if (!this.configVolumesWritten.has(vol.name)) {
        writeConfigVolume(dir, src, this.configObject(src))
        this.configVolumesWritten.add(vol.name)
      }
      const target = path.join(c.rootfs!, path.resolve('/', m.mountPath))
      if (m.subPath) {
        fs.mkdirSync(path.dirname(target), {recursive: true})
        const file = path.join(dir, path.resolve('/', m.subPath))
        if (this.ctx.isolation === 'bubblewrap') fs.writeFileSync(target, '')
        else if (fs.existsSync(file)) fs.copyFileSync(file, target)
      } else {
        fs.mkdirSync(target, {recursive: true})
        if (this.ctx.isolation !== 'bubblewrap') fs.cpSync(dir, target, {recursive: true, verbatimSymlinks: true})
      }
    }
  }

  /**
   * Rewrites the pod's volumes backed by this ConfigMap or Secret after it changed, as kubelet's sync does; subPath
   * mounts keep what they got at start, and a deleted object leaves the files as they were (both as on a real node).
   */
  refreshConfigVolumes(kind: 'configmap' | 'secret', name: string): void {
    for (const vol of this.pod.spec?.volumes ?? []) {
      const src = configVolumeSource(vol)
      if (src?.kind !== kind || src.name !== name || !this.configVolumesWritten.has(vol.name)) continue
      const obj = this.configObject(src)
      if (!obj) continue
      writeConfigVolume(this.volumeDir(vol.name), src, obj)
      if (this.ctx.isolation === 'bubblewrap') continue
      for (const c of [...this.initContainers, ...this.containers]) {
        if (!c.rootfs) continue
        for (const m of c.spec.volumeMounts ?? []) if (m.name === vol.name && !m.subPath) writeConfigVolume(path.join(c.rootfs, path.resolve('/', m.mountPath)), src, obj)
      }
    }
  }

  /** Whether every claim the pod mounts is Bound to an existing volume. */
  private claimsReady(): boolean {
    return podClaimNames(this.pod).every((name) => {
      const claim = this.ctx.api.tryGet(GVRS.persistentvolumeclaims, this.pod.metadata.namespace, name)
      return claimIsBound(claim) && !!this.ctx.api.tryGet(GVRS.persistentvolumes, undefined, claim!.spec.volumeName)
    })
  }

  /** The host directory behind a claim: a hostPath or local volume as seen on this node. */
  private claimDir(claimName: string): string | undefined {
    const claim = this.ctx.api.tryGet(GVRS.persistentvolumeclaims, this.pod.metadata.namespace, claimName)
    const pv = claim?.spec?.volumeName ? this.ctx.api.tryGet(GVRS.persistentvolumes, undefined, claim.spec.volumeName) : undefined
    const p = pv?.spec?.hostPath?.path ?? pv?.spec?.local?.path
    if (typeof p !== 'string' || !p) return undefined
    const dir = nodeHostPath(this.ctx.dataDir, this.node.name, p)
    if (!fs.existsSync(dir)) fs.mkdirSync(dir, {recursive: true, mode: 0o777})
    return dir
  }

  private volumeBinds(c: ContainerRuntime): [string, string][] {
    const out: [string, string][] = []
    for (const m of c.spec.volumeMounts ?? []) {
      const vol = (this.pod.spec?.volumes ?? []).find((v: KObject) => v.name === m.name)
      if (vol?.persistentVolumeClaim?.claimName && this.ctx.isolation === 'bubblewrap') {
        let dir = this.claimDir(vol.persistentVolumeClaim.claimName)
        if (!dir) continue
        if (m.subPath) {
          dir = path.join(dir, path.resolve('/', m.subPath))
          fs.mkdirSync(dir, {recursive: true})
        }
        fs.mkdirSync(path.join(c.rootfs, m.mountPath), {recursive: true})
        const ro = m.readOnly || vol.persistentVolumeClaim.readOnly
        out.push([dir, ro ? m.mountPath : `rw:${m.mountPath}`])
        continue
      }
      if (configVolumeSource(vol) && this.ctx.isolation === 'bubblewrap') {
        const dir = this.volumeDir(vol.name)
        if (!m.subPath) {
          out.push([dir, m.mountPath])
          continue
        }
        // A subPath mount keeps the file it got when the container started (later updates do not reach it), and every
        // exec binds it afresh: so this container instance keeps its own copy.
        const pinned = path.join(this.dir, 'volume-subpaths', vol.name, `${c.name}-${c.restartCount}`, m.mountPath.replace(/\//g, '_'))
        const file = path.join(dir, path.resolve('/', m.subPath))
        if (!fs.existsSync(pinned) && fs.existsSync(file)) {
          fs.mkdirSync(path.dirname(pinned), {recursive: true})
          fs.cpSync(fs.realpathSync(file), pinned, {recursive: true, dereference: true})
        }
        if (fs.existsSync(pinned)) out.push([pinned, m.mountPath])
        continue
      }
      if (!vol?.emptyDir || this.ctx.isolation !== 'bubblewrap') continue
      let dir = this.emptyDirs.get(vol.name)
      if (!dir) {
        dir = this.volumeDir(vol.name)
        fs.mkdirSync(dir, {recursive: true})
        this.emptyDirs.set(vol.name, dir)
      }
      fs.mkdirSync(path.join(c.rootfs, m.mountPath), {recursive: true})
      out.push([dir, `rw:${m.mountPath}`])
    }
    return out
  }

  /** The container's environment; strict (at creation) throws EnvConfigError for a missing non-optional reference. */
  private containerEnv(c: ContainerRuntime, strict = false): Record<string, string> {
    const env: Record<string, string> = {
      ...c.image.env,
      HOSTNAME: this.pod.spec?.hostname || this.pod.metadata.name,
      HOME: '/root',
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      KUBERNETES_SERVICE_PORT_HTTPS: '443',
      KUBERNETES_PORT: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
      KUBERNETES_PORT_443_TCP_PORT: '443',
      KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
    }
    if (this.pod.spec?.enableServiceLinks !== false) Object.assign(env, this.serviceEnv())
    if (c.spec.tty) env.TERM = 'xterm'
    for (const e of c.spec.envFrom ?? []) {
      const ref = e.configMapRef ?? e.secretRef
      const obj = ref ? this.ctx.api.tryGet(e.configMapRef ? GVRS.configmaps : GVRS.secrets, this.pod.metadata.namespace, ref.name) : undefined
      if (ref && !obj && strict && !ref.optional) throw new EnvConfigError(`${e.configMapRef ? 'configmap' : 'secret'} "${ref.name}" not found`)
      for (const [k, v] of Object.entries<string>(obj?.data ?? {})) env[(e.prefix ?? '') + k] = e.secretRef ? Buffer.from(v, 'base64').toString() : v
    }
    for (const e of c.spec.env ?? []) {
      if (e.value !== undefined) env[e.name] = this.expand([String(e.value)], env)[0]
      else if (e.valueFrom) {
        const v = this.valueFrom(e.valueFrom, c, strict)
        if (v !== undefined) env[e.name] = v
      }
    }
    return env
  }

  /** Docker-links style variables for the Services of the pod's namespace, as kubelet injects them. */
  private serviceEnv(): Record<string, string> {
    const env: Record<string, string> = {}
    let services: KObject[] = []
    try {
      services = this.ctx.api.list(GVRS.services, {namespace: this.pod.metadata.namespace}).items
    } catch {
      return env
    }
    for (const svc of services) {
      const ip = svc.spec?.clusterIP
      if (!ip || ip === 'None' || svc.metadata.namespace !== this.pod.metadata.namespace) continue
      const ports: KObject[] = svc.spec?.ports ?? []
      if (!ports.length) continue
      const base = svc.metadata.name!.toUpperCase().replace(/-/g, '_')
      env[`${base}_SERVICE_HOST`] = ip
      env[`${base}_SERVICE_PORT`] = String(ports[0].port)
      for (const p of ports) if (p.name) env[`${base}_SERVICE_PORT_${String(p.name).toUpperCase().replace(/-/g, '_')}`] = String(p.port)
      const proto0 = String(ports[0].protocol ?? 'TCP').toLowerCase()
      env[`${base}_PORT`] = `${proto0}://${ip}:${ports[0].port}`
      for (const p of ports) {
        const proto = String(p.protocol ?? 'TCP')
        const prefix = `${base}_PORT_${p.port}_${proto.toUpperCase()}`
        env[prefix] = `${proto.toLowerCase()}://${ip}:${p.port}`
        env[`${prefix}_PROTO`] = proto.toLowerCase()
        env[`${prefix}_PORT`] = String(p.port)
        env[`${prefix}_ADDR`] = ip
      }
    }
    return env
  }

  private valueFrom(src: KObject, c: ContainerRuntime, strict = false): string | undefined {
    const pod = this.pod
    if (src.fieldRef) {
      const f = src.fieldRef.fieldPath as string
      const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(f)
      if (m) return pod.metadata[m[1]]?.[m[2]]
      const map: Record<string, string | undefined> = {
        'metadata.name': pod.metadata.name, 'metadata.namespace': pod.metadata.namespace, 'metadata.uid': pod.metadata.uid,
        'spec.nodeName': pod.spec?.nodeName, 'spec.serviceAccountName': pod.spec?.serviceAccountName,
        'status.podIP': this.podIP, 'status.hostIP': this.node.internalIP, 'status.podIPs': this.podIP, 'status.hostIPs': this.node.internalIP,
      }
      return map[f]
    }
    if (src.resourceFieldRef) return c.spec.resources?.limits?.[src.resourceFieldRef.resource.replace(/^limits\./, '')] ?? '0'
    const ref = src.configMapKeyRef ?? src.secretKeyRef
    if (ref) {
      const obj = this.ctx.api.tryGet(src.configMapKeyRef ? GVRS.configmaps : GVRS.secrets, pod.metadata.namespace, ref.name)
      const kind = src.configMapKeyRef ? 'ConfigMap' : 'Secret'
      if (!obj) {
        if (strict && !ref.optional) throw new EnvConfigError(`${kind.toLowerCase()} "${ref.name}" not found`)
        return undefined
      }
      const b = obj.data?.[ref.key]
      if (b === undefined && strict && !ref.optional) throw new EnvConfigError(`couldn't find key ${ref.key} in ${kind} ${pod.metadata.namespace}/${ref.name}`)
      if (src.secretKeyRef) return b === undefined ? undefined : Buffer.from(b, 'base64').toString()
      return b
    }
    return undefined
  }

  /** Kubernetes $(VAR) expansion in command, args and env values. */
  private expand(argv: string[], env: Record<string, string>): string[] {
    return argv.map(a => a.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name) => (m === '$$' ? '$' : env[name] ?? m)))
  }

  /** Start a command in a running container (exec). */
  exec(c: ContainerRuntime, command: string[], tty: boolean): ExecProcess {
    if (!c.running || !c.rootfs) throw new Error(`container not found ("${c.name}")`)
    const env = this.containerEnv(c)
    if (tty) env.TERM = env.TERM ?? 'xterm'
    const binds: [string, string][] = []
    if (c.image.serves && this.ctx.isolation === 'bubblewrap') binds.push([NGINX_SERVER_JS, NGINX_SERVER_IN_CONTAINER])
    const spawnSpec = {
      rootfs: c.rootfs,
      argv: command,
      env,
      workingDir: c.spec.workingDir || c.image.workingDir,
      hostname: this.pod.spec?.hostname || this.pod.metadata.name!,
      binds: [...binds, ...this.volumeBinds(c)],
      tty,
    }
    if (!tty) return wrapChild(spawnContainerProcess(spawnSpec, this.ctx.isolation), this.ctx.isolation, false)
    return lazyTty((cols, rows) => spawnContainerProcess({...spawnSpec, cols, rows}, this.ctx.isolation), this.ctx.isolation)
  }

  /** Attach to the main process of a container. */
  attach(c: ContainerRuntime, tty: boolean): ExecProcess {
    const child = c.child
    if (!c.running || !child) throw new Error(`container ${c.name} is not running`)
    const stdout = new PassThrough()
    const stderr = tty ? null : new PassThrough()
    // kubectl run -i attaches after the container started; replay what it printed so far, as the runtime
    // buffers a stdinOnce container's output for its first attach.
    const firstAttach = !!c.spec.stdin && !c.stdinAttached
    if (firstAttach && c.spec.stdinOnce) {
      for (const r of c.replay) (r.stream === 'stderr' && stderr ? stderr : stdout).write(r.data)
    }
    const onOutput = (stream: 'stdout' | 'stderr', data: Buffer) => (stream === 'stderr' && stderr ? stderr : stdout).write(data)
    c.on('output', onOutput)
    let stdin: PassThrough | null = null
    if (c.spec.stdin && child.stdin && !child.stdin.writableEnded) {
      c.stdinAttached = true
      stdin = new PassThrough()
      stdin.on('data', d => child.stdin?.write(d))
      stdin.on('end', () => {
        if (c.spec.stdinOnce) child.stdin?.end()
      })
    }
    const exited = new Promise<number>(resolve => {
      const done = () => {
        c.off('output', onOutput)
        c.off('exit', done)
        stdout.end()
        stderr?.end()
        resolve(0)
      }
      c.on('exit', done)
      if (!c.child) done()
      stdout.on('close', () => c.off('output', onOutput))
    })
    return {
      stdin,
      stdout,
      stderr,
      resize: (cols, rows) => resizeTty(child, cols, rows),
      kill: () => {
        c.off('output', onOutput)
        stdout.end()
        stderr?.end()
      },
      exited,
    }
  }

  /** The pod got a deletionTimestamp: stop containers gracefully, then remove the pod. */
  terminate(grace: number): void {
    if (this.terminating) return
    this.terminating = true
    this.terminatingSince = Date.now()
    const running = [...this.containers, ...this.initContainers].filter(c => c.running)
    if (running.length === 0) {
      void this.finalDelete()
      return
    }
    for (const c of running) {
      this.event('Normal', 'Killing', `Stopping container ${c.name}`)
      signalWorkload(c.child!, 'SIGTERM', this.ctx.isolation)
    }
    this.killTimer = setTimeout(() => {
      for (const c of running) if (c.child) signalWorkload(c.child, 'SIGKILL', this.ctx.isolation)
    }, Math.max(0, grace) * 1000)
    this.killTimer.unref()
    void Promise.all(running.map(c => c.exited)).then(() => this.finalDelete())
  }

  private async finalDelete(): Promise<void> {
    if (this.killTimer) clearTimeout(this.killTimer)
    // a real kubelet sees a container's exit at its next PLEG relist, so a pod outlives its DELETE by a moment even when
    // its process dies at once; without that, a StatefulSet replica could be recreated under the same name before
    // `kubectl delete` starts watching, and kubectl would wait on the new pod forever
    const early = MIN_TERMINATION_MS - (Date.now() - this.terminatingSince)
    if (early > 0) await sleep(early)
    if (this.gone) return
    this.writeStatus(true)
    try {
      this.ctx.api.delete(GVRS.pods, this.pod.metadata.namespace!, this.pod.metadata.name!, {gracePeriodSeconds: 0, preconditions: {uid: this.pod.metadata.uid}})
    } catch (err) {
      const code = (err as {code?: number}).code
      if (code !== 404 && code !== 409) this.ctx.log(`kubelet: delete ${this.key}: ${(err as Error).message}`)
    }
  }

  /** The pod object is gone: kill everything and free resources. */
  destroy(): void {
    this.gone = true
    if (this.killTimer) clearTimeout(this.killTimer)
    if (this.statusTimer) clearTimeout(this.statusTimer)
    for (const c of [...this.containers, ...this.initContainers]) {
      if (c.child) signalWorkload(c.child, 'SIGKILL', this.ctx.isolation)
      c.writer?.close()
    }
    this.releaseIP()
    // Keep files briefly so a follower can drain, then remove the pod directory.
    setTimeout(() => fs.rm(this.dir, {recursive: true, force: true}, () => {}), 5000).unref()
  }

  /** Stop all processes (sandbox shutdown) without touching the API. */
  async shutdown(): Promise<void> {
    this.gone = true
    if (this.statusTimer) clearTimeout(this.statusTimer)
    const waits: Promise<unknown>[] = []
    for (const c of [...this.containers, ...this.initContainers]) {
      if (c.child) {
        signalWorkload(c.child, 'SIGKILL', this.ctx.isolation)
        if (c.exited) waits.push(c.exited)
      }
    }
    await Promise.race([Promise.all(waits), sleep(2000)])
  }

  private condition(type: string, status: boolean, reason?: string, message?: string): KObject {
    const s = status ? 'True' : 'False'
    let t = this.transitions.get(type)
    if (!t || t.status !== s) {
      const prev = (this.pod.status?.conditions ?? []).find((c: KObject) => c.type === type)
      t = {status: s, time: prev && prev.status === s && !t ? prev.lastTransitionTime : rfc3339()}
      this.transitions.set(type, t)
    }
    const out: KObject = {type, status: s, lastProbeTime: null, lastTransitionTime: t.time} as unknown as KObject
    if (reason) out.reason = reason
    if (message) out.message = message
    return out
  }

  /** Compute the pod status kubelet would report now. */
  computeStatus(): KObject {
    const notReady = this.containers.filter(c => !c.ready).map(c => c.name)
    const initPending = this.initContainers.filter(c => !('terminated' in c.state && c.state.terminated.exitCode === 0)).map(c => c.name)
    let phase = 'Pending'
    const terminated = this.containers.map(c => ('terminated' in c.state ? c.state.terminated.exitCode : undefined))
    if (this.phaseOverride) phase = this.phaseOverride
    else if (this.containers.length && terminated.every(x => x !== undefined) && (this.restartPolicy === 'Never' || (this.restartPolicy === 'OnFailure' && terminated.every(x => x === 0)))) {
      phase = terminated.some(x => x !== 0) ? 'Failed' : 'Succeeded'
    }
    else if (this.initialized && this.containers.some(c => c.running || ('terminated' in c.state) || c.restartCount > 0)) phase = 'Running'
    const completed = phase === 'Succeeded' || phase === 'Failed'
    const readyReason = completed ? 'PodCompleted' : notReady.length ? 'ContainersNotReady' : undefined
    const readyMsg = !completed && notReady.length ? `containers with unready status: [${notReady.join(' ')}]` : undefined
    const conditions = [
      this.condition('PodReadyToStartContainers', this.sandboxReady && !(completed && this.gone)),
      this.condition('Initialized', this.initialized || initPending.length === 0, completed && this.initContainers.length === 0 ? undefined : this.initialized ? undefined : 'ContainersNotInitialized', this.initialized ? undefined : `containers with incomplete status: [${initPending.join(' ')}]`),
      this.condition('Ready', !completed && notReady.length === 0, readyReason, readyMsg),
      this.condition('ContainersReady', !completed && notReady.length === 0, readyReason, readyMsg),
      this.condition('PodScheduled', true),
    ]
    const status: KObject = {
      phase,
      conditions,
      hostIP: this.node.internalIP,
      hostIPs: [{ip: this.node.internalIP}],
      startTime: this.startTime,
    } as unknown as KObject
    if (this.podIP && this.sandboxReady) {
      status.podIP = this.podIP
      status.podIPs = [{ip: this.podIP}]
    }
    if (this.initContainers.length) status.initContainerStatuses = this.initContainers.map(c => c.status())
    status.containerStatuses = this.containers.map(c => c.status())
    status.qosClass = this.pod.status?.qosClass ?? qosClass(this.pod)
    return status
  }

  /** Write status now. */
  writeStatus(final = false): void {
    if (this.gone && !final) return
    const status = this.computeStatus()
    try {
      const updated = this.ctx.api.mutate(GVRS.pods, this.pod.metadata.namespace!, this.pod.metadata.name!, obj => {
        if (obj.metadata.uid !== this.pod.metadata.uid) return false
        obj.status = {...(obj.status ?? {}), ...status}
        if (!status.podIP) {
          delete obj.status.podIP
          delete obj.status.podIPs
        }
      }, {subresource: 'status'})
      if (updated) this.pod = updated
    } catch (err) {
      const code = (err as {code?: number}).code
      if (code !== 404) this.ctx.log(`kubelet: status ${this.key}: ${(err as Error).message}`)
    }
  }
}

/** Status code of GET path on 127.0.0.1:port, or undefined when nothing answers. */
function httpStatus(port: number, urlPath: string, timeoutMs: number): Promise<number | undefined> {
  return new Promise(resolve => {
    const req = http.get({host: '127.0.0.1', port, path: urlPath, agent: false, timeout: timeoutMs, headers: {'User-Agent': 'kube-probe/1.33'}}, res => {
      res.resume()
      resolve(res.statusCode)
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(undefined))
  })
}

/** The QoS class from requests and limits. */
export function qosClass(pod: KObject): string {
  const cs = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]
  let any = false
  let guaranteed = cs.length > 0
  for (const c of cs) {
    const req = c.resources?.requests ?? {}
    const lim = c.resources?.limits ?? {}
    if (Object.keys(req).length || Object.keys(lim).length) any = true
    for (const r of ['cpu', 'memory']) {
      const l = lim[r]
      const q = req[r] ?? l
      if (!l || q !== l) guaranteed = false
    }
  }
  if (!any) return 'BestEffort'
  return guaranteed ? 'Guaranteed' : 'Burstable'
}

/**
 * A terminal session whose process starts at the client's first resize (kubectl sends its size first), so the
 * command sees the right terminal size from the start; without a resize it starts after a short wait.
 */
export function lazyTty(start: (cols?: number, rows?: number) => ChildProcess, isolation: Isolation): ExecProcess {
  const stdin = new PassThrough()
  const stdout = new PassThrough()
  let inner: ExecProcess | undefined
  let killed = false
  let resolveExit!: (code: number) => void
  let rejectExit!: (err: Error) => void
  const exited = new Promise<number>((res, rej) => {
    resolveExit = res
    rejectExit = rej
  })
  const begin = (cols?: number, rows?: number) => {
    if (inner || killed) return
    const child = start(cols, rows)
    inner = wrapChild(child, isolation, true)
    if (child.stdin) stdin.pipe(child.stdin)
    child.stdout?.pipe(stdout)
    child.stderr?.on('data', (d: Buffer) => stdout.write(d))
    inner.exited.then(resolveExit, rejectExit)
  }
  setTimeout(() => begin(), 300).unref()
  return {
    stdin,
    stdout,
    stderr: null,
    resize: (cols, rows) => (inner ? inner.resize(cols, rows) : begin(cols, rows)),
    kill: () => {
      if (inner) inner.kill()
      else if (!killed) {
        killed = true
        stdout.end()
        resolveExit(137)
      }
    },
    exited,
  }
}

/** Adapt a child process to ExecProcess. */
export function wrapChild(child: ChildProcess, isolation: Isolation, tty: boolean): ExecProcess {
  child.stdin?.on('error', () => {})
  const exited = new Promise<number>((resolve, reject) => {
    let stdoutDone = false
    let stderrDone = false
    let exit: number | undefined
    let lastData = Date.now()
    const settle = () => {
      if (exit !== undefined && stdoutDone && stderrDone) resolve(exit)
    }
    child.stdout!.on('data', () => { lastData = Date.now() })
    child.stderr!.on('data', () => { lastData = Date.now() })
    for (const ev of ['end', 'close']) {
      child.stdout!.on(ev, () => { stdoutDone = true; settle() })
      child.stderr!.on(ev, () => { stderrDone = true; settle() })
    }
    child.on('error', err => reject(new Error(`failed to exec: ${err.message}`)))
    child.on('exit', (code, signal) => {
      exit = exitCodeOf(code, signal)
      settle()
      // Background children of a plain process can keep the pipes open forever; stop waiting once they go quiet.
      const t = setInterval(() => {
        if (Date.now() - lastData > 1000 && (isolation === 'process' || Date.now() - lastData > 5000)) {
          clearInterval(t)
          stdoutDone = stderrDone = true
          settle()
        }
      }, 250)
      t.unref()
      void Promise.resolve().then(() => { if (stdoutDone && stderrDone) clearInterval(t) })
    })
  })
  return {
    stdin: child.stdin,
    stdout: child.stdout!,
    stderr: tty ? null : child.stderr,
    resize: (cols, rows) => { if (tty) resizeTty(child, cols, rows) },
    kill: () => signalWorkload(child, 'SIGKILL', isolation),
    exited,
  }
}

/** A reference the container's environment needs is missing: kubelet's CreateContainerConfigError. */
class EnvConfigError extends Error {}
