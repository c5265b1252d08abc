// The sandbox process: opens the store, seeds the cluster, serves HTTPS, starts controllers and kubelets,
// and announces readiness through DATA/endpoint.json (see docs/design.md, "The sandbox process contract").
import {randomBytes} from 'node:crypto'
import {appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {parseArgs} from 'node:util'
import {Api} from './api/index.js'
import {setUnknownFieldsProvider} from './api/schema.js'
import {loadOrCreatePki} from './pki.js'
import {startServer} from './server/index.js'
import {Store} from './store/index.js'
import {ApiError, GVRS, type KObject, type KubeletHooks} from './types.js'

/** Parsed command line of the sandbox process. */
export interface SandboxArgs {
  dataDir: string
  port: number
  nodes: number
  version: string
  name: string
}

/** Parses argv (without node and script). */
export function parseSandboxArgs(argv: string[]): SandboxArgs {
  const {values} = parseArgs({
    args: argv,
    options: {
      'data-dir': {type: 'string'},
      port: {type: 'string', default: '0'},
      nodes: {type: 'string', default: '3'},
      'kubernetes-version': {type: 'string', default: 'v1.33.1'},
      name: {type: 'string', default: 'sandbox'},
    },
    strict: true,
  })
  if (!values['data-dir']) throw new Error('--data-dir is required')
  let version = String(values['kubernetes-version'])
  if (!version.startsWith('v')) version = `v${version}`
  if (!/^v\d+\.\d+\.\d+/.test(version)) throw new Error(`invalid --kubernetes-version: ${version}`)
  const port = Number(values.port)
  const nodes = Number(values.nodes)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port: ${values.port}`)
  if (!Number.isInteger(nodes) || nodes < 0) throw new Error(`invalid --nodes: ${values.nodes}`)
  return {dataDir: resolve(String(values['data-dir'])), port, nodes, version, name: String(values.name)}
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, text, {mode: 0o600})
  renameSync(tmp, file)
}

function loadToken(dir: string): string {
  const file = join(dir, 'token')
  if (existsSync(file)) {
    const t = readFileSync(file, 'utf8').trim()
    if (t) return t
  }
  const t = randomBytes(24).toString('base64url')
  writeAtomic(file, `${t}\n`)
  return t
}

// The pid in an existing endpoint.json when that process is still alive (a kill -9 leaves a stale file behind).
function runningPid(endpointFile: string): number | undefined {
  try {
    const pid = Number(JSON.parse(readFileSync(endpointFile, 'utf8')).pid)
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined
    process.kill(pid, 0)
    return pid
  } catch {
    return undefined
  }
}

function ignoreExists(fn: () => unknown): void {
  try {
    fn()
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 409)) throw e
  }
}

/** Seeds what a fresh kube-apiserver creates itself: system namespaces and the `kubernetes` Service. */
export function seed(api: Api): void {
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    if (!api.tryGet(GVRS.namespaces, undefined, ns)) {
      ignoreExists(() => api.create(GVRS.namespaces, {apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}}, {fieldManager: 'kube-apiserver'}))
    }
  }
  if (!api.tryGet(GVRS.services, 'default', 'kubernetes')) {
    const svc: KObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: 'kubernetes', namespace: 'default', labels: {component: 'apiserver', provider: 'kubernetes'}},
      spec: {
        clusterIP: '10.96.0.1',
        clusterIPs: ['10.96.0.1'],
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{name: 'https', port: 443, protocol: 'TCP', targetPort: 6443}],
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
      status: {loadBalancer: {}},
    }
    // 10.96.0.1 is reserved for this Service, so it bypasses the ClusterIP allocator
    ignoreExists(() => api.createSystem(GVRS.services, svc, {fieldManager: 'kube-apiserver'}))
  }
  seedStorageClass(api)
}

const STORAGE_CLASSES = {group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses'}

/**
 * kind's default StorageClass, as `kubectl apply` leaves it (served by the local-path provisioner in
 * controllers/storage.ts). Only into a cluster without any class, so one the user replaced stays replaced.
 */
export function seedStorageClass(api: Api): void {
  if (!api.resourceFor(STORAGE_CLASSES.group, STORAGE_CLASSES.resource)) return
  if (api.list(STORAGE_CLASSES, {limit: 1}).items.length) return
  const applied = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {annotations: {'storageclass.kubernetes.io/is-default-class': 'true'}, name: 'standard'},
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  }
  const sc: KObject = {
    ...applied,
    metadata: {
      name: 'standard',
      annotations: {'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(applied)}\n`, 'storageclass.kubernetes.io/is-default-class': 'true'},
    },
  }
  ignoreExists(() => api.create(STORAGE_CLASSES, sc, {fieldManager: 'kubectl-client-side-apply'}))
}

async function optionalImport(spec: string, log: (l: string) => void): Promise<any> {
  try {
    return await import(spec)
  } catch (e) {
    log(`${spec} not loaded: ${(e as Error).message}`)
    return undefined
  }
}

/** Runs the sandbox until SIGTERM/SIGINT. */
export async function main(argv: string[]): Promise<void> {
  const args = parseSandboxArgs(argv)
  mkdirSync(args.dataDir, {recursive: true, mode: 0o700})
  try {
    chmodSync(args.dataDir, 0o700)
  } catch {
    // not ours to change (e.g. a pre-existing directory owned by someone else)
  }
  const endpointFile = join(args.dataDir, 'endpoint.json')
  const running = runningPid(endpointFile)
  if (running !== undefined) throw new Error(`a sandbox is already running on ${args.dataDir} (pid ${running})`)
  rmSync(endpointFile, {force: true})
  const sandboxLog = join(args.dataDir, 'sandbox.log')
  const log = (line: string) => {
    try {
      appendFileSync(sandboxLog, `${new Date().toISOString()} ${line}\n`, {mode: 0o600})
    } catch {
      // best effort
    }
  }
  log(`starting ${args.name} ${args.version} pid ${process.pid}`)
  // one failing controller or stream must not take the whole cluster down: log it and keep serving
  process.on('uncaughtException', (e) => log(`uncaught: ${(e as Error)?.stack ?? e}`))
  process.on('unhandledRejection', (e) => log(`unhandled rejection: ${(e as Error)?.stack ?? e}`))
  const pki = await loadOrCreatePki(args.dataDir, args.name)
  const token = loadToken(args.dataDir)
  const store = new Store(join(args.dataDir, 'state.db'))
  const api = new Api(store, {version: args.version, log})
  seed(api)

  let hooks: KubeletHooks | undefined
  const server = await startServer({
    api,
    version: args.version,
    caPem: pki.caCert,
    certPem: pki.serverCert,
    keyPem: pki.serverKey,
    tokens: [token],
    port: args.port,
    logFile: join(args.dataDir, 'server.log'),
    hooks: () => hooks,
    log,
  })
  log(`serving on https://127.0.0.1:${server.port}`)

  const stoppers: (() => unknown)[] = []
  const controllers = await optionalImport('./controllers/index.js', log)
  if (controllers?.startControllers) {
    try {
      const c = controllers.startControllers(api, {log, apiServer: {ip: '127.0.0.1', port: server.port}, rootCaPem: pki.caCert, dataDir: args.dataDir})
      stoppers.push(() => c.stop())
    } catch (e) {
      log(`controllers failed: ${(e as Error).stack}`)
    }
  }
  let isolation: string | undefined
  const kubelet = await optionalImport('./kubelet/index.js', log)
  if (kubelet?.startKubelets && args.nodes > 0) {
    try {
      const k = await kubelet.startKubelets(api, {dataDir: args.dataDir, nodes: args.nodes, version: args.version, log})
      hooks = k
      isolation = k.isolation
      api.kubeletsActive = true
      stoppers.push(() => k.stop())
      log(`kubelets: ${args.nodes} nodes (${k.isolation})`)
    } catch (e) {
      log(`kubelets failed: ${(e as Error).stack}`)
    }
  }

  const endpoint = {
    pid: process.pid,
    server: `https://127.0.0.1:${server.port}`,
    version: args.version,
    caData: Buffer.from(pki.caCert).toString('base64'),
    clientCertificateData: Buffer.from(pki.clientCert).toString('base64'),
    clientKeyData: Buffer.from(pki.clientKey).toString('base64'),
    token,
    nodes: args.nodes,
    ...(isolation ? {isolation} : {}),
  }
  writeAtomic(endpointFile, `${JSON.stringify(endpoint, null, 2)}\n`)
  log('ready')
  // the OpenAPI schemas (for fieldValidation) load after readiness; until then only ObjectMeta is checked
  void optionalImport('./openapi/index.js', log).then((openapi) => {
    if (openapi?.unknownFields) {
      setUnknownFieldsProvider(openapi.unknownFields, () => store.peekAll('apiextensions.k8s.io', 'customresourcedefinitions'))
    }
  })

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log(`${signal}: stopping`)
    rmSync(endpointFile, {force: true})
    const force = setTimeout(() => process.exit(0), 5000)
    force.unref()
    for (const s of stoppers.reverse()) {
      try {
        await s()
      } catch (e) {
        log(`stop: ${(e as Error).message}`)
      }
    }
    await server.close()
    api.close()
    store.close()
    log('stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

const isEntry = process.argv[1] && /sandbox[\\/]main\.(js|ts)$/.test(process.argv[1])
if (isEntry) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`sandbox: ${(e as Error).message}\n`)
    process.exit(1)
  })
}
