import {afterEach, beforeEach, describe, expect, test} from '@jest/globals'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Api} from '../../src/sandbox/api/index.js'
import {Store} from '../../src/sandbox/store/index.js'
import {ApiError, GVRS, type KObject, type WatchEvent} from '../../src/sandbox/types.js'

const tick = () => new Promise((r) => setTimeout(r, 20))

let dir: string
let store: Store
let api: Api

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kctl-api-'))
  store = new Store(join(dir, 'state.db'), {historyLimit: 50})
  api = new Api(store, {version: 'v1.33.1'})
  for (const ns of ['default', 'other']) api.create(GVRS.namespaces, {apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}})
})

afterEach(async () => {
  await tick()
  api.close()
  store.close()
  rmSync(dir, {recursive: true, force: true})
})

function thrown(fn: () => unknown): ApiError {
  try {
    fn()
  } catch (e) {
    if (e instanceof ApiError) return e
    throw e
  }
  throw new Error('expected an ApiError')
}

const cm = (name: string, extra: Partial<KObject> = {}): KObject => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace: 'default'}, ...extra})

const deployment = (name: string, replicas = 1): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name, namespace: 'default'},
  spec: {replicas, selector: {matchLabels: {app: name}}, template: {metadata: {labels: {app: name}}, spec: {containers: [{name: 'c', image: 'nginx'}]}}},
})

describe('Api identity and errors', () => {
  test('create assigns uid, resourceVersion, creationTimestamp; generateName uses kube alphabet', () => {
    const o = api.create(GVRS.configmaps, cm('', {metadata: {generateName: 'gen-', namespace: 'default'}}))
    expect(o.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
    expect(o.metadata.uid).toMatch(/^[0-9a-f-]{36}$/)
    expect(o.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(Number(o.metadata.resourceVersion)).toBe(store.currentRv())
    expect(o.metadata.generation).toBeUndefined()
  })

  test('kube-apiserver messages for AlreadyExists, NotFound, missing namespace', () => {
    api.create(GVRS.configmaps, cm('a'))
    expect(thrown(() => api.create(GVRS.configmaps, cm('a'))).toStatus()).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'configmaps "a" already exists', reason: 'AlreadyExists', details: {name: 'a', kind: 'configmaps'}, code: 409,
    })
    expect(thrown(() => api.get(GVRS.deployments, 'default', 'nope')).toStatus()).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'deployments.apps "nope" not found', reason: 'NotFound', details: {name: 'nope', group: 'apps', kind: 'deployments'}, code: 404,
    })
    const e = thrown(() => api.create(GVRS.configmaps, {...cm('x'), metadata: {name: 'x', namespace: 'missing'}}))
    expect([e.code, e.message]).toEqual([404, 'namespaces "missing" not found'])
  })

  test('dryRun stores nothing', () => {
    const rv = store.currentRv()
    const o = api.create(GVRS.configmaps, cm('dry'), {dryRun: true})
    expect(o.metadata.name).toBe('dry')
    expect(api.tryGet(GVRS.configmaps, 'default', 'dry')).toBeUndefined()
    expect(store.currentRv()).toBe(rv)
  })
})

describe('Api updates', () => {
  test('generation starts at 1 and grows only with spec changes; stale resourceVersion is 409', () => {
    const d = api.create(GVRS.deployments, deployment('web'))
    expect(d.metadata.generation).toBe(1)
    const labelled = api.update(GVRS.deployments, {...d, metadata: {...d.metadata, labels: {a: 'b'}}})
    expect(labelled.metadata.generation).toBe(1)
    const scaled = api.update(GVRS.deployments, {...labelled, spec: {...labelled.spec, replicas: 3}})
    expect(scaled.metadata.generation).toBe(2)
    const e = thrown(() => api.update(GVRS.deployments, {...d, spec: {...d.spec, replicas: 5}}))
    expect([e.code, e.reason, e.message]).toEqual([
      409, 'Conflict', 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    ])
  })

  test('main resource ignores status, /status ignores spec', () => {
    const d = api.create(GVRS.deployments, deployment('st'))
    const a = api.update(GVRS.deployments, {...d, spec: {...d.spec, replicas: 2}, status: {replicas: 9}})
    expect([a.spec.replicas, a.status.replicas]).toEqual([2, undefined])
    const b = api.update(GVRS.deployments, {...a, spec: {...a.spec, replicas: 7}, status: {replicas: 2}}, {subresource: 'status'})
    expect([b.spec.replicas, b.status.replicas, b.metadata.generation]).toEqual([2, 2, 2])
  })

  test('a no-op update keeps the resourceVersion', () => {
    const o = api.create(GVRS.configmaps, cm('same', {data: {a: '1'}}))
    const again = api.update(GVRS.configmaps, o)
    expect(again.metadata.resourceVersion).toBe(o.metadata.resourceVersion)
  })

  test('fieldValidation=Strict: decode errors on create, an Invalid patch field for strategic merge patches', () => {
    const e1 = thrown(() => api.create(GVRS.configmaps, cm('s', {metadata: {name: 's', namespace: 'default', spec: {a: 1}}}), {fieldValidation: 'Strict'}))
    expect([e1.code, e1.message]).toEqual([400, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.spec"'])
    api.create(GVRS.configmaps, cm('s'))
    const e2 = thrown(() => api.patch(GVRS.configmaps, 'default', 's', 'application/strategic-merge-patch+json', '{"metadata":{"spec":{"a":1}}}', {fieldValidation: 'Strict'}))
    expect([e2.code, e2.reason, e2.message]).toEqual([422, 'Invalid', ' "" is invalid: patch: Invalid value: "map[metadata:map[spec:map[a:1]]]": strict decoding error: unknown field "metadata.spec"'])
    const e3 = thrown(() => api.patch(GVRS.configmaps, 'default', 's', 'application/merge-patch+json', '{"metadata":{"spec":{"a":1}}}', {fieldValidation: 'Strict'}))
    expect([e3.code, e3.message]).toEqual([400, 'strict decoding error: unknown field "metadata.spec"'])
    const opts = {fieldValidation: 'Warn' as const, warnings: [] as string[]}
    api.patch(GVRS.configmaps, 'default', 's', 'application/merge-patch+json', '{"metadata":{"spec":{"a":1}}}', opts)
    expect(opts.warnings).toEqual(['unknown field "metadata.spec"'])
  })

  test('scale subresource reads and writes replicas', () => {
    api.create(GVRS.deployments, deployment('sc', 2))
    const s = api.getScale(GVRS.deployments, 'default', 'sc')
    expect([s.kind, s.apiVersion, s.spec, s.status]).toEqual(['Scale', 'autoscaling/v1', {replicas: 2}, {replicas: 0, selector: 'app=sc'}])
    api.patch(GVRS.deployments, 'default', 'sc', 'application/merge-patch+json', '{"spec":{"replicas":4}}', {subresource: 'scale'})
    expect(api.get(GVRS.deployments, 'default', 'sc').spec.replicas).toBe(4)
  })

  test('strategic merge patch applies to built-in types', () => {
    api.create(GVRS.configmaps, cm('p'))
    const o = api.patch(GVRS.configmaps, 'default', 'p', 'application/strategic-merge-patch+json', '{"data":{"k":"v"}}')
    expect(o.data).toEqual({k: 'v'})
  })
})

describe('Api deletion', () => {
  test('finalizers hold an object until they are removed', () => {
    api.create(GVRS.configmaps, cm('fin', {metadata: {name: 'fin', namespace: 'default', finalizers: ['example.com/hold']}}))
    const marked = api.delete(GVRS.configmaps, 'default', 'fin')
    expect(marked.metadata.deletionTimestamp).toMatch(/Z$/)
    expect(api.get(GVRS.configmaps, 'default', 'fin').metadata.deletionGracePeriodSeconds).toBe(0)
    api.mutate(GVRS.configmaps, 'default', 'fin', (o) => {
      o.metadata.finalizers = []
    })
    expect(api.tryGet(GVRS.configmaps, 'default', 'fin')).toBeUndefined()
  })

  test('Background, Foreground and Orphan propagation', async () => {
    const mk = (owner: KObject, name: string) =>
      api.create(GVRS.configmaps, cm(name, {metadata: {name, namespace: 'default', ownerReferences: [{apiVersion: 'apps/v1', kind: 'Deployment', name: owner.metadata.name!, uid: owner.metadata.uid!, blockOwnerDeletion: true}]}}))
    const bg = api.create(GVRS.deployments, deployment('bg'))
    mk(bg, 'bg-dep')
    api.delete(GVRS.deployments, 'default', 'bg')
    await tick()
    expect(api.tryGet(GVRS.configmaps, 'default', 'bg-dep')).toBeUndefined()

    const fg = api.create(GVRS.deployments, deployment('fg'))
    mk(fg, 'fg-dep')
    const marked = api.delete(GVRS.deployments, 'default', 'fg', {propagationPolicy: 'Foreground'})
    expect(marked.metadata.finalizers).toEqual(['foregroundDeletion'])
    await tick()
    await tick()
    expect(api.tryGet(GVRS.configmaps, 'default', 'fg-dep')).toBeUndefined()
    expect(api.tryGet(GVRS.deployments, 'default', 'fg')).toBeUndefined()

    const or = api.create(GVRS.deployments, deployment('or'))
    mk(or, 'or-dep')
    api.delete(GVRS.deployments, 'default', 'or', {propagationPolicy: 'Orphan'})
    await tick()
    expect(api.tryGet(GVRS.deployments, 'default', 'or')).toBeUndefined()
    expect(api.get(GVRS.configmaps, 'default', 'or-dep').metadata.ownerReferences).toBeUndefined()
  })

  test('deleting a namespace removes its contents, then the namespace', async () => {
    api.create(GVRS.configmaps, {...cm('in-other'), metadata: {name: 'in-other', namespace: 'other'}})
    const ns = api.delete(GVRS.namespaces, undefined, 'other')
    expect(ns.status.phase).toBe('Terminating')
    const e = thrown(() => api.create(GVRS.configmaps, {...cm('late'), metadata: {name: 'late', namespace: 'other'}}))
    expect([e.code, e.message]).toEqual([403, 'configmaps "late" is forbidden: unable to create new content in namespace other because it is being terminated'])
    await tick()
    await tick()
    expect(api.tryGet(GVRS.configmaps, 'other', 'in-other')).toBeUndefined()
    expect(api.tryGet(GVRS.namespaces, undefined, 'other')).toBeUndefined()
  })

  test('eviction honours PodDisruptionBudgets with a 429', () => {
    const pod = (name: string): KObject => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'default', labels: {app: 'db'}}, spec: {containers: [{name: 'c', image: 'x'}]}})
    for (const n of ['db-0', 'db-1']) {
      api.create(GVRS.pods, pod(n))
      api.mutate(GVRS.pods, 'default', n, (p) => {
        p.status = {phase: 'Running', conditions: [{type: 'Ready', status: 'True'}]}
      }, {subresource: 'status'})
    }
    api.create(GVRS.poddisruptionbudgets, {apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: {name: 'db-pdb', namespace: 'default'}, spec: {minAvailable: 2, selector: {matchLabels: {app: 'db'}}}})
    const e = thrown(() => api.evict('default', 'db-0', {apiVersion: 'policy/v1', kind: 'Eviction', metadata: {name: 'db-0'}}))
    expect(e.toStatus()).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: "Cannot evict pod as it would violate the pod's disruption budget.", reason: 'TooManyRequests',
      details: {causes: [{reason: 'DisruptionBudget', message: 'The disruption budget db-pdb needs 2 healthy pods and has 2 currently'}]}, code: 429,
    })
    api.patch(GVRS.poddisruptionbudgets, 'default', 'db-pdb', 'application/merge-patch+json', '{"spec":{"minAvailable":1}}')
    expect(api.evict('default', 'db-0', {apiVersion: 'policy/v1', kind: 'Eviction', metadata: {name: 'db-0'}})).toEqual({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201})
    expect(api.tryGet(GVRS.pods, 'default', 'db-0')).toBeUndefined()
  })
})

describe('Api lists and watches', () => {
  test('label/field selectors and chunking', () => {
    for (const [n, tier] of [['a', 'web'], ['b', 'db'], ['c', 'web']]) api.create(GVRS.configmaps, cm(n, {metadata: {name: n, namespace: 'default', labels: {tier}}}))
    expect(api.list(GVRS.configmaps, {namespace: 'default', labelSelector: 'tier=web'}).items.map((o) => o.metadata.name)).toEqual(['a', 'c'])
    expect(api.list(GVRS.configmaps, {fieldSelector: 'metadata.name!=a', labelSelector: 'tier'}).items.map((o) => o.metadata.name)).toEqual(['b', 'c'])
    const p1 = api.list(GVRS.configmaps, {namespace: 'default', labelSelector: 'tier', limit: 2})
    expect([p1.items.map((o) => o.metadata.name), p1.remainingItemCount]).toEqual([['a', 'b'], 1])
    const p2 = api.list(GVRS.configmaps, {namespace: 'default', labelSelector: 'tier', limit: 2, continue: p1.continue})
    expect([p2.items.map((o) => o.metadata.name), p2.continue]).toEqual([['c'], undefined])
  })

  test('watch replays from a resourceVersion, turns selector transitions into ADDED/DELETED, and 410s when compacted', () => {
    const start = String(store.currentRv())
    api.create(GVRS.configmaps, cm('w', {metadata: {name: 'w', namespace: 'default', labels: {on: 'yes'}}}))
    const seen: string[] = []
    const stop = api.watch(GVRS.configmaps, {namespace: 'default', labelSelector: 'on=yes', resourceVersion: start}, (ev: WatchEvent) => seen.push(`${ev.type}:${ev.object.metadata.name}`))
    api.patch(GVRS.configmaps, 'default', 'w', 'application/merge-patch+json', '{"metadata":{"labels":{"on":"no"}}}')
    api.patch(GVRS.configmaps, 'default', 'w', 'application/merge-patch+json', '{"metadata":{"labels":{"on":"yes"}}}')
    api.delete(GVRS.configmaps, 'default', 'w')
    stop()
    expect(seen).toEqual(['ADDED:w', 'DELETED:w', 'ADDED:w', 'DELETED:w'])
    for (let i = 0; i < 80; i++) api.create(GVRS.configmaps, cm(`fill-${i}`))
    const e = thrown(() => api.watch(GVRS.configmaps, {resourceVersion: '1'}, () => {}))
    expect([e.code, e.reason]).toEqual([410, 'Expired'])
    expect(e.message).toMatch(/^too old resource version: 1 \(\d+\)$/)
  })

  test('recordEvent aggregates repeats into count', () => {
    const o = api.create(GVRS.configmaps, cm('ev'))
    api.recordEvent(o, 'Normal', 'Tested', 'it happened', {component: 'test'})
    api.recordEvent(o, 'Normal', 'Tested', 'it happened', {component: 'test'})
    const evs = api.list(GVRS.events, {namespace: 'default'}).items
    expect(evs.length).toBe(1)
    const ev = evs[0]
    expect([ev.count, ev.reason, ev.message, ev.type, ev.source, ev.involvedObject.name, ev.involvedObject.kind]).toEqual([2, 'Tested', 'it happened', 'Normal', {component: 'test'}, 'ev', 'ConfigMap'])
  })

  test('SelfSubjectAccessReview is allowed for system:masters and never stored', () => {
    const gvr = {group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews'}
    const r = api.create(gvr, {apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec: {resourceAttributes: {verb: 'create', resource: 'pods'}}})
    expect(r.status).toEqual({allowed: true})
    expect(store.peekAll('authorization.k8s.io', 'selfsubjectaccessreviews')).toEqual([])
  })
})
