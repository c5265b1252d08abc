// REST over node:http(s). The hot paths (get, completion) cannot afford @kubernetes/client-node's ~330 ms import, so
// requests go out through node's own client; client-node is loaded only for auth it implements and we do not
// (legacy auth-provider plugins).
import * as http from 'node:http'
import * as https from 'node:https'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as tls from 'node:tls'
import {randomUUID} from 'node:crypto'
import type {Connection} from './kubeconfig.js'
import {ConnectionError, KctlError, StatusError, type Status} from '../cli/errors.js'
import {proxyFor, tunnelAgent} from './proxy.js'
import {KubeconfigCaAgent} from './tls-agent.js'

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
  /** Whether stdin/stderr are a terminal, for interactive exec credential plugins (asked only when one runs: opening
   * stdin to ask costs every command a stream). */
  interactive: () => boolean
}

const MASKED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie'])
/** Paths whose request and response bodies carry credentials (Secrets, TokenRequests, TokenReviews, CSR keys). */
export const SECRET_PATH = /\/secrets(\/|$|\?)|\/tokenreviews|\/serviceaccounts\/[^/]+\/token|\/selfsubjectreviews/
/** Kinds whose bodies carry credentials wherever they appear (lists, Tables with objects, errors). */
const SECRET_KIND = /"kind"\s*:\s*"(Secret|SecretList|TokenRequest|TokenReview|ExecCredential)"/

/** A header value as kubectl logs it: the auth scheme kept, the credential replaced by <masked>. */
export function maskHeaderValue(name: string, value: string): string {
  if (!MASKED_HEADERS.has(name.toLowerCase())) return value
  const m = /^(\S+)\s+\S/.exec(value)
  return m && name.toLowerCase().endsWith('authorization') ? `${m[1]} <masked>` : '<masked>'
}

/** True when a body must not be logged because it may hold Secret data or a credential. */
export function isSecretBody(path: string, body: Buffer | string | undefined): boolean {
  if (SECRET_PATH.test(path)) return true
  if (body === undefined) return false
  return SECRET_KIND.test(typeof body === 'string' ? body : body.toString('utf8'))
}

/** One TLS warning per process, however many clients are built. */
let tlsWarned = false
/** Credentials from exec plugins, shared by every client in the process until they expire (client-go's cache). */
const execCache = new Map<string, Promise<{token?: string; cert?: Buffer; key?: Buffer; expires?: number}>>()

/** The HTTP client for one connection; one keep-alive agent per process. */
export class RestClient {
  private keepAlive: http.Agent | undefined
  private credential: {token?: string; cert?: Buffer; key?: Buffer; expires?: number} | undefined
  private readonly session = randomUUID()
  readonly url: URL

  constructor(readonly connection: Connection, readonly options: RestOptions) {
    try {
      this.url = new URL(connection.server)
    } catch {
      throw new KctlError(`host must be a URL or a host:port pair: "${connection.server}"`)
    }
    if (!tlsWarned && connection.insecureSkipTlsVerify && this.url.protocol === 'https:') {
      tlsWarned = true
      options.warn('Warning: TLS certificate verification is disabled (insecure-skip-tls-verify); the connection is not secure.')
    } else if (!tlsWarned && process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
      tlsWarned = true
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

  /** The proxy requests go through (cluster proxy-url, else HTTPS_PROXY/HTTP_PROXY unless NO_PROXY), if any. */
  proxy(): URL | undefined {
    return proxyFor(this.url, this.connection.proxyUrl)
  }

  /** For WebSocket/SPDY upgrades (exec, attach, port-forward): a one-shot tunnel agent when a proxy applies, else undefined. */
  upgradeAgent(): http.Agent | undefined {
    const proxy = this.proxy()
    return proxy ? tunnelAgent(proxy, this.url.protocol === 'https:') : undefined
  }

  /** The keep-alive agent every request of this client goes through (an upgrade may reuse its connection). */
  agent(): http.Agent {
    if (!this.keepAlive) {
      const secure = this.url.protocol === 'https:'
      const proxy = this.proxy()
      if (proxy) this.keepAlive = tunnelAgent(proxy, secure, {keepAlive: true, maxSockets: 64})
      else if (secure && this.connection.caData && !this.connection.insecureSkipTlsVerify) this.keepAlive = new KubeconfigCaAgent(this.connection.caData, {keepAlive: true, maxSockets: 64})
      else this.keepAlive = secure ? new https.Agent({keepAlive: true, maxSockets: 64}) : new http.Agent({keepAlive: true, maxSockets: 64})
    }
    return this.keepAlive
  }

  /**
   * Whether a reader that speaks HTTP itself over openSocket() may serve this client: no proxy to tunnel through and no
   * -v request logging, which only the REST client's requests do.
   */
  rawUsable(): boolean {
    return this.options.verbosity < 6 && !this.proxy() && (this.url.protocol === 'https:' || this.url.protocol === 'http:')
  }

  /**
   * The head of a GET that a reader speaking HTTP itself writes on openSocket(): the Host, the client's own headers
   * (credentials included), then `extra`.
   */
  async rawRequestHead(pathWithQuery: string, extra: Record<string, string>): Promise<string> {
    const base = await this.connectOptions()
    const headers: Record<string, string> = {Host: this.url.host, ...(base.headers as Record<string, string>), ...extra}
    return `GET ${this.url.pathname.replace(/\/$/, '')}${pathWithQuery} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`
  }

  /**
   * A new connection of its own to the server (no proxy), TLS-checked as the agent checks its connections, for a reader
   * that speaks HTTP itself (logs/raw.ts, cp/receive.ts). `onread` hands each read to a callback in one reused buffer,
   * skipping the stream machinery (half of node's CPU per TLS record). Rejects with the transport's error.
   */
  async openSocket(onread?: net.OnReadOpts): Promise<net.Socket> {
    const base = await this.connectOptions()
    const host = String(base.hostname)
    const options = {host, port: Number(base.port), ca: base.ca, cert: base.cert, key: base.key, rejectUnauthorized: base.rejectUnauthorized, servername: base.servername ?? (net.isIP(host) ? undefined : host), onread}
    if (this.url.protocol !== 'https:') return net.connect(options)
    const agent = this.agent()
    if (!(agent instanceof KubeconfigCaAgent)) return tls.connect(options as tls.ConnectionOptions)
    return new Promise((resolve, reject) => {
      const socket = agent.createConnection(options, (err: Error | null, s: any) => (err ? reject(err) : resolve(s)))
      if (socket) resolve(socket)
    })
  }

  /** Ends idle keep-alive sockets so the process can exit. */
  close(): void {
    this.keepAlive?.destroy()
  }

  /** Sends a request and buffers the answer; non-2xx answers become StatusError. */
  async request(req: RestRequest): Promise<RestResponse> {
    const res = await this.send(req)
    const body = await readAll(res)
    this.logResponse(req, res, body)
    this.emitWarnings(res)
    this.forgetRejectedCredential(res.statusCode!)
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
      this.forgetRejectedCredential(res.statusCode!)
      const body = await readAll(res)
      this.logResponse(req, res, body)
      throw toStatusError(res.statusCode!, body, req)
    }
    this.logResponse(req, res, undefined)
    return res
  }

  // client-go runs an exec plugin again after the server rejects its credential with 401.
  private forgetRejectedCredential(status: number): void {
    if (status !== 401 || !this.connection.exec) return
    this.credential = undefined
    clearExecCredentials()
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
      const r = mod.request({...base, method: req.method, path: fullPath, headers, agent: this.agent()}, (res) => {
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
    if (err instanceof KctlError) return err
    if (err?.code === 'ECONNREFUSED') return new ConnectionError(`The connection to the server ${host} was refused - did you specify the right host or port?`)
    if (err?.code === 'KCTL_TIMEOUT') return new KctlError(`the server was unable to return a response in the time allotted, but may still be processing the request`)
    if (err?.code === 'ENOTFOUND' || err?.code === 'EAI_AGAIN') return new ConnectionError(`Unable to connect to the server: dial tcp: lookup ${err.hostname ?? this.url.hostname}: no such host`)
    if (err?.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || err?.code === 'SELF_SIGNED_CERT_IN_CHAIN' || err?.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || err?.code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY') {
      return new ConnectionError(`Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority`)
    }
    if (err?.code === 'CERT_HAS_EXPIRED') return new ConnectionError(`Unable to connect to the server: tls: failed to verify certificate: x509: certificate has expired or is not yet valid`)
    if (err?.code === 'ERR_TLS_CERT_ALTNAME_INVALID') return new ConnectionError(`Unable to connect to the server: tls: failed to verify certificate: ${hostnameError(err)}`)
    void timeout
    return new ConnectionError(`Unable to connect to the server: ${err?.message ?? String(err)}`)
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

  // klog's shapes at each level, as client-go's round_trippers logs them: 6 = one line per response, 7 = request
  // headers, 8 = bodies and response headers, 9 = the request as a curl command. Credentials are masked and the
  // bodies of Secrets and tokens are never written.
  private logRequest(method: string, fullPath: string, headers: Record<string, string>, payload: Buffer | undefined, path: string): void {
    const v = this.options.verbosity
    if (v < 7) return
    const url = `${this.url.origin}${fullPath}`
    if (v >= 8) this.options.log(`"Request Body" body=${payload === undefined ? '""' : isSecretBody(path, payload) ? '"<masked: Secret or credential>"' : quoteBody(payload, v)}`)
    if (v >= 9) {
      const h = Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'content-length').map(([k, val]) => ` -H "${k}: ${maskHeaderValue(k, val)}"`).join('')
      this.options.log(`"Request" curlCommand=<\n\tcurl -v -X${method} ${h} '${url}'\n >`)
    } else {
      this.options.log(`"Request" verb="${method}" url="${url}" headers=<\n${formatHeaders(headers)} >`)
    }
  }

  private logResponse(req: RestRequest, res: http.IncomingMessage, body: Buffer | undefined): void {
    const v = this.options.verbosity
    if (v < 6) return
    const ms = Date.now() - ((res as any).kctlStarted ?? Date.now())
    const url = `${this.url.origin}${this.url.pathname.replace(/\/$/, '')}${this.pathWithQuery(req.path, req.query)}`
    const status = `status="${res.statusCode} ${res.statusMessage ?? ''}"`
    if (v >= 8) {
      const h: Record<string, string> = {}
      for (const [k, val] of Object.entries(res.headers)) if (val !== undefined) h[canonicalHeader(k)] = Array.isArray(val) ? val.join(', ') : val
      this.options.log(`"Response" ${status} headers=<\n${formatHeaders(h)} > milliseconds=${ms}`)
      if (body) this.options.log(`"Response Body" body=${isSecretBody(req.path, body) ? '"<masked: Secret or credential>"' : quoteBody(body, v)}`)
    } else {
      this.options.log(v >= 7 ? `"Response" ${status} milliseconds=${ms}` : `"Response" verb="${req.method}" url="${url}" ${status} milliseconds=${ms}`)
    }
  }

  /** Token / client certificate from the kubeconfig, a token file, an exec plugin, or an auth-provider. */
  private async credentials(): Promise<{token?: string; cert?: Buffer; key?: Buffer}> {
    const c = this.connection
    if (this.credential && (!this.credential.expires || this.credential.expires > Date.now())) return this.credential
    if (c.token) this.credential = {token: c.token, cert: c.certData, key: c.keyData}
    else if (c.tokenFile) this.credential = {token: fs.readFileSync(c.tokenFile, 'utf8').trim(), cert: c.certData, key: c.keyData}
    else if (c.exec) this.credential = await execCredential(c, this.options.interactive())
    else if (c.authProvider) this.credential = await authProviderToken(c)
    else this.credential = {cert: c.certData, key: c.keyData}
    return this.credential
  }
}

/** Go's x509.HostnameError wording from node's altname failure (the names the certificate is valid for). */
function hostnameError(err: any): string {
  const host = String(err.host ?? '').replace(/^\[|\]$/g, '')
  const sans = String(err.cert?.subjectaltname ?? '').split(/,\s*/).filter((x) => x !== '')
  const dns = sans.filter((x) => x.startsWith('DNS:')).map((x) => x.slice(4))
  const ips = sans.filter((x) => x.startsWith('IP Address:')).map((x) => x.slice(11))
  if (!host) return err.reason ?? err.message
  if (/^[\d.]+$|:/.test(host)) {
    return ips.length > 0 ? `x509: certificate is valid for ${ips.join(', ')}, not ${host}` : `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`
  }
  if (dns.length > 0) return `x509: certificate is valid for ${dns.join(', ')}, not ${host}`
  if (err.cert?.subject?.CN) return 'x509: certificate relies on legacy Common Name field, use SANs instead'
  return `x509: certificate is not valid for any names, but wanted to match ${host}`
}

/** Go-quoted body text as klog prints it; above level 8 nothing is cut, at 8 bodies are cut at 1024 bytes. */
function quoteBody(body: Buffer, v: number): string {
  const text = body.toString('utf8')
  if (v < 9 && text.length > 1024) return `${JSON.stringify(text.slice(0, 1024))} [truncated ${text.length - 1024} chars]`
  return JSON.stringify(text)
}

/** Headers one per line, sorted, values masked, in klog's multi-line form. */
function formatHeaders(headers: Record<string, string>): string {
  return Object.keys(headers).sort((a, b) => a.localeCompare(b)).map((k) => `\t${k}: ${maskHeaderValue(k, headers[k])}\n`).join('')
}

function canonicalHeader(name: string): string {
  return name.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('-')
}

const EXEC_NOT_FOUND = `\n\nIt looks like you are trying to use a client-go credential plugin that is not installed.\n\nTo learn more about this feature, consult the documentation available at:\n      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins`

/** An exec plugin's credential, run once per process (concurrent requests share the run) until its expirationTimestamp. */
export async function execCredential(c: Connection, interactive: boolean): Promise<{token?: string; cert?: Buffer; key?: Buffer; expires?: number}> {
  const key = JSON.stringify([c.server, c.userName, c.exec])
  const cached = execCache.get(key)
  if (cached) {
    const cred = await cached
    if (!cred.expires || cred.expires > Date.now()) return cred
  }
  const run = runExecPlugin(c, interactive)
  execCache.set(key, run)
  run.catch(() => execCache.delete(key))
  return run
}

/** Forgets cached exec credentials (after a 401 client-go runs the plugin again). */
export function clearExecCredentials(): void {
  execCache.clear()
}

/** Runs a client-go exec credential plugin: argv without a shell, KUBERNETES_EXEC_INFO in the environment. */
async function runExecPlugin(c: Connection, interactive: boolean): Promise<{token?: string; cert?: Buffer; key?: Buffer; expires?: number}> {
  const exec = c.exec!
  const apiVersion = exec.apiVersion ?? ''
  const known = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1']
  if (!known.includes(apiVersion)) throw new KctlError(`exec plugin: invalid apiVersion "${apiVersion}"`)
  // client.authentication.k8s.io/v1 makes interactiveMode mandatory; v1beta1 defaults it to IfAvailable.
  if (apiVersion.endsWith('/v1') && !exec.interactiveMode) throw new KctlError(`interactiveMode must be specified for ${c.userName} to use exec authentication plugin`)
  const mode = exec.interactiveMode ?? 'IfAvailable'
  const isInteractive = mode !== 'Never' && interactive
  if (mode === 'Always' && !interactive) throw new ConnectionError(`Unable to connect to the server: getting credentials: exec plugin cannot support interactive mode: standard input is not a terminal`)
  const info: any = {kind: 'ExecCredential', apiVersion, spec: {interactive: isInteractive}}
  if (exec.provideClusterInfo) {
    const cluster: Record<string, unknown> = {server: c.server}
    if (c.tlsServerName) cluster['tls-server-name'] = c.tlsServerName
    if (c.insecureSkipTlsVerify) cluster['insecure-skip-tls-verify'] = true
    if (c.caData) cluster['certificate-authority-data'] = c.caData.toString('base64')
    if (c.proxyUrl) cluster['proxy-url'] = c.proxyUrl
    const extension = (c.cluster as any)?.extensions?.find?.((e: any) => e?.name === 'client.authentication.k8s.io/exec')?.extension
    if (extension !== undefined) cluster.config = extension
    info.spec = {cluster, interactive: isInteractive}
  }
  const env: NodeJS.ProcessEnv = {...process.env, KUBERNETES_EXEC_INFO: JSON.stringify(info)}
  for (const e of exec.env ?? []) env[e.name] = e.value
  const fail = (message: string) => new ConnectionError(`Unable to connect to the server: getting credentials: ${message}`)
  const stdout = await new Promise<Buffer>((resolve, reject) => {
    // As client-go: stderr always reaches the user's terminal, stdin only in interactive mode.
    // child_process only when a credential plugin runs: loading it costs every other command's start.
    const {spawn} = process.getBuiltinModule('node:child_process') as typeof import('node:child_process')
    const child = spawn(exec.command, exec.args ?? [], {env, stdio: [isInteractive ? 'inherit' : 'ignore', 'pipe', 'inherit']})
    const out: Buffer[] = []
    child.stdout!.on('data', (d) => out.push(d))
    child.on('error', (e: any) => {
      if (e?.code === 'ENOENT' || e?.code === 'EACCES') {
        const hint = exec.installHint ? `\n\n${exec.installHint}` : ''
        reject(fail(`exec: executable ${exec.command} not found${EXEC_NOT_FOUND}${hint}`))
      } else {
        reject(fail(`exec: ${e?.message ?? String(e)}`))
      }
    })
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(fail(`exec: executable ${exec.command} failed with exit code ${code ?? (signal ? 1 : 0)}`))
      resolve(Buffer.concat(out))
    })
  })
  let cred: any
  try {
    cred = JSON.parse(stdout.toString('utf8'))
  } catch (error: any) {
    // client-go decodes YAML too, so bare words come out as a string rather than a syntax error.
    const text = stdout.toString('utf8')
    const detail = text.trim() === '' || /^[{[]/.test(text.trim()) ? goJsonError(text, error) : 'json: cannot unmarshal string into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }'
    throw fail(`decoding stdout: couldn't get version/kind; json parse error: ${detail}`)
  }
  if (!cred || typeof cred !== 'object' || Array.isArray(cred)) {
    throw fail(`decoding stdout: couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(cred) ? 'array' : cred === null ? 'null' : typeof cred === 'string' ? 'string' : typeof cred} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`)
  }
  if (cred.kind !== 'ExecCredential' || !known.includes(cred.apiVersion)) {
    if (cred.apiVersion && cred.apiVersion !== apiVersion) throw fail(`exec plugin is configured to use API version ${apiVersion}, plugin returned version ${cred.apiVersion}`)
    throw fail(`decoding stdout: Object 'Kind' is missing in '${stdout.toString('utf8').trim()}'`.replace(/"token"\s*:\s*"[^"]*"/g, '"token":"<masked>"'))
  }
  if (cred.apiVersion !== apiVersion) throw fail(`exec plugin is configured to use API version ${apiVersion}, plugin returned version ${cred.apiVersion}`)
  const s = cred.status
  if (!s) throw fail('exec plugin didn\'t return a status field')
  if (!s.token && !s.clientCertificateData && !s.clientKeyData) throw fail('exec plugin didn\'t return a token or cert/key pair')
  if (Boolean(s.clientCertificateData) !== Boolean(s.clientKeyData)) throw fail('exec plugin returned only certificate or key, not both')
  return {
    token: s.token || undefined,
    cert: s.clientCertificateData ? Buffer.from(s.clientCertificateData) : c.certData,
    key: s.clientKeyData ? Buffer.from(s.clientKeyData) : c.keyData,
    expires: s.expirationTimestamp ? Date.parse(s.expirationTimestamp) : undefined,
  }
}

/** Go's encoding/json wording for the first syntax error (never echoing the credential text itself). */
function goJsonError(text: string, error: any): string {
  const trimmed = text.trimStart()
  if (trimmed === '') return 'unexpected end of JSON input'
  const ch = trimmed[0]
  if (!'{["-0123456789tfn'.includes(ch)) return `invalid character '${ch}' looking for beginning of value`
  void error
  return 'unexpected end of JSON input'
}

/** Legacy auth-provider plugins (oidc, …) are client-node's job: loaded only for such users. */
async function authProviderToken(c: Connection): Promise<{token?: string}> {
  const {KubeConfig} = await (await import('./k8s.js')).loadClientNode()
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

/**
 * A raw reader's response head (status line and fields, without the blank line): the status code and the fields by
 * lower-cased name, repeated ones joined with ", " as HTTP allows.
 */
export function parseResponseHead(text: string): {status: number; headers: Record<string, string>} {
  const [first, ...lines] = text.split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(first)?.[1] ?? 0)
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const i = line.indexOf(':')
    if (i <= 0) continue
    const name = line.slice(0, i).trim().toLowerCase()
    const value = line.slice(i + 1).trim()
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value
  }
  return {status, headers}
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
