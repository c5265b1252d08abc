// JSON patch (RFC 6902, evanphx/json-patch v4 behaviour) and JSON merge patch (RFC 7386).
import {describe, expect, test} from '@jest/globals'
import {PatchError, applyJsonPatch, applyMergePatch, createMergePatch} from '../../src/lib/patch/index.js'

const doc = () => ({metadata: {name: 'a', labels: {x: '1'}}, spec: {replicas: 1, list: ['a', 'b', 'c']}})

interface Case {
  name: string
  ops: any[]
  result?: any
  detail?: string
}

const cases: Case[] = [
  {name: 'add member', ops: [{op: 'add', path: '/metadata/labels/y', value: '2'}], result: {...doc(), metadata: {name: 'a', labels: {x: '1', y: '2'}}}},
  {name: 'add into array', ops: [{op: 'add', path: '/spec/list/1', value: 'z'}], result: {...doc(), spec: {replicas: 1, list: ['a', 'z', 'b', 'c']}}},
  {name: 'append with -', ops: [{op: 'add', path: '/spec/list/-', value: 'd'}], result: {...doc(), spec: {replicas: 1, list: ['a', 'b', 'c', 'd']}}},
  {name: 'negative index counts from the end', ops: [{op: 'remove', path: '/spec/list/-1'}], result: {...doc(), spec: {replicas: 1, list: ['a', 'b']}}},
  {name: 'replace', ops: [{op: 'replace', path: '/spec/replicas', value: 3}], result: {...doc(), spec: {replicas: 3, list: ['a', 'b', 'c']}}},
  {name: 'replace of a missing object key adds it (v4)', ops: [{op: 'replace', path: '/spec/paused', value: true}], result: {...doc(), spec: {replicas: 1, list: ['a', 'b', 'c'], paused: true}}},
  {name: 'move', ops: [{op: 'move', from: '/spec/replicas', path: '/spec/count'}], result: {...doc(), spec: {list: ['a', 'b', 'c'], count: 1}}},
  {name: 'copy', ops: [{op: 'copy', from: '/metadata/name', path: '/spec/name'}], result: {...doc(), spec: {replicas: 1, list: ['a', 'b', 'c'], name: 'a'}}},
  {name: 'test passes', ops: [{op: 'test', path: '/spec/replicas', value: 1}, {op: 'remove', path: '/metadata/labels'}], result: {...doc(), metadata: {name: 'a'}}},
  {name: 'escaped tokens', ops: [{op: 'add', path: '/metadata/labels/a~1b~0c', value: 'v'}], result: {...doc(), metadata: {name: 'a', labels: {x: '1', 'a/b~c': 'v'}}}},
  {name: 'failing test', ops: [{op: 'test', path: '/spec/replicas', value: 2}], detail: 'testing value /spec/replicas failed: test failed'},
  {name: 'remove missing key', ops: [{op: 'remove', path: '/spec/nope'}], detail: "error in remove for path: '/spec/nope': Unable to remove nonexistent key: nope: missing value"},
  {name: 'add under a missing parent', ops: [{op: 'add', path: '/status/phase', value: 'x'}], detail: 'add operation does not apply: doc is missing path: "/status/phase": missing value'},
  {name: 'replace out of range', ops: [{op: 'replace', path: '/spec/list/7', value: 'x'}], detail: 'replace operation does not apply: doc is missing key: /spec/list/7: missing value'},
  {name: 'add out of range', ops: [{op: 'add', path: '/spec/list/9', value: 'x'}], detail: "error in add for path: '/spec/list/9': Unable to access invalid index: 9: invalid index referenced"},
  {name: 'unknown op', ops: [{op: 'frob', path: '/a'}], detail: 'Unexpected kind: frob'},
]

describe('applyJsonPatch', () => {
  test.each(cases)('$name', c => {
    if (c.detail) {
      let err: unknown
      try {
        applyJsonPatch(doc(), c.ops)
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(PatchError)
      const pe = err as PatchError
      expect({message: pe.message, code: pe.code, reason: pe.reason, detail: pe.detail}).toEqual({
        message: 'the server rejected our request due to an error in our request',
        code: 422,
        reason: 'Invalid',
        detail: c.detail,
      })
    } else {
      expect(applyJsonPatch(doc(), c.ops)).toEqual(c.result)
    }
  })

  test('a failing operation leaves the input untouched', () => {
    const d = doc()
    expect(() => applyJsonPatch(d, [{op: 'remove', path: '/spec/replicas'}, {op: 'test', path: '/x', value: 1}])).toThrow(PatchError)
    expect(d).toEqual(doc())
  })

  test('a non-array patch is a 400', () => {
    expect(() => applyJsonPatch(doc(), {op: 'add'} as any)).toThrow(
      new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch', 400),
    )
  })
})

describe('JSON merge patch', () => {
  const mergeCases: [string, any, any, any][] = [
    ['RFC 7386 example', {a: 'b', c: {d: 'e', f: 'g'}}, {a: 'z', c: {f: null}}, {a: 'z', c: {d: 'e'}}],
    ['lists are replaced', {a: [1, 2]}, {a: [3]}, {a: [3]}],
    ['nulls in new objects are pruned', {}, {a: {b: null, c: 1}}, {a: {c: 1}}],
    ['scalar replaced by object', {a: 1}, {a: {b: 2}}, {a: {b: 2}}],
  ]
  test.each(mergeCases)('%s', (_n, d, p, r) => {
    expect(applyMergePatch(d, p)).toEqual(r)
  })

  test('a non-object patch is refused like kube-apiserver', () => {
    expect(() => applyMergePatch({}, [1])).toThrow(new PatchError('Invalid JSON Patch', 400))
  })

  test('createMergePatch round-trips', () => {
    const a = {a: 1, b: {c: 2, d: 3}, e: [1]}
    const b = {a: 1, b: {c: 4}, e: [1, 2], f: 'x'}
    const p = createMergePatch(a, b)
    expect(p).toEqual({b: {c: 4, d: null}, e: [1, 2], f: 'x'})
    expect(applyMergePatch(a, p)).toEqual(b)
  })
})
