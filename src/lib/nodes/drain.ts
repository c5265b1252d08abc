// `kctl drain`: kubectl's drain (cordon, filter pods, evict through policy/v1 with 429 retries, wait until gone) with
// the same messages, plus what kubectl lacks: a status line saying which pods are still awaited and which
// PodDisruptionBudget blocks them.
import {KctlError, UsageError, isNotFound, StatusError, AggregateKctlError, goAggregateMessage} from '../cli/errors.js'
import type {KubeClient} from '../client/index.js'
import {PODS} from '../client/discovery.js'
import {runCordon} from './cordon.js'
import {selectNodes, type NodeSelection} from './select.js'

/** Options of `kctl drain`. */
export interface DrainOptions extends NodeSelection {
  force: boolean
  ignoreDaemonsets: boolean
  deleteEmptydirData: boolean
  gracePeriodSeconds: number
  timeoutMs: number
  podSelector?: string
  disableEviction: boolean
  skipWaitForDeleteTimeoutSeconds: number
  chunkSize: number
}

/** Where drain's progress goes: stdout lines, stderr lines, and a redrawable status line (terminal) or plain lines. */
export interface DrainOutput {
  out(line: string): void
  err(line: string): void
  status(text: string): void
}

/** Flags and positionals → options with kubectl's usage errors. */
export function drainOptions(positionals: string[], f: Record<string, any>, dryRun: NodeSelection['dryRun'], timeoutMs: number): DrainOptions {
  if (positionals.length === 0 && f.selector === undefined) throw new UsageError('USAGE: drain NODE [flags]')
  if (positionals.length > 0 && f.selector) throw new KctlError('cannot specify both a node name and a --selector option')
  if (f['pod-selector'] !== undefined && !/^[\w./!=,() -]*$/.test(f['pod-selector'])) throw new KctlError('--pod-selector=<pod_selector> must be a valid label selector')
  return {
    names: positionals,
    selector: f.selector,
    dryRun,
    force: Boolean(f.force),
    ignoreDaemonsets: Boolean(f['ignore-daemonsets']),
    deleteEmptydirData: Boolean(f['delete-emptydir-data'] || f['delete-local-data']),
    gracePeriodSeconds: f['grace-period'] ?? -1,
    timeoutMs,
    podSelector: f['pod-selector'],
    disableEviction: Boolean(f['disable-eviction']),
    skipWaitForDeleteTimeoutSeconds: f['skip-wait-for-delete-timeout'] ?? 0,
    chunkSize: f['chunk-size'] ?? 500,
  }
}

/** A pod and drain's verdict on it. */
export interface PodVerdict {
  pod: any
  delete: boolean
  /** Reason the pod blocks the drain (error), grouped by kubectl. */
  error?: string
  /** Warning printed while still deleting or skipping. */
  warning?: string
}

const FINISHED = new Set(['Succeeded', 'Failed'])

/** kubectl's pod filters, in order (daemonset, mirror, local storage, unreplicated); first decisive filter wins. */
export function filterPod(pod: any, o: Pick<DrainOptions, 'force' | 'ignoreDaemonsets' | 'deleteEmptydirData' | 'skipWaitForDeleteTimeoutSeconds'>, daemonSetExists: (ns: string, name: string) => boolean, now = Date.now()): PodVerdict {
  const finished = FINISHED.has(pod.status?.phase)
  if (pod.metadata?.deletionTimestamp && o.skipWaitForDeleteTimeoutSeconds > 0 &&
      now - Date.parse(pod.metadata.deletionTimestamp) > o.skipWaitForDeleteTimeoutSeconds * 1000) {
    return {pod, delete: false}
  }
  const controller = (pod.metadata?.ownerReferences ?? []).find((r: any) => r.controller)
  if (controller?.kind === 'DaemonSet' && controller.apiVersion?.startsWith('apps/') && !finished) {
    if (!daemonSetExists(pod.metadata.namespace, controller.name)) {
      const msg = `daemonsets.apps "${controller.name}" not found`
      return o.force ? {pod, delete: true, warning: msg} : {pod, delete: false, error: msg}
    }
    if (!o.ignoreDaemonsets) return {pod, delete: false, error: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)'}
    return {pod, delete: false, warning: 'ignoring DaemonSet-managed Pods'}
  }
  if (pod.metadata?.annotations?.['kubernetes.io/config.mirror']) return {pod, delete: false}
  let warning: string | undefined
  if (!finished && (pod.spec?.volumes ?? []).some((v: any) => v.emptyDir)) {
    if (!o.deleteEmptydirData) return {pod, delete: false, error: 'Pods with local storage (use --delete-emptydir-data to override)'}
    warning = 'deleting Pods with local storage'
  }
  if (!controller && !finished) {
    if (!o.force) return {pod, delete: false, error: 'Pods that declare no controller (use --force to override)'}
    warning = 'deleting Pods that declare no controller'
  }
  return {pod, delete: true, warning}
}

/** Groups verdict messages as kubectl prints them: `<msg>: ns/a, ns/b`, joined by `; `. */
export function groupMessages(verdicts: PodVerdict[], field: 'error' | 'warning'): string {
  const groups = new Map<string, string[]>()
  for (const v of verdicts) {
    const msg = v[field]
    if (!msg) continue
    groups.set(msg, [...(groups.get(msg) ?? []), `${v.pod.metadata.namespace}/${v.pod.metadata.name}`])
  }
  return [...groups.entries()].map(([msg, pods]) => `${field === 'error' ? 'cannot delete ' : ''}${msg}: ${pods.join(', ')}`).join('; ')
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Drains each node; failures are collected, the pending nodes listed, and the command fails at the end. */
export async function runDrain(client: KubeClient, opts: DrainOptions, io: DrainOutput): Promise<void> {
  await runCordon(client, {...opts, desired: true}, (s) => io.out(s.replace(/\n$/, '')), (s) => io.err(s.replace(/\n$/, '')))
  const {nodes} = await selectNodes(client, opts)
  const pending: string[] = []
  let firstError: AggregateKctlError | undefined
  for (const node of nodes) {
    const name = node.metadata.name
    try {
      await drainNode(client, name, opts, io)
      io.out(`node/${name} drained${opts.dryRun === 'client' ? ' (dry run)' : opts.dryRun === 'server' ? ' (server dry run)' : ''}`)
    } catch (error: any) {
      const agg = error instanceof AggregateKctlError ? error : new AggregateKctlError([error])
      io.err(`error: unable to drain node "${name}" due to error: ${goAggregateMessage(agg.errors)}, continuing command...`)
      pending.push(name)
      firstError ??= agg
    }
  }
  if (pending.length > 0) {
    io.err('There are pending nodes to be drained:')
    for (const p of pending) io.err(` ${p}`)
    throw firstError!
  }
}

async function drainNode(client: KubeClient, node: string, o: DrainOptions, io: DrainOutput): Promise<void> {
  const list = await client.listAll(PODS, undefined, {fieldSelector: `spec.nodeName=${node}`, labelSelector: o.podSelector, limit: o.chunkSize})
  const dsType = await client.resolve('daemonsets')
  const dsCache = new Map<string, boolean>()
  for (const pod of list.items ?? []) {
    const ref = (pod.metadata?.ownerReferences ?? []).find((r: any) => r.controller && r.kind === 'DaemonSet')
    if (!ref) continue
    const key = `${pod.metadata.namespace}/${ref.name}`
    if (dsCache.has(key)) continue
    try {
      await client.get(dsType, pod.metadata.namespace, ref.name)
      dsCache.set(key, true)
    } catch (error) {
      if (!isNotFound(error)) throw error
      dsCache.set(key, false)
    }
  }
  const verdicts = (list.items ?? []).map((p: any) => filterPod(p, o, (ns, name) => dsCache.get(`${ns}/${name}`) ?? false))
  const errors = groupMessages(verdicts, 'error')
  if (errors) throw new AggregateKctlError([new KctlError(`cannot delete ${errors}`)])
  const warnings = groupMessages(verdicts, 'warning')
  if (warnings) io.err(`Warning: ${warnings}`)
  const doomed = verdicts.filter((v: PodVerdict) => v.delete).map((v: PodVerdict) => v.pod)
  if (o.dryRun === 'client') {
    for (const p of doomed) io.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)`)
    return
  }
  const useEviction = !o.disableEviction && await evictionSupported(client)
  const deadline = o.timeoutMs > 0 ? Date.now() + o.timeoutMs : Infinity
  const waiting = new Map<string, string>()
  const results = await Promise.allSettled(doomed.map((p: any) => useEviction
    ? evictAndWait(client, p, o, io, deadline, waiting)
    : deleteAndWait(client, p, o, io, deadline, waiting)))
  io.status('')
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed.length > 0) {
    const errs = failed.map((f) => f.reason as Error)
    io.err(`There are pending pods in node "${node}" when an error occurred: ${goAggregateMessage(errs)}`)
    for (const p of doomed) io.err(`pod/${p.metadata.name}`)
    throw new AggregateKctlError(errs)
  }
}

async function evictionSupported(client: KubeClient): Promise<boolean> {
  try {
    const list = await client.rest.json({method: 'GET', path: '/api/v1'})
    return (list.resources ?? []).some((r: any) => r.name === 'pods/eviction' && r.kind === 'Eviction')
  } catch {
    return false
  }
}

function updateStatus(io: DrainOutput, waiting: Map<string, string>): void {
  if (waiting.size === 0) return io.status('')
  const parts = [...waiting.entries()].slice(0, 5).map(([pod, why]) => `${pod} (${why})`)
  io.status(`waiting for ${waiting.size} pod(s): ${parts.join(', ')}${waiting.size > 5 ? ', …' : ''}`)
}

async function evictAndWait(client: KubeClient, pod: any, o: DrainOptions, io: DrainOutput, deadline: number, waiting: Map<string, string>): Promise<void> {
  const {namespace, name} = pod.metadata
  const key = `${namespace}/${name}`
  const eviction: any = {apiVersion: 'policy/v1', kind: 'Eviction', metadata: {name, namespace}}
  if (o.gracePeriodSeconds >= 0) eviction.deleteOptions = {gracePeriodSeconds: o.gracePeriodSeconds}
  for (;;) {
    io.out(`evicting pod ${key}${o.dryRun === 'server' ? ' (server dry run)' : ''}`)
    if (Date.now() > deadline) {
      throw new KctlError(`error when evicting pods/"${name}" -n "${namespace}": global timeout reached: ${formatTimeout(o.timeoutMs)}`)
    }
    try {
      await client.create(PODS, namespace, eviction, {dryRun: o.dryRun === 'server'}, 'eviction', name)
      break
    } catch (error) {
      if (isNotFound(error)) {
        waiting.delete(key)
        return
      }
      if (error instanceof StatusError && error.code === 429) {
        io.err(`error when evicting pods/"${name}" -n "${namespace}" (will retry after 5s): ${error.status.message}`)
        waiting.set(key, blockingBudget(error) ?? 'eviction refused: disruption budget')
        updateStatus(io, waiting)
        await sleep(Math.min(5000, Math.max(0, deadline - Date.now())))
        continue
      }
      if (error instanceof StatusError && error.code === 403 && /NamespaceTerminating/.test(JSON.stringify(error.status.details ?? {}))) {
        io.err(`error when evicting pod "${name}" from terminating namespace "${namespace}" (will retry after 5s): ${error.status.message}`)
        await sleep(5000)
        continue
      }
      throw new KctlError(`error when evicting pods/"${name}" -n "${namespace}": ${(error as Error).message.replace(/^Error from server \(\w+\): /, '')}`)
    }
  }
  if (o.dryRun === 'server') return
  waiting.set(key, 'terminating')
  updateStatus(io, waiting)
  await waitForGone(client, pod, deadline, o)
  waiting.delete(key)
  updateStatus(io, waiting)
  io.out(`pod/${name} evicted`)
}

async function deleteAndWait(client: KubeClient, pod: any, o: DrainOptions, io: DrainOutput, deadline: number, waiting: Map<string, string>): Promise<void> {
  const {namespace, name} = pod.metadata
  try {
    await client.delete(PODS, namespace, name, {gracePeriodSeconds: o.gracePeriodSeconds >= 0 ? o.gracePeriodSeconds : undefined, dryRun: o.dryRun === 'server'})
  } catch (error) {
    if (!isNotFound(error)) throw error
  }
  if (o.dryRun === 'server') return
  waiting.set(`${namespace}/${name}`, 'terminating')
  await waitForGone(client, pod, deadline, o)
  waiting.delete(`${namespace}/${name}`)
  io.out(`pod/${name} deleted`)
}

async function waitForGone(client: KubeClient, pod: any, deadline: number, o: DrainOptions): Promise<void> {
  const {namespace, name, uid} = pod.metadata
  for (;;) {
    try {
      const live = await client.get(PODS, namespace, name)
      if (live.metadata?.uid !== uid) return
      if (o.skipWaitForDeleteTimeoutSeconds > 0 && live.metadata?.deletionTimestamp &&
          Date.now() - Date.parse(live.metadata.deletionTimestamp) > o.skipWaitForDeleteTimeoutSeconds * 1000) return
    } catch (error) {
      if (isNotFound(error)) return
      throw new KctlError(`error when waiting for pod "${name}" in namespace "${namespace}" to terminate: ${(error as Error).message}`)
    }
    if (Date.now() > deadline) throw new KctlError(`error when waiting for pod "${name}" in namespace "${namespace}" to terminate: global timeout reached: ${formatTimeout(o.timeoutMs)}`)
    await sleep(1000)
  }
}

/** The PDB named in a 429's causes (kube-apiserver: "The disruption budget NAME needs N healthy pods …"). */
export function blockingBudget(error: StatusError): string | undefined {
  for (const c of error.status.details?.causes ?? []) {
    const m = /The disruption budget (\S+) needs (\d+) healthy pods and has (\d+) currently/.exec(c.message ?? '')
    if (m) return `blocked by PodDisruptionBudget ${m[1]}: needs ${m[2]} healthy, has ${m[3]}`
  }
  return undefined
}

/** Go's time.Duration String() for whole seconds / minutes, as kubectl prints --timeout. */
export function formatTimeout(ms: number): string {
  let s = Math.round(ms / 1000)
  const h = Math.floor(s / 3600)
  s -= h * 3600
  const m = Math.floor(s / 60)
  s -= m * 60
  if (h > 0) return `${h}h${m}m${s}s`
  if (m > 0) return `${m}m${s}s`
  return `${s}s`
}
