// The remotecommand WebSocket protocol (v5.channel.k8s.io, v4 as fallback) shared by exec, attach and cp: one binary
// frame per message, first byte the channel (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize, 255 close).
// The exit status must arrive on channel 3; a connection that ends without one is an error, never a silent 0.
import type {Writable, Readable} from 'node:stream'
import {KctlError} from '../cli/errors.js'
import type {KubeClient} from '../client/index.js'
import {readAll, toStatusError} from '../client/rest.js'

/** What a remote command produced when it ended. */
export interface RemoteResult {
  /** Exit code (0 on Success). */
  code: number
  /** The Status message when the command failed without an exit code. */
  message?: string
}

/** Options for one channel session. */
export interface ChannelOptions {
  stdout?: Writable
  stderr?: Writable
  stdin?: Readable
  /** Sends a v5 half-close when stdin ends (stdin=true requests). */
  tty?: boolean
  /** Initial terminal size; sent first when tty. */
  size?: {width: number; height: number}
}

/** A live exec/attach session. */
export interface ChannelSession {
  /** Resolves with the remote result; rejects when the connection fails or ends without a status. */
  done: Promise<RemoteResult>
  resize(width: number, height: number): void
  /** Closes the connection (on Ctrl-C or a local error). */
  abort(): void
  protocol: string
}

/** Builds a query string with repeated keys (command=a&command=b). */
export function channelQuery(q: Record<string, string | boolean | string[] | undefined>): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === false) continue
    if (Array.isArray(v)) for (const x of v) p.append(k, x)
    else p.append(k, String(v))
  }
  return p.toString()
}

/**
 * A write to one of several outputs of one source (a socket, a WebSocket): when an output is slower than the network,
 * the source is paused until every output that said "full" has drained.
 */
export function pausingWriter(source: {pause(): unknown; resume(): unknown}): (w: Writable, data: Buffer) => void {
  const paused = new Set<Writable>()
  return (w, data) => {
    if (w.write(data) || paused.has(w)) return
    paused.add(w)
    source.pause()
    w.once('drain', () => {
      paused.delete(w)
      if (paused.size === 0) source.resume()
    })
  }
}

/** Parses a channel-3 Status into an exit code (kubectl's rules for NonZeroExitCode). */
export function resultFromStatus(raw: string): RemoteResult {
  let s: any
  try {
    s = JSON.parse(raw)
  } catch {
    // v1-v3 servers send plain text on the error channel
    return raw.trim() ? {code: 1, message: raw.trim()} : {code: 0}
  }
  if (s?.status === 'Success') return {code: 0}
  if (s?.reason === 'NonZeroExitCode') {
    const cause = (s.details?.causes ?? []).find((c: any) => c.reason === 'ExitCode')
    const n = Number(cause?.message)
    if (Number.isInteger(n) && n > 0) return {code: n}
    return {code: 1, message: s.message ?? 'command terminated with a non-zero exit code'}
  }
  return {code: 1, message: s?.message ?? 'unknown error'}
}

/**
 * A WebSocket upgrade of `path?query` on the API server, through the client's agent: a proxy's tunnel when one
 * applies, else its keep-alive connection (often the one that just fetched the pod) or a new one through the direct-CA
 * TLS check. An HTTP refusal becomes kubectl's StatusError; `dialError` words a failure to connect.
 */
export async function dialWebSocket(client: KubeClient, path: string, query: string, protocols: string[], options: Record<string, unknown> = {}, dialError: (err: any) => Error = (err) => err): Promise<import('ws').WebSocket> {
  const {default: WebSocket} = await import('ws')
  const base = await client.rest.connectOptions()
  const url = new URL(client.rest.url.toString())
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.pathname = url.pathname.replace(/\/$/, '') + path
  url.search = query
  const ws = new WebSocket(url.toString(), protocols, {
    headers: base.headers,
    ca: base.ca as any,
    cert: base.cert as any,
    key: base.key as any,
    rejectUnauthorized: base.rejectUnauthorized,
    servername: base.servername,
    agent: client.rest.upgradeAgent() ?? client.rest.agent(),
    perMessageDeflate: false,
    // Masking protects plaintext intermediaries from cache poisoning; inside TLS it only costs a pass over every
    // byte (cp uploads), so wss connections use the all-zero mask, which ws recognises and skips.
    ...(url.protocol === 'wss:' ? {generateMask: (m: Buffer) => m.fill(0)} : {}),
    ...options,
  } as any)
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_req: any, res: any) => {
      readAll(res).then((body) => reject(toStatusError(res.statusCode ?? 0, body, {method: 'GET', path}))).catch(reject)
    })
    ws.once('error', (err: any) => reject(dialError(err)))
  })
  return ws
}

/** Opens exec/attach on a pod; the upgrade's HTTP error (if any) becomes kubectl's StatusError. */
export async function openChannels(client: KubeClient, path: string, query: string, o: ChannelOptions): Promise<ChannelSession> {
  const ws = await dialWebSocket(client, path, query, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], {maxPayload: 256 * 1024 * 1024},
    (err) => new KctlError(`error dialing backend: ${err.message}`))
  const protocol = ws.protocol
  const v5 = protocol === 'v5.channel.k8s.io'
  let status: RemoteResult | undefined
  let statusText = ''
  let pending = 0
  const write = pausingWriter(ws)
  const writeOut = (w: Writable | undefined, data: Buffer) => {
    if (w) write(w, data)
  }

  ws.on('message', (msg: Buffer, isBinary: boolean) => {
    const data = isBinary ? msg : Buffer.from(msg.toString(), 'base64')
    if (data.length === 0) return
    const ch = data[0]
    const payload = data.subarray(1)
    if (ch === 1) writeOut(o.stdout, payload)
    else if (ch === 2) writeOut(o.stderr ?? o.stdout, payload)
    else if (ch === 3) statusText += payload.toString('utf8')
  })

  const send = (frame: Buffer, cb?: () => void) => {
    if (ws.readyState !== ws.OPEN) return
    pending++
    ws.send(frame, {binary: true}, () => {
      pending--
      cb?.()
    })
  }

  const resize = (width: number, height: number) => {
    if (!width || !height) return
    send(Buffer.concat([Buffer.from([4]), Buffer.from(JSON.stringify({Width: width, Height: height}))]))
  }
  if (o.tty && o.size) resize(o.size.width, o.size.height)

  if (o.stdin) {
    const input = o.stdin
    const onData = (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      // Large pipes (cp uploads): keep at most a few MB in flight.
      send(Buffer.concat([Buffer.from([0]), b]), () => {
        if (ws.bufferedAmount < 1 << 20 && input.isPaused()) input.resume()
      })
      if (ws.bufferedAmount >= 4 << 20) input.pause()
    }
    input.on('data', onData)
    input.once('end', () => {
      if (v5) send(Buffer.from([255, 0]))
    })
    input.once('error', () => ws.close())
    ws.once('close', () => {
      input.off('data', onData)
      input.pause()
    })
  }
  void pending

  const done = new Promise<RemoteResult>((resolve, reject) => {
    let failure: Error | undefined
    ws.on('error', (err: any) => {
      failure = new KctlError(`error reading from error stream: ${err.message}`)
    })
    ws.once('close', (code: number) => {
      if (statusText) status = resultFromStatus(statusText)
      if (status) return resolve(status)
      if (failure) return reject(failure)
      const why = code === 1000 ? 'the connection closed before the command reported its exit status' : `connection to the server lost (websocket close ${code})`
      reject(new KctlError(`${why}; the command's result is unknown`))
    })
  })

  return {done, resize, abort: () => ws.terminate(), protocol}
}
