// Durability (kill -9 during concurrent creates loses nothing acknowledged) and optimistic concurrency
// (50 read-modify-write clients with 409 retries end with an exact count), against the real sandbox process.
import {afterAll, describe, expect, test} from '@jest/globals'
import {disposeSandbox, newSandbox, type Sandbox} from './sandbox-core-fixture.js'

describe('sandbox core durability and concurrency', () => {
  const sandboxes: Sandbox[] = []
  afterAll(async () => {
    for (const sb of sandboxes) await disposeSandbox(sb)
  })

  test('kill -9 during 1000 concurrent creates: every 201 survives a restart and resourceVersions only grow', async () => {
    const sb = newSandbox(['--nodes', '0'])
    sandboxes.push(sb)
    await sb.start()
    const acked: {name: string; uid: string; rv: number}[] = []
    let next = 0
    let killed = false
    let killing: Promise<void> | undefined
    const worker = async () => {
      while (next < 1000 && !killed) {
        const i = next++
        const name = `dur-${i}`
        try {
          const r = await sb.request('POST', '/api/v1/namespaces/default/configmaps', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name}, data: {i: String(i)}})
          if (r.status === 201) acked.push({name, uid: r.body.metadata.uid, rv: Number(r.body.metadata.resourceVersion)})
        } catch {
          // the connection died with the process: not acknowledged
        }
        if (acked.length >= 400 && !killing) {
          killing = sb.kill9().then(() => {
            killed = true
          })
        }
      }
    }
    await Promise.all(Array.from({length: 16}, worker))
    await killing
    expect(killed).toBe(true)
    expect(acked.length).toBeGreaterThanOrEqual(400)
    const maxRv = Math.max(...acked.map((a) => a.rv))

    await sb.start()
    const list = await sb.request('GET', '/api/v1/namespaces/default/configmaps')
    const byName = new Map<string, any>(list.body.items.map((o: any) => [o.metadata.name, o]))
    const missing = acked.filter((a) => byName.get(a.name)?.metadata.uid !== a.uid)
    expect(missing).toEqual([])
    for (const a of acked) expect(Number(byName.get(a.name).metadata.resourceVersion)).toBe(a.rv)
    expect(Number(list.body.metadata.resourceVersion)).toBeGreaterThanOrEqual(maxRv)
    const after = await sb.request('POST', '/api/v1/namespaces/default/configmaps', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'after-restart'}})
    expect(after.status).toBe(201)
    expect(Number(after.body.metadata.resourceVersion)).toBeGreaterThan(Math.max(maxRv, Number(list.body.metadata.resourceVersion) - 1))
  }, 180_000)

  test('50 read-modify-write clients retrying on 409 end with an exact count', async () => {
    const sb = newSandbox(['--nodes', '0'])
    sandboxes.push(sb)
    await sb.start()
    const path = '/api/v1/namespaces/default/configmaps/counter'
    expect((await sb.request('POST', '/api/v1/namespaces/default/configmaps', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'counter'}, data: {count: '0'}})).status).toBe(201)
    let conflicts = 0
    const client = async () => {
      for (let n = 0; n < 2; n++) {
        for (;;) {
          const cur = await sb.request('GET', path)
          const body = cur.body
          body.data.count = String(Number(body.data.count) + 1)
          const put = await sb.request('PUT', path, body)
          if (put.status === 200) break
          expect(put.status).toBe(409)
          expect(put.body.message).toBe('Operation cannot be fulfilled on configmaps "counter": the object has been modified; please apply your changes to the latest version and try again')
          conflicts++
        }
      }
    }
    await Promise.all(Array.from({length: 50}, client))
    const final = await sb.request('GET', path)
    expect(final.body.data).toEqual({count: '100'})
    process.stdout.write(`concurrency: ${conflicts} conflicts retried\n`)
  }, 180_000)
})
