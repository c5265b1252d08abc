// Pure parts of `kctl patch`: flag validation, patch text decoding, the local application of each patch type.
import {describe, expect, test} from '@jest/globals'
import {patchOptions, patchBody, applyLocally} from '../../src/lib/patchcmd/patch.js'

describe('patchOptions', () => {
  test('validation words, in kubectl order', () => {
    expect(() => patchOptions(['cm', 'c'], {patch: '{}', 'patch-file': 'f'}, 'none')).toThrow('cannot specify --patch and --patch-file together')
    expect(() => patchOptions(['cm', 'c'], {}, 'none')).toThrow('must specify --patch or --patch-file containing the contents of the patch')
    expect(() => patchOptions(['cm', 'c'], {patch: '{}', local: true}, 'none')).toThrow('cannot specify --local and server resources')
    expect(() => patchOptions([], {patch: '{}', local: true}, 'server')).toThrow('cannot specify --local and --dry-run=server - did you mean --dry-run=client?')
    expect(() => patchOptions(['cm', 'c'], {patch: '{}', type: 'foo'}, 'none')).toThrow('--type must be one of [json merge strategic], not "foo"')
  })
  test('defaults', () => {
    expect(patchOptions(['cm', 'c'], {patch: '{}'}, 'none')).toEqual({
      selection: {positionals: ['cm', 'c'], filenames: [], recursive: undefined, local: undefined, cmd: 'kctl patch', subresource: undefined, latest: false},
      patchType: 'strategic', patch: '{}', patchFile: undefined, local: false, dryRun: 'none', output: undefined, fieldManager: 'kubectl-patch', subresource: undefined, showManagedFields: false,
    })
  })
})

describe('patchBody', () => {
  test('JSON objects pass through untouched, even broken ones', async () => {
    expect(await patchBody('{bad')).toBe('{bad')
    expect(await patchBody(' {"a": 1}')).toBe(' {"a": 1}')
  })
  test('YAML becomes JSON', async () => {
    expect(await patchBody('spec:\n  replicas: 3')).toBe('{"spec":{"replicas":3}}')
    expect(await patchBody('[{"op":"remove","path":"/a"}]')).toBe('[{"op":"remove","path":"/a"}]')
  })
  test('YAML errors name the text', async () => {
    await expect(patchBody('a: [b')).rejects.toThrow(/^unable to parse "a: \[b": yaml: line \d+: /)
  })
})

describe('applyLocally', () => {
  const cm = () => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data: {a: '1'}})
  test('merge', () => {
    expect(applyLocally(cm(), 'merge', '{"data":{"a":null,"b":"2"}}')).toEqual({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data: {b: '2'}})
  })
  test('json', () => {
    expect(applyLocally(cm(), 'json', '[{"op":"add","path":"/data/c","value":"3"}]')).toEqual({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data: {a: '1', c: '3'}})
  })
  test('json test failure keeps the library words', () => {
    expect(() => applyLocally(cm(), 'json', '[{"op":"test","path":"/data/a","value":"9"}]')).toThrow('testing value /data/a failed: test failed')
  })
  test('strategic merges containers by name', () => {
    const d = {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'd'}, spec: {template: {spec: {containers: [{name: 'a', image: 'x'}, {name: 'b', image: 'y'}]}}}}
    expect(applyLocally(d, 'strategic', '{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"z"}]}}}}').spec.template.spec.containers)
      .toEqual([{name: 'a', image: 'x'}, {name: 'b', image: 'z'}])
  })
})
