// Discovery's on-disk cache against a real HTTP server that counts requests: permissions, lifetime, and the single
// refresh that finds a CRD created after the cache was written.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as os from 'node:os'
import * as path from 'node:path'
import type {AddressInfo} from 'node:net'
import {RestClient} from '../../src/lib/client/rest.js'
import {Discovery, DISCOVERY_TTL_MS, discoveryCacheFile} from '../../src/lib/client/discovery.js'
import type {Connection} from '../../src/lib/client/kubeconfig.js'

const CT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'
const groups: any[] = []
const requests: string[] = []
let server: http.Server
let url: string
let root: string

const resource = (name: string, kind: string, scope = 'Namespaced', shortNames: string[] = []) =>
  ({resource: name, responseKind: {group: '', version: '', kind}, scope, singularResource: kind.toLowerCase(), shortNames, verbs: ['get', 'list']})

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-discovery-'))
  server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`)
    if (req.url === '/api') {
      res.writeHead(200, {'Content-Type': CT})
      res.end(JSON.stringify({kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', items: [{metadata: {}, versions: [{version: 'v1', resources: [resource('pods', 'Pod', 'Namespaced', ['po'])]}]}]}))
    } else if (req.url === '/apis') {
      res.writeHead(200, {'Content-Type': CT})
      res.end(JSON.stringify({kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', items: groups}))
    } else {
      res.writeHead(404, {'Content-Type': 'application/json'})
      res.end('{}')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  fs.rmSync(root, {recursive: true, force: true})
})

function discovery(cacheDir: string): {d: Discovery; rest: RestClient; file: string} {
  const conn = {server: url, insecureSkipTlsVerify: false, contextName: '', clusterName: '', userName: '', namespace: 'default', namespaceExplicit: false, cluster: {}} as Connection
  const rest = new RestClient(conn, {verbosity: 0, requestTimeoutMs: 5000, commandName: 'kubectl get', warn: () => undefined, log: () => undefined, interactive: () => false})
  const file = discoveryCacheFile(cacheDir, url)
  return {d: new Discovery(rest, file), rest, file}
}

describe('discovery cache', () => {
  test('cache file path: --cache-dir, then KUBECACHEDIR, then ~/.kube/cache', () => {
    expect(discoveryCacheFile('/c', 'https://10.0.0.1:6443', {})).toBe('/c/kctl/discovery/10.0.0.1_6443/aggregated.json')
    expect(discoveryCacheFile(undefined, 'https://example.com', {KUBECACHEDIR: '/k'})).toBe('/k/kctl/discovery/example.com_443/aggregated.json')
    expect(discoveryCacheFile(undefined, 'http://[::1]:8080', {HOME: '/h'})).toBe('/h/.kube/cache/kctl/discovery/___1__8080/aggregated.json')
  })

  test('written with directory 0700 and file 0600, then served without requests', async () => {
    const dir = path.join(root, 'perm')
    const first = discovery(dir)
    requests.length = 0
    const pods = await first.d.resolve('po')
    expect(pods.resource).toBe('pods')
    first.rest.close()
    expect(requests).toEqual(['GET /api', 'GET /apis'])
    expect(fs.statSync(first.file).mode & 0o777).toBe(0o600)
    for (let p = path.dirname(first.file); p.startsWith(dir); p = path.dirname(p)) expect([p, fs.statSync(p).mode & 0o777]).toEqual([p, 0o700])

    requests.length = 0
    const second = discovery(dir)
    expect((await second.d.resolve('pods')).kind).toBe('Pod')
    second.rest.close()
    expect(requests).toEqual([])
  })

  test('a cache older than kubectl\'s 6 h lifetime is refetched', async () => {
    const dir = path.join(root, 'ttl')
    const a = discovery(dir)
    await a.d.all()
    a.rest.close()
    const data = JSON.parse(fs.readFileSync(a.file, 'utf8'))
    data.fetchedAt = Date.now() - DISCOVERY_TTL_MS - 1000
    fs.writeFileSync(a.file, JSON.stringify(data))
    requests.length = 0
    const b = discovery(dir)
    await b.d.all()
    b.rest.close()
    expect(requests).toEqual(['GET /api', 'GET /apis'])
  })

  test('a CRD created after the cache was written is found by one refresh; an unknown type refreshes only once', async () => {
    const dir = path.join(root, 'crd')
    const warm = discovery(dir)
    await warm.d.all()
    warm.rest.close()
    groups.push({metadata: {name: 'stable.example.com'}, versions: [{version: 'v1', resources: [
      {...resource('crontabs', 'CronTab', 'Namespaced', ['ct']), responseKind: {group: 'stable.example.com', version: 'v1', kind: 'CronTab'}},
    ]}]})
    try {
      requests.length = 0
      const c = discovery(dir)
      const ct = await c.d.resolve('ct')
      expect({group: ct.group, version: ct.version, resource: ct.resource, kind: ct.kind}).toEqual({group: 'stable.example.com', version: 'v1', resource: 'crontabs', kind: 'CronTab'})
      expect(requests).toEqual(['GET /api', 'GET /apis'])
      await expect(c.d.resolve('nosuchthing')).rejects.toThrow('the server doesn\'t have a resource type "nosuchthing"')
      await expect(c.d.resolve('other')).rejects.toThrow('the server doesn\'t have a resource type "other"')
      c.rest.close()
      expect(requests).toEqual(['GET /api', 'GET /apis'])
      // The refreshed cache now holds the CRD for the next process.
      requests.length = 0
      const next = discovery(dir)
      expect((await next.d.resolve('crontabs.stable.example.com')).kind).toBe('CronTab')
      next.rest.close()
      expect(requests).toEqual([])
    } finally {
      groups.length = 0
    }
  })

  test('a corrupt cache file is replaced', async () => {
    const dir = path.join(root, 'corrupt')
    const file = discoveryCacheFile(dir, url)
    fs.mkdirSync(path.dirname(file), {recursive: true})
    fs.writeFileSync(file, '{not json')
    requests.length = 0
    const a = discovery(dir)
    expect((await a.d.resolve('pod')).resource).toBe('pods')
    a.rest.close()
    expect(requests).toEqual(['GET /api', 'GET /apis'])
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).resources.map((r: any) => r.resource)).toEqual(['pods'])
  })
})
