// Strategic merge patch: apply and three-way create, table-tested with apimachinery's documented cases.
import {describe, expect, test} from '@jest/globals'
import {
  PatchError,
  applyStrategicMergePatch,
  createThreeWayMergePatch,
  createTwoWayMergePatch,
  patchSchemaFor,
  type PatchSchema,
} from '../../src/lib/patch/index.js'

// The test struct of apimachinery's patch_test.go, described as patch metadata.
const spt: PatchSchema = {
  fields: {
    mergingList: {strategy: 'merge', mergeKey: 'name'},
    mergingIntList: {strategy: 'merge'},
    nonMergingList: {},
    retainKeysMap: {strategy: 'retainKeys'},
    simpleMap: {},
  },
}

interface ThreeWayCase {
  name: string
  original: any
  modified: any
  current: any
  patch: any
  result: any
}

const threeWay: ThreeWayCase[] = [
  {
    name: 'delete map from merging list',
    original: {mergingList: [{name: 1}, {name: 2}]},
    modified: {mergingList: [{name: 2}]},
    current: {mergingList: [{name: 1}, {name: 2, other: 'b'}]},
    patch: {'$setElementOrder/mergingList': [{name: 2}], mergingList: [{$patch: 'delete', name: 1}]},
    result: {mergingList: [{name: 2, other: 'b'}]},
  },
  {
    name: 'delete field from map in merging list',
    original: {mergingList: [{name: 1, value: 1}, {name: 2, value: 2}]},
    modified: {mergingList: [{name: 1}, {name: 2, value: 2}]},
    current: {mergingList: [{name: 1, value: 1, other: 'a'}, {name: 2, value: 2, other: 'b'}]},
    patch: {'$setElementOrder/mergingList': [{name: 1}, {name: 2}], mergingList: [{name: 1, value: null}]},
    result: {mergingList: [{name: 1, other: 'a'}, {name: 2, value: 2, other: 'b'}]},
  },
  {
    name: 'delete items in lists of scalars',
    original: {mergingIntList: [1, 2, 3]},
    modified: {mergingIntList: [1, 2]},
    current: {mergingIntList: [1, 2, 3, 4]},
    patch: {'$deleteFromPrimitiveList/mergingIntList': [3], '$setElementOrder/mergingIntList': [1, 2]},
    result: {mergingIntList: [1, 2, 4]},
  },
  {
    name: 'delete an item in a list and preserve order',
    original: {mergingList: [{name: 1, value: 1}, {name: 3, value: 3}, {name: 2, value: 2}]},
    modified: {mergingList: [{name: 2, value: 2}, {name: 1, value: 1}]},
    current: {mergingList: [{name: 1, value: 1, other: 'a'}, {name: 2, value: 2, other: 'b'}, {name: 3, value: 3}]},
    patch: {'$setElementOrder/mergingList': [{name: 2}, {name: 1}], mergingList: [{$patch: 'delete', name: 3}]},
    result: {mergingList: [{name: 2, value: 2, other: 'b'}, {name: 1, value: 1, other: 'a'}]},
  },
  {
    name: 'retainKeys map should clear defaulted field',
    original: {},
    modified: {retainKeysMap: {other: 'bar'}},
    current: {retainKeysMap: {value: 'foo'}},
    patch: {retainKeysMap: {$retainKeys: ['other'], other: 'bar'}},
    result: {retainKeysMap: {other: 'bar'}},
  },
  {
    name: 'field removed from manifest is deleted, field never applied is kept',
    original: {simpleMap: {a: '1', b: '2'}, name: 'x'},
    modified: {simpleMap: {a: '1'}, name: 'x'},
    current: {simpleMap: {a: '1', b: '2', c: '3'}, name: 'x', scaled: 5},
    patch: {simpleMap: {b: null}},
    result: {simpleMap: {a: '1', c: '3'}, name: 'x', scaled: 5},
  },
  {
    name: 'nothing changed gives an empty patch',
    original: {mergingList: [{name: 1}], nonMergingList: [1, 2]},
    modified: {mergingList: [{name: 1}], nonMergingList: [1, 2]},
    current: {mergingList: [{name: 1, other: 'x'}], nonMergingList: [1, 2], extra: true},
    patch: {},
    result: {mergingList: [{name: 1, other: 'x'}], nonMergingList: [1, 2], extra: true},
  },
  {
    name: 'non-merging list is replaced whole',
    original: {nonMergingList: [{name: 1}, {name: 2}]},
    modified: {nonMergingList: [{name: 3}]},
    current: {nonMergingList: [{name: 1}, {name: 2}]},
    patch: {nonMergingList: [{name: 3}]},
    result: {nonMergingList: [{name: 3}]},
  },
  {
    name: 'explicit null in the manifest is sent',
    original: {simpleMap: {a: '1'}},
    modified: {simpleMap: null},
    current: {simpleMap: {a: '1'}},
    patch: {simpleMap: null},
    result: {},
  },
  {
    name: 'add to merging list and change another item',
    original: {mergingList: [{name: 1, value: 1}]},
    modified: {mergingList: [{name: 1, value: 2}, {name: 2, value: 1}]},
    current: {mergingList: [{name: 1, value: 1, other: 'a'}]},
    patch: {'$setElementOrder/mergingList': [{name: 1}, {name: 2}], mergingList: [{name: 1, value: 2}, {name: 2, value: 1}]},
    result: {mergingList: [{name: 1, value: 2, other: 'a'}, {name: 2, value: 1}]},
  },
]

describe('createThreeWayMergePatch + applyStrategicMergePatch (SPT)', () => {
  test.each(threeWay)('$name', c => {
    const patch = createThreeWayMergePatch(c.original, c.modified, c.current, spt)
    expect(patch).toEqual(c.patch)
    expect(applyStrategicMergePatch(c.current, patch, spt)).toEqual(c.result)
  })
})

interface ApplyCase {
  name: string
  doc: any
  patch: any
  result?: any
  error?: string
}

const applyCases: ApplyCase[] = [
  {name: 'null deletes a key', doc: {a: 1, b: 2}, patch: {a: null}, result: {b: 2}},
  {name: 'null for a missing key is ignored', doc: {b: 2}, patch: {a: null}, result: {b: 2}},
  {name: '$patch replace on a map', doc: {simpleMap: {a: '1', b: '2'}}, patch: {simpleMap: {$patch: 'replace', c: '3'}}, result: {simpleMap: {c: '3'}}},
  {name: '$patch delete on a map', doc: {simpleMap: {a: '1'}}, patch: {simpleMap: {$patch: 'delete'}}, result: {simpleMap: {}}},
  {
    name: 'list element $patch replace replaces the list',
    doc: {mergingList: [{name: 1}, {name: 2}]},
    patch: {mergingList: [{name: 3, value: 'x'}, {$patch: 'replace'}]},
    result: {mergingList: [{name: 3, value: 'x'}]},
  },
  {
    name: 'list element $patch merge is refused',
    doc: {mergingList: [{name: 1}]},
    patch: {mergingList: [{$patch: 'merge'}]},
    error: 'merging lists cannot yet be specified in the patch',
  },
  {
    name: 'unknown directive on a map',
    doc: {simpleMap: {a: '1'}},
    patch: {simpleMap: {$patch: 'bogus', a: '2'}},
    error: 'unknown patch type: bogus in map: map[$patch:bogus a:2]',
  },
  {
    name: 'missing merge key',
    doc: {mergingList: [{name: 1}]},
    patch: {mergingList: [{value: 1}]},
    error: 'map: map[value:1] does not contain declared merge key: name',
  },
  {
    name: 'new items without $setElementOrder go first',
    doc: {mergingList: [{name: 'a'}, {name: 'b'}]},
    patch: {mergingList: [{name: 'c'}]},
    result: {mergingList: [{name: 'c'}, {name: 'a'}, {name: 'b'}]},
  },
  {
    name: '$setElementOrder interleaves server-only items',
    doc: {mergingList: [{name: 'a'}, {name: 'x'}, {name: 'b'}]},
    patch: {'$setElementOrder/mergingList': [{name: 'b'}, {name: 'a'}, {name: 'c'}], mergingList: [{name: 'c', v: 1}]},
    // x precedes b on the server, so it stays in front of b (apimachinery mergeSortedSlice).
    result: {mergingList: [{name: 'x'}, {name: 'b'}, {name: 'a'}, {name: 'c', v: 1}]},
  },
  {
    name: 'scalar merge list union without duplicates',
    doc: {mergingIntList: [1, 2]},
    patch: {mergingIntList: [2, 3]},
    result: {mergingIntList: [1, 2, 3]},
  },
  {
    name: '$retainKeys with a patch key not listed',
    doc: {retainKeysMap: {a: 1}},
    patch: {retainKeysMap: {$retainKeys: ['b'], c: 1}},
    error: 'invalid patch format of retainKeys',
  },
  {
    name: 'nulls inside a new subtree are dropped',
    doc: {},
    patch: {simpleMap: {a: '1', b: null}},
    result: {simpleMap: {a: '1'}},
  },
]

describe('applyStrategicMergePatch', () => {
  test.each(applyCases)('$name', c => {
    if (c.error) {
      expect(() => applyStrategicMergePatch(c.doc, c.patch, spt)).toThrow(new PatchError(c.error))
    } else {
      expect(applyStrategicMergePatch(c.doc, c.patch, spt)).toEqual(c.result)
    }
  })

  test('does not mutate its inputs', () => {
    const doc = {mergingList: [{name: 1, v: 1}]}
    const patch = {mergingList: [{name: 1, v: null}], '$setElementOrder/mergingList': [{name: 1}]}
    const docCopy = JSON.parse(JSON.stringify(doc))
    const patchCopy = JSON.parse(JSON.stringify(patch))
    applyStrategicMergePatch(doc, patch, spt)
    expect(doc).toEqual(docCopy)
    expect(patch).toEqual(patchCopy)
  })
})

describe('kubectl apply on built-in types', () => {
  const deploy = patchSchemaFor('apps/v1', 'Deployment')!
  const manifest = (replicas: number, image: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'nginx-app', namespace: 'default', labels: {app: 'nginx-app'}},
    spec: {
      replicas,
      selector: {matchLabels: {app: 'nginx-app'}},
      template: {
        metadata: {labels: {app: 'nginx-app'}},
        spec: {containers: [{name: 'nginx', image, ports: [{containerPort: 80}]}]},
      },
    },
  })
  const live = (replicas: number, image: string) => {
    const m: any = manifest(replicas, image)
    m.metadata.uid = 'u1'
    m.spec.strategy = {type: 'RollingUpdate', rollingUpdate: {maxSurge: '25%', maxUnavailable: '25%'}}
    m.spec.template.spec.containers[0].ports[0].protocol = 'TCP'
    m.spec.template.spec.containers[0].imagePullPolicy = 'IfNotPresent'
    m.spec.template.spec.restartPolicy = 'Always'
    m.status = {replicas}
    return m
  }

  test('image and replicas change: the PATCH body kubectl sends', () => {
    const patch = createThreeWayMergePatch(manifest(1, 'nginx:1.27'), manifest(4, 'nginx:1.28'), live(1, 'nginx:1.27'), deploy)
    expect(JSON.stringify(patch)).toBe(
      '{"spec":{"replicas":4,"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"image":"nginx:1.28","name":"nginx"}]}}}}',
    )
    const result = applyStrategicMergePatch(live(1, 'nginx:1.27'), patch, deploy)
    const expected = live(1, 'nginx:1.28')
    expected.spec.replicas = 4
    expect(result).toEqual(expected)
  })

  test('switching strategy to Recreate clears rollingUpdate (retainKeys)', () => {
    const m: any = manifest(1, 'nginx')
    m.spec.strategy = {type: 'Recreate'}
    const patch = createThreeWayMergePatch(manifest(1, 'nginx'), m, live(1, 'nginx'), deploy)
    expect(patch).toEqual({spec: {strategy: {$retainKeys: ['type'], type: 'Recreate'}}})
    const result = applyStrategicMergePatch(live(1, 'nginx'), patch, deploy)
    expect(result.spec.strategy).toEqual({type: 'Recreate'})
  })

  test('emptyDir volume replaced by hostPath of the same name (volumes merge,retainKeys)', () => {
    const pod = patchSchemaFor('v1', 'Pod')!
    const base = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}, spec: {containers: [{name: 'c', image: 'i'}], volumes: [{name: 'data', emptyDir: {}}]}}
    const next = {...base, spec: {...base.spec, volumes: [{name: 'data', hostPath: {path: '/tmp'}}]}}
    const patch = createThreeWayMergePatch(base, next, base, pod)
    expect(patch).toEqual({
      spec: {'$setElementOrder/volumes': [{name: 'data'}], volumes: [{$retainKeys: ['hostPath', 'name'], emptyDir: null, hostPath: {path: '/tmp'}, name: 'data'}]},
    })
    expect(applyStrategicMergePatch(base, patch, pod).spec.volumes).toEqual([{name: 'data', hostPath: {path: '/tmp'}}])
  })

  test('taints are atomic and a null removes them', () => {
    const node = patchSchemaFor('v1', 'Node')!
    const live = {apiVersion: 'v1', kind: 'Node', metadata: {name: 'n'}, spec: {taints: [{key: 'a', effect: 'NoSchedule'}, {key: 'b', effect: 'NoExecute'}]}}
    expect(applyStrategicMergePatch(live, {spec: {taints: [{key: 'b', effect: 'NoExecute'}]}}, node).spec).toEqual({taints: [{key: 'b', effect: 'NoExecute'}]})
    expect(applyStrategicMergePatch(live, {spec: {taints: null}}, node).spec).toEqual({})
  })

  test('changing the name is refused like kubectl', () => {
    const m: any = manifest(1, 'nginx')
    const renamed = {...m, metadata: {...m.metadata, name: 'other'}}
    expect(() => createThreeWayMergePatch(m, renamed, live(1, 'nginx'), deploy)).toThrow('At least one of apiVersion, kind and name was changed')
  })

  test('custom resources use a three-way JSON merge patch', () => {
    const original = {apiVersion: 'x.io/v1', kind: 'W', metadata: {name: 'w'}, spec: {list: [1, 2], a: 1, b: 2}}
    const modified = {apiVersion: 'x.io/v1', kind: 'W', metadata: {name: 'w'}, spec: {list: [1], a: 1}}
    const current = {...original, spec: {...original.spec, c: 3}, status: {ok: true}}
    expect(patchSchemaFor('x.io/v1', 'W')).toBeUndefined()
    expect(createThreeWayMergePatch(original, modified, current, undefined)).toEqual({spec: {b: null, list: [1]}})
  })

  test('patch metadata lookup', () => {
    const deployFields = patchSchemaFor('apps/v1', 'Deployment')!.fields.spec.schema!.fields.template.schema!.fields.spec.schema!.fields
    expect(deployFields.containers).toEqual(expect.objectContaining({strategy: 'merge', mergeKey: 'name', listType: 'map', listMapKeys: ['name']}))
    expect(deployFields.volumes.strategy).toBe('merge,retainKeys')
    expect(patchSchemaFor('v1', 'Node')!.fields.spec.schema!.fields.taints).toEqual({listType: 'atomic'})
    // Built-in kinds without special lists still accept strategic merge patch (metadata only).
    expect(patchSchemaFor('v1', 'Binding')!.fields.metadata.schema!.fields.finalizers).toEqual({strategy: 'merge', listType: 'set'})
    expect(patchSchemaFor('example.com/v1', 'Widget')).toBeUndefined()
    expect(patchSchemaFor('gateway.networking.k8s.io/v1', 'Gateway')).toBeUndefined()
  })

  test('two-way patch for edit-like paths', () => {
    const pod = patchSchemaFor('v1', 'Pod')!
    const a = {metadata: {labels: {x: '1', y: '2'}}, spec: {containers: [{name: 'c', image: 'a'}]}}
    const b = {metadata: {labels: {x: '1', z: '3'}}, spec: {containers: [{name: 'c', image: 'b'}]}}
    expect(createTwoWayMergePatch(a, b, pod)).toEqual({
      metadata: {labels: {y: null, z: '3'}},
      spec: {'$setElementOrder/containers': [{name: 'c'}], containers: [{image: 'b', name: 'c'}]},
    })
    expect(applyStrategicMergePatch(a, createTwoWayMergePatch(a, b, pod), pod)).toEqual(b)
  })
})
