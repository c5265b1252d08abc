// `kctl drain`: kubectl's drain (cordon, filter pods, evict through policy/v1 with 429 retries, wait until gone) with
// the same messages, plus what kubectl lacks: a status line saying which pods are still awaited and which
// PodDisruptionBudget blocks them.
import {KctlError, UsageError, isNotFound, StatusError, AggregateKctlError, goAggregateMessage, rawMessage} from '../cli/errors.js'
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
  if (positionals.length > 0 && f.selector) throw new UsageError('cannot specify both a node name and a --selector option')
  if (f['pod-selector'] && !validLabelSelector(f['pod-selector'])) throw new KctlError('--pod-selector=<pod_selector> must be a valid label selector')
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

const LABEL_KEY = String.raw`(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?`
const LABEL_VALUE = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?`
const REQUIREMENT = new RegExp(String.raw`^\s*(?:!\s*${LABEL_KEY}|${LABEL_KEY}(?:\s*(?:==?|!=)\s*${LABEL_VALUE}|\s*[<>]\s*-?\d+|\s+(?:in|notin)\s*\(\s*${LABEL_VALUE}(?:\s*,\s*${LABEL_VALUE})*\s*\))?)\s*$`)

/** Whether kubectl's labels.Parse accepts the selector: comma-separated requirements (commas inside `in (…)` aside). */
export function validLabelSelector(selector: string): boolean {
  const parts = ['']
  let open = false
  for (const ch of selector) {
    if (ch === ',' && !open) parts.push('')
    else parts[parts.length - 1] += ch
    if (ch === '(' || ch === ')') open = ch === '('
  }
  return !open && parts.every((p) => REQUIREMENT.test(p))
}

/** A pod and drain's verdict on it. */
export interface PodVerdict {
  pod: any
  delete: boolean
  /** Why the pod blocks the drain; pods with the same reason are reported together. */
  error?: string
  /** Warning printed while still deleting or skipping. */
  warning?: string
}

const FINISHED = new Set(['Succeeded', 'Failed'])
type FilterOptions = Pick<DrainOptions, 'force' | 'ignoreDaemonsets' | 'deleteEmptydirData' | 'skipWaitForDeleteTimeoutSeconds'>
/** How a DaemonSet lookup went: found, or the error kubectl would report (with whether it was a NotFound). */
export type DaemonSetLookup = true | {notFound: boolean; message: string}
type Filter = (pod: any, o: FilterOptions, ds: (ns: string, name: string) => DaemonSetLookup, now: number) => Omit<PodVerdict, 'pod'>

const OKAY = {delete: true}
const controllerOf = (pod: any) => (pod.metadata?.ownerReferences ?? []).find((r: any) => r.controller)

/** kubectl's shouldSkipPod: whole seconds since the deletion, strictly more than the limit. */
export function deletedLongAgo(pod: any, skipSeconds: number, now = Date.now()): boolean {
  const ts = pod.metadata?.deletionTimestamp
  return skipSeconds > 0 && Boolean(ts) && Math.floor((now - Date.parse(ts)) / 1000) > skipSeconds
}

// kubectl's filters and their order (pkg/drain/filters.go). Each verdict replaces the previous one and the first
// non-deleting verdict ends the chain, so a warning from an earlier filter is lost when a later one says "okay"
// (kubectl's own TODO): a replicated pod with emptyDir is deleted without a warning.
const FILTERS: Filter[] = [
  (pod, o, _ds, now) => (deletedLongAgo(pod, o.skipWaitForDeleteTimeoutSeconds, now) ? {delete: false} : OKAY),
  (pod, o, ds) => {
    const controller = controllerOf(pod)
    if (controller?.kind !== 'DaemonSet' || FINISHED.has(pod.status?.phase)) return OKAY
    const found = ds(pod.metadata.namespace, controller.name)
    if (found !== true) return found.notFound && o.force ? {delete: true, warning: found.message} : {delete: false, error: found.message}
    if (!o.ignoreDaemonsets) return {delete: false, error: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)'}
    return {delete: false, warning: 'ignoring DaemonSet-managed Pods'}
  },
  (pod) => (pod.metadata?.annotations?.['kubernetes.io/config.mirror'] === undefined ? OKAY : {delete: false}),
  (pod, o) => {
    if (!(pod.spec?.volumes ?? []).some((v: any) => v.emptyDir) || FINISHED.has(pod.status?.phase)) return OKAY
    if (!o.deleteEmptydirData) return {delete: false, error: 'Pods with local storage (use --delete-emptydir-data to override)'}
    return {delete: true, warning: 'deleting Pods with local storage'}
  },
  (pod, o) => {
    if (FINISHED.has(pod.status?.phase) || controllerOf(pod)) return OKAY
    if (o.force) return {delete: true, warning: 'deleting Pods that declare no controller'}
    // kubectl 1.33 words this one with its own "cannot delete", and still prefixes another when reporting it.
    return {delete: false, error: 'cannot delete Pods that declare no controller (use --force to override)'}
  },
]

/** Runs kubectl's pod filters on one pod. */
export function filterPod(pod: any, o: FilterOptions, daemonSet: (ns: string, name: string) => DaemonSetLookup | boolean, now = Date.now()): PodVerdict {
  const ds = (ns: string, name: string): DaemonSetLookup => {
    const r = daemonSet(ns, name)
    return r === false ? {notFound: true, message: `daemonsets.apps "${name}" not found`} : r
  }
  let verdict: Omit<PodVerdict, 'pod'> = OKAY
  for (const f of FILTERS) {
    verdict = f(pod, o, ds, now)
    if (!verdict.delete) break
  }
  return {pod, ...verdict}
}

function grouped(verdicts: PodVerdict[], field: 'error' | 'warning'): [string, string[]][] {
  const groups = new Map<string, string[]>()
  for (const v of verdicts) {
    const msg = v[field]
    if (msg) groups.set(msg, [...(groups.get(msg) ?? []), `${v.pod.metadata.namespace}/${v.pod.metadata.name}`])
  }
  return [...groups.entries()]
}

/** kubectl's PodDeleteList.errors(): one error per reason, naming its pods. kubectl orders them by Go map iteration
 * (random); kctl keeps the order in which the reasons were first met. */
export function podErrors(verdicts: PodVerdict[]): string[] {
  return grouped(verdicts, 'error').map(([msg, pods]) => `cannot delete ${msg}: ${pods.join(', ')}`)
}

/** kubectl's PodDeleteList.Warnings(): `<msg>: ns/a, ns/b`, joined by `; `. */
export function podWarnings(verdicts: PodVerdict[]): string {
  return grouped(verdicts, 'warning').map(([msg, pods]) => `${msg}: ${pods.join(', ')}`).join('; ')
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Drains each node; failures are collected, the pending nodes listed, and the command fails at the end. */
export async function runDrain(client: KubeClient, opts: DrainOptions, io: DrainOutput): Promise<void> {
  await runCordon(client, {...opts, desired: true}, (s) => io.out(s.replace(/\n$/, '')), (s) => io.err(s.replace(/\n$/, '')))
  const {nodes} = await selectNodes(client, opts)
  const pending: string[] = []
  const fatal: Error[] = []
  for (const node of nodes) {
    const name = node.metadata.name
    try {
      await drainNode(client, name, opts, io)
      io.out(`node/${name} drained${opts.dryRun === 'client' ? ' (dry run)' : opts.dryRun === 'server' ? ' (server dry run)' : ''}`)
    } catch (error: any) {
      io.err(`error: unable to drain node "${name}" due to error: ${errorText(error)}, continuing command...`)
      pending.push(name)
      fatal.push(error)
    }
  }
  if (pending.length > 0) {
    io.err('There are pending nodes to be drained:')
    for (const p of pending) io.err(` ${p}`)
    // kubectl returns an aggregate of the nodes' errors: one is printed as itself, several one per line, each
    // aggregate among them as `[a, b]`.
    if (fatal.length === 1) throw fatal[0]
    throw new AggregateKctlError(fatal.map((e) => (e instanceof AggregateKctlError ? new KctlError(errorText(e)) : e)))
  }
}

/** Go's err.Error() of what drain returns: an aggregate as `[a, b]` (or its only message), a Status as its message. */
function errorText(error: unknown): string {
  return error instanceof AggregateKctlError ? goAggregateMessage(error.errors) : goAggregateMessage([error])
}

/** kubectl's GetPodsForDeletion: the node's pods (chunked, --pod-selector) through the filters. */
async function podsForDeletion(client: KubeClient, node: string, o: DrainOptions): Promise<PodVerdict[]> {
  const list = await client.listAll(PODS, undefined, {fieldSelector: `spec.nodeName=${node}`, labelSelector: o.podSelector, limit: o.chunkSize})
  const dsType = await client.resolve('daemonsets')
  const dsCache = new Map<string, DaemonSetLookup>()
  for (const pod of list.items ?? []) {
    const ref = controllerOf(pod)
    if (ref?.kind !== 'DaemonSet') continue
    const key = `${pod.metadata.namespace}/${ref.name}`
    if (dsCache.has(key)) continue
    try {
      await client.get(dsType, pod.metadata.namespace, ref.name)
      dsCache.set(key, true)
    } catch (error) {
      dsCache.set(key, {notFound: isNotFound(error), message: rawMessage(error)})
    }
  }
  return (list.items ?? []).map((p: any) => filterPod(p, o, (ns, name) => dsCache.get(`${ns}/${name}`) ?? true))
}

async function drainNode(client: KubeClient, node: string, o: DrainOptions, io: DrainOutput): Promise<void> {
  const verdicts = await podsForDeletion(client, node, o)
  const errors = podErrors(verdicts)
  // kubectl returns these as one aggregate: `[a, b]` on the "unable to drain" line, then one line each at exit.
  if (errors.length > 0) throw new AggregateKctlError(errors.map((e) => new KctlError(e)))
  const warnings = podWarnings(verdicts)
  if (warnings) io.err(`Warning: ${warnings}`)
  const doomed = verdicts.filter((v: PodVerdict) => v.delete).map((v: PodVerdict) => v.pod)
  if (o.dryRun === 'client') {
    for (const p of doomed) io.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)`)
    return
  }
  if (doomed.length === 0) return
  const useEviction = !o.disableEviction && await evictionSupported(client)
  const deadline = o.timeoutMs > 0 ? Date.now() + o.timeoutMs : Infinity
  const waiting = new Map<string, string>()
  let failure: Error | undefined
  if (useEviction) {
    const results = await Promise.allSettled(doomed.map((p: any) => evictAndWait(client, p, o, io, deadline, waiting)))
    const errs = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((f) => f.reason as Error)
    // kubectl's evictPods returns an aggregate (even of one); its delete path returns the single error as is.
    if (errs.length > 0) failure = new AggregateKctlError(errs)
  } else {
    failure = await deleteAndWait(client, doomed, o, io, deadline, waiting).then(() => undefined, (error: Error) => error)
  }
  io.status('')
  if (!failure) return
  io.err(`There are pending pods in node "${node}" when an error occurred: ${errorText(failure)}`)
  // Like kubectl, name the pods still there to delete, as a fresh look at the node finds them.
  const left = await podsForDeletion(client, node, o).catch(() => undefined)
  for (const v of left ?? []) if (v.delete) io.err(`pod/${v.pod.metadata.name}`)
  const listErrors = left ? podErrors(left) : []
  if (listErrors.length > 0) io.err(`Following errors occurred while getting the list of pods to delete:\n${goAggregateMessage(listErrors.map((e) => new KctlError(e)))}`)
  throw failure
}

async function evictionSupported(client: KubeClient): Promise<boolean> {
  try {
    const list = await client.rest.json({method: 'GET', path: '/api/v1'})
    return (list.resources ?? []).some((r: any) => r.name === 'pods/eviction' && r.kind === 'Eviction')
  } catch {
    return false
  }
}

/** The status line's text: how many pods are awaited and why, the first few by name. */
export function waitingText(waiting: Map<string, string>): string {
  if (waiting.size === 0) return ''
  const parts = [...waiting.entries()].slice(0, 5).map(([pod, why]) => `${pod} (${why})`)
  return `waiting for ${waiting.size} pod(s): ${parts.join(', ')}${waiting.size > 5 ? ', …' : ''}`
}

function updateStatus(io: DrainOutput, waiting: Map<string, string>): void {
  io.status(waitingText(waiting))
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
  const gone = await waitForGone(client, pod, deadline, o, io)
  waiting.delete(key)
  updateStatus(io, waiting)
  if (gone) io.out(`pod/${name} evicted`)
}

/** kubectl's deletePods: every pod deleted first, then one poll (each second) until all are gone or --timeout. */
async function deleteAndWait(client: KubeClient, pods: any[], o: DrainOptions, io: DrainOutput, deadline: number, waiting: Map<string, string>): Promise<void> {
  for (const pod of pods) {
    const {namespace, name} = pod.metadata
    try {
      await client.delete(PODS, namespace, name, {gracePeriodSeconds: o.gracePeriodSeconds >= 0 ? o.gracePeriodSeconds : undefined, dryRun: o.dryRun === 'server'})
    } catch (error) {
      if (!isNotFound(error)) throw error
    }
  }
  if (o.dryRun === 'server') return
  let pending = pods
  for (const p of pending) waiting.set(`${p.metadata.namespace}/${p.metadata.name}`, 'terminating')
  updateStatus(io, waiting)
  for (;;) {
    const still: any[] = []
    for (const pod of pending) {
      const {namespace, name} = pod.metadata
      const key = `${namespace}/${name}`
      const state = await podState(client, pod, o)
      if (state === 'present') {
        still.push(pod)
        continue
      }
      waiting.delete(key)
      updateStatus(io, waiting)
      io.out(state === 'gone' ? `pod/${name} deleted` : skipMessage(name, o))
    }
    pending = still
    if (pending.length === 0) return
    // kubectl's poll ends on its context's deadline and returns that context's error as is.
    if (Date.now() > deadline) throw new KctlError(DEADLINE)
    await sleep(Math.min(1000, Math.max(0, deadline - Date.now() + 1)))
  }
}

/** Go's context.DeadlineExceeded, which kubectl 1.33 reports when --timeout ends a wait for pods to go. */
const DEADLINE = 'context deadline exceeded'

function skipMessage(name: string, o: DrainOptions): string {
  return `pod "${name}" has DeletionTimestamp older than ${o.skipWaitForDeleteTimeoutSeconds} seconds, skipping`
}

/** Whether the pod drain waits for is gone (or replaced), still there, or deleted long enough ago to stop waiting. */
async function podState(client: KubeClient, pod: any, o: DrainOptions): Promise<'gone' | 'present' | 'skip'> {
  const {namespace, name, uid} = pod.metadata
  try {
    const live = await client.get(PODS, namespace, name)
    if (live.metadata?.uid !== uid) return 'gone'
    return deletedLongAgo(live, o.skipWaitForDeleteTimeoutSeconds) ? 'skip' : 'present'
  } catch (error) {
    if (isNotFound(error)) return 'gone'
    throw error
  }
}

async function waitForGone(client: KubeClient, pod: any, deadline: number, o: DrainOptions, io: DrainOutput): Promise<boolean> {
  const {namespace, name} = pod.metadata
  for (;;) {
    let state
    try {
      state = await podState(client, pod, o)
    } catch (error) {
      throw new KctlError(`error when waiting for pod "${name}" in namespace "${namespace}" to terminate: ${rawMessage(error)}`)
    }
    if (state === 'gone') return true
    if (state === 'skip') {
      io.out(skipMessage(name, o))
      return false
    }
    if (Date.now() > deadline) throw new KctlError(`error when waiting for pod "${name}" in namespace "${namespace}" to terminate: ${DEADLINE}`)
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
