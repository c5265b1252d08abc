import {describe, expect, test} from '@jest/globals'
import {X509Certificate} from 'node:crypto'
import {mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {loadOrCreatePki} from '../../src/sandbox/pki.js'

describe('sandbox PKI', () => {
  test('CA-signed server and admin client certificates, generated once and reused, keys 0600', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kctl-pki-'))
    const pki = await loadOrCreatePki(dir, 'unit')
    const ca = new X509Certificate(pki.caCert)
    const server = new X509Certificate(pki.serverCert)
    const client = new X509Certificate(pki.clientCert)
    expect([ca.ca, server.ca, client.ca]).toEqual([true, false, false])
    expect([server.verify(ca.publicKey), client.verify(ca.publicKey), server.checkIssued(ca), client.checkIssued(ca)]).toEqual([true, true, true, true])
    expect(server.subjectAltName).toBe('DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, IP Address:127.0.0.1, IP Address:10.96.0.1')
    expect(client.subject).toBe('O=system:masters\nCN=kctl-admin')
    expect(ca.subject).toBe('CN=kctl-unit-ca')
    expect(pki.caCert.includes('\r')).toBe(false)
    for (const f of ['ca.key', 'server.key', 'client.key']) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600)
    const again = await loadOrCreatePki(dir, 'unit')
    expect(again).toEqual(pki)
    rmSync(dir, {recursive: true, force: true})
  }, 60_000)
})
