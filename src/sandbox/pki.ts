// The sandbox's PKI: one CA, a serving certificate (localhost, 127.0.0.1) and an admin client certificate
// (CN=kctl-admin, O=system:masters). Generated once per data dir and reused; private keys are written 0600.
import {generateKeyPair, randomBytes} from 'node:crypto'
import {existsSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import forge from 'node-forge'

/** PEM material of the sandbox PKI. */
export interface Pki {
  caCert: string
  caKey: string
  serverCert: string
  serverKey: string
  clientCert: string
  clientKey: string
}

const FILES: Record<keyof Pki, string> = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  serverCert: 'server.crt',
  serverKey: 'server.key',
  clientCert: 'client.crt',
  clientKey: 'client.key',
}

interface KeyPair {
  pem: string
  forgeKey: forge.pki.rsa.PrivateKey
  forgePub: forge.pki.rsa.PublicKey
}

// RSA key generation is native and runs on the thread pool (the three keys in parallel); forge only signs.
function newKey(): Promise<KeyPair> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', {modulusLength: 2048}, (err, _pub, privateKey) => {
      if (err) return reject(err)
      const pem = privateKey.export({type: 'pkcs1', format: 'pem'}).toString()
      const forgeKey = forge.pki.privateKeyFromPem(pem)
      resolve({pem, forgeKey, forgePub: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e)})
    })
  })
}

function serial(): string {
  const b = randomBytes(16)
  b[0] &= 0x7f
  return b.toString('hex')
}

function makeCert(opts: {
  subject: forge.pki.CertificateField[]
  issuer: forge.pki.CertificateField[]
  publicKey: forge.pki.rsa.PublicKey
  signer: forge.pki.rsa.PrivateKey
  years: number
  extensions: any[]
}): string {
  const cert = forge.pki.createCertificate()
  cert.publicKey = opts.publicKey
  cert.serialNumber = serial()
  const notBefore = new Date(Date.now() - 60 * 60 * 1000)
  const notAfter = new Date(notBefore)
  notAfter.setFullYear(notAfter.getFullYear() + opts.years)
  cert.validity.notBefore = notBefore
  cert.validity.notAfter = notAfter
  cert.setSubject(opts.subject)
  cert.setIssuer(opts.issuer)
  cert.setExtensions(opts.extensions)
  cert.sign(opts.signer, forge.md.sha256.create())
  // forge writes CRLF line ends; kube tooling and kubeconfigs use LF
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n')
}

/** Creates the PKI. */
export async function generatePki(name = 'sandbox'): Promise<Pki> {
  const [ca, srv, cli] = await Promise.all([newKey(), newKey(), newKey()])
  const caSubject = [{name: 'commonName', value: `kctl-${name}-ca`}]
  const caCert = makeCert({
    subject: caSubject,
    issuer: caSubject,
    publicKey: ca.forgePub,
    signer: ca.forgeKey,
    years: 10,
    extensions: [
      {name: 'basicConstraints', cA: true, critical: true},
      {name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true, critical: true},
      {name: 'subjectKeyIdentifier'},
    ],
  })
  const serverCert = makeCert({
    subject: [{name: 'commonName', value: 'kube-apiserver'}],
    issuer: caSubject,
    publicKey: srv.forgePub,
    signer: ca.forgeKey,
    years: 5,
    extensions: [
      {name: 'basicConstraints', cA: false},
      {name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
      {name: 'extKeyUsage', serverAuth: true},
      {
        name: 'subjectAltName',
        altNames: [
          {type: 2, value: 'localhost'},
          {type: 2, value: 'kubernetes'},
          {type: 2, value: 'kubernetes.default'},
          {type: 2, value: 'kubernetes.default.svc'},
          {type: 7, ip: '127.0.0.1'},
          {type: 7, ip: '10.96.0.1'},
        ],
      },
    ],
  })
  const clientCert = makeCert({
    subject: [
      {name: 'organizationName', value: 'system:masters'},
      {name: 'commonName', value: 'kctl-admin'},
    ],
    issuer: caSubject,
    publicKey: cli.forgePub,
    signer: ca.forgeKey,
    years: 5,
    extensions: [
      {name: 'basicConstraints', cA: false},
      {name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
      {name: 'extKeyUsage', clientAuth: true},
    ],
  })
  return {caCert, caKey: ca.pem, serverCert, serverKey: srv.pem, clientCert, clientKey: cli.pem}
}

/** Loads the PKI from dir, generating and saving it on first use. */
export async function loadOrCreatePki(dir: string, name = 'sandbox'): Promise<Pki> {
  const paths = Object.fromEntries(Object.entries(FILES).map(([k, f]) => [k, join(dir, f)])) as Record<keyof Pki, string>
  if (Object.values(paths).every((p) => existsSync(p))) {
    return Object.fromEntries(Object.entries(paths).map(([k, p]) => [k, readFileSync(p, 'utf8')])) as unknown as Pki
  }
  const pki = await generatePki(name)
  for (const [k, p] of Object.entries(paths)) {
    const tmp = `${p}.tmp`
    writeFileSync(tmp, pki[k as keyof Pki], {mode: 0o600})
    renameSync(tmp, p)
  }
  return pki
}
