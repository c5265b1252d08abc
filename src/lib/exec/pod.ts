// Which pod and which container a debugging command talks to: POD or TYPE/NAME resolution, kubectl's pod ordering
// for controllers, and the container defaulting rules (-c, the default-container annotation, else the first one).
import {KctlError, StatusError} from '../cli/errors.js'
import {sanitizeControl} from '../cli/sanitize.js'
import {labelSelectorString} from '../resource/selector.js'
import type {KubeClient} from '../client/index.js'
import {PODS} from '../client/discovery.js'

/** The annotation naming the container kubectl picks when -c is absent. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container'

/** Splits `TYPE/NAME` (or a bare POD name) into type word and name. */
export function splitPodArg(arg: string): {type: string; name: string} {
  const i = arg.indexOf('/')
  if (i < 0) return {type: 'pods', name: arg}
  return {type: arg.slice(0, i), name: arg.slice(i + 1)}
}

const phaseRank: Record<string, number> = {Pending: 0, Unknown: 1, Running: 2}

function isReady(p: any): boolean {
  return (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')
}

function restarts(p: any): number {
  return Math.max(0, ...(p.status?.containerStatuses ?? []).map((c: any) => c.restartCount ?? 0))
}

function readySince(p: any): number {
  const c = (p.status?.conditions ?? []).find((x: any) => x.type === 'Ready')
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0
}

/** kubectl's podutils.ByLogging order: the best pod to show first sorts first. */
export function compareForLogging(a: any, b: any): number {
  const an = Boolean(a.spec?.nodeName), bn = Boolean(b.spec?.nodeName)
  if (an !== bn) return an ? -1 : 1
  const ap = phaseRank[a.status?.phase] ?? -1, bp = phaseRank[b.status?.phase] ?? -1
  if (ap !== bp) return bp - ap
  const ar = isReady(a), br = isReady(b)
  if (ar !== br) return ar ? -1 : 1
  if (ar && br) {
    const at = readySince(a), bt = readySince(b)
    if (at !== bt) return at - bt
  }
  const rc = restarts(b) - restarts(a)
  if (rc !== 0) return rc
  const ac = Date.parse(a.metadata?.creationTimestamp ?? '') || 0, bc = Date.parse(b.metadata?.creationTimestamp ?? '') || 0
  if (ac !== bc) return ac - bc
  return String(a.metadata?.name).localeCompare(String(b.metadata?.name))
}

/** How podForArg picks among a controller's pods. */
export interface PodForArgOptions {
  notFoundInNamespace?: boolean
  /** Order of the candidate pods (best first); kubectl's ByLogging when absent. */
  compare?: (a: any, b: any) => number
  /** --pod-running-timeout: with no matching pod, watch this long for one to appear (kubectl's GetFirstPod). */
  waitMs?: number
}

/** The pod a POD or TYPE/NAME argument stands for; `found` reports how many pods matched a controller. */
export async function podForArg(client: KubeClient, namespace: string, arg: string, opts: PodForArgOptions = {}): Promise<{pod: any; found: number}> {
  const {type, name} = splitPodArg(arg)
  const t = await client.resolve(type)
  let obj: any
  try {
    obj = await client.get(t, namespace, name)
  } catch (err) {
    if (opts.notFoundInNamespace && err instanceof StatusError && err.code === 404) {
      throw new KctlError(`error from server (NotFound): ${t.resource}${t.group ? '.' + t.group : ''} "${name}" not found in namespace "${namespace}"`)
    }
    throw err
  }
  if (t.resource === 'pods' && t.group === '') return {pod: obj, found: 1}
  const sel = obj.spec?.selector
  if (!sel || (typeof sel === 'object' && Object.keys(sel).length === 0)) {
    throw new KctlError(`cannot attach to ${obj.kind}: selector for ${t.resource === 'services' ? 'service' : t.resource} not implemented`)
  }
  const list = await client.list(PODS, namespace, {labelSelector: labelSelectorString(sel)})
  const pods = [...(list.items ?? [])].sort(opts.compare ?? compareForLogging)
  if (pods.length > 0) return {pod: pods[0], found: pods.length}
  if (!opts.waitMs) throw new KctlError(`timed out waiting for the condition`)
  const pod = await firstPodEvent(client, namespace, labelSelectorString(sel), list.metadata?.resourceVersion, opts.waitMs)
  return {pod, found: 1}
}

/**
 * Watches from resourceVersion until a pod is added or modified (in any phase, as kubectl: the caller then reports
 * what the pod's state allows), for at most waitMs.
 */
export async function firstPodEvent(client: KubeClient, namespace: string, labelSelector: string, resourceVersion: string | undefined, waitMs: number): Promise<any> {
  const res = await client.watch(PODS, namespace, {labelSelector, resourceVersion})
  return new Promise((resolve, reject) => {
    let rest = ''
    let settled = false
    const finish = (err: Error | undefined, pod?: any) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      res.destroy()
      if (err) reject(err)
      else resolve(pod)
    }
    const timer = setTimeout(() => finish(new KctlError('timed out waiting for the condition')), waitMs)
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => {
      rest += chunk
      let i: number
      while ((i = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, i).trim()
        rest = rest.slice(i + 1)
        if (!line) continue
        let ev: any
        try {
          ev = JSON.parse(line)
        } catch {
          continue
        }
        if ((ev.type === 'ADDED' || ev.type === 'MODIFIED') && ev.object?.metadata) return finish(undefined, ev.object)
      }
    })
    res.once('end', () => finish(new KctlError('watch closed before UntilWithoutRetry timeout')))
    res.once('error', (err) => finish(new KctlError(err.message)))
  })
}

/** All container names with kubectl's suffixes, in kubectl's order: regular, ephemeral, init. */
export function containerNamesForMessage(pod: any): string {
  const names = (pod.spec?.containers ?? []).map((c: any) => c.name)
  for (const c of pod.spec?.ephemeralContainers ?? []) names.push(`${c.name} (ephem)`)
  for (const c of pod.spec?.initContainers ?? []) names.push(`${c.name} (init)`)
  return names.join(', ')
}

/** Picks the container: explicit, else the annotation, else the first (with kubectl's "Defaulted container" note). */
export function chooseContainer(pod: any, explicit: string | undefined, note: (line: string) => void, quiet = false): string {
  if (explicit) return explicit
  const containers: any[] = pod.spec?.containers ?? []
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION]
  if (annotated) {
    const all = [...containers, ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])]
    if (all.some((c) => c.name === annotated)) return annotated
    note(`Default container name "${sanitizeControl(annotated)}" not found in pod ${pod.metadata.name}\n`)
  }
  if (containers.length === 0) throw new KctlError(`pod ${pod.metadata.name} does not have any containers`)
  const more = containers.length > 1 || (pod.spec?.initContainers ?? []).length > 0 || (pod.spec?.ephemeralContainers ?? []).length > 0
  if (more && !quiet) note(`Defaulted container "${sanitizeControl(containers[0].name)}" out of: ${sanitizeControl(containerNamesForMessage(pod))}\n`)
  return containers[0].name
}
