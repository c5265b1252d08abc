// FieldsV1 encoding, path printing and list merging of server-side apply.
import {describe, expect, test} from '@jest/globals'
import {fromFieldsV1, pathString, toFieldsV1} from '../../src/sandbox/ssa/fieldpath.js'
import {serverSideApply} from '../../src/sandbox/ssa/index.js'
import {type KObject} from '../../src/sandbox/types.js'

const now = new Date('2026-01-02T03:04:05Z')

describe('FieldsV1', () => {
  const v1 = {
    'f:metadata': {'f:finalizers': {'.': {}, 'v:"a.io/x"': {}}, 'f:labels': {'.': {}, 'f:app': {}}},
    'f:spec': {
      'f:ports': {
        'k:{"port":80,"protocol":"TCP"}': {'.': {}, 'f:port': {}},
        'k:{"port":443,"protocol":"TCP"}': {'.': {}, 'f:port': {}},
      },
      'f:selector': {},
    },
  }

  test('decode then encode gives the same document with kube-apiserver ordering', () => {
    const set = fromFieldsV1(v1)
    expect(set.size).toBe(9)
    expect(JSON.stringify(toFieldsV1(set))).toBe(JSON.stringify(v1))
  })

  test('numeric keys sort by value, not text', () => {
    const set = fromFieldsV1({'f:spec': {'f:ports': {'k:{"port":443}': {}, 'k:{"port":80}': {}}}})
    expect(Object.keys(toFieldsV1(set)['f:spec']['f:ports'])).toEqual(['k:{"port":80}', 'k:{"port":443}'])
  })

  test.each([
    [['f:spec', 'f:replicas'], '.spec.replicas'],
    [['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:image'], '.spec.template.spec.containers[name="nginx"].image'],
    [['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}'], '.spec.ports[port=80,protocol="TCP"]'],
    [['f:metadata', 'f:finalizers', 'v:"a.io/x"'], '.metadata.finalizers[="a.io/x"]'],
    [['f:metadata', 'f:labels', 'f:app.kubernetes.io/name'], '.metadata.labels.app.kubernetes.io/name'],
  ])('path %j prints as %s', (tokens, s) => {
    expect(pathString(tokens)).toBe(s)
  })
})

describe('server-side apply of lists', () => {
  const svc = (ports: any[], finalizers: string[]): KObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name: 's', namespace: 'default', finalizers},
    spec: {ports},
  })

  test('an item the manager stops applying is removed; set items merge', () => {
    const first = serverSideApply(undefined, svc([{port: 80}, {port: 443}], ['a.io/x']), {manager: 'm', force: false, now})
    expect(first.metadata.managedFields![0].fieldsV1).toEqual({
      'f:metadata': {'f:finalizers': {'v:"a.io/x"': {}}},
      'f:spec': {'f:ports': {'k:{"port":80,"protocol":"TCP"}': {'.': {}, 'f:port': {}}, 'k:{"port":443,"protocol":"TCP"}': {'.': {}, 'f:port': {}}}},
    })
    const other = serverSideApply(first, svc([], ['b.io/y']), {manager: 'other', force: false, now})
    expect(other.metadata.finalizers).toEqual(['a.io/x', 'b.io/y'])
    const second = serverSideApply(other, svc([{port: 443}], ['a.io/x']), {manager: 'm', force: false, now})
    expect(second.spec.ports).toEqual([{port: 443}])
    expect(second.metadata.finalizers).toEqual(['a.io/x', 'b.io/y'])
  })

  test('atomic lists are replaced and owned whole', () => {
    const pod = (tolerations: any[]): KObject => ({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}, spec: {tolerations}})
    const a = serverSideApply(undefined, pod([{key: 'a'}]), {manager: 'm', force: false, now})
    const b = serverSideApply(a, pod([{key: 'b'}]), {manager: 'm', force: false, now})
    expect(b.spec.tolerations).toEqual([{key: 'b'}])
    expect(b.metadata.managedFields![0].fieldsV1).toEqual({'f:spec': {'f:tolerations': {}}})
  })

  test('custom resources: maps merge, lists are atomic', () => {
    const cr = (spec: any): KObject => ({apiVersion: 'x.io/v1', kind: 'Widget', metadata: {name: 'w'}, spec})
    const a = serverSideApply(undefined, cr({list: [1, 2], m: {a: 1}}), {manager: 'm', force: false, now})
    const b = serverSideApply(a, cr({m: {b: 2}}), {manager: 'n', force: false, now})
    expect(b.spec).toEqual({list: [1, 2], m: {a: 1, b: 2}})
    expect(() => serverSideApply(b, cr({list: [3]}), {manager: 'n', force: false, now})).toThrow('Apply failed with 1 conflict: conflict with "m": .spec.list')
  })
})
