// The one client every command uses: kubeconfig → connection → REST, discovery and typed CRUD helpers.
// Built lazily by the base command on first use, so commands that never talk to a server pay nothing.
import type * as http from 'node:http'
import {loadKubeconfig, resolveConnection, type ConnectionOverrides, type Connection, type MergedKubeconfig} from './kubeconfig.js'
import {RestClient, type RestOptions, type RestRequest} from './rest.js'
import {Discovery, discoveryCacheFile, apiVersionOf, type ResourceType} from './discovery.js'

export type {ResourceType} from './discovery.js'
export {apiVersionOf, qualifiedKind, qualifiedResource, resolveResourceType, PODS} from './discovery.js'
export type {Connection, MergedKubeconfig} from './kubeconfig.js'

/** Options that configure the client (from global flags). */
export interface ClientOptions extends ConnectionOverrides, RestOptions {
  kubeconfig?: string
  cacheDir?: string
}

/** Query options for writes. */
export interface WriteOptions {
  dryRun?: boolean
  fieldManager?: string
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore'
  force?: boolean
}

/** Query options for lists. */
export interface ListOptions {
  labelSelector?: string
  fieldSelector?: string
  limit?: number
  continue?: string
  resourceVersion?: string
  /** Ask for a meta.k8s.io Table (what `get` prints). */
  table?: boolean
  includeObject?: 'None' | 'Metadata' | 'Object'
}

/** Accept header kubectl sends for human-readable get. */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'

/** The shared Kubernetes client. */
export class KubeClient {
  readonly rest: RestClient
  readonly discovery: Discovery

  private constructor(readonly config: MergedKubeconfig, readonly connection: Connection, options: ClientOptions) {
    this.rest = new RestClient(connection, options)
    this.discovery = new Discovery(this.rest, discoveryCacheFile(options.cacheDir, connection.server))
  }

  /** Loads kubeconfig and prepares (but does not open) the connection. */
  static async create(options: ClientOptions): Promise<KubeClient> {
    const config = await loadKubeconfig(options.kubeconfig)
    const connection = resolveConnection(config, options)
    return new KubeClient(config, connection, options)
  }

  /** The namespace in effect: -n, else the context's, else `default`. */
  get namespace(): string {
    return this.connection.namespace
  }

  /** Resolves a user-typed resource word (po, deploy, deployment.apps…). */
  resolve(word: string): Promise<ResourceType> {
    return this.discovery.resolve(word)
  }

  /** Finds the served type for an apiVersion + kind (from a manifest). */
  async typeForKind(apiVersion: string, kind: string): Promise<ResourceType | undefined> {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion]
    const find = (list: ResourceType[]) => list.find((r) => r.group === group && r.kind === kind)
    let found = find((await this.discovery.all()).resources)
    if (!found) found = find((await this.discovery.all(true)).resources)
    return found ? {...found, version} : undefined
  }

  /** The REST path of a collection or an object (and optional subresource). */
  path(t: Pick<ResourceType, 'group' | 'version' | 'resource' | 'namespaced'>, namespace?: string, name?: string, subresource?: string): string {
    let p = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`
    if (t.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`
    p += `/${t.resource}`
    if (name !== undefined) p += `/${encodeURIComponent(name)}`
    if (subresource) p += `/${subresource}`
    return p
  }

  /** GET one object (a Table when table is set). */
  get(t: ResourceType, namespace: string | undefined, name: string, opts: {table?: boolean; subresource?: string; query?: RestRequest['query']} = {}): Promise<any> {
    return this.rest.json({method: 'GET', path: this.path(t, namespace, name, opts.subresource), accept: opts.table ? TABLE_ACCEPT : 'application/json', query: {...(opts.table ? {includeObject: 'Object'} : {}), ...opts.query}})
  }

  /** LIST a collection (all namespaces when namespace is undefined for a namespaced type). */
  list(t: ResourceType, namespace: string | undefined, opts: ListOptions = {}): Promise<any> {
    return this.rest.json({
      method: 'GET',
      path: this.path(t, namespace),
      accept: opts.table ? TABLE_ACCEPT : 'application/json',
      query: {
        labelSelector: opts.labelSelector || undefined,
        fieldSelector: opts.fieldSelector || undefined,
        limit: opts.limit,
        continue: opts.continue,
        resourceVersion: opts.resourceVersion,
        includeObject: opts.table ? (opts.includeObject ?? 'Object') : undefined,
      },
    })
  }

  /** LIST following continue tokens until done (kubectl's --chunk-size=500 default). */
  async listAll(t: ResourceType, namespace: string | undefined, opts: ListOptions = {}): Promise<any> {
    const first = await this.list(t, namespace, {limit: 500, ...opts})
    let cont = first.metadata?.continue
    const key = first.kind === 'Table' ? 'rows' : 'items'
    while (cont) {
      const next = await this.list(t, namespace, {limit: 500, ...opts, continue: cont})
      first[key] = [...(first[key] ?? []), ...(next[key] ?? [])]
      cont = next.metadata?.continue
    }
    if (first.metadata) delete first.metadata.continue
    return first
  }

  /** POST an object. */
  create(t: ResourceType, namespace: string | undefined, obj: any, opts: WriteOptions = {}, subresource?: string, name?: string): Promise<any> {
    return this.rest.json({method: 'POST', path: this.path(t, namespace, name, subresource), body: obj, query: writeQuery(opts)})
  }

  /** PUT an object. */
  replace(t: ResourceType, namespace: string | undefined, name: string, obj: any, opts: WriteOptions = {}, subresource?: string): Promise<any> {
    return this.rest.json({method: 'PUT', path: this.path(t, namespace, name, subresource), body: obj, query: writeQuery(opts)})
  }

  /** PATCH with a given patch content type (strategic/merge/json/apply). */
  patch(t: ResourceType, namespace: string | undefined, name: string, patchType: 'strategic' | 'merge' | 'json' | 'apply', body: unknown, opts: WriteOptions = {}, subresource?: string): Promise<any> {
    const contentType = {strategic: 'application/strategic-merge-patch+json', merge: 'application/merge-patch+json', json: 'application/json-patch+json', apply: 'application/apply-patch+yaml'}[patchType]
    return this.rest.json({method: 'PATCH', path: this.path(t, namespace, name, subresource), body: typeof body === 'string' ? body : JSON.stringify(body), contentType, query: writeQuery(opts)})
  }

  /** DELETE one object with DeleteOptions. */
  delete(t: ResourceType, namespace: string | undefined, name: string, opts: {gracePeriodSeconds?: number; propagationPolicy?: string; dryRun?: boolean; preconditions?: {uid?: string; resourceVersion?: string}} = {}): Promise<any> {
    const body: any = {kind: 'DeleteOptions', apiVersion: 'v1'}
    if (opts.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = opts.gracePeriodSeconds
    if (opts.propagationPolicy) body.propagationPolicy = opts.propagationPolicy
    if (opts.preconditions) body.preconditions = opts.preconditions
    return this.rest.json({method: 'DELETE', path: this.path(t, namespace, name), body, query: {dryRun: opts.dryRun ? 'All' : undefined}})
  }

  /** Opens a watch stream; each line of the response is one JSON WatchEvent. */
  watch(t: ResourceType, namespace: string | undefined, opts: ListOptions & {allowWatchBookmarks?: boolean; timeoutSeconds?: number; name?: string} = {}): Promise<http.IncomingMessage> {
    const fieldSelector = opts.name ? [`metadata.name=${opts.name}`, opts.fieldSelector].filter(Boolean).join(',') : opts.fieldSelector
    return this.rest.stream({
      method: 'GET',
      path: this.path(t, namespace),
      accept: opts.table ? TABLE_ACCEPT : 'application/json',
      query: {
        watch: 'true',
        labelSelector: opts.labelSelector || undefined,
        fieldSelector: fieldSelector || undefined,
        resourceVersion: opts.resourceVersion,
        allowWatchBookmarks: opts.allowWatchBookmarks ? 'true' : undefined,
        timeoutSeconds: opts.timeoutSeconds,
        includeObject: opts.table ? 'Object' : undefined,
      },
    })
  }

  /** Server /version. */
  version(): Promise<any> {
    return this.rest.json({method: 'GET', path: '/version', timeoutMs: 32000})
  }

  /** apiVersion string for a type. */
  apiVersion(t: ResourceType): string {
    return apiVersionOf(t)
  }

  /** Releases sockets. */
  close(): void {
    this.rest.close()
  }
}

function writeQuery(opts: WriteOptions): Record<string, string | undefined> {
  return {
    dryRun: opts.dryRun ? 'All' : undefined,
    fieldManager: opts.fieldManager,
    fieldValidation: opts.fieldValidation,
    force: opts.force ? 'true' : undefined,
  }
}
