// Pure parts of label/annotate: argument splitting, pair parsing, validation order, the local edit and its verdict.
import {describe, expect, test} from '@jest/globals'
import {splitResourcesAndPairs, parsePairs, metaEditOptions, editMetadata, changeWord} from '../../src/lib/label/label.js'

describe('splitResourcesAndPairs', () => {
  test('resources first, then changes', () => {
    expect(splitResourcesAndPairs(['pods', 'foo', 'a=1', 'b-'], 'label')).toEqual({resources: ['pods', 'foo'], pairs: ['a=1', 'b-']})
  })
  test('=v and - are resource words', () => {
    expect(splitResourcesAndPairs(['cm', '=v', '-'], 'label')).toEqual({resources: ['cm', '=v', '-'], pairs: []})
  })
  test('a resource after a change is an error', () => {
    expect(() => splitResourcesAndPairs(['cm', 'a', 'x=1', 'b'], 'annotation')).toThrow('all resources must be specified before annotation changes: b')
  })
})

describe('parsePairs', () => {
  test('label keeps the last duplicate and the removals', () => {
    const r = parsePairs(['a=1', 'a=2', 'b-'], 'label')
    expect([...r.set]).toEqual([['a', '2']])
    expect(r.remove).toEqual(['b'])
  })
  test('label rejects a second =', () => {
    expect(() => parsePairs(['a==1'], 'label')).toThrow('invalid label spec: a==1')
  })
  test('annotate splits on the first =', () => {
    expect([...parsePairs(['a==1', 'u=http://x/?q=1'], 'annotation').set]).toEqual([['a', '=1'], ['u', 'http://x/?q=1']])
  })
  test('label refuses modify and remove of one key', () => {
    expect(() => parsePairs(['a=1', 'a-'], 'label')).toThrow('can not both modify and remove a label in the same command')
  })
})

describe('metaEditOptions', () => {
  test('validation words', () => {
    expect(() => metaEditOptions('label', [], {}, 'none')).toThrow('one or more resources must be specified as <resource> <name> or <resource>/<name>')
    expect(() => metaEditOptions('label', ['cm', 'x'], {}, 'none')).toThrow('at least one label update is required')
    expect(() => metaEditOptions('annotation', ['cm', 'x'], {}, 'none')).toThrow('at least one annotation update is required')
    expect(() => metaEditOptions('label', ['cm', 'x=1'], {all: true, selector: 'a=b'}, 'none')).toThrow('cannot set --all and --selector at the same time')
    expect(() => metaEditOptions('label', ['cm', 'c', 'x=1'], {local: true}, 'none')).toThrow('can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set')
    expect(() => metaEditOptions('annotation', ['cm', 'c', 'a=1', 'a-'], {}, 'none')).toThrow('can not both modify and remove the following annotation(s) in the same command: a')
  })
  test('defaults', () => {
    const o = metaEditOptions('annotation', ['cm', 'c', 'a=1'], {}, 'server')
    expect({...o, set: [...o.set]}).toEqual({
      kind: 'annotation',
      selection: {positionals: ['cm', 'c'], filenames: [], recursive: undefined, selector: undefined, fieldSelector: undefined, all: undefined, allNamespaces: undefined, local: undefined, cmd: 'kctl annotate'},
      set: [['a', '1']], remove: [], overwrite: false, list: false, local: false, resourceVersion: undefined, dryRun: 'server', output: undefined,
      fieldManager: 'kubectl-annotate', showManagedFields: false,
    })
  })
})

describe('editMetadata and changeWord', () => {
  const base = () => ({metadata: {name: 'c', labels: {a: '1', b: '2'}}})
  test('set and remove', () => {
    const obj = base()
    editMetadata(obj, {kind: 'label', set: new Map([['c', '3']]), remove: ['a'], overwrite: false})
    expect(obj).toEqual({metadata: {name: 'c', labels: {b: '2', c: '3'}}})
  })
  test('refuses to overwrite without --overwrite', () => {
    expect(() => editMetadata(base(), {kind: 'label', set: new Map([['a', '9']]), remove: [], overwrite: false})).toThrow("'a' already has a value (1), and --overwrite is false")
  })
  test('annotation overwrite message lists the clashes', () => {
    const obj = {metadata: {annotations: {a: '1', b: '2'}}}
    expect(() => editMetadata(obj, {kind: 'annotation', set: new Map([['a', '9'], ['b', '8']]), remove: [], overwrite: false}))
      .toThrow("--overwrite is false but found the following declared annotation(s): 'a' already has a value (1); 'b' already has a value (2)")
  })
  test('verdicts', () => {
    const before = base()
    const removed = {metadata: {name: 'c', labels: {b: '2'}}}
    expect(changeWord('label', before, removed, false)).toBe('unlabeled')
    expect(changeWord('label', before, removed, true)).toBe('labeled')
    expect(changeWord('label', before, base(), false)).toBe('not labeled')
    expect(changeWord('annotation', before, base(), false)).toBe('annotated')
  })
})
