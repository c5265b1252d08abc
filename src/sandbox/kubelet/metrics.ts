// metrics.k8s.io from the real processes: CPU from /proc/<pid>/stat ticks, memory from resident pages.
import * as fs from 'node:fs'
import type {KObject} from '../types.js'
import type {NodeInfo} from './nodes.js'
import type {ContainerRuntime, PodWorker} from './pods.js'
import {processTree} from './runtime.js'

const TICK_MS = 10
const PAGE = 4096

function readTicks(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(f[11]) + Number(f[12])
  } catch {
    return 0
  }
}

function readRss(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE
  } catch {
    return 0
  }
}

/** CPU (millicores) and memory (bytes) of one container's processes. */
export function containerUsage(c: ContainerRuntime): {cpu: number; memory: number} {
  const pid = c.child?.pid
  if (pid === undefined) return {cpu: 0, memory: 0}
  const pids = processTree(pid)
  let ticks = 0
  let rss = 0
  for (const p of pids) {
    ticks += readTicks(p)
    rss += readRss(p)
  }
  // bwrap's own two processes are runtime overhead, not the workload's.
  const now = Date.now()
  const prev = c.cpuSample
  let rate: number
  if (!prev) {
    const started = 'running' in c.state ? Date.parse(c.state.running.startedAt) : now
    rate = ((ticks * TICK_MS) / Math.max(1000, now - started)) * 1000
  } else if (now - prev.t >= 1000) {
    rate = (((ticks - prev.ticks) * TICK_MS) / (now - prev.t)) * 1000
  } else {
    return {cpu: Math.max(1, Math.round(prev.rate)), memory: Math.max(rss, 1 << 20)}
  }
  if (!prev || now - prev.t >= 1000) c.cpuSample = {t: now, ticks, rate}
  return {cpu: Math.max(1, Math.round(rate)), memory: Math.max(rss, 1 << 20)}
}

function cpuQ(m: number): string {
  return `${Math.round(m * 1e6)}n`
}

function memQ(bytes: number): string {
  return `${Math.round(bytes / 1024)}Ki`
}

/** PodMetrics for running pods. */
export function podMetrics(workers: Iterable<PodWorker>, namespace?: string): KObject[] {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
  const out: KObject[] = []
  for (const w of workers) {
    if (w.gone || (namespace !== undefined && w.pod.metadata.namespace !== namespace)) continue
    const running = w.containers.filter(c => c.running)
    if (!running.length) continue
    out.push({
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'PodMetrics',
      metadata: {name: w.pod.metadata.name, namespace: w.pod.metadata.namespace, creationTimestamp: now, labels: w.pod.metadata.labels},
      timestamp: now,
      window: '15.012s',
      containers: running.map(c => {
        const u = containerUsage(c)
        return {name: c.name, usage: {cpu: cpuQ(u.cpu), memory: memQ(u.memory)}}
      }),
    })
  }
  return out
}

/** NodeMetrics: system overhead of a kind node plus its pods. */
export function nodeMetrics(nodes: NodeInfo[], workers: Iterable<PodWorker>): KObject[] {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
  const usage = new Map<string, {cpu: number; memory: number}>()
  for (const n of nodes) usage.set(n.name, n.controlPlane ? {cpu: 120, memory: 620 << 20} : {cpu: 25, memory: 180 << 20})
  for (const w of workers) {
    const u = usage.get(w.node.name)
    if (!u || w.gone) continue
    for (const c of w.containers) {
      if (!c.running) continue
      const cu = containerUsage(c)
      u.cpu += cu.cpu
      u.memory += cu.memory
    }
  }
  return nodes.map(n => ({
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'NodeMetrics',
    metadata: {name: n.name, creationTimestamp: now, labels: {'kubernetes.io/hostname': n.name}},
    timestamp: now,
    window: '20.029s',
    usage: {cpu: cpuQ(usage.get(n.name)!.cpu), memory: memQ(usage.get(n.name)!.memory)},
  }))
}
