// A log stream read over a connection of its own, with the HTTP/1.1 response parsed here. Servers send one chunk per
// log line (~100 bytes); node's HTTP parser turns each into a callback and an event, which cost kctl a second of CPU
// per 100 MB. Here a whole socket read is de-chunked in one loop and written in large batches. Anything unusual
// (a proxy, -v logging, a status other than 200, warnings, a content encoding) goes through the shared REST client.
import type {Writable} from 'node:stream'
import {KctlError} from '../cli/errors.js'
import type {KubeClient} from '../client/index.js'
import {parseResponseHead} from '../client/rest.js'

/** Outcome of a raw read: `fallback` when the response must be handled by the REST client instead (nothing written). */
export type RawResult = 'done' | 'fallback'

const LOST = 'the log stream ended unexpectedly (connection to the server lost)'

/** Streams the body of GET path?query into out; see the file comment for when it answers 'fallback'. */
export async function rawLogStream(client: KubeClient, pathWithQuery: string, out: Writable, opts: {keepAlive: boolean}): Promise<RawResult> {
  const head = await client.rest.rawRequestHead(pathWithQuery, {Accept: 'application/json, */*', Connection: 'close'})
  const socket = await client.rest.openSocket().catch((err) => {
    throw client.rest.connectionError(err, 0)
  })
  socket.write(head)
  if (opts.keepAlive) socket.setKeepAlive(true, 10000)
  return new Promise<RawResult>((resolve, reject) => {
    const body = new BodyReader(out, () => socket.pause(), () => socket.resume())
    let header: Buffer | undefined = Buffer.alloc(0)
    let settled = false
    const settle = (err?: Error, r?: RawResult) => {
      if (settled) return
      settled = true
      socket.destroy()
      if (err) reject(err)
      else resolve(r!)
    }
    socket.on('data', (chunk: Buffer) => {
      if (header) {
        const all: Buffer = header.length ? Buffer.concat([header, chunk]) : chunk
        const end = all.indexOf('\r\n\r\n')
        if (end < 0) {
          if (all.length > 1 << 20) return settle(new KctlError('error reading the log stream: response header too large'))
          header = all
          return
        }
        header = undefined
        const parsed = parseHead(all.subarray(0, end).toString('latin1'))
        if (!parsed) return settle(undefined, 'fallback')
        body.start(parsed.chunked, parsed.length)
        chunk = all.subarray(end + 4)
      }
      try {
        body.feed(chunk)
      } catch (err) {
        return settle(err as Error)
      }
      if (body.complete) body.flush(() => settle(undefined, 'done'))
    })
    socket.once('end', () => {
      if (header) return settle(new KctlError(LOST))
      // A body without a length ends with the connection.
      if (body.complete || body.untilClose) body.flush(() => settle(undefined, 'done'))
      else body.flush(() => settle(new KctlError(LOST)))
    })
    socket.once('error', (err: any) => {
      if (header) return settle(client.rest.connectionError(err, 0))
      body.flush(() => settle(new KctlError(`error reading the log stream: ${err.message}`)))
    })
  })
}

// The body's framing; undefined when the REST client must handle the response.
function parseHead(text: string): {chunked: boolean; length?: number} | undefined {
  const {status, headers} = parseResponseHead(text)
  if (status !== 200 || 'warning' in headers || 'content-encoding' in headers) return undefined
  const te = headers['transfer-encoding']
  if (te !== undefined && te.toLowerCase() !== 'chunked') return undefined
  const length = headers['content-length']
  return te !== undefined ? {chunked: true} : {chunked: false, length: length === undefined ? undefined : Number(length)}
}

/** De-chunks an HTTP/1.1 body and writes it in batches of up to 256 KiB; exported for tests. */
export class BodyReader {
  private chunked = false
  private remaining = 0
  private state: 'size' | 'data' | 'crlf' | 'trailer' | 'done' = 'size'
  private line = ''
  private pending: Buffer[] = []
  private size = 0
  private scheduled = false
  /** The body has no length and ends when the connection does. */
  untilClose = false

  constructor(private readonly out: Writable, private readonly pause: () => void, private readonly resume: () => void) {}

  /** Sets the framing from the response headers. */
  start(chunked: boolean, length: number | undefined): void {
    this.chunked = chunked
    if (chunked) return
    if (length === undefined) {
      this.untilClose = true
      this.state = 'data'
      this.remaining = Infinity
    } else {
      this.state = length > 0 ? 'data' : 'done'
      this.remaining = length
    }
  }

  /** True once the terminating chunk (or the announced length) has been read. */
  get complete(): boolean {
    return this.state === 'done'
  }

  /** Consumes bytes of the body. */
  feed(buf: Buffer): void {
    let i = 0
    while (i < buf.length && this.state !== 'done') {
      if (this.state === 'data') {
        const n = Math.min(this.remaining, buf.length - i)
        this.push(buf.subarray(i, i + n))
        this.remaining -= n
        i += n
        if (this.remaining === 0) this.state = this.chunked ? 'crlf' : 'done'
        continue
      }
      // Fast paths for the common case of a whole CRLF / size line inside this read (no strings made).
      if (this.line === '') {
        if (this.state === 'crlf' && i + 1 < buf.length && buf[i] === 13 && buf[i + 1] === 10) {
          i += 2
          this.state = 'size'
          continue
        }
        if (this.state === 'size') {
          let j = i
          let n = 0
          for (let c = buf[j]; j < buf.length && ((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)); c = buf[++j]) {
            n = n * 16 + (c <= 57 ? c - 48 : (c | 0x20) - 87)
          }
          if (j > i && j + 1 < buf.length && buf[j] === 13 && buf[j + 1] === 10 && j - i <= 12) {
            i = j + 2
            if (n === 0) this.state = 'trailer'
            else {
              this.state = 'data'
              this.remaining = n
            }
            continue
          }
        }
      }
      // size (with extensions), crlf and trailer lines, possibly split across reads.
      const nl = buf.indexOf(10, i)
      const end = nl < 0 ? buf.length : nl + 1
      this.line += buf.toString('latin1', i, end)
      i = end
      if (nl < 0) {
        if (this.line.length > 4096) throw new KctlError('error reading the log stream: malformed chunked encoding')
        continue
      }
      const line = this.line.replace(/\r?\n$/, '')
      this.line = ''
      if (this.state === 'crlf') {
        if (line !== '') throw new KctlError('error reading the log stream: malformed chunked encoding')
        this.state = 'size'
      } else if (this.state === 'size') {
        const n = parseInt(line.split(';')[0].trim(), 16)
        if (!Number.isFinite(n) || n < 0 || !/^[0-9a-fA-F]+/.test(line.trim())) throw new KctlError('error reading the log stream: malformed chunked encoding')
        if (n === 0) this.state = 'trailer'
        else {
          this.state = 'data'
          this.remaining = n
        }
      } else if (line === '') {
        this.state = 'done'
      }
    }
    if (this.size >= 256 * 1024) this.flush()
    else if (this.size > 0 && !this.scheduled) {
      // Writes wait for the socket to go idle (or 256 KiB), so that a line-per-chunk stream is not a syscall per line.
      this.scheduled = true
      setImmediate(() => {
        this.scheduled = false
        this.flush()
      })
    }
  }

  private push(b: Buffer): void {
    if (b.length === 0) return
    this.pending.push(b)
    this.size += b.length
  }

  /** Writes what is pending; `done` runs once it has been handed to the output (and drained, if it was full). */
  flush(done?: () => void): void {
    if (this.size > 0) {
      const data = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.size)
      this.pending = []
      this.size = 0
      if (!this.out.write(data)) {
        this.pause()
        this.out.once('drain', () => {
          this.resume()
          done?.()
        })
        return
      }
    }
    done?.()
  }
}
