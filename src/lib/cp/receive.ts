// The download side of `cp`: a remotecommand WebSocket (v5/v4.channel.k8s.io) that only receives, with frames parsed
// straight off the TLS socket. Payload bytes go to stdout/stderr as slices of the socket's own chunks, never gathered
// into per-message buffers as a general WebSocket library does; that copy and its garbage were a third of the CPU kctl
// spent per downloaded byte. exec and attach keep using channel.ts (ws), which also sends.
import * as crypto from 'node:crypto'
import * as http from 'node:http'
import * as https from 'node:https'
import type {Socket} from 'node:net'
import type {Writable} from 'node:stream'
import {KctlError} from '../cli/errors.js'
import type {KubeClient} from '../client/index.js'
import {readAll, toStatusError} from '../client/rest.js'
import {pausingWriter, resultFromStatus, type RemoteResult} from '../exec/channel.js'

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'
const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io']

/** Where the remote command's output goes. */
export interface ReceiveOptions {
  stdout: Writable
  stderr: Writable
}

/** Runs a command whose only input is its argv; resolves with its result once the server closes the stream. */
export async function receiveCommand(client: KubeClient, path: string, query: string, o: ReceiveOptions): Promise<RemoteResult> {
  const socket = await upgrade(client, path, query)
  return readFrames(socket.socket, socket.head, o)
}

async function upgrade(client: KubeClient, path: string, query: string): Promise<{socket: Socket; head: Buffer}> {
  const base = await client.rest.connectOptions()
  const url = new URL(client.rest.url.toString())
  const secure = url.protocol === 'https:'
  const key = crypto.randomBytes(16).toString('base64')
  const req = (secure ? https : http).request({
    ...base,
    method: 'GET',
    path: url.pathname.replace(/\/$/, '') + path + (query ? `?${query}` : ''),
    agent: client.rest.upgradeAgent() ?? client.rest.agent(),
    headers: {
      ...base.headers,
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': key,
      'Sec-WebSocket-Protocol': PROTOCOLS.join(', '),
    },
  })
  return new Promise((resolve, reject) => {
    req.once('upgrade', (res: http.IncomingMessage, socket: Socket, head: Buffer) => {
      const accept = crypto.createHash('sha1').update(key + GUID).digest('base64')
      const protocol = String(res.headers['sec-websocket-protocol'] ?? '')
      if (res.headers['sec-websocket-accept'] !== accept) {
        socket.destroy()
        return reject(new KctlError('error dialing backend: invalid Sec-WebSocket-Accept header'))
      }
      if (!PROTOCOLS.includes(protocol)) {
        socket.destroy()
        return reject(new KctlError(`error dialing backend: the server chose no supported stream protocol (${protocol || 'none'})`))
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

/** Parses server frames (unmasked, RFC 6455) and routes channel payloads; exported for tests. */
export function readFrames(socket: Socket, head: Buffer, o: ReceiveOptions): Promise<RemoteResult> {
  return new Promise((resolve, reject) => {
    let pending: Buffer | undefined // bytes of an incomplete frame header, or of a control frame
    let remaining = 0 // payload bytes left in the current data frame
    let channel = -1 // channel of the current message; -1 until its first payload byte is seen
    let inMessage = false
    let statusText = ''
    let closeCode: number | undefined
    let failure: Error | undefined
    const write = pausingWriter(socket)

    const deliver = (data: Buffer) => {
      if (data.length === 0) return
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
      // The consumer gave up (a corrupt archive, a full disk): stop the download instead of waiting for a drain.
      if (w.destroyed) return void socket.destroy()
      write(w, data)
    }

    const fail = (message: string) => {
      failure ??= new KctlError(message)
      socket.destroy()
    }

    const control = (opcode: number, payload: Buffer) => {
      if (opcode === 0x8) {
        closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005
        if (!socket.destroyed) socket.end(clientFrame(0x8, payload.subarray(0, 2)))
        // The server closes the TCP connection after the close handshake; do not wait for one that never does.
        setTimeout(() => socket.destroy(), 5000).unref()
      } else if (opcode === 0x9) {
        if (!socket.destroyed) socket.write(clientFrame(0xa, payload))
      }
    }

    const onData = (chunk: Buffer) => {
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

    for (const w of [o.stdout, o.stderr]) w.once('error', () => socket.destroy())
    socket.on('data', onData)
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
    if (head.length) onData(head)
    socket.resume()
  })
}
