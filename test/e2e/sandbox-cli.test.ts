// `kctl sandbox start|status|logs|stop|delete` through the real CLI: kubeconfig entries, file modes, restart durability.
import {afterAll, describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {kctl, kubectl, requireKubectl, type RunEnv} from '../helpers/cli.js'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-sbcli-'))
const home = path.join(root, 'home')
const kubeconfig = path.join(home, '.kube', 'config')
const env: RunEnv = {home, kubeconfig}
const dataDir = path.join(home, '.kctl', 'sandboxes', 'sandbox')
const OTHER = `apiVersion: v1
kind: Config
clusters:
- cluster:
    server: https://other.example:6443
  name: other
contexts:
- context:
    cluster: other
    user: other
  name: other
current-context: other
users:
- name: other
  user:
    token: other-token
`

describe('kctl sandbox lifecycle', () => {
  afterAll(async () => {
    await kctl(env, ['sandbox', 'delete'])
    fs.rmSync(root, {recursive: true, force: true})
  })

  test('start adds its entries, makes its context current, keeps the others, and writes 0600/0700', async () => {
    fs.mkdirSync(path.dirname(kubeconfig), {recursive: true})
    fs.writeFileSync(kubeconfig, OTHER, {mode: 0o640})
    const r = await kctl(env, ['sandbox', 'start', '--port', '0', '--wait', '90'], {timeoutMs: 120000})
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`Starting sandbox "sandbox" (Kubernetes v1.33.1, 3 nodes) ...\nSet kubectl context to "kctl-sandbox" in ${kubeconfig}\nYou can now use your cluster with:\n\nkctl cluster-info --context kctl-sandbox\n`)
    const yaml = await import('js-yaml')
    const doc: any = yaml.load(fs.readFileSync(kubeconfig, 'utf8'))
    expect(doc['current-context']).toBe('kctl-sandbox')
    expect(doc.clusters.map((c: any) => c.name)).toEqual(['other', 'kctl-sandbox'])
    expect(doc.users.map((c: any) => c.name)).toEqual(['other', 'kctl-sandbox'])
    expect(doc.users[0].user.token).toBe('other-token')
    expect(doc.contexts[1]).toEqual({context: {cluster: 'kctl-sandbox', user: 'kctl-sandbox'}, name: 'kctl-sandbox'})
    expect(fs.statSync(kubeconfig).mode & 0o777).toBe(0o640)
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700)
  }, 130000)

  test('starting a running sandbox says so and changes nothing', async () => {
    const before = fs.readFileSync(kubeconfig, 'utf8')
    const endpoint = JSON.parse(fs.readFileSync(path.join(dataDir, 'endpoint.json'), 'utf8'))
    const r = await kctl(env, ['sandbox', 'start'])
    expect(r).toEqual({stdout: `sandbox "sandbox" is already running at ${endpoint.server} (pid ${endpoint.pid}); nothing changed\n`, stderr: '', code: 0})
    expect(fs.readFileSync(kubeconfig, 'utf8')).toBe(before)
  })

  test('status names the server, the context and the container isolation', async () => {
    const endpoint = JSON.parse(fs.readFileSync(path.join(dataDir, 'endpoint.json'), 'utf8'))
    const r = await kctl(env, ['sandbox', 'status'])
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines.slice(0, 6)).toEqual([
      'sandbox "sandbox": running',
      `  server:     ${endpoint.server}`,
      '  version:    v1.33.1',
      `  pid:        ${endpoint.pid}`,
      '  context:    kctl-sandbox',
      `  data:       ${dataDir}`,
    ])
    expect(lines[6]).toMatch(/^ {2}containers: (bubblewrap \(each container confined to its own root\)|process \(plain processes in per-container directories; install bubblewrap to confine them\))$/)
  })

  test('real kubectl and kctl see its nodes through the written kubeconfig', async () => {
    if (!requireKubectl('sandbox kubeconfig check')) return
    const k = await kubectl(env, ['get', 'nodes', '-o', 'name'])
    expect(k).toEqual({stdout: 'node/kctl-sandbox-control-plane\nnode/kctl-sandbox-worker\nnode/kctl-sandbox-worker2\n', stderr: '', code: 0})
    const m = await kctl(env, ['get', 'nodes', '-o', 'name'])
    expect(m).toEqual(k)
  })

  test('objects survive stop and start with their resourceVersion', async () => {
    const created = await kctl(env, ['create', 'configmap', 'keep', '--from-literal=a=1', '-o', 'jsonpath={.metadata.resourceVersion}'])
    expect(created.code).toBe(0)
    const stop = await kctl(env, ['sandbox', 'stop'])
    expect(stop).toEqual({stdout: 'sandbox "sandbox" stopped\n', stderr: '', code: 0})
    expect((await kctl(env, ['sandbox', 'status'])).stdout).toBe(`sandbox "sandbox": stopped (data: ${dataDir})\n`)
    const again = await kctl(env, ['sandbox', 'start', '--wait', '90'], {timeoutMs: 120000})
    expect(again.code).toBe(0)
    const rv = await kctl(env, ['get', 'configmap', 'keep', '-o', 'jsonpath={.metadata.resourceVersion}'])
    expect(rv).toEqual({stdout: created.stdout, stderr: '', code: 0})
  }, 150000)

  test('logs show requests and never a credential', async () => {
    const r = await kctl(env, ['sandbox', 'logs'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/GET \/api/)
    const endpoint = JSON.parse(fs.readFileSync(path.join(dataDir, 'endpoint.json'), 'utf8'))
    expect(r.stdout.includes(endpoint.token)).toBe(false)
  })

  test('delete removes its data and only its own kubeconfig entries', async () => {
    const r = await kctl(env, ['sandbox', 'delete'])
    expect(r).toEqual({stdout: 'Deleted sandbox "sandbox"\n', stderr: '', code: 0})
    expect(fs.existsSync(dataDir)).toBe(false)
    const yaml = await import('js-yaml')
    const doc: any = yaml.load(fs.readFileSync(kubeconfig, 'utf8'))
    expect([doc.clusters.map((c: any) => c.name), doc.users.map((c: any) => c.name), doc.contexts.map((c: any) => c.name), doc['current-context']])
      .toEqual([['other'], ['other'], ['other'], ''])
  })
})
