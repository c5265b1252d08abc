// The controllers against the real in-process API and store (no HTTP), with a tiny stand-in kubelet that marks
// bound pods Running and Ready, so scheduling, workload controllers and endpoints can be observed end to end.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Api} from '../../src/sandbox/api/index.js'
import {Store} from '../../src/sandbox/store/index.js'
import type {SandboxApi} from '../../src/sandbox/types.js'
import {startControllers} from '../../src/sandbox/controllers/index.js'
import {GVRS, type KObject} from '../../src/sandbox/types.js'

let dir: string
let api: SandboxApi
let store: Store
let ctl: {stop(): void}
let stopKubelet: () => void
const logs: string[] = []

function node(name: string, extra: {labels?: Record<string, string>; taints?: any[]} = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {name, labels: {'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...(extra.labels ?? {})}},
    spec: extra.taints ? {taints: extra.taints} : {},
    status: {capacity: {cpu: '4', memory: '8Gi', pods: '110'}, allocatable: {cpu: '4', memory: '8Gi', pods: '110'}, conditions: [{type: 'Ready', status: 'True'}]},
  }
}

async function waitFor<T>(what: string, fn: () => T | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

function pods(ns: string, labelSelector?: string): KObject[] {
  return api.list(GVRS.pods, {namespace: ns, labelSelector}).items.filter((p) => !p.metadata.deletionTimestamp)
}

function events(ns: string, name: string): string[] {
  return api.list(GVRS.events, {namespace: ns}).items.filter((e) => e.involvedObject.name === name).map((e) => `${e.type} ${e.reason} ${e.source?.component}: ${e.message}`)
}

let ipSeq = 2
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kctl-ctl-'))
  store = new Store(join(dir, 'db.sqlite'))
  api = new Api(store)
  for (const ns of ['default', 'kube-system']) if (!api.tryGet(GVRS.namespaces, undefined, ns)) api.create(GVRS.namespaces, {apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}})
  api.create(GVRS.nodes, node('sandbox-control-plane', {labels: {'node-role.kubernetes.io/control-plane': ''}, taints: [{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'}]}))
  api.create(GVRS.nodes, node('sandbox-worker'))
  api.create(GVRS.nodes, node('sandbox-worker2'))
  // stand-in kubelet: bound pods become Running and Ready with an IP; deleted pods go at once
  stopKubelet = api.watch(GVRS.pods, {}, (ev) => {
    const p = ev.object
    if (ev.type === 'DELETED' || !p.spec?.nodeName || (p.status?.phase ?? 'Pending') !== 'Pending') return
    setImmediate(() => {
      api.mutate(GVRS.pods, p.metadata.namespace, p.metadata.name!, (x) => {
        if (!x.spec?.nodeName || (x.status?.phase ?? 'Pending') !== 'Pending') return false
        const t = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
        x.status = {...(x.status ?? {}), phase: 'Running', podIP: `10.244.1.${ipSeq++}`, conditions: [...(x.status?.conditions ?? []).filter((c: any) => c.type === 'PodScheduled'), {type: 'Ready', status: 'True', lastTransitionTime: t}]}
      }, {subresource: 'status'})
    })
  })
  ctl = startControllers(api, {log: (l) => logs.push(l), apiServer: {ip: '127.0.0.1', port: 6443}, rootCaPem: 'PEM'})
})

afterAll(() => {
  ctl?.stop()
  stopKubelet?.()
  try {
    ;(store as any).close?.()
  } catch {}
  rmSync(dir, {recursive: true, force: true})
})

function deployment(name: string, replicas: number, image = 'nginx'): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name, namespace: 'default', labels: {app: name}},
    spec: {replicas, selector: {matchLabels: {app: name}}, template: {metadata: {labels: {app: name}}, spec: {containers: [{name: 'nginx', image}]}}},
  }
}

describe('sandbox controllers on the real API', () => {
  test('namespace defaults: ServiceAccount default and ConfigMap kube-root-ca.crt', async () => {
    await waitFor('sa', () => api.tryGet(GVRS.serviceaccounts, 'default', 'default'))
    const cm = await waitFor('cm', () => api.tryGet(GVRS.configmaps, 'kube-system', 'kube-root-ca.crt'))
    expect(cm.data).toEqual({'ca.crt': 'PEM'})
  })

  test('deployment → replicaset → pod on a worker, Available, events in kube words', async () => {
    api.create(GVRS.deployments, deployment('nginx-app', 1))
    const d = await waitFor('available', () => {
      const x = api.get(GVRS.deployments, 'default', 'nginx-app')
      return x.status?.availableReplicas === 1 && (x.status.conditions ?? []).some((c: any) => c.reason === 'NewReplicaSetAvailable') && x
    }).catch((e) => { throw new Error(`${e.message}: ${JSON.stringify(api.get(GVRS.deployments, 'default', 'nginx-app').status)} ${logs.join('\n')}`) })
    const rss = api.list(GVRS.replicasets, {namespace: 'default'}).items
    expect(rss).toHaveLength(1)
    const rs = rss[0]
    const hash = rs.metadata.labels!['pod-template-hash']
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/)
    expect(rs.metadata.name).toBe(`nginx-app-${hash}`)
    expect(rs.metadata.annotations).toEqual({'deployment.kubernetes.io/desired-replicas': '1', 'deployment.kubernetes.io/max-replicas': '2', 'deployment.kubernetes.io/revision': '1'})
    expect(rs.spec.selector).toEqual({matchLabels: {app: 'nginx-app', 'pod-template-hash': hash}})
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1')
    const {conditions, ...rest} = d.status
    expect(rest).toEqual({observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1})
    expect(conditions.map((c: any) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "nginx-app-${hash}" has successfully progressed.`],
    ])
    const [pod] = pods('default', 'app=nginx-app')
    expect(pod.metadata.name).toMatch(new RegExp(`^nginx-app-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`))
    expect(pod.metadata.ownerReferences).toEqual([{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true}])
    expect(pod.spec.nodeName).toMatch(/^sandbox-worker2?$/)
    expect(events('default', 'nginx-app')).toEqual([`Normal ScalingReplicaSet deployment-controller: Scaled up replica set nginx-app-${hash} from 0 to 1`])
    expect(events('default', rs.metadata.name!)).toEqual([`Normal SuccessfulCreate replicaset-controller: Created pod: ${pod.metadata.name}`])
    expect(events('default', pod.metadata.name!)).toEqual([`Normal Scheduled default-scheduler: Successfully assigned default/${pod.metadata.name} to ${pod.spec.nodeName}`])
  })

  test('scale to 5 spreads over the two workers, none on the control plane', async () => {
    api.mutate(GVRS.deployments, 'default', 'nginx-app', (d) => {
      d.spec.replicas = 5
    })
    await waitFor('5 available', () => api.get(GVRS.deployments, 'default', 'nginx-app').status?.availableReplicas === 5)
    const perNode: Record<string, number> = {}
    for (const p of pods('default', 'app=nginx-app')) perNode[p.spec.nodeName] = (perNode[p.spec.nodeName] ?? 0) + 1
    expect(Object.keys(perNode).sort()).toEqual(['sandbox-worker', 'sandbox-worker2'])
    expect(Object.values(perNode).sort()).toEqual([2, 3])
  })

  test('endpoints and endpointslice from ready pods, named targetPort resolved', async () => {
    api.create(GVRS.services, {apiVersion: 'v1', kind: 'Service', metadata: {name: 'nginx-app', namespace: 'default', labels: {app: 'nginx-app'}}, spec: {selector: {app: 'nginx-app'}, ports: [{port: 80, targetPort: 80, protocol: 'TCP'}]}})
    const ep = await waitFor('endpoints', () => {
      const e = api.tryGet(GVRS.endpoints, 'default', 'nginx-app')
      return e?.subsets?.[0]?.addresses?.length === 5 && e
    })
    const ips = pods('default', 'app=nginx-app').map((p) => p.status.podIP).sort((a, b) => Number(a.split('.')[3]) - Number(b.split('.')[3]))
    expect(ep.subsets[0].addresses.map((a: any) => a.ip)).toEqual(ips)
    expect(ep.subsets[0].ports).toEqual([{port: 80, protocol: 'TCP'}])
    const slices = api.list(GVRS.endpointslices, {namespace: 'default', labelSelector: 'kubernetes.io/service-name=nginx-app'}).items
    expect(slices).toHaveLength(1)
    expect(slices[0].metadata.labels).toEqual({app: 'nginx-app', 'kubernetes.io/service-name': 'nginx-app', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io'})
    expect(slices[0].endpoints.map((e: any) => e.addresses[0])).toEqual(ips)
    expect(slices[0].ports).toEqual([{name: '', port: 80, protocol: 'TCP'}])
  })

  test('rolling update: new ReplicaSet revision 2, old one scaled to 0, rollout complete', async () => {
    const before = api.list(GVRS.replicasets, {namespace: 'default'}).items[0]
    api.mutate(GVRS.deployments, 'default', 'nginx-app', (d) => {
      d.spec.template.spec.containers[0].image = 'nginx:1.28'
    })
    const d = await waitFor('rolled out', () => {
      const x = api.get(GVRS.deployments, 'default', 'nginx-app')
      const s = x.status ?? {}
      return s.observedGeneration === x.metadata.generation && s.updatedReplicas === 5 && s.replicas === 5 && s.availableReplicas === 5 &&
        (s.conditions ?? []).some((c: any) => c.reason === 'NewReplicaSetAvailable') && x
    }, 10000)
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2')
    const rss = api.list(GVRS.replicasets, {namespace: 'default'}).items
    const old = rss.find((r) => r.metadata.uid === before.metadata.uid)!
    const cur = rss.find((r) => r.metadata.uid !== before.metadata.uid)!
    expect(old.spec.replicas).toBe(0)
    expect(cur.spec.replicas).toBe(5)
    expect(cur.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2')
    expect(pods('default', 'app=nginx-app').every((p) => p.spec.containers[0].image === 'nginx:1.28')).toBe(true)
    // maxSurge 25% of 5 rounds up to 2, maxUnavailable rounds down to 1
    const scaling = events('default', 'nginx-app').filter((e) => e.includes(cur.metadata.name!))
    expect(scaling).toContain(`Normal ScalingReplicaSet deployment-controller: Scaled up replica set ${cur.metadata.name} from 0 to 2`)
    expect(events('default', 'nginx-app')).toContain(`Normal ScalingReplicaSet deployment-controller: Scaled down replica set ${old.metadata.name} from 5 to 4`)
  })

  test('unschedulable pod: PodScheduled False and FailedScheduling in kube-scheduler words', async () => {
    for (const n of ['sandbox-worker', 'sandbox-worker2']) api.mutate(GVRS.nodes, undefined, n, (x) => { x.spec.unschedulable = true })
    api.create(GVRS.pods, {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'stuck', namespace: 'default'}, spec: {containers: [{name: 'c', image: 'busybox'}]}})
    const msg = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.'
    const p = await waitFor('unschedulable', () => {
      const x = api.get(GVRS.pods, 'default', 'stuck')
      return (x.status?.conditions ?? []).some((c: any) => c.type === 'PodScheduled' && c.status === 'False') && x
    })
    const c = p.status.conditions.find((x: any) => x.type === 'PodScheduled')
    expect([c.reason, c.message]).toEqual(['Unschedulable', msg])
    expect(events('default', 'stuck')).toEqual([`Warning FailedScheduling default-scheduler: ${msg}`])
    // uncordon: the waiting pod is retried and bound
    api.mutate(GVRS.nodes, undefined, 'sandbox-worker2', (x) => { delete x.spec.unschedulable })
    const bound = await waitFor('bound', () => api.get(GVRS.pods, 'default', 'stuck').spec.nodeName)
    expect(bound).toBe('sandbox-worker2')
    api.mutate(GVRS.nodes, undefined, 'sandbox-worker', (x) => { delete x.spec.unschedulable })
  })

  test('NoExecute taint evicts pods that do not tolerate it, and they come back elsewhere', async () => {
    api.mutate(GVRS.nodes, undefined, 'sandbox-worker', (x) => { x.spec.taints = [{key: 'k', value: 'v', effect: 'NoExecute'}] })
    await waitFor('eviction event', () => api.list(GVRS.events, {namespace: 'default'}).items.some((e) => e.reason === 'TaintManagerEviction'))
    await waitFor('evicted', () => pods('default', 'app=nginx-app').every((p) => p.spec.nodeName === 'sandbox-worker2') && api.get(GVRS.deployments, 'default', 'nginx-app').status?.availableReplicas === 5, 10000)
    const ev = api.list(GVRS.events, {namespace: 'default'}).items.filter((e) => e.reason === 'TaintManagerEviction')
    expect(ev.length).toBeGreaterThan(0)
    expect(ev[0].message).toBe(`Marking for deletion Pod default/${ev[0].involvedObject.name}`)
    api.mutate(GVRS.nodes, undefined, 'sandbox-worker', (x) => { delete x.spec.taints })
  })

  test('PodDisruptionBudget status', async () => {
    api.create(GVRS.poddisruptionbudgets, {apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: {name: 'pdb', namespace: 'default'}, spec: {minAvailable: 5, selector: {matchLabels: {app: 'nginx-app'}}}})
    const pdb = await waitFor('pdb status', () => {
      const x = api.get(GVRS.poddisruptionbudgets, 'default', 'pdb')
      return x.status?.currentHealthy === 5 && x
    })
    const {conditions, ...rest} = pdb.status
    expect(rest).toEqual({observedGeneration: 1, disruptionsAllowed: 0, currentHealthy: 5, desiredHealthy: 5, expectedPods: 5})
    expect(conditions.map((c: any) => [c.type, c.status, c.reason])).toEqual([['DisruptionAllowed', 'False', 'InsufficientPods']])
  })
})

describe('workload controllers on the real API', () => {
  test('DaemonSet: one pod per worker (control-plane taint not tolerated), status numbers', async () => {
    api.create(GVRS.daemonsets, {
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: {name: 'agent', namespace: 'kube-system'},
      spec: {selector: {matchLabels: {app: 'agent'}}, template: {metadata: {labels: {app: 'agent'}}, spec: {containers: [{name: 'a', image: 'busybox'}]}}},
    })
    const ds = await waitFor('ds ready', () => {
      const x = api.get(GVRS.daemonsets, 'kube-system', 'agent')
      return x.status?.numberReady === 2 && x
    })
    expect(ds.status).toEqual({currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 2, observedGeneration: 1, updatedNumberScheduled: 2, numberAvailable: 2})
    const dp = pods('kube-system', 'app=agent')
    expect(dp.map((p) => p.spec.nodeName).sort()).toEqual(['sandbox-worker', 'sandbox-worker2'])
    const hash = dp[0].metadata.labels!['controller-revision-hash']
    expect(api.tryGet(GVRS.controllerrevisions, 'kube-system', `agent-${hash}`)?.revision).toBe(1)
    expect(dp[0].spec.tolerations.map((t: any) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
    ])
  })

  test('StatefulSet: ordered web-0, web-1, web-2 and status', async () => {
    api.create(GVRS.statefulsets, {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: {name: 'web', namespace: 'default'},
      spec: {replicas: 3, serviceName: 'web', selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'w', image: 'nginx'}]}}},
    })
    const sts = await waitFor('sts ready', () => {
      const x = api.get(GVRS.statefulsets, 'default', 'web')
      return x.status?.readyReplicas === 3 && x
    })
    const rev = sts.status.updateRevision
    expect(sts.status).toEqual({observedGeneration: 1, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, currentRevision: rev, updateRevision: rev, collisionCount: 0, availableReplicas: 3})
    const created = api.list(GVRS.events, {namespace: 'default'}).items.filter((e) => e.involvedObject.name === 'web' && e.reason === 'SuccessfulCreate')
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion)).map((e) => e.message)
    expect(created).toEqual(['create Pod web-0 in StatefulSet web successful', 'create Pod web-1 in StatefulSet web successful', 'create Pod web-2 in StatefulSet web successful'])
    const p1 = api.get(GVRS.pods, 'default', 'web-1')
    expect([p1.spec.hostname, p1.spec.subdomain, p1.metadata.labels]).toEqual(['web-1', 'web', {app: 'web', 'controller-revision-hash': rev, 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1'}])
  })

  test('Job: pods until completions succeed, then Complete', async () => {
    api.create(GVRS.jobs, {
      apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'pi', namespace: 'default'},
      spec: {completions: 2, parallelism: 1, template: {spec: {restartPolicy: 'Never', containers: [{name: 'pi', image: 'busybox'}]}}},
    })
    // stand-in for the kubelet finishing the container
    const finish = async () => {
      const p = await waitFor('job pod running', () => pods('default').find((x) => x.metadata.name!.startsWith('pi-') && x.status?.phase === 'Running'))
      api.mutate(GVRS.pods, 'default', p.metadata.name!, (x) => {
        x.status.phase = 'Succeeded'
        x.status.conditions = x.status.conditions.map((c: any) => (c.type === 'Ready' ? {...c, status: 'False'} : c))
      }, {subresource: 'status'})
    }
    await finish()
    await finish()
    const job = await waitFor('complete', () => {
      const x = api.get(GVRS.jobs, 'default', 'pi')
      return (x.status?.conditions ?? []).some((c: any) => c.type === 'Complete') && x
    }).catch((e) => { throw new Error(`${e.message} ${JSON.stringify(api.get(GVRS.jobs, 'default', 'pi'))} ${JSON.stringify(api.list(GVRS.pods, {namespace: 'default'}).items.filter((p) => p.metadata.name!.startsWith('pi-')))} ${logs.join('\n')}`) })
    expect(job.status.conditions.map((c: any) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ])
    expect([job.status.succeeded, job.status.active, job.status.failed]).toEqual([2, 0, undefined])
    const jp = api.list(GVRS.pods, {namespace: 'default'}).items.filter((p) => p.metadata.name!.startsWith('pi-'))
    expect(jp.every((p) => !(p.metadata.finalizers ?? []).length && p.metadata.labels!['job-name'] === 'pi')).toBe(true)
    expect(events('default', 'pi').filter((e) => e.includes('Completed'))).toEqual(['Normal Completed job-controller: Job completed'])
  })

  test('CronJob: creates a Job at the next minute and records lastScheduleTime', async () => {
    // schedule created "in the past" so the first run is due now
    const past = new Date(Date.now() - 120_000).toISOString().replace(/\.\d+Z$/, 'Z')
    api.create(GVRS.cronjobs, {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: {name: 'tick', namespace: 'default'},
      spec: {schedule: '* * * * *', jobTemplate: {spec: {template: {spec: {restartPolicy: 'OnFailure', containers: [{name: 't', image: 'busybox'}]}}}}},
    })
    // creationTimestamp is server-set; move lastScheduleTime back instead so a run is due
    api.mutate(GVRS.cronjobs, 'default', 'tick', (x) => { x.status = {lastScheduleTime: past} }, {subresource: 'status'})
    const cj = await waitFor('scheduled', () => {
      const x = api.get(GVRS.cronjobs, 'default', 'tick')
      return x.status?.active?.length === 1 && x
    })
    const scheduled = Date.parse(cj.status.lastScheduleTime)
    expect(scheduled % 60_000).toBe(0)
    const jobName = `tick-${scheduled / 60_000}`
    expect(cj.status.active[0].name).toBe(jobName)
    expect(api.get(GVRS.jobs, 'default', jobName).metadata.ownerReferences?.[0]).toEqual({apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true})
    expect(events('default', 'tick')).toEqual([`Normal SuccessfulCreate cronjob-controller: Created job ${jobName}`])
  })

  test('Job: backoffLimit exceeded → FailureTarget and Failed', async () => {
    api.create(GVRS.jobs, {
      apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'boom', namespace: 'default'},
      spec: {backoffLimit: 1, template: {spec: {restartPolicy: 'Never', containers: [{name: 'b', image: 'busybox'}]}}},
    })
    for (let i = 0; i < 2; i++) {
      const p = await waitFor('boom pod running', () => pods('default').find((x) => x.metadata.name!.startsWith('boom-') && x.status?.phase === 'Running'))
      api.mutate(GVRS.pods, 'default', p.metadata.name!, (x) => { x.status.phase = 'Failed' }, {subresource: 'status'})
    }
    const job = await waitFor('failed', () => {
      const x = api.get(GVRS.jobs, 'default', 'boom')
      return (x.status?.conditions ?? []).some((c: any) => c.type === 'Failed') && x
    })
    expect(job.status.conditions.map((c: any) => [c.type, c.reason, c.message])).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ])
    expect([job.status.failed, job.status.succeeded, job.status.active]).toEqual([2, undefined, 0])
    expect(events('default', 'boom').filter((e) => e.startsWith('Warning'))).toEqual(['Warning BackoffLimitExceeded job-controller: Job has reached the specified backoff limit'])
  })

  test('Deployment revisionHistoryLimit prunes old ReplicaSets', async () => {
    const dep = deployment('hist', 1)
    dep.spec.revisionHistoryLimit = 1
    api.create(GVRS.deployments, dep)
    for (const tag of ['1.25', '1.26', '1.27']) {
      await waitFor('settled', () => {
        const d = api.get(GVRS.deployments, 'default', 'hist')
        return d.status?.observedGeneration === d.metadata.generation && d.status?.updatedReplicas === 1 && d.status?.replicas === 1 && d.status?.availableReplicas === 1
      })
      api.mutate(GVRS.deployments, 'default', 'hist', (d) => { d.spec.template.spec.containers[0].image = `nginx:${tag}` })
    }
    await waitFor('pruned', () => {
      const d = api.get(GVRS.deployments, 'default', 'hist')
      return d.metadata.annotations?.['deployment.kubernetes.io/revision'] === '4' && (d.status?.conditions ?? []).some((c: any) => c.reason === 'NewReplicaSetAvailable') &&
        api.list(GVRS.replicasets, {namespace: 'default', labelSelector: 'app=hist'}).items.length === 2
    }, 10000)
    const revs = api.list(GVRS.replicasets, {namespace: 'default', labelSelector: 'app=hist'}).items.map((r) => r.metadata.annotations!['deployment.kubernetes.io/revision']).sort()
    expect(revs).toEqual(['3', '4'])
  })

  test('proportional scaling during a stuck rollout (the kube docs example: 10 → 15 with maxSurge 3, maxUnavailable 2)', async () => {
    const dep = deployment('prop', 10)
    dep.spec.strategy = {type: 'RollingUpdate', rollingUpdate: {maxSurge: 3, maxUnavailable: 2}}
    api.create(GVRS.deployments, dep)
    await waitFor('10 available', () => api.get(GVRS.deployments, 'default', 'prop').status?.availableReplicas === 10)
    // the new template can never be scheduled, so the rollout stalls at old 8 / new 5
    api.mutate(GVRS.deployments, 'default', 'prop', (d) => { d.spec.template.spec.nodeSelector = {nowhere: 'true'} })
    const sizes = () => {
      const rss = api.list(GVRS.replicasets, {namespace: 'default', labelSelector: 'app=prop'}).items
      const rev = (r: KObject) => r.metadata.annotations!['deployment.kubernetes.io/revision']
      return [rss.find((r) => rev(r) === '1')?.spec.replicas, rss.find((r) => rev(r) === '2')?.spec.replicas]
    }
    await waitFor('stalled 8/5', () => sizes()[0] === 8 && sizes()[1] === 5)
    api.mutate(GVRS.deployments, 'default', 'prop', (d) => { d.spec.replicas = 15 })
    await waitFor('11/7', () => sizes()[0] === 11 && sizes()[1] === 7)
    const ev = events('default', 'prop').filter((e) => e.includes('from 8 to 11') || e.includes('from 5 to 7'))
    expect(ev.map((e) => e.replace(/prop-\w+/, 'prop-HASH')).sort()).toEqual([
      'Normal ScalingReplicaSet deployment-controller: Scaled up replica set prop-HASH from 5 to 7',
      'Normal ScalingReplicaSet deployment-controller: Scaled up replica set prop-HASH from 8 to 11',
    ])
  })

  test('StatefulSet rolling update replaces pods from the highest ordinal and promotes the revision', async () => {
    const before = api.get(GVRS.statefulsets, 'default', 'web').status.updateRevision
    api.mutate(GVRS.statefulsets, 'default', 'web', (x) => { x.spec.template.spec.containers[0].image = 'nginx:1.28' })
    const sts = await waitFor('updated', () => {
      const x = api.get(GVRS.statefulsets, 'default', 'web')
      return x.status?.updateRevision !== before && x.status?.currentRevision === x.status?.updateRevision && x.status?.readyReplicas === 3 && x
    }, 10000)
    const deletes = api.list(GVRS.events, {namespace: 'default'}).items.filter((e) => e.involvedObject.name === 'web' && e.reason === 'SuccessfulDelete')
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion)).map((e) => e.message)
    expect(deletes).toEqual(['delete Pod web-2 in StatefulSet web successful', 'delete Pod web-1 in StatefulSet web successful', 'delete Pod web-0 in StatefulSet web successful'])
    expect(pods('default', 'app=web').map((p) => p.metadata.labels!['controller-revision-hash'])).toEqual([sts.status.updateRevision, sts.status.updateRevision, sts.status.updateRevision])
    const revs = api.list(GVRS.controllerrevisions, {namespace: 'default'}).items.filter((r) => r.metadata.ownerReferences?.[0]?.name === 'web').map((r) => [r.metadata.name, r.revision]).sort()
    expect(revs).toEqual([[before, 1], [sts.status.updateRevision, 2]].sort())
  })

  test('DaemonSet rolling update moves every node to the new template', async () => {
    api.mutate(GVRS.daemonsets, 'kube-system', 'agent', (x) => { x.spec.template.spec.containers[0].image = 'busybox:1.37' })
    const ds = await waitFor('ds updated', () => {
      const x = api.get(GVRS.daemonsets, 'kube-system', 'agent')
      return x.status?.observedGeneration === 2 && x.status?.updatedNumberScheduled === 2 && x.status?.numberAvailable === 2 && x
    }, 10000)
    expect(ds.status.desiredNumberScheduled).toBe(2)
    expect(pods('kube-system', 'app=agent').map((p) => p.spec.containers[0].image)).toEqual(['busybox:1.37', 'busybox:1.37'])
  })

  test('Deployment that cannot progress gets ProgressDeadlineExceeded', async () => {
    const dep = deployment('stall', 1)
    dep.spec.progressDeadlineSeconds = 1
    dep.spec.template.spec.nodeSelector = {nowhere: 'true'}
    api.create(GVRS.deployments, dep)
    const d = await waitFor('deadline', () => {
      const x = api.get(GVRS.deployments, 'default', 'stall')
      return (x.status?.conditions ?? []).some((c: any) => c.reason === 'ProgressDeadlineExceeded') && x
    }, 10000)
    const c = d.status.conditions.find((x: any) => x.type === 'Progressing')
    const rs = api.list(GVRS.replicasets, {namespace: 'default', labelSelector: 'app=stall'}).items[0]
    expect([c.status, c.message]).toEqual(['False', `ReplicaSet "${rs.metadata.name}" has timed out progressing.`])
  })

  test('pods on a deleted node are garbage-collected and replaced', async () => {
    api.create(GVRS.nodes, node('sandbox-worker3'))
    api.create(GVRS.pods, {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'pinned', namespace: 'default'}, spec: {nodeName: 'sandbox-worker3', containers: [{name: 'c', image: 'nginx'}]}})
    api.delete(GVRS.nodes, undefined, 'sandbox-worker3')
    await waitFor('pod gone', () => !api.tryGet(GVRS.pods, 'default', 'pinned'))
  })
})
