// `kctl top node|pod`: metrics.k8s.io usage printed the way kubectl's metrics printer does (tabwriter, milli-CPU, Mi).
import {KctlError, StatusError} from '../cli/errors.js'
import type {IO} from '../cli/io.js'
import type {KubeClient} from '../client/index.js'
import {PODS} from '../client/discovery.js'
import {tabwrite} from '../printers/tabwriter.js'
import {sanitizeControl} from '../cli/sanitize.js'

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
}

/** A Kubernetes quantity ("250m", "1200Mi", "3e3") as a number of base units. */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined) return 0
  if (typeof q === 'number') return q
  const m = /^([+-]?[0-9.]+)(?:[eE]([+-]?\d+))?(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim())
  if (!m) return 0
  return Number(m[1]) * (m[2] ? 10 ** Number(m[2]) : 1) * SUFFIX[m[3] ?? '']
}

/** CPU in whole millicores, rounded up as resource.Quantity.MilliValue does. */
export function milliCPU(q: string | number | undefined): number {
  return Math.ceil(Math.round(parseQuantity(q) * 1e9) / 1e6)
}

/** Memory in bytes, rounded up. */
export function bytesOf(q: string | number | undefined): number {
  return Math.ceil(parseQuantity(q))
}

const cpuCell = (milli: number) => `${milli}m`
const memCell = (bytes: number) => `${Math.floor(bytes / 2 ** 20)}Mi`

/** Options of `kctl top node`. */
export interface TopNodeOptions {
  name?: string
  selector?: string
  sortBy?: 'cpu' | 'memory'
  noHeaders: boolean
  showCapacity: boolean
}

/** Options of `kctl top pod`. */
export interface TopPodOptions {
  name?: string
  selector?: string
  fieldSelector?: string
  sortBy?: 'cpu' | 'memory'
  noHeaders: boolean
  allNamespaces: boolean
  containers: boolean
  sum: boolean
}

function sortByFlag(v: string | undefined): 'cpu' | 'memory' | undefined {
  if (v === undefined || v === '') return undefined
  if (v !== 'cpu' && v !== 'memory') throw new KctlError('--sort-by accepts only cpu or memory')
  return v
}

/** Flags → node options. */
export function topNodeOptions(positionals: string[], f: Record<string, any>): TopNodeOptions {
  if (positionals[0] && f.selector) throw new KctlError('only one of NAME or --selector can be provided')
  return {name: positionals[0], selector: f.selector || undefined, sortBy: sortByFlag(f['sort-by']), noHeaders: Boolean(f['no-headers']), showCapacity: Boolean(f['show-capacity'])}
}

/** Flags → pod options. */
export function topPodOptions(positionals: string[], f: Record<string, any>): TopPodOptions {
  if (positionals[0] && f.selector) throw new KctlError('only one of NAME or selector can be provided')
  return {
    name: positionals[0], selector: f.selector || undefined, fieldSelector: f['field-selector'] || undefined, sortBy: sortByFlag(f['sort-by']),
    noHeaders: Boolean(f['no-headers']), allNamespaces: Boolean(f['all-namespaces']), containers: Boolean(f.containers), sum: Boolean(f.sum),
  }
}

async function metricsAvailable(client: KubeClient): Promise<void> {
  try {
    const groups = await client.rest.json({method: 'GET', path: '/apis'})
    if ((groups.groups ?? []).some((g: any) => g.name === 'metrics.k8s.io')) return
  } catch {
    // fall through to kubectl's message
  }
  throw new KctlError('Metrics API not available')
}

function sortRows<T>(rows: T[], sortBy: 'cpu' | 'memory' | undefined, key: (r: T) => {cpu: number; mem: number; name: string; ns?: string}): T[] {
  // Without --sort-by kubectl orders by namespace, then name.
  const byName = (a: T, b: T) => {
    const x = key(a), y = key(b)
    return x.ns !== y.ns ? ((x.ns ?? '') < (y.ns ?? '') ? -1 : 1) : x.name < y.name ? -1 : x.name > y.name ? 1 : 0
  }
  if (!sortBy) return [...rows].sort(byName)
  return [...rows].sort((a, b) => (sortBy === 'cpu' ? key(b).cpu - key(a).cpu : key(b).mem - key(a).mem))
}

/** Prints node usage with percentages of allocatable (or capacity). */
export async function runTopNode(client: KubeClient, o: TopNodeOptions, io: IO): Promise<void> {
  await metricsAvailable(client)
  const base = '/apis/metrics.k8s.io/v1beta1/nodes'
  let metrics: any[]
  if (o.name) metrics = [await client.rest.json({method: 'GET', path: `${base}/${encodeURIComponent(o.name)}`})]
  else metrics = (await client.rest.json({method: 'GET', path: base, query: {labelSelector: o.selector}})).items ?? []
  if (metrics.length === 0) {
    io.err.write('No resources found\n')
    return
  }
  const nodeType = await client.resolve('nodes')
  let nodes: any[]
  if (o.name) nodes = [await client.get(nodeType, undefined, o.name)]
  else nodes = (await client.list(nodeType, undefined, {labelSelector: o.selector})).items ?? []
  const byName = new Map(metrics.map((m) => [m.metadata.name, m]))
  const rows = nodes.map((n) => {
    const m = byName.get(n.metadata.name)
    const avail = o.showCapacity ? n.status?.capacity : n.status?.allocatable
    return {name: n.metadata.name, m, cpu: m ? milliCPU(m.usage?.cpu) : -1, mem: m ? bytesOf(m.usage?.memory) : -1, acpu: milliCPU(avail?.cpu), amem: bytesOf(avail?.memory)}
  })
  const withMetrics = sortRows(rows.filter((r) => r.m), o.sortBy, (r) => r)
  const without = rows.filter((r) => !r.m)
  let text = o.noHeaders ? '' : 'NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n'
  for (const r of withMetrics) {
    const pc = r.acpu ? Math.trunc((r.cpu / r.acpu) * 100) : 0
    const pm = r.amem ? Math.trunc((r.mem / r.amem) * 100) : 0
    text += `${sanitizeControl(r.name)}\t${cpuCell(r.cpu)}\t${pc}%\t${memCell(r.mem)}\t${pm}%\t\n`
  }
  for (const r of without) text += `${sanitizeControl(r.name)}\t<unknown>\t<unknown>\t<unknown>\t<unknown>\t\n`
  io.out.write(tabwrite(text))
}

/** Prints pod (or per-container) usage. */
export async function runTopPod(client: KubeClient, o: TopPodOptions, io: IO): Promise<void> {
  await metricsAvailable(client)
  const ns = client.namespace
  const base = o.allNamespaces ? '/apis/metrics.k8s.io/v1beta1/pods' : `/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(ns)}/pods`
  let metrics: any[]
  if (o.name) {
    try {
      metrics = [await client.rest.json({method: 'GET', path: `${base}/${encodeURIComponent(o.name)}`})]
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) {
        // kubectl checks whether the pod itself exists to tell "no metrics yet" from "no such pod".
        const pod = await client.get(PODS, ns, o.name).catch(() => undefined)
        if (pod) throw new KctlError(`Metrics not available for pod ${ns}/${o.name}, age: ${age(pod.metadata.creationTimestamp)}`)
      }
      throw err
    }
  } else {
    metrics = (await client.rest.json({method: 'GET', path: base, query: {labelSelector: o.selector, fieldSelector: o.fieldSelector}})).items ?? []
  }
  if (metrics.length === 0) {
    io.err.write(o.allNamespaces ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`)
    return
  }
  const rows = metrics.map((m) => {
    const cs = (m.containers ?? []).map((c: any) => ({name: c.name, cpu: milliCPU(c.usage?.cpu), mem: bytesOf(c.usage?.memory)}))
    return {ns: m.metadata.namespace ?? '', name: m.metadata.name, containers: cs, cpu: cs.reduce((s: number, c: any) => s + c.cpu, 0), mem: cs.reduce((s: number, c: any) => s + c.mem, 0)}
  })
  const sorted = sortRows(rows, o.sortBy, (r) => r)
  const head: string[] = []
  if (o.allNamespaces) head.push('NAMESPACE')
  if (o.containers) head.push('POD')
  head.push('NAME', 'CPU(cores)', 'MEMORY(bytes)')
  let text = o.noHeaders ? '' : head.join('\t') + '\t\n'
  const s = sanitizeControl
  for (const r of sorted) {
    const lead = o.allNamespaces ? `${s(r.ns)}\t` : ''
    if (o.containers) {
      for (const c of (o.sortBy ? sortRows(r.containers as {name: string; cpu: number; mem: number}[], o.sortBy, (x) => x) : r.containers as {name: string; cpu: number; mem: number}[])) text += `${lead}${s(r.name)}\t${s(c.name)}\t${cpuCell(c.cpu)}\t${memCell(c.mem)}\t\n`
    } else {
      text += `${lead}${s(r.name)}\t${cpuCell(r.cpu)}\t${memCell(r.mem)}\t\n`
    }
  }
  if (o.sum) {
    const pad = '\t'.repeat((o.allNamespaces ? 1 : 0) + (o.containers ? 1 : 0) + 1)
    const cpu = rows.reduce((a, r) => a + r.cpu, 0)
    const mem = rows.reduce((a, r) => a + r.mem, 0)
    text += `${pad}________\t________\t\n${pad}${cpuCell(cpu)}\t${memCell(mem)}\t\n`
  }
  io.out.write(tabwrite(text))
}

function age(ts: string | undefined): string {
  const sec = Math.max(0, Math.floor((Date.now() - Date.parse(ts ?? '')) / 1000))
  if (sec < 60) return `${sec}s`
  const m = Math.floor(sec / 60)
  if (m < 60) return `${m}m${sec % 60}s`
  return `${Math.floor(m / 60)}h${m % 60}m${sec % 60}s`
}
