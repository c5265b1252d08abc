// Simulated nodes and their kubelets: Node objects with Lease heartbeats, pods run as real processes,
// the streaming hooks (logs, exec, attach, port-forward), metrics and kube-proxy's NodePort listeners.
import * as fs from 'node:fs'
import * as net from 'node:net'
import {ApiError, GVRS, type ExecProcess, type KObject, type KubeletHooks, type LogOptions, type SandboxApi, type WatchEvent} from '../types.js'
import {streamLogFile} from './logs.js'
import {nodeMetrics, podMetrics} from './metrics.js'
import {NodeManager, nodeNames, type NodeInfo} from './nodes.js'
import {PodWorker, type KubeletContext} from './pods.js'
import {KubeProxy} from './proxy.js'
import {detectIsolation} from './runtime.js'
import {kubeletDir} from '../volumes.js'

/** Options of startKubelets. */
export interface KubeletOptions {
  dataDir: string
  nodes: number
  version: string
  log: (line: string) => void
}

/** Start `nodes` kubelets and kube-proxy; returns the streaming hooks plus stop(). */
export async function startKubelets(api: SandboxApi, opts: KubeletOptions): Promise<KubeletHooks & {stop(): Promise<void>; isolation: string}> {
  const isolation = detectIsolation()
  const dataDir = kubeletDir(opts.dataDir)
  fs.mkdirSync(dataDir, {recursive: true, mode: 0o700})
  const nodes = nodeNames(opts.nodes)
  const byName = new Map<string, NodeInfo>(nodes.map(n => [n.name, n]))
  const manager = new NodeManager(api, nodes, opts.version, opts.log)
  manager.register()
  manager.start()

  const ctx: KubeletContext = {api, dataDir, isolation, log: opts.log, pulled: new Map(), ips: new Map()}
  const workers = new Map<string, PodWorker>()
  // Pods present from an earlier run keep their IPs.
  const onPod = (type: WatchEvent['type'], pod: KObject) => {
    const uid = pod.metadata.uid
    if (!uid) return
    if (type === 'DELETED') {
      const w = workers.get(uid)
      if (w) {
        workers.delete(uid)
        w.destroy()
      }
      return
    }
    const node = pod.spec?.nodeName ? byName.get(pod.spec.nodeName) : undefined
    if (!node) return
    let w = workers.get(uid)
    if (!w) {
      w = new PodWorker(pod, node, ctx)
      if (w.podIP) {
        let used = ctx.ips.get(node.name)
        if (!used) ctx.ips.set(node.name, (used = new Set()))
        used.add(Number(w.podIP.split('.')[3]))
      }
      workers.set(uid, w)
      const worker = w
      void worker.run().catch(err => opts.log(`kubelet: pod ${worker.key}: ${(err as Error).stack}`))
    } else {
      w.pod = pod
    }
    if (pod.metadata.deletionTimestamp) w.terminate(pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30)
  }
  // Events may be delivered inside our own writes; handle them on a later tick.
  const unwatch = api.watch(GVRS.pods, {}, ev => setImmediate(() => onPod(ev.type, ev.object)))
  for (const p of api.list(GVRS.pods).items) onPod('ADDED', p)
  const onConfig = (kind: 'configmap' | 'secret') => (ev: {type: string; object: KObject}) => {
    if (ev.type === 'DELETED') return
    const {namespace, name} = ev.object.metadata
    setImmediate(() => {
      for (const w of workers.values()) if (w.pod.metadata.namespace === namespace) w.refreshConfigVolumes(kind, name!)
    })
  }
  const unwatchConfig = [api.watch(GVRS.configmaps, {}, onConfig('configmap')), api.watch(GVRS.secrets, {}, onConfig('secret'))]

  const proxy = new KubeProxy(api, () => workers.values(), opts.log)
  proxy.start()

  const workerFor = (pod: KObject): PodWorker => {
    if (!pod.spec?.nodeName) throw new ApiError(400, 'BadRequest', `pod ${pod.metadata.name} does not have a host assigned`)
    const w = pod.metadata.uid ? workers.get(pod.metadata.uid) : undefined
    if (!w) throw new ApiError(400, 'BadRequest', `pod ${pod.metadata.name} is not running on a node`)
    return w
  }

  const hooks: KubeletHooks & {stop(): Promise<void>; isolation: string} = {
    isolation,
    async streamLogs(pod: KObject, o: LogOptions, out: NodeJS.WritableStream, signal: AbortSignal): Promise<void> {
      const podName = pod.metadata.name
      const inSpec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].some((c: KObject) => c.name === o.container)
      if (!inSpec) throw new ApiError(400, 'BadRequest', `container ${o.container} is not valid for pod ${podName}`)
      if (!pod.spec?.nodeName) throw new ApiError(400, 'BadRequest', `pod ${podName} does not have a host assigned`)
      const w = pod.metadata.uid ? workers.get(pod.metadata.uid) : undefined
      const c = w?.container(o.container)
      if (!w || !c || (!c.writer && !o.previous)) {
        const reason = c && 'waiting' in c.state ? c.state.waiting.reason : 'ContainerCreating'
        throw new ApiError(400, 'BadRequest', `container "${o.container}" in pod "${podName}" is waiting to start: ${reason}`)
      }
      if (o.previous) {
        const idx = c.writer ? c.restartCount - 1 : -1
        const file = idx >= 0 ? w.logFile(c.name, idx) : ''
        if (!file || !fs.existsSync(file)) throw new ApiError(400, 'BadRequest', `previous terminated container "${o.container}" in pod "${podName}" not found`)
        return streamLogFile(file, undefined, {...o, follow: false}, out, signal)
      }
      return streamLogFile(c.writer!.file, c.writer, o, out, signal)
    },
    exec(pod: KObject, container: string, command: string[], tty: boolean): ExecProcess {
      const w = workerFor(pod)
      const c = w.container(container)
      if (!c) throw new ApiError(400, 'BadRequest', `container ${container} is not valid for pod ${pod.metadata.name}`)
      return w.exec(c, command, tty)
    },
    attach(pod: KObject, container: string, tty: boolean): ExecProcess {
      const w = workerFor(pod)
      const c = w.container(container)
      if (!c) throw new ApiError(400, 'BadRequest', `container ${container} is not valid for pod ${pod.metadata.name}`)
      return w.attach(c, tty)
    },
    connect(pod: KObject, port: number): Promise<net.Socket> {
      const w = workerFor(pod)
      const c = w.containers.find(x => x.running && x.ports.has(port))
      const fail = (detail: string) => new Error(`error forwarding port ${port} to pod ${w.pod.metadata.uid}, uid : failed to connect to localhost:${port} inside the pod's network namespace: ${detail}`)
      if (!c) return Promise.reject(fail(`dial tcp4 127.0.0.1:${port}: connect: connection refused`))
      const hostPort = c.ports.get(port)!
      return new Promise((resolve, reject) => {
        const sock = net.connect({host: '127.0.0.1', port: hostPort})
        sock.once('connect', () => {
          sock.removeAllListeners('error')
          resolve(sock)
        })
        sock.once('error', () => reject(fail(`dial tcp4 127.0.0.1:${port}: connect: connection refused`)))
      })
    },
    nodeMetrics: () => nodeMetrics(nodes, workers.values()),
    podMetrics: (namespace?: string) => podMetrics(workers.values(), namespace),
    async stop(): Promise<void> {
      unwatch()
      for (const u of unwatchConfig) u()
      proxy.stop()
      manager.stop()
      await Promise.all([...workers.values()].map(w => w.shutdown()))
    },
  }
  return hooks
}
