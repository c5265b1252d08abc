// `kctl cp`: tar over exec, as kubectl does, so it works against any cluster. Uploads pass argv arrays (no shell);
// downloads are parsed by kctl's own tar reader and written by the defensive extractor in untar.ts.
import * as fs from 'node:fs'
import * as path from 'node:path'
import {PassThrough, Writable} from 'node:stream'
import {KctlError, StatusError} from '../cli/errors.js'
import type {IO} from '../cli/io.js'
import type {KubeClient} from '../client/index.js'
import {PODS} from '../client/discovery.js'
import {chooseContainer} from '../exec/pod.js'
import {openChannels, channelQuery, type RemoteResult} from '../exec/channel.js'
import {TarReader, safeExtractor, tarPrefix} from './untar.js'
import {openReceiver, receiveCommand, type ChunkConsumer, type Receiver} from './receive.js'

/** One side of a copy: local path, or [namespace/]pod:path. */
export interface FileSpec {
  namespace?: string
  pod?: string
  file: string
}

/** Options of `kctl cp`. */
export interface CpOptions {
  src: FileSpec
  dest: FileSpec
  container?: string
  noPreserve: boolean
  retries: number
}

const CANONICAL = 'filespec must match the canonical format: [[namespace/]pod:]file/path'

/** kubectl's extractFileSpec. */
export function parseFileSpec(arg: string): FileSpec {
  const i = arg.indexOf(':')
  if (i < 0) return {file: arg}
  if (i === 0) throw new KctlError(CANONICAL)
  const podPart = arg.slice(0, i)
  const file = arg.slice(i + 1)
  const segs = podPart.split('/')
  if (segs.length === 1) return {pod: segs[0], file}
  if (segs.length === 2 && segs[0] && segs[1]) return {namespace: segs[0], pod: segs[1], file}
  throw new KctlError(CANONICAL)
}

/** Arguments and flags → options, with kubectl's validation order. */
export function cpOptions(positionals: string[], f: Record<string, any>): CpOptions {
  if (positionals.length !== 2) throw new KctlError('source and destination are required')
  const src = parseFileSpec(positionals[0])
  const dest = parseFileSpec(positionals[1])
  if (src.pod === undefined && dest.pod === undefined) throw new KctlError('one of src or dest must be a remote file specification')
  if (src.pod !== undefined && dest.pod !== undefined) throw new KctlError('one of src or dest must be a local file specification')
  if (src.file === '' || dest.file === '') throw new KctlError('filepath can not be empty')
  return {src, dest, container: f.container || undefined, noPreserve: Boolean(f['no-preserve']), retries: Number(f.retries ?? 0)}
}

/** The remote argv for extracting an upload under dir. */
export function untarCommand(dir: string, noPreserve: boolean): string[] {
  return noPreserve ? ['tar', '--no-same-permissions', '--no-same-owner', '-xmf', '-', '-C', dir] : ['tar', '-xmf', '-', '-C', dir]
}

/** The remote argv for reading src from byte offset (1-based, retries only). */
export function tarCommand(src: string, retries: number, offset = 1): string[] {
  if (retries === 0) return ['tar', 'cf', '-', src]
  return ['sh', '-c', `tar cf - '${src.replace(/'/g, `'\\''`)}' | tail -c+${offset}`]
}

/** True when a failed remote command means there is no tar binary in the container. */
export function missingTar(r: RemoteResult, stderr: string): boolean {
  if (r.code === 126 || r.code === 127) return true
  return /execvp tar\b|exec: "tar"|executable file not found|(^|\s)tar: (command )?not found|sh: tar: not found|"tar": executable/.test(`${stderr}\n${r.message ?? ''}`)
}

/**
 * Why a download that produced no archive at all failed (undefined when the remote side reported nothing wrong):
 * the source path is missing, or the remote tar failed for another reason.
 */
export function emptyCopyReason(src: string, r: RemoteResult | undefined, stderr: string): ((pod: string, container: string) => string) | undefined {
  if (/Cannot stat: No such file or directory|: No such file or directory/.test(stderr)) {
    return (pod, container) => `"${src}" does not exist in container "${container}" of pod "${pod}"; nothing was copied`
  }
  if (r && r.code !== 0) return (pod, container) => `tar in container "${container}" of pod "${pod}" failed with exit code ${r.code}; nothing was copied`
  return undefined
}

const MISSING_TAR = (pod: string) => `tar is not available in the container of pod ${pod}; kctl cp needs a tar binary in the container image`

async function execPod(client: KubeClient, ns: string, pod: string, container: string, command: string[], io: {stdout?: Writable; stderr?: Writable; stdin?: NodeJS.ReadableStream}): Promise<RemoteResult> {
  const q = channelQuery({command, container, stdin: Boolean(io.stdin), stdout: true, stderr: true})
  if (!io.stdin && io.stdout && io.stderr) return receiveCommand(client, execPath(ns, pod), q, {stdout: io.stdout, stderr: io.stderr})
  const s = await openChannels(client, execPath(ns, pod), q, {stdout: io.stdout, stderr: io.stderr, stdin: io.stdin as any})
  return s.done
}

/** Runs a command without stdin whose stdout goes to a synchronous consumer (the download's tar reader). */
function receiveFromPod(client: KubeClient, ns: string, pod: string, container: string, command: string[], stdout: ChunkConsumer, stderr: Writable, receiver: Receiver | undefined): Promise<RemoteResult> {
  return receiveCommand(client, execPath(ns, pod), channelQuery({command, container, stdout: true, stderr: true}), {stdout, stderr}, receiver)
}

const execPath = (ns: string, pod: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(pod)}/exec`

function collector(): Writable & {text: () => string} {
  const chunks: Buffer[] = []
  const w = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(Buffer.from(chunk))
      cb()
    },
  }) as Writable & {text: () => string}
  w.text = () => Buffer.concat(chunks).toString('utf8')
  return w
}

const MiB = 1 << 20

/** A copy's progress line. */
export interface Progress {
  /** Reports the bytes copied so far. */
  update(bytes: number): void
  /** Ends the line with the final count (success) or just ends it (failure), when a line was started. */
  finish(ok: boolean): void
}

/**
 * kctl's progress line on stderr: only on a terminal, and only for large copies (from 16 MiB on), rewritten in place
 * (`\r`) at every 8 MiB boundary so that small copies and pipes see nothing, as with kubectl.
 */
export function progressLine(write: (s: string) => void, isTTY: boolean): Progress {
  let shown = 0
  let bytes = 0
  return {
    update(n) {
      bytes = n
      if (!isTTY) return
      const step = Math.floor(n / (8 * MiB)) * 8
      if (step >= 16 && step > shown) {
        shown = step
        write(`\r${step} MiB copied`)
      }
    },
    finish(ok) {
      if (!shown) return
      write(ok ? `\r${Math.floor(bytes / MiB)} MiB copied\n` : '\n')
      shown = 0
    },
  }
}

/** Copies in either direction. */
export async function runCp(client: KubeClient, o: CpOptions, io: IO): Promise<void> {
  const remote = o.src.pod !== undefined ? o.src : o.dest
  const ns = remote.namespace ?? client.namespace
  if (o.src.pod === undefined && !fs.existsSync(o.src.file)) throw new KctlError(`${o.src.file} doesn't exist in local filesystem`)
  // A download's connection opens while the pod is looked up.
  const receiver = o.src.pod !== undefined ? openReceiver(client) : undefined
  try {
    const pod = await client.get(PODS, ns, remote.pod!)
    const container = chooseContainer(pod, o.container, (l) => io.err.write(l))
    if (o.src.pod !== undefined) await copyFromPod(client, ns, pod.metadata.name, container, o, io, receiver)
    else await copyToPod(client, ns, pod.metadata.name, container, o, io)
  } finally {
    receiver?.close()
  }
}

async function copyToPod(client: KubeClient, ns: string, pod: string, container: string, o: CpOptions, io: IO): Promise<void> {
  let destFile = o.dest.file.replace(/\\/g, '/')
  if (destFile.length > 1) destFile = destFile.replace(/\/+$/, '')
  const probeErr = collector()
  const probe = await execPod(client, ns, pod, container, ['test', '-d', destFile], {stdout: collector(), stderr: probeErr})
  if (missingTar(probe, probeErr.text()) && probe.code !== 1) throw new KctlError(MISSING_TAR(pod))
  if (probe.code === 0) destFile = path.posix.join(destFile, path.basename(o.src.file))
  const dir = path.posix.dirname(destFile)
  const base = path.posix.basename(destFile)
  const {pack} = await import('tar-stream')
  const p = pack()
  const input = new PassThrough({highWaterMark: 1 << 20})
  p.pipe(input)
  const errText = collector()
  const stderrTee = new Writable({
    write(chunk, _e, cb) {
      errText.write(chunk)
      io.err.write(chunk, () => cb())
    },
  })
  const done = execPod(client, ns, pod, container, untarCommand(dir, o.noPreserve), {stdout: io.out, stderr: stderrTee, stdin: input})
  const progress = progressLine((t) => io.err.write(t), Boolean(io.err.isTTY))
  let sent = 0
  const packing = addToPack(p, o.src.file, base, (n) => progress.update((sent += n))).then(() => p.finalize(), (err) => {
    p.destroy(err)
    throw err
  })
  // The remote side may stop reading early (no tar, a full disk): its result decides, not the unfinished upload.
  let packError: unknown
  packing.catch((err) => {
    packError = err
  })
  const result = await done.catch((err) => {
    progress.finish(false)
    throw err
  })
  input.destroy()
  p.destroy()
  progress.finish(result.code === 0 && result.message === undefined && !packError)
  if (packError && result.code === 0) throw packError
  if (result.code !== 0 && missingTar(result, errText.text())) throw new KctlError(MISSING_TAR(pod))
  if (result.message !== undefined) throw new KctlError(result.message)
  if (result.code !== 0) {
    io.err.write(`command terminated with exit code ${result.code}\n`)
    throw new KctlError('', {exitCode: result.code})
  }
}

async function addToPack(p: any, local: string, name: string, onBytes: (n: number) => void): Promise<void> {
  const st = fs.lstatSync(local)
  const entry = (header: any, body?: Buffer) => new Promise<void>((resolve, reject) => p.entry(header, body, (err: any) => (err ? reject(err) : resolve())))
  if (st.isSymbolicLink()) return entry({name, type: 'symlink', linkname: fs.readlinkSync(local), mode: 0o777, mtime: st.mtime})
  if (st.isDirectory()) {
    const names = fs.readdirSync(local).sort()
    // An empty directory still has to exist on the other side.
    if (names.length === 0) await entry({name, type: 'directory', mode: st.mode & 0o7777, mtime: st.mtime})
    for (const n of names) await addToPack(p, path.join(local, n), `${name}/${n}`, onBytes)
    return
  }
  if (!st.isFile()) return
  await new Promise<void>((resolve, reject) => {
    const w = p.entry({name, size: st.size, mode: st.mode & 0o7777, mtime: st.mtime}, (err: any) => (err ? reject(err) : resolve()))
    const r = fs.createReadStream(local, {highWaterMark: 1 << 20})
    r.on('error', reject)
    r.on('data', (chunk) => onBytes(chunk.length))
    r.pipe(w)
  })
}

async function copyFromPod(client: KubeClient, ns: string, pod: string, container: string, o: CpOptions, io: IO, receiver: Receiver | undefined): Promise<void> {
  const progress = progressLine((t) => io.err.write(t), Boolean(io.err.isTTY))
  try {
    await download(client, ns, pod, container, o, io, progress, receiver)
    progress.finish(true)
  } catch (err) {
    // The error message must start on its own line, not after the progress count.
    progress.finish(false)
    throw err
  }
}

async function download(client: KubeClient, ns: string, pod: string, container: string, o: CpOptions, io: IO, progress: Progress, receiver: Receiver | undefined): Promise<void> {
  const src = o.src.file
  const prefix = tarPrefix(src)
  const dest = o.dest.file
  const extractor = safeExtractor({
    dest,
    prefix,
    warn: (l) => io.err.write(l),
    symlinkHint: `(consider using "kubectl exec -n "${ns}" "${pod}" -- tar cf - "${src}" | tar xf -")`,
    progress: (n) => progress.update(n),
  })
  const reader = new TarReader(extractor)
  let attempts = 0
  for (;;) {
    let failure: Error | undefined
    // Parsing and the file writes are synchronous: one call per received slice, no stream or promise per slice.
    const sink = (chunk: Buffer): boolean => {
      if (failure) return false
      try {
        reader.feed(chunk)
        return true
      } catch (err) {
        failure = err as Error
        return false
      }
    }
    const errText = collector()
    const stderrTee = new Writable({
      write(chunk, _e, cb) {
        errText.write(chunk)
        // kubectl prints the remote tar's stderr on stdout.
        io.out.write(chunk, () => cb())
      },
    })
    let result: RemoteResult | undefined
    try {
      // The first attempt takes the connection opened beforehand; a retry opens its own.
      result = await receiveFromPod(client, ns, pod, container, tarCommand(src, o.retries, reader.bytes + 1), sink, stderrTee, attempts === 0 ? receiver : undefined)
    } catch (err) {
      // The API refused the exec (no such container, forbidden…): final, as with kubectl, and nothing to resume.
      if (err instanceof StatusError && !failure) throw err
      failure ??= err as Error
    }
    if (failure instanceof KctlError && /tar contents corrupted/.test(failure.message)) {
      extractor.abort()
      throw failure
    }
    if (result && result.code !== 0 && reader.bytes === 0 && missingTar(result, errText.text())) throw new KctlError(MISSING_TAR(pod))
    if (!failure) {
      // kubectl exits 0 after printing tar's complaint (GNU tar still sends an empty archive): a copy that copied
      // nothing must not look like success.
      const why = reader.entries === 0 ? emptyCopyReason(src, result, errText.text()) : undefined
      if (why) throw new KctlError(why(pod, container))
      if (reader.bytes === 0) return
      try {
        reader.finish()
        return
      } catch (err) {
        failure = err as Error
      }
    }
    if (o.retries === 0 || (o.retries > 0 && attempts >= o.retries)) {
      extractor.abort()
      // kubectl prints this on stdout when it gives up on a stream that ended short, --retries=0 included (a lost
      // connection, which kubectl does not retry at all, is only reported like that after kctl's own retries).
      if (result || o.retries !== 0) io.out.write(`Dropping out copy after ${attempts} retries\n`)
      throw failure
    }
    attempts++
    io.out.write(`Resuming copy at ${reader.bytes} bytes, retry ${attempts}/${o.retries}\n`)
  }
}
