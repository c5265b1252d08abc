// Real kubectl 1.33 against a small in-process API stub that serves this project's OpenAPI documents and decodes
// protobuf bodies with this project's decoder: explain (v3 and v2), apply with server-side field validation and
// OpenAPI-driven strategic merge patches, and `kubectl create` protobuf bodies.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import * as http from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {OPENAPI_V2_PROTOBUF, openapiV2Protobuf, openapiV3Doc, openapiV3Root} from '../../src/sandbox/openapi/index.js'
import {decodeProtobufObject} from '../../src/sandbox/server/protobuf.js'
import type {ResourceInfo} from '../../src/sandbox/types.js'
import {type RunEnv, kubectl, requireKubectl} from '../helpers/cli.js'

const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']
const res = (group: string, resource: string, kind: string, namespaced = true, subresources: string[] = []): ResourceInfo =>
  ({group, version: 'v1', resource, kind, singular: kind.toLowerCase(), namespaced, shortNames: [], categories: [], verbs, subresources})
const resources: ResourceInfo[] = [
  res('', 'pods', 'Pod', true, ['status']), res('', 'namespaces', 'Namespace', false), res('', 'configmaps', 'ConfigMap'),
  res('', 'secrets', 'Secret'), res('', 'services', 'Service', true, ['status']),
  res('apps', 'deployments', 'Deployment', true, ['status', 'scale']), res('batch', 'jobs', 'Job', true, ['status']),
]

type Req = {method: string; url: string; contentType: string; body: Buffer}
const requests: Req[] = []
const store = new Map<string, any>()
let server: http.Server
let dir: string
let env: RunEnv
const enabled = requireKubectl('OpenAPI/protobuf against real kubectl')

function discovery(core: boolean): any {
  const groups = new Map<string, ResourceInfo[]>()
  for (const r of resources) if ((r.group === '') === core) groups.set(r.group, [...(groups.get(r.group) ?? []), r])
  return {kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items: [...groups].map(([g, rs]) => ({
    metadata: core ? {creationTimestamp: null} : {name: g, creationTimestamp: null},
    versions: [{version: 'v1', freshness: 'Current', resources: rs.map(r => ({
      resource: r.resource, responseKind: {group: '', version: '', kind: r.kind}, scope: r.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: r.singular, verbs: r.verbs}))}],
  }))}
}

function handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x')
  const p = url.pathname
  const send = (code: number, obj: unknown, ct = 'application/json') => {
    res.writeHead(code, {'Content-Type': ct})
    res.end(typeof obj === 'string' || Buffer.isBuffer(obj) ? obj : JSON.stringify(obj))
  }
  requests.push({method: req.method ?? '', url: req.url ?? '', contentType: String(req.headers['content-type'] ?? ''), body})
  if (p === '/version') return send(200, {major: '1', minor: '33', gitVersion: 'v1.33.1', platform: 'linux/amd64'})
  if (p === '/api' || p === '/apis') return send(200, discovery(p === '/api'), 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')
  if (p === '/openapi/v3') return send(200, openapiV3Root(resources, []))
  if (p.startsWith('/openapi/v3/')) {
    const doc = openapiV3Doc(p.slice('/openapi/v3/'.length), resources, [])
    return doc ? send(200, doc) : send(404, {})
  }
  if (p === '/openapi/v2') return send(200, openapiV2Protobuf(resources, []), OPENAPI_V2_PROTOBUF)
  const notFound = {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: 'not found'}
  if (req.method === 'GET') return store.has(p) ? send(200, store.get(p)) : send(404, notFound)
  if (req.method === 'POST') {
    const obj = String(req.headers['content-type']).startsWith('application/vnd.kubernetes.protobuf') ? decodeProtobufObject(body) : JSON.parse(body.toString())
    obj.metadata = {...obj.metadata, namespace: obj.metadata.namespace ?? 'default', uid: 'u1', resourceVersion: '1'}
    store.set(`${p}/${obj.metadata.name}`, obj)
    return send(201, obj)
  }
  if (req.method === 'PATCH' && store.has(p)) return send(200, store.get(p))
  return send(404, notFound)
}

beforeAll(async () => {
  if (!enabled) return
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => handle(req, Buffer.concat(chunks), res))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  dir = mkdtempSync(join(tmpdir(), 'kctl-openapi-'))
  const kubeconfig = join(dir, 'config')
  writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
clusters: [{name: stub, cluster: {server: "http://127.0.0.1:${port}"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: stub, context: {cluster: stub, user: u, namespace: default}}]
current-context: stub
`)
  env = {home: dir, kubeconfig, extra: {KUBECACHEDIR: join(dir, 'cache')}}
})

afterAll(async () => {
  if (!enabled) return
  await new Promise(resolve => server.close(resolve))
  rmSync(dir, {recursive: true, force: true})
})

const t = enabled ? test : test.skip

describe('kubectl explain', () => {
  t('v3: a scalar field', async () => {
    const r = await kubectl(env, ['explain', 'deployment.spec.replicas'])
    expect(r).toEqual({code: 0, stderr: '', stdout: `GROUP:      apps
KIND:       Deployment
VERSION:    v1

FIELD: replicas <integer>


DESCRIPTION:
    Number of desired pods. This is a pointer to distinguish between explicit
    zero and not specified. Defaults to 1.
    

`})
  })

  t('v3: object, map and int-or-string type names', async () => {
    const r = await kubectl(env, ['explain', 'deployment.spec.template.spec.containers.resources'])
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n').filter(l => /^ {2}\w/.test(l))).toEqual([
      '  claims\t<[]ResourceClaim>', '  limits\t<map[string]Quantity>', '  requests\t<map[string]Quantity>'])
    const s = await kubectl(env, ['explain', 'deployment.spec.strategy.rollingUpdate'])
    expect(s.stdout.split('\n').filter(l => /^ {2}\w/.test(l))).toEqual(['  maxSurge\t<IntOrString>', '  maxUnavailable\t<IntOrString>'])
  })

  t('v2 (protobuf /openapi/v2)', async () => {
    const r = await kubectl(env, ['explain', '--output=plaintext-openapiv2', 'deployment.spec.replicas'])
    expect(r).toEqual({code: 0, stderr: '', stdout: `KIND:     Deployment
VERSION:  apps/v1

FIELD:    replicas <integer>

DESCRIPTION:
     Number of desired pods. This is a pointer to distinguish between explicit
     zero and not specified. Defaults to 1.
`})
  })
})

describe('kubectl apply', () => {
  const manifest = (replicas: number, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: ${image}, ports: [{containerPort: 80}]}]
`

  t('asks the server to validate fields, and patches with merge keys from the OpenAPI document', async () => {
    const first = await kubectl(env, ['apply', '-f', '-'], {stdin: manifest(1, 'nginx:1.27')})
    expect(first).toEqual({code: 0, stderr: '', stdout: 'deployment.apps/web created\n'})
    expect(requests.filter(r => r.method === 'POST').map(r => r.url).pop())
      .toBe('/apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-client-side-apply&fieldValidation=Strict')
    const second = await kubectl(env, ['apply', '-f', '-'], {stdin: manifest(3, 'nginx:1.28')})
    expect(second).toEqual({code: 0, stderr: '', stdout: 'deployment.apps/web configured\n'})
    const patch = requests.filter(r => r.method === 'PATCH').pop()!
    expect(patch.contentType).toBe('application/strategic-merge-patch+json')
    const body = JSON.parse(patch.body.toString())
    expect(body.spec).toEqual({replicas: 3, template: {spec: {
      '$setElementOrder/containers': [{name: 'nginx'}], containers: [{image: 'nginx:1.28', name: 'nginx'}]}}})
  })
})

describe('kubectl create sends protobuf', () => {
  const cases: [string, string[]][] = [
    ['deployment', ['create', 'deployment', 'd1', '--image', 'nginx', '--replicas=0', '--port=80']],
    ['namespace', ['create', 'namespace', 'n1']],
    ['configmap', ['create', 'configmap', 'c1', '--from-literal=a=1']],
    ['secret', ['create', 'secret', 'generic', 's1', '--from-literal=k=v']],
    ['service', ['create', 'service', 'nodeport', 'svc1', '--tcp=80:http']],
    ['job', ['create', 'job', 'j1', '--image', 'busybox']],
  ]
  t.each(cases)('%s decodes to the object kubectl built', async (_name, args) => {
    const before = requests.length
    const r = await kubectl(env, args)
    expect(r.code).toBe(0)
    const post = requests.slice(before).find(x => x.method === 'POST')!
    expect(post.contentType).toBe('application/vnd.kubernetes.protobuf')
    const dry = await kubectl(env, [...args, '--dry-run=client', '-o', 'json'])
    expect(decodeProtobufObject(post.body)).toEqual(JSON.parse(dry.stdout))
  })
})
