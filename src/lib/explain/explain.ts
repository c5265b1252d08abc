// `kubectl explain`: resolve TYPE through discovery, fetch the group-version OpenAPI v3 document the server lists at
// /openapi/v3 and render kubectl's plaintext layout from it (or the older layout from /openapi/v2 when asked, or when
// the server has no v3).
import {ConnectionError, KctlError} from '../cli/errors.js'
import {requiredResourceHint} from '../resource/args.js'
import type {KubeClient, ResourceType} from '../client/index.js'
import {resourceWord, splitFields, splitWithMatchingPrefix} from './path.js'
import {renderPlaintext, gvrString, type ExplainGVR, type RenderResult} from './render.js'
import {renderOpenAPIV2Document} from './v2.js'

/** What `explain` was asked to do. */
export interface ExplainOptions {
  /** TYPE[.field.path], as typed. */
  target: string
  apiVersion?: string
  recursive: boolean
  output: string
}

/** kubectl's words for a type the server does not serve; explain prints them bare (its RESTMapper NoMatch path). */
export class NoResourceMatchError extends ConnectionError {}

/** Builds explain's options from positionals and flags, with kubectl's argument errors. */
export function explainOptions(positionals: string[], flags: {recursive?: boolean; 'api-version'?: string; output?: string}): ExplainOptions {
  if (positionals.length === 0) throw new KctlError(requiredResourceHint('explain'))
  if (positionals.length > 1) throw new KctlError('We accept only this format: explain RESOURCE')
  return {target: positionals[0], apiVersion: flags['api-version'] || undefined, recursive: Boolean(flags.recursive), output: flags.output ?? 'plaintext'}
}

/** apimachinery's ParseGroupVersion: `v1`, `apps/v1`; more than one slash is an error. */
export function parseGroupVersion(gv: string): {group: string; version: string} {
  if (gv === '' || gv === '/') return {group: '', version: ''}
  const parts = gv.split('/')
  if (parts.length === 1) return {group: '', version: parts[0]}
  if (parts.length === 2) return {group: parts[0], version: parts[1]}
  throw new KctlError(`unexpected GroupVersion string: ${gv}`)
}

/** Every served type the word names, in the RESTMapper's priority order (core group first, then discovery order). */
export function matchingTypes(resources: ResourceType[], word: string): ResourceType[] {
  const lower = word.toLowerCase()
  const found = resources.filter((r) => r.resource === lower || r.singular === lower || r.shortNames.includes(lower) || r.kind.toLowerCase() === lower)
  return [...found.filter((r) => r.group === ''), ...found.filter((r) => r.group !== '')]
}

/**
 * client-go's shortcut expander: a short name that several types claim resolves to the first, with one warning for
 * each other type (unless the word is also a full resource name).
 */
export function shortNameWarnings(resources: ResourceType[], word: string): string[] {
  const lower = word.toLowerCase()
  if (resources.some((r) => r.resource === lower || r.singular === lower)) return []
  const claims = resources.filter((r) => r.shortNames.includes(lower))
  const seen = new Set<string>()
  const warnings: string[] = []
  for (const r of claims.slice(1)) {
    const gr = groupResource(r)
    if (gr === groupResource(claims[0]) || seen.has(gr)) continue
    seen.add(gr)
    warnings.push(`Warning: short name "${word}" could also match lower priority resource ${gr}`)
  }
  return warnings
}

/** GroupResource.String(): `deployments.apps`, or `pods` for the core group. */
export function groupResource(t: Pick<ResourceType, 'group' | 'resource'>): string {
  return t.group ? `${t.resource}.${t.group}` : t.resource
}

async function candidates(client: KubeClient, word: string): Promise<ResourceType[]> {
  let resources = (await client.discovery.all()).resources
  let found = matchingTypes(resources, word)
  // A type added since the cache was written (a new CRD): kubectl refreshes discovery once.
  if (found.length === 0) {
    resources = (await client.discovery.all(true)).resources
    found = matchingTypes(resources, word)
  }
  if (found.length === 0) throw new NoResourceMatchError(`the server doesn't have a resource type "${word}"`)
  for (const line of shortNameWarnings(resources, word)) client.rest.options.warn(line)
  return found
}

/** Resolves the target to a GVR and a field path, as kubectl does with and without --api-version. */
export async function resolveTarget(client: KubeClient, opts: ExplainOptions): Promise<{gvr: ExplainGVR; kind: string; fields: string[]}> {
  const types = await candidates(client, resourceWord(opts.target))
  const {match, fields} = opts.apiVersion ? {match: types[0], fields: splitFields(opts.target)} : splitWithMatchingPrefix(opts.target, types, groupResource)
  const gvr: ExplainGVR = {group: match.group, version: match.version, resource: match.resource}
  return {gvr, kind: match.kind, fields}
}

/** Runs explain: the text for stdout and the error kubectl would report after it. */
export async function runExplain(client: KubeClient, opts: ExplainOptions): Promise<RenderResult> {
  const {gvr, kind, fields} = await resolveTarget(client, opts)
  if (opts.output === 'plaintext-openapiv2') return explainV2(client, gvr, kind, fields, opts)
  let paths: Record<string, {serverRelativeURL?: string}>
  try {
    paths = await openAPIV3Paths(client)
  } catch (error) {
    // kubectl falls back to the v2 layout when the server has no OpenAPI v3.
    if (opts.output === 'plaintext') return explainV2(client, gvr, kind, fields, opts)
    throw error
  }
  if (opts.apiVersion) Object.assign(gvr, parseGroupVersion(opts.apiVersion))
  const key = gvr.group ? `apis/${gvr.group}/${gvr.version}` : `api/${gvr.version}`
  const entry = paths[key]
  if (!entry) throw new KctlError(`couldn't find resource for "${gvrString(gvr)}"`)
  const doc = await client.rest.json({method: 'GET', path: String(entry.serverRelativeURL ?? `/openapi/v3/${key}`)})
  if (opts.output !== 'plaintext') throw new KctlError(`unrecognized format: ${opts.output}`)
  return renderPlaintext(doc, gvr, fields, opts.recursive)
}

async function explainV2(client: KubeClient, gvr: ExplainGVR, kind: string, fields: string[], opts: ExplainOptions): Promise<RenderResult> {
  const gv = opts.apiVersion ? parseGroupVersion(opts.apiVersion) : gvr
  const doc = await client.rest.json({method: 'GET', path: '/openapi/v2'})
  return renderOpenAPIV2Document(doc, {group: gv.group, version: gv.version, kind}, fields, opts.recursive)
}

async function openAPIV3Paths(client: KubeClient): Promise<Record<string, {serverRelativeURL?: string}>> {
  try {
    const root = await client.rest.json({method: 'GET', path: '/openapi/v3'})
    return root?.paths ?? {}
  } catch (error) {
    if (error instanceof KctlError && !(error instanceof ConnectionError)) throw new KctlError(`failed to fetch list of groupVersions: ${error.message.replace(/^Error from server[^:]*: /, '')}`)
    throw error
  }
}
