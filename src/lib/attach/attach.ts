// `kctl attach` and the attach half of `kctl run -i/--attach/--rm`: connect to a running container's streams over
// the remotecommand WebSocket; for run, wait for the pod, fall back to its logs when it already finished, report its
// exit code, and delete it with --rm.
import {KctlError, UsageError, ExitError} from '../cli/errors.js'
import type {IO} from '../cli/io.js'
import type {KubeClient} from '../client/index.js'
import {PODS} from '../client/discovery.js'
import {podForArg, chooseContainer} from '../exec/pod.js'
import {openChannels, channelQuery, type RemoteResult} from '../exec/channel.js'
import {effectiveTTY, withTerminal} from '../exec/exec.js'

/** Options of `kctl attach`. */
export interface AttachOptions {
  target: string
  container?: string
  stdin: boolean
  tty: boolean
  quiet: boolean
  podRunningTimeoutMs: number
}

const PROMPT = "If you don't see a command prompt, try pressing enter.\n"

/** Flags → options. */
export function attachOptions(positionals: string[], f: Record<string, any>, podRunningTimeoutMs: number): AttachOptions {
  if (positionals.length === 0) throw new UsageError('at least 1 argument is required for attach')
  if (positionals.length > 2) throw new UsageError('expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw %d: %v'.replace('%d', String(positionals.length)).replace('%v', `[${positionals.join(' ')}]`))
  const target = positionals.length === 2 ? `${positionals[0]}/${positionals[1]}` : positionals[0]
  return {target, container: f.container || undefined, stdin: Boolean(f.stdin), tty: Boolean(f.tty), quiet: Boolean(f.quiet), podRunningTimeoutMs}
}

/** Streams one container of a running pod until the remote side ends. */
export async function attachToPod(client: KubeClient, pod: any, container: string, o: {stdin: boolean; tty: boolean; quiet: boolean}, io: IO): Promise<RemoteResult> {
  const tty = effectiveTTY(o, io)
  const query = channelQuery({container, stdin: o.stdin, stdout: true, stderr: !tty, tty})
  const path = `/api/v1/namespaces/${encodeURIComponent(pod.metadata.namespace)}/pods/${encodeURIComponent(pod.metadata.name)}/attach`
  return withTerminal(io, tty, async (size, onResize) => {
    const session = await openChannels(client, path, query, {stdout: io.out, stderr: io.err, stdin: o.stdin ? io.in : undefined, tty, size})
    if (!o.quiet) io.err.write(PROMPT)
    onResize?.((w, h) => session.resize(w, h))
    try {
      return await session.done
    } finally {
      if (o.stdin) io.in.pause()
    }
  })
}

/** `kctl attach`. */
export async function runAttach(client: KubeClient, o: AttachOptions, io: IO): Promise<void> {
  const {pod} = await podForArg(client, client.namespace, o.target)
  const phase = pod.status?.phase
  if (phase === 'Succeeded' || phase === 'Failed') throw new KctlError(`cannot attach a container in a completed pod; current phase is ${phase}`)
  const container = chooseContainer(pod, o.container, (l) => io.err.write(l), o.quiet)
  const r = await attachToPod(client, pod, container, o, io)
  if (r.message !== undefined) throw new KctlError(r.message)
  if (r.code !== 0) throw new ExitError(r.code)
  if (o.tty && o.stdin && io.in.isTTY && !o.quiet) {
    io.err.write(`Session ended, resume using 'kubectl attach ${pod.metadata.name} -c ${container} -i -t' command when the pod is running\n`)
  }
}

/** What `kctl run` needs to attach to the pod it created. */
export interface RunAttachOptions {
  name: string
  namespace: string
  stdin: boolean
  tty: boolean
  quiet: boolean
  rm: boolean
  restart: 'Always' | 'OnFailure' | 'Never'
  podRunningTimeoutMs: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function waitForPod(client: KubeClient, namespace: string, name: string, timeoutMs: number, done: (pod: any) => boolean): Promise<any> {
  const deadline = Date.now() + (timeoutMs || 60000)
  for (;;) {
    const pod = await client.get(PODS, namespace, name)
    if (done(pod)) return pod
    if (Date.now() > deadline) throw new KctlError('timed out waiting for the condition')
    await sleep(250)
  }
}

const finished = (p: any) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'

async function printLogs(client: KubeClient, pod: any, container: string, io: IO): Promise<void> {
  const res = await client.rest.stream({method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(pod.metadata.namespace)}/pods/${encodeURIComponent(pod.metadata.name)}/log`, query: {container}})
  await new Promise<void>((resolve, reject) => {
    res.on('data', (c: Buffer) => io.out.write(c))
    res.once('end', () => resolve())
    res.once('error', reject)
  })
}

/** Attach flow of `kctl run`: wait, attach (or print logs when already done), exit code, --rm. */
export async function runAttachedPod(client: KubeClient, o: RunAttachOptions, io: IO): Promise<void> {
  let pod = await waitForPod(client, o.namespace, o.name, o.podRunningTimeoutMs, (p) => p.status?.phase === 'Running' || finished(p))
  const container = pod.spec.containers[0].name
  let failure: unknown
  try {
    if (finished(pod)) {
      await printLogs(client, pod, container, io)
    } else {
      try {
        const r = await attachToPod(client, pod, container, o, io)
        if (r.message !== undefined && !/completed pod/.test(r.message)) throw new KctlError(r.message)
      } catch (err) {
        if (err instanceof KctlError && /completed pod/.test(err.message)) {
          await printLogs(client, pod, container, io)
        } else {
          io.err.write(`warning: couldn't attach to pod/${o.name}, falling back to streaming logs: ${(err as Error).message}\n`)
          await printLogs(client, pod, container, io)
        }
      }
    }
    if (o.restart !== 'Always') {
      pod = await waitForPod(client, o.namespace, o.name, 0x7fffffff, finished)
      const code = exitCodeOf(pod)
      if (code !== 0) failure = code
    }
  } catch (err) {
    failure = err
  }
  if (o.rm) {
    await client.delete(PODS, o.namespace, o.name)
    if (!o.quiet) io.out.write(`pod "${o.name}" deleted\n`)
  }
  if (typeof failure === 'number') {
    const status = pod.status?.containerStatuses?.[0]?.state?.terminated
    io.err.write(`pod ${o.namespace}/${o.name} terminated (${status?.reason ?? 'Error'})\n${status?.message ? status.message + '\n' : ''}`)
    throw new ExitError(failure)
  }
  if (failure) throw failure
}

function exitCodeOf(pod: any): number {
  const t = pod.status?.containerStatuses?.[0]?.state?.terminated
  if (pod.status?.phase === 'Succeeded') return 0
  if (t && typeof t.exitCode === 'number') return t.exitCode
  throw new KctlError(`pod ${pod.metadata.namespace}/${pod.metadata.name} failed with unknown exit code`)
}
