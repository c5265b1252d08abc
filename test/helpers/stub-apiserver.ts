// Throwaway API server for capturing real kubectl output as printer fixtures: serves /version, aggregated
// discovery and fixed objects (as Table or as JSON list/object). Plain HTTP on 127.0.0.1, ephemeral port.
import * as http from 'node:http'
import type {AddressInfo} from 'node:net'

/** One resource type the stub serves. */
export interface StubResource {
  group: string
  version: string
  resource: string
  kind: string
  singular: string
  shortNames: string[]
  namespaced: boolean
  /** Table column definitions (name, type, format, priority). */
  columns: Array<{name: string, type: string, format: string, priority: number}>
  /** Computes a row's cells from an object. */
  cells: (obj: any) => unknown[]
  objects: any[]
}

/** A running stub. */
export interface StubApiserver {
  url: string
  close(): Promise<void>
}

const DISCOVERY_CT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'

function discovery(resources: StubResource[], core: boolean): any {
  const groups = new Map<string, StubResource[]>()
  for (const r of resources) {
    if ((r.group === '') !== core) continue
    groups.set(r.group, [...(groups.get(r.group) ?? []), r])
  }
  return {
    kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {},
    items: [...groups].map(([group, rs]) => ({
      metadata: core ? {creationTimestamp: null} : {name: group, creationTimestamp: null},
      versions: [{version: rs[0].version, freshness: 'Current', resources: rs.map(r => ({
        resource: r.resource, responseKind: {group: '', version: '', kind: r.kind},
        scope: r.namespaced ? 'Namespaced' : 'Cluster', singularResource: r.singular,
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        shortNames: r.shortNames, categories: ['all'],
      }))}],
    })),
  }
}

/** Starts the stub on 127.0.0.1 with an ephemeral port. */
export async function startStubApiserver(resources: StubResource[], gitVersion = 'v1.33.1'): Promise<StubApiserver> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const send = (code: number, body: any, ct = 'application/json') => {
      res.writeHead(code, {'Content-Type': ct})
      res.end(JSON.stringify(body))
    }
    const p = url.pathname
    if (p === '/version') {
      const minor = gitVersion.split('.')[1]
      return send(200, {major: '1', minor, gitVersion, gitCommit: '8adc0f0', gitTreeState: 'clean',
        buildDate: '2025-05-15T00:00:00Z', goVersion: 'go1.24.2', compiler: 'gc', platform: 'linux/amd64'})
    }
    if (p === '/api') return send(200, discovery(resources, true), DISCOVERY_CT)
    if (p === '/apis') return send(200, discovery(resources, false), DISCOVERY_CT)
    const m = /^\/(?:api|apis\/([^/]+))\/([^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(p)
    const r = m && resources.find(x => x.group === (m[1] ?? '') && x.version === m[2] && x.resource === m[4])
    if (!m || !r) return send(404, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'the server could not find the requested resource', reason: 'NotFound', code: 404})
    const ns = m[3]
    let objs = r.objects.filter(o => !ns || o.metadata.namespace === ns)
    const name = m[5]
    if (name) {
      objs = objs.filter(o => o.metadata.name === name)
      if (objs.length === 0) return send(404, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: `${r.resource}${r.group ? '.' + r.group : ''} "${name}" not found`, reason: 'NotFound',
        details: {name, group: r.group, kind: r.resource}, code: 404})
    }
    const asTable = (req.headers.accept ?? '').includes('as=Table')
    if (asTable) {
      const full = url.searchParams.get('includeObject') === 'Object'
      return send(200, {kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: {resourceVersion: '100'},
        columnDefinitions: r.columns.map(c => ({...c, description: c.name})),
        rows: objs.map(o => ({cells: r.cells(o), object: full ? o : {kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1', metadata: o.metadata}}))})
    }
    if (name) return send(200, objs[0])
    return send(200, {kind: r.kind + 'List', apiVersion: r.group ? `${r.group}/${r.version}` : r.version,
      metadata: {resourceVersion: '100'}, items: objs})
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}

/** A kubeconfig (YAML text) pointing at the stub. */
export function stubKubeconfig(url: string, namespace = 'default'): string {
  return `apiVersion: v1
kind: Config
clusters:
- cluster:
    server: ${url}
  name: stub
contexts:
- context:
    cluster: stub
    namespace: ${namespace}
    user: stub
  name: stub
current-context: stub
users:
- name: stub
  user:
    token: stub-token
`
}
