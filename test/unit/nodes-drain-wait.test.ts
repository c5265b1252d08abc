// runDrain against an in-memory client: what the status line and the messages say while pods are being waited for.
import {describe, expect, test} from '@jest/globals'
import {runDrain, drainOptions} from '../../src/lib/nodes/drain.js'
import {StatusError} from '../../src/lib/cli/errors.js'

const NODE = 'w2'
const rsOwned = [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', controller: true}]

/** A cluster with one node and the given pods; each pod disappears after `lives[name]` GETs once deleted. */
function fakeCluster(names: string[], lives: Record<string, number>) {
  const pods = new Map(names.map((n) => [n, {metadata: {name: n, namespace: 'ns', uid: `u-${n}`, ownerReferences: rsOwned}, spec: {nodeName: NODE}, status: {phase: 'Running'}}]))
  const deleted = new Set<string>()
  const calls: string[] = []
  const notFound = (n: string) => new StatusError({kind: 'Status', reason: 'NotFound', message: `pods "${n}" not found`, code: 404} as any, 404)
  const client: any = {
    resolve: async (r: string) => ({name: r, kind: r === 'nodes' ? 'Node' : 'DaemonSet', group: r === 'nodes' ? '' : 'apps', namespaced: r !== 'nodes'}),
    get: async (type: any, _ns: string | undefined, name: string) => {
      if (type.kind === 'Node') return {metadata: {name: NODE}, spec: {unschedulable: true}}
      const pod = pods.get(name)
      if (!pod) throw notFound(name)
      if (deleted.has(name) && --lives[name] < 0) {
        pods.delete(name)
        throw notFound(name)
      }
      return pod
    },
    listAll: async (type: any) => ({items: type.kind === 'Node' ? [] : [...pods.values()]}),
    patch: async () => ({}),
    delete: async (_t: any, _ns: string, name: string) => {
      calls.push(`delete ${name}`)
      deleted.add(name)
    },
    create: async () => {
      throw new Error('eviction must not be used with --disable-eviction')
    },
    rest: {json: async () => ({resources: [{name: 'pods/eviction', kind: 'Eviction'}]})},
  }
  return {client, calls}
}

function recorder() {
  const log: string[] = []
  return {log, io: {out: (l: string) => log.push(`out: ${l}`), err: (l: string) => log.push(`err: ${l}`), status: (t: string) => log.push(`status: ${t}`)}}
}

describe('drain --disable-eviction', () => {
  test('the status line names the pods still being waited for until each is gone', async () => {
    const {client, calls} = fakeCluster(['a', 'b'], {a: 0, b: 1})
    const r = recorder()
    await runDrain(client, drainOptions([NODE], {'disable-eviction': true}, 'none', 0), r.io)
    // Every pod is deleted before the wait starts, as kubectl's deletePods does.
    expect(calls).toEqual(['delete a', 'delete b'])
    expect(r.log).toEqual([
      `out: node/${NODE} already cordoned`,
      'status: waiting for 2 pod(s): ns/a (terminating), ns/b (terminating)',
      'status: waiting for 1 pod(s): ns/b (terminating)',
      'out: pod/a deleted',
      'status: ',
      'out: pod/b deleted',
      'status: ',
      `out: node/${NODE} drained`,
    ])
  }, 10000)

  test("a --timeout while waiting is Go's deadline error, the pods left named", async () => {
    const {client} = fakeCluster(['a'], {a: 1000})
    const r = recorder()
    const opts = drainOptions([NODE], {'disable-eviction': true}, 'none', 1000)
    await expect(runDrain(client, opts, r.io)).rejects.toThrow('context deadline exceeded')
    expect(r.log.filter((l) => !l.startsWith('status: '))).toEqual([
      `out: node/${NODE} already cordoned`,
      `err: There are pending pods in node "${NODE}" when an error occurred: context deadline exceeded`,
      'err: pod/a',
      `err: error: unable to drain node "${NODE}" due to error: context deadline exceeded, continuing command...`,
      'err: There are pending nodes to be drained:',
      `err:  ${NODE}`,
    ])
    expect(r.log).toContain('status: waiting for 1 pod(s): ns/a (terminating)')
    expect(r.log[r.log.length - 1]).not.toMatch(/^status: w/)
  }, 10000)
})
