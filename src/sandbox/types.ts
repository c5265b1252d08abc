// Shared shapes inside the sandbox: the API layer, the HTTP layer and the controllers all speak these.
// The sandbox never imports client code (src/lib, src/commands); the client reaches it only over HTTPS.

/** A Kubernetes object as stored and served: plain JSON. */
export interface KObject {
  apiVersion: string
  kind: string
  metadata: ObjectMeta
  [field: string]: any
}

/** The subset of ObjectMeta the sandbox manages itself. */
export interface ObjectMeta {
  name?: string
  generateName?: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  generation?: number
  creationTimestamp?: string
  deletionTimestamp?: string
  deletionGracePeriodSeconds?: number
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: OwnerReference[]
  finalizers?: string[]
  managedFields?: any[]
  [field: string]: any
}

/** metadata.ownerReferences[] entry. */
export interface OwnerReference {
  apiVersion: string
  kind: string
  name: string
  uid: string
  controller?: boolean
  blockOwnerDeletion?: boolean
}

/** Identifies a resource type: group '' is the core group. */
export interface GVR {
  group: string
  version: string
  resource: string
}

/** Everything the server needs to know about one resource type (discovery, routing, tables, defaulting). */
export interface ResourceInfo extends GVR {
  kind: string
  singular: string
  namespaced: boolean
  shortNames: string[]
  categories: string[]
  verbs: string[]
  /** e.g. ['status', 'scale', 'log', 'exec', 'attach', 'portforward', 'binding', 'eviction', 'proxy'] */
  subresources: string[]
}

/** A watch event as kube-apiserver streams it. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'
  object: KObject
}

/** Parsed label selector requirement (equality and set-based). */
export interface LabelRequirement {
  key: string
  operator: 'in' | 'notin' | 'exists' | '!' | '=' | '==' | '!='
  values: string[]
}

/** Options for list and watch. */
export interface ListOptions {
  namespace?: string
  labelSelector?: string
  fieldSelector?: string
  limit?: number
  continue?: string
  resourceVersion?: string
}

/** Options for delete (DeleteOptions body plus query). */
export interface DeleteOptions {
  gracePeriodSeconds?: number
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'
  dryRun?: boolean
  preconditions?: {uid?: string; resourceVersion?: string}
}

/** Options common to writes. */
export interface WriteOptions {
  dryRun?: boolean
  fieldManager?: string
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore'
  /** Set by the HTTP layer: warnings to send back as Warning headers. */
  warnings?: string[]
}

/** A Kubernetes Status failure, thrown by the API layer and turned into an HTTP response by the server. */
export class ApiError extends Error {
  constructor(
    public readonly code: number,
    public readonly reason: string,
    message: string,
    public readonly details?: {name?: string; group?: string; kind?: string; causes?: {reason?: string; message: string; field?: string}[]; retryAfterSeconds?: number},
  ) {
    super(message)
  }

  /** The metav1.Status body kube-apiserver would send. */
  toStatus(): KObject {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? {details: this.details} : {}),
      code: this.code,
    }
  }
}

/**
 * The in-process API with kube-apiserver semantics (defaulting, validation, uid/resourceVersion/generation,
 * ownerReference GC, finalizers, graceful deletion). Controllers, the scheduler and kubelets use only this;
 * the HTTP layer is a thin translation onto it.
 */
export interface SandboxApi {
  /** All served resource types (built-in plus CRD-defined). */
  resources(): ResourceInfo[]
  /** Look up a served type by group and plural resource name. */
  resourceFor(group: string, resource: string): ResourceInfo | undefined
  get(gvr: GVR, namespace: string | undefined, name: string): KObject
  tryGet(gvr: GVR, namespace: string | undefined, name: string): KObject | undefined
  list(gvr: GVR, opts?: ListOptions): {items: KObject[]; resourceVersion: string; continue?: string; remainingItemCount?: number}
  create(gvr: GVR, obj: KObject, opts?: WriteOptions): KObject
  /** Full replace; a stale metadata.resourceVersion gives 409 Conflict. */
  update(gvr: GVR, obj: KObject, opts?: WriteOptions & {subresource?: string}): KObject
  /** Read-modify-write without conflicts, for controllers: mutate gets the latest copy. Returns undefined when gone. */
  mutate(gvr: GVR, namespace: string | undefined, name: string, fn: (obj: KObject) => void | false, opts?: {subresource?: string}): KObject | undefined
  patch(gvr: GVR, namespace: string | undefined, name: string, patchType: string, body: Buffer | string, opts?: WriteOptions & {subresource?: string; force?: boolean}): KObject
  delete(gvr: GVR, namespace: string | undefined, name: string, opts?: DeleteOptions): KObject
  /** Subscribe to changes of one type (all namespaces when namespace is undefined). Returns an unsubscribe function. */
  watch(gvr: GVR, opts: ListOptions, onEvent: (ev: WatchEvent) => void): () => void
  /** Record an Event the way kubelet / controllers do (core v1 Event). */
  recordEvent(involved: KObject, type: 'Normal' | 'Warning', reason: string, message: string, source: {component: string; host?: string}): void
}

/** Common GVRs used across the sandbox. */
export const GVRS = {
  namespaces: {group: '', version: 'v1', resource: 'namespaces'},
  pods: {group: '', version: 'v1', resource: 'pods'},
  services: {group: '', version: 'v1', resource: 'services'},
  endpoints: {group: '', version: 'v1', resource: 'endpoints'},
  nodes: {group: '', version: 'v1', resource: 'nodes'},
  configmaps: {group: '', version: 'v1', resource: 'configmaps'},
  secrets: {group: '', version: 'v1', resource: 'secrets'},
  serviceaccounts: {group: '', version: 'v1', resource: 'serviceaccounts'},
  events: {group: '', version: 'v1', resource: 'events'},
  persistentvolumeclaims: {group: '', version: 'v1', resource: 'persistentvolumeclaims'},
  persistentvolumes: {group: '', version: 'v1', resource: 'persistentvolumes'},
  replicationcontrollers: {group: '', version: 'v1', resource: 'replicationcontrollers'},
  deployments: {group: 'apps', version: 'v1', resource: 'deployments'},
  replicasets: {group: 'apps', version: 'v1', resource: 'replicasets'},
  statefulsets: {group: 'apps', version: 'v1', resource: 'statefulsets'},
  daemonsets: {group: 'apps', version: 'v1', resource: 'daemonsets'},
  controllerrevisions: {group: 'apps', version: 'v1', resource: 'controllerrevisions'},
  jobs: {group: 'batch', version: 'v1', resource: 'jobs'},
  cronjobs: {group: 'batch', version: 'v1', resource: 'cronjobs'},
  poddisruptionbudgets: {group: 'policy', version: 'v1', resource: 'poddisruptionbudgets'},
  endpointslices: {group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices'},
  leases: {group: 'coordination.k8s.io', version: 'v1', resource: 'leases'},
  customresourcedefinitions: {group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions'},
} as const satisfies Record<string, GVR>

/**
 * Hooks the node simulation (kubelets) exposes to the HTTP layer for streaming subresources.
 * Implemented in src/sandbox/kubelet; the HTTP server calls them for pods/log, exec, attach, portforward,
 * and for metrics.k8s.io.
 */
export interface KubeletHooks {
  /** Stream a container log. Resolves when done (or, with follow, when the container ends or the request closes). */
  streamLogs(pod: KObject, opts: LogOptions, out: NodeJS.WritableStream, signal: AbortSignal): Promise<void>
  /** Start a process in a container for exec; returns a handle wired by the WebSocket/SPDY layer. */
  exec(pod: KObject, container: string, command: string[], tty: boolean): ExecProcess
  /** Attach to the container's main process. */
  attach(pod: KObject, container: string, tty: boolean): ExecProcess
  /** Open a TCP connection to the pod's port (for port-forward). */
  connect(pod: KObject, port: number): Promise<import('node:net').Socket>
  /** metrics.k8s.io NodeMetrics / PodMetrics. */
  nodeMetrics(): KObject[]
  podMetrics(namespace?: string): KObject[]
}

/** pods/log query options. */
export interface LogOptions {
  container: string
  follow?: boolean
  tailLines?: number
  sinceSeconds?: number
  sinceTime?: string
  timestamps?: boolean
  previous?: boolean
  limitBytes?: number
}

/** A running exec/attach session. */
export interface ExecProcess {
  stdin: NodeJS.WritableStream | null
  stdout: NodeJS.ReadableStream
  stderr: NodeJS.ReadableStream | null
  resize(cols: number, rows: number): void
  kill(): void
  /** Resolves with the exit code (or rejects with an error message for the status frame). */
  exited: Promise<number>
}
