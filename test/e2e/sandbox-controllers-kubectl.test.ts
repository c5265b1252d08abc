// Real kubectl 1.33 against a real sandbox (3 nodes): scheduling, workload controllers, endpoints and evictions behave
// and print as on a real cluster.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {type Sandbox, disposeSandbox, kubectlAvailable, newSandbox} from './sandbox-core-fixture.js'
import {until} from '../helpers/wait.js'

const HAVE_KUBECTL = kubectlAvailable()
const d = HAVE_KUBECTL ? describe : describe.skip
let sb: Sandbox
let workers: string[] = []
let controlPlane = ''

async function k(...args: string[]): Promise<string> {
  const r = await sb.kubectl(args)
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`)
  return r.stdout
}


async function podNodes(ns: string, selector: string): Promise<string[]> {
  const out = await k('get', 'pods', '-n', ns, '-l', selector, '-o', 'jsonpath={range .items[*]}{.spec.nodeName}{"\\n"}{end}')
  return out.split('\n').filter(Boolean)
}

beforeAll(async () => {
  if (!HAVE_KUBECTL) return
  sb = newSandbox(['--nodes', '3'])
  await sb.start()
  const names = async (sel: string) => (await k('get', 'nodes', '-l', sel, '-o', 'jsonpath={.items[*].metadata.name}')).split(' ').filter(Boolean)
  ;[controlPlane] = await names('node-role.kubernetes.io/control-plane')
  workers = await names('!node-role.kubernetes.io/control-plane')
}, 120_000)

afterAll(async () => {
  await disposeSandbox(sb)
})

d('controllers and scheduler with real kubectl', () => {
  test('create deployment: Running and Ready, rollout status, events in kube words', async () => {
    await k('create', 'deployment', 'nginx-app', '--image', 'nginx')
    expect(await k('rollout', 'status', 'deploy/nginx-app', '--timeout=60s')).toMatch(/deployment "nginx-app" successfully rolled out\n$/)
    const rs = (await k('get', 'rs', '-l', 'app=nginx-app', '-o', 'jsonpath={.items[0].metadata.name}')).trim()
    expect(rs).toMatch(/^nginx-app-[bcdfghjklmnpqrstvwxz2456789]+$/)
    const ev = await k('get', 'events', '--field-selector', 'involvedObject.name=nginx-app', '-o', 'jsonpath={range .items[*]}{.source.component}|{.reason}|{.message}{"\\n"}{end}')
    expect(ev).toBe(`deployment-controller|ScalingReplicaSet|Scaled up replica set ${rs} from 0 to 1\n`)
    const [nodeName] = await podNodes('default', 'app=nginx-app')
    expect(workers).toContain(nodeName)
    const conds = await k('get', 'deploy', 'nginx-app', '-o', 'jsonpath={range .status.conditions[*]}{.type}|{.status}|{.reason}|{.message}{"\\n"}{end}')
    expect(conds).toBe(`Available|True|MinimumReplicasAvailable|Deployment has minimum availability.\nProgressing|True|NewReplicaSetAvailable|ReplicaSet "${rs}" has successfully progressed.\n`)
  }, 90_000)

  test('scale --replicas=5 spreads over the workers, none on the control plane', async () => {
    expect(await k('scale', 'deploy', 'nginx-app', '--replicas=5')).toBe('deployment.apps/nginx-app scaled\n')
    await k('rollout', 'status', 'deploy/nginx-app', '--timeout=60s')
    const nodes = await podNodes('default', 'app=nginx-app')
    expect(nodes).toHaveLength(5)
    expect(nodes).not.toContain(controlPlane)
    expect([...new Set(nodes)].sort()).toEqual([...workers].sort())
  }, 90_000)

  test('expose: Endpoints and EndpointSlice list the ready pods', async () => {
    expect(await k('expose', 'deployment', 'nginx-app', '--type=NodePort', '--port', '80')).toBe('service/nginx-app exposed\n')
    const ips = async () => (await k('get', 'pods', '-l', 'app=nginx-app', '-o', 'jsonpath={range .items[*]}{.status.podIP}{"\\n"}{end}')).split('\n').filter(Boolean).sort()
    await until('endpoints', async () => (await k('get', 'endpoints', 'nginx-app', '-o', 'jsonpath={.subsets[0].addresses[*].ip}')).split(' ').filter(Boolean).length === 5)
    const epIps = (await k('get', 'endpoints', 'nginx-app', '-o', 'jsonpath={.subsets[0].addresses[*].ip}')).split(' ').sort()
    expect(epIps).toEqual(await ips())
    const slice = JSON.parse(await k('get', 'endpointslices', '-l', 'kubernetes.io/service-name=nginx-app', '-o', 'json')).items
    expect(slice).toHaveLength(1)
    expect(slice[0].metadata.labels['endpointslice.kubernetes.io/managed-by']).toBe('endpointslice-controller.k8s.io')
    expect(slice[0].endpoints.map((e: any) => e.addresses[0]).sort()).toEqual(await ips())
  }, 90_000)

  test('rolling update and undo: revisions, rollout history', async () => {
    await k('set', 'image', 'deploy/nginx-app', 'nginx=nginx:1.28')
    expect(await k('rollout', 'status', 'deploy/nginx-app', '--timeout=60s')).toMatch(/successfully rolled out\n$/)
    expect((await k('get', 'deploy', 'nginx-app', '-o', 'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}'))).toBe('2')
    await k('rollout', 'undo', 'deploy/nginx-app')
    await k('rollout', 'status', 'deploy/nginx-app', '--timeout=60s')
    expect(await k('rollout', 'history', 'deploy/nginx-app')).toBe('deployment.apps/nginx-app \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n')
  }, 120_000)

  test('cordon: FailedScheduling in kube-scheduler words; uncordon binds the pod', async () => {
    await k('cordon', ...workers)
    await k('run', 'stuck', '--image', 'nginx')
    const msg = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.'
    await until('FailedScheduling', async () => (await k('get', 'events', '--field-selector', 'involvedObject.name=stuck,reason=FailedScheduling', '-o', 'name')).length > 0)
    expect(await k('get', 'events', '--field-selector', 'involvedObject.name=stuck,reason=FailedScheduling', '-o', 'jsonpath={.items[0].type}|{.items[0].source.component}|{.items[0].message}')).toBe(`Warning|default-scheduler|${msg}`)
    expect(await k('get', 'pod', 'stuck', '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].reason}')).toBe('Unschedulable')
    await k('uncordon', ...workers)
    await k('wait', '--for=condition=Ready', 'pod/stuck', '--timeout=30s')
    await k('delete', 'pod', 'stuck', '--grace-period=0', '--force')
  }, 90_000)

  test('drain with a PDB that allows no disruption retries with the 429 message until --timeout', async () => {
    await k('create', 'pdb', 'all', '--selector', 'app=nginx-app', '--min-available', '5')
    await until('pdb status', async () => (await k('get', 'pdb', 'all', '-o', 'jsonpath={.status.expectedPods}')) === '5')
    const r = await sb.kubectl(['drain', workers[0], '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=7s'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`)
    await k('delete', 'pdb', 'all')
    await k('uncordon', workers[0])
  }, 90_000)

  test('NoExecute taint evicts pods that do not tolerate it; they come back on the other worker', async () => {
    await k('taint', 'nodes', workers[0], 'k=v:NoExecute')
    await until('evicted', async () => {
      const n = await podNodes('default', 'app=nginx-app')
      return n.length === 5 && n.every((x) => x === workers[1])
    }, 60_000)
    const ev = await k('get', 'events', '--field-selector', 'reason=TaintManagerEviction', '-o', 'jsonpath={.items[0].source.component}|{.items[0].message}')
    expect(ev).toMatch(/^taint-eviction-controller\|Marking for deletion Pod default\/nginx-app-\S+$/)
    await k('taint', 'nodes', workers[0], 'k-')
  }, 90_000)

  test('DaemonSet, StatefulSet and Job', async () => {
    const manifest = `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: a, image: busybox, command: [sh, -c, 'sleep 3600']}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  replicas: 3
  serviceName: web
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: w, image: nginx}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: pi, image: busybox, command: [sh, -c, 'echo done']}]
`
    const r = await sb.kubectl(['apply', '-f', '-'], {input: manifest})
    expect(r.stdout).toBe('daemonset.apps/agent created\nstatefulset.apps/web created\njob.batch/pi created\n')
    expect(await k('rollout', 'status', 'ds/agent', '-n', 'kube-system', '--timeout=60s')).toMatch(/daemon set "agent" successfully rolled out\n$/)
    expect((await podNodes('kube-system', 'app=agent')).sort()).toEqual([...workers].sort())
    expect(await k('rollout', 'status', 'sts/web', '--timeout=60s')).toMatch(/partitioned roll out complete: 3 new pods have been updated...\n$/)
    expect((await k('get', 'pods', '-l', 'app=web', '-o', 'name')).split('\n').filter(Boolean).sort()).toEqual(['pod/web-0', 'pod/web-1', 'pod/web-2'])
    expect(await k('wait', '--for=condition=complete', 'job/pi', '--timeout=60s')).toBe('job.batch/pi condition met\n')
    expect(await k('get', 'job', 'pi', '-o', 'jsonpath={.status.succeeded}|{.status.conditions[*].type}')).toBe('2|SuccessCriteriaMet Complete')
  }, 120_000)
})
