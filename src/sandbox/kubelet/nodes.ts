// Node objects and their heartbeats: what kind would register for a cluster of `nodes` machines.
import * as os from 'node:os'
import {GVRS, type KObject, type SandboxApi} from '../types.js'

/** Static facts about one simulated node. */
export interface NodeInfo {
  /** True when the control-plane node must also run workloads (a one-node sandbox, as kind does). */
  schedulable?: boolean
  name: string
  index: number
  controlPlane: boolean
  internalIP: string
  podCIDR: string
}

/** kind's names: control-plane, worker, worker2, … */
export function nodeNames(count: number): NodeInfo[] {
  const out: NodeInfo[] = []
  for (let i = 0; i < count; i++) {
    const name = i === 0 ? 'kctl-sandbox-control-plane' : i === 1 ? 'kctl-sandbox-worker' : `kctl-sandbox-worker${i}`
    out.push({name, index: i, controlPlane: i === 0, schedulable: count === 1, internalIP: ipAt('172.18.0.0', i + 2), podCIDR: `${ipAt('10.244.0.0', i * 256)}/24`})
  }
  return out
}

/** base + n as a dotted IPv4 address. */
export function ipAt(base: string, n: number): string {
  const b = base.split('.').map(Number)
  let v = ((b[0] << 24) >>> 0) + (b[1] << 16) + (b[2] << 8) + b[3] + n
  const out: number[] = []
  for (let i = 0; i < 4; i++) {
    out.unshift(v & 255)
    v = Math.floor(v / 256)
  }
  return out.join('.')
}

const CAPACITY = {cpu: '8', 'ephemeral-storage': '102625208Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '16351568Ki', pods: '110'}

function conditions(now: string, transition: string): KObject[] {
  return [
    {type: 'MemoryPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: transition, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available'},
    {type: 'DiskPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: transition, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure'},
    {type: 'PIDPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: transition, reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available'},
    {type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: transition, reason: 'KubeletReady', message: 'kubelet is posting ready status'},
  ] as unknown as KObject[]
}

/** The Node object a kubelet registers. */
export function nodeObject(n: NodeInfo, version: string, now: string): KObject {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
  }
  if (n.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = ''
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = ''
  }
  const spec: KObject['spec'] = {podCIDR: n.podCIDR, podCIDRs: [n.podCIDR], providerID: `kind://docker/kctl-sandbox/${n.name}`}
  // kind leaves a lone control-plane node untainted so that a one-node cluster can run pods.
  if (n.controlPlane && !n.schedulable) spec.taints = [{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'}]
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec,
    status: {
      capacity: {...CAPACITY},
      allocatable: {...CAPACITY},
      conditions: conditions(now, now),
      addresses: [{type: 'InternalIP', address: n.internalIP}, {type: 'Hostname', address: n.name}],
      daemonEndpoints: {kubeletEndpoint: {Port: 10250}},
      nodeInfo: {
        machineID: hex32(n.name),
        systemUUID: uuidFrom(n.name),
        bootID: uuidFrom(n.name + ':boot'),
        kernelVersion: os.release(),
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'containerd://2.1.1',
        kubeletVersion: version,
        kubeProxyVersion: version,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
      images: [],
    },
  }
}

function hex32(seed: string): string {
  let h1 = 0x811c9dc5
  let out = ''
  for (let round = 0; round < 4; round++) {
    for (const c of seed + round) h1 = Math.imul(h1 ^ c.charCodeAt(0), 16777619) >>> 0
    out += h1.toString(16).padStart(8, '0')
  }
  return out
}

function uuidFrom(seed: string): string {
  const h = hex32(seed)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

/** MicroTime as Lease renewTime uses it. */
export function microTime(d = new Date()): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
}

/**
 * Registers nodes and keeps them fresh: a Lease renewal per node every interval (spread over the interval so
 * 1000 nodes cost a few writes a second), and the conditions' heartbeat every few minutes as kubelet does.
 */
export class NodeManager {
  private timers: NodeJS.Timeout[] = []
  private readonly leaseInterval: number
  // kubelet's nodeStatusReportFrequency: an unchanged status is re-posted every 5 minutes.
  private readonly statusInterval = 300_000

  constructor(private readonly api: SandboxApi, readonly nodes: NodeInfo[], private readonly version: string, private readonly log: (l: string) => void) {
    // kubelet renews every 10 s; big clusters stretch the interval to keep writes near 10/s.
    this.leaseInterval = Math.max(10_000, Math.ceil(nodes.length / 10) * 1000)
  }

  /** Create or refresh every Node and Lease. */
  register(): void {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
    for (const n of this.nodes) {
      const existing = this.api.tryGet(GVRS.nodes, undefined, n.name)
      if (!existing) {
        this.api.create(GVRS.nodes, nodeObject(n, this.version, now))
      } else {
        this.api.mutate(GVRS.nodes, undefined, n.name, obj => {
          const fresh = nodeObject(n, this.version, now)
          obj.status = {...fresh.status, images: obj.status?.images ?? []}
        }, {subresource: 'status'})
      }
      this.renewLease(n, true)
    }
  }

  private renewLease(n: NodeInfo, create = false): void {
    const renewTime = microTime()
    const duration = Math.round((this.leaseInterval * 4) / 1000)
    if (create) {
      const node = this.api.tryGet(GVRS.nodes, undefined, n.name)
      const lease = this.api.tryGet(GVRS.leases, 'kube-node-lease', n.name)
      if (!lease) {
        try {
          this.api.create(GVRS.leases, {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: {
              name: n.name,
              namespace: 'kube-node-lease',
              ownerReferences: node ? [{apiVersion: 'v1', kind: 'Node', name: n.name, uid: node.metadata.uid!}] : undefined,
            },
            spec: {holderIdentity: n.name, leaseDurationSeconds: duration, renewTime},
          })
        } catch (err) {
          this.log(`kubelet: lease ${n.name}: ${(err as Error).message}`)
        }
        return
      }
    }
    this.api.mutate(GVRS.leases, 'kube-node-lease', n.name, obj => {
      obj.spec = {...obj.spec, holderIdentity: n.name, leaseDurationSeconds: duration, renewTime}
    })
  }

  /** Begin the heartbeats. */
  start(): void {
    const count = this.nodes.length
    const spread = this.leaseInterval / Math.max(1, count)
    // One timer walking the node list keeps idle cost flat regardless of node count.
    let i = 0
    const tick = Math.max(50, spread)
    const perTick = Math.max(1, Math.round(tick / spread))
    const t = setInterval(() => {
      for (let k = 0; k < perTick; k++) {
        const n = this.nodes[i++ % count]
        try {
          this.renewLease(n)
        } catch (err) {
          this.log(`kubelet: renew lease ${n.name}: ${(err as Error).message}`)
        }
      }
    }, tick)
    t.unref()
    this.timers.push(t)
    let j = 0
    const sSpread = this.statusInterval / Math.max(1, count)
    const sTick = Math.max(100, sSpread)
    const sPerTick = Math.max(1, Math.round(sTick / sSpread))
    const s = setInterval(() => {
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
      for (let k = 0; k < sPerTick; k++) {
        const n = this.nodes[j++ % count]
        try {
          this.api.mutate(GVRS.nodes, undefined, n.name, obj => {
            for (const c of obj.status?.conditions ?? []) c.lastHeartbeatTime = now
          }, {subresource: 'status'})
        } catch (err) {
          this.log(`kubelet: node status ${n.name}: ${(err as Error).message}`)
        }
      }
    }, sTick)
    s.unref()
    this.timers.push(s)
  }

  /** Stop the heartbeats. */
  stop(): void {
    for (const t of this.timers) clearInterval(t)
    this.timers = []
  }
}
