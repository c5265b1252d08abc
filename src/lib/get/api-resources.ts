// `api-resources`, `api-versions` and `cluster-info`: discovery and kubeconfig facts printed kubectl's way.
import {KctlError} from '../cli/errors.js'
import type {KubeClient, ResourceType} from '../client/index.js'
import {tabwrite} from '../printers/tabwriter.js'

/** Options of `kctl api-resources`. */
export interface ApiResourcesOptions {
  output?: string
  namespaced?: boolean
  apiGroup?: string
  verbs: string[]
  sortBy?: string
  noHeaders: boolean
  categories: string[]
}

/** Renders the api-resources listing from discovered types (pure). */
export function renderApiResources(all: ResourceType[], o: ApiResourcesOptions): string {
  if (o.output !== undefined && o.output !== 'wide' && o.output !== 'name') throw new KctlError(`--output ${o.output} is not available`)
  if (o.sortBy !== undefined && o.sortBy !== 'name' && o.sortBy !== 'kind') throw new KctlError(`--sort-by accepts only name or kind`)
  let list = all.filter((r) => {
    if (o.namespaced !== undefined && r.namespaced !== o.namespaced) return false
    if (o.apiGroup !== undefined && r.group !== o.apiGroup) return false
    if (o.verbs.length && !o.verbs.every((v) => r.verbs.includes(v))) return false
    if (o.categories.length && !o.categories.every((c) => r.categories.includes(c))) return false
    return true
  })
  const key = (r: ResourceType) => (o.sortBy === 'name' ? r.resource : o.sortBy === 'kind' ? r.kind : r.group)
  list = list.map((r, i) => ({r, i})).sort((a, b) => {
    const ka = key(a.r)
    const kb = key(b.r)
    return ka < kb ? -1 : ka > kb ? 1 : a.i - b.i
  }).map((x) => x.r)
  if (o.output === 'name') return list.map((r) => (r.group ? `${r.resource}.${r.group}\n` : `${r.resource}\n`)).join('')
  const wide = o.output === 'wide'
  const rows: string[][] = []
  if (!o.noHeaders) rows.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])])
  for (const r of list) {
    const row = [r.resource, r.shortNames.join(','), r.group ? `${r.group}/${r.version}` : r.version, String(r.namespaced), r.kind]
    if (wide) row.push([...r.verbs].sort().join(','), r.categories.join(','))
    rows.push(row)
  }
  return tabwrite(rows.map((r) => r.join('\t')).join('\n') + '\n', {minwidth: 0})
}

/** `kctl api-resources`. */
export async function runApiResources(client: KubeClient, o: ApiResourcesOptions, cached: boolean): Promise<string> {
  const data = await client.discovery.all(!cached)
  return renderApiResources(data.resources, o)
}

/** `kctl api-versions`: every served group/version, sorted. */
export async function runApiVersions(client: KubeClient): Promise<string> {
  const data = await client.discovery.all(true)
  return [...new Set(data.groupVersions)].sort().map((v) => `${v}\n`).join('')
}

/** `kctl cluster-info`: the control plane URL and cluster services (kubernetes.io/cluster-service=true in kube-system). */
export async function runClusterInfo(client: KubeClient, color: boolean): Promise<string> {
  const server = client.connection.server.replace(/\/+$/, '')
  // kubectl checks the server is reachable first, so a dead server fails here, not after printing.
  const svcType = await client.resolve('services')
  const services = await client.list(svcType, 'kube-system', {labelSelector: 'kubernetes.io/cluster-service=true'})
  const green = (s: string) => (color ? `\u001b[0;32m${s}\u001b[0m` : s)
  const yellow = (s: string) => (color ? `\u001b[0;33m${s}\u001b[0m` : s)
  let out = `${green('Kubernetes control plane')} is running at ${yellow(server)}\n`
  for (const svc of services.items ?? []) {
    const name = svc.metadata?.labels?.['kubernetes.io/name'] ?? svc.metadata?.name
    const port = svc.spec?.ports?.[0]
    let link = ''
    if (svc.status?.loadBalancer?.ingress?.length) {
      const ing = svc.status.loadBalancer.ingress[0]
      link = `http://${ing.ip || ing.hostname}${port ? `:${port.port}` : ''}`
    } else {
      const portName = port?.name ? `:${port.name}` : port?.port ? `:${port.port}` : ''
      link = `${server}/api/v1/namespaces/kube-system/services/${svc.metadata?.name}${portName}/proxy`
    }
    out += `${green(name)} is running at ${yellow(link)}\n`
  }
  out += `\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`
  return out
}
