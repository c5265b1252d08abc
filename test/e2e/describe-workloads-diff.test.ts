// Differential tests of `describe` for DaemonSets, StatefulSets, Jobs and CronJobs: the same argv through real kubectl
// and kctl against one sandbox whose controllers have settled; whole stdout, stderr and exit code must match.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'
import {normalizeAges, requireKubectl, type RunResult} from '../helpers/cli.js'
import {until} from '../helpers/wait.js'

const haveKubectl = requireKubectl('describe daemonset/statefulset/job/cronjob differential tests')
let sb: TestSandbox
let ns: string

const OBJECTS = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, labels: {app: agent}}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: busybox, command: [sleep, "3600"]}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: rich, labels: {app: rich, tier: node}, annotations: {note: hello, team: infra}}
spec:
  selector:
    matchLabels: {app: rich}
    matchExpressions: [{key: tier, operator: In, values: [node, edge]}]
  updateStrategy: {type: OnDelete}
  template:
    metadata: {labels: {app: rich, tier: node}, annotations: {checksum: abc}}
    spec:
      nodeSelector: {disk: ssd, kubernetes.io/os: linux}
      tolerations: [{operator: Exists}, {key: k1, operator: Equal, value: v1, effect: NoSchedule}]
      topologySpreadConstraints:
      - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: rich}}}
      - {maxSkew: 2, topologyKey: host, whenUnsatisfiable: ScheduleAnyway}
      volumes:
      - {name: scratch, emptyDir: {}}
      - {name: cfg, configMap: {name: cfg}}
      initContainers: [{name: init, image: busybox, command: ["true"]}]
      containers:
      - name: main
        image: busybox
        command: [sleep, "3600"]
        ports: [{containerPort: 80}, {containerPort: 53, protocol: UDP, hostPort: 5353}]
        env: [{name: MODE, value: prod}, {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
        envFrom: [{configMapRef: {name: cfg}}, {secretRef: {name: creds, optional: true}, prefix: S_}]
        resources: {limits: {cpu: 100m, memory: 64Mi}, requests: {cpu: 50m}}
        volumeMounts: [{name: scratch, mountPath: /scratch}, {name: cfg, mountPath: /etc/cfg, readOnly: true, subPath: app}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, labels: {app: db}}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: busybox, command: [sleep, "3600"], volumeMounts: [{name: data, mountPath: /data}]}]
  volumeClaimTemplates:
  - metadata: {name: data, labels: {tier: db}, annotations: {backup: daily}}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: archive}
spec:
  serviceName: archive
  replicas: 0
  selector: {matchLabels: {app: archive}}
  template:
    metadata: {labels: {app: archive}}
    spec:
      containers: [{name: archive, image: busybox}]
  volumeClaimTemplates:
  - metadata: {name: logs, annotations: {volume.beta.kubernetes.io/storage-class: slow}}
    spec: {accessModes: [ReadWriteOnce, ReadOnlyMany], storageClassName: fast, resources: {requests: {storage: 512Mi}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: cache}
spec:
  serviceName: cache
  replicas: 1
  podManagementPolicy: Parallel
  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 1}}
  selector: {matchLabels: {app: cache}}
  template:
    metadata: {labels: {app: cache}}
    spec:
      containers: [{name: cache, image: busybox, command: [sleep, "3600"]}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: hello, labels: {suite: jobs}}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: hello, image: busybox, command: [sh, -c, echo hi]}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: broken, labels: {suite: jobs}}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{name: broken, image: busybox, command: [sh, -c, exit 3]}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: indexed}
spec:
  suspend: true
  completions: 3
  parallelism: 2
  completionMode: Indexed
  activeDeadlineSeconds: 600
  ttlSecondsAfterFinished: 100
  template:
    spec:
      restartPolicy: Never
      containers: [{name: work, image: busybox}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: ticker, labels: {suite: cron}}
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: tick, image: busybox, command: [sh, -c, date]}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: paused}
spec:
  schedule: "0 0 1 1 *"
  suspend: true
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: 30
  successfulJobsHistoryLimit: 1
  failedJobsHistoryLimit: 0
  jobTemplate:
    spec:
      parallelism: 2
      completions: 4
      activeDeadlineSeconds: 60
      template:
        metadata: {labels: {part: paused}}
        spec:
          restartPolicy: Never
          containers: [{name: work, image: busybox}]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: mixed}
spec:
  replicas: 0
  selector:
    matchLabels: {zz: a}
    matchExpressions: [{key: app, operator: In, values: [mixed]}]
  template:
    metadata: {labels: {zz: a, app: mixed}}
    spec:
      containers: [{name: main, image: busybox}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: mixed}
spec:
  replicas: 0
  selector:
    matchLabels: {zz: b}
    matchExpressions: [{key: app, operator: NotIn, values: [other, mixed-old]}]
  template:
    metadata: {labels: {zz: b, app: mixed}}
    spec:
      tolerations: [{key: zone, operator: Exists}, {key: arch, operator: Equal, value: arm64, effect: NoSchedule}]
      containers: [{name: main, image: busybox}]
`

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms))

// Only event ages move between the two runs; the RFC1123 timestamps are the objects' own and must match as they are.
function norm(r: RunResult): {stdout: string; stderr: string; code: number} {
  return {stdout: normalizeAges(r.stdout), stderr: normalizeAges(r.stderr).split('\n').filter((l) => !l.startsWith('hint: ')).join('\n'), code: r.code}
}

async function same(args: string[]): Promise<void> {
  // The every-minute CronJob fires at :00; stay clear of that instant so both runs see the same jobs and events.
  while (new Date().getUTCSeconds() < 8 || new Date().getUTCSeconds() > 52) await sleep(500)
  const k = norm(await sb.kubectl(args))
  const c = norm(await sb.kctl(args))
  expect({args, ...c}).toEqual({args, ...k})
}

async function jsonpath(args: string[], path: string): Promise<string> {
  const r = await sb.kubectl([...args, '-n', ns, '-o', `jsonpath=${path}`])
  return r.code === 0 ? r.stdout.trim() : ''
}


beforeAll(async () => {
  if (!haveKubectl) return
  sb = await startTestSandbox()
  ns = await sb.namespace('descwl')
  const r = await sb.kubectl(['apply', '-n', ns, '-f', '-'], {stdin: OBJECTS})
  if (r.code !== 0) throw new Error(`apply failed: ${r.stderr}`)
  await until('daemon set pods', async () => {
    const [desired, available] = (await jsonpath(['get', 'ds', 'agent'], '{.status.desiredNumberScheduled} {.status.numberAvailable}')).split(' ')
    return Number(desired) > 0 && desired === available
  }, 60000, 1000)
  await until('stateful sets', async () => (await jsonpath(['get', 'sts', 'db'], '{.status.readyReplicas}')) === '2' && (await jsonpath(['get', 'sts', 'cache'], '{.status.readyReplicas}')) === '1', 60000, 1000)
  await until('jobs', async () => (await jsonpath(['get', 'job', 'hello'], '{.status.succeeded}')) === '1' && (await jsonpath(['get', 'job', 'broken'], '{.status.failed}')) === '1', 60000, 1000)
  // The first scheduled run: lastScheduleTime set and its job finished (no active jobs left).
  await until('cron job run', async () => {
    const [last, active] = [await jsonpath(['get', 'cj', 'ticker'], '{.status.lastScheduleTime}'), await jsonpath(['get', 'cj', 'ticker'], '{.status.active}')]
    return last !== '' && active === ''
  }, 100000, 1000)
}, 300000)

afterAll(async () => {
  if (sb) await sb.stop()
})

describe('describe daemonsets', () => {
  test('one by name, a rich template, all in a namespace, without events', async () => {
    if (!haveKubectl) return
    await same(['describe', 'ds', 'agent', '-n', ns])
    await same(['describe', 'daemonset/rich', '-n', ns])
    await same(['describe', 'ds', '-n', ns])
    await same(['describe', 'ds', 'agent', '-n', ns, '--show-events=false'])
  }, 120000)
})

describe('describe selectors', () => {
  test('labels and expressions in one selector print sorted by key, as labels.Selector does; template tolerations sorted by key', async () => {
    if (!haveKubectl) return
    await same(['describe', 'rs', 'mixed', '-n', ns])
    await same(['describe', 'deploy', 'mixed', '-n', ns])
  }, 120000)
})

describe('describe statefulsets', () => {
  test('with volume claim templates, with a partition, all in a namespace', async () => {
    if (!haveKubectl) return
    await same(['describe', 'statefulset', 'db', '-n', ns])
    await same(['describe', 'sts/cache', '-n', ns])
    await same(['describe', 'sts', 'archive', '-n', ns])
    await same(['describe', 'statefulsets', '-n', ns])
  }, 120000)
})

describe('describe jobs', () => {
  test('complete, failed, indexed and suspended, by label, a name prefix, a missing one', async () => {
    if (!haveKubectl) return
    await same(['describe', 'job', 'hello', '-n', ns])
    await same(['describe', 'job/broken', '-n', ns])
    await same(['describe', 'jobs.batch', 'indexed', '-n', ns])
    await same(['describe', 'jobs', '-n', ns, '-l', 'suite=jobs'])
    await same(['describe', 'job', 'hel', '-n', ns])
    await same(['describe', 'job/hel', '-n', ns])
    await same(['describe', 'sts', 'd', '-n', ns])
    await same(['describe', 'job', 'nope', '-n', ns])
  }, 120000)
})

describe('describe cronjobs', () => {
  test('scheduled (with its last run), suspended, all, and the jobs a cron job made', async () => {
    if (!haveKubectl) return
    await same(['describe', 'cronjob', 'ticker', '-n', ns])
    await same(['describe', 'cj/paused', '-n', ns])
    await same(['describe', 'cronjobs', '-n', ns, '-l', 'suite=cron'])
    await same(['describe', 'cj', '-n', ns])
    await same(['describe', 'jobs', '-n', ns, '-l', 'suite!=jobs'])
  }, 120000)
})
