// HTTPS front of the sandbox: authentication, routing, discovery, tables, watch, patches, OpenAPI and the
// streaming pod subresources. A thin translation of kube-apiserver's REST surface onto the Api.
import {createHash, randomUUID, sign, verify} from 'node:crypto'
import {appendFileSync, existsSync, renameSync, statSync} from 'node:fs'
import https from 'node:https'
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {Duplex} from 'node:stream'
import {DEFAULT_CIPHERS, type TLSSocket} from 'node:tls'
import yaml from 'js-yaml'
import * as kinds from '../kinds/index.js'
import {Api} from '../api/index.js'
import {badRequest, internal, notFound, notServed} from '../api/errors.js'
import {ApiError, GVRS, type DeleteOptions, type GVR, type KObject, type KubeletHooks, type ResourceInfo, type WriteOptions} from '../types.js'
import {aggregatedContentType, aggregatedDiscovery, apiGroupDoc, apiGroupList, apiResourceList, apiVersions, negotiateAggregated} from './discovery.js'

/** What the server needs from main. */
export interface ServerOptions {
  api: Api
  version: string
  caPem: string
  certPem: string
  keyPem: string
  /** Accepted bearer tokens. */
  tokens: string[]
  port: number
  /** DATA/server.log; undefined disables the request log. */
  logFile?: string
  /** The kubelets' streaming hooks, once they run. */
  hooks: () => KubeletHooks | undefined
  log?: (line: string) => void
}

/** A running server. */
export interface RunningServer {
  port: number
  close(): Promise<void>
}

const TABLE_RE = /as=Table/
const PARTIAL_RE = /as=PartialObjectMetadata(?!List)/
const PARTIAL_LIST_RE = /as=PartialObjectMetadataList/

function partial(o: KObject): KObject {
  return {kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata}
}
// Build facts of the Kubernetes releases (commit, date, Go version), as that release's kubectl reports them.
const RELEASES: Record<string, {gitCommit: string; buildDate: string; goVersion: string}> = {
  'v1.27.16': {gitCommit: 'cbb86e0d7f4a049666fac0551e8b02ef3d6c3d9a', buildDate: '2024-07-17T01:53:56Z', goVersion: 'go1.22.5'},
  'v1.28.15': {gitCommit: '841856557ef0f6a399096c42635d114d6f2cf7f4', buildDate: '2024-10-22T20:34:56Z', goVersion: 'go1.22.8'},
  'v1.29.14': {gitCommit: '4f359b2e16764ab5e175195ee6992dfb53b36acf', buildDate: '2025-02-12T21:34:28Z', goVersion: 'go1.22.12'},
  'v1.30.13': {gitCommit: '50af91c466658b6a33d123fae8a487db1630971c', buildDate: '2025-05-15T09:56:59Z', goVersion: 'go1.23.8'},
  'v1.31.9': {gitCommit: '8f3800390d488f54f74111f22973059e133f9cba', buildDate: '2025-05-15T09:17:16Z', goVersion: 'go1.23.8'},
  'v1.32.5': {gitCommit: '9894294ef13a5b32803e3ca2c0d620a088cc84d1', buildDate: '2025-05-15T09:12:10Z', goVersion: 'go1.23.8'},
  'v1.33.1': {gitCommit: '8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828', buildDate: '2025-05-15T08:27:33Z', goVersion: 'go1.24.2'},
}

interface Route {
  gvr: GVR
  info: ResourceInfo
  namespace?: string
  name?: string
  subresource?: string
  watch: boolean
}

/**
 * The server's TLS 1.3 preference, which decides the suite: kube-apiserver (Go, on a machine with AES instructions)
 * picks AES-128-GCM whenever the client offers it; Node's default would pick AES-256-GCM, which costs both ends about
 * twice the CPU per byte of a log or cp stream.
 */
const GO_CIPHER_ORDER = ['TLS_AES_128_GCM_SHA256', ...DEFAULT_CIPHERS.split(':').filter((c) => c !== 'TLS_AES_128_GCM_SHA256')].join(':')

/** Starts the HTTPS server on 127.0.0.1. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const {api} = opts
  const server = https.createServer({
    key: opts.keyPem,
    cert: opts.certPem,
    ca: [opts.caPem],
    requestCert: true,
    rejectUnauthorized: false,
    ciphers: GO_CIPHER_ORDER,
  })
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  const sockets = new Set<Duplex>()
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  const watches = new Set<() => void>()
  const ctx: Ctx = {opts, api, watches, port: 0}

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now()
    res.on('finish', () => logRequest(opts, req, res.statusCode, started))
    res.on('close', () => {
      if (!res.writableFinished) logRequest(opts, req, res.statusCode, started)
    })
    handle(ctx, req, res).catch((e) => sendError(res, e))
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const started = Date.now()
    handleUpgrade(ctx, req, socket, head)
      .then(() => logRequest(opts, req, 101, started))
      .catch((e) => {
        const err = toApiError(e)
        logRequest(opts, req, err.code, started)
        writeSocketError(socket, err)
      })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, '127.0.0.1', () => resolve())
  })
  const addr = server.address()
  ctx.port = typeof addr === 'object' && addr ? addr.port : opts.port
  return {
    port: ctx.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const w of watches) w()
        server.close(() => resolve())
        for (const s of sockets) s.destroy()
      }),
  }
}

interface Ctx {
  opts: ServerOptions
  api: Api
  watches: Set<() => void>
  port: number
  discovery?: {key: ResourceInfo[]; docs: Map<string, string>}
  openapi?: {key: string; docs: Map<string, string | undefined>; v2pb?: Buffer | Uint8Array}
}

// ------------------------------------------------------------------ logging and errors

function maskedUrl(url: string): string {
  return url.replace(/([?&](?:access_token|token)=)[^&]*/gi, '$1***')
}

const LOG_LIMIT = 10 * 1024 * 1024
let logBytes: number | undefined

// One line a request (no headers, so no credentials); rotated to server.log.1 past 10 MiB.
function logRequest(opts: ServerOptions, req: IncomingMessage, status: number, started: number): void {
  if (!opts.logFile) return
  const line = `${new Date().toISOString()} ${req.method} ${maskedUrl(req.url ?? '')} ${status} ${Date.now() - started}ms ${req.headers['user-agent'] ?? ''}\n`
  try {
    if (logBytes === undefined) logBytes = existsSync(opts.logFile) ? statSync(opts.logFile).size : 0
    if (logBytes > LOG_LIMIT) {
      renameSync(opts.logFile, `${opts.logFile}.1`)
      logBytes = 0
    }
    appendFileSync(opts.logFile, line, {mode: 0o600})
    logBytes += Buffer.byteLength(line)
  } catch {
    // logging must never break serving
  }
}

function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  const msg = e instanceof Error ? e.message : String(e)
  if (e && typeof e === 'object' && (e as any).name === 'PatchError') {
    const pe = e as any
    return new ApiError(pe.code ?? 400, pe.reason || 'BadRequest', msg)
  }
  return internal(msg)
}

function sendError(res: ServerResponse, e: unknown): void {
  const err = toApiError(e)
  if (err.code >= 500 && !(e instanceof ApiError)) process.stderr.write(`internal error: ${(e as Error)?.stack ?? e}\n`)
  if (res.headersSent) {
    res.end()
    return
  }
  sendJSON(res, err.code, err.toStatus())
}

function writeSocketError(socket: Duplex, err: ApiError): void {
  const body = JSON.stringify(err.toStatus())
  const reason = {400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable'}[err.code] ?? 'Error'
  try {
    socket.end(`HTTP/1.1 ${err.code} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  } catch {
    socket.destroy()
  }
}

function sendJSON(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(code, {'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private'})
  res.end(text)
}

function setWarnings(res: ServerResponse, warnings: string[] | undefined): void {
  if (!warnings || warnings.length === 0) return
  res.setHeader('Warning', warnings.map((w) => `299 - ${JSON.stringify(w)}`))
}

// ------------------------------------------------------------------ auth

function authenticate(ctx: Ctx, req: IncomingMessage): void {
  const sock = req.socket as TLSSocket
  if (sock.authorized) {
    const cert = sock.getPeerCertificate()
    const org = cert?.subject?.O
    const orgs = Array.isArray(org) ? org : org ? [org] : []
    if (orgs.includes('system:masters')) return
  }
  const auth = req.headers.authorization
  if (auth && /^bearer\s+/i.test(auth)) {
    const token = auth.replace(/^bearer\s+/i, '').trim()
    if (ctx.opts.tokens.includes(token) || verifyServiceAccountToken(ctx, token)) return
  }
  throw new ApiError(401, 'Unauthorized', 'Unauthorized')
}

// ------------------------------------------------------------------ service account tokens

const ISSUER = 'https://kubernetes.default.svc.cluster.local'

function b64url(v: Buffer | string): string {
  return Buffer.from(v).toString('base64url')
}

/** POST serviceaccounts/NAME/token: a TokenRequest answered with an RS256 JWT signed by the serving key. */
function mintToken(ctx: Ctx, sa: KObject, body: any): KObject {
  const spec = body?.spec ?? {}
  const expirationSeconds = Number(spec.expirationSeconds ?? 3600)
  if (!Number.isInteger(expirationSeconds) || expirationSeconds < 600) {
    throw new ApiError(422, 'Invalid', `TokenRequest.authentication.k8s.io "${sa.metadata.name}" is invalid: spec.expirationSeconds: Invalid value: ${spec.expirationSeconds}: may not specify a duration less than 10 minutes`)
  }
  const audiences: string[] = Array.isArray(spec.audiences) && spec.audiences.length > 0 ? spec.audiences : [ISSUER]
  const iat = Math.floor(Date.now() / 1000)
  const exp = iat + expirationSeconds
  const claims = {
    aud: audiences,
    exp,
    iat,
    iss: ISSUER,
    jti: randomUUID(),
    'kubernetes.io': {namespace: sa.metadata.namespace, serviceaccount: {name: sa.metadata.name, uid: sa.metadata.uid}},
    nbf: iat,
    sub: `system:serviceaccount:${sa.metadata.namespace}:${sa.metadata.name}`,
  }
  const kid = createHash('sha256').update(ctx.opts.certPem).digest('base64url').slice(0, 43)
  const unsigned = `${b64url(JSON.stringify({alg: 'RS256', kid}))}.${b64url(JSON.stringify(claims))}`
  const signature = sign('sha256', Buffer.from(unsigned), ctx.opts.keyPem)
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: {name: sa.metadata.name, namespace: sa.metadata.namespace, creationTimestamp: null as any},
    spec: {audiences, expirationSeconds, boundObjectRef: spec.boundObjectRef ?? null},
    status: {token: `${unsigned}.${b64url(signature)}`, expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')},
  }
}

// Tokens minted above authenticate while unexpired and while their ServiceAccount still exists.
function verifyServiceAccountToken(ctx: Ctx, token: string): boolean {
  const parts = token.split('.')
  if (parts.length !== 3) return false
  try {
    if (!verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), ctx.opts.certPem, Buffer.from(parts[2], 'base64url'))) return false
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return false
    const sa = claims['kubernetes.io']
    const live = ctx.api.peek(GVRS.serviceaccounts, sa?.namespace, sa?.serviceaccount?.name ?? '')
    return !!live && live.metadata.uid === sa?.serviceaccount?.uid
  } catch {
    return false
  }
}

// ------------------------------------------------------------------ bodies

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

async function decodeBody(req: IncomingMessage, body: Buffer): Promise<any> {
  const ct = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if (body.length === 0) return undefined
  if (ct === 'application/vnd.kubernetes.protobuf') {
    const pb = await import('./protobuf.js')
    try {
      return pb.decodeProtobufObject(body)
    } catch (e) {
      throw badRequest(`the body of the request was in an unknown format - ${(e as Error).message}`)
    }
  }
  if (ct === 'application/yaml' || ct === 'application/apply-patch+yaml') {
    try {
      return yaml.load(body.toString('utf8'))
    } catch (e) {
      throw badRequest(`error decoding YAML: ${(e as Error).message}`)
    }
  }
  try {
    return JSON.parse(body.toString('utf8'))
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`)
  }
}

function writeOptions(q: URLSearchParams, method: string): WriteOptions {
  const dry = q.getAll('dryRun')
  const fv = q.get('fieldValidation')
  let fieldValidation: WriteOptions['fieldValidation'] = method === 'GET' ? 'Ignore' : 'Warn'
  if (fv) {
    if (fv !== 'Strict' && fv !== 'Warn' && fv !== 'Ignore') {
      throw badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${fv}"`)
    }
    fieldValidation = fv
  }
  for (const d of dry) if (d !== 'All') throw badRequest(`Invalid dry run value: ${d}`)
  return {dryRun: dry.includes('All'), fieldManager: q.get('fieldManager') ?? undefined, fieldValidation, warnings: []}
}

// ------------------------------------------------------------------ routing

async function handle(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://127.0.0.1')
  const path = url.pathname.replace(/\/+$/, '') || '/'
  const method = req.method ?? 'GET'
  if (method === 'GET' && ['/healthz', '/livez', '/readyz'].some((p) => path === p || path.startsWith(`${p}/`))) {
    res.writeHead(200, {'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff'})
    res.end('ok')
    return
  }
  // /version is public in kube-apiserver (system:public-info-viewer), so the kubectl dispatcher never needs credentials
  if (path === '/version' && method === 'GET') return sendJSON(res, 200, versionInfo(ctx.opts.version))
  authenticate(ctx, req)
  const q = url.searchParams
  const accept = String(req.headers.accept ?? '')
  if (path === '/api' || path === '/apis') {
    if (method !== 'GET') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource')
    return serveDiscoveryRoot(ctx, res, path === '/api', accept)
  }
  if (path.startsWith('/openapi/')) return serveOpenAPI(ctx, res, path, accept)
  const segs = path.split('/').filter(Boolean).map(decodeURIComponent)
  let gv: {group: string; version: string}
  let rest: string[]
  if (segs[0] === 'api' && segs.length >= 2) {
    gv = {group: '', version: segs[1]}
    rest = segs.slice(2)
  } else if (segs[0] === 'apis' && segs.length >= 2) {
    if (segs.length === 2) {
      const doc = apiGroupDoc(ctx.api.resources(), segs[1])
      if (!doc) throw notServed()
      return sendJSON(res, 200, doc)
    }
    gv = {group: segs[1], version: segs[2]}
    rest = segs.slice(3)
  } else throw notServed()
  if (rest.length === 0) {
    const doc = apiResourceList(ctx.api.resources(), gv.group, gv.version)
    if (!doc) throw notServed()
    return sendJSON(res, 200, doc)
  }
  if (gv.group === 'metrics.k8s.io') return serveMetrics(ctx, res, gv, rest, q)
  const route = parseRoute(ctx, gv, rest)
  await serveResource(ctx, req, res, route, q, method, accept)
}

function parseRoute(ctx: Ctx, gv: {group: string; version: string}, segs: string[]): Route {
  let rest = [...segs]
  let watch = false
  if (rest[0] === 'watch') {
    watch = true
    rest = rest.slice(1)
  }
  let namespace: string | undefined
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(gv.group === '' && rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))) {
    namespace = rest[1]
    rest = rest.slice(2)
  }
  const [resource, name, subresource, ...extra] = rest
  if (extra.length > 0 && subresource !== 'proxy') throw notServed()
  const info = ctx.api.resourceVersions(gv.group, resource).find((r) => r.version === gv.version)
  if (!info) throw notServed()
  if (!info.namespaced && namespace !== undefined) throw notServed()
  if (subresource && !info.subresources.includes(subresource)) throw notServed()
  return {gvr: {group: gv.group, version: gv.version, resource}, info, namespace, name, subresource, watch}
}

function versionInfo(version: string): Record<string, string> {
  const m = /^v?(\d+)\.(\d+)/.exec(version)
  const rel = RELEASES[version]
  return {
    major: m?.[1] ?? '1',
    minor: m?.[2] ?? '33',
    // 1.33 added the compatibility-version fields
    ...(Number(m?.[2] ?? 33) >= 33
      ? {emulationMajor: m?.[1] ?? '1', emulationMinor: m?.[2] ?? '33', minCompatibilityMajor: m?.[1] ?? '1', minCompatibilityMinor: String(Number(m?.[2] ?? 33) - 1)}
      : {}),
    gitVersion: version,
    gitCommit: rel?.gitCommit ?? '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: rel?.buildDate ?? '2025-05-15T08:27:33Z',
    goVersion: rel?.goVersion ?? 'go1.24.2',
    compiler: 'gc',
    platform: 'linux/amd64',
  }
}

// ------------------------------------------------------------------ discovery and openapi

function discoveryCache(ctx: Ctx): Map<string, string> {
  const resources = ctx.api.resources()
  if (!ctx.discovery || ctx.discovery.key !== resources) ctx.discovery = {key: resources, docs: new Map()}
  return ctx.discovery.docs
}

function serveDiscoveryRoot(ctx: Ctx, res: ServerResponse, core: boolean, accept: string): void {
  const docs = discoveryCache(ctx)
  const minor = Number(/^v?\d+\.(\d+)/.exec(ctx.opts.version)?.[1] ?? 33)
  const aggregated = negotiateAggregated(accept, minor)
  const key = `${core ? 'api' : 'apis'}:${aggregated ?? 'legacy'}`
  let text = docs.get(key)
  if (text === undefined) {
    const resources = ctx.api.resources()
    const doc = aggregated ? aggregatedDiscovery(resources, core, aggregated) : core ? apiVersions(`127.0.0.1:${ctx.port}`) : apiGroupList(resources)
    text = JSON.stringify(doc)
    docs.set(key, text)
  }
  const headers: Record<string, string> = {'Content-Type': aggregated ? aggregatedContentType(aggregated) : 'application/json', 'Cache-Control': 'no-cache, private'}
  if (aggregated) headers.Vary = 'Accept'
  res.writeHead(200, headers)
  res.end(text)
}

async function serveOpenAPI(ctx: Ctx, res: ServerResponse, path: string, accept: string): Promise<void> {
  let mod: typeof import('../openapi/index.js')
  try {
    mod = await import('../openapi/index.js')
  } catch {
    throw notServed()
  }
  const resources = ctx.api.resources()
  const crds = ctx.api.store.peekAll('apiextensions.k8s.io', 'customresourcedefinitions')
  const key = `${resources.length}:${crds.map((c) => c.metadata.resourceVersion).join(',')}`
  if (!ctx.openapi || ctx.openapi.key !== key || ctx.openapi.docs.size > 200) ctx.openapi = {key, docs: new Map()}
  const cache = ctx.openapi.docs
  const docOpts = {version: ctx.opts.version}
  if (path === '/openapi/v2' && /application\/com\.github\.proto-openapi\.spec\.v2/.test(accept)) {
    // kubectl apply asks for it once per object: build it once per set of served types.
    let bytes = ctx.openapi.v2pb
    if (!bytes) bytes = ctx.openapi.v2pb = mod.openapiV2Protobuf(resources, crds, docOpts)
    res.writeHead(200, {'Content-Type': mod.OPENAPI_V2_PROTOBUF, 'Content-Length': bytes.length, 'Cache-Control': 'no-cache, private'})
    res.end(bytes)
    return
  }
  let text = cache.get(path)
  if (!cache.has(path)) {
    let doc: object | undefined
    if (path === '/openapi/v2') doc = mod.openapiV2(resources, crds, docOpts)
    else if (path === '/openapi/v3') doc = mod.openapiV3Root(resources, crds)
    else if (path.startsWith('/openapi/v3/')) doc = mod.openapiV3Doc(path.slice('/openapi/v3/'.length), resources, crds, docOpts)
    text = doc === undefined ? undefined : JSON.stringify(doc)
    cache.set(path, text)
  }
  if (text === undefined) throw notServed()
  // a client that accepts only protobuf could not parse JSON; 404 makes kubectl fall back to its compiled-in types
  if (path === '/openapi/v2' && accept && !/json|\*\/\*/.test(accept)) throw notServed()
  res.writeHead(200, {'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Content-Length': Buffer.byteLength(text)})
  res.end(text)
}

// ------------------------------------------------------------------ metrics.k8s.io

function serveMetrics(ctx: Ctx, res: ServerResponse, gv: {group: string; version: string}, rest: string[], q: URLSearchParams): void {
  const hooks = ctx.opts.hooks()
  let r = [...rest]
  let namespace: string | undefined
  if (r[0] === 'namespaces' && r.length >= 3) {
    namespace = r[1]
    r = r.slice(2)
  }
  const [resource, name] = r
  if (resource !== 'nodes' && resource !== 'pods') throw notServed()
  if (!hooks) throw new ApiError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request')
  let items = resource === 'nodes' ? hooks.nodeMetrics() : hooks.podMetrics(namespace)
  if (namespace !== undefined) items = items.filter((i) => i.metadata.namespace === namespace)
  const apiVersion = `${gv.group}/${gv.version}`
  if (name) {
    const item = items.find((i) => i.metadata.name === name)
    if (!item) throw notFound({group: gv.group, resource}, name)
    return sendJSON(res, 200, {...item, kind: resource === 'nodes' ? 'NodeMetrics' : 'PodMetrics', apiVersion})
  }
  const sel = q.get('labelSelector')
  if (sel) {
    const objs = resource === 'nodes' ? ctx.api.store.peekAll('', 'nodes') : ctx.api.store.peekAll('', 'pods', namespace)
    const {items: matched} = ctx.api.listShared(resource === 'nodes' ? GVRS.nodes : GVRS.pods, {namespace, labelSelector: sel})
    const keys = new Set(matched.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`))
    void objs
    items = items.filter((i) => keys.has(`${resource === 'nodes' ? '' : i.metadata.namespace ?? ''}/${i.metadata.name}`))
  }
  return sendJSON(res, 200, {
    kind: resource === 'nodes' ? 'NodeMetricsList' : 'PodMetricsList',
    apiVersion,
    metadata: {},
    items: items.map((i) => ({...i, kind: resource === 'nodes' ? 'NodeMetrics' : 'PodMetrics', apiVersion})),
  })
}

// ------------------------------------------------------------------ resources

function includeObjectOf(q: URLSearchParams): 'None' | 'Metadata' | 'Object' {
  const v = q.get('includeObject')
  return v === 'None' || v === 'Object' ? v : 'Metadata'
}

function sendObject(res: ServerResponse, code: number, info: ResourceInfo, obj: KObject, accept: string, q: URLSearchParams, warnings?: string[]): void {
  setWarnings(res, warnings)
  if (TABLE_RE.test(accept) && obj.kind === info.kind) {
    const table = kinds.toTable(info, [obj], {includeObject: includeObjectOf(q)})
    table.metadata = {...(table.metadata ?? {}), resourceVersion: obj.metadata.resourceVersion}
    return sendJSON(res, code, table)
  }
  if (PARTIAL_RE.test(accept) && obj.kind === info.kind) return sendJSON(res, code, partial(obj))
  sendJSON(res, code, obj)
}

async function serveResource(ctx: Ctx, req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams, method: string, accept: string): Promise<void> {
  const {api} = ctx
  const {info, gvr, namespace, name, subresource} = route
  if (info.group === 'authorization.k8s.io' || info.group === 'authentication.k8s.io') {
    if (method !== 'POST' || name) throw notServed()
  }
  if (info.namespaced && namespace === undefined && name) throw notServed()

  if (route.watch || (method === 'GET' && !name && isTrue(q.get('watch')))) {
    return serveWatch(ctx, req, res, route, q, accept)
  }

  // ---- collection
  if (!name) {
    if (method === 'GET') {
      if (!info.verbs.includes('list')) throw methodNotAllowed()
      const list = api.listShared(gvr, listOptions(q, namespace))
      if (TABLE_RE.test(accept)) {
        const table = kinds.toTable(info, list.items, {includeObject: includeObjectOf(q)})
        table.metadata = {resourceVersion: list.resourceVersion, ...(list.continue ? {continue: list.continue, remainingItemCount: list.remainingItemCount} : {})}
        return sendJSON(res, 200, table)
      }
      if (PARTIAL_LIST_RE.test(accept)) {
        const meta = {resourceVersion: list.resourceVersion, ...(list.continue ? {continue: list.continue, remainingItemCount: list.remainingItemCount} : {})}
        return sendJSON(res, 200, {kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: meta, items: list.items.map(partial)})
      }
      return sendList(res, info, gvr, list)
    }
    if (method === 'POST') {
      const body = await decodeBody(req, await readBody(req))
      if (!body || typeof body !== 'object') throw badRequest('the body of the request was empty')
      const wo = writeOptions(q, method)
      body.metadata = body.metadata ?? {}
      if (info.namespaced) {
        if (body.metadata.namespace && namespace && body.metadata.namespace !== namespace) {
          throw badRequest('the namespace of the provided object does not match the namespace sent on the request')
        }
        body.metadata.namespace = namespace ?? body.metadata.namespace
      }
      checkKind(info, gvr, body)
      const created = api.create(gvr, body, wo)
      return sendObject(res, 201, info, created, accept, q, wo.warnings)
    }
    if (method === 'DELETE') {
      if (!info.verbs.includes('deletecollection')) throw methodNotAllowed()
      const body = await decodeBody(req, await readBody(req))
      const del = deleteOptions(q, body)
      const deleted = api.deleteCollection(gvr, {...listOptions(q, namespace), ...del})
      return sendJSON(res, 200, {kind: `${info.kind}List`, apiVersion: groupVersion(gvr), metadata: {resourceVersion: String(api.store.currentRv())}, items: deleted})
    }
    throw methodNotAllowed()
  }

  // ---- pod streaming subresources without an upgrade
  if (info.group === '' && info.resource === 'pods' && subresource && ['log', 'exec', 'attach', 'portforward'].includes(subresource)) {
    const pod = api.get(GVRS.pods, namespace, name)
    if (subresource !== 'log') throw badRequest('Upgrade request required')
    const hooks = ctx.opts.hooks()
    if (!hooks) throw badRequest(`container is not available: the node has no kubelet`)
    const streams = await import('../streams/index.js')
    streams.handlePodLog(req, res, pod, q, hooks)
    return
  }

  // ---- single object
  switch (method) {
    case 'GET': {
      if (subresource === 'scale') return sendJSON(res, 200, api.getScale(gvr, namespace, name))
      const obj = api.get(gvr, namespace, name)
      return sendObject(res, 200, info, obj, accept, q)
    }
    case 'PUT': {
      const body = await decodeBody(req, await readBody(req))
      if (!body || typeof body !== 'object') throw badRequest('the body of the request was empty')
      const wo = writeOptions(q, method)
      body.metadata = body.metadata ?? {}
      if (body.metadata.name && body.metadata.name !== name) {
        throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`)
      }
      body.metadata.name = name
      if (info.namespaced) {
        if (body.metadata.namespace && body.metadata.namespace !== namespace) {
          throw badRequest('the namespace of the provided object does not match the namespace sent on the request')
        }
        body.metadata.namespace = namespace
      }
      if (subresource === 'scale') return sendJSON(res, 200, api.update(gvr, body, {...wo, subresource}))
      if (subresource && subresource !== 'status' && subresource !== 'finalize') throw methodNotAllowed()
      checkKind(info, gvr, body)
      const obj = api.update(gvr, body, {...wo, subresource: subresource === 'finalize' ? undefined : subresource})
      return sendObject(res, 200, info, obj, accept, q, wo.warnings)
    }
    case 'PATCH': {
      const body = await readBody(req)
      const wo = writeOptions(q, method)
      const ct = String(req.headers['content-type'] ?? '')
      const force = isTrue(q.get('force'))
      if (q.has('force') && !ct.startsWith('application/apply-patch')) throw badRequest('force is only allowed for apply patches')
      const r = api.patchWithResult(gvr, namespace, name, ct, body, {...wo, subresource, force})
      if (subresource === 'scale') return sendJSON(res, 200, r.obj)
      return sendObject(res, r.created ? 201 : 200, info, r.obj, accept, q, wo.warnings)
    }
    case 'DELETE': {
      if (subresource) throw methodNotAllowed()
      const body = await decodeBody(req, await readBody(req))
      const del = deleteOptions(q, body)
      const obj = api.delete(gvr, namespace, name, del)
      const pending = !!api.peek(gvr, namespace, name)
      // registries without ReturnDeletedObject answer an immediate delete with a Success Status
      if (!pending && !returnsDeletedObject(api, info)) {
        const details = {name, ...(info.group ? {group: info.group} : {}), kind: info.resource, uid: obj.metadata.uid}
        return sendJSON(res, 200, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details})
      }
      return sendJSON(res, 200, obj)
    }
    case 'POST': {
      const body = (await decodeBody(req, await readBody(req))) ?? {}
      if (info.group === '' && info.resource === 'pods' && subresource === 'binding') return sendJSON(res, 201, api.bind(namespace!, name, body))
      if (info.group === '' && info.resource === 'pods' && subresource === 'eviction') {
        if (body.metadata?.name && body.metadata.name !== name) throw badRequest(`name in URL does not match name in Eviction object`)
        const dry = writeOptions(q, method).dryRun
        const ev = {...body, deleteOptions: {...(body.deleteOptions ?? {}), ...(dry ? {dryRun: true} : {})}}
        if (Array.isArray(ev.deleteOptions.dryRun)) ev.deleteOptions.dryRun = ev.deleteOptions.dryRun.includes('All')
        return sendJSON(res, 201, api.evict(namespace!, name, ev))
      }
      if (info.group === '' && info.resource === 'serviceaccounts' && subresource === 'token') {
        const sa = api.get(GVRS.serviceaccounts, namespace, name)
        return sendJSON(res, 201, mintToken(ctx, sa, body))
      }
      throw methodNotAllowed()
    }
    default:
      throw methodNotAllowed()
  }
}

const RETURN_DELETED = new Set(['/pods', '/services', '/serviceaccounts', '/namespaces', '/persistentvolumes', 'storage.k8s.io/storageclasses', 'apiextensions.k8s.io/customresourcedefinitions'])

function returnsDeletedObject(api: Api, info: ResourceInfo): boolean {
  return RETURN_DELETED.has(`${info.group}/${info.resource}`) || !!api.crdFor(info.group, info.resource)
}

function methodNotAllowed(): ApiError {
  return new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource')
}

function checkKind(info: ResourceInfo, gvr: GVR, body: KObject): void {
  if (body.kind && body.kind !== info.kind && !(info.group === 'authorization.k8s.io' || info.group === 'authentication.k8s.io')) {
    throw badRequest(`the API version in the data (${body.apiVersion ?? ''}) does not match the expected API version (${groupVersion(gvr)})`)
  }
  if (body.apiVersion && body.apiVersion !== groupVersion(gvr)) {
    throw badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${groupVersion(gvr)})`)
  }
}

function groupVersion(gvr: {group: string; version: string}): string {
  return gvr.group ? `${gvr.group}/${gvr.version}` : gvr.version
}

function isTrue(v: string | null): boolean {
  return v === 'true' || v === '1'
}

function listOptions(q: URLSearchParams, namespace: string | undefined) {
  const limit = q.get('limit')
  return {
    namespace,
    labelSelector: q.get('labelSelector') ?? undefined,
    fieldSelector: q.get('fieldSelector') ?? undefined,
    limit: limit ? Number(limit) : undefined,
    continue: q.get('continue') ?? undefined,
    resourceVersion: q.get('resourceVersion') ?? undefined,
  }
}

function deleteOptions(q: URLSearchParams, body: any): DeleteOptions {
  const o: DeleteOptions = {}
  const b = body && typeof body === 'object' ? body : {}
  const grace = q.get('gracePeriodSeconds') ?? b.gracePeriodSeconds
  if (grace !== undefined && grace !== null) o.gracePeriodSeconds = Number(grace)
  const prop = q.get('propagationPolicy') ?? b.propagationPolicy
  if (prop) {
    if (!['Background', 'Foreground', 'Orphan'].includes(prop)) throw badRequest(`propagationPolicy: Unsupported value: "${prop}": supported values: "Background", "Foreground", "Orphan"`)
    o.propagationPolicy = prop
  }
  const orphan = q.get('orphanDependents') ?? b.orphanDependents
  if (!o.propagationPolicy && orphan !== undefined && orphan !== null) o.propagationPolicy = String(orphan) === 'true' ? 'Orphan' : 'Background'
  const dry = [...q.getAll('dryRun'), ...(Array.isArray(b.dryRun) ? b.dryRun : [])]
  if (dry.includes('All')) o.dryRun = true
  if (b.preconditions) o.preconditions = b.preconditions
  return o
}

function sendList(res: ServerResponse, info: ResourceInfo, gvr: GVR, list: {items: KObject[]; resourceVersion: string; continue?: string; remainingItemCount?: number}): void {
  const apiVersion = groupVersion(gvr)
  const meta: Record<string, unknown> = {resourceVersion: list.resourceVersion}
  if (list.continue) {
    meta.continue = list.continue
    meta.remainingItemCount = list.remainingItemCount
  }
  // stream the items: avoids building one huge object for big lists
  const head = `{"kind":${JSON.stringify(`${info.kind}List`)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(meta)},"items":[`
  const parts: string[] = [head]
  let first = true
  for (const o of list.items) {
    let text = JSON.stringify(o)
    if (o.apiVersion !== apiVersion) text = JSON.stringify({...o, apiVersion})
    parts.push(first ? text : `,${text}`)
    first = false
  }
  parts.push(']}')
  const body = parts.join('')
  res.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-cache, private'})
  res.end(body)
}

// ------------------------------------------------------------------ watch

function serveWatch(ctx: Ctx, req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams, accept: string): void {
  const {api} = ctx
  const {info, gvr} = route
  if (!info.verbs.includes('watch')) throw methodNotAllowed()
  const opts = listOptions(q, route.namespace)
  if (route.name) opts.fieldSelector = [opts.fieldSelector, `metadata.name=${route.name}`].filter(Boolean).join(',')
  const table = TABLE_RE.test(accept)
  const includeObject = includeObjectOf(q)
  const apiVersion = groupVersion(gvr)
  let firstTable = true
  let closed = false
  const write = (type: string, object: any) => {
    if (closed) return
    res.write(`${JSON.stringify({type, object})}\n`)
  }
  const encode = (o: KObject): any => {
    const obj = o.apiVersion === apiVersion ? o : {...o, apiVersion}
    if (!table) return obj
    const t = kinds.toTable(info, [obj], {includeObject})
    t.metadata = {resourceVersion: o.metadata.resourceVersion}
    if (!firstTable) t.columnDefinitions = []
    firstTable = false
    return t
  }
  const sendInitial = isTrue(q.get('sendInitialEvents'))
  // events produced while subscribing (initial state, replay) wait until the headers are out; a too-old
  // resourceVersion fails before them, as a plain 410 like kube-apiserver's watch cache answers
  let pending: string[] | undefined = []
  const unsubscribe = api.watchShared(gvr, sendInitial ? {...opts, resourceVersion: undefined} : opts, (ev) => {
    if (pending) pending.push(JSON.stringify({type: ev.type, object: encode(ev.object)}))
    else write(ev.type, encode(ev.object))
  })
  res.writeHead(200, {'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked'})
  res.flushHeaders()
  for (const line of pending) res.write(`${line}\n`)
  pending = undefined
  const bookmarks = isTrue(q.get('allowWatchBookmarks'))
  const bookmark = (extra?: Record<string, string>) =>
    write('BOOKMARK', {kind: info.kind, apiVersion, metadata: {resourceVersion: String(api.store.currentRv()), ...(extra ? {annotations: extra} : {})}})
  if (sendInitial && bookmarks) bookmark({'k8s.io/initial-events-end': 'true'})
  const timers: NodeJS.Timeout[] = []
  if (bookmarks) timers.push(setInterval(() => bookmark(), 60_000))
  const timeout = Number(q.get('timeoutSeconds') ?? 0)
  const limit = timeout > 0 ? timeout * 1000 : (1800 + Math.floor(Math.random() * 1800)) * 1000
  const stop = () => {
    if (closed) return
    closed = true
    unsubscribe()
    for (const t of timers) clearInterval(t)
    clearTimeout(timer)
    ctx.watches.delete(stop)
    res.end()
  }
  const timer = setTimeout(stop, limit)
  ctx.watches.add(stop)
  req.on('close', stop)
  res.on('close', stop)
  res.on('error', stop)
}

// ------------------------------------------------------------------ upgrades (exec, attach, portforward)

async function handleUpgrade(ctx: Ctx, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  authenticate(ctx, req)
  const url = new URL(req.url ?? '/', 'https://127.0.0.1')
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)\/?$/.exec(url.pathname)
  if (!m) throw notServed()
  const [, ns, name, sub] = m
  const pod = ctx.api.get(GVRS.pods, decodeURIComponent(ns), decodeURIComponent(name))
  const hooks = ctx.opts.hooks()
  if (!hooks) throw badRequest('the node has no kubelet')
  const streams = await import('../streams/index.js')
  streams.handlePodUpgrade(req, socket, head, {pod, subresource: sub as 'exec' | 'attach' | 'portforward', query: url.searchParams, hooks})
}
