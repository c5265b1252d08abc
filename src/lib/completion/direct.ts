// The transport of a live completion: one GET over a connection opened as soon as the server is known (the handshake
// overlaps reading the discovery cache). It speaks only what a TAB needs (token, token file, client certificate, basic
// auth); exec plugins, auth providers and proxies go through the full RestClient instead.
import type {Connection} from '../client/kubeconfig.js'
import {DISCOVERY_TTL_MS, type ResourceType} from '../client/discovery.js'

// Builtins through getBuiltinModule, not ESM imports, which materialise whole namespaces (see complete.ts).
const fs = process.getBuiltinModule('node:fs') as typeof import('node:fs')
const path = process.getBuiltinModule('node:path') as typeof import('node:path')
const builtin = async <T>(id: string): Promise<T> => process.getBuiltinModule(id) as T

/** The resource types of a fresh discovery cache file (discovery.ts's TTL), else undefined. */
export function cachedResources(file: string, ttlMs = DISCOVERY_TTL_MS): ResourceType[] | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'))
    const age = Date.now() - data.fetchedAt
    if (age >= 0 && age < ttlMs && Array.isArray(data.resources)) return data.resources
  } catch {
    // missing or corrupt
  }
  return undefined
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']

/** Whether this connection can use the direct client (no exec plugin, auth provider or proxy). */
export function directCapable(conn: Connection, env: NodeJS.ProcessEnv = process.env): boolean {
  if (conn.exec || conn.authProvider || conn.proxyUrl) return false
  if (PROXY_VARS.some((v) => env[v])) return false
  return /^https?:$/.test(safeProtocol(conn.server))
}

function safeProtocol(server: string): string {
  try {
    return new URL(server).protocol
  } catch {
    return ''
  }
}

/**
 * The TLS context for a connection, and the kubeconfig CA certificates the server must be directly signed by. With a
 * kubeconfig CA the context holds no CA at all: on Node 20, giving TLS a CA makes Node parse its ~140 bundled roots
 * first (~30-40 ms of a TAB). The handshake's certificate is then checked as the client's KubeconfigCaAgent checks it
 * (src/lib/client/tls-agent.ts); what that check does not accept goes to the full client, which verifies with OpenSSL.
 */
async function sslContext(conn: Connection): Promise<{context: import('node:tls').SecureContext; anchors?: import('node:crypto').X509Certificate[]}> {
  const tls = await builtin<typeof import('node:tls')>('node:tls')
  const opts: import('node:tls').SecureContextOptions = {}
  if (conn.certData && conn.keyData) {
    opts.cert = conn.certData
    opts.key = conn.keyData
  }
  if (conn.insecureSkipTlsVerify) return {context: tls.createSecureContext({...opts, ca: []})}
  if (!conn.caData) return {context: tls.createSecureContext(opts)}
  const {caCertificates} = await import('../client/tls-trust.js')
  return {context: tls.createSecureContext({...opts, ca: []}), anchors: caCertificates(conn.caData)}
}

/** The fast path could not vouch for the server: the caller asks again through the full client. */
export class UnverifiedServer extends Error {
  constructor() {
    super('server certificate not directly signed by the kubeconfig CA')
  }
}

/** Where a TLS session is kept between TABs, and what it was made for (server, server name, trust, client certificate). */
export interface SessionStore {
  file: string
  key: string
}

/** A session is resumed for at most this long after it was saved (servers may honour tickets for days). */
const SESSION_TTL_MS = 30 * 60 * 1000

/**
 * The saved TLS session for this connection, if it is fresh and was made for exactly the same server, trust and client
 * certificate. Resuming one skips verifying and signing certificates in the handshake (a few ms of a cold TAB).
 */
function readSession(store: SessionStore | undefined): Buffer | undefined {
  if (!store) return undefined
  try {
    const c = JSON.parse(fs.readFileSync(store.file, 'utf8'))
    const age = Date.now() - c.at
    if (c.key === store.key && age >= 0 && age < SESSION_TTL_MS && typeof c.session === 'string') return Buffer.from(c.session, 'base64')
  } catch {
    // none
  }
  return undefined
}

// A session resumes the client certificate's identity, so it is kept as privately as the kubeconfig: 0600 in a 0700 dir.
function writeSession(store: SessionStore, session: Buffer): void {
  try {
    const dir = path.dirname(store.file)
    fs.mkdirSync(dir, {recursive: true, mode: 0o700})
    fs.chmodSync(dir, 0o700)
    const tmp = `${store.file}.${process.pid}.tmp`
    fs.writeFileSync(tmp, JSON.stringify({key: store.key, at: Date.now(), session: session.toString('base64')}), {mode: 0o600})
    fs.renameSync(tmp, store.file)
  } catch {
    // a read-only home only costs the next TAB a full handshake
  }
}

/** What a TLS session depends on, for SessionStore.key (the CA and the client certificate are public). */
export function sessionKey(conn: Connection): string {
  return JSON.stringify([conn.server, conn.tlsServerName ?? '', conn.insecureSkipTlsVerify, conn.caData?.toString('base64') ?? '', conn.certData?.toString('base64') ?? ''])
}

/** One connection to the API server, opened at construction, for GET requests that answer JSON. */
export class DirectClient {
  private readonly url: URL
  private socket: Promise<import('node:net').Socket>
  private readonly headers: Record<string, string>
  private error: Error | undefined

  private unverified = false

  constructor(private readonly conn: Connection, private readonly timeoutMs: number, private readonly sessions?: SessionStore) {
    this.url = new URL(conn.server)
    const secure = this.url.protocol === 'https:'
    this.headers = {
      'User-Agent': `kctl/v0.1.0 (${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch})`,
      'Kubectl-Command': 'kubectl __complete',
    }
    // As kubectl (and RestClient): credentials only over TLS.
    const token = conn.token ?? (conn.tokenFile ? fs.readFileSync(conn.tokenFile, 'utf8').trim() : undefined)
    if (secure && token) this.headers.Authorization = `Bearer ${token}`
    else if (secure && conn.username !== undefined && conn.password !== undefined) {
      this.headers.Authorization = `Basic ${Buffer.from(`${conn.username}:${conn.password}`).toString('base64')}`
    }
    this.socket = this.open(secure)
    this.socket.catch(() => undefined)
  }

  private async open(secure: boolean): Promise<import('node:net').Socket> {
    const host = this.url.hostname.replace(/^\[|\]$/g, '')
    const port = Number(this.url.port || (secure ? 443 : 80))
    const net = await builtin<typeof import('node:net')>('node:net')
    let socket: import('node:net').Socket
    if (!secure) socket = net.connect({host, port})
    else {
      const tls = await builtin<typeof import('node:tls')>('node:tls')
      const {context: secureContext, anchors} = await sslContext(this.conn)
      const servername = this.conn.tlsServerName ?? (net.isIP(host) ? undefined : host)
      const session = readSession(this.sessions)
      // With anchors, OpenSSL is not asked (rejectUnauthorized off) and the certificate is checked below before any byte
      // is written; the request waits for that check.
      const tlsSocket = tls.connect({host, port, secureContext, servername, session, rejectUnauthorized: !this.conn.insecureSkipTlsVerify && !anchors, ALPNProtocols: ['http/1.1']})
      tlsSocket.on('error', (e) => {
        this.error ??= e
      })
      let verified = Boolean(this.conn.insecureSkipTlsVerify)
      const check = anchors
        ? new Promise<void>((resolve) => {
          tlsSocket.once('secureConnect', async () => {
            // A resumed session was saved only from a verified handshake with this very CA and server (sessionKey),
            // and resuming it proves the server is that one: as OpenSSL does, its verdict carries over.
            const {directlyTrusted} = await import('../client/tls-trust.js')
            verified = tlsSocket.isSessionReused() || directlyTrusted(tlsSocket, anchors, servername ?? host)
            if (!verified) {
              this.unverified = true
              tlsSocket.destroy()
            }
            resolve()
          })
          tlsSocket.once('close', () => resolve())
        })
        : undefined
      const store = this.sessions
      if (store) {
        // Saved only from a handshake that verified the server (or that was told not to, which the key records), and
        // only when the saved one did not serve: TLS 1.3 tickets stay good for many resumptions, so most TABs write nothing.
        tlsSocket.once('session', (s: Buffer) => {
          if (session && tlsSocket.isSessionReused()) return
          if (verified || tlsSocket.authorized) writeSession(store, s)
        })
      }
      if (check) await check
      socket = tlsSocket
    }
    // Errors before the request is attached (refused, bad certificate) must not become an uncaught exception.
    socket.on('error', (e) => {
      this.error ??= e
    })
    return socket
  }

  /** GETs a path (with query) and parses the JSON answer; non-2xx answers and timeouts reject. One request per client. */
  async getJSON(pathWithQuery: string, accept: string): Promise<any> {
    const socket = await this.socket
    if (this.unverified) throw new UnverifiedServer()
    if (this.error || socket.destroyed) throw this.error ?? new Error('connection closed')
    const prefix = this.url.pathname.replace(/\/$/, '')
    const headers = {Host: this.url.host, ...this.headers, Accept: accept, Connection: 'close'}
    // HTTP/1.1 by hand: node:http and node:https cost more to load than the whole exchange takes.
    const head = `GET ${prefix}${pathWithQuery} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = []
      let size = 0
      let done = false
      const finish = (error: Error | undefined, body?: Buffer) => {
        if (done) return
        done = true
        clearTimeout(timer)
        socket.destroy()
        if (error) return reject(error)
        try {
          resolve(JSON.parse(body!.toString('utf8')))
        } catch (e) {
          reject(e as Error)
        }
      }
      const timer = setTimeout(() => finish(new Error('timeout')), this.timeoutMs)
      const attempt = (ended: boolean) => {
        let r: HttpResponse | undefined
        try {
          r = parseResponse(Buffer.concat(chunks), ended)
        } catch (e) {
          return finish(e as Error)
        }
        if (r) finish(r.status >= 200 && r.status < 300 ? undefined : new Error(`status ${r.status}`), r.body)
        else if (ended) finish(new Error('incomplete response'))
      }
      socket.on('data', (c: Buffer) => {
        chunks.push(c)
        size += c.length
        if (size > MAX_RESPONSE) finish(new Error('response too large'))
        else attempt(false)
      })
      socket.on('end', () => attempt(true))
      socket.on('close', () => attempt(true))
      socket.on('error', (e) => finish(e))
      socket.write(head)
    })
  }

  close(): void {
    this.socket.then((s) => s.destroy(), () => undefined)
  }
}

/** A name list of tens of thousands of objects fits; a runaway answer does not fill memory. */
const MAX_RESPONSE = 64 * 1024 * 1024

interface HttpResponse {
  status: number
  body: Buffer
}

/**
 * An HTTP/1.1 response once it is complete (Content-Length, chunked, or up to the end of the connection); undefined
 * while more is to come. Throws on what a GET without Accept-Encoding never gets (compressed bodies, bad framing).
 */
export function parseResponse(buf: Buffer, ended: boolean): HttpResponse | undefined {
  const end = buf.indexOf('\r\n\r\n')
  if (end < 0) {
    if (ended) throw new Error('incomplete response')
    return undefined
  }
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n')
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0])
  if (!m) throw new Error('not an HTTP/1.1 response')
  const headers = new Map<string, string>()
  for (const l of lines.slice(1)) {
    const c = l.indexOf(':')
    if (c > 0) headers.set(l.slice(0, c).trim().toLowerCase(), l.slice(c + 1).trim())
  }
  const encoding = headers.get('content-encoding')
  if (encoding && encoding !== 'identity') throw new Error(`unexpected content-encoding ${encoding}`)
  const rest = buf.subarray(end + 4)
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
    const parts: Buffer[] = []
    let at = 0
    for (;;) {
      const eol = rest.indexOf('\r\n', at)
      if (eol < 0) break
      const n = parseInt(rest.subarray(at, eol).toString('latin1').split(';')[0].trim(), 16)
      if (Number.isNaN(n)) throw new Error('bad chunk size')
      if (n === 0) return {status: Number(m[1]), body: Buffer.concat(parts)}
      if (rest.length < eol + 2 + n + 2) break
      parts.push(rest.subarray(eol + 2, eol + 2 + n))
      at = eol + 2 + n + 2
    }
    if (ended) throw new Error('incomplete chunked body')
    return undefined
  }
  const length = headers.get('content-length')
  if (length !== undefined) {
    const n = Number(length)
    if (!Number.isInteger(n) || n < 0) throw new Error('bad content-length')
    if (rest.length >= n) return {status: Number(m[1]), body: rest.subarray(0, n)}
    if (ended) throw new Error('incomplete body')
    return undefined
  }
  return ended ? {status: Number(m[1]), body: rest} : undefined
}
