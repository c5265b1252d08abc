// The check behind KubeconfigCaAgent (tls-agent.ts) and the completion fast path: does the kubeconfig CA vouch for this
// server's certificate directly? Only ever used to accept; anything it does not accept goes to OpenSSL's verification.
import {X509Certificate} from 'node:crypto'
import {isIP} from 'node:net'
import type {TLSSocket} from 'node:tls'

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1'
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0'

/** Whether the peer's leaf certificate was issued and signed by one of the anchors, is current, and names the host. */
export function directlyTrusted(socket: TLSSocket, anchors: X509Certificate[], host: string, now = Date.now()): boolean {
  const leaf = socket.getPeerX509Certificate()
  if (!leaf) return false
  if (!current(leaf, now)) return false
  const usages = leaf.keyUsage
  if (usages && !usages.includes(SERVER_AUTH) && !usages.includes(ANY_EXTENDED_KEY_USAGE)) return false
  const signer = anchors.find((ca) => ca.ca && current(ca, now) && leaf.checkIssued(ca) && leaf.verify(ca.publicKey))
  if (!signer) return false
  // OpenSSL's name matching, held to the strict end (SANs only, whole-label wildcards): a name this misses goes to the
  // ordinary path, where Node's own check decides.
  if (isIP(host)) return leaf.checkIP(host) !== undefined
  return leaf.checkHost(host, {subject: 'never', wildcards: true, partialWildcards: false, multiLabelWildcards: false, singleLabelSubdomains: false}) !== undefined
}

function current(cert: X509Certificate, now: number): boolean {
  return Date.parse(cert.validFrom) <= now && now <= Date.parse(cert.validTo)
}

/** The certificates of a PEM bundle (unreadable blocks are left out, for OpenSSL to report on the ordinary path). */
export function caCertificates(pem: string | Buffer): X509Certificate[] {
  const blocks = String(pem).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
  const out: X509Certificate[] = []
  for (const block of blocks) {
    try {
      out.push(new X509Certificate(block))
    } catch {
      // unreadable: left to OpenSSL on the ordinary path, which reports it
    }
  }
  return out
}
