// Real kubectl against a fresh 3-node sandbox (control plane + 2 workers) started through `kctl sandbox start`:
// create deployment, cordon, NoSchedule taints and drain behave and print as they do on a real cluster.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {normalizeAges, requireKubectl} from '../helpers/cli.js'
import {type TestSandbox, startTestSandbox} from '../helpers/sandbox.js'
import {until} from '../helpers/wait.js'

const HAVE_KUBECTL = requireKubectl('sandbox scheduling with real kubectl')
const d = HAVE_KUBECTL ? describe : describe.skip
let sb: TestSandbox
let controlPlane = ''
let workers: string[] = []

async function k(...args: string[]): Promise<string> {
  const r = await sb.kubectl(args)
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`)
  return r.stdout
}

/** `name node phase` per pod matching the selector, sorted by name. */
async function pods(ns: string, selector: string): Promise<{name: string; node: string; phase: string}[]> {
  const out = await k('get', 'pods', '-n', ns, '-l', selector, '-o', 'jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.status.phase}{"\\n"}{end}')
  return out.split('\n').filter(Boolean).map((l) => {
    const [name, node, phase] = l.split(' ')
    return {name, node, phase}
  }).sort((a, b) => a.name.localeCompare(b.name))
}

async function rolledOut(ns: string, deploy: string): Promise<void> {
  await k('rollout', 'status', '-n', ns, `deploy/${deploy}`, '--timeout=60s')
}

beforeAll(async () => {
  if (!HAVE_KUBECTL) return
  sb = await startTestSandbox({nodes: 3})
  const names = async (sel: string) => (await k('get', 'nodes', '-l', sel, '-o', 'jsonpath={.items[*].metadata.name}')).split(' ').filter(Boolean)
  ;[controlPlane] = await names('node-role.kubernetes.io/control-plane')
  workers = await names('!node-role.kubernetes.io/control-plane')
}, 150_000)

afterAll(async () => {
  await sb?.stop()
})

d('scheduling, cordon, taints and drain with real kubectl', () => {
  test('create deployment nginx-app: get deploy shows 1/1 within 20 s, its pod Running on a worker', async () => {
    expect(await k('create', 'deployment', 'nginx-app', '--image', 'nginx')).toBe('deployment.apps/nginx-app created\n')
    let table = ''
    await until('nginx-app 1/1', async () => {
      table = normalizeAges(await k('get', 'deploy', 'nginx-app'))
      return table.includes(' 1/1 ')
    }, 20_000)
    expect(table).toBe('NAME        READY   UP-TO-DATE   AVAILABLE   AGE\nnginx-app   1/1     1            1           <age>\n')
    const [pod, ...more] = await pods('default', 'app=nginx-app')
    expect(more).toEqual([])
    expect(pod.phase).toBe('Running')
    expect(workers).toContain(pod.node)
  }, 60_000)

  test('cordon a worker: it shows SchedulingDisabled and new pods land on the other worker; uncordon', async () => {
    const [w1, w2] = workers
    expect(await sb.kubectl(['cordon', w1])).toEqual({code: 0, stdout: `node/${w1} cordoned\n`, stderr: ''})
    const nodes = normalizeAges(await k('get', 'nodes'))
    expect(nodes).toBe([
      'NAME                         STATUS                     ROLES           AGE VERSION',
      `${controlPlane}   Ready                      control-plane   <age> v1.33.1`,
      `${w1}          Ready,SchedulingDisabled   <none>          <age> v1.33.1`,
      `${w2}         Ready                      <none>          <age> v1.33.1`,
      '',
    ].join('\n'))
    const ns = await sb.namespace('cordon')
    for (const name of ['c1', 'c2', 'c3']) await k('run', name, '-n', ns, '--image', 'nginx', '--labels', 'set=cordon')
    await until('cordon pods running', async () => (await pods(ns, 'set=cordon')).every((p) => p.phase === 'Running'))
    expect(await pods(ns, 'set=cordon')).toEqual(['c1', 'c2', 'c3'].map((name) => ({name, node: w2, phase: 'Running'})))
    expect(await sb.kubectl(['uncordon', w1])).toEqual({code: 0, stdout: `node/${w1} uncordoned\n`, stderr: ''})
    expect(await k('get', 'node', w1, '-o', 'jsonpath={.spec.unschedulable}')).toBe('')
    await k('delete', 'namespace', ns, '--wait=false')
  }, 90_000)

  test('taint k=v:NoSchedule: a scaled-up deployment places no new pod on the tainted worker; removing the taint', async () => {
    const [w1, w2] = workers
    expect(await sb.kubectl(['taint', 'nodes', w1, 'k=v:NoSchedule'])).toEqual({code: 0, stdout: `node/${w1} tainted\n`, stderr: ''})
    expect(await k('get', 'node', w1, '-o', 'jsonpath={.spec.taints}')).toBe('[{"effect":"NoSchedule","key":"k","value":"v"}]')
    const before = new Set((await pods('default', 'app=nginx-app')).map((p) => p.name))
    expect(await k('scale', 'deploy', 'nginx-app', '--replicas=5')).toBe('deployment.apps/nginx-app scaled\n')
    await rolledOut('default', 'nginx-app')
    const fresh = (await pods('default', 'app=nginx-app')).filter((p) => !before.has(p.name))
    expect(fresh.map((p) => `${p.node} ${p.phase}`)).toEqual(Array(4).fill(`${w2} Running`))
    expect(await sb.kubectl(['taint', 'nodes', w1, 'k=v:NoSchedule-'])).toEqual({code: 0, stdout: `node/${w1} untainted\n`, stderr: ''})
    expect(await k('get', 'node', w1, '-o', 'jsonpath={.spec.taints}')).toBe('')
    // The pods stay where they are; scaling back down leaves the next test a clean slate.
    await k('scale', 'deploy', 'nginx-app', '--replicas=1')
  }, 90_000)

  test('drain --ignore-daemonsets --delete-emptydir-data: kubectl prints as on a real cluster, pods come back on the other worker, the DaemonSet pod stays', async () => {
    const [w1, w2] = workers
    await k('delete', 'deploy', 'nginx-app')
    const ns = await sb.namespace('drain')
    // Hold w2 off while the workloads start, so that w1 has every pod without pinning any of them to it.
    await k('cordon', w2)
    const manifest = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {terminationGracePeriodSeconds: 5, containers: [{name: nginx, image: nginx}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cache, namespace: ${ns}}
spec:
  replicas: 1
  selector: {matchLabels: {app: cache}}
  template:
    metadata: {labels: {app: cache}}
    spec:
      terminationGracePeriodSeconds: 5
      containers: [{name: c, image: busybox, command: [sh, -c, 'date > /cache/started; sleep 3600'], volumeMounts: [{name: scratch, mountPath: /cache}]}]
      volumes: [{name: scratch, emptyDir: {}}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: a, image: busybox, command: [sh, -c, 'sleep 3600']}]}
`
    expect(await sb.kubectl(['apply', '-f', '-'], {stdin: manifest})).toEqual({code: 0, stdout: 'deployment.apps/web created\ndeployment.apps/cache created\ndaemonset.apps/agent created\n', stderr: ''})
    await rolledOut(ns, 'web')
    await rolledOut(ns, 'cache')
    await k('uncordon', w2)
    await k('rollout', 'status', '-n', ns, 'ds/agent', '--timeout=60s')
    const web = await pods(ns, 'app=web')
    const [cache] = await pods(ns, 'app=cache')
    const agents = await pods(ns, 'app=agent')
    expect(web.map((p) => p.node)).toEqual([w1, w1])
    expect(cache.node).toBe(w1)
    expect(agents.map((p) => p.node).sort()).toEqual([w1, w2].sort())
    const agentOnW1 = agents.find((p) => p.node === w1)!
    // Nothing else runs on w1 (earlier tests' pods are gone), so kubectl's output is known in full.
    await until('w1 holds only this test\'s pods', async () => (await k('get', 'pods', '-A', '--field-selector', `spec.nodeName=${w1}`, '-o', 'name')).split('\n').filter(Boolean).length === 4)

    const r = await sb.kubectl(['drain', w1, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=90s'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe(`Warning: ignoring DaemonSet-managed Pods: ${ns}/${agentOnW1.name}\n`)
    // kubectl evicts the pods concurrently, so the lines for different pods interleave in any order; each pod's
    // "evicting" precedes its "evicted", between "cordoned" and "drained".
    const lines = r.stdout.split('\n')
    const evicted = [...web, cache].map((p) => p.name).sort()
    expect(lines[0]).toBe(`node/${w1} cordoned`)
    expect(lines.slice(-2)).toEqual([`node/${w1} drained`, ''])
    const middle = lines.slice(1, -2)
    expect([...middle].sort()).toEqual([...evicted.map((n) => `evicting pod ${ns}/${n}`), ...evicted.map((n) => `pod/${n} evicted`)].sort())
    for (const n of evicted) expect(middle.indexOf(`evicting pod ${ns}/${n}`)).toBeLessThan(middle.indexOf(`pod/${n} evicted`))

    await rolledOut(ns, 'web')
    await rolledOut(ns, 'cache')
    const webAfter = await pods(ns, 'app=web')
    expect(webAfter.map((p) => `${p.node} ${p.phase}`)).toEqual([`${w2} Running`, `${w2} Running`])
    expect(webAfter.map((p) => p.name).filter((n) => evicted.includes(n))).toEqual([])
    expect((await pods(ns, 'app=cache')).map((p) => `${p.node} ${p.phase}`)).toEqual([`${w2} Running`])
    expect(await pods(ns, 'app=agent')).toEqual(agents)
    expect(await sb.kubectl(['uncordon', w1])).toEqual({code: 0, stdout: `node/${w1} uncordoned\n`, stderr: ''})
  }, 180_000)
})
