// Proxies as client-go uses them: a cluster's proxy-url wins; otherwise HTTPS_PROXY / HTTP_PROXY with NO_PROXY
// (Go's httpproxy rules: loopback is never proxied, CIDRs, IPs, domain suffixes, optional ports, `*`).
// Connections go through an HTTP CONNECT tunnel; no dependency is needed for that.
import * as http from 'node:http'
import * as https from 'node:https'
import * as net from 'node:net'
import * as tls from 'node:tls'
import type {Duplex} from 'node:stream'
import {KctlError} from '../cli/errors.js'

/** The proxy to use for a request to target, or undefined to connect directly. */
export function proxyFor(target: URL, proxyUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  if (proxyUrl) return parseProxy(proxyUrl)
  const https = target.protocol === 'https:' || target.protocol === 'wss:'
  const raw = https ? envAny(env, 'HTTPS_PROXY', 'https_proxy') : envAny(env, 'HTTP_PROXY', 'http_proxy')
  if (!raw) return undefined
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const port = target.port || (https ? '443' : '80')
  if (!useProxy(host, port, envAny(env, 'NO_PROXY', 'no_proxy') ?? '')) return undefined
  return parseProxy(raw)
}

function envAny(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n]
    if (v) return v
  }
  return undefined
}

function parseProxy(raw: string): URL {
  let url: URL
  try {
    // Go accepts a bare host:port and means http://host:port.
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`)
  } catch {
    throw new KctlError(`invalid proxy address ${JSON.stringify(raw)}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KctlError(`proxy scheme "${url.protocol.replace(/:$/, '')}" is not supported by kctl (use http or https)`)
  }
  return url
}

/** Go's httpproxy useProxy: false when NO_PROXY (or loopback) exempts host:port. */
export function useProxy(host: string, port: string, noProxy: string): boolean {
  if (host === 'localhost') return false
  const ip = net.isIP(host) ? host : undefined
  if (ip && isLoopback(ip)) return false
  for (let entry of noProxy.split(',').map((e) => e.trim().toLowerCase()).filter((e) => e !== '')) {
    if (entry === '*') return false
    if (entry.includes('/')) {
      if (ip && inCidr(ip, entry)) return false
      continue
    }
    let entryPort = ''
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry)
    if (m) {
      entry = m[1]
      entryPort = m[2]
    }
    entry = entry.replace(/^\[|\]$/g, '')
    if (entryPort && entryPort !== port) continue
    if (net.isIP(entry)) {
      if (ip && sameIp(entry, ip)) return false
      continue
    }
    if (entry.startsWith('*.')) entry = entry.slice(1)
    if (entry.startsWith('.')) {
      // ".example.com" matches sub-domains only; "example.com" matches itself and sub-domains.
      if (host.endsWith(entry)) return false
    } else if (host === entry || host.endsWith(`.${entry}`)) {
      return false
    }
  }
  return true
}

function isLoopback(ip: string): boolean {
  return net.isIPv4(ip) ? ip.startsWith('127.') : ip === '::1' || /^::ffff:127\./i.test(ip)
}

function sameIp(a: string, b: string): boolean {
  const x = ipBytes(a)
  const y = ipBytes(b)
  return x !== undefined && y !== undefined && x.length === y.length && x.every((v, i) => v === y[i])
}

function ipBytes(ip: string): number[] | undefined {
  if (net.isIPv4(ip)) return ip.split('.').map(Number)
  if (!net.isIPv6(ip)) return undefined
  let s = ip
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s)
  let tail: number[] = []
  if (v4) {
    tail = v4[1].split('.').map(Number)
    s = s.slice(0, -v4[1].length).replace(/:$/, ':0')
    s = s.endsWith('::0') ? s.slice(0, -1) : s
  }
  const [head, rest] = s.split('::')
  const h = head ? head.split(':') : []
  const r = rest !== undefined && rest !== '' ? rest.split(':') : []
  const groups = 8 - tail.length / 2
  const words = rest === undefined ? h : [...h, ...Array(groups - h.length - r.length).fill('0'), ...r]
  const bytes = words.slice(0, groups).flatMap((w) => {
    const n = parseInt(w || '0', 16)
    return [n >> 8, n & 255]
  })
  return [...bytes, ...tail]
}

/** True when ip lies in the CIDR block. */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/')
  const bits = Number(bitsText)
  let a = ipBytes(ip)
  const b = ipBytes(base)
  if (!a || !b || !Number.isInteger(bits)) return false
  // An IPv4 address matches an IPv4-mapped IPv6 block and the other way round, as Go's net.IP does.
  if (a.length === 16 && b.length === 4 && a.slice(0, 12).join() === '0,0,0,0,0,0,0,0,0,0,255,255') a = a.slice(12)
  if (a.length !== b.length || bits < 0 || bits > b.length * 8) return false
  for (let i = 0; i < bits; i++) {
    const bit = (x: number[]) => (x[i >> 3] >> (7 - (i & 7))) & 1
    if (bit(a) !== bit(b)) return false
  }
  return true
}

/** Opens a CONNECT tunnel to host:port through proxy; resolves with the raw tunnel socket. */
export function connectTunnel(proxy: URL, host: string, port: number | string, timeoutMs = 30000): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80))
    const proxyHost = proxy.hostname.replace(/^\[|\]$/g, '')
    const socket: net.Socket = proxy.protocol === 'https:'
      ? tls.connect({host: proxyHost, port: proxyPort, servername: net.isIP(proxyHost) ? undefined : proxyHost})
      : net.connect({host: proxyHost, port: proxyPort})
    const authority = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`
    const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`]
    if (proxy.username || proxy.password) {
      const cred = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`
      lines.push(`Proxy-Authorization: Basic ${Buffer.from(cred).toString('base64')}`)
    }
    let buffered = Buffer.alloc(0)
    const fail = (err: Error) => {
      socket.destroy()
      reject(err)
    }
    socket.setTimeout(timeoutMs, () => fail(Object.assign(new Error('proxy connect timeout'), {code: 'KCTL_TIMEOUT'})))
    socket.once('error', fail)
    socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`))
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk])
      const end = buffered.indexOf('\r\n\r\n')
      if (end === -1) {
        if (buffered.length > 65536) fail(new Error('proxy response header too large'))
        return
      }
      socket.off('data', onData)
      socket.setTimeout(0)
      socket.off('error', fail)
      const statusLine = buffered.subarray(0, buffered.indexOf('\r\n')).toString('latin1')
      const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s*(.*)$/.exec(statusLine)
      if (!m || m[1] !== '200') {
        // Go's transport reports the proxy's status text alone (e.g. "Forbidden").
        fail(new Error(m ? (m[2] || http.STATUS_CODES[Number(m[1])] || m[1]) : `malformed proxy response ${JSON.stringify(statusLine)}`))
        return
      }
      const rest = buffered.subarray(end + 4)
      if (rest.length > 0) socket.unshift(rest)
      resolve(socket)
    }
    socket.on('data', onData)
  })
}

/** An agent that reaches every origin through an HTTP(S) proxy's CONNECT tunnel (TLS to the origin on top for https). */
export function tunnelAgent(proxy: URL, secure: boolean, options: https.AgentOptions = {}): http.Agent {
  const base = secure ? https.Agent : http.Agent
  const Agent = class extends (base as any) {
    createConnection(opts: any, callback?: (err: Error | null, socket?: Duplex) => void): any {
      const host = String(opts.host ?? opts.hostname ?? 'localhost').replace(/^\[|\]$/g, '')
      connectTunnel(proxy, host, opts.port).then((raw) => {
        if (!secure) return callback?.(null, raw)
        const servername = opts.servername ?? (net.isIP(host) ? undefined : host)
        const socket = tls.connect({...opts, socket: raw, host, servername})
        const onError = (err: Error) => callback?.(err)
        socket.once('error', onError)
        socket.once('secureConnect', () => {
          socket.off('error', onError)
          callback?.(null, socket)
        })
      }, (err) => callback?.(err))
      return undefined
    }
  }
  return new (Agent as any)(options) as http.Agent
}
