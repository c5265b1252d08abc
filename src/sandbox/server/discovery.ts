// Discovery documents: aggregated (apidiscovery.k8s.io/v2) and legacy (APIVersions, APIGroupList, APIResourceList).
import {createHash} from 'node:crypto'
import {subresourceDiscovery} from '../kinds/resources.js'
import type {ResourceInfo} from '../types.js'

/** The exact Content-Type kubectl requires for aggregated discovery. */
export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'

interface GroupVersions {
  name: string
  versions: {version: string; resources: ResourceInfo[]}[]
}

// Groups in first-seen order, versions in first-seen order (kinds lists the preferred version first).
function grouped(resources: ResourceInfo[]): GroupVersions[] {
  const groups: GroupVersions[] = []
  for (const r of resources) {
    let g = groups.find((x) => x.name === r.group)
    if (!g) {
      g = {name: r.group, versions: []}
      groups.push(g)
    }
    let v = g.versions.find((x) => x.version === r.version)
    if (!v) {
      v = {version: r.version, resources: []}
      g.versions.push(v)
    }
    v.resources.push(r)
  }
  for (const g of groups) for (const v of g.versions) v.resources.sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0))
  return groups
}

function aggregatedResource(r: ResourceInfo): Record<string, any> {
  const out: Record<string, any> = {
    resource: r.resource,
    responseKind: {group: '', version: '', kind: r.kind},
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: [...r.verbs].sort(),
  }
  if (r.shortNames.length > 0) out.shortNames = r.shortNames
  if (r.categories.length > 0) out.categories = r.categories
  const subs = [...r.subresources].sort()
  if (subs.length > 0) {
    out.subresources = subs.map((s) => {
      const d = subresourceDiscovery(r, s)
      return {subresource: s, responseKind: d.kind, verbs: d.verbs}
    })
  }
  return out
}

/** The aggregated discovery Content-Type of one version (v2, or v2beta1 for servers before 1.33). */
export function aggregatedContentType(version: 'v2' | 'v2beta1'): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`
}

/**
 * Which aggregated discovery version to answer for an Accept header, or undefined for legacy discovery.
 * kube-apiserver served v2beta1 up to 1.32 and v2 from 1.30; the first acceptable entry wins.
 */
export function negotiateAggregated(accept: string, serverMinor: number): 'v2' | 'v2beta1' | undefined {
  for (const part of accept.split(',')) {
    if (!/g=apidiscovery\.k8s\.io/.test(part) || !/as=APIGroupDiscoveryList/.test(part)) continue
    const v = /v=(v2beta1|v2)\b/.exec(part)?.[1] as 'v2' | 'v2beta1' | undefined
    if (v === 'v2' && serverMinor >= 30) return 'v2'
    if (v === 'v2beta1' && serverMinor <= 32) return 'v2beta1'
  }
  return undefined
}

/** GET /api or /apis with the aggregated Accept. */
export function aggregatedDiscovery(resources: ResourceInfo[], core: boolean, version: 'v2' | 'v2beta1' = 'v2'): Record<string, any> {
  const groups = grouped(resources).filter((g) => (g.name === '') === core)
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: core ? {creationTimestamp: null} : {name: g.name, creationTimestamp: null},
      versions: g.versions.map((v) => ({version: v.version, resources: v.resources.map(aggregatedResource), freshness: 'Current'})),
    })),
  }
}

/** GET /api (legacy). */
export function apiVersions(serverAddress: string): Record<string, any> {
  return {kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress}]}
}

function apiGroup(g: GroupVersions): Record<string, any> {
  const versions = g.versions.map((v) => ({groupVersion: `${g.name}/${v.version}`, version: v.version}))
  return {name: g.name, versions, preferredVersion: versions[0]}
}

/** GET /apis (legacy APIGroupList). */
export function apiGroupList(resources: ResourceInfo[]): Record<string, any> {
  return {kind: 'APIGroupList', apiVersion: 'v1', groups: grouped(resources).filter((g) => g.name !== '').map(apiGroup)}
}

/** GET /apis/GROUP (legacy APIGroup), undefined when not served. */
export function apiGroupDoc(resources: ResourceInfo[], group: string): Record<string, any> | undefined {
  const g = grouped(resources).find((x) => x.name === group && group !== '')
  return g ? {kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g)} : undefined
}

function storageVersionHash(r: ResourceInfo): string {
  return createHash('sha256').update(`${r.group}/${r.version}/${r.kind}`).digest('base64').slice(0, 11)
}

/** GET /api/v1 or /apis/G/V (legacy APIResourceList), undefined when not served. */
export function apiResourceList(resources: ResourceInfo[], group: string, version: string): Record<string, any> | undefined {
  const list = resources.filter((r) => r.group === group && r.version === version)
  if (list.length === 0) return undefined
  list.sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0))
  const out: Record<string, any>[] = []
  for (const r of list) {
    const e: Record<string, any> = {name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: [...r.verbs].sort()}
    if (r.shortNames.length > 0) e.shortNames = r.shortNames
    if (r.categories.length > 0) e.categories = r.categories
    if (r.group !== 'metrics.k8s.io') e.storageVersionHash = storageVersionHash(r)
    out.push(e)
    for (const s of [...r.subresources].sort()) {
      const d = subresourceDiscovery(r, s)
      const se: Record<string, any> = {name: `${r.resource}/${s}`, singularName: '', namespaced: r.namespaced, kind: d.kind.kind, verbs: d.verbs}
      if (d.kind.group || d.kind.version) {
        se.group = d.kind.group
        se.version = d.kind.version
      }
      out.push(se)
    }
  }
  return {kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: out}
}
