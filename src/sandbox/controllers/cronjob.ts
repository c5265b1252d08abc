// cronjob-controller: creates Jobs on schedule (concurrency policy, starting deadline, suspend), tracks active Jobs,
// lastScheduleTime / lastSuccessfulTime, and prunes finished Jobs beyond the history limits.
import type {KObject} from '../types.js'
import {GVRS} from '../types.js'
import {ApiError} from '../types.js'
import type {Ctx} from './context.js'
import {mostRecent, nextRun, parseCron} from './cron.js'
import {WorkQueue, clone, deepEqual, deleteIfExists, keyOf, nowTime, ownerKey, ownerRefTo, splitKey} from './runtime.js'

const COMPONENT = 'cronjob-controller'

function jobFinished(job: KObject): string | undefined {
  for (const c of job.status?.conditions ?? []) if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type
  return undefined
}

/** The Job a CronJob creates for one scheduled time: NAME-<minutes since epoch>. */
export function jobForSchedule(cj: KObject, at: number): KObject {
  const t = clone(cj.spec?.jobTemplate ?? {})
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: `${cj.metadata.name}-${Math.floor(at / 60_000)}`,
      namespace: cj.metadata.namespace,
      ...(t.metadata?.labels ? {labels: t.metadata.labels} : {}),
      annotations: {...(t.metadata?.annotations ?? {}), 'batch.kubernetes.io/cronjob-scheduled-timestamp': nowTime(new Date(at))},
      ownerReferences: [ownerRefTo(cj)],
    },
    spec: t.spec ?? {},
  }
}

/** The CronJob controller. */
export class CronJobController {
  readonly queue: WorkQueue

  constructor(private readonly ctx: Ctx) {
    this.queue = new WorkQueue(COMPONENT, (k) => this.sync(k), (l) => ctx.log(l))
    ctx.informer(GVRS.cronjobs).onChange((ev) => this.queue.add(keyOf(ev.object)))
    ctx.informer(GVRS.jobs).onChange((ev, old) => {
      const k = ownerKey(ev.object, 'CronJob') ?? (old ? ownerKey(old, 'CronJob') : undefined)
      if (k && (ev.type !== 'MODIFIED' || jobFinished(ev.object) !== (old ? jobFinished(old) : undefined))) this.queue.add(k)
    })
  }

  start(): void {
    for (const c of this.ctx.informer(GVRS.cronjobs).all()) this.queue.add(keyOf(c))
  }

  stop(): void {
    this.queue.stop()
  }

  private sync(key: string): void {
    const cj = this.ctx.informer(GVRS.cronjobs).get(key)
    if (!cj || cj.metadata.deletionTimestamp) return
    const [ns, name] = splitKey(key)
    const jobs = this.ctx.informer(GVRS.jobs).byIndex('controller', cj.metadata.uid!).filter((j) => j.metadata.namespace === ns)
    const status: any = clone(cj.status ?? {})
    // active list and completions
    const activeRefs: any[] = []
    for (const j of jobs) {
      const fin = jobFinished(j)
      if (!fin) {
        activeRefs.push({kind: 'Job', namespace: ns, name: j.metadata.name, uid: j.metadata.uid, apiVersion: 'batch/v1', resourceVersion: j.metadata.resourceVersion})
        continue
      }
      const wasActive = (cj.status?.active ?? []).some((r: any) => r.uid === j.metadata.uid)
      if (wasActive) this.ctx.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, status: ${fin}`, COMPONENT)
      if (fin === 'Complete' && j.status?.completionTime && (!status.lastSuccessfulTime || Date.parse(j.status.completionTime) > Date.parse(status.lastSuccessfulTime))) {
        status.lastSuccessfulTime = j.status.completionTime
      }
    }
    // the active list keeps its order; resourceVersion changes of active jobs don't count as a change
    const prevActive: any[] = cj.status?.active ?? []
    const sameActive = prevActive.length === activeRefs.length && prevActive.every((r) => activeRefs.some((a) => a.uid === r.uid))
    let active = sameActive ? prevActive : activeRefs
    this.cleanupHistory(cj, jobs)
    let cron
    try {
      cron = parseCron(cj.spec?.schedule ?? '')
    } catch (err) {
      this.ctx.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec?.schedule)} : ${(err as Error).message}`, COMPONENT)
      return this.writeStatus(cj, status, active)
    }
    const tz: string | undefined = cj.spec?.timeZone ?? undefined
    const now = Date.now()
    const from = Date.parse(status.lastScheduleTime ?? cj.metadata.creationTimestamp ?? '') || now
    if (!cj.spec?.suspend) {
      const {time, missed} = mostRecent(cron, from, now, tz)
      const deadline = cj.spec?.startingDeadlineSeconds
      const tooLate = time !== undefined && deadline !== undefined && deadline !== null && time + deadline * 1000 < now
      if (time !== undefined && missed > 100) {
        this.ctx.event(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew', COMPONENT)
      }
      if (time !== undefined && tooLate) {
        this.ctx.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${nowTime(new Date(time))}`, COMPONENT)
      } else if (time !== undefined) {
        const policy = cj.spec?.concurrencyPolicy ?? 'Allow'
        if (policy === 'Forbid' && active.length) {
          this.ctx.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', COMPONENT)
          // retried when the running job finishes (job informer), without advancing lastScheduleTime
        } else {
          if (policy === 'Replace') {
            for (const r of active) {
              deleteIfExists(this.ctx.api, GVRS.jobs, ns, r.name, {propagationPolicy: 'Background'})
              this.ctx.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${r.name}`, COMPONENT)
            }
            active = []
          }
          try {
            const job = this.ctx.api.create(GVRS.jobs, jobForSchedule(cj, time))
            this.ctx.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${job.metadata.name}`, COMPONENT)
            active = [...active, {kind: 'Job', namespace: ns, name: job.metadata.name, uid: job.metadata.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata.resourceVersion}]
          } catch (err) {
            if (!(err instanceof ApiError && err.code === 409)) throw err
          }
          status.lastScheduleTime = nowTime(new Date(time))
        }
      }
    }
    const next = nextRun(cron, Math.max(now, Date.parse(status.lastScheduleTime ?? '') || 0), tz)
    if (next !== undefined) this.queue.addAfter(key, next - Date.now() + 100)
    this.writeStatus(cj, status, active)
    void name
  }

  /** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit (3) / failedJobsHistoryLimit (1). */
  private cleanupHistory(cj: KObject, jobs: KObject[]): void {
    const byStart = (a: KObject, b: KObject) => (Date.parse(a.status?.startTime ?? a.metadata.creationTimestamp ?? '') || 0) - (Date.parse(b.status?.startTime ?? b.metadata.creationTimestamp ?? '') || 0)
    for (const [kind, limit] of [['Complete', cj.spec?.successfulJobsHistoryLimit ?? 3], ['Failed', cj.spec?.failedJobsHistoryLimit ?? 1]] as const) {
      const done = jobs.filter((j) => jobFinished(j) === kind && !j.metadata.deletionTimestamp).sort(byStart)
      for (let i = 0; i < done.length - limit; i++) {
        deleteIfExists(this.ctx.api, GVRS.jobs, done[i].metadata.namespace, done[i].metadata.name!, {propagationPolicy: 'Background'})
        this.ctx.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${done[i].metadata.name}`, COMPONENT)
      }
    }
  }

  private writeStatus(cj: KObject, status: any, active: any[]): void {
    if (active.length) status.active = active
    else delete status.active
    if (deepEqual(status, cj.status ?? {})) return
    this.ctx.api.mutate(GVRS.cronjobs, cj.metadata.namespace, cj.metadata.name!, (x) => {
      if (x.metadata.uid !== cj.metadata.uid) return false
      x.status = clone(status)
    }, {subresource: 'status'})
  }
}
