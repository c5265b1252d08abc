// `kctl port-forward`: local listeners whose every accepted connection gets its own WebSocket to pods/portforward
// (v4.channel.k8s.io: channel 2i carries data for port i, 2i+1 its errors; each channel opens with the port number).
import * as net from 'node:net'
import {KctlError, UsageError} from '../cli/errors.js'
import type {IO} from '../cli/io.js'
import type {KubeClient} from '../client/index.js'
import {PODS} from '../client/discovery.js'
import {podForArg, splitPodArg} from '../exec/pod.js'
import {podRunningTimeout} from '../logs/logs.js'
import {dialWebSocket} from '../exec/channel.js'

/** One LOCAL:REMOTE mapping (local 0 = pick a free port). */
export interface PortMapping {
  local: number
  remote: number
  /** The text the user typed for the remote side (a service port or a named port). */
  remoteSpec: string
}

/** Options of `kctl port-forward`. */
export interface PortForwardOptions {
  target: string
  ports: {local: string; remote: string}[]
  addresses: string[]
  podRunningTimeoutMs: number
}

function parsePortNumber(s: string, what: string): number {
  const n = Number(s)
  if (!/^\d+$/.test(s) || n > 65535) throw new KctlError(`${what} "${s}" is not a valid port number`)
  return n
}

/** Splits the port arguments (8080, 8080:80, :80) and --address values. */
export function portForwardOptions(positionals: string[], f: Record<string, any>): PortForwardOptions {
  if (positionals.length < 2) throw new UsageError('TYPE/NAME and list of ports are required for port-forward')
  let podRunningTimeoutMs: number
  try {
    podRunningTimeoutMs = podRunningTimeout(f['pod-running-timeout'], '1m0s')
  } catch (err) {
    // port-forward reports a non-positive timeout as a usage error (kubectl's UsageErrorf); parse errors stay flag errors.
    if (err instanceof KctlError && err.constructor === KctlError) throw new UsageError(err.message)
    throw err
  }
  const ports = positionals.slice(1).map((p) => {
    const parts = p.split(':')
    if (parts.length > 2) throw new KctlError(`invalid port format '${p}'`)
    return parts.length === 1 ? {local: parts[0], remote: parts[0]} : {local: parts[0], remote: parts[1]}
  })
  const addresses = String(f.address ?? 'localhost').split(',').map((a) => a.trim()).filter(Boolean)
  return {target: positionals[0], ports, addresses, podRunningTimeoutMs}
}

/** Maps a service port to the pod's container port (numbers, or a named targetPort looked up in the pod). */
export function translateServicePort(svc: any, pod: any, port: string): number {
  const n = Number(port)
  const sp = (svc.spec?.ports ?? []).find((p: any) => (Number.isInteger(n) && p.port === n) || p.name === port)
  if (!sp) throw new KctlError(`Service ${svc.metadata.name} does not have a service port ${port}`)
  const tp = sp.targetPort ?? sp.port
  if (typeof tp === 'number') return tp
  if (/^\d+$/.test(String(tp))) return Number(tp)
  const containerPort = containerPortByName(pod, String(tp))
  if (containerPort === undefined) throw new KctlError(`Pod '${pod.metadata.name}' does not have a named port '${tp}'`)
  return containerPort
}

function containerPortByName(pod: any, name: string): number | undefined {
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === name) return p.containerPort
  }
  return undefined
}

function listenAddresses(addresses: string[]): {host: string; label: string}[] {
  const out: {host: string; label: string}[] = []
  for (const a of addresses) {
    if (a === 'localhost') out.push({host: '127.0.0.1', label: '127.0.0.1'}, {host: '::1', label: '[::1]'})
    else out.push({host: a, label: a.includes(':') ? `[${a}]` : a})
  }
  return out
}

function isReady(p: any): boolean {
  return (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')
}

function readyTime(p: any): number {
  const c = (p.status?.conditions ?? []).find((x: any) => x.type === 'Ready' && x.status === 'True')
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0
}

function maxRestarts(p: any): number {
  return Math.max(0, ...(p.status?.containerStatuses ?? []).map((c: any) => c.restartCount ?? 0))
}

// t1 after t2, a zero time counting as after any other (kubectl's afterOrZero).
function afterOrZero(t1: number, t2: number): boolean {
  if (!t1 || !t2) return !t1
  return t1 > t2
}

// kubectl's podutils.ActivePods Less: the pod that is least useful sorts first.
function activeLess(a: any, b: any): boolean {
  const an = a.spec?.nodeName ?? '', bn = b.spec?.nodeName ?? ''
  if (an !== bn && (!an || !bn)) return !an
  const rank: Record<string, number> = {Pending: 0, Unknown: 1, Running: 2}
  const ap = rank[a.status?.phase] ?? 0, bp = rank[b.status?.phase] ?? 0
  if (ap !== bp) return ap < bp
  if (isReady(a) !== isReady(b)) return !isReady(a)
  const ad = Date.parse(a.metadata?.deletionTimestamp ?? '') || 0, bd = Date.parse(b.metadata?.deletionTimestamp ?? '') || 0
  if (Boolean(ad) !== Boolean(bd)) return Boolean(ad)
  if (ad && bd && ad !== bd) return ad < bd
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(a), readyTime(b))
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b)
  const ac = Date.parse(a.metadata?.creationTimestamp ?? '') || 0, bc = Date.parse(b.metadata?.creationTimestamp ?? '') || 0
  if (ac !== bc) return afterOrZero(ac, bc)
  return false
}

/** kubectl's attachable-pod order, sort.Reverse(ActivePods): the most useful pod (running, ready longest) first. */
export function compareForAttach(a: any, b: any): number {
  if (activeLess(b, a)) return -1
  if (activeLess(a, b)) return 1
  return 0
}

/** Forwards until interrupted (or until `signal` aborts, for tests). */
export async function runPortForward(client: KubeClient, o: PortForwardOptions, io: IO, signal?: AbortSignal): Promise<void> {
  const namespace = client.namespace
  const {type} = splitPodArg(o.target)
  const {pod: chosen} = await podForArg(client, namespace, o.target, {compare: compareForAttach, waitMs: o.podRunningTimeoutMs})
  // kubectl reads the chosen pod again just before forwarding; the phase check sees that fresh copy.
  const pod = chosen.metadata?.resourceVersion && splitPodArg(o.target).type !== 'pods' ? await client.get(PODS, chosen.metadata.namespace ?? namespace, chosen.metadata.name) : chosen
  if (pod.status?.phase !== 'Running') throw new KctlError(`unable to forward port because pod is not running. Current status=${pod.status?.phase}`)
  const isService = /^(svc|service|services)(\.|$)/.test(type)
  let svc: any
  if (isService) svc = await client.get(await client.resolve('services'), namespace, splitPodArg(o.target).name)
  const mappings: PortMapping[] = o.ports.map((p) => {
    let remote: number
    if (svc) remote = translateServicePort(svc, pod, p.remote)
    else if (/^\d+$/.test(p.remote)) remote = parsePortNumber(p.remote, 'Remote port')
    else {
      const named = containerPortByName(pod, p.remote)
      if (named === undefined) throw new KctlError(`Pod '${pod.metadata.name}' does not have a named port '${p.remote}'`)
      remote = named
    }
    const local = p.local === '' ? 0 : /^\d+$/.test(p.local) ? parsePortNumber(p.local, 'Local port') : svc || isNaN(Number(p.local)) ? remote : Number(p.local)
    return {local: p.local === p.remote && svc ? Number(p.local) : local, remote, remoteSpec: p.remote}
  })
  const path = `/api/v1/namespaces/${encodeURIComponent(pod.metadata.namespace ?? namespace)}/pods/${encodeURIComponent(pod.metadata.name)}/portforward`
  const servers: net.Server[] = []
  const sockets = new Set<net.Socket>()
  for (const m of mappings) {
    let chosen = m.local
    let bound = 0
    for (const addr of listenAddresses(o.addresses)) {
      const server = net.createServer((sock) => {
        sockets.add(sock)
        sock.once('close', () => sockets.delete(sock))
        io.out.write(`Handling connection for ${chosen}\n`)
        forwardConnection(client, path, m.remote, sock, io).catch((err) => io.err.write(`E${''} portforward: error forwarding port ${m.remote} to pod ${pod.metadata.name}: ${(err as Error).message}\n`))
      })
      const ok = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false))
        server.listen(chosen, addr.host, () => resolve(true))
      })
      if (!ok) continue
      bound++
      chosen = (server.address() as net.AddressInfo).port
      servers.push(server)
      io.out.write(`Forwarding from ${addr.label}:${chosen} -> ${m.remote}\n`)
    }
    if (bound === 0) {
      for (const s of servers) s.close()
      throw new KctlError(`unable to listen on any of the requested ports: [{${m.local} ${m.remote}}]`)
    }
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    signal?.addEventListener('abort', stop)
  })
  for (const s of servers) s.close()
  for (const s of sockets) s.destroy()
}

async function forwardConnection(client: KubeClient, path: string, port: number, sock: net.Socket, io: IO): Promise<void> {
  sock.pause()
  const ws = await dialWebSocket(client, path, `ports=${port}`, ['v4.channel.k8s.io']).catch((err) => {
    sock.destroy()
    throw err
  })
  // The first frame on each channel is the port number; everything after it on channel 0 is data.
  const seen = [false, false]
  let errorText = ''
  ws.on('message', (msg: Buffer) => {
    if (msg.length === 0) return
    const ch = msg[0]
    let data = msg.subarray(1)
    if (ch > 1) return
    if (!seen[ch]) {
      seen[ch] = true
      data = data.subarray(2)
      if (!data.length) return
    }
    if (ch === 0) {
      if (!sock.write(data)) {
        ws.pause()
        sock.once('drain', () => ws.resume())
      }
    } else errorText += data.toString('utf8')
  })
  sock.on('data', (d: Buffer) => {
    ws.send(Buffer.concat([Buffer.from([0]), d]))
    if (ws.bufferedAmount > 4 << 20) {
      sock.pause()
      const wait = setInterval(() => {
        if (ws.bufferedAmount < 1 << 20) {
          clearInterval(wait)
          sock.resume()
        }
      }, 5)
    }
  })
  sock.on('end', () => ws.close(1000))
  // A destroyed local socket (Ctrl-C) must not leave its WebSocket holding the process open.
  sock.on('close', () => ws.terminate())
  sock.on('error', () => ws.terminate())
  sock.resume()
  await new Promise<void>((resolve) => {
    ws.once('close', () => {
      sock.end()
      resolve()
    })
  })
  if (errorText) io.err.write(`E portforward: an error occurred forwarding ${sock.localPort} -> ${port}: ${errorText}\n`)
}
