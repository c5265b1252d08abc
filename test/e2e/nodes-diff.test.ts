// Differential cases for node maintenance: cordon, uncordon, drain, taint. Nodes are shared, so each case runs kubectl,
// resets the nodes, then runs kctl with the same setup, and compares output, exit code and the resulting node.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'
import {requireKubectl} from '../helpers/cli.js'
import {stripVolatile} from '../helpers/diff.js'

const haveKubectl = requireKubectl('node maintenance differential tests')
let sb: TestSandbox
const W1 = 'kctl-sandbox-worker'
const W2 = 'kctl-sandbox-worker2'

interface NodeCase {
  args: string[]
  /** kubectl argv run before the case (NS = a fresh namespace per side). */
  setup?: string[][]
  /** Node whose spec is compared afterwards. */
  node?: string
  timeoutMs?: number
}

async function reset(): Promise<void> {
  for (const n of [W1, W2]) {
    await sb.kubectl(['uncordon', n])
    await sb.kubectl(['patch', 'node', n, '--type=json', '-p', '[{"op":"remove","path":"/spec/taints"}]'])
  }
}

function normalize(text: string, ns: string): string {
  return text.split(ns).join('NS').replace(/\bkubectl\b/g, 'KCTL').replace(/\bkctl\b/g, 'KCTL')
    .replace(/-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '-<hash>').replace(/-[bcdfghjklmnpqrstvwxz2456789]{8,10}-/g, '-<rs>-')
    .split('\n').filter((l) => !l.startsWith('hint: ') && !l.startsWith('waiting for ')).sort()
    // How many 5-second eviction retries fit in --timeout depends on machine load, so repeats of those lines count once.
    .filter((l, i, a) => i === 0 || l !== a[i - 1] || !/will retry after|^evicting pod /.test(l)).join('\n')
}

async function side(tool: 'kubectl' | 'kctl', c: NodeCase): Promise<unknown> {
  await reset()
  const ns = await sb.namespace(tool === 'kubectl' ? 'k' : 'c')
  const sub = (a: string[]) => a.map((x) => x.replace(/\bNS\b/g, ns))
  for (const s of c.setup ?? []) {
    const r = await sb.kubectl(sub(s), {timeoutMs: 60000})
    if (r.code !== 0) throw new Error(`setup ${s.join(' ')}: ${r.stderr}`)
  }
  const r = await sb[tool](sub(c.args), {timeoutMs: c.timeoutMs ?? 60000})
  const node = c.node ? JSON.parse((await sb.kubectl(['get', 'node', c.node, '-o', 'json'])).stdout) : undefined
  await sb.kubectl(['delete', 'namespace', ns, '--wait=false'])
  return {stdout: normalize(r.stdout, ns), stderr: normalize(r.stderr, ns), code: r.code, node: node ? stripVolatile({spec: node.spec}) : undefined}
}

// Created empty and scaled once pinned to W2: no pod of the first template is left terminating for drain to count.
const onW2 = (name: string, replicas: number, extra: string[] = []) => [
  ['create', 'deployment', name, '--image=nginx', '--replicas=0', '-n', 'NS', ...extra],
  ['patch', 'deployment', name, '-n', 'NS', '-p', JSON.stringify({spec: {template: {spec: {nodeSelector: {'kubernetes.io/hostname': W2}}}}})],
  ['scale', 'deployment', name, `--replicas=${replicas}`, '-n', 'NS'],
  ['rollout', 'status', `deployment/${name}`, '-n', 'NS', '--timeout=60s'],
]

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
  ['taint -o yaml dry run', {args: ['taint', 'nodes', W1, 'k=v:NoSchedule', '--dry-run=client', '-o', 'jsonpath={.spec.taints}']}],
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
]

describe('cordon, uncordon, drain, taint: kubectl vs kctl', () => {
  beforeAll(async () => {
    if (haveKubectl) sb = await startTestSandbox()
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
