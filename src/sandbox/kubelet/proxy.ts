// kube-proxy for NodePort services: listen on 127.0.0.1:<nodePort> and splice to a ready endpoint's container port.
import * as net from 'node:net'
import {GVRS, type KObject, type SandboxApi} from '../types.js'
import type {PodWorker} from './pods.js'

/** NodePort listeners kept in step with Services. */
export class KubeProxy {
  private readonly listeners = new Map<number, {server?: net.Server; svcKey: string; portName?: string; retry?: NodeJS.Timeout}>()
  private readonly services = new Map<string, KObject>()
  private unwatch?: () => void
  private rr = 0

  constructor(private readonly api: SandboxApi, private readonly workers: () => Iterable<PodWorker>, private readonly log: (l: string) => void) {}

  /** Begin watching Services. */
  start(): void {
    this.unwatch = this.api.watch(GVRS.services, {}, ev => {
      setImmediate(() => (ev.type === 'DELETED' ? this.remove(ev.object) : this.upsert(ev.object)))
    })
    for (const s of this.api.list(GVRS.services).items) this.upsert(s)
  }

  private key(s: KObject): string {
    return `${s.metadata.namespace}/${s.metadata.name}`
  }

  private upsert(svc: KObject): void {
    const key = this.key(svc)
    this.services.set(key, svc)
    const wanted = new Set<number>()
    if (svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer') {
      for (const p of svc.spec.ports ?? []) if (p.nodePort && (p.protocol ?? 'TCP') === 'TCP') wanted.add(p.nodePort)
    }
    for (const [port, l] of this.listeners) if (l.svcKey === key && !wanted.has(port)) this.close(port)
    for (const port of wanted) if (!this.listeners.has(port)) this.listen(port, key)
  }

  private remove(svc: KObject): void {
    const key = this.key(svc)
    this.services.delete(key)
    for (const [port, l] of this.listeners) if (l.svcKey === key) this.close(port)
  }

  private close(port: number): void {
    const l = this.listeners.get(port)
    if (!l) return
    if (l.retry) clearTimeout(l.retry)
    l.server?.close()
    this.listeners.delete(port)
  }

  private listen(port: number, svcKey: string): void {
    const entry: {server?: net.Server; svcKey: string; retry?: NodeJS.Timeout} = {svcKey}
    this.listeners.set(port, entry)
    const server = net.createServer(sock => this.forward(port, svcKey, sock))
    server.on('error', err => {
      this.log(`kube-proxy: cannot listen on 127.0.0.1:${port} for service ${svcKey}: ${(err as Error).message}; retrying in 10s`)
      entry.server = undefined
      entry.retry = setTimeout(() => {
        if (this.listeners.get(port) === entry) {
          this.listeners.delete(port)
          this.listen(port, svcKey)
        }
      }, 10_000)
      entry.retry.unref()
    })
    server.listen(port, '127.0.0.1')
    entry.server = server
  }

  /** Host ports of ready endpoints for a service port. */
  targets(svc: KObject, nodePort: number): number[] {
    const sp = (svc.spec?.ports ?? []).find((p: KObject) => p.nodePort === nodePort)
    const selector: Record<string, string> = svc.spec?.selector ?? {}
    if (!sp || !Object.keys(selector).length) return []
    const out: number[] = []
    for (const w of this.workers()) {
      if (w.gone || w.terminating || w.pod.metadata.namespace !== svc.metadata.namespace) continue
      const labels = w.pod.metadata.labels ?? {}
      if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) continue
      if (!w.containers.every(c => c.ready)) continue
      const target = sp.targetPort ?? sp.port
      for (const c of w.containers) {
        let cp: number | undefined
        if (typeof target === 'number') cp = target
        else cp = (c.spec.ports ?? []).find((p: KObject) => p.name === target)?.containerPort
        const hp = cp !== undefined ? c.ports.get(cp) : undefined
        if (hp) {
          out.push(hp)
          break
        }
      }
    }
    return out
  }

  private forward(nodePort: number, svcKey: string, sock: net.Socket): void {
    const svc = this.services.get(svcKey)
    const targets = svc ? this.targets(svc, nodePort) : []
    if (!targets.length) {
      sock.destroy()
      return
    }
    const port = targets[this.rr++ % targets.length]
    const up = net.connect({host: '127.0.0.1', port})
    sock.pipe(up)
    up.pipe(sock)
    const end = () => {
      sock.destroy()
      up.destroy()
    }
    sock.on('error', end)
    up.on('error', end)
    sock.on('close', end)
    up.on('close', end)
  }

  /** Close every listener. */
  stop(): void {
    this.unwatch?.()
    for (const port of [...this.listeners.keys()]) this.close(port)
  }
}
