// Differential tests of the everyday verbs (get, describe, delete, create, api-resources, cluster-info): the same argv
// through real kubectl and kctl against one sandbox; whole stdout, stderr and exit code must match (ages normalised).
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'
import {normalizeAges, requireKubectl, type RunResult} from '../helpers/cli.js'
import {runBoth} from '../helpers/diff.js'

const haveKubectl = requireKubectl('get/describe/delete/create differential tests')
let sb: TestSandbox
let ns: string
let pod: string
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-get-'))

// kctl names itself where kubectl names itself in usage hints; the same clocks tick between the two runs.
function norm(r: RunResult): {stdout: string; stderr: string; code: number} {
  const n = (s: string) => normalizeAges(s).replace(/\bkubectl (api-resources|explain|get|delete|describe|create)\b/g, 'kctl $1')
    .replace(/\d\d:\d\d:\d\d \+0000/g, 'HH:MM:SS +0000')
  return {stdout: n(r.stdout), stderr: n(r.stderr).split('\n').filter((l) => !l.startsWith('hint: ')).join('\n'), code: r.code}
}

async function same(args: string[]): Promise<void> {
  const k = norm(await sb.kubectl(args))
  const c = norm(await sb.kctl(args))
  expect({args, ...c}).toEqual({args, ...k})
}

beforeAll(async () => {
  if (!haveKubectl) return
  sb = await startTestSandbox()
  ns = await sb.namespace('get')
  for (const args of [['create', 'deployment', 'web', '--image', 'nginx', '-n', ns], ['create', 'service', 'clusterip', 'web', '--tcp=80', '-n', ns], ['create', 'configmap', 'settings', '--from-literal=mode=dev', '-n', ns]]) {
    const r = await sb.kubectl(args)
    if (r.code !== 0) throw new Error(r.stderr)
  }
  for (let i = 0; i < 60; i++) {
    const r = await sb.kubectl(['get', 'pods', '-n', ns, '-l', 'app=web', '-o', 'jsonpath={.items[?(@.status.phase=="Running")].metadata.name}'])
    if (r.stdout.trim()) {
      pod = r.stdout.trim().split(' ')[0]
      break
    }
    await new Promise((res) => setTimeout(res, 500))
  }
  if (!pod) throw new Error('pod did not start')
}, 180000)

afterAll(async () => {
  if (sb) await sb.stop()
  fs.rmSync(dir, {recursive: true, force: true})
})

describe('get', () => {
  const cases = (): string[][] => [
    ['-n', 'kube-system', 'get', 'pods'],
    ['get', 'pods', '-o', 'wide', '-A'],
    ['get', 'deploy,svc', '-n', ns],
    ['get', 'pods', '-n', ns, '-o', 'jsonpath={.items[*].metadata.name}'],
    ['get', 'pod', pod, '-n', ns, '-o', 'yaml'],
    ['get', 'pod', pod, '-n', ns, '-o', 'json'],
    ['get', 'pods', '-n', ns, '-o', 'custom-columns=NAME:.metadata.name'],
    ['get', 'pods', '-n', ns, '-o', 'name'],
    ['get', 'pods', '-n', ns, '--show-labels'],
    ['get', 'pods', '-n', ns, '-L', 'app', '--no-headers'],
    ['get', 'all', '-n', ns],
    ['get', 'nodes'],
    ['get', 'nodes', '-o', 'wide'],
    ['get', 'ns', 'default', 'kube-system'],
    ['get', `pod/${pod}`, 'svc/web', '-n', ns],
    ['get', 'cm', '-n', ns, '-o', 'yaml'],
    ['get', 'deployments.apps', '-n', ns],
    ['get', 'pod', 'nope', '-n', ns],
    ['get', 'pod', pod, 'nope', 'nope2', '-n', ns],
    ['get', 'pod', 'nope', '-n', ns, '-o', 'json'],
    ['get', 'pod', 'nope', '-n', ns, '--ignore-not-found'],
    ['get', 'foo'],
    ['get', 'pods,foo'],
    ['get'],
    ['get', 'pod', 'pod/x'],
    ['get', 'pod/a/b'],
    ['get', 'all', 'x'],
    ['get', 'pods', '-n', 'empty-ns-does-not-exist'],
    ['get', 'pods', '-A', '-l', 'no=match'],
    ['get', 'pods', '-o', 'bogus'],
    ['get', 'pods', '-n', ns, '--field-selector', 'status.phase=Running', '-o', 'name'],
  ]
  test('matches kubectl byte for byte', async () => {
    if (!haveKubectl) return
    for (const args of cases()) await same(args)
  }, 120000)
})

describe('describe', () => {
  test('pods, nodes, deployments, replicasets, services, namespaces, configmaps (no values of secrets)', async () => {
    if (!haveKubectl) return
    const nodes = (await sb.kubectl(['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout.split(' ')
    for (const args of [
      ['describe', 'pod', pod, '-n', ns],
      ['describe', `pods/${pod}`, '-n', ns],
      ['describe', 'node', nodes[1]],
      ['describe', 'deploy', 'web', '-n', ns],
      ['describe', 'rs', '-n', ns],
      ['describe', 'svc', 'web', '-n', ns],
      ['describe', 'ns', ns],
      ['describe', 'pods', '-n', ns, '-l', 'app=web'],
      ['describe', 'pod', 'nope', '-n', ns],
      ['describe'],
    ]) await same(args)
  }, 120000)
})

describe('create and delete', () => {
  test('generators and -f print what kubectl prints and leave the same objects', async () => {
    if (!haveKubectl) return
    const manifest = path.join(dir, 'multi.yaml')
    fs.writeFileSync(manifest, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  a: b\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: two\n')
    const cases: {args: string[]; objects?: string[]}[] = [
      {args: ['create', 'deployment', 'web', '--image', 'nginx', '-n', 'NS'], objects: ['get', 'deploy', 'web', '-n', 'NS']},
      {args: ['create', 'deployment', 'web', '--image', 'nginx', '-n', 'NS', '--dry-run=client', '-o', 'json']},
      {args: ['create', 'deployment', 'two', '--image=busybox', '--port=80', '-r', '3', '-n', 'NS', '--dry-run=client', '-o', 'yaml']},
      {args: ['create', 'deployment', 'web', '-n', 'NS']},
      {args: ['create', 'deployment', 'a', 'b', '--image=x', '-n', 'NS']},
      {args: ['create', 'namespace', 'kube-system']},
      {args: ['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--tcp=443', '-n', 'NS', '--dry-run=client', '-o', 'json']},
      {args: ['create', 'configmap', 'cfg', '--from-literal=x=1', '--from-literal=y=2', '-n', 'NS'], objects: ['get', 'cm', 'cfg', '-n', 'NS']},
      {args: ['create', 'secret', 'generic', 'sec', '--from-literal=password=hunter2', '-n', 'NS', '--dry-run=client', '-o', 'yaml']},
      {args: ['create', '-f', manifest, '-n', 'NS', '--validate=false'], objects: ['get', 'cm', 'one', 'two', '-n', 'NS']},
      {args: ['create', '-f', manifest, '-n', 'NS', '--validate=false']},
      {args: ['delete', 'cm', 'one', '-n', 'NS']},
      {args: ['delete', 'cm', 'one', 'two', '-n', 'NS']},
      {args: ['delete', 'cm', 'nope', '-n', 'NS', '--ignore-not-found']},
      {args: ['delete', 'deploy', 'web', '-n', 'NS', '--dry-run=server']},
      {args: ['delete', 'deploy/web', '-n', 'NS', '-o', 'name']},
      {args: ['delete', 'pods', '-n', 'NS']},
      {args: ['delete', 'pod', 'x', '--force', '--grace-period=5', '-n', 'NS']},
      {args: ['delete', 'pod', 'x', '--now', '--grace-period=5', '-n', 'NS']},
      {args: ['delete', 'cm', '--all', '-l', 'a=b', '-n', 'NS']},
      {args: ['delete', 'cm', '-l', 'no=match', '-n', 'NS']},
    ]
    const nsK = await sb.namespace('ck')
    const nsC = await sb.namespace('cc')
    for (const c of cases) {
      const [k, m] = await runBoth(sb, c, nsK, nsC)
      expect({args: c.args, ...m}).toEqual({args: c.args, ...k})
    }
  }, 180000)

  test('delete pod waits until the pod is gone', async () => {
    if (!haveKubectl) return
    const run = await sb.kubectl(['run', 'doomed', '--image', 'nginx', '-n', ns])
    expect(run.code).toBe(0)
    const r = await sb.kctl(['delete', 'pod', 'doomed', '-n', ns])
    expect(r).toEqual({stdout: 'pod "doomed" deleted\n', stderr: '', code: 0})
    const after = await sb.kubectl(['get', 'pod', 'doomed', '-n', ns])
    expect(after.stderr).toBe('Error from server (NotFound): pods "doomed" not found\n')
  }, 60000)
})

describe('discovery verbs', () => {
  test('api-resources, api-versions and cluster-info', async () => {
    if (!haveKubectl) return
    for (const args of [
      ['api-resources'], ['api-resources', '-o', 'wide'], ['api-resources', '-o', 'name'], ['api-resources', '--namespaced=false'],
      ['api-resources', '--api-group=apps'], ['api-resources', '--verbs=list,watch', '--sort-by=kind'], ['api-versions'], ['cluster-info'],
    ]) await same(args)
  }, 60000)
})
