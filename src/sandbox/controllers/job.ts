// job-controller: runs pods until enough succeed (or the backoff limit / deadline is hit), counting finished pods
// through the job-tracking finalizer as kube does so nothing is counted twice; plus TTL-after-finished cleanup.
import type {KObject} from '../types.js'
import {GVRS} from '../types.js'
import type {Ctx} from './context.js'
import {BURST, WorkQueue, clone, enqueueForPod, createWithGeneratedName, deepEqual, deleteIfExists, keyOf, nowTime, ownerKey, podFromTemplate, podIsReady, podIsTerminal, splitKey} from './runtime.js'

const COMPONENT = 'job-controller'
const TRACKING = 'batch.kubernetes.io/job-tracking'
const INDEX = 'batch.kubernetes.io/job-completion-index'

function finished(job: KObject): string | undefined {
  for (const c of job.status?.conditions ?? []) if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type
  return undefined
}

function addCondition(status: any, type: string, reason: string, message: string): void {
  const conds: any[] = (status.conditions ??= [])
  if (conds.some((c) => c.type === type && c.status === 'True')) return
  const now = nowTime()
  conds.push({type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason, message})
}

/** Parses "1,3-5" completed-index notation into a set. */
export function parseIndexes(s: string | undefined): Set<number> {
  const out = new Set<number>()
  for (const part of (s ?? '').split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number)
    for (let i = a; i <= (b ?? a); i++) out.add(i)
  }
  return out
}

/** Formats an index set as kube's completedIndexes ("1,3-5"). */
export function formatIndexes(set: Set<number>): string {
  const xs = [...set].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < xs.length; ) {
    let j = i
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++
    parts.push(j > i ? `${xs[i]}-${xs[j]}` : String(xs[i]))
    i = j + 1
  }
  return parts.join(',')
}

/** The Job controller. */
export class JobController {
  readonly queue: WorkQueue

  constructor(private readonly ctx: Ctx) {
    this.queue = new WorkQueue(COMPONENT, (k) => this.sync(k), (l) => ctx.log(l))
    ctx.informer(GVRS.jobs).onChange((ev) => this.queue.add(keyOf(ev.object)))
    ctx.informer(GVRS.pods).onChange((ev, old) => {
      const k = ownerKey(ev.object, 'Job') ?? (old ? ownerKey(old, 'Job') : undefined)
      if (k) enqueueForPod(this.queue, k, ev, old)
      // a pod whose Job is gone must not be held by the tracking finalizer
      if (ev.type !== 'DELETED' && (ev.object.metadata.finalizers ?? []).includes(TRACKING) && (!k || !ctx.informer(GVRS.jobs).get(k))) {
        this.queue.add(`pod:${keyOf(ev.object)}`)
      }
    })
  }

  start(): void {
    for (const j of this.ctx.informer(GVRS.jobs).all()) this.queue.add(keyOf(j))
  }

  stop(): void {
    this.queue.stop()
  }

  private sync(key: string): void {
    if (key.startsWith('pod:')) return this.releaseOrphan(key.slice(4))
    const job = this.ctx.informer(GVRS.jobs).get(key)
    const [ns, name] = splitKey(key)
    if (!job) return
    const pods = this.ctx.informer(GVRS.pods).byIndex('controller', job.metadata.uid!).filter((p) => p.metadata.namespace === ns)
    // finished pods still carrying the tracking finalizer get counted, then released
    const status: any = clone(job.status ?? {})
    const counted: {succeeded: string[]; failed: string[]} = {succeeded: [], failed: []}
    const indexed = job.spec?.completionMode === 'Indexed'
    const doneIdx = parseIndexes(status.completedIndexes)
    for (const p of pods) {
      const done = podIsTerminal(p) || (!!p.metadata.deletionTimestamp && !podIsTerminal(p))
      if (!done || !(p.metadata.finalizers ?? []).includes(TRACKING)) continue
      if (finished(job)) {
        this.release(p)
        continue
      }
      if (p.status?.phase === 'Succeeded') {
        counted.succeeded.push(p.metadata.uid!)
        if (indexed) doneIdx.add(Number(p.metadata.annotations?.[INDEX]))
      } else counted.failed.push(p.metadata.uid!)
    }
    if (counted.succeeded.length || counted.failed.length) {
      // succeeded/failed are omitempty in batch/v1
      if (counted.succeeded.length) status.succeeded = (status.succeeded ?? 0) + counted.succeeded.length
      if (counted.failed.length) status.failed = (status.failed ?? 0) + counted.failed.length
      if (indexed) status.completedIndexes = formatIndexes(doneIdx)
      this.writeStatus(job, status)
      for (const p of pods) {
        if (!counted.succeeded.includes(p.metadata.uid!) && !counted.failed.includes(p.metadata.uid!)) continue
        this.ctx.api.mutate(GVRS.pods, ns, p.metadata.name!, (x) => {
          if (x.metadata.uid !== p.metadata.uid) return false
          x.metadata.finalizers = (x.metadata.finalizers ?? []).filter((f: string) => f !== TRACKING)
        })
      }
      return this.queue.add(key)
    }
    const fin = finished(job)
    const active = pods.filter((p) => !podIsTerminal(p) && !p.metadata.deletionTimestamp)
    const terminating = pods.filter((p) => !!p.metadata.deletionTimestamp && !podIsTerminal(p)).length
    if (fin) return this.afterFinished(job, status, active, terminating)
    status.startTime ??= nowTime()
    const completions: number | undefined = job.spec?.completions ?? undefined
    const parallelism: number = job.spec?.parallelism ?? 1
    const backoffLimit: number = job.spec?.backoffLimit ?? 6
    const succeeded: number = status.succeeded ?? 0
    const failed: number = status.failed ?? 0
    let failure: [string, string] | undefined
    if (failed > backoffLimit) failure = ['BackoffLimitExceeded', 'Job has reached the specified backoff limit']
    const deadline = job.spec?.activeDeadlineSeconds
    if (!failure && deadline) {
      const left = Date.parse(status.startTime) + deadline * 1000 - Date.now()
      if (left <= 0) failure = ['DeadlineExceeded', 'Job was active longer than specified deadline']
      else this.queue.addAfter(key, left + 10)
    }
    const complete = completions === undefined || completions === null ? succeeded > 0 && active.length === 0 : indexed ? doneIdx.size >= completions : succeeded >= completions
    if (failure || complete) {
      for (const p of active) this.deletePod(job, p)
      if (failure) {
        addCondition(status, 'FailureTarget', failure[0], failure[1])
        addCondition(status, 'Failed', failure[0], failure[1])
        this.ctx.event(job, 'Warning', failure[0], failure[1], COMPONENT)
      } else {
        addCondition(status, 'SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods')
        addCondition(status, 'Complete', 'CompletionsReached', 'Reached expected number of succeeded pods')
        status.completionTime = nowTime()
        this.ctx.event(job, 'Normal', 'Completed', 'Job completed', COMPONENT)
      }
      status.active = 0
      status.ready = 0
      status.terminating = terminating + active.length
      this.writeStatus(job, status)
      return this.queue.add(key)
    }
    if (job.spec?.suspend) {
      for (const p of active) this.deletePod(job, p)
      addCondition(status, 'Suspended', 'JobSuspended', 'Job suspended')
      status.active = 0
    } else {
      status.conditions = (status.conditions ?? []).filter((c: any) => c.type !== 'Suspended')
      const remaining = completions === undefined || completions === null ? (succeeded > 0 ? 0 : parallelism) : completions - (indexed ? doneIdx.size : succeeded)
      const want = Math.max(0, Math.min(parallelism, remaining))
      if (active.length < want) {
        const busy = new Set(active.map((p) => Number(p.metadata.annotations?.[INDEX])))
        let next = 0
        const limit = Math.min(want, active.length + BURST)
        if (limit < want) this.queue.add(keyOf(job))
        for (let i = active.length; i < limit; i++) {
          let idx: number | undefined
          if (indexed) {
            while (next < completions! && (doneIdx.has(next) || busy.has(next))) next++
            if (next >= completions!) break
            idx = next++
          }
          const pod = this.createPod(job, idx)
          active.push(pod)
        }
      } else if (active.length > want) {
        for (const p of active.slice(want)) this.deletePod(job, p)
      }
    }
    status.active = active.length
    status.ready = active.filter(podIsReady).length
    status.terminating = terminating
    this.writeStatus(job, status)
  }

  private release(p: KObject): void {
    this.ctx.api.mutate(GVRS.pods, p.metadata.namespace, p.metadata.name!, (x) => {
      if (x.metadata.uid !== p.metadata.uid || !(x.metadata.finalizers ?? []).includes(TRACKING)) return false
      x.metadata.finalizers = (x.metadata.finalizers ?? []).filter((f: string) => f !== TRACKING)
    })
  }

  private releaseOrphan(podKey: string): void {
    const p = this.ctx.informer(GVRS.pods).get(podKey)
    if (!p) return
    const k = ownerKey(p, 'Job')
    if (k && this.ctx.informer(GVRS.jobs).get(k)) return
    this.release(p)
  }

  private createPod(job: KObject, index?: number): KObject {
    const uid = job.metadata.uid!
    const labels: Record<string, string> = {'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': job.metadata.name!, 'controller-uid': uid, 'job-name': job.metadata.name!}
    if (index !== undefined) labels[INDEX] = String(index)
    const pod = podFromTemplate(job.spec?.template, job, labels)
    pod.metadata.finalizers = [TRACKING]
    if (index !== undefined) {
      pod.metadata.annotations = {...(pod.metadata.annotations ?? {}), [INDEX]: String(index)}
      pod.spec.hostname = `${job.metadata.name}-${index}`
      for (const c of pod.spec.containers ?? []) c.env = [...(c.env ?? []), {name: 'JOB_COMPLETION_INDEX', valueFrom: {fieldRef: {fieldPath: `metadata.annotations['${INDEX}']`}}}]
    }
    const created = createWithGeneratedName(this.ctx.api, GVRS.pods, pod, index !== undefined ? `${job.metadata.name}-${index}-` : `${job.metadata.name}-`)
    this.ctx.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT)
    return created
  }

  private deletePod(job: KObject, p: KObject): void {
    deleteIfExists(this.ctx.api, GVRS.pods, p.metadata.namespace, p.metadata.name!)
    this.ctx.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, COMPONENT)
  }

  /** After completion: keep status current and honour ttlSecondsAfterFinished. */
  private afterFinished(job: KObject, status: any, active: KObject[], terminating: number): void {
    for (const p of active) this.deletePod(job, p)
    status.active = 0
    status.ready = 0
    status.terminating = terminating
    this.writeStatus(job, status)
    const ttl = job.spec?.ttlSecondsAfterFinished
    if (ttl === undefined || ttl === null) return
    const doneAt = Date.parse(status.completionTime ?? (status.conditions ?? []).find((c: any) => c.type === 'Failed')?.lastTransitionTime ?? '') || Date.now()
    const left = doneAt + ttl * 1000 - Date.now()
    if (left > 0) return this.queue.addAfter(keyOf(job), left + 10)
    deleteIfExists(this.ctx.api, GVRS.jobs, job.metadata.namespace, job.metadata.name!, {propagationPolicy: 'Foreground', preconditions: {uid: job.metadata.uid}})
  }

  private writeStatus(job: KObject, status: any): void {
    status.uncountedTerminatedPods ??= {}
    if (deepEqual(status, job.status ?? {})) return
    this.ctx.api.mutate(GVRS.jobs, job.metadata.namespace, job.metadata.name!, (x) => {
      if (x.metadata.uid !== job.metadata.uid) return false
      x.status = clone(status)
    }, {subresource: 'status'})
  }
}
