// REST over node:http(s). The hot paths (get, completion) cannot afford @kubernetes/client-node's ~330 ms import, so
// requests go out through node's own client; client-node is loaded only for auth it implements and we do not
// (legacy auth-provider plugins).
import * as http from 'node:http'
import * as https from 'node:https'
import * as fs from 'node:fs'
import {spawn} from 'node:child_process'
import {randomUUID} from 'node:crypto'
import type {Connection} from './kubeconfig.js'
import {KctlError, StatusError, type Status} from '../cli/errors.js'

/** One request to the API server. */
export interface RestRequest {
  method: string
  path: string
  query?: Record<string, string | number | boolean | undefined | (string | undefined)[]>
  headers?: Record<string, string>
  body?: unknown
  /** Content-Type of body when body is not JSON (patches, apply-patch+yaml). */
  contentType?: string
  accept?: string
  /** Overrides --request-timeout for this call (ms); 0 = none (watch, logs -f). */
  timeoutMs?: number
}

/** A buffered response. */
export interface RestResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** Options for the REST client that come from global flags. */
export interface RestOptions {
  verbosity: number
  requestTimeoutMs: number
  commandName: string
  warn: (line: string) => void
  log: (line: string) => void
  /** Whether stdin/stderr are a terminal, for interactive exec credential plugins. */
  interactive: boolean
}

const MASKED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie'])
const SECRET_PATH = /\/secrets(\/|$|\?)|\/tokenreviews|\/serviceaccounts\/[^/]+\/token/

/** The HTTP client for one connection; one keep-alive agent per process. */
export class RestClient {
  private agent: http.Agent | undefined
  private credential: {token?: string; cert?: Buffer; key?: Buffer; expires?: number} | undefined
  private readonly session = randomUUID()
  readonly url: URL

  constructor(readonly connection: Connection, readonly options: RestOptions) {
    try {
      this.url = new URL(connection.server)
    } catch {
      throw new KctlError(`host must be a URL or a host:port pair: "${connection.server}"`)
    }
    if (connection.insecureSkipTlsVerify && this.url.protocol === 'https:') {
      options.warn('Warning: TLS certificate verification is disabled (insecure-skip-tls-verify); the connection is not secure.')
    } else if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
      options.warn('Warning: NODE_TLS_REJECT_UNAUTHORIZED=0 disables TLS certificate verification for every connection.')
    }
  }

  /** TLS and auth settings as node https options (also used by WebSocket and SPDY upgrades). */
  async connectOptions(): Promise<https.RequestOptions & {headers: Record<string, string>}> {
    const c = this.connection
    const headers: Record<string, string> = {
      'User-Agent': `kctl/v0.1.0 (${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch})`,
      'Kubectl-Command': this.options.commandName,
      'Kubectl-Session': this.session,
    }
    const cred = await this.credentials()
    const https = this.url.protocol === 'https:'
    // kubectl sends credentials only over TLS.
    if (cred.token && https) headers.Authorization = `Bearer ${cred.token}`
    else if (c.username !== undefined && c.password !== undefined && https) {
      headers.Authorization = `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`
    }
    const opts: https.RequestOptions & {headers: Record<string, string>} = {
      protocol: this.url.protocol,
      hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
      port: this.url.port || (https ? 443 : 80),
      headers,
    }
    if (https) {
      opts.rejectUnauthorized = !c.insecureSkipTlsVerify
      if (c.caData && !c.insecureSkipTlsVerify) opts.ca = c.caData
      if (cred.cert && cred.key) {
        opts.cert = cred.cert
        opts.key = cred.key
      }
      if (c.tlsServerName) opts.servername = c.tlsServerName
    }
    return opts
  }

  private getAgent(): http.Agent {
    if (!this.agent) {
      this.agent = this.url.protocol === 'https:' ? new https.Agent({keepAlive: true, maxSockets: 64}) : new http.Agent({keepAlive: true, maxSockets: 64})
    }
    return this.agent
  }

  /** Ends idle keep-alive sockets so the process can exit. */
  close(): void {
    this.agent?.destroy()
  }

  /** Sends a request and buffers the answer; non-2xx answers become StatusError. */
  async request(req: RestRequest): Promise<RestResponse> {
    const res = await this.send(req)
    const body = await readAll(res)
    this.logResponse(req, res, body)
    this.emitWarnings(res)
    if (res.statusCode! >= 400) throw toStatusError(res.statusCode!, body, req)
    return {status: res.statusCode!, headers: res.headers, body}
  }

  /** Sends a request and parses JSON. */
  async json<T = any>(req: RestRequest): Promise<T> {
    const res = await this.request({accept: 'application/json', ...req})
    if (res.body.length === 0) return {} as T
    return JSON.parse(res.body.toString('utf8')) as T
  }

  /** Sends a request and returns the live response stream (watch, logs -f); non-2xx answers become StatusError. */
  async stream(req: RestRequest): Promise<http.IncomingMessage> {
    const res = await this.send({timeoutMs: 0, ...req})
    this.emitWarnings(res)
    if (res.statusCode! >= 400) {
      const body = await readAll(res)
      this.logResponse(req, res, body)
      throw toStatusError(res.statusCode!, body, req)
    }
    this.logResponse(req, res, undefined)
    return res
  }

  /** Builds the full URL path with an encoded query string. */
  pathWithQuery(path: string, query?: RestRequest['query']): string {
    if (!query) return path
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue
      if (Array.isArray(v)) for (const item of v) {
        if (item !== undefined) params.append(k, item)
      }
      else params.append(k, String(v))
    }
    const qs = params.toString()
    return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path
  }

  private async send(req: RestRequest): Promise<http.IncomingMessage> {
    const base = await this.connectOptions()
    const prefix = this.url.pathname.replace(/\/$/, '')
    const fullPath = prefix + this.pathWithQuery(req.path, req.query)
    let payload: Buffer | undefined
    const headers: Record<string, string> = {...(base.headers as Record<string, string>), Accept: req.accept ?? 'application/json, */*', ...req.headers}
    if (req.body !== undefined) {
      payload = Buffer.isBuffer(req.body) ? req.body : Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body))
      headers['Content-Type'] = req.contentType ?? 'application/json'
      headers['Content-Length'] = String(payload.length)
    }
    const timeout = req.timeoutMs ?? this.options.requestTimeoutMs
    this.logRequest(req.method, fullPath, headers, payload, req.path)
    const mod = this.url.protocol === 'https:' ? https : http
    const started = Date.now()
    return new Promise((resolve, reject) => {
      const r = mod.request({...base, method: req.method, path: fullPath, headers, agent: this.getAgent()}, (res) => {
        ;(res as any).kctlStarted = started
        resolve(res)
      })
      if (timeout > 0) {
        r.setTimeout(timeout, () => r.destroy(Object.assign(new Error('timeout'), {code: 'KCTL_TIMEOUT'})))
      }
      r.on('error', (err: any) => reject(this.connectionError(err, timeout)))
      if (payload) r.end(payload)
      else r.end()
    })
  }

  /** kubectl's words for transport failures. */
  connectionError(err: any, timeout: number): Error {
    const host = this.url.host
    if (err?.code === 'ECONNREFUSED') return new KctlError(`The connection to the server ${host} was refused - did you specify the right host or port?`)
    if (err?.code === 'KCTL_TIMEOUT') return new KctlError(`the server was unable to return a response in the time allotted, but may still be processing the request`)
    if (err?.code === 'ENOTFOUND' || err?.code === 'EAI_AGAIN') return new KctlError(`Unable to connect to the server: dial tcp: lookup ${this.url.hostname}: no such host`)
    if (err?.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || err?.code === 'SELF_SIGNED_CERT_IN_CHAIN' || err?.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || err?.code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY') {
      return new KctlError(`Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority`)
    }
    if (err?.code === 'ERR_TLS_CERT_ALTNAME_INVALID') return new KctlError(`Unable to connect to the server: tls: failed to verify certificate: ${err.reason ?? err.message}`)
    if (err instanceof KctlError) return err
    void timeout
    return new KctlError(`Unable to connect to the server: ${err?.message ?? String(err)}`)
  }

  private emitWarnings(res: http.IncomingMessage): void {
    const raw = res.headers.warning
    if (!raw) return
    for (const w of (Array.isArray(raw) ? raw : [raw])) {
      // RFC 7234 "299 - "text"": kubectl prints "Warning: text".
      const m = /^\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/.exec(w)
      this.options.warn(`Warning: ${m ? m[1].replace(/\\(.)/g, '$1') : w}`)
    }
  }

  private logRequest(method: string, fullPath: string, headers: Record<string, string>, payload: Buffer | undefined, path: string): void {
    const v = this.options.verbosity
    if (v < 6) return
    const url = `${this.url.origin}${fullPath}`
    if (v >= 8) {
      this.options.log(`"Request" verb="${method}" url="${url}"`)
      for (const [k, val] of Object.entries(headers)) {
        this.options.log(`    ${k}: ${MASKED_HEADERS.has(k.toLowerCase()) ? '<masked>' : val}`)
      }
      if (payload && !SECRET_PATH.test(path)) this.options.log(`"Request Body" body=${payload.length > 10240 ? '<truncated>' : payload.toString('utf8')}`)
    }
    if (v >= 9) this.options.log(`curl -v -X${method} ${Object.entries(headers).map(([k, val]) => `-H "${k}: ${MASKED_HEADERS.has(k.toLowerCase()) ? '<masked>' : val}"`).join(' ')} '${url}'`)
  }

  private logResponse(req: RestRequest, res: http.IncomingMessage, body: Buffer | undefined): void {
    const v = this.options.verbosity
    if (v < 6) return
    const ms = Date.now() - ((res as any).kctlStarted ?? Date.now())
    const url = `${this.url.origin}${this.url.pathname.replace(/\/$/, '')}${this.pathWithQuery(req.path, req.query)}`
    this.options.log(`"Response" verb="${req.method}" url="${url}" status="${res.statusCode} ${res.statusMessage ?? ''}" milliseconds=${ms}`)
    if (v >= 8 && body) {
      const secret = SECRET_PATH.test(req.path) || /"kind":"Secret(List)?"/.test(body.subarray(0, 4096).toString('utf8'))
      this.options.log(`"Response Body" body=${secret ? '<redacted: Secret>' : body.length > 10240 ? '<truncated>' : body.toString('utf8')}`)
    }
  }

  /** Token / client certificate from the kubeconfig, a token file, an exec plugin, or an auth-provider. */
  private async credentials(): Promise<{token?: string; cert?: Buffer; key?: Buffer}> {
    const c = this.connection
    if (this.credential && (!this.credential.expires || this.credential.expires > Date.now())) return this.credential
    if (c.token) this.credential = {token: c.token, cert: c.certData, key: c.keyData}
    else if (c.tokenFile) this.credential = {token: fs.readFileSync(c.tokenFile, 'utf8').trim(), cert: c.certData, key: c.keyData}
    else if (c.exec) this.credential = await runExecPlugin(c, this.options.interactive)
    else if (c.authProvider) this.credential = await authProviderToken(c)
    else this.credential = {cert: c.certData, key: c.keyData}
    return this.credential
  }
}

/** Runs a client-go exec credential plugin: argv without a shell, KUBERNETES_EXEC_INFO in the environment. */
async function runExecPlugin(c: Connection, interactive: boolean): Promise<{token?: string; cert?: Buffer; key?: Buffer; expires?: number}> {
  const exec = c.exec!
  const apiVersion = exec.apiVersion ?? 'client.authentication.k8s.io/v1'
  const mode = exec.interactiveMode ?? (apiVersion.endsWith('/v1') ? 'IfAvailable' : 'IfAvailable')
  const isInteractive = mode !== 'Never' && interactive
  if (mode === 'Always' && !interactive) throw new KctlError(`getting credentials: exec plugin cannot support interactive mode: standard input is not a terminal`)
  const info: any = {apiVersion, kind: 'ExecCredential', spec: {interactive: isInteractive}}
  if (exec.provideClusterInfo) {
    info.spec.cluster = {server: c.server, 'tls-server-name': c.tlsServerName, 'insecure-skip-tls-verify': c.insecureSkipTlsVerify,
      'certificate-authority-data': c.caData?.toString('base64'), 'proxy-url': c.proxyUrl}
  }
  const env: NodeJS.ProcessEnv = {...process.env, KUBERNETES_EXEC_INFO: JSON.stringify(info)}
  for (const e of exec.env ?? []) env[e.name] = e.value
  return new Promise((resolve, reject) => {
    const child = spawn(exec.command, exec.args ?? [], {env, stdio: [isInteractive ? 'inherit' : 'ignore', 'pipe', isInteractive ? 'inherit' : 'pipe']})
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout!.on('data', (d) => out.push(d))
    child.stderr?.on('data', (d) => err.push(d))
    child.on('error', (e: any) => {
      const hint = exec.installHint ? `\n\n${exec.installHint}` : ''
      reject(new KctlError(`getting credentials: exec: executable ${exec.command} not found${hint}`))
      void e
    })
    child.on('close', (code) => {
      if (code !== 0) {
        return reject(new KctlError(`getting credentials: exec: executable ${exec.command} failed with exit code ${code}`))
      }
      try {
        const cred = JSON.parse(Buffer.concat(out).toString('utf8'))
        const s = cred.status ?? {}
        resolve({
          token: s.token,
          cert: s.clientCertificateData ? Buffer.from(s.clientCertificateData) : c.certData,
          key: s.clientKeyData ? Buffer.from(s.clientKeyData) : c.keyData,
          expires: s.expirationTimestamp ? Date.parse(s.expirationTimestamp) : undefined,
        })
      } catch {
        reject(new KctlError(`getting credentials: decoding stdout: couldn't get version/kind; json parse error`))
      }
    })
  })
}

/** Legacy auth-provider plugins (oidc, …) are client-node's job: loaded only for such users. */
async function authProviderToken(c: Connection): Promise<{token?: string}> {
  const {KubeConfig} = await import('./k8s.js')
  const kc = new KubeConfig()
  kc.loadFromOptions({
    clusters: [{name: 'c', server: c.server, skipTLSVerify: c.insecureSkipTlsVerify}],
    users: [{name: 'u', authProvider: c.authProvider}],
    contexts: [{name: 'x', cluster: 'c', user: 'u'}],
    currentContext: 'x',
  })
  const opts: any = {headers: {}}
  await kc.applyToHTTPSOptions(opts)
  const auth: string | undefined = opts.headers?.Authorization ?? opts.headers?.authorization
  return {token: auth?.replace(/^Bearer /, '')}
}

/** Reads a whole response body. */
export function readAll(res: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    res.on('data', (c) => chunks.push(c))
    res.on('end', () => resolve(Buffer.concat(chunks)))
    res.on('error', reject)
  })
}

/** Turns an error answer into kubectl's StatusError (non-Status bodies as kubectl words them). */
export function toStatusError(code: number, body: Buffer, req: Pick<RestRequest, 'method' | 'path'>): StatusError {
  let status: Status | undefined
  try {
    const parsed = JSON.parse(body.toString('utf8'))
    if (parsed && parsed.kind === 'Status') status = parsed
  } catch {
    // not JSON
  }
  if (!status) {
    const text = body.toString('utf8').trim()
    const reason = code === 404 ? 'NotFound' : code === 401 ? 'Unauthorized' : code === 403 ? 'Forbidden' : code === 415 ? 'UnsupportedMediaType' : code === 405 ? 'MethodNotAllowed' : ''
    const message = code === 401 ? 'the server has asked for the client to provide credentials'
      : code === 404 ? 'the server could not find the requested resource'
        : text ? `an error on the server ("${text.slice(0, 200)}") has prevented the request from succeeding` : `the server responded with the status code ${code} but did not return more information`
    status = {kind: 'Status', status: 'Failure', code, reason, message}
    void req
  }
  return new StatusError(status, code)
}
