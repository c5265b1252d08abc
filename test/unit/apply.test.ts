import {describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {applyOptions, applyWaves} from '../../src/lib/apply/apply.js'
import {lastAppliedValue} from '../../src/lib/apply/last-applied.js'
import {withManifestHint} from '../../src/lib/resource/hints.js'
import {parseManifestStream} from '../../src/lib/resource/manifests.js'
import {quoteLine} from '../../src/lib/resource/syntax-errors.js'
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

describe('YAML syntax errors: go-yaml\'s message (as kubectl prints it) and the hint', () => {
  // Each kubectl message below was read from kubectl 1.32 on the same text: go-yaml numbers lines within the document,
  // 1-based for scanner errors and 0-based for parser errors.
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n'
  test.each([
    ['under-indented key', `${cm}  name: x\n data: {}\n`, 'line 4: did not find expected key', 'f.yaml:5:2: bad indentation of a mapping entry: " data: {}"'],
    ['a second ": " on a line', `${cm}  name: x: y\n`, 'line 4: mapping values are not allowed in this context', 'f.yaml:4:10: a ": " where no key can start (check the indentation of this line, or quote a value holding ": "): "  name: x: y"'],
    ['a key inside a sequence', `${cm}  name: x\ndata:\n  - a\n  b: c\n`, "line 6: did not find expected '-' indicator", 'f.yaml:7:3: bad indentation of a mapping entry: "  b: c"'],
    ['a tab where a block starts', `${cm}\tname: x\n`, 'line 4: found character that cannot start any token', 'f.yaml:4:1: a tab in the indentation (YAML indents with spaces only): "\\tname: x"'],
    ['a tab after a plain value', `${cm}  name: x\ndata:\n  a: b\n\tb: c\n`, 'line 7: found a tab character that violates indentation', 'f.yaml:7:1: a tab in the indentation (YAML indents with spaces only): "\\tb: c"'],
    ['a tab on the first line', '\tapiVersion: v1\n', 'found character that cannot start any token', 'f.yaml:1:1: a tab in the indentation (YAML indents with spaces only): "\\tapiVersion: v1"'],
    ['an unclosed quote', `${cm}  name: "x\ndata:\n  a: b\n`, 'line 7: found unexpected end of stream', 'f.yaml:4:9: this double-quoted value is never closed: "  name: \\"x"'],
    ['an unclosed flow mapping', `${cm}  labels: {a: b\n`, "line 4: did not find expected ',' or '}'", 'f.yaml:4:11: this \'{\' is never closed: "  labels: {a: b"'],
    ['an unclosed flow sequence', `${cm}  name: x\n  labels: [a, b\n`, "line 5: did not find expected ',' or ']'", 'f.yaml:5:11: this \'[\' is never closed: "  labels: [a, b"'],
    ['an undefined alias', `${cm}  name: *x\n`, "unknown anchor 'x' referenced", 'f.yaml:4:9: no anchor &x is defined before this alias: "  name: *x"'],
    ['@ starting a value', `${cm}  name: @x\n`, 'line 4: found character that cannot start any token', 'f.yaml:4:9: @ cannot start a plain value; quote the value: "  name: @x"'],
  ])('%s', async (_name, text, go, hint) => {
    const {objects, error} = await parseManifestStream(text, 'f.yaml')
    expect(objects).toEqual([])
    expect(error?.message).toBe(`error parsing f.yaml: error converting YAML to JSON: yaml: ${go}`)
    expect(error?.hint).toBe(hint)
  })
  test('a bad second document: the first is kept, kubectl\'s line counts from the document, the hint\'s from the file', async () => {
    const {objects, error} = await parseManifestStream(`${cm}  name: a\n---\n# b\n${cm}  name: b\n data: {}\n---\n${cm}  name: c\n`, 'STDIN')
    expect(objects.map((o) => [o.object.metadata.name, o.line])).toEqual([['a', 1]])
    expect(error?.message).toBe('error parsing STDIN: error converting YAML to JSON: yaml: line 5: did not find expected key')
    expect(error?.hint).toBe('STDIN:11:2: bad indentation of a mapping entry: " data: {}"')
  })
  test('in a Secret, a hint quotes keys, never values', async () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n'
    const cases: [string, string][] = [
      [`${secret}data:\n  password: c2VjcmV0\n   token: dG9rZW4=\n`, 'secret.yaml:7:9: a ": " where no key can start (check the indentation of this line, or quote a value holding ": "): "   token: …" (the value is not shown: it is in a Secret)'],
      [`${secret}stringData:\n  password: "hunter2\n`, 'secret.yaml:6:13: this double-quoted value is never closed: "  password: …" (the value is not shown: it is in a Secret)'],
      // Inside a block value every line is value, whatever it looks like.
      [`${secret}stringData:\n  tls.key: |\n    -----BEGIN KEY-----\n\tsecret: MIIEvQ\n`, 'secret.yaml:8:1: a tab in the indentation of a block (| or >) value (YAML indents with spaces only): (the line is not shown: it is in a Secret)'],
      [`${secret}data:\n  password: c2VjcmV0\n  - dG9rZW4=\n`, 'secret.yaml:7:3: bad indentation of a mapping entry: (the line is not shown: it is in a Secret)'],
    ]
    for (const [text, hint] of cases) {
      const {error} = await parseManifestStream(text, 'secret.yaml')
      expect(error?.hint).toBe(hint)
      for (const value of ['c2VjcmV0', 'dG9rZW4', 'hunter2', 'MIIEvQ']) expect(error?.hint).not.toContain(value)
    }
    expect(quoteLine('  password: x', false)).toBe('"  password: x"')
    expect(quoteLine('  password:', true)).toBe('"  password:"')
    expect(quoteLine('  password:x', true)).toBe('(the line is not shown: it is in a Secret)')
  })
  test('a YAML 1.1 boolean in a Secret\'s stringData: the line, not the value', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-hint-'))
    const file = path.join(dir, 's.yaml')
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  enabled: yes\n')
    const err = new StatusError({reason: 'BadRequest', message: 'Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal bool into Go struct field Secret.stringData of type string'}, 400)
    withManifestHint(err, {source: file, line: 1, object: {kind: 'Secret'}})
    expect(err.hint).toBe(`${file}:6: YAML reads an unquoted yes, no, on, off, true or false as a boolean; quote the value (not shown: it is in a Secret)`)
  })
})
