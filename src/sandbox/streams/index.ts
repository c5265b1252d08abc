// Pod streaming subresources on the wire: pods/log over chunked HTTP, exec/attach over WebSocket channel
// protocols (v5/v4…) or SPDY, and port-forward over WebSocket (portforward.k8s.io), SPDY tunnelled in WebSocket,
// and plain SPDY.
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {Socket} from 'node:net'
import type {Duplex} from 'node:stream'
import {WebSocketServer, type WebSocket} from 'ws'
import {ApiError, type ExecProcess, type KObject, type KubeletHooks, type LogOptions} from '../types.js'
import {SpdySession, type SpdyStream} from './spdy.js'

/** Upgrade context from the HTTP layer. */
export interface UpgradeContext {
  pod: KObject
  subresource: 'exec' | 'attach' | 'portforward'
  query: URLSearchParams
  hooks: KubeletHooks
}

function statusBody(code: number, reason: string, message: string): string {
  return JSON.stringify({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code})
}

function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  return new ApiError(500, 'InternalError', (err as Error)?.message ?? String(err))
}

const debug = process.env.KCTL_STREAMS_DEBUG ? (m: string) => process.stderr.write(`streams: ${m}\n`) : () => {}

// ---------------------------------------------------------------- pods/log

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name)
  if (v === null || v === '') return undefined
  const n = Number(v)
  if (!Number.isInteger(n)) throw new ApiError(400, 'BadRequest', `strconv.ParseInt: parsing "${v}": invalid syntax`)
  return n
}

function defaultContainer(pod: KObject, q: URLSearchParams): string {
  const c = q.get('container')
  if (c) return c
  const names: string[] = (pod.spec?.containers ?? []).map((x: KObject) => x.name)
  if (names.length === 1) return names[0]
  throw new ApiError(400, 'BadRequest', `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`)
}

/** Parse PodLogOptions from the query (the same validation kube-apiserver does). */
export function logOptions(pod: KObject, q: URLSearchParams): LogOptions {
  const opts: LogOptions = {container: defaultContainer(pod, q)}
  const bool = (n: string) => q.get(n) === 'true' || q.get(n) === '1'
  opts.follow = bool('follow')
  opts.previous = bool('previous')
  opts.timestamps = bool('timestamps')
  opts.tailLines = intParam(q, 'tailLines')
  opts.sinceSeconds = intParam(q, 'sinceSeconds')
  opts.limitBytes = intParam(q, 'limitBytes')
  const st = q.get('sinceTime')
  if (st) {
    if (Number.isNaN(Date.parse(st))) throw new ApiError(400, 'BadRequest', `parsing time "${st}" as "2006-01-02T15:04:05Z07:00": cannot parse "${st}" as "2006"`)
    opts.sinceTime = st
  }
  const causes: {reason: string; message: string; field: string}[] = []
  if (opts.sinceSeconds !== undefined && opts.sinceTime) causes.push({reason: 'FieldValueForbidden', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified', field: ''})
  if (opts.sinceSeconds !== undefined && opts.sinceSeconds < 1) causes.push({reason: 'FieldValueInvalid', message: 'Invalid value: ' + opts.sinceSeconds + ': must be greater than 0', field: 'sinceSeconds'})
  if (opts.tailLines !== undefined && opts.tailLines < 0) causes.push({reason: 'FieldValueInvalid', message: 'Invalid value: ' + opts.tailLines + ': must be greater than or equal to 0', field: 'tailLines'})
  if (opts.limitBytes !== undefined && opts.limitBytes < 1) causes.push({reason: 'FieldValueInvalid', message: 'Invalid value: ' + opts.limitBytes + ': must be greater than 0', field: 'limitBytes'})
  if (causes.length) {
    const msg = `PodLogOptions "${pod.metadata.name}" is invalid: ${causes.map(c => (c.field ? `${c.field}: ` : '') + c.message).join(', ')}`
    throw new ApiError(422, 'Invalid', msg, {name: pod.metadata.name, kind: 'PodLogOptions', causes})
  }
  return opts
}

/** Serve GET pods/{name}/log: chunked text/plain; errors before the first byte become Status responses. */
export function handlePodLog(req: IncomingMessage, res: ServerResponse, pod: KObject, query: URLSearchParams, hooks: KubeletHooks): void {
  const sendError = (err: unknown) => {
    const e = asApiError(err)
    if (res.headersSent) {
      res.end()
      return
    }
    const body = JSON.stringify(e.toStatus())
    res.writeHead(e.code, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body)})
    res.end(body)
  }
  let opts: LogOptions
  try {
    opts = logOptions(pod, query)
  } catch (err) {
    sendError(err)
    return
  }
  const ac = new AbortController()
  req.on('close', () => ac.abort())
  res.on('close', () => ac.abort())
  let started = false
  const pending: Buffer[] = []
  const begin = () => {
    if (started) return
    started = true
    res.writeHead(200, {'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private'})
    res.flushHeaders()
    for (const b of pending) res.write(b)
    pending.length = 0
  }
  const out = {
    write(chunk: Buffer | string): boolean {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)
      if (!started) pending.push(b)
      else res.write(b)
      return true
    },
  } as unknown as NodeJS.WritableStream
  let failed = false
  const p = hooks.streamLogs(pod, opts, out, ac.signal)
  p.then(() => {
    begin()
    res.end()
  }, err => {
    failed = true
    if (!started) sendError(err)
    else res.end()
  })
  // Validation errors surface within a tick; after that the stream is live and headers go out at once
  // (kubectl logs -f waits for them).
  setImmediate(() => {
    if (!failed && !res.writableEnded) begin()
  })
}

// ---------------------------------------------------------------- upgrades

function rejectUpgrade(socket: Duplex, err: unknown): void {
  const e = asApiError(err)
  const body = statusBody(e.code, e.reason, e.message)
  const text = {400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error'}[e.code] ?? 'Error'
  socket.end(`HTTP/1.1 ${e.code} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
}

function offeredProtocols(req: IncomingMessage): string[] {
  const h = req.headers['sec-websocket-protocol']
  return (Array.isArray(h) ? h.join(',') : h ?? '').split(',').map(s => s.trim()).filter(Boolean)
}

function streamVersions(req: IncomingMessage): string[] {
  const h = req.headers['x-stream-protocol-version']
  return (Array.isArray(h) ? h.join(',') : h ?? '').split(',').map(s => s.trim()).filter(Boolean)
}

const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io']
const PORTFORWARD_WS_PROTOCOLS = ['v4.channel.k8s.io', 'portforward.k8s.io', 'channel.k8s.io']
const SPDY_TUNNEL = 'SPDY/3.1+portforward.k8s.io'

let wss: WebSocketServer | undefined
function wsServer(): WebSocketServer {
  // One server for all upgrades; the chosen subprotocol travels on the request.
  if (!wss) {
    wss = new WebSocketServer({noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024})
    // ws rejects "SPDY/3.1+portforward.k8s.io" as a token, so we negotiate ourselves and add the header here.
    wss.on('headers', (headers: string[], req: IncomingMessage & {kctlProtocol?: string}) => {
      if (req.kctlProtocol) headers.push(`Sec-WebSocket-Protocol: ${req.kctlProtocol}`)
    })
  }
  return wss
}

function acceptWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer, protocol: string, fn: (ws: WebSocket) => void): void {
  ;(req as IncomingMessage & {kctlProtocol?: string}).kctlProtocol = protocol
  delete req.headers['sec-websocket-protocol']
  wsServer().handleUpgrade(req, socket, head, fn)
}

interface StreamRequest {
  container: string
  command: string[]
  stdin: boolean
  stdout: boolean
  stderr: boolean
  tty: boolean
}

function streamRequest(ctx: UpgradeContext): StreamRequest {
  const q = ctx.query
  const bool = (n: string) => q.get(n) === 'true' || q.get(n) === '1'
  const pod = ctx.pod
  const container = defaultContainer(pod, q)
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])]
  if (!all.some((c: KObject) => c.name === container)) throw new ApiError(400, 'BadRequest', `container ${container} is not valid for pod ${pod.metadata.name}`)
  const r: StreamRequest = {container, command: q.getAll('command'), stdin: bool('stdin'), stdout: bool('stdout'), stderr: bool('stderr'), tty: bool('tty')}
  if (ctx.subresource === 'exec' && r.command.length === 0) throw new ApiError(400, 'BadRequest', 'you must specify at least one command for the container')
  if (!r.stdin && !r.stdout && !r.stderr) throw new ApiError(400, 'BadRequest', 'you must specify at least 1 of stdin, stdout, stderr')
  if (r.tty && r.stderr) r.stderr = false
  const phase = pod.status?.phase
  if (phase === 'Succeeded' || phase === 'Failed') throw new ApiError(400, 'BadRequest', `cannot ${ctx.subresource === 'exec' ? 'exec into' : 'attach to'} a container in a completed pod; current phase is ${phase}`)
  return r
}

function startProcess(ctx: UpgradeContext, r: StreamRequest): ExecProcess {
  try {
    return ctx.subresource === 'exec' ? ctx.hooks.exec(ctx.pod, r.container, r.command, r.tty) : ctx.hooks.attach(ctx.pod, r.container, r.tty)
  } catch (err) {
    if (err instanceof ApiError) throw err
    const msg = (err as Error).message
    // kubelet answers 404 for a container that has no running instance yet.
    if (msg.startsWith('container not found')) throw new ApiError(404, 'NotFound', msg)
    throw new ApiError(500, 'InternalError', `error executing command in container: ${msg}`)
  }
}

/** The metav1.Status kubelet sends on the error channel when a command ends. */
export function exitStatus(command: string[], code: number): string {
  if (code === 0) return JSON.stringify({metadata: {}, status: 'Success'})
  return JSON.stringify({
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: {causes: [{reason: 'ExitCode', message: String(code)}]},
  })
}

function errorStatus(message: string): string {
  return JSON.stringify({metadata: {}, status: 'Failure', message, reason: 'InternalError', details: {causes: [{message}]}, code: 500})
}

/** Handle an upgrade request for pods/exec, pods/attach or pods/portforward. */
export function handlePodUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, ctx: UpgradeContext): void {
  try {
    const upgrade = String(req.headers.upgrade ?? '').toLowerCase()
    if (ctx.subresource === 'portforward') {
      if (upgrade === 'websocket') {
        const offered = offeredProtocols(req)
        if (offered.includes(SPDY_TUNNEL)) {
          acceptWebSocket(req, socket, head, SPDY_TUNNEL, ws => spdyPortForwardOverWs(ws, ctx))
          return
        }
        const proto = PORTFORWARD_WS_PROTOCOLS.find(p => offered.includes(p))
        if (!proto && offered.length) throw new ApiError(400, 'BadRequest', `unable to upgrade: unsupported protocols: ${offered.join(', ')}`)
        const ports = ctx.query.getAll('ports').flatMap(p => p.split(',')).filter(Boolean).map(Number)
        if (!ports.length || ports.some(p => !Number.isInteger(p) || p < 1 || p > 65535)) throw new ApiError(400, 'BadRequest', 'query parameter "port" is required')
        acceptWebSocket(req, socket, head, proto ?? '', ws => wsPortForward(ws, ctx, ports))
        return
      }
      if (upgrade.startsWith('spdy/3.1')) {
        const versions = streamVersions(req)
        if (versions.length && !versions.includes('portforward.k8s.io')) throw new ApiError(403, 'Forbidden', `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(versions)}, server supports [portforward.k8s.io]`)
        const sock = rawSpdyUpgrade(socket, 'portforward.k8s.io')
        spdyPortForward(sock, head, ctx)
        return
      }
      throw new ApiError(400, 'BadRequest', 'Upgrade request required')
    }
    const r = streamRequest(ctx)
    if (upgrade === 'websocket') {
      const offered = offeredProtocols(req)
      const proto = CHANNEL_PROTOCOLS.find(p => offered.includes(p))
      if (!proto) throw new ApiError(400, 'BadRequest', `unable to upgrade: unsupported protocols: ${offered.join(', ') || '(none)'}`)
      let proc: ExecProcess
      try {
        proc = startProcess(ctx, r)
      } catch (err) {
        // kube-apiserver has already accepted the WebSocket when the kubelet refuses, so the refusal arrives
        // as a Status on the error channel, worded as its SPDY client reports it.
        const e = asApiError(err)
        const message = e.code === 404 ? `unable to upgrade connection: ${e.message}` : e.message
        acceptWebSocket(req, socket, head, proto, ws => {
          ws.send(Buffer.concat([Buffer.from([3]), Buffer.from(proto === 'v5.channel.k8s.io' || proto === 'v4.channel.k8s.io' ? errorStatus(message) : message)]))
          ws.close(1000)
        })
        return
      }
      acceptWebSocket(req, socket, head, proto, ws => wsChannels(ws, proto, r, proc))
      return
    }
    if (upgrade.startsWith('spdy/3.1')) {
      const offered = streamVersions(req)
      const supported = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io']
      const proto = supported.find(p => offered.includes(p))
      if (!proto) throw new ApiError(403, 'Forbidden', `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(offered)}, server supports ${JSON.stringify(supported)}`)
      // The process starts once the client has opened its streams, so no output can race ahead of them.
      const sock = rawSpdyUpgrade(socket, proto)
      spdyChannels(sock, head, proto, r, () => startProcess(ctx, r))
      return
    }
    throw new ApiError(400, 'BadRequest', 'Upgrade request required')
  } catch (err) {
    rejectUpgrade(socket, err)
  }
}

// ---------------------------------------------------------------- exec/attach over WebSocket

function wsChannels(ws: WebSocket, proto: string, r: StreamRequest, proc: ExecProcess): void {
  const v5 = proto === 'v5.channel.k8s.io'
  const v4 = v5 || proto === 'v4.channel.k8s.io'
  const send = (ch: number, data: Buffer | string) => {
    if (ws.readyState !== ws.OPEN) return
    ws.send(Buffer.concat([Buffer.from([ch]), Buffer.isBuffer(data) ? data : Buffer.from(data)]))
  }
  if (r.stdout) proc.stdout.on('data', (d: Buffer) => send(1, d))
  else proc.stdout.resume()
  if (proc.stderr) {
    if (r.stderr) proc.stderr.on('data', (d: Buffer) => send(2, d))
    else proc.stderr.resume()
  }
  if (!r.stdin) proc.stdin?.end()
  let sawStdin = false
  ws.on('message', (msg: Buffer, isBinary: boolean) => {
    const data = isBinary ? msg : Buffer.from(msg.toString(), 'base64')
    if (!data.length) return
    const ch = data[0]
    const rest = data.subarray(1)
    if (ch === 0 && r.stdin) {
      // kubectl opens a terminal session with a lone NUL on stdin; a terminal would echo it as ^@.
      if (r.tty && !sawStdin && rest.length === 1 && rest[0] === 0) {
        sawStdin = true
        return
      }
      sawStdin = true
      if (rest.length) proc.stdin?.write(rest)
    } else if (ch === 4) {
      try {
        const size = JSON.parse(rest.toString())
        proc.resize(size.Width, size.Height)
      } catch {}
    } else if (ch === 255 && v5 && rest[0] === 0) {
      proc.stdin?.end()
    }
  })
  let finished = false
  ws.on('close', () => {
    if (!finished) proc.kill()
  })
  ws.on('error', () => proc.kill())
  proc.exited.then(
    code => {
      finished = true
      send(3, v4 ? exitStatus(r.command, code) : code === 0 ? '' : `command terminated with non-zero exit code: exit code ${code}`)
      ws.close(1000)
    },
    err => {
      finished = true
      send(3, v4 ? errorStatus((err as Error).message) : (err as Error).message)
      ws.close(1000)
    },
  )
}

// ---------------------------------------------------------------- SPDY

function rawSpdyUpgrade(socket: Duplex, protocol: string): Duplex {
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${protocol}\r\n\r\n`)
  ;(socket as Socket).setNoDelay?.(true)
  return socket
}

function sessionOn(socket: Duplex, head: Buffer): SpdySession {
  const session = new SpdySession(b => {
    if (!socket.destroyed) socket.write(b)
  })
  session.on('error', (e: Error) => debug(`spdy error: ${e.stack}`))
  session.on('close', () => debug('spdy session closed'))
  socket.on('data', (d: Buffer) => session.feed(d))
  socket.on('close', () => session.end())
  socket.on('error', () => session.end())
  session.on('error', () => socket.destroy())
  session.on('close', () => socket.destroy())
  if (head?.length) session.feed(head)
  return session
}

function spdyChannels(socket: Duplex, head: Buffer, proto: string, r: StreamRequest, start: () => ExecProcess): void {
  const session = sessionOn(socket, head)
  const streams: Record<string, SpdyStream> = {}
  const expected = ['error', ...(r.stdin ? ['stdin'] : []), ...(r.stdout ? ['stdout'] : []), ...(r.stderr ? ['stderr'] : []), ...(r.tty && proto !== 'channel.k8s.io' && proto !== 'v2.channel.k8s.io' ? ['resize'] : [])]
  let started = false
  const timeout = setTimeout(() => {
    if (!started) socket.destroy()
  }, 30_000)
  timeout.unref()
  session.on('stream', (s: SpdyStream) => {
    const type = s.headers.streamtype
    streams[type] = s
    if (type === 'stdin' || type === 'resize' || type === 'error') s.on('error', () => {})
    if (!started && expected.every(t => streams[t])) {
      started = true
      clearTimeout(timeout)
      wire()
    }
  })
  const wire = () => {
    let proc: ExecProcess
    try {
      proc = start()
    } catch (err) {
      const msg = (err as Error).message
      streams.error.write(proto === 'v4.channel.k8s.io' ? errorStatus(msg) : msg)
      streams.error.end()
      streams.stdout?.end()
      streams.stderr?.end()
      setTimeout(() => socket.end(), 100).unref()
      return
    }
    if (streams.stdout) proc.stdout.on('data', (d: Buffer) => streams.stdout.write(d))
    else proc.stdout.resume()
    if (proc.stderr) {
      if (streams.stderr) proc.stderr.on('data', (d: Buffer) => streams.stderr.write(d))
      else proc.stderr.resume()
    }
    if (streams.stdin) {
      streams.stdin.on('data', (d: Buffer) => proc.stdin?.write(d))
      streams.stdin.on('end', () => proc.stdin?.end())
    } else proc.stdin?.end()
    if (streams.resize) {
      let buf = ''
      streams.resize.on('data', (d: Buffer) => {
        buf += d.toString()
        let i: number
        while ((i = buf.indexOf('}')) >= 0) {
          try {
            const size = JSON.parse(buf.slice(0, i + 1))
            proc.resize(size.Width, size.Height)
          } catch {}
          buf = buf.slice(i + 1).replace(/^\s+/, '')
        }
      })
    }
    session.on('close', () => proc.kill())
    const finish = (status: string) => {
      streams.stdout?.end()
      streams.stderr?.end()
      if (status) streams.error.write(status)
      streams.error.end()
      setTimeout(() => {
        session.goAway()
        socket.end()
      }, 100).unref()
    }
    proc.exited.then(
      code => finish(proto === 'v4.channel.k8s.io' ? exitStatus(r.command, code) : code === 0 ? '' : `command terminated with non-zero exit code: exit code ${code}`),
      err => finish(proto === 'v4.channel.k8s.io' ? errorStatus((err as Error).message) : (err as Error).message),
    )
  }
}

/** Port-forward over a SPDY session: each connection is a pair of streams (error, data) sharing a requestid. */
function servePortForwardSession(session: SpdySession, ctx: UpgradeContext): void {
  const pairs = new Map<string, {error?: SpdyStream; data?: SpdyStream}>()
  session.on('stream', (s: SpdyStream) => {
    s.on('error', () => {})
    const id = s.headers.requestid ?? ''
    const port = Number(s.headers.port)
    let pair = pairs.get(id)
    if (!pair) pairs.set(id, (pair = {}))
    if (s.headers.streamtype === 'error') {
      pair.error = s
      // kubectl never writes to the error stream; reading it drains the FIN.
      s.resume()
    } else if (s.headers.streamtype === 'data') pair.data = s
    else {
      s.reset()
      return
    }
    if (!pair.error || !pair.data) return
    const {error, data} = pair
    pairs.delete(id)
    ctx.hooks.connect(ctx.pod, port).then(
      tcp => {
        tcp.setNoDelay(true)
        data.pipe(tcp)
        tcp.on('data', (d: Buffer) => data.write(d))
        const done = () => {
          data.end()
          error.end()
        }
        tcp.on('end', done)
        tcp.on('error', done)
        tcp.on('close', done)
        data.on('close', () => tcp.destroy())
      },
      (err: Error) => {
        error.write(err.message)
        error.end()
        data.end()
      },
    )
  })
}

function spdyPortForward(socket: Duplex, head: Buffer, ctx: UpgradeContext): void {
  servePortForwardSession(sessionOn(socket, head), ctx)
}

function spdyPortForwardOverWs(ws: WebSocket, ctx: UpgradeContext): void {
  const session = new SpdySession(b => {
    if (ws.readyState === ws.OPEN) ws.send(b, {binary: true})
  })
  ws.on('message', (d: Buffer) => session.feed(Buffer.isBuffer(d) ? d : Buffer.from(d as ArrayBuffer)))
  ws.on('close', () => session.end())
  ws.on('error', () => session.end())
  session.on('error', () => ws.terminate())
  servePortForwardSession(session, ctx)
}

// ---------------------------------------------------------------- port-forward over plain WebSocket

function wsPortForward(ws: WebSocket, ctx: UpgradeContext, ports: number[]): void {
  const send = (ch: number, data: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([ch]), data]))
  }
  const portBytes = (p: number) => {
    const b = Buffer.alloc(2)
    b.writeUInt16LE(p)
    return b
  }
  // Each channel starts with the port number (little-endian uint16), as kubelet's v4 port-forward does.
  ports.forEach((p, i) => {
    send(2 * i, portBytes(p))
    send(2 * i + 1, portBytes(p))
  })
  const sockets: (Socket | undefined)[] = []
  const queued: Buffer[][] = ports.map(() => [])
  ports.forEach((p, i) => {
    ctx.hooks.connect(ctx.pod, p).then(
      tcp => {
        sockets[i] = tcp
        for (const b of queued[i]) tcp.write(b)
        queued[i] = []
        tcp.on('data', (d: Buffer) => send(2 * i, d))
        tcp.on('close', () => ws.close(1000))
        tcp.on('error', () => ws.close(1000))
      },
      (err: Error) => {
        send(2 * i + 1, Buffer.from(err.message))
        ws.close(1000)
      },
    )
  })
  ws.on('message', (msg: Buffer) => {
    if (!msg.length) return
    const ch = msg[0]
    if (ch % 2 !== 0) return
    const i = ch / 2
    let data = msg.subarray(1)
    if (!data.length) return
    const tcp = sockets[i]
    if (tcp) tcp.write(data)
    else if (queued[i]) queued[i].push(Buffer.from(data))
    data = Buffer.alloc(0)
  })
  ws.on('close', () => {
    for (const s of sockets) s?.destroy()
  })
}
