import {describe, expect, test} from '@jest/globals'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Store, TooOldError} from '../../src/sandbox/store/index.js'

function tmpStore(historyLimit?: number): {store: Store; file: string; dir: string} {
  const dir = mkdtempSync(join(tmpdir(), 'kctl-store-'))
  const file = join(dir, 'state.db')
  return {store: new Store(file, {historyLimit}), file, dir}
}

const cm = (name: string, data: Record<string, string> = {}) => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace: 'default'}, data})

describe('sandbox store', () => {
  test('assigns one global, growing resourceVersion and survives reopening', () => {
    const {store, file, dir} = tmpStore()
    const a = store.put('', 'configmaps', cm('a'), 'ADDED')
    const b = store.put('apps', 'deployments', {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'b', namespace: 'default'}}, 'ADDED')
    const a2 = store.put('', 'configmaps', cm('a', {k: 'v'}), 'MODIFIED')
    expect([a.metadata.resourceVersion, b.metadata.resourceVersion, a2.metadata.resourceVersion]).toEqual(['1', '2', '3'])
    store.remove('apps', 'deployments', {...b})
    store.close()
    const again = new Store(file)
    expect(again.currentRv()).toBe(4)
    expect(again.peek('', 'configmaps', 'default', 'a')).toEqual({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'a', namespace: 'default', resourceVersion: '3'}, data: {k: 'v'}})
    expect(again.peek('apps', 'deployments', 'default', 'b')).toBeUndefined()
    expect(again.history(2).map((e) => [e.rv, e.type, e.name])).toEqual([[3, 'MODIFIED', 'a'], [4, 'DELETED', 'b']])
    const c = again.put('', 'configmaps', cm('c'), 'ADDED')
    expect(c.metadata.resourceVersion).toBe('5')
    again.close()
    rmSync(dir, {recursive: true, force: true})
  })

  test('lists sorted by namespace/name and filters by namespace', () => {
    const {store, dir} = tmpStore()
    for (const [ns, n] of [['b', 'x'], ['a', 'z'], ['a', 'y']]) store.put('', 'configmaps', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: n, namespace: ns}}, 'ADDED')
    expect(store.peekAll('', 'configmaps').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['a/y', 'a/z', 'b/x'])
    expect(store.peekAll('', 'configmaps', 'a').map((o) => o.metadata.name)).toEqual(['y', 'z'])
    store.close()
    rmSync(dir, {recursive: true, force: true})
  })

  test('compacts history and reports too old resource versions', () => {
    const {store, file, dir} = tmpStore(10)
    for (let i = 0; i < 30; i++) store.put('', 'configmaps', cm(`c${i}`), 'ADDED')
    expect(() => store.history(1)).toThrow(TooOldError)
    const recent = store.history(28)
    expect(recent.map((e) => e.rv)).toEqual([29, 30])
    const oldest = store.oldestRv()
    expect(oldest).toBeGreaterThan(0)
    store.close()
    const again = new Store(file, {historyLimit: 10})
    expect(again.oldestRv()).toBe(oldest)
    expect(() => again.history(oldest - 1)).toThrow('too old resource version')
    again.close()
    rmSync(dir, {recursive: true, force: true})
  })

  test('listeners see events in resourceVersion order even when they write', () => {
    const {store, dir} = tmpStore()
    const seen: string[][] = [[], []]
    store.subscribe((ev) => {
      seen[0].push(`${ev.rv}:${ev.name}`)
      if (ev.name === 'first') store.put('', 'configmaps', cm('nested'), 'ADDED')
    })
    store.subscribe((ev) => seen[1].push(`${ev.rv}:${ev.name}`))
    store.put('', 'configmaps', cm('first'), 'ADDED')
    expect(seen).toEqual([['1:first', '2:nested'], ['1:first', '2:nested']])
    store.close()
    rmSync(dir, {recursive: true, force: true})
  })
})
