// Graceful deletion with real kubelets: pods on a node get deletionTimestamp + grace, the kubelet finishes them,
// and owners deleted in the foreground or namespaces being deleted wait for that.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {disposeSandbox, kubectlAvailable, newSandbox, type Sandbox} from './sandbox-core-fixture.js'

const HAVE = kubectlAvailable()
const d = HAVE ? describe : describe.skip

async function until(fn: () => Promise<boolean>, ms = 60_000): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await fn()) return true
    await new Promise((r) => setTimeout(r, 200))
  }
  return false
}

d('sandbox core graceful deletion with kubelets', () => {
  let sb: Sandbox
  beforeAll(async () => {
    sb = newSandbox(['--nodes', '2'])
    await sb.start()
  }, 90_000)
  afterAll(async () => {
    await disposeSandbox(sb)
  })

  test('a running pod is deleted gracefully and the kubelet completes it', async () => {
    expect(await sb.kubectl(['run', 'g1', '--image', 'nginx'])).toEqual({stdout: 'pod/g1 created\n', stderr: '', code: 0})
    expect(await until(async () => (await sb.request('GET', '/api/v1/namespaces/default/pods/g1')).body?.status?.phase === 'Running')).toBe(true)
    const del = await sb.request('DELETE', '/api/v1/namespaces/default/pods/g1', {kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 20})
    expect([del.status, del.body.metadata.deletionGracePeriodSeconds, typeof del.body.metadata.deletionTimestamp]).toEqual([200, 20, 'string'])
    expect(await until(async () => (await sb.request('GET', '/api/v1/namespaces/default/pods/g1')).status === 404, 30_000)).toBe(true)
  }, 90_000)

  test('foreground deletion of a deployment waits for its pods; namespace deletion empties the namespace first', async () => {
    await sb.kubectl(['create', 'namespace', 'gns'])
    expect(await sb.kubectl(['create', 'deployment', 'fg', '--image', 'nginx', '--replicas', '2', '-n', 'gns'])).toEqual({stdout: 'deployment.apps/fg created\n', stderr: '', code: 0})
    expect(await until(async () => (await sb.request('GET', '/api/v1/namespaces/gns/pods')).body.items.filter((p: any) => p.status?.phase === 'Running').length === 2)).toBe(true)
    expect(await sb.kubectl(['delete', 'deployment', 'fg', '-n', 'gns', '--cascade=foreground'])).toEqual({stdout: 'deployment.apps "fg" deleted\n', stderr: '', code: 0})
    const left = await sb.request('GET', '/api/v1/namespaces/gns/pods')
    expect(left.body.items.filter((p: any) => !p.metadata.deletionTimestamp)).toEqual([])
    await sb.kubectl(['create', 'deployment', 'bg', '--image', 'nginx', '-n', 'gns'])
    expect(await until(async () => (await sb.request('GET', '/api/v1/namespaces/gns/pods')).body.items.some((p: any) => p.status?.phase === 'Running'))).toBe(true)
    expect(await sb.kubectl(['delete', 'namespace', 'gns'])).toEqual({stdout: 'namespace "gns" deleted\n', stderr: '', code: 0})
    expect((await sb.request('GET', '/api/v1/namespaces/gns')).status).toBe(404)
    expect((await sb.request('GET', '/api/v1/namespaces/gns/pods')).body.items).toEqual([])
  }, 120_000)
})
