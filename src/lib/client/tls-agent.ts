// An https.Agent that accepts, without OpenSSL's trust store, a server whose certificate the kubeconfig's own CA signed
// directly (kubeadm, kind, minikube, the sandbox), and otherwise connects exactly as before.
//
// Why: on Node 20, the first TLS context given a CA parses all ~140 of Node's bundled root certificates (~30 ms, half
// of what a whole `kubectl get pods` takes), even though a kubeconfig CA replaces them. Node 22 and later do not.
//
// How it stays safe: the first handshake runs with an empty store and rejectUnauthorized off, and the socket is handed
// to HTTP only after kctl has checked, with Node's own X.509 and TLS functions, that the leaf certificate was signed by
// one of the kubeconfig's CA certificates, that both are within their validity period, that the leaf may serve TLS and
// names the host. The TLS handshake itself proves the server holds the leaf's key. Nothing is written to the socket
// before that. Anything else (intermediate CAs, an unknown CA, a wrong name, an expired certificate, any TLS error) is
// decided by a second, ordinary connection with the CA in OpenSSL's store, so that errors keep OpenSSL's verdict and
// kubectl's words. This path only ever accepts; it never reports.
import type {X509Certificate} from 'node:crypto'
import * as https from 'node:https'
import type {Duplex} from 'node:stream'
import * as tls from 'node:tls'
import {caCertificates, directlyTrusted} from './tls-trust.js'

/** An agent for one API server whose kubeconfig names CA certificates (PEM). */
export class KubeconfigCaAgent extends https.Agent {
  private readonly anchors: X509Certificate[]
  private ordinary = false
  // Client certificate and key → the fast path's TLS context: building one parses both PEMs (~2 ms), and a command often
  // opens a second connection (cp's download, logs, exec).
  private readonly contexts = new Map<string, tls.SecureContext>()

  constructor(caPem: string | Buffer, options: https.AgentOptions) {
    super(options)
    this.anchors = caCertificates(caPem)
  }

  // Returning nothing and calling back later is how an agent makes a connection asynchronously.
  override createConnection(options: any, callback?: (err: Error | null, socket: Duplex) => void): any {
    const ordinary = () => (https.Agent.prototype as any).createConnection.call(this, options)
    if (this.ordinary || this.anchors.length === 0 || !callback) return ordinary()
    const socket = tls.connect({...options, secureContext: this.context(options), rejectUnauthorized: false, checkServerIdentity: () => undefined})
    const fallBack = () => {
      socket.destroy()
      this.ordinary = true
      let next: Duplex
      try {
        next = ordinary()
      } catch (error) {
        callback(error as Error, undefined as unknown as Duplex)
        return
      }
      callback(null, next)
    }
    socket.once('secureConnect', () => {
      socket.removeListener('error', onError)
      if (directlyTrusted(socket, this.anchors, options.servername || options.host)) callback(null, socket)
      else fallBack()
    })
    const onError = (error: any) => {
      // Transport failures (refused, unreachable, reset) are the same either way: report them once.
      if (isTlsError(error)) fallBack()
      else callback(error, undefined as unknown as Duplex)
    }
    socket.once('error', onError)
    return undefined
  }

  /** The fast path's context for these options: an empty trust store (the check is kctl's) and their client credentials. */
  private context(options: any): tls.SecureContext {
    const key = `${options.cert ?? ''}\0${options.key ?? ''}\0${options.ciphers ?? ''}`
    let context = this.contexts.get(key)
    if (!context) {
      context = tls.createSecureContext({ca: [], cert: options.cert, key: options.key, ciphers: options.ciphers})
      this.contexts.set(key, context)
    }
    return context
  }
}

function isTlsError(error: any): boolean {
  const code = String(error?.code ?? '')
  return code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || error?.library === 'SSL routines' || /certificate|handshake|alert/i.test(String(error?.message ?? ''))
}
