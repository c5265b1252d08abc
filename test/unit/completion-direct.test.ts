// The pieces of the live completion path that need no server: the kubeconfig YAML subset (checked against js-yaml,
// which it stands in for), the HTTP/1.1 response framing, and the prebuilt completion model.
import {describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {pathToFileURL} from 'node:url'
import yaml from 'js-yaml'
import {parseYamlLite} from '../../src/lib/client/yaml-lite.js'
import {parseResponse, cachedResources} from '../../src/lib/completion/direct.js'
import {DISCOVERY_TTL_MS, type ResourceType} from '../../src/lib/client/discovery.js'
import {loadModel} from '../../src/lib/completion/complete.js'
import {completionModel, liteModel} from '../../src/lib/completion/model.js'

// As `kubectl config` writes it (Go yaml), as kind and minikube write theirs, and hand-edited variants.
const KUBECTL_STYLE = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=
    server: https://127.0.0.1:6443
  name: kind-kind
- cluster:
    insecure-skip-tls-verify: true
    server: https://example.com:443/prefix
    tls-server-name: api.example.com
  name: other
contexts:
- context:
    cluster: kind-kind
    namespace: kube-system
    user: kind-kind
  name: kind-kind
current-context: kind-kind
kind: Config
preferences: {}
users:
- name: kind-kind
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==
- name: tok
  user:
    token: abc.def-ghi_jkl
`
const INDENTED_STYLE = `# written by hand
---
apiVersion: v1
kind: Config
clusters:
  - name: "quoted name"
    cluster:
      server: 'https://10.0.0.1:6443'   # trailing comment
      certificate-authority: /etc/k8s/ca.crt
contexts:
  - name: dev
    context:
      cluster: quoted name
      user: "it's me"
      namespace: ~
users:
  - name: "it's me"
    user:
      username: admin
      password: 'p''ss#word'
      exec:
      extensions: []
current-context: dev
`
const BAILS = [
  'clusters: [{name: a}]\n', // flow collection
  'a: &x 1\nb: *x\n', // anchors
  'a: |\n  text\n', // block scalar
  'a: 6443\n', // number
  'a: 2024-01-01\n', // timestamp
  'a: b\na: c\n', // duplicate key
  'a: "\\u00e9"\n', // escape js-yaml decides
  'a: one\n  two\n', // multi-line plain scalar
  '- a\n  - b\n', // bad nesting
  'a: !!str x\n', // tag
  '{"apiVersion": "v1"}\n', // JSON
  '', // empty
]

describe('parseYamlLite', () => {
  test.each([['kubectl style', KUBECTL_STYLE], ['indented, quoted, commented', INDENTED_STYLE]])('%s: the same value as js-yaml', (_name, text) => {
    expect(parseYamlLite(text)).toEqual(yaml.load(text))
  })

  test('the sandbox kubeconfig a test run writes parses as js-yaml parses it', () => {
    const text = `apiVersion: v1\nkind: Config\npreferences: {}\nclusters:\n  - cluster:\n      certificate-authority-data: ${Buffer.alloc(900, 7).toString('base64')}\n      server: https://127.0.0.1:41083\n    name: kctl-sandbox\nusers:\n  - name: kctl-sandbox\n    user:\n      client-certificate-data: ${Buffer.alloc(900, 8).toString('base64')}\ncontexts:\n  - context:\n      cluster: kctl-sandbox\n      user: kctl-sandbox\n    name: kctl-sandbox\ncurrent-context: kctl-sandbox\n`
    expect(parseYamlLite(text)).toEqual(yaml.load(text))
  })

  test('everything outside the subset is left to js-yaml', () => {
    expect(BAILS.map((t) => parseYamlLite(t))).toEqual(BAILS.map(() => undefined))
  })
})

describe('parseResponse', () => {
  const body = '{"items":[{"metadata":{"name":"a"}}]}'
  test('Content-Length: complete only once the whole body is in', () => {
    const full = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`)
    expect(parseResponse(full.subarray(0, full.length - 5), false)).toBeUndefined()
    expect(parseResponse(full, false)).toEqual({status: 200, body: Buffer.from(body)})
    expect(() => parseResponse(full.subarray(0, full.length - 5), true)).toThrow('incomplete body')
  })

  test('chunked: chunks joined, complete at the zero chunk', () => {
    const chunked = Buffer.from(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${(10).toString(16)}\r\n${body.slice(0, 10)}\r\n${(body.length - 10).toString(16)};ext=1\r\n${body.slice(10)}\r\n0\r\n\r\n`)
    expect(parseResponse(chunked.subarray(0, 40), false)).toBeUndefined()
    expect(parseResponse(chunked, false)).toEqual({status: 200, body: Buffer.from(body)})
  })

  test('no framing: the body runs to the end of the connection; errors keep their status', () => {
    expect(parseResponse(Buffer.from(`HTTP/1.1 403 Forbidden\r\n\r\n{}`), false)).toBeUndefined()
    expect(parseResponse(Buffer.from(`HTTP/1.1 403 Forbidden\r\n\r\n{}`), true)).toEqual({status: 403, body: Buffer.from('{}')})
  })

  test('compressed bodies and garbage are refused', () => {
    expect(() => parseResponse(Buffer.from('HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 0\r\n\r\n'), false)).toThrow('unexpected content-encoding gzip')
    expect(() => parseResponse(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'), false)).toThrow('not an HTTP/1.1 response')
  })
})

describe('loadModel', () => {
  const manifest = {commands: {get: {summary: 'Display one or many resources', flags: {output: {name: 'output', char: 'o', type: 'option', summary: 'Output format.'}}}}}
  const full = completionModel(manifest)
  function tree(): {root: URL; dir: URL; dirPath: string; manifestFile: string} {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-model-'))
    const dirPath = path.join(root, 'dist')
    fs.mkdirSync(dirPath)
    const manifestFile = path.join(root, 'oclif.manifest.json')
    fs.writeFileSync(manifestFile, JSON.stringify(manifest))
    return {root: pathToFileURL(`${root}/`), dir: pathToFileURL(`${dirPath}/`), dirPath, manifestFile}
  }

  test('the prebuilt model when it is not older than the manifest; the lite one has no descriptions', () => {
    const t = tree()
    fs.writeFileSync(path.join(t.dirPath, 'model.json'), JSON.stringify({...full, marker: 'prebuilt'}))
    fs.writeFileSync(path.join(t.dirPath, 'model-lite.json'), JSON.stringify(liteModel(full)))
    fs.writeFileSync(path.join(t.dirPath, 'model-topics.json'), JSON.stringify({create: {summary: '', subcommands: ['x']}}))
    expect(loadModel(false, t.root, t.dir)).toEqual({...full, marker: 'prebuilt'})
    expect(loadModel(true, t.root, t.dir)).toEqual({
      commands: [{id: 'get', words: ['get'], summary: '', flags: [{name: 'output', char: 'o', takesValue: true, description: '', values: full.commands[0].flags[0].values}]}],
      topics: {create: {summary: '', subcommands: ['x']}},
    })
  })

  test('the lite model reads its commands only when asked for them', () => {
    const t = tree()
    fs.writeFileSync(path.join(t.dirPath, 'model-topics.json'), '{}')
    fs.writeFileSync(path.join(t.dirPath, 'model-lite.json'), 'not json')
    const m = loadModel(true, t.root, t.dir)
    expect(m.topics).toEqual({})
    expect(() => m.commands).toThrow(SyntaxError)
  })

  test('a manifest newer than the prebuilt model (or no model) means deriving it from the manifest', () => {
    const t = tree()
    const model = path.join(t.dirPath, 'model.json')
    fs.writeFileSync(model, JSON.stringify({...full, marker: 'stale'}))
    const old = new Date(Date.now() - 60_000)
    fs.utimesSync(model, old, old)
    expect(loadModel(false, t.root, t.dir)).toEqual(full)
    expect(loadModel(true, t.root, t.dir)).toEqual(full)
  })
})

describe('discovery cache reading without discovery.js: the same answers as discovery.ts', () => {
  const t = (group: string, version: string, resource: string, kind: string, singular: string, shortNames: string[] = []): ResourceType =>
    ({group, version, resource, kind, singular, namespaced: true, shortNames, verbs: ['list'], categories: [], subresources: []})
  const resources = [
    t('', 'v1', 'pods', 'Pod', 'pod', ['po']),
    t('', 'v1', 'events', 'Event', 'event', ['ev']),
    t('apps', 'v1', 'deployments', 'Deployment', 'deployment', ['deploy']),
    t('events.k8s.io', 'v1', 'events', 'Event', 'event', ['ev']),
    t('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', 'horizontalpodautoscaler', ['hpa']),
  ]
  test('cachedResources: fresh files only, with discovery.ts TTL', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-disc-'))
    const file = (name: string, fetchedAt: number) => {
      const f = path.join(dir, name)
      fs.writeFileSync(f, JSON.stringify({fetchedAt, resources, groupVersions: ['v1']}))
      return f
    }
    fs.writeFileSync(path.join(dir, 'corrupt'), '{')
    expect([
      cachedResources(file('fresh', Date.now() - 1000)),
      cachedResources(file('stale', Date.now() - DISCOVERY_TTL_MS - 1000)),
      cachedResources(file('future', Date.now() + 60_000)),
      cachedResources(path.join(dir, 'corrupt')),
      cachedResources(path.join(dir, 'missing')),
    ]).toEqual([resources, undefined, undefined, undefined, undefined])
  })
})
