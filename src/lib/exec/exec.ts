// `kctl exec`: run a command in a container over the remotecommand WebSocket, with kubectl's argument rules, container
// defaulting, TTY handling (raw mode always restored) and the remote exit code as ours.
import {KctlError, UsageError, ExitError} from '../cli/errors.js'
import type {IO} from '../cli/io.js'
import type {KubeClient} from '../client/index.js'
import {podForArg, chooseContainer} from './pod.js'
import {openChannels, channelQuery, type RemoteResult} from './channel.js'

/** Options of `kctl exec`. */
export interface ExecOptions {
  target: string
  command: string[]
  container?: string
  stdin: boolean
  tty: boolean
  quiet: boolean
}

/** kubectl's argument rules: POD (or TYPE/NAME) before `--`, the command after it. */
export function execOptions(positionals: string[], dashArgs: string[], hasDash: boolean, f: Record<string, any>): ExecOptions {
  if (!hasDash && positionals.length > 1) throw new UsageError('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead')
  if (positionals.length === 0) throw new KctlError('pod, type/name or --filename must be specified')
  const command = hasDash ? dashArgs : []
  if (command.length === 0) throw new KctlError('you must specify at least one command for the container')
  return {target: positionals[0], command, container: f.container || undefined, stdin: Boolean(f.stdin), tty: Boolean(f.tty), quiet: Boolean(f.quiet)}
}

/** Whether -t can be honoured: only with -i and a terminal on stdin (kubectl's SetupTTY). */
export function effectiveTTY(o: {stdin: boolean; tty: boolean; quiet: boolean}, io: IO): boolean {
  if (!o.stdin || !o.tty) return false
  if (!io.in.isTTY) {
    if (!o.quiet) io.err.write('Unable to use a TTY - input is not a terminal or the right kind of file\n')
    return false
  }
  return true
}

/** Turns a remote result into kubectl's message and exit code. */
export function finishRemote(r: RemoteResult, io: IO): void {
  if (r.code === 0) return
  if (r.message !== undefined) throw new KctlError(r.message)
  io.err.write(`command terminated with exit code ${r.code}\n`)
  throw new ExitError(r.code)
}

/** Runs a session with the local terminal in raw mode (when tty) and restores it on every exit path. */
export async function withTerminal<T>(io: IO, tty: boolean, fn: (size?: {width: number; height: number}, onResize?: (cb: (w: number, h: number) => void) => void) => Promise<T>): Promise<T> {
  if (!tty || !io.in.setRawMode) return fn()
  const restore = () => {
    try {
      io.in.setRawMode?.(false)
    } catch {
      // the terminal is already gone
    }
  }
  const onSignal = () => {
    restore()
    process.exit(130)
  }
  process.once('SIGTERM', onSignal)
  process.once('exit', restore)
  io.in.setRawMode(true)
  let resizeHandler: (() => void) | undefined
  try {
    const size = io.out.columns && io.out.rows ? {width: io.out.columns, height: io.out.rows} : undefined
    return await fn(size, (cb) => {
      resizeHandler = () => cb(io.out.columns ?? 0, io.out.rows ?? 0)
      io.out.on('resize', resizeHandler)
    })
  } finally {
    if (resizeHandler) io.out.off('resize', resizeHandler)
    process.off('SIGTERM', onSignal)
    process.off('exit', restore)
    restore()
  }
}

/** Executes the command and exits with its code. */
export async function runExec(client: KubeClient, o: ExecOptions, io: IO): Promise<void> {
  const namespace = client.namespace
  const {pod} = await podForArg(client, namespace, o.target)
  const phase = pod.status?.phase
  if (phase === 'Succeeded' || phase === 'Failed') throw new KctlError(`cannot exec into a container in a completed pod; current phase is ${phase}`)
  const container = chooseContainer(pod, o.container, (l) => io.err.write(l), o.quiet)
  const tty = effectiveTTY(o, io)
  const query = channelQuery({command: o.command, container, stdin: o.stdin, stdout: true, stderr: !tty, tty})
  const path = `/api/v1/namespaces/${encodeURIComponent(pod.metadata.namespace ?? namespace)}/pods/${encodeURIComponent(pod.metadata.name)}/exec`
  const result = await withTerminal(io, tty, async (size, onResize) => {
    const session = await openChannels(client, path, query, {stdout: io.out, stderr: io.err, stdin: o.stdin ? io.in : undefined, tty, size})
    onResize?.((w, h) => session.resize(w, h))
    try {
      return await session.done
    } finally {
      if (o.stdin) io.in.pause()
    }
  })
  finishRemote(result, io)
}
