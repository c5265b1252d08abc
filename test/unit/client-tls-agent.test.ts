// KubeconfigCaAgent (and RestClient.openSocket, which uses it) against real TLS servers on 127.0.0.1: it accepts a leaf
// the kubeconfig CA signed directly without OpenSSL's store (the socket then reports authorized=false, as OpenSSL was
// not asked), and leaves every other case to an ordinary connection, whose verdict and error codes are OpenSSL's.
import {afterEach, describe, expect, test} from '@jest/globals'
import {generateKeyPairSync} from 'node:crypto'
import * as https from 'node:https'
import type {AddressInfo} from 'node:net'
import forge from 'node-forge'
import {KubeconfigCaAgent} from '../../src/lib/client/tls-agent.js'
import {RestClient} from '../../src/lib/client/rest.js'
import type {Connection} from '../../src/lib/client/kubeconfig.js'

interface Issued {
  certPem: string
  keyPem: string
  key: forge.pki.rsa.PrivateKey
  cert: forge.pki.Certificate
}

const DAY = 86400000
let serial = 1

function issue(o: {cn: string; issuer?: Issued; ca?: boolean; ips?: string[]; dns?: string[]; notBefore?: number; notAfter?: number; eku?: 'serverAuth' | 'clientAuth'}): Issued {
  const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048})
  const keyPem = privateKey.export({type: 'pkcs1', format: 'pem'}).toString()
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e)
  cert.serialNumber = String(serial++).padStart(2, '0')
  cert.validity.notBefore = new Date(o.notBefore ?? Date.now() - DAY)
  cert.validity.notAfter = new Date(o.notAfter ?? Date.now() + 30 * DAY)
  const subject = [{name: 'commonName', value: o.cn}]
  cert.setSubject(subject)
  cert.setIssuer(o.issuer ? o.issuer.cert.subject.attributes : subject)
  const extensions: any[] = [{name: 'basicConstraints', cA: Boolean(o.ca), critical: true}]
  if (o.ca) extensions.push({name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true})
  else extensions.push({name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true})
  if (o.eku) extensions.push({name: 'extKeyUsage', [o.eku]: true})
  const alt = [...(o.ips ?? []).map((ip) => ({type: 7, ip})), ...(o.dns ?? []).map((value) => ({type: 2, value}))]
  if (alt.length > 0) extensions.push({name: 'subjectAltName', altNames: alt})
  cert.setExtensions(extensions)
  cert.sign(o.issuer?.key ?? key, forge.md.sha256.create())
  return {certPem: forge.pki.certificateToPem(cert), keyPem, key, cert}
}

const ca = issue({cn: 'cluster-ca', ca: true})
const otherCa = issue({cn: 'other-ca', ca: true})
const servers: https.Server[] = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

async function serve(leaf: Issued, chain: Issued[] = []): Promise<number> {
  const server = https.createServer({key: leaf.keyPem, cert: [leaf.certPem, ...chain.map((c) => c.certPem)].join('')}, (_req, res) => res.end('ok'))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** A request as rest.ts makes it: the CA in the options and in the agent. */
function get(port: number, caPem: string, servername?: string): Promise<{body: string; authorized: boolean}> {
  const agent = new KubeconfigCaAgent(caPem, {keepAlive: false})
  return new Promise((resolve, reject) => {
    const req = https.get({host: '127.0.0.1', port, path: '/', ca: caPem, agent, servername}, (res) => {
      let body = ''
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({body, authorized: (res.socket as any).authorized}))
    })
    req.on('error', reject)
  })
}

describe('KubeconfigCaAgent', () => {
  test('a leaf the kubeconfig CA signed for this address: accepted on the fast path', async () => {
    const port = await serve(issue({cn: 'apiserver', issuer: ca, ips: ['127.0.0.1'], eku: 'serverAuth'}))
    expect(await get(port, ca.certPem)).toEqual({body: 'ok', authorized: false})
  })

  test('a DNS name (--tls-server-name): accepted on the fast path; a wildcard only for a whole label', async () => {
    const port = await serve(issue({cn: 'apiserver', issuer: ca, dns: ['kube.test', '*.apps.test']}))
    expect(await get(port, ca.certPem, 'kube.test')).toEqual({body: 'ok', authorized: false})
    expect(await get(port, ca.certPem, 'api.apps.test')).toEqual({body: 'ok', authorized: false})
    const error: any = await get(port, ca.certPem, 'a.b.apps.test').then(() => undefined, (e) => e)
    expect(error?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID')
  })

  test('a CA bundle: the signer may be any of its certificates', async () => {
    const port = await serve(issue({cn: 'apiserver', issuer: ca, ips: ['127.0.0.1']}))
    expect(await get(port, otherCa.certPem + ca.certPem)).toEqual({body: 'ok', authorized: false})
  })

  test('an intermediate CA: left to OpenSSL, which accepts the chain', async () => {
    const intermediate = issue({cn: 'intermediate', issuer: ca, ca: true})
    const port = await serve(issue({cn: 'apiserver', issuer: intermediate, ips: ['127.0.0.1']}), [intermediate])
    expect(await get(port, ca.certPem)).toEqual({body: 'ok', authorized: true})
  })

  test.each([
    ['a certificate for another name', () => issue({cn: 'apiserver', issuer: ca, dns: ['other.example']}), 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['a certificate from another CA', () => issue({cn: 'apiserver', issuer: otherCa, ips: ['127.0.0.1']}), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['an expired certificate', () => issue({cn: 'apiserver', issuer: ca, ips: ['127.0.0.1'], notBefore: Date.now() - 10 * DAY, notAfter: Date.now() - DAY}), 'CERT_HAS_EXPIRED'],
    ['a client-only certificate', () => issue({cn: 'apiserver', issuer: ca, ips: ['127.0.0.1'], eku: 'clientAuth'}), 'INVALID_PURPOSE'],
  ])('%s: refused by OpenSSL on the ordinary path, with its error code', async (_name, leaf, code) => {
    const port = await serve(leaf())
    const error: any = await get(port, ca.certPem).then(() => undefined, (e) => e)
    expect(error?.code).toBe(code)
  })

  test('a connection refused is reported once, as is', async () => {
    const port = await serve(issue({cn: 'apiserver', issuer: ca, ips: ['127.0.0.1']}))
    await new Promise((resolve) => servers.pop()!.close(resolve))
    const error: any = await get(port, ca.certPem).then(() => undefined, (e) => e)
    expect(error?.code).toBe('ECONNREFUSED')
  })
})

describe('RestClient.openSocket (the log stream\'s own connection)', () => {
  const open = (port: number, caPem: string) => {
    const conn = {contextName: 'c', clusterName: 'c', userName: 'u', server: `https://127.0.0.1:${port}`, namespace: 'default', namespaceExplicit: false, caData: Buffer.from(caPem), insecureSkipTlsVerify: false} as Connection
    const rest = new RestClient(conn, {verbosity: 0, requestTimeoutMs: 5000, commandName: 'kubectl logs', warn: () => undefined, log: () => undefined, interactive: () => false})
    return rest.openSocket().finally(() => rest.close())
  }
  /** Sends one request over the socket and returns the response's first line. */
  const firstLine = (socket: import('node:net').Socket) => new Promise<string>((resolve, reject) => {
    let text = ''
    socket.on('data', (d) => (text += d))
    socket.on('end', () => resolve(text.split('\r\n')[0]))
    socket.on('error', reject)
    socket.end('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  })

  test('a server the kubeconfig CA signed: the fast path\'s socket, ready to use', async () => {
    const port = await serve(issue({cn: 'apiserver', issuer: ca, ips: ['127.0.0.1']}))
    const socket = await open(port, ca.certPem)
    expect((socket as any).authorized).toBe(false)
    expect(await firstLine(socket)).toBe('HTTP/1.1 200 OK')
  })

  test('a server from another CA: OpenSSL\'s refusal, as for every other request', async () => {
    const port = await serve(issue({cn: 'apiserver', issuer: otherCa, ips: ['127.0.0.1']}))
    const error: any = await open(port, ca.certPem).then((s) => firstLine(s)).then(() => undefined, (e) => e)
    expect(error?.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
  })
})

