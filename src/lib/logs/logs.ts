// `kctl logs`: kubectl's pod/container selection, PodLogOptions query, and byte-exact streaming (piped with
// backpressure; line-buffered only when prefixes or several concurrent follows need whole lines).
import type * as http from 'node:http'
import {KctlError, UsageError, FlagError, AggregateKctlError} from '../cli/errors.js'
import type {IO} from '../cli/io.js'
import type {KubeClient} from '../client/index.js'
import {PODS} from '../client/discovery.js'
import {podForArg, chooseContainer, compareForLogging} from '../exec/pod.js'
import {sanitizeControl} from '../cli/sanitize.js'
import {rawLogStream} from './raw.js'

/** Options of `kctl logs`. */
export interface LogsOptions {
  target?: string
  container?: string
  selector?: string
  allContainers: boolean
  follow: boolean
  previous: boolean
  timestamps: boolean
  prefix: boolean
  tail: number
  sinceSeconds?: number
  sinceTime?: string
  limitBytes?: number
  maxLogRequests: number
  ignoreErrors: boolean
  insecureSkipTLSVerifyBackend: boolean
  /** --pod-running-timeout: how long TYPE/NAME waits for a pod to exist. */
  podRunningTimeoutMs: number
}

const GO_UNITS: Record<string, number> = {ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000}

/** Go's time.ParseDuration (as pflag's Duration flags use it) in milliseconds, with pflag's error text. */
export function parseGoDuration(value: string, flag: string): number {
  const bad = (why: string) => new FlagError(`invalid argument "${value}" for "--${flag}" flag: time: ${why}`)
  let s = value
  let sign = 1
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s[0] === '-' ? -1 : 1
    s = s.slice(1)
  }
  if (s === '0') return 0
  if (s === '') throw bad(`invalid duration ${JSON.stringify(value)}`)
  let total = 0
  while (s !== '') {
    const m = /^(\d*)(\.\d*)?/.exec(s)!
    if (m[0] === '' || m[0] === '.') throw bad(`invalid duration ${JSON.stringify(value)}`)
    s = s.slice(m[0].length)
    const u = /^[^\d.]*/.exec(s)![0]
    if (u === '') throw bad(`missing unit in duration ${JSON.stringify(value)}`)
    if (!(u in GO_UNITS)) throw bad(`unknown unit ${JSON.stringify(u)} in duration ${JSON.stringify(value)}`)
    total += Number(m[0].startsWith('.') ? `0${m[0]}` : m[0]) * GO_UNITS[u]
    s = s.slice(u.length)
  }
  return sign * total
}

/** kubectl's GetPodRunningTimeoutFlag: a Go duration that must be positive. */
export function podRunningTimeout(value: string | undefined, fallback: string): number {
  const ms = parseGoDuration(value ?? fallback, 'pod-running-timeout')
  if (ms <= 0) throw new KctlError('--pod-running-timeout must be higher than zero')
  return ms
}

/** Flags → options with kubectl's validation messages and defaults (tail 10 with a selector). */
export function logsOptions(positionals: string[], f: Record<string, any>, sinceMs: number): LogsOptions {
  const selector: string | undefined = f.selector || undefined
  if (positionals.length === 0 && !selector) {
    throw new UsageError("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command")
  }
  if (selector && positionals.length > 0) throw new KctlError('only a selector (-l) or a POD name is allowed')
  if (positionals.length > 2) throw new UsageError("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command")
  // kubectl reads the timeout in Complete, right after the argument count checks and before any validation.
  const podRunningTimeoutMs = podRunningTimeout(f['pod-running-timeout'], '20s')
  let container: string | undefined = f.container || undefined
  if (positionals.length === 2) {
    if (container) throw new KctlError('only one of -c or an inline [CONTAINER] arg is allowed')
    container = positionals[1]
  }
  if (f['all-containers'] && container) throw new KctlError(`--all-containers=true should not be specified with container name ${container}`)
  const tailGiven = f.tail !== undefined
  const tail = tailGiven ? Number(f.tail) : selector ? 10 : -1
  if (!Number.isInteger(tail)) throw new KctlError(`invalid argument "${f.tail}" for "--tail" flag: strconv.ParseInt: parsing "${f.tail}": invalid syntax`)
  if (f['limit-bytes'] !== undefined && Number(f['limit-bytes']) < 1) throw new KctlError('--limit-bytes must be greater than 0')
  if (f['since-time'] && sinceMs !== 0) throw new KctlError('at most one of `sinceTime` or `sinceSeconds` may be specified')
  if (sinceMs < 0) throw new KctlError('--since must be greater than 0')
  if (tail < -1) throw new KctlError('--tail must be greater than or equal to -1')
  let sinceTime: string | undefined
  if (f['since-time']) {
    const d = new Date(f['since-time'])
    if (Number.isNaN(d.getTime()) || !/^\d{4}-\d\d-\d\dT/.test(f['since-time'])) throw new KctlError(`parsing time "${f['since-time']}" as "2006-01-02T15:04:05Z07:00": cannot parse "${f['since-time']}" as "2006"`)
    sinceTime = d.toISOString().replace(/\.\d{3}Z$/, 'Z')
  }
  return {
    target: positionals[0],
    container,
    selector,
    allContainers: Boolean(f['all-containers']),
    follow: Boolean(f.follow),
    previous: Boolean(f.previous),
    timestamps: Boolean(f.timestamps),
    prefix: Boolean(f.prefix) || Boolean(f['all-pods']),
    tail,
    sinceSeconds: sinceMs > 0 ? Math.max(1, Math.ceil(sinceMs / 1000)) : undefined,
    sinceTime,
    limitBytes: f['limit-bytes'] !== undefined ? Number(f['limit-bytes']) : undefined,
    maxLogRequests: f['max-log-requests'] ?? 5,
    ignoreErrors: Boolean(f['ignore-errors']),
    insecureSkipTLSVerifyBackend: Boolean(f['insecure-skip-tls-verify-backend']),
    podRunningTimeoutMs,
  }
}

/** One pod/container stream to read. */
export interface LogRequest {
  namespace: string
  pod: string
  container: string
}

/** The PodLogOptions query kubectl sends. */
export function logQuery(o: LogsOptions, container: string): Record<string, string | number | undefined> {
  return {
    container,
    follow: o.follow ? 'true' : undefined,
    insecureSkipTLSVerifyBackend: o.insecureSkipTLSVerifyBackend ? 'true' : undefined,
    limitBytes: o.limitBytes,
    previous: o.previous ? 'true' : undefined,
    sinceSeconds: o.sinceSeconds,
    sinceTime: o.sinceTime,
    tailLines: o.tail >= 0 ? o.tail : undefined,
    timestamps: o.timestamps ? 'true' : undefined,
  }
}

function containersOf(pod: any, o: LogsOptions, note: (s: string) => void): string[] {
  if (o.allContainers) {
    // kubectl's documented order: init, regular, ephemeral (kubectl 1.33 was seen interleaving them nondeterministically).
    return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c: any) => c.name)
  }
  const c = chooseContainer(pod, o.container, note)
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])]
  if (o.container && !all.some((x: any) => x.name === o.container)) throw new KctlError(`container ${o.container} is not valid for pod ${pod.metadata.name}`)
  return [c]
}

/** Resolves the streams to read: one pod (POD, TYPE/NAME) or every pod matching -l. */
export async function logRequests(client: KubeClient, o: LogsOptions, io: IO): Promise<LogRequest[]> {
  const namespace = client.namespace
  const note = (s: string) => io.err.write(s)
  let pods: any[]
  if (o.selector) {
    const list = await client.list(PODS, namespace, {labelSelector: o.selector})
    pods = list.items ?? []
    if (pods.length === 0) {
      io.err.write(`No resources found in ${namespace} namespace.\n`)
      return []
    }
  } else {
    const {pod, found} = await podForArg(client, namespace, o.target!, {notFoundInNamespace: true, waitMs: o.podRunningTimeoutMs})
    if (found > 1) note(`Found ${found} pods, using pod/${pod.metadata.name}\n`)
    pods = [pod]
  }
  const out: LogRequest[] = []
  for (const pod of pods) {
    for (const c of containersOf(pod, o, note)) out.push({namespace: pod.metadata.namespace ?? namespace, pod: pod.metadata.name, container: c})
  }
  return out
}

function logPath(r: LogRequest): string {
  return `/api/v1/namespaces/${encodeURIComponent(r.namespace)}/pods/${encodeURIComponent(r.pod)}/log`
}

async function openLog(client: KubeClient, o: LogsOptions, r: LogRequest): Promise<http.IncomingMessage> {
  const res = await client.rest.stream({
    method: 'GET',
    path: logPath(r),
    query: logQuery(o, r.container),
    accept: 'application/json, */*',
  })
  // A follow may be silent for hours; TCP keepalive notices a peer that vanished instead of hanging forever.
  res.socket?.setKeepAlive(true, 10000)
  return res
}

function pipeRaw(res: http.IncomingMessage, out: IO['out']): Promise<void> {
  // Servers may send one HTTP chunk per log line; writing each one is a syscall (synchronous for files), so
  // chunks are gathered and written in batches of up to 256 KiB, flushed as soon as the socket goes idle.
  let pending: Buffer[] = []
  let size = 0
  let scheduled = false
  const flush = () => {
    scheduled = false
    if (size === 0) return
    const data = pending.length === 1 ? pending[0] : Buffer.concat(pending, size)
    pending = []
    size = 0
    if (!out.write(data)) {
      res.pause()
      out.once('drain', () => res.resume())
    }
  }
  return new Promise((resolve, reject) => {
    res.on('data', (chunk: Buffer) => {
      pending.push(chunk)
      size += chunk.length
      if (size >= 256 * 1024) flush()
      else if (!scheduled) {
        scheduled = true
        setImmediate(flush)
      }
    })
    res.once('end', () => {
      flush()
      resolve()
    })
    res.once('aborted', () => {
      flush()
      reject(new KctlError('the log stream ended unexpectedly (connection to the server lost)'))
    })
    res.once('error', (err) => {
      flush()
      reject(new KctlError(`error reading the log stream: ${err.message}`))
    })
  })
}

/** Writes whole lines with a prefix; on a terminal, escape sequences in the log are neutralised so they cannot colour the next prefix. */
function pipeLines(res: http.IncomingMessage, out: IO['out'], prefix: string, sanitize: boolean): Promise<void> {
  let rest = Buffer.alloc(0)
  const emit = (line: Buffer) => {
    const text = sanitize ? Buffer.from(sanitizeControl(line.toString('utf8'))) : line
    return out.write(Buffer.concat([Buffer.from(prefix), text]))
  }
  return new Promise((resolve, reject) => {
    res.on('data', (chunk: Buffer) => {
      let buf = rest.length ? Buffer.concat([rest, chunk]) : chunk
      let i: number
      let ok = true
      while ((i = buf.indexOf(10)) >= 0) {
        ok = emit(buf.subarray(0, i + 1)) && ok
        buf = buf.subarray(i + 1)
      }
      rest = Buffer.from(buf)
      if (!ok) {
        res.pause()
        out.once('drain', () => res.resume())
      }
    })
    res.once('end', () => {
      if (rest.length) emit(Buffer.concat([rest, Buffer.from('\n')]))
      resolve()
    })
    res.once('aborted', () => reject(new KctlError('the log stream ended unexpectedly (connection to the server lost)')))
    res.once('error', (err) => reject(new KctlError(`error reading the log stream: ${err.message}`)))
  })
}

/** Prints the logs. */
export async function runLogs(client: KubeClient, o: LogsOptions, io: IO): Promise<void> {
  const requests = await logRequests(client, o, io)
  if (requests.length === 0) return
  if (o.follow && requests.length > o.maxLogRequests) {
    throw new KctlError(`you are attempting to follow ${requests.length} log streams, but maximum allowed concurrency is ${o.maxLogRequests}, use --max-log-requests to increase the limit`)
  }
  const tty = Boolean(io.out.isTTY)
  const one = async (r: LogRequest, lines: boolean) => {
    try {
      if (!o.prefix && !lines && client.rest.rawUsable()) {
        const pathWithQuery = client.rest.pathWithQuery(logPath(r), logQuery(o, r.container))
        if ((await rawLogStream(client, pathWithQuery, io.out, {keepAlive: o.follow})) === 'done') return
      }
      const res = await openLog(client, o, r)
      if (o.prefix || lines) await pipeLines(res, io.out, o.prefix ? `[pod/${r.pod}/${r.container}] ` : '', tty)
      else await pipeRaw(res, io.out)
    } catch (err) {
      if (!o.ignoreErrors) throw err
      io.out.write(`error: ${(err as Error).message}\n`)
    }
  }
  if (o.follow && requests.length > 1) {
    const results = await Promise.allSettled(requests.map((r) => one(r, true)))
    const errors = results.filter((x): x is PromiseRejectedResult => x.status === 'rejected').map((x) => x.reason as Error)
    if (errors.length === 1) throw errors[0]
    if (errors.length) throw new AggregateKctlError(errors)
    return
  }
  for (const r of requests) await one(r, false)
}

export {compareForLogging}
