// The shared state handed to every controller: the API, the informers and the event helper.
import type {GVR, KObject, SandboxApi} from '../types.js'
import {Informer, controllerRef, keyOf} from './runtime.js'

/** Options accepted by startControllers. */
export interface ControllerOptions {
  log: (line: string) => void
  /** Address the `kubernetes` Service's Endpoints point at (the API server). */
  apiServer?: {ip: string; port: number}
  /** PEM of the cluster CA, published in every namespace as ConfigMap kube-root-ca.crt. */
  rootCaPem?: string
  /** Controllers to leave out (names as in index.ts), e.g. when the core already does the job. */
  disable?: string[]
  /** The sandbox data directory; the local-path provisioner keeps volumes under DATA/kubelet/nodes/NODE. */
  dataDir?: string
}

/** Informers by resource, created on demand and shared. */
export class Ctx {
  private readonly informers = new Map<string, Informer>()
  private started = false
  constructor(readonly api: SandboxApi, readonly opts: ControllerOptions) {}

  log(line: string): void {
    this.opts.log(line)
  }

  /** The shared informer for a type; every informer has a 'namespace' and a 'controller' (owner uid) index. */
  informer(gvr: GVR): Informer {
    const k = `${gvr.group}/${gvr.resource}`
    let inf = this.informers.get(k)
    if (!inf) {
      inf = new Informer(this.api, gvr)
      inf.addIndex('namespace', (o) => (o.metadata.namespace ? [o.metadata.namespace] : []))
      inf.addIndex('controller', (o) => {
        const r = controllerRef(o)
        return r ? [r.uid] : []
      })
      if (gvr.group === '' && gvr.resource === 'pods') inf.addIndex('node', (o) => (o.spec?.nodeName ? [o.spec.nodeName] : []))
      this.informers.set(k, inf)
      if (this.started && this.serves(gvr)) inf.start()
    }
    return inf
  }

  /** Whether the API serves a type (CRD-less sandboxes may lack some). */
  serves(gvr: GVR): boolean {
    return !!this.api.resourceFor(gvr.group, gvr.resource)
  }

  startInformers(): void {
    this.started = true
    for (const inf of this.informers.values()) if (this.serves(inf.gvr)) inf.start()
  }

  stopInformers(): void {
    for (const inf of this.informers.values()) inf.stop()
  }

  /** Records an Event; failures to record never fail a sync. */
  event(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
    try {
      this.api.recordEvent(obj, type, reason, message, {component})
    } catch (err) {
      this.log(`event ${reason} for ${keyOf(obj)} not recorded: ${(err as Error).message}`)
    }
  }
}
