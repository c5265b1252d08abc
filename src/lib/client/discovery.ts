// Discovery: aggregated (two requests) with a fallback to the legacy endpoints, cached on disk as kubectl does, and
// kubectl's rules for turning what the user typed (po, deploy, deployment.apps, Deployment) into a resource type.
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as os from 'node:os'
import {KctlError, StatusError} from '../cli/errors.js'
import type {RestClient} from './rest.js'

/** One served resource type (preferred version of its group). */
export interface ResourceType {
  group: string
  version: string
  resource: string
  kind: string
  singular: string
  namespaced: boolean
  shortNames: string[]
  verbs: string[]
  categories: string[]
  subresources: string[]
}

/**
 * Core v1 pods, which every conformant server serves: commands that only ever touch pods (cp, exec, attach, logs) use it
 * without asking discovery, as kubectl's typed client does.
 */
export const PODS: ResourceType = {
  group: '',
  version: 'v1',
  resource: 'pods',
  kind: 'Pod',
  singular: 'pod',
  namespaced: true,
  shortNames: ['po'],
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  categories: ['all'],
  subresources: ['attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'resize', 'status'],
}

/** What discovery returns: the served types, preferred version first within each group, in server order. */
export interface DiscoveryData {
  fetchedAt: number
  resources: ResourceType[]
  /** Every group-version served (for api-versions). */
  groupVersions: string[]
}

const AGGREGATED_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'
/** kubectl keeps its discovery cache for 6 hours. */
export const DISCOVERY_TTL_MS = 6 * 60 * 60 * 1000

/** The API version string of a type: `v1` or `apps/v1`. */
export function apiVersionOf(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group ? `${t.group}/${t.version}` : t.version
}

/** `deployment.apps`, or `pod` for the core group: kubectl's name-printer prefix. */
export function qualifiedKind(t: Pick<ResourceType, 'group' | 'kind'>): string {
  return t.group ? `${t.kind.toLowerCase()}.${t.group}` : t.kind.toLowerCase()
}

/** `deployments.apps`, or `pods`: how kube-apiserver names a type in messages. */
export function qualifiedResource(t: Pick<ResourceType, 'group' | 'resource'>): string {
  return t.group ? `${t.resource}.${t.group}` : t.resource
}

/** Converts an aggregated APIGroupDiscoveryList (from /api or /apis) into resource types. */
export function parseAggregated(list: any): {resources: ResourceType[]; groupVersions: string[]} {
  const resources: ResourceType[] = []
  const groupVersions: string[] = []
  for (const item of list?.items ?? []) {
    const group = item.metadata?.name ?? ''
    const versions: any[] = item.versions ?? []
    versions.forEach((v, index) => {
      groupVersions.push(group ? `${group}/${v.version}` : v.version)
      if (index !== 0) return // first = preferred version
      for (const r of v.resources ?? []) {
        resources.push({
          group,
          version: v.version,
          resource: r.resource,
          kind: r.responseKind?.kind ?? '',
          singular: r.singularResource ?? '',
          namespaced: r.scope === 'Namespaced',
          shortNames: r.shortNames ?? [],
          verbs: r.verbs ?? [],
          categories: r.categories ?? [],
          subresources: (r.subresources ?? []).map((s: any) => s.subresource),
        })
      }
    })
  }
  return {resources, groupVersions}
}

/** Converts a legacy APIResourceList into resource types. */
export function parseLegacyResourceList(group: string, version: string, list: any): ResourceType[] {
  const all: any[] = list?.resources ?? []
  const subs = new Map<string, string[]>()
  for (const r of all) {
    const [base, sub] = String(r.name).split('/')
    if (sub) subs.set(base, [...(subs.get(base) ?? []), sub])
  }
  return all.filter((r) => !String(r.name).includes('/')).map((r) => ({
    group,
    version,
    resource: r.name,
    kind: r.kind,
    singular: r.singularName || r.kind.toLowerCase(),
    namespaced: Boolean(r.namespaced),
    shortNames: r.shortNames ?? [],
    verbs: r.verbs ?? [],
    categories: r.categories ?? [],
    subresources: subs.get(r.name) ?? [],
  }))
}

/** kubectl's `--cache-dir` default: $KUBECACHEDIR, else ~/.kube/cache. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBECACHEDIR || path.join(env.HOME ?? os.homedir(), '.kube', 'cache')
}

/** The cache directory kubectl would use for this server (kctl keeps its own file format beside kubectl's). */
export function discoveryCacheFile(cacheDir: string | undefined, server: string, env: NodeJS.ProcessEnv = process.env): string {
  // --cache-dir, then $KUBECACHEDIR, then ~/.kube/cache: kubectl's order.
  const base = cacheDir || defaultCacheDir(env)
  const url = new URL(server)
  const host = `${url.hostname}_${url.port || (url.protocol === 'https:' ? '443' : '80')}`.replace(/[^a-zA-Z0-9._-]/g, '_')
  return path.join(base, 'kctl', 'discovery', host, 'aggregated.json')
}

/** Discovery with an on-disk cache (dir 0700, file 0600). */
export class Discovery {
  private data: DiscoveryData | undefined
  /** Set once this process has fetched from the server: a second miss does not refetch (kubectl's Invalidate-once). */
  private fresh = false

  constructor(private readonly rest: RestClient, private readonly cacheFile: string | undefined) {}

  /** All served types, from cache when fresh; forceRefresh refetches unless this process already fetched. */
  async all(forceRefresh = false): Promise<DiscoveryData> {
    if (this.data && (!forceRefresh || this.fresh)) return this.data
    if (!forceRefresh) {
      const cached = this.readCache()
      if (cached) return (this.data = cached)
    }
    this.data = await this.fetch()
    this.fresh = true
    this.writeCache(this.data)
    return this.data
  }

  private readCache(): DiscoveryData | undefined {
    if (!this.cacheFile) return undefined
    try {
      const data = JSON.parse(fs.readFileSync(this.cacheFile, 'utf8')) as DiscoveryData
      const age = Date.now() - data.fetchedAt
      // A timestamp from the future (clock moved back) counts as stale.
      if (age >= 0 && age < DISCOVERY_TTL_MS && Array.isArray(data.resources)) return data
    } catch {
      // missing or corrupt: refetch
    }
    return undefined
  }

  private writeCache(data: DiscoveryData): void {
    if (!this.cacheFile) return
    try {
      const dir = path.dirname(this.cacheFile)
      fs.mkdirSync(dir, {recursive: true, mode: 0o700})
      // mkdir's mode is filtered by umask and ignored for existing dirs: the per-server dir is ours, so tighten it.
      fs.chmodSync(dir, 0o700)
      const tmp = `${this.cacheFile}.${process.pid}.tmp`
      fs.writeFileSync(tmp, JSON.stringify(data), {mode: 0o600})
      fs.chmodSync(tmp, 0o600)
      fs.renameSync(tmp, this.cacheFile)
    } catch {
      // a read-only cache dir must not break the command
    }
  }

  private async fetch(): Promise<DiscoveryData> {
    const [core, groups] = await Promise.all([
      this.rest.request({method: 'GET', path: '/api', accept: AGGREGATED_ACCEPT}),
      this.rest.request({method: 'GET', path: '/apis', accept: AGGREGATED_ACCEPT}),
    ]).catch((error) => {
      // client-go's discovery does not read the Status of a 401: kubectl reports its generic words.
      if (!(error instanceof StatusError && error.code === 401)) throw error
      throw new StatusError({kind: 'Status', status: 'Failure', code: 401, reason: 'Unauthorized', message: 'the server has asked for the client to provide credentials'}, 401)
    })
    const aggregated = (r: {headers: any}) => String(r.headers['content-type'] ?? '').includes('as=APIGroupDiscoveryList')
    if (aggregated(core) && aggregated(groups)) {
      const a = parseAggregated(JSON.parse(core.body.toString('utf8')))
      const b = parseAggregated(JSON.parse(groups.body.toString('utf8')))
      return {fetchedAt: Date.now(), resources: [...a.resources, ...b.resources], groupVersions: [...a.groupVersions, ...b.groupVersions]}
    }
    return this.fetchLegacy(JSON.parse(core.body.toString('utf8')), JSON.parse(groups.body.toString('utf8')))
  }

  private async fetchLegacy(apiVersions: any, groupList: any): Promise<DiscoveryData> {
    const lists: Promise<ResourceType[]>[] = []
    const groupVersions: string[] = []
    for (const v of apiVersions.versions ?? ['v1']) {
      groupVersions.push(v)
      lists.push(this.rest.json({method: 'GET', path: `/api/${v}`}).then((l) => parseLegacyResourceList('', v, l)))
    }
    for (const g of groupList.groups ?? []) {
      for (const v of g.versions ?? []) groupVersions.push(v.groupVersion)
      const preferred = g.preferredVersion ?? g.versions?.[0]
      if (!preferred) continue
      lists.push(this.rest.json({method: 'GET', path: `/apis/${preferred.groupVersion}`}).then((l) => parseLegacyResourceList(g.name, preferred.version, l)).catch(() => []))
    }
    return {fetchedAt: Date.now(), resources: (await Promise.all(lists)).flat(), groupVersions}
  }

  /** Resolves what the user typed to a type; refreshes discovery once when nothing matches (new CRDs). */
  async resolve(word: string): Promise<ResourceType> {
    let found = resolveResourceType((await this.all()).resources, word)
    if (!found) found = resolveResourceType((await this.all(true)).resources, word)
    if (!found) throw new KctlError(`the server doesn't have a resource type "${word.split('.')[0] === word ? word : word}"`)
    return found
  }

  /** Expands a category such as `all` into its types (in discovery order), or undefined when it is not a category. */
  async category(word: string): Promise<ResourceType[] | undefined> {
    const list = (await this.all()).resources.filter((r) => r.categories.includes(word))
    return list.length > 0 ? list : undefined
  }
}

/**
 * kubectl's RESTMapper matching: plural, singular, short name or kind, case-insensitive, optionally qualified by
 * `.group` or `.version.group`. Among several groups the core group wins, then discovery order.
 */
export function resolveResourceType(resources: ResourceType[], word: string): ResourceType | undefined {
  const lower = word.toLowerCase()
  const candidates = [lower]
  const matches = (r: ResourceType, name: string): boolean =>
    r.resource === name || r.singular === name || r.shortNames.includes(name) || r.kind.toLowerCase() === name
  // Unqualified first: "pods", "po", "deploy".
  const direct = resources.filter((r) => matches(r, lower))
  if (direct.length > 0) return direct.find((r) => r.group === '') ?? direct[0]
  // Qualified: "deployments.apps", "deployment.v1.apps", "hpa.autoscaling".
  const dot = lower.indexOf('.')
  if (dot > 0) {
    const name = lower.slice(0, dot)
    const rest = lower.slice(dot + 1)
    const byGroup = resources.filter((r) => matches(r, name) && r.group === rest)
    if (byGroup.length > 0) return byGroup[0]
    const dot2 = rest.indexOf('.')
    if (dot2 > 0) {
      const version = rest.slice(0, dot2)
      const group = rest.slice(dot2 + 1)
      const exact = resources.find((r) => matches(r, name) && r.group === group)
      if (exact) return {...exact, version}
    }
  }
  void candidates
  return undefined
}
