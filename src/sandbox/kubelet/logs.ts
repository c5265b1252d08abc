// Container logs in the CRI file format kubelet reads (`<RFC3339Nano> <stdout|stderr> <F|P> <text>`), one file
// per container instance, so --previous, --timestamps and --since work from what is on disk.
import {EventEmitter} from 'node:events'
import * as fs from 'node:fs'
import type {LogOptions} from '../types.js'

const hrBase = process.hrtime.bigint()
const msBase = BigInt(Date.now()) * 1000000n

/** Current time as Go's RFC3339Nano (trailing zeros trimmed). */
export function nowRFC3339Nano(): string {
  const ns = msBase + (process.hrtime.bigint() - hrBase)
  const secs = ns / 1000000000n
  const frac = (ns % 1000000000n).toString().padStart(9, '0').replace(/0+$/, '')
  const base = new Date(Number(secs) * 1000).toISOString().slice(0, 19)
  return `${base}${frac ? '.' + frac : ''}Z`
}

/** Appends one container instance's output to its log file and tells followers. */
export class LogWriter extends EventEmitter {
  private fd: number | undefined
  private pending: Record<'stdout' | 'stderr', string> = {stdout: '', stderr: ''}
  closed = false

  constructor(readonly file: string) {
    super()
    this.setMaxListeners(0)
    this.fd = fs.openSync(file, 'a', 0o600)
  }

  /** Record a chunk of output; complete lines become F records, a trailing fragment a P record. */
  write(stream: 'stdout' | 'stderr', chunk: Buffer | string): void {
    if (this.closed || this.fd === undefined) return
    const text = chunk.toString()
    const ts = nowRFC3339Nano()
    let out = ''
    const parts = text.split('\n')
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1
      if (last) {
        if (parts[i]) out += `${ts} ${stream} P ${parts[i]}\n`
      } else {
        out += `${ts} ${stream} F ${parts[i]}\n`
      }
    }
    if (!out) return
    fs.writeSync(this.fd, out)
    this.emit('data')
  }

  /** The instance ended: followers drain and finish. */
  close(): void {
    if (this.closed) return
    this.closed = true
    if (this.fd !== undefined) fs.closeSync(this.fd)
    this.fd = undefined
    this.emit('end')
  }
}

/** One parsed log record. */
export interface LogRecord {
  time: string
  stream: string
  text: string
  full: boolean
}

/** Parse CRI log lines; an unterminated last line is left for the next read. */
export function parseRecords(text: string): {records: LogRecord[]; rest: string} {
  const records: LogRecord[] = []
  const lines = text.split('\n')
  const rest = lines.pop() ?? ''
  for (const line of lines) {
    const a = line.indexOf(' ')
    const b = line.indexOf(' ', a + 1)
    const c = line.indexOf(' ', b + 1)
    if (a < 0 || b < 0 || c < 0) continue
    records.push({time: line.slice(0, a), stream: line.slice(a + 1, b), full: line.slice(b + 1, c) === 'F', text: line.slice(c + 1)})
  }
  return {records, rest}
}

/** Join P records onto the line they continue, as kubelet does when serving logs. */
export function joinRecords(records: LogRecord[]): {time: string; text: string}[] {
  const out: {time: string; text: string}[] = []
  const open: Record<string, {time: string; text: string} | undefined> = {}
  for (const r of records) {
    const cur = open[r.stream]
    if (cur) cur.text += r.text
    else open[r.stream] = {time: r.time, text: r.text}
    if (r.full) {
      out.push({...open[r.stream]!, text: open[r.stream]!.text + '\n'})
      open[r.stream] = undefined
    }
  }
  // Fragments still open at the end (process died mid-line) are served without a newline.
  for (const s of Object.keys(open)) if (open[s]) out.push(open[s]!)
  return out.sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : 0))
}

function sinceCutoff(opts: LogOptions): number | undefined {
  if (opts.sinceSeconds !== undefined) return Date.now() - opts.sinceSeconds * 1000
  if (opts.sinceTime) return Date.parse(opts.sinceTime)
  return undefined
}

/** Render records with the PodLogOptions filters applied. */
export function renderLines(lines: {time: string; text: string}[], opts: LogOptions): string[] {
  const cutoff = sinceCutoff(opts)
  let sel = cutoff === undefined ? lines : lines.filter(l => Date.parse(l.time) >= cutoff)
  if (opts.tailLines !== undefined && opts.tailLines >= 0) sel = opts.tailLines === 0 ? [] : sel.slice(-opts.tailLines)
  return sel.map(l => (opts.timestamps ? `${l.time} ${l.text}` : l.text))
}

/**
 * Stream a log file to `out` with the given options. With follow, keeps going until the writer closes or the
 * signal aborts. Resolves when done.
 */
export async function streamLogFile(file: string, writer: LogWriter | undefined, opts: LogOptions, out: NodeJS.WritableStream, signal: AbortSignal): Promise<void> {
  let budget = opts.limitBytes && opts.limitBytes > 0 ? opts.limitBytes : Infinity
  let done = false
  const emit = (s: string): boolean => {
    if (done || !s) return !done
    let buf = Buffer.from(s)
    if (buf.length > budget) buf = buf.subarray(0, budget)
    budget -= buf.length
    out.write(buf)
    if (budget <= 0) done = true
    return !done
  }
  let offset = 0
  let rest = ''
  const readMore = (): {time: string; text: string}[] => {
    let data: Buffer
    try {
      const fd = fs.openSync(file, 'r')
      try {
        const size = fs.fstatSync(fd).size
        data = Buffer.alloc(Math.max(0, size - offset))
        if (data.length) fs.readSync(fd, data, 0, data.length, offset)
      } finally {
        fs.closeSync(fd)
      }
    } catch {
      return []
    }
    offset += data.length
    const parsed = parseRecords(rest + data.toString('utf8'))
    rest = parsed.rest
    return joinRecords(parsed.records)
  }
  for (const line of renderLines(readMore(), opts)) if (!emit(line)) return
  if (!opts.follow || !writer || writer.closed || signal.aborted) return
  const live: LogOptions = {...opts, tailLines: undefined}
  await new Promise<void>(resolve => {
    const finish = () => {
      writer.off('data', onData)
      writer.off('end', onEnd)
      signal.removeEventListener('abort', finish)
      resolve()
    }
    const onData = () => {
      for (const line of renderLines(readMore(), live)) {
        if (!emit(line)) {
          finish()
          return
        }
      }
    }
    const onEnd = () => {
      onData()
      finish()
    }
    writer.on('data', onData)
    writer.on('end', onEnd)
    signal.addEventListener('abort', finish)
    if (writer.closed) onEnd()
  })
}
