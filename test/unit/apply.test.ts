import {describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {applyOptions, applyWaves} from '../../src/lib/apply/apply.js'
import {lastAppliedValue} from '../../src/lib/apply/last-applied.js'
import {withManifestHint} from '../../src/lib/resource/hints.js'
import {StatusError} from '../../src/lib/cli/errors.js'

describe('apply options (kubectl ApplyOptions.Validate)', () => {
  test.each([
    [['rc'], {filename: ['x']}, 'none', 'Unexpected args: [rc]'],
    [[], {}, 'none', 'must specify one of -f and -k'],
    [[], {filename: ['x'], 'force-conflicts': true}, 'none', '--force-conflicts only works with --server-side'],
    [[], {filename: ['x'], 'server-side': true}, 'client', "--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)"],
    [[], {filename: ['x'], all: true, selector: 'a=b'}, 'none', 'cannot set --all and --selector at the same time'],
    [[], {filename: ['x'], prune: true}, 'none', 'all resources selected for prune without explicitly passing --all'],
  ])('%j %j %s', (pos, flags, dry, message) => {
    expect(() => applyOptions(pos as string[], flags, dry as any)).toThrow(message)
  })
  test('field manager defaults', () => {
    expect(applyOptions([], {filename: ['x']}, 'none').fieldManager).toBe('kubectl-client-side-apply')
    expect(applyOptions([], {filename: ['x'], 'server-side': true}, 'none').fieldManager).toBe('kubectl')
  })
})

describe('last-applied annotation', () => {
  test('compact JSON, sorted keys, annotations map kept, trailing newline', () => {
    const obj = {kind: 'Deployment', apiVersion: 'apps/v1', metadata: {name: 'nginx-app', namespace: 'default', labels: {app: 'nginx-app'}}, spec: {replicas: 1}}
    expect(lastAppliedValue(obj)).toBe('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"nginx-app"},"name":"nginx-app","namespace":"default"},"spec":{"replicas":1}}\n')
  })
  test('namespaces and CRDs go first, then what pods name, then the rest', () => {
    const m = (kind: string) => ({object: {kind}, source: 'f', line: 1})
    expect(applyWaves([m('Deployment'), m('Namespace'), m('Service'), m('CustomResourceDefinition')])).toEqual([[1, 3], [0, 2]])
    // What pods name comes before the pods and workloads, however the file orders them.
    expect(applyWaves([m('Pod'), m('PersistentVolumeClaim'), m('Namespace'), m('ServiceAccount'), m('Deployment'), m('ConfigMap')])).toEqual([[2], [1, 3, 5], [0, 4]])
    expect(applyWaves([m('Pod'), m('Service')])).toEqual([[0, 1]])
  })
})

describe('manifest hints', () => {
  test('spec under metadata names the file and line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-hint-'))
    const file = path.join(dir, 'nginx-app.yaml')
    fs.writeFileSync(file, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx-app\n  spec:\n    replicas: 1\n')
    const err = new StatusError({reason: 'BadRequest', message: 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "metadata.spec"'}, 400)
    withManifestHint(err, {source: file, line: 1})
    expect(err.hint).toBe(`${file}:5: "spec" is indented under "metadata"; move it back to the top level (same indentation as "metadata")`)
  })
  test('containerPort :80', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-hint-'))
    const file = path.join(dir, 'd.yaml')
    fs.writeFileSync(file, 'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: nginx\n        ports:\n        - containerPort :80\n')
    const err = new StatusError({reason: 'BadRequest', message: 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.ports of type v1.ContainerPort'}, 400)
    withManifestHint(err, {source: file, line: 1})
    expect(err.hint).toBe(`${file}:8: "containerPort :80" is a string; write "containerPort: 80" (the colon goes right after the key)`)
  })
  test('a YAML 1.1 boolean or number where the server wants a string: the line and the quoted form', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-hint-'))
    const file = path.join(dir, 'cm.yaml')
    fs.writeFileSync(file, 'kind: ConfigMap\n---\nkind: ConfigMap\ndata:\n  a: "x"\n  debug: off  # quiet\n  mode: 0644\n')
    const bool = new StatusError({reason: 'BadRequest', message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal bool into Go struct field ConfigMap.data of type string'}, 400)
    withManifestHint(bool, {source: file, line: 3})
    expect(bool.hint).toBe(`${file}:6: YAML reads an unquoted off as a boolean; quote it ("off") where a string is meant`)
    const number = new StatusError({reason: 'BadRequest', message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string'}, 400)
    withManifestHint(number, {source: file, line: 3})
    expect(number.hint).toBe(`${file}:7: YAML reads an unquoted 0644 as a number; quote it ("0644") where a string is meant`)
  })
})
