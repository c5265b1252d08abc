// Differential cases for node maintenance: cordon, uncordon, drain, taint. Nodes are shared, so each case runs kubectl,
// resets the nodes, then runs kctl with the same setup, and compares output, exit code and the resulting node.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'
import {requireKubectl} from '../helpers/cli.js'
import {stripVolatile} from '../helpers/diff.js'

const haveKubectl = requireKubectl('node maintenance differential tests')
let sb: TestSandbox
const W1 = 'kctl-sandbox-worker'
const W2 = 'kctl-sandbox-worker2'
const CP = 'kctl-sandbox-control-plane'
/** The control plane's own taints, put back after cases that taint every node. */
let cpTaints: unknown[] = []
/** A DaemonSet manifest (namespace given with -n), written once per run. */
let dsFile = ''

interface NodeCase {
  args: string[]
  /** kubectl argv run before the case (NS = a fresh namespace per side). */
  setup?: string[][]
  /** Node whose spec is compared afterwards. */
  node?: string
  timeoutMs?: number
  /** Wait after setup, for cases about how old a deletion is. */
  pauseMs?: number
  /** kubectl argv run after the case (e.g. releasing a finalizer so the namespace can go). */
  cleanup?: string[][]
}

async function reset(): Promise<void> {
  for (const n of [W1, W2]) {
    await sb.kubectl(['uncordon', n])
    await sb.kubectl(['patch', 'node', n, '--type=json', '-p', '[{"op":"remove","path":"/spec/taints"}]'])
  }
  await sb.kubectl(['patch', 'node', CP, '--type=json', '-p', JSON.stringify([{op: 'add', path: '/spec/taints', value: cpTaints}])])
}

/** kubectl groups drain's refusals and warnings through Go maps, so their order varies from run to run. */
function unorder(line: string): string {
  let m = /^(.*?)\[(cannot delete .*)\](.*)$/.exec(line)
  if (m) return `${m[1]}[${m[2].split(/, (?=cannot delete )/).sort().join(', ')}]${m[3]}`
  m = /^Warning: (.*)$/.exec(line)
  if (m) return `Warning: ${m[1].split('; ').sort().join('; ')}`
  return line
}

function normalize(text: string, ns: string): string {
  return text.split(ns).join('NS').replace(/\bkubectl\b/g, 'KCTL').replace(/\bkctl\b/g, 'KCTL')
    .replace(/-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '-<hash>').replace(/-[bcdfghjklmnpqrstvwxz2456789]{8,10}-/g, '-<rs>-')
    .split('\n').filter((l) => !l.startsWith('hint: ') && !l.startsWith('waiting for ')).map(unorder).sort()
    // How many 5-second eviction retries fit in --timeout depends on machine load, so repeats of those lines count once.
    .filter((l, i, a) => i === 0 || l !== a[i - 1] || !/will retry after|^evicting pod /.test(l)).join('\n')
}

async function side(tool: 'kubectl' | 'kctl', c: NodeCase): Promise<unknown> {
  await reset()
  const ns = await sb.namespace(tool === 'kubectl' ? 'k' : 'c')
  const sub = (a: string[]) => a.map((x) => x.replace(/\bNS\b/g, ns).replace('<ds>', dsFile))
  for (const s of c.setup ?? []) {
    const r = await sb.kubectl(sub(s), {timeoutMs: 60000})
    if (r.code !== 0) throw new Error(`setup ${s.join(' ')}: ${r.stderr}`)
  }
  if (c.pauseMs) await new Promise((r) => setTimeout(r, c.pauseMs))
  const r = await sb[tool](sub(c.args), {timeoutMs: c.timeoutMs ?? 60000})
  const node = c.node ? JSON.parse((await sb.kubectl(['get', 'node', c.node, '-o', 'json'])).stdout) : undefined
  for (const s of c.cleanup ?? []) await sb.kubectl(sub(s))
  // Pods of one side must be gone before the other side lists the node's pods.
  if (c.setup) await sb.kubectl(['delete', 'namespace', ns, '--timeout=90s'], {timeoutMs: 100000})
  else await sb.kubectl(['delete', 'namespace', ns, '--wait=false'])
  return {stdout: normalize(r.stdout, ns), stderr: normalize(r.stderr, ns), code: r.code, node: node ? stripVolatile({spec: node.spec}) : undefined}
}

// Created empty and scaled once pinned to W2: no pod of the first template is left terminating for drain to count.
const onW2 = (name: string, replicas: number, extra: string[] = [], podSpec: object = {}) => [
  ['create', 'deployment', name, '--image=nginx', '--replicas=0', '-n', 'NS', ...extra],
  ['patch', 'deployment', name, '-n', 'NS', '-p', JSON.stringify({spec: {template: {spec: {nodeSelector: {'kubernetes.io/hostname': W2}, ...podSpec}}}})],
  ['scale', 'deployment', name, `--replicas=${replicas}`, '-n', 'NS'],
  ['rollout', 'status', `deployment/${name}`, '-n', 'NS', '--timeout=60s'],
]

const bareOnW2 = (name: string, metadata: object = {}) =>
  ['run', name, '--image=nginx', '-n', 'NS', '--overrides', JSON.stringify({metadata, spec: {nodeName: W2}})]
const scratch = {volumes: [{name: 'scratch', emptyDir: {}}]}
const daemonSet = [['apply', '-n', 'NS', '-f', '<ds>'], ['rollout', 'status', 'daemonset/agent', '-n', 'NS', '--timeout=60s']]

const cases: [string, NodeCase][] = [
  ['cordon a node', {args: ['cordon', W1], node: W1}],
  ['cordon twice', {setup: [['cordon', W1]], args: ['cordon', W1], node: W1}],
  ['cordon node/NAME', {args: ['cordon', `node/${W1}`], node: W1}],
  ['cordon several', {args: ['cordon', W1, W2], node: W2}],
  ['cordon missing node', {args: ['cordon', 'nope']}],
  ['cordon no args', {args: ['cordon']}],
  ['cordon by selector', {args: ['cordon', '-l', `kubernetes.io/hostname=${W1}`], node: W1}],
  ['cordon client dry run', {args: ['cordon', W1, '--dry-run=client'], node: W1}],
  ['cordon server dry run', {args: ['cordon', W1, '--dry-run=server'], node: W1}],
  ['uncordon', {setup: [['cordon', W1]], args: ['uncordon', W1], node: W1}],
  ['uncordon already', {args: ['uncordon', W1], node: W1}],
  ['taint NoSchedule', {args: ['taint', 'nodes', W1, 'k=v:NoSchedule'], node: W1}],
  ['taint key:effect', {args: ['taint', 'node', W1, 'dedicated:PreferNoSchedule'], node: W1}],
  ['taint twice without overwrite', {setup: [['taint', 'nodes', W1, 'k=v:NoSchedule']], args: ['taint', 'nodes', W1, 'k=w:NoSchedule'], node: W1}],
  ['taint overwrite', {setup: [['taint', 'nodes', W1, 'k=v:NoSchedule']], args: ['taint', 'nodes', W1, 'k=w:NoSchedule', '--overwrite'], node: W1}],
  ['untaint by key and effect', {setup: [['taint', 'nodes', W1, 'k=v:NoSchedule', 'k=v:NoExecute']], args: ['taint', 'nodes', W1, 'k:NoSchedule-'], node: W1}],
  ['untaint by key', {setup: [['taint', 'nodes', W1, 'k=v:NoSchedule', 'k=v:PreferNoSchedule']], args: ['taint', 'nodes', W1, 'k-'], node: W1}],
  ['untaint missing', {args: ['taint', 'nodes', W1, 'nope:NoSchedule-']}],
  ['taint bad effect', {args: ['taint', 'nodes', W1, 'k=v:NoExcute']}],
  ['taint no taint given', {args: ['taint', 'nodes', W1]}],
  ['taint pods', {args: ['taint', 'pods', 'x', 'k=v:NoSchedule']}],
  ['taint several at once', {args: ['taint', 'nodes', W1, 'a=1:NoSchedule', 'b=2:PreferNoSchedule'], node: W1}],
  ['taint -o jsonpath client dry run', {args: ['taint', 'nodes', W1, 'k=v:NoSchedule', '--dry-run=client', '-o', 'jsonpath={.spec.taints}']}],
  ['taint -o yaml client dry run', {args: ['taint', 'nodes', W1, 'k=v:NoSchedule', '--dry-run=client', '-o', 'yaml'], node: W1}],
  ['taint -o json client dry run', {args: ['taint', 'nodes', W1, 'k=v:NoSchedule', '--dry-run=client', '-o', 'json'], node: W1}],
  ['taint --all', {args: ['taint', 'nodes', '--all', 'k=v:NoSchedule'], node: CP}],
  ['untaint --all where one node lacks the taint', {setup: [['taint', 'nodes', W1, 'k=v:NoSchedule']], args: ['taint', 'nodes', '--all', 'k:NoSchedule-'], node: W1}],
  ['taint by selector', {args: ['taint', 'nodes', '-l', `kubernetes.io/hostname=${W1}`, 'k=v:NoExecute'], node: W1}],
  ['taint by selector matching nothing', {args: ['taint', 'nodes', '-l', 'nope=nope', 'k=v:NoExecute']}],
  ['uncordon by selector', {setup: [['cordon', W1, W2]], args: ['uncordon', '-l', `kubernetes.io/hostname=${W2}`], node: W2}],
  ['taint missing node', {args: ['taint', 'nodes', 'nope', 'k=v:NoSchedule']}],
  ['drain no args', {args: ['drain']}],
  ['drain an empty node', {args: ['drain', W1, '--ignore-daemonsets'], node: W1}],
  ['drain with a bare pod refuses', {setup: [['run', 'bare', '--image=nginx', '-n', 'NS', '--overrides', JSON.stringify({spec: {nodeName: W2}})]], args: ['drain', W2, '--ignore-daemonsets', '--timeout=20s']}],
  ['drain evicts replicated pods', {setup: onW2('web', 2), args: ['drain', W2, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=60s'], node: W2, timeoutMs: 90000}],
  ['drain client dry run', {setup: onW2('web', 1), args: ['drain', W2, '--ignore-daemonsets', '--dry-run=client'], node: W2}],
  ['drain blocked by a PDB times out', {
    setup: [...onW2('guarded', 2), ['create', 'poddisruptionbudget', 'guard', '--selector=app=guarded', '--min-available=2', '-n', 'NS']],
    args: ['drain', W2, '--ignore-daemonsets', '--timeout=12s'],
    timeoutMs: 60000,
  }],
  ['drain --force deletes a bare pod', {setup: [bareOnW2('bare'), ['wait', '--for=condition=Ready', 'pod/bare', '-n', 'NS', '--timeout=60s']], args: ['drain', W2, '--force', '--timeout=60s'], node: W2, timeoutMs: 90000}],
  ['drain --pod-selector', {setup: [...onW2('web', 1), ...onW2('other', 1)], args: ['drain', W2, '--pod-selector=app=web', '--timeout=60s'], node: W2, timeoutMs: 90000}],
  ['drain --pod-selector invalid', {args: ['drain', W2, '--pod-selector=a=(b']}],
  ['drain --disable-eviction deletes', {setup: onW2('web', 2), args: ['drain', W2, '--disable-eviction', '--timeout=60s'], node: W2, timeoutMs: 90000}],
  ['drain --disable-eviction ignores a PDB', {
    setup: [...onW2('guarded', 1), ['create', 'poddisruptionbudget', 'guard', '--selector=app=guarded', '--min-available=1', '-n', 'NS']],
    args: ['drain', W2, '--disable-eviction', '--timeout=60s'], timeoutMs: 90000,
  }],
  ['drain --skip-wait-for-delete-timeout skips a pod long terminating', {
    setup: [bareOnW2('held', {finalizers: ['example.com/hold']}), ['wait', '--for=condition=Ready', 'pod/held', '-n', 'NS', '--timeout=60s'], ['delete', 'pod', 'held', '-n', 'NS', '--grace-period=1', '--wait=false']],
    // The deletion timestamp is the end of the grace period; drain compares whole seconds since then.
    pauseMs: 4000,
    args: ['drain', W2, '--force', '--skip-wait-for-delete-timeout=1', '--timeout=20s'],
    cleanup: [['patch', 'pod', 'held', '-n', 'NS', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']],
    node: W2, timeoutMs: 60000,
  }],
  ['drain --disable-eviction times out', {
    setup: [bareOnW2('held', {finalizers: ['example.com/hold']}), ['wait', '--for=condition=Ready', 'pod/held', '-n', 'NS', '--timeout=60s']],
    args: ['drain', W2, '--force', '--disable-eviction', '--timeout=4s'],
    cleanup: [['patch', 'pod', 'held', '-n', 'NS', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']],
    node: W2, timeoutMs: 60000,
  }],
  ['drain --chunk-size=1', {setup: onW2('web', 3), args: ['drain', W2, '--chunk-size=1', '--timeout=60s'], node: W2, timeoutMs: 90000}],
  ['drain by selector', {setup: onW2('web', 1), args: ['drain', '-l', `kubernetes.io/hostname=${W2}`, '--timeout=60s'], node: W2, timeoutMs: 90000}],
  ['drain by selector and name', {args: ['drain', W2, '-l', 'a=b']}],
  ['drain server dry run', {setup: onW2('web', 2), args: ['drain', W2, '--dry-run=server'], node: W2}],
  ['drain refuses DaemonSet pods', {setup: daemonSet, args: ['drain', W2, '--timeout=20s'], node: W2}],
  ['drain --ignore-daemonsets warns', {setup: [...daemonSet, ...onW2('web', 1)], args: ['drain', W2, '--ignore-daemonsets', '--timeout=60s'], node: W2, timeoutMs: 90000}],
  ['drain refuses emptyDir pods', {setup: onW2('scratch', 1, [], scratch), args: ['drain', W2, '--timeout=20s'], node: W2}],
  ['drain --delete-emptydir-data', {setup: onW2('scratch', 1, [], scratch), args: ['drain', W2, '--delete-emptydir-data', '--timeout=60s'], node: W2, timeoutMs: 90000}],
  ['drain refused for several reasons at once', {
    setup: [bareOnW2('bare'), ...daemonSet, ...onW2('scratch', 1, [], scratch)],
    args: ['drain', W2, '--timeout=20s'], node: W2,
  }],
  ['drain with emptyDir data and a bare pod under --force', {
    setup: [bareOnW2('bare', {}), ...onW2('scratch', 1, [], scratch)],
    args: ['drain', W2, '--force', '--timeout=20s'], node: W2,
  }],
]

describe('cordon, uncordon, drain, taint: kubectl vs kctl', () => {
  beforeAll(async () => {
    if (!haveKubectl) return
    sb = await startTestSandbox()
    cpTaints = JSON.parse((await sb.kubectl(['get', 'node', CP, '-o', 'json'])).stdout).spec.taints ?? []
    dsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-nodes-')), 'ds.yaml')
    fs.writeFileSync(dsFile, JSON.stringify({apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: {name: 'agent'}, spec: {
      selector: {matchLabels: {app: 'agent'}}, template: {metadata: {labels: {app: 'agent'}}, spec: {containers: [{name: 'agent', image: 'nginx'}]}},
    }}))
  }, 120000)
  afterAll(async () => {
    await sb?.stop()
  })

  test('kctl drain names the pods it waits for and the PodDisruptionBudget that blocks them', async () => {
    if (!haveKubectl) return
    await reset()
    const ns = await sb.namespace('w')
    const sub = (a: string[]) => a.map((x) => x.replace(/\bNS\b/g, ns))
    for (const s of [...onW2('guarded', 2), ['create', 'poddisruptionbudget', 'guard', '--selector=app=guarded', '--min-available=2', '-n', 'NS']]) {
      const r = await sb.kubectl(sub(s), {timeoutMs: 60000})
      expect(r.code).toBe(0)
    }
    const r = await sb.kctl(['drain', W2, '--ignore-daemonsets', '--timeout=8s'], {timeoutMs: 60000})
    expect(r.code).toBe(1)
    const waiting = r.stderr.split('\n').filter((l) => l.startsWith('waiting for '))
    expect(waiting.length).toBeGreaterThan(0)
    expect(waiting[0]).toMatch(new RegExp(`^waiting for [12] pod\\(s\\): ${ns}/guarded-\\S+ \\(blocked by PodDisruptionBudget guard: needs 2 healthy, has 2\\)`))
    await sb.kubectl(['delete', 'namespace', ns, '--wait=false'])
    await reset()
  }, 120000)

  test.each(cases)('%s', async (_name, c) => {
    if (!haveKubectl) return
    const theirs = await side('kubectl', c)
    const mine = await side('kctl', c)
    expect(mine).toEqual(theirs)
  }, 180000)
})
