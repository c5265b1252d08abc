// The download side of `cp`: a remotecommand WebSocket (v5/v4.channel.k8s.io) that only receives, with frames parsed
// straight off the TLS socket. Payload bytes go to stdout/stderr as slices of the socket's reads, never gathered into
// per-message buffers as a general WebSocket library does. Where it can (no proxy, no -v logging), the upgrade is
// written by hand on a connection of its own whose reads land in one reused buffer (net's `onread`), which skips the
// stream machinery node runs for every 16 KB TLS record: half of the CPU a 100 MB download cost kctl. exec and attach
// keep using channel.ts (ws), which also sends.
import * as crypto from 'node:crypto'
import * as http from 'node:http'
import * as https from 'node:https'
import type {Socket} from 'node:net'
import type {Writable} from 'node:stream'
import {KctlError} from '../cli/errors.js'
import type {KubeClient} from '../client/index.js'
import {parseResponseHead, readAll, toStatusError} from '../client/rest.js'
import {pausingWriter, resultFromStatus, type RemoteResult} from '../exec/channel.js'

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'
const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io']
const READ_BUFFER = 64 * 1024

/**
 * A synchronous consumer of stdout bytes (cp's tar reader): called once per received slice, returns false to stop the
 * download. The slice is valid only during the call (the read buffer is reused): what is kept must be copied.
 */
export type ChunkConsumer = (data: Buffer) => boolean

/** Where the remote command's output goes. */
export interface ReceiveOptions {
  stdout: Writable | ChunkConsumer
  stderr: Writable
}

/**
 * A connection of its own, opened ahead of the command it will carry so that its TLS handshake overlaps the pod lookup
 * before it (opened after the lookup, its handshake cost a small copy ~10 ms).
 */
export interface Receiver {
  /** Runs one command on this connection (once); 'fallback' when the server refused the upgrade. */
  receive(path: string, query: string, o: ReceiveOptions): Promise<RemoteResult | 'fallback'>
  /** Closes the connection if no command took it (the lookup failed). */
  close(): void
}

/** Opens a Receiver, or undefined where a hand-written upgrade cannot serve (a proxy, -v request logging). */
export function openReceiver(client: KubeClient): Receiver | undefined {
  if (!client.rest.rawUsable()) return undefined
  let onBytes: (data: Buffer) => void = () => undefined
  const reads = Buffer.allocUnsafe(READ_BUFFER)
  const callback = (n: number) => {
    onBytes(reads.subarray(0, n))
    return true
  }
  const opening = client.rest.openSocket({buffer: reads, callback})
  // Failures before receive() are reported when it awaits the connection, or finds it closed.
  opening.then((socket) => socket.on('error', () => undefined), () => undefined)
  let taken = false
  return {
    receive: (path, query, o) => {
      taken = true
      return receiveRaw(client, opening, (f) => (onBytes = f), path, query, o)
    },
    close: () => {
      if (!taken) opening.then((socket) => socket.destroy(), () => undefined)
    },
  }
}

/**
 * Runs a command whose only input is its argv; resolves with its result once the server closes the stream. `receiver`
 * is a connection opened beforehand (openReceiver).
 */
export async function receiveCommand(client: KubeClient, path: string, query: string, o: ReceiveOptions, receiver = openReceiver(client)): Promise<RemoteResult> {
  if (receiver) {
    const result = await receiver.receive(path, query, o)
    if (result !== 'fallback') return result
  }
  const socket = await upgrade(client, path, query)
  return readFrames(socket.socket, socket.head, o)
}

/** The request fields of a WebSocket upgrade offering kubectl's stream protocols. */
function upgradeHeaders(key: string): Record<string, string> {
  return {Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': key, 'Sec-WebSocket-Protocol': PROTOCOLS.join(', ')}
}

function handshake(): {key: string; accept: string} {
  const key = crypto.randomBytes(16).toString('base64')
  return {key, accept: crypto.createHash('sha1').update(key + GUID).digest('base64')}
}

/** Checks a 101 answer's headers; an error when the server did not agree to the protocol. */
function checkUpgrade(headers: Record<string, string | string[] | undefined>, accept: string): KctlError | undefined {
  if (headers['sec-websocket-accept'] !== accept) return new KctlError('error dialing backend: invalid Sec-WebSocket-Accept header')
  const protocol = String(headers['sec-websocket-protocol'] ?? '')
  if (!PROTOCOLS.includes(protocol)) return new KctlError(`error dialing backend: the server chose no supported stream protocol (${protocol || 'none'})`)
  return undefined
}

/**
 * The upgrade written by hand on a connection of its own. Anything but a 101 answers 'fallback' (nothing was received
 * or written): the server refused the exec, and the REST client's upgrade() then turns the refusal into kubectl's
 * words. A refused exec ran nothing, so asking twice is harmless.
 */
async function receiveRaw(client: KubeClient, opening: Promise<Socket>, setOnBytes: (f: (data: Buffer) => void) => void, path: string, query: string, o: ReceiveOptions): Promise<RemoteResult | 'fallback'> {
  const {key, accept} = handshake()
  const head = await client.rest.rawRequestHead(`${path}${query ? `?${query}` : ''}`, upgradeHeaders(key))
  const socket = await opening.catch((err) => {
    throw new KctlError(`error dialing backend: ${err.message}`)
  })
  if (socket.destroyed) throw new KctlError('error dialing backend: the connection closed before the server answered')
  socket.write(head)
  return new Promise<RemoteResult | 'fallback'>((resolve, reject) => {
    let head = Buffer.alloc(0)
    let dialError: Error | undefined
    const onClose = () => reject(new KctlError(`error dialing backend: ${dialError?.message ?? 'the connection closed before the server answered'}`))
    socket.once('close', onClose)
    socket.once('error', (err) => (dialError ??= err)) // reported on 'close', or by the frame reader once it reads
    setOnBytes((data) => {
      head = Buffer.concat([head, data])
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) {
        if (head.length > 64 * 1024) socket.destroy(new Error('response header too large'))
        return
      }
      const parsed = parseResponseHead(head.subarray(0, end).toString('latin1'))
      if (parsed.status !== 101) {
        socket.off('close', onClose)
        socket.destroy()
        return resolve('fallback')
      }
      const refused = checkUpgrade(parsed.headers, accept)
      socket.off('close', onClose)
      if (refused) {
        socket.destroy()
        return reject(refused)
      }
      const frames = frameReader(socket, o, true)
      setOnBytes(frames.feed)
      frames.done.then(resolve, reject)
      frames.feed(head.subarray(end + 4))
    })
  })
}

async function upgrade(client: KubeClient, path: string, query: string): Promise<{socket: Socket; head: Buffer}> {
  const base = await client.rest.connectOptions()
  const url = new URL(client.rest.url.toString())
  const secure = url.protocol === 'https:'
  const {key, accept} = handshake()
  const req = (secure ? https : http).request({
    ...base,
    method: 'GET',
    path: url.pathname.replace(/\/$/, '') + path + (query ? `?${query}` : ''),
    agent: client.rest.upgradeAgent() ?? client.rest.agent(),
    headers: {...base.headers, ...upgradeHeaders(key)},
  })
  return new Promise((resolve, reject) => {
    req.once('upgrade', (res: http.IncomingMessage, socket: Socket, head: Buffer) => {
      const refused = checkUpgrade(res.headers, accept)
      if (refused) {
        socket.destroy()
        return reject(refused)
      }
      resolve({socket, head})
    })
    req.once('response', (res: http.IncomingMessage) => {
      readAll(res).then((body) => reject(toStatusError(res.statusCode ?? 0, body, {method: 'GET', path}))).catch(reject)
    })
    req.once('error', (err) => reject(new KctlError(`error dialing backend: ${err.message}`)))
    req.end()
  })
}

// A client frame must be masked; the all-zero mask leaves the payload as is (the connection is TLS or loopback).
function clientFrame(opcode: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length, 0, 0, 0, 0]), payload])
}

/** Parses server frames (unmasked, RFC 6455) from a socket's 'data' events and routes channel payloads; exported for tests. */
export function readFrames(socket: Socket, head: Buffer, o: ReceiveOptions): Promise<RemoteResult> {
  const frames = frameReader(socket, o, false)
  socket.on('data', frames.feed)
  if (head.length) frames.feed(head)
  socket.resume()
  return frames.done
}

/**
 * The frame parser behind both paths: feed() takes each read and keeps nothing of it past the call, except by copying
 * (`reused`: the reads share one buffer, so what a stream output queues is copied too).
 */
function frameReader(socket: Socket, o: ReceiveOptions, reused: boolean): {feed: (chunk: Buffer) => void; done: Promise<RemoteResult>} {
  let pending: Buffer | undefined // bytes of an incomplete frame header, or of a control frame
  let remaining = 0 // payload bytes left in the current data frame
  let channel = -1 // channel of the current message; -1 until its first payload byte is seen
  let inMessage = false
  let statusText = ''
  let closeCode: number | undefined
  let failure: Error | undefined
  const write = pausingWriter(socket)

  const deliver = (data: Buffer) => {
    if (data.length === 0 || socket.destroyed) return
    if (channel < 0) {
      channel = data[0]
      data = data.subarray(1)
      if (data.length === 0) return
    }
    if (channel === 3) {
      statusText += data.toString('utf8')
      return
    }
    const w = channel === 1 ? o.stdout : channel === 2 ? o.stderr : undefined
    if (!w) return
    if (typeof w === 'function') {
      if (!w(data)) socket.destroy()
      return
    }
    // The consumer gave up (a corrupt archive, a full disk): stop the download instead of waiting for a drain.
    if (w.destroyed) return void socket.destroy()
    write(w, reused ? Buffer.from(data) : data)
  }

  const fail = (message: string) => {
    failure ??= new KctlError(message)
    socket.destroy()
  }

  const control = (opcode: number, payload: Buffer) => {
    if (opcode === 0x8) {
      closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005
      if (!socket.destroyed) socket.end(clientFrame(0x8, Buffer.from(payload.subarray(0, 2))))
      // The server closes the TCP connection after the close handshake; do not wait for one that never does.
      setTimeout(() => socket.destroy(), 5000).unref()
    } else if (opcode === 0x9) {
      if (!socket.destroyed) socket.write(clientFrame(0xa, Buffer.from(payload)))
    }
  }

  const feed = (chunk: Buffer) => {
    const buf = pending ? Buffer.concat([pending, chunk]) : chunk
    pending = undefined
    let i = 0
    while (i < buf.length) {
      if (remaining > 0) {
        const n = Math.min(remaining, buf.length - i)
        deliver(buf.subarray(i, i + n))
        remaining -= n
        i += n
        continue
      }
      if (buf.length - i < 2) break
      const b0 = buf[i], b1 = buf[i + 1]
      const fin = (b0 & 0x80) !== 0
      const opcode = b0 & 0x0f
      if (b1 & 0x80) return fail('error reading from error stream: the server sent a masked frame')
      let len = b1 & 0x7f
      let hdr = 2
      if (len === 126) {
        if (buf.length - i < 4) break
        len = buf.readUInt16BE(i + 2)
        hdr = 4
      } else if (len === 127) {
        if (buf.length - i < 10) break
        const hi = buf.readUInt32BE(i + 2)
        if (hi > 0x1fffff) return fail('error reading from error stream: frame too large')
        len = hi * 2 ** 32 + buf.readUInt32BE(i + 6)
        hdr = 10
      }
      if (opcode >= 0x8) {
        // Control frames are small and may sit between the fragments of a message; read them whole.
        if (buf.length - i < hdr + len) break
        control(opcode, buf.subarray(i + hdr, i + hdr + len))
        i += hdr + len
        continue
      }
      if (opcode === 0x1) return fail('error reading from error stream: unexpected text frame on a binary stream protocol')
      if (opcode === 0x2) {
        if (inMessage) return fail('error reading from error stream: a new message started inside a fragmented one')
        channel = -1
      } else if (opcode === 0x0) {
        if (!inMessage) return fail('error reading from error stream: continuation frame without a message')
      } else {
        return fail(`error reading from error stream: unknown frame opcode ${opcode}`)
      }
      inMessage = !fin
      remaining = len
      i += hdr
      if (len === 0) continue
    }
    if (i < buf.length) pending = Buffer.from(buf.subarray(i))
  }

  const done = new Promise<RemoteResult>((resolve, reject) => {
    for (const w of [o.stdout, o.stderr]) if (typeof w !== 'function') w.once('error', () => socket.destroy())
    socket.once('error', (err) => {
      failure ??= new KctlError(`error reading from error stream: ${err.message}`)
    })
    socket.once('close', () => {
      if (statusText) return resolve(resultFromStatus(statusText))
      if (failure) return reject(failure)
      const code = closeCode ?? 1006
      const why = code === 1000 ? 'the connection closed before the command reported its exit status' : `connection to the server lost (websocket close ${code})`
      reject(new KctlError(`${why}; the command's result is unknown`))
    })
  })
  return {feed, done}
}
