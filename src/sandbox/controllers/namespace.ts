// Per-namespace defaults: ServiceAccount "default" (serviceaccount-controller) and ConfigMap "kube-root-ca.crt"
// (root-ca-cert-publisher). Deletion cascades are the API core's job.
import type {KObject} from '../types.js'
import {GVRS} from '../types.js'
import {ApiError} from '../types.js'
import type {Ctx} from './context.js'
import {WorkQueue, keyOf} from './runtime.js'

const ROOT_CA = 'kube-root-ca.crt'

/** Creates the default ServiceAccount and the root CA ConfigMap in every active namespace, and restores them if deleted. */
export class NamespaceDefaultsController {
  readonly queue: WorkQueue

  constructor(private readonly ctx: Ctx) {
    this.queue = new WorkQueue('namespace-defaults', (k) => this.sync(k), (l) => ctx.log(l))
    ctx.informer(GVRS.namespaces).onChange((ev) => {
      if (ev.type !== 'DELETED') this.queue.add(ev.object.metadata.name!)
    })
    ctx.informer(GVRS.serviceaccounts).onChange((ev) => {
      if (ev.type === 'DELETED' && ev.object.metadata.name === 'default') this.queue.add(ev.object.metadata.namespace!)
    })
    ctx.informer(GVRS.configmaps).onChange((ev) => {
      if ((ev.type === 'DELETED' || ev.type === 'MODIFIED') && ev.object.metadata.name === ROOT_CA) this.queue.add(ev.object.metadata.namespace!)
    })
  }

  start(): void {
    for (const n of this.ctx.informer(GVRS.namespaces).all()) this.queue.add(keyOf(n))
  }

  stop(): void {
    this.queue.stop()
  }

  private sync(ns: string): void {
    const nsObj = this.ctx.informer(GVRS.namespaces).get(ns)
    if (!nsObj || nsObj.metadata.deletionTimestamp || nsObj.status?.phase === 'Terminating') return
    if (!this.ctx.informer(GVRS.serviceaccounts).get(`${ns}/default`)) {
      this.createQuietly(GVRS.serviceaccounts, {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default', namespace: ns}})
    }
    const pem = this.ctx.opts.rootCaPem
    if (pem === undefined) return
    const cm = this.ctx.informer(GVRS.configmaps).get(`${ns}/${ROOT_CA}`)
    const annotations = {'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.'}
    if (!cm) {
      this.createQuietly(GVRS.configmaps, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: ROOT_CA, namespace: ns, annotations}, data: {'ca.crt': pem}})
    } else if (cm.data?.['ca.crt'] !== pem) {
      this.ctx.api.mutate(GVRS.configmaps, ns, ROOT_CA, (c) => {
        c.data = {...(c.data ?? {}), 'ca.crt': pem}
      })
    }
  }

  private createQuietly(gvr: typeof GVRS.configmaps | typeof GVRS.serviceaccounts, obj: KObject): void {
    try {
      this.ctx.api.create(gvr, obj)
    } catch (err) {
      // another writer (or a namespace that just started terminating) got there first
      if (!(err instanceof ApiError && (err.code === 409 || err.code === 403))) throw err
    }
  }
}
