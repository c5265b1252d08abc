// A small streaming tar reader and a defensive extractor for tar streams produced by a container (untrusted input).
// Every entry is confined to the destination: absolute names, `..`, drive and UNC forms and NUL are refused; links,
// devices and fifos are skipped with a warning; setuid/setgid/sticky bits are dropped; nothing is written through an
// existing symlink (lstat on every parent, O_NOFOLLOW on the file); a stream without a clean end-of-archive is an error.
import * as fs from 'node:fs'
import * as path from 'node:path'
import {KctlError} from '../cli/errors.js'

/** One parsed tar header. */
export interface TarHeader {
  name: string
  mode: number
  size: number
  /** '0' file, '1' hardlink, '2' symlink, '3' char, '4' block, '5' dir, '6' fifo. */
  type: string
  linkname: string
}

const BLOCK = 512

function cstr(b: Buffer, start: number, len: number): string {
  const s = b.subarray(start, start + len)
  const nul = s.indexOf(0)
  return s.subarray(0, nul < 0 ? s.length : nul).toString('utf8')
}

function octal(b: Buffer, start: number, len: number): number {
  const field = b.subarray(start, start + len)
  if (field[0] & 0x80) {
    // GNU base-256 for sizes over 8 GiB
    let n = 0
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]
    return n
  }
  const s = cstr(b, start, len).trim()
  if (s === '') return 0
  if (!/^[0-7]+$/.test(s)) throw new KctlError('tar contents corrupted: invalid number in header')
  return parseInt(s, 8)
}

function checksumOk(h: Buffer): boolean {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]
  return sum === octal(h, 148, 8)
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {}
  let i = 0
  while (i < data.length) {
    const sp = data.indexOf(32, i)
    if (sp < 0) break
    const len = parseInt(data.subarray(i, sp).toString(), 10)
    if (!Number.isFinite(len) || len <= 0) break
    const rec = data.subarray(sp + 1, i + len - 1).toString('utf8')
    const eq = rec.indexOf('=')
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1)
    i += len
  }
  return out
}

/** Receives entries from the reader; file data arrives through `data` calls between `begin` and `end`. */
export interface TarSink {
  begin(h: TarHeader): void
  data(chunk: Buffer): void
  end(): void
}

/** Incremental tar parser: feed() bytes as they arrive, finish() when the stream ends (throws when truncated). */
export class TarReader {
  private buf: Buffer = Buffer.alloc(0)
  private state: 'header' | 'data' | 'pad' | 'meta' | 'done' = 'header'
  private remaining = 0
  private padding = 0
  private current: TarHeader | undefined
  private meta: {kind: string; chunks: Buffer[]} | undefined
  private longName: string | undefined
  private longLink: string | undefined
  private pax: Record<string, string> = {}
  private zeroBlocks = 0
  /** Bytes consumed so far (for retries that resume with tail -c). */
  bytes = 0
  /** Entries (files, directories, links…) seen so far. */
  entries = 0

  constructor(private readonly sink: TarSink) {}

  get finished(): boolean {
    return this.state === 'done'
  }

  /**
   * Parses as much of the stream as possible (synchronously: the sink writes with blocking calls). Nothing of `chunk` is
   * kept past the call except by copying: the download's reads share one buffer.
   */
  feed(chunk: Buffer): void {
    try {
      this.parse(chunk)
    } finally {
      if (this.buf.length > 0 && this.buf.buffer === chunk.buffer) this.buf = Buffer.from(this.buf)
    }
  }

  private parse(chunk: Buffer): void {
    this.bytes += chunk.length
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk
    for (;;) {
      if (this.state === 'done') {
        this.buf = Buffer.alloc(0)
        return
      }
      if (this.state === 'data' || this.state === 'meta') {
        if (this.remaining > 0) {
          if (this.buf.length === 0) return
          const n = Math.min(this.remaining, this.buf.length)
          const part = this.buf.subarray(0, n)
          this.buf = this.buf.subarray(n)
          this.remaining -= n
          if (this.state === 'data') this.sink.data(part)
          else this.meta!.chunks.push(Buffer.from(part))
          if (this.remaining > 0) return
        }
        if (this.state === 'data') this.sink.end()
        else this.finishMeta()
        this.state = 'pad'
      }
      if (this.state === 'pad') {
        if (this.buf.length < this.padding) {
          this.padding -= this.buf.length
          this.buf = Buffer.alloc(0)
          return
        }
        this.buf = this.buf.subarray(this.padding)
        this.padding = 0
        this.state = 'header'
      }
      if (this.buf.length < BLOCK) return
      const h = this.buf.subarray(0, BLOCK)
      this.buf = this.buf.subarray(BLOCK)
      if (h.every((x) => x === 0)) {
        if (++this.zeroBlocks >= 2) this.state = 'done'
        continue
      }
      this.zeroBlocks = 0
      if (!checksumOk(h)) throw new KctlError('tar contents corrupted: bad header checksum')
      this.header(h)
    }
  }

  private finishMeta(): void {
    const data = Buffer.concat(this.meta!.chunks)
    if (this.meta!.kind === 'L') this.longName = cstr(data, 0, data.length)
    else if (this.meta!.kind === 'K') this.longLink = cstr(data, 0, data.length)
    else if (this.meta!.kind === 'x') this.pax = {...this.pax, ...parsePax(data)}
    this.meta = undefined
  }

  private header(h: Buffer): void {
    const type = String.fromCharCode(h[156] || 48)
    const size = octal(h, 124, 12)
    this.remaining = size
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK
    if (type === 'L' || type === 'K' || type === 'x' || type === 'g') {
      if (size > 1 << 20) throw new KctlError('tar contents corrupted: oversized metadata entry')
      this.meta = {kind: type, chunks: []}
      this.state = 'meta'
      return
    }
    const magic = h.subarray(257, 263).toString('latin1')
    const prefix = magic.startsWith('ustar') ? cstr(h, 345, 155) : ''
    let name = this.longName ?? this.pax.path ?? (prefix ? `${prefix}/${cstr(h, 0, 100)}` : cstr(h, 0, 100))
    const linkname = this.longLink ?? this.pax.linkpath ?? cstr(h, 157, 100)
    const paxSize = this.pax.size !== undefined ? Number(this.pax.size) : undefined
    if (paxSize !== undefined && Number.isFinite(paxSize)) {
      this.remaining = paxSize
      this.padding = (BLOCK - (paxSize % BLOCK)) % BLOCK
    }
    this.longName = this.longLink = undefined
    this.pax = {}
    let t = type === '\0' || type === '7' ? '0' : type
    if (t === '0' && name.endsWith('/')) t = '5'
    if (t === '5') name = name.replace(/\/+$/, '')
    const header: TarHeader = {name, mode: octal(h, 100, 8), size: this.remaining, type: t, linkname}
    this.entries++
    this.sink.begin(header)
    this.state = 'data'
  }

  /** Called at the end of the stream: a missing end-of-archive marker means the copy is incomplete. */
  finish(): void {
    if (this.state === 'done') return
    // GNU and busybox tar always write two zero blocks; one is tolerated as some writers stop there.
    if (this.state === 'header' && this.zeroBlocks >= 1 && this.buf.length === 0) return
    throw new KctlError('tar stream truncated: the copy is incomplete (the connection or the remote tar stopped early)')
  }
}

/** Removes leading `../` segments, as kubectl's stripPathShortcuts. */
export function stripPathShortcuts(p: string): string {
  let s = p.replace(/\\/g, '/')
  s = path.posix.normalize(s)
  s = s.replace(/^\/+/, '')
  while (s.startsWith('../')) s = s.slice(3)
  if (s === '..' || s === '.') s = ''
  return s
}

/** The prefix every entry of a `tar cf - SRC` stream carries (SRC without leading `/`, cleaned). */
export function tarPrefix(src: string): string {
  let s = src.replace(/^\/+/, '')
  s = path.posix.normalize(s || '.')
  return stripPathShortcuts(s === '.' ? '' : s).replace(/\/+$/, '')
}

/** Why an entry name is refused before any path joining (undefined when acceptable). */
export function unsafeName(name: string): string | undefined {
  if (name.includes('\0')) return 'contains NUL'
  if (/^[a-zA-Z]:/.test(name)) return 'drive-relative path'
  if (name.startsWith('\\\\') || name.startsWith('//')) return 'UNC path'
  if (name.startsWith('/') || name.startsWith('\\')) return 'absolute path'
  if (name.split(/[\\/]/).includes('..')) return 'parent directory reference'
  return undefined
}

/** True when target is dest itself or inside it. */
export function isInside(dest: string, target: string): boolean {
  const rel = path.relative(dest, target)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/** How many bytes of a file the extractor gathers before one write. */
const STAGING_BYTES = 1 << 20

/** Options of one extraction. */
export interface ExtractOptions {
  /** Local destination: the file (single-file copy) or directory the source maps to. */
  dest: string
  /** Entry-name prefix (tarPrefix of the remote source). */
  prefix: string
  warn: (line: string) => void
  /** Extra text for the first symlink warning (kubectl's hint). */
  symlinkHint?: string
  /** Called with the number of file bytes written so far. */
  progress?: (bytes: number) => void
}

/** Returns a sink that writes entries under dest with all the checks above. */
export function safeExtractor(o: ExtractOptions): TarSink & {written: number; abort(): void} {
  const dest = path.resolve(o.dest)
  let fd: number | undefined
  let fileBytes = 0
  let symlinkWarned = false
  const state = {written: 0}
  const umask = process.umask()
  // Received slices (one per TLS record, 16 KB, in a read buffer the socket reuses) are copied into one staging buffer
  // and written when it is full: a 100 MB file takes ~100 system calls instead of ~6,500.
  let staging: Buffer | undefined
  let staged = 0

  const flush = () => {
    if (staged === 0 || fd === undefined) return
    let off = 0
    while (off < staged) off += fs.writeSync(fd, staging!, off, staged - off)
    fileBytes += staged
    state.written += staged
    staged = 0
    o.progress?.(state.written)
  }

  // No component between dest's parent and target may be a symlink (pre-existing in the user's tree).
  const throughSymlink = (target: string): boolean => {
    const root = path.dirname(dest)
    const rel = path.relative(root, target)
    let cur = root
    for (const part of rel.split(path.sep)) {
      cur = path.join(cur, part)
      try {
        if (fs.lstatSync(cur).isSymbolicLink()) return true
      } catch {
        return false
      }
    }
    return false
  }

  const mkdirs = (dir: string) => {
    const root = path.dirname(dest)
    const rel = path.relative(root, dir)
    let cur = root
    for (const part of rel.split(path.sep).filter(Boolean)) {
      cur = path.join(cur, part)
      try {
        const st = fs.lstatSync(cur)
        if (st.isSymbolicLink()) throw new KctlError(`refusing to write through symlink "${cur}"`)
        if (!st.isDirectory()) throw new KctlError(`"${cur}" exists and is not a directory`)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
        fs.mkdirSync(cur, {mode: 0o755})
      }
    }
  }

  return {
    get written() {
      return state.written
    },
    begin(h: TarHeader) {
      fd = undefined
      staged = 0
      const bad = unsafeName(h.name)
      if (bad) {
        o.warn(`warning: file "${path.join(dest, h.name.replace(/\0/g, ''))}" is outside target destination, skipping\n`)
        return
      }
      const name = h.name.replace(/^\.\//, '')
      if (o.prefix && name !== o.prefix && !name.startsWith(`${o.prefix}/`)) throw new KctlError('tar contents corrupted')
      const target = path.join(dest, name.slice(o.prefix.length))
      if (!isInside(dest, target)) {
        o.warn(`warning: file "${target}" is outside target destination, skipping\n`)
        return
      }
      if (h.type === '2' || h.type === '1') {
        const kind = h.type === '2' ? 'symlink' : 'hardlink'
        const hint = !symlinkWarned && h.type === '2' && o.symlinkHint ? ` ${o.symlinkHint}` : ''
        if (h.type === '2') symlinkWarned = true
        o.warn(`warning: skipping ${kind}: "${target}" -> "${h.linkname}"${hint}\n`)
        return
      }
      if (h.type !== '0' && h.type !== '5') {
        o.warn(`warning: skipping special file "${target}"\n`)
        return
      }
      if (throughSymlink(target)) {
        o.warn(`warning: file "${target}" would be written through a symlink, skipping\n`)
        return
      }
      if (h.type === '5') {
        mkdirs(target)
        return
      }
      mkdirs(path.dirname(target))
      // Permission bits only (setuid/setgid/sticky dropped), never owner; the umask still applies.
      const mode = (h.mode & 0o777 || 0o644) & ~umask
      try {
        // No O_TRUNC: an existing file is overwritten in place and cut to the new length when the entry ends (or the
        // copy fails), which ends with the same file as truncating first without freeing and reallocating its blocks
        // (ext4 also flushes a file truncated to zero when it is closed).
        fd = fs.openSync(target, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW, mode)
        fileBytes = 0
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (code === 'ELOOP') {
          o.warn(`warning: file "${target}" is a symlink, not overwriting it\n`)
          return
        }
        throw err
      }
      fs.fchmodSync(fd, mode)
    },
    data(chunk: Buffer) {
      if (fd === undefined) return
      staging ??= Buffer.allocUnsafe(STAGING_BYTES)
      let i = 0
      while (i < chunk.length) {
        const n = chunk.copy(staging, staged, i)
        staged += n
        i += n
        if (staged === STAGING_BYTES) flush()
      }
    },
    end() {
      if (fd !== undefined) {
        flush()
        fs.ftruncateSync(fd, fileBytes)
        fs.closeSync(fd)
      }
      fd = undefined
    },
    abort() {
      // A copy cut short leaves what was received, nothing of an older file's tail.
      if (fd === undefined) return
      try {
        flush()
      } catch {
        // a full disk: keep what was written
      }
      try {
        fs.ftruncateSync(fd, fileBytes)
        fs.closeSync(fd)
      } catch {
        // best effort: the copy has failed already
      }
      fd = undefined
    },
  }
}
