// Minimal SPDY/3.1 session (server side) for kubectl's port-forward and remotecommand fallbacks.
// kubectl speaks SPDY through moby/spdystream, which ignores flow control, so neither do we.
import {EventEmitter} from 'node:events'
import {Duplex} from 'node:stream'
import * as zlib from 'node:zlib'

// The SPDY/3 header-compression dictionary (draft 3 §2.6.10.1): length-prefixed header words, then a text tail.
const DICT_WORDS = ['options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding',
  'accept-language', 'accept-ranges', 'age', 'allow', 'authorization', 'cache-control', 'connection', 'content-base',
  'content-encoding', 'content-language', 'content-length', 'content-location', 'content-md5', 'content-range',
  'content-type', 'date', 'etag', 'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match',
  'if-range', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'pragma', 'proxy-authenticate',
  'proxy-authorization', 'range', 'referer', 'retry-after', 'server', 'te', 'trailer', 'transfer-encoding', 'upgrade',
  'user-agent', 'vary', 'via', 'warning', 'www-authenticate', 'method', 'get', 'status', '200 OK', 'version', 'HTTP/1.1',
  'url', 'public', 'set-cookie', 'keep-alive', 'origin']
const DICT_TAIL = '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505' +
  '203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized403 Forbidden' +
  '404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
  'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT' +
  'chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,text/javascript,' +
  'publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.'

/** The SPDY/3 zlib dictionary bytes (1423 bytes). */
export const SPDY_DICTIONARY: Buffer = (() => {
  const parts: Buffer[] = []
  for (const w of DICT_WORDS) {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(w.length)
    parts.push(len, Buffer.from(w, 'latin1'))
  }
  parts.push(Buffer.from(DICT_TAIL, 'latin1'))
  return Buffer.concat(parts)
})()

// Frame tracing for protocol debugging: 8-byte frame headers only, never payloads.
const DEBUG = !!process.env.KCTL_STREAMS_DEBUG
const TYPE_SYN_STREAM = 1
const TYPE_SYN_REPLY = 2
const TYPE_RST_STREAM = 3
const TYPE_SETTINGS = 4
const TYPE_PING = 6
const TYPE_GOAWAY = 7
const TYPE_HEADERS = 8
const TYPE_WINDOW_UPDATE = 9
const FLAG_FIN = 0x01

/** A header block is a list of (name, values) pairs; kube uses lower-case names and single values. */
export type SpdyHeaders = Record<string, string>

/** Encode an uncompressed SPDY/3 name/value block. */
export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const parts: Buffer[] = []
  const n = Buffer.alloc(4)
  const entries = Object.entries(headers)
  n.writeUInt32BE(entries.length)
  parts.push(n)
  for (const [k, v] of entries) {
    for (const s of [k.toLowerCase(), v]) {
      const b = Buffer.from(s, 'utf8')
      const l = Buffer.alloc(4)
      l.writeUInt32BE(b.length)
      parts.push(l, b)
    }
  }
  return Buffer.concat(parts)
}

/** Decode an uncompressed SPDY/3 name/value block (multiple values are NUL-separated; we keep the first). */
export function decodeHeaderBlock(buf: Buffer): SpdyHeaders {
  const out: SpdyHeaders = {}
  let off = 0
  const count = buf.readUInt32BE(off)
  off += 4
  for (let i = 0; i < count; i++) {
    const kl = buf.readUInt32BE(off)
    off += 4
    const k = buf.subarray(off, off + kl).toString('utf8')
    off += kl
    const vl = buf.readUInt32BE(off)
    off += 4
    const v = buf.subarray(off, off + vl).toString('utf8')
    off += vl
    out[k.toLowerCase()] = v.split('\0')[0]
  }
  return out
}

/** One SPDY stream as a Duplex: writes become DATA frames, end() sends FIN. */
export class SpdyStream extends Duplex {
  remoteClosed = false
  localClosed = false
  constructor(readonly session: SpdySession, readonly id: number, readonly headers: SpdyHeaders) {
    super({allowHalfOpen: true})
  }

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.session.sendData(this.id, chunk, false)
    cb()
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (!this.localClosed) {
      this.localClosed = true
      this.session.sendData(this.id, Buffer.alloc(0), true)
    }
    cb()
  }

  /** Abort the stream with RST_STREAM CANCEL. */
  reset(): void {
    this.session.sendRst(this.id, 5)
    this.localClosed = true
    this.remoteClosed = true
    this.push(null)
    this.destroy()
  }
}

/**
 * Server-side SPDY/3.1 session over any byte transport. Emits 'stream' (SpdyStream) for each SYN_STREAM,
 * after answering it with SYN_REPLY, and 'close' when the transport ends.
 */
export class SpdySession extends EventEmitter {
  private buf: Buffer = Buffer.alloc(0)
  private readonly inflate = zlib.createInflate({dictionary: SPDY_DICTIONARY})
  private readonly deflate = zlib.createDeflate({dictionary: SPDY_DICTIONARY})
  private readonly streams = new Map<number, SpdyStream>()
  private closed = false
  // Frames are handled one after another: header blocks share one zlib context and a stream's data must not
  // overtake its SYN_STREAM.
  private queue: Promise<void> = Promise.resolve()

  constructor(private readonly write: (b: Buffer) => void, private readonly replyHeaders: (h: SpdyHeaders) => SpdyHeaders = () => ({})) {
    super()
  }

  /** Feed bytes received from the transport. */
  feed(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk
    while (this.buf.length >= 8) {
      const len = this.buf.readUIntBE(5, 3)
      if (this.buf.length < 8 + len) break
      const frame = this.buf.subarray(0, 8 + len)
      this.buf = this.buf.subarray(8 + len)
      this.queue = this.queue.then(() => this.onFrame(frame)).catch(err => { this.emit('error', err) })
    }
  }

  /** The transport ended: end every stream. */
  end(): void {
    if (this.closed) return
    this.closed = true
    for (const s of this.streams.values()) {
      if (!s.remoteClosed) s.push(null)
      s.destroy()
    }
    this.streams.clear()
    this.emit('close')
    void this.queue.finally(() => {
      this.inflate.close()
      this.deflate.close()
    })
  }

  private async onFrame(frame: Buffer): Promise<void> {
    if (DEBUG) process.stderr.write(`spdy in: ${frame.subarray(0, 8).toString('hex')} len=${frame.length}\n`)
    const control = (frame[0] & 0x80) !== 0
    const flags = frame[4]
    const payload = frame.subarray(8)
    if (!control) {
      const id = frame.readUInt32BE(0) & 0x7fffffff
      const s = this.streams.get(id)
      if (!s) return
      if (payload.length) s.push(Buffer.from(payload))
      if (flags & FLAG_FIN) this.remoteFin(s)
      return
    }
    const type = frame.readUInt16BE(2)
    switch (type) {
      case TYPE_SYN_STREAM: {
        const id = payload.readUInt32BE(0) & 0x7fffffff
        const block = payload.subarray(10)
        const headers = decodeHeaderBlock(await this.zlibAsync(this.inflate, block))
        if (this.closed) return
        const s = new SpdyStream(this, id, headers)
        this.streams.set(id, s)
        s.on('close', () => this.streams.delete(id))
        const reply = await this.zlibAsync(this.deflate, encodeHeaderBlock(this.replyHeaders(headers)))
        this.sendControl(TYPE_SYN_REPLY, 0, Buffer.concat([u32(id), reply]))
        this.emit('stream', s)
        if (flags & FLAG_FIN) this.remoteFin(s)
        break
      }
      case TYPE_RST_STREAM: {
        const id = payload.readUInt32BE(0) & 0x7fffffff
        const s = this.streams.get(id)
        if (!s) return
        s.remoteClosed = true
        s.localClosed = true
        s.push(null)
        s.destroy()
        break
      }
      case TYPE_PING:
        this.sendControl(TYPE_PING, 0, Buffer.from(payload))
        break
      case TYPE_GOAWAY:
        this.end()
        break
      case TYPE_HEADERS: {
        // Headers after SYN_STREAM still advance the shared zlib context.
        const block = payload.subarray(4)
        await this.zlibAsync(this.inflate, block)
        break
      }
      case TYPE_SETTINGS:
      case TYPE_WINDOW_UPDATE:
      default:
        break
    }
  }

  private remoteFin(s: SpdyStream): void {
    if (s.remoteClosed) return
    s.remoteClosed = true
    s.push(null)
  }

  // Both zlib contexts live as long as the session; header blocks go through them in frame order.
  private zlibAsync(z: zlib.Inflate | zlib.Deflate, block: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = []
      const onData = (d: Buffer) => chunks.push(d)
      const onError = (e: Error) => {
        z.off('data', onData)
        reject(e)
      }
      z.on('data', onData)
      z.once('error', onError)
      z.write(block)
      z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        z.off('data', onData)
        z.off('error', onError)
        let more: Buffer | null
        while ((more = z.read() as Buffer | null)) chunks.push(more)
        resolve(Buffer.concat(chunks))
      })
    })
  }

  /** Send a DATA frame. */
  sendData(id: number, data: Buffer, fin: boolean): void {
    if (this.closed) return
    // Frames carry at most 2^24-1 bytes; stay well below for latency.
    const max = 32 * 1024
    let off = 0
    do {
      const part = data.subarray(off, off + max)
      off += part.length
      const last = off >= data.length
      const h = Buffer.alloc(8)
      h.writeUInt32BE(id & 0x7fffffff, 0)
      h[4] = fin && last ? FLAG_FIN : 0
      h.writeUIntBE(part.length, 5, 3)
      this.write(Buffer.concat([h, part]))
    } while (off < data.length)
  }

  /** Send RST_STREAM with a status code (5 = CANCEL). */
  sendRst(id: number, status: number): void {
    this.sendControl(TYPE_RST_STREAM, 0, Buffer.concat([u32(id), u32(status)]))
  }

  /** Tell the peer the session is over. */
  goAway(): void {
    this.sendControl(TYPE_GOAWAY, 0, Buffer.concat([u32(0), u32(0)]))
  }

  private sendControl(type: number, flags: number, payload: Buffer): void {
    if (this.closed) return
    const h = Buffer.alloc(8)
    h.writeUInt16BE(0x8000 | 3, 0)
    h.writeUInt16BE(type, 2)
    h[4] = flags
    h.writeUIntBE(payload.length, 5, 3)
    if (DEBUG) process.stderr.write(`spdy out ctl: ${h.toString('hex')}\n`)
    this.write(Buffer.concat([h, payload]))
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n >>> 0)
  return b
}
