// The resource builder's pure half: argument forms and manifest parsing, with kubectl's error wording.
import {describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {parseResourceArgs, multipleTypesRequested} from '../../src/lib/resource/args.js'
import {parseManifests, splitDocuments, expandPaths, readManifests} from '../../src/lib/resource/manifests.js'

describe('parseResourceArgs', () => {
  test.each([
    [[], {form: 'none'}],
    [['pods'], {form: 'types', types: ['pods'], names: []}],
    [['po', 'a', 'b'], {form: 'types', types: ['po'], names: ['a', 'b']}],
    [['pods,services'], {form: 'types', types: ['pods', 'services'], names: []}],
    [['deployment.apps', 'web'], {form: 'types', types: ['deployment.apps'], names: ['web']}],
    [['deploy/nginx-app'], {form: 'pairs', pairs: [{type: 'deploy', name: 'nginx-app'}]}],
    [['pod/a', 'svc/b'], {form: 'pairs', pairs: [{type: 'pod', name: 'a'}, {type: 'svc', name: 'b'}]}],
    [[','], {form: 'types', types: ['', ''], names: []}],
  ])('%j', (args, expected) => {
    expect(parseResourceArgs(args as string[])).toEqual(expected)
  })

  test.each([
    [['pods/'], 'arguments in resource/name form must have a single resource and name'],
    [['pod/a/b'], 'arguments in resource/name form may not have more than one slash'],
    [['pod', 'pod/a'], "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kctl get resource/<resource_name>' instead of 'kctl get resource resource/<resource_name>'"],
    [['pod/a', 'b'], "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kctl get resource/<resource_name>' instead of 'kctl get resource resource/<resource_name>'"],
  ])('%j fails', (args, message) => {
    expect(() => parseResourceArgs(args)).toThrow(message)
  })

  test('kind prefixes are shown for several types and for all', () => {
    expect([['pods'], ['pods,svc'], ['all'], ['pod/a', 'pod/b'], ['pod/a', 'svc/b']].map((a) => multipleTypesRequested(parseResourceArgs(a)))).toEqual([false, true, true, false, true])
  })
})

describe('manifests', () => {
  test('splitDocuments keeps each document and its first line', () => {
    const text = '# comment\napiVersion: v1\nkind: A\n---\n---\napiVersion: v1\nkind: B\n--- # trailing\n\n'
    expect(splitDocuments(text)).toEqual([{text: '# comment\napiVersion: v1\nkind: A', line: 1}, {text: 'apiVersion: v1\nkind: B', line: 6}])
  })

  test('List kinds are flattened and sources remembered', async () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n---\n{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "c"}}\n'
    expect(await parseManifests(text, 'STDIN')).toEqual([
      {object: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'a'}}, source: 'STDIN', line: 1},
      {object: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'b'}}, source: 'STDIN', line: 1},
      {object: {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'c'}}, source: 'STDIN', line: 7},
    ])
  })

  test('a JSON document is read whole', async () => {
    const text = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"}\n}\n'
    expect(await parseManifests(text, 'pod.json')).toEqual([{object: {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}}, source: 'pod.json', line: 1}])
  })

  test('a document without kind is kubectl\'s decode error', async () => {
    await expect(parseManifests('apiVersion: v1\nmetadata: {name: x}\n', 'x.yaml')).rejects.toThrow(`unable to decode "x.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"x"}}'`)
  })

  test('directories: only .json/.yaml/.yml, sub-directories only with -R; missing paths fail', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-manifests-'))
    fs.mkdirSync(path.join(dir, 'sub'))
    for (const f of ['b.yaml', 'a.json', 'c.txt', 'sub/d.yml']) fs.writeFileSync(path.join(dir, f), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${path.basename(f).split('.')[0]}}\n`)
    expect(expandPaths([dir], false)).toEqual([path.join(dir, 'a.json'), path.join(dir, 'b.yaml')])
    expect(expandPaths([dir], true)).toEqual([path.join(dir, 'a.json'), path.join(dir, 'b.yaml'), path.join(dir, 'sub', 'd.yml')])
    expect(expandPaths([path.join(dir, 'c.txt')], false)).toEqual([path.join(dir, 'c.txt')])
    expect(() => expandPaths([path.join(dir, 'nope.yaml')], false)).toThrow(`the path "${path.join(dir, 'nope.yaml')}" does not exist`)
    const objs = await readManifests([dir, '-'], {recursive: true, stdin: async () => 'apiVersion: v1\nkind: Namespace\nmetadata: {name: from-stdin}\n'})
    expect(objs.map((o) => [o.object.metadata.name, o.source === 'STDIN' ? 'STDIN' : path.relative(dir, o.source)])).toEqual([['a', 'a.json'], ['b', 'b.yaml'], ['d', 'sub/d.yml'], ['from-stdin', 'STDIN']])
    fs.rmSync(dir, {recursive: true, force: true})
  })
})
