// Renders the OpenAPI documents kube-apiserver serves: /openapi/v3 (root + one document per group-version) and
// /openapi/v2 (Swagger 2.0). kubectl reads them for `explain`, for apply's patch metadata, and to learn that the
// server validates fields itself (the PATCH operation of each kind lists a fieldValidation query parameter).
import {createHash} from 'node:crypto'

import type {KObject, ResourceInfo} from '../types.js'
import {type Def, type GVK, META, type Prop, definitionFor, definitions} from './definitions.js'

/** Options shared by the document builders. */
export interface DocOptions {
  /** info.version, the server's gitVersion. */
  version?: string
}

type Op = {
  method: 'get' | 'put' | 'post' | 'patch' | 'delete'
  action: string
  operationId: string
  gvk: GVK
  body?: string
  response: string
  query: string[]
}
type PathItem = {path: string; params: string[]; ops: Op[]}

const DEFAULT_VERSION = 'v1.33.1'
const WRITE_QUERY = ['dryRun', 'fieldManager', 'fieldValidation']
const LIST_QUERY = ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch']
const DELETE_QUERY = ['dryRun', 'gracePeriodSeconds', 'ignoreStoreReadErrorWithClusterBreakingPotential', 'orphanDependents', 'propagationPolicy']
const INTEGER_PARAMS = new Set(['limit', 'timeoutSeconds', 'gracePeriodSeconds'])
const BOOLEAN_PARAMS = new Set(['allowWatchBookmarks', 'watch', 'sendInitialEvents', 'orphanDependents', 'force', 'ignoreStoreReadErrorWithClusterBreakingPotential'])
const PATCH_TYPES_BUILTIN = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']
const PATCH_TYPES_CUSTOM = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json']
const MEDIA = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']

/** The group-version path key used by /openapi/v3: 'api/v1' or 'apis/<group>/<version>'. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`
}

/** The /openapi/v3 discovery document: one serverRelativeURL per served group-version. */
export function openapiV3Root(resources: ResourceInfo[], crds: KObject[] = []): object {
  const gvs = new Map<string, ResourceInfo[]>()
  for (const r of resources) {
    const key = groupVersionPath(r.group, r.version)
    gvs.set(key, [...(gvs.get(key) ?? []), r])
  }
  const paths: Record<string, {serverRelativeURL: string}> = {}
  for (const key of [...gvs.keys()].sort()) {
    paths[key] = {serverRelativeURL: `/openapi/v3/${key}?hash=${docHash(key, gvs.get(key)!, crds)}`}
  }
  return {paths}
}

// A content hash of what the document is built from, so clients re-fetch when a CRD schema changes.
function docHash(key: string, resources: ResourceInfo[], crds: KObject[]): string {
  const group = key.startsWith('apis/') ? key.split('/')[1] : ''
  const relevant = crds.filter(c => c.spec?.group === group).map(c => [c.metadata.name, c.metadata.resourceVersion, c.spec?.versions])
  return createHash('sha512').update(JSON.stringify([key, resources, relevant])).digest('hex').slice(0, 64).toUpperCase()
}

const v3Cache = new Map<string, object>()

/** The OpenAPI v3 document of one group-version ('api/v1', 'apis/apps/v1', ...), or undefined when none is served. */
export function openapiV3Doc(groupVersion: string, resources: ResourceInfo[], crds: KObject[], opts: DocOptions = {}): object | undefined {
  const gvResources = resources.filter(r => groupVersionPath(r.group, r.version) === groupVersion.replace(/^\/+/, '').replace(/^openapi\/v3\//, ''))
  if (!gvResources.length) return undefined
  const key = docHash(groupVersion, gvResources, crds) + (opts.version ?? '')
  const hit = v3Cache.get(key)
  if (hit) return hit
  const {defs, paths} = collect(gvResources, crds)
  const doc = {
    openapi: '3.0.0',
    info: {title: 'Kubernetes', version: opts.version ?? DEFAULT_VERSION},
    paths: Object.fromEntries(paths.map(p => [p.path, renderPathV3(p, crds)])),
    components: {
      schemas: Object.fromEntries([...defs].sort(([a], [b]) => cmp(a, b)).map(([name, {def, gvks}]) => [name, renderDefV3(def, gvks)])),
      securitySchemes: {BearerToken: {type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header'}},
    },
  }
  if (v3Cache.size > 200) v3Cache.clear()
  v3Cache.set(key, doc)
  return doc
}

let v2Cache: {key: string; doc: object} | undefined

/** The Swagger 2.0 document (/openapi/v2) covering every served group-version. */
export function openapiV2(resources: ResourceInfo[], crds: KObject[], opts: DocOptions = {}): object {
  const key = docHash('v2', resources, crds) + (opts.version ?? '') + crds.length
  if (v2Cache?.key === key) return v2Cache.doc
  const {defs, paths} = collect(resources, crds)
  const doc = {
    swagger: '2.0',
    info: {title: 'Kubernetes', version: opts.version ?? DEFAULT_VERSION},
    paths: Object.fromEntries(paths.map(p => [p.path, renderPathV2(p, crds)])),
    definitions: Object.fromEntries([...defs].sort(([a], [b]) => cmp(a, b)).map(([name, {def, gvks}]) => [name, renderDefV2(def, gvks)])),
    securityDefinitions: {BearerToken: {description: 'Bearer Token authentication', type: 'apiKey', name: 'authorization', in: 'header'}},
    security: [{BearerToken: []}],
  }
  v2Cache = {key, doc}
  return doc
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

// ---------- collecting definitions and paths ----------

type Collected = {defs: Map<string, {def: Def; gvks: GVK[]}>; paths: PathItem[]}

function collect(resources: ResourceInfo[], crds: KObject[]): Collected {
  const builtin = definitions()
  const defs = new Map<string, {def: Def; gvks: GVK[]}>()
  const addClosure = (name: string) => {
    if (defs.has(name)) return
    const def = builtin.get(name)
    if (!def) return
    defs.set(name, {def, gvks: []})
    for (const p of Object.values(def.properties ?? {})) visitRefs(p, addClosure)
  }
  const gvkOf = (name: string, gvk: GVK) => {
    const entry = defs.get(name)
    if (entry && !entry.gvks.some(g => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind)) entry.gvks.push(gvk)
  }
  for (const name of [META + 'DeleteOptions', META + 'Status', META + 'Patch']) addClosure(name)
  const paths: PathItem[] = []
  const sorted = [...resources].sort((a, b) => cmp(a.resource, b.resource))
  for (const r of sorted) {
    if (r.resource.includes('/')) continue
    const gvk = {group: r.group, version: r.version, kind: r.kind}
    let kindDef = definitionFor(r.group, r.version, r.kind)
    let listDef = definitionFor(r.group, r.version, r.kind + 'List')
    const crd = crds.find(c => c.spec?.group === r.group && c.spec?.names?.kind === r.kind)
    if (crd) {
      const custom = customDefs(crd, r, builtin)
      if (!custom) continue
      kindDef = custom.kindName
      listDef = custom.listName
      defs.set(custom.kindName, {def: custom.kind, gvks: [gvk]})
      defs.set(custom.listName, {def: custom.list, gvks: [{...gvk, kind: r.kind + 'List'}]})
      addClosure(META + 'ObjectMeta')
      addClosure(META + 'ListMeta')
    } else if (kindDef) {
      addClosure(kindDef)
      gvkOf(kindDef, gvk)
      if (listDef) {
        addClosure(listDef)
        gvkOf(listDef, {...gvk, kind: r.kind + 'List'})
      }
    } else {
      continue
    }
    paths.push(...resourcePaths(r, kindDef, listDef ?? META + 'Status'))
    for (const sub of r.subresources) {
      const item = subresourcePath(r, sub, kindDef, addClosure, gvkOf)
      if (item) paths.push(item)
    }
  }
  paths.sort((a, b) => cmp(a.path, b.path))
  return {defs, paths}
}

function visitRefs(p: Prop, fn: (name: string) => void): void {
  if (p.ref) fn(p.ref)
  if (p.items) visitRefs(p.items, fn)
  if (p.additionalProperties) visitRefs(p.additionalProperties, fn)
}

function resourcePaths(r: ResourceInfo, kindDef: string, listDef: string): PathItem[] {
  const base = '/' + groupVersionPath(r.group, r.version)
  const nsBase = r.namespaced ? `${base}/namespaces/{namespace}` : base
  const gvk = {group: r.group, version: r.version, kind: r.kind}
  const id = (verb: string, all = false) => `${verb}${opGroup(r.group, r.version)}${r.namespaced && !all ? 'Namespaced' : ''}${r.kind}${all ? 'ForAllNamespaces' : ''}`
  const has = (v: string) => r.verbs.includes(v)
  const collection: Op[] = []
  if (has('list')) collection.push({method: 'get', action: 'list', operationId: id('list'), gvk, response: listDef, query: LIST_QUERY})
  if (has('create')) collection.push({method: 'post', action: 'post', operationId: id('create'), gvk, body: kindDef, response: kindDef, query: WRITE_QUERY})
  if (has('deletecollection')) collection.push({method: 'delete', action: 'deletecollection', operationId: id('deleteCollection'), gvk, body: META + 'DeleteOptions', response: META + 'Status', query: [...DELETE_QUERY, ...LIST_QUERY.filter(q => q !== 'watch' && q !== 'allowWatchBookmarks')]})
  const item: Op[] = []
  if (has('get')) item.push({method: 'get', action: 'get', operationId: id('read'), gvk, response: kindDef, query: []})
  if (has('update')) item.push({method: 'put', action: 'put', operationId: id('replace'), gvk, body: kindDef, response: kindDef, query: WRITE_QUERY})
  if (has('patch')) item.push({method: 'patch', action: 'patch', operationId: id('patch'), gvk, body: META + 'Patch', response: kindDef, query: [...WRITE_QUERY, 'force']})
  if (has('delete')) item.push({method: 'delete', action: 'delete', operationId: id('delete'), gvk, body: META + 'DeleteOptions', response: META + 'Status', query: DELETE_QUERY})
  const nsParam = r.namespaced ? ['namespace'] : []
  const out: PathItem[] = []
  if (collection.length) out.push({path: `${nsBase}/${r.resource}`, params: [...nsParam, 'pretty'], ops: collection})
  if (item.length) out.push({path: `${nsBase}/${r.resource}/{name}`, params: ['name', ...nsParam, 'pretty'], ops: item})
  if (r.namespaced && has('list')) {
    out.push({path: `${base}/${r.resource}`, params: ['pretty'], ops: [{method: 'get', action: 'list', operationId: id('list', true), gvk, response: listDef, query: LIST_QUERY}]})
  }
  return out
}

function subresourcePath(r: ResourceInfo, sub: string, kindDef: string, addClosure: (n: string) => void, gvkOf: (n: string, g: GVK) => void): PathItem | undefined {
  const base = '/' + groupVersionPath(r.group, r.version) + (r.namespaced ? '/namespaces/{namespace}' : '')
  const path = `${base}/${r.resource}/{name}/${sub}`
  const params = ['name', ...(r.namespaced ? ['namespace'] : []), 'pretty']
  const suffix = `${opGroup(r.group, r.version)}${r.namespaced ? 'Namespaced' : ''}${r.kind}${sub.charAt(0).toUpperCase()}${sub.slice(1)}`
  const rw = (def: string, gvk: GVK): PathItem => ({path, params, ops: [
    {method: 'get', action: 'get', operationId: 'read' + suffix, gvk, response: def, query: []},
    {method: 'put', action: 'put', operationId: 'replace' + suffix, gvk, body: def, response: def, query: WRITE_QUERY},
    {method: 'patch', action: 'patch', operationId: 'patch' + suffix, gvk, body: META + 'Patch', response: def, query: [...WRITE_QUERY, 'force']},
  ]})
  const own = {group: r.group, version: r.version, kind: r.kind}
  switch (sub) {
    case 'status':
      return rw(kindDef, own)
    case 'scale': {
      const scale = 'io.k8s.api.autoscaling.v1.Scale'
      addClosure(scale)
      const gvk = {group: 'autoscaling', version: 'v1', kind: 'Scale'}
      gvkOf(scale, gvk)
      return rw(scale, gvk)
    }
    case 'eviction': {
      const def = 'io.k8s.api.policy.v1.Eviction'
      addClosure(def)
      const gvk = {group: 'policy', version: 'v1', kind: 'Eviction'}
      gvkOf(def, gvk)
      return {path, params, ops: [{method: 'post', action: 'post', operationId: 'create' + suffix, gvk, body: def, response: def, query: WRITE_QUERY}]}
    }
    case 'binding': {
      const def = 'io.k8s.api.core.v1.Binding'
      addClosure(def)
      const gvk = {group: '', version: 'v1', kind: 'Binding'}
      gvkOf(def, gvk)
      return {path, params, ops: [{method: 'post', action: 'post', operationId: 'create' + suffix, gvk, body: def, response: def, query: WRITE_QUERY}]}
    }
  }
  return undefined
}

// operationId middle part as upstream spells it: CoreV1, AppsV1, NetworkingV1, RbacAuthorizationV1, ...
function opGroup(group: string, version: string): string {
  const g = group === '' ? 'core' : group.replace(/\.k8s\.io$/, '').replace(/\.io$/, '')
  return g.split(/[.-]/).map(s => s.charAt(0).toUpperCase() + s.slice(1)).join('') + version.charAt(0).toUpperCase() + version.slice(1)
}

// ---------- custom resources ----------

function reversedGroup(group: string): string {
  return group.split('.').reverse().join('.')
}

function customDefs(crd: KObject, r: ResourceInfo, builtin: Map<string, Def>): {kindName: string; listName: string; kind: Def; list: Def} | undefined {
  const version = (crd.spec.versions ?? []).find((v: any) => v.name === r.version)
  if (!version) return undefined
  const kindName = `${reversedGroup(r.group)}.${r.version}.${r.kind}`
  const listName = kindName + 'List'
  // Standard property texts are taken from a built-in kind so custom kinds read like upstream's.
  const std = builtin.get('io.k8s.api.core.v1.ConfigMap')?.properties ?? {}
  const stdList = builtin.get('io.k8s.api.core.v1.ConfigMapList')?.properties ?? {}
  const schema = structuredClone(version.schema?.openAPIV3Schema ?? {type: 'object', 'x-kubernetes-preserve-unknown-fields': true})
  schema.type ??= 'object'
  schema.properties = {
    ...(schema.properties ?? {}),
    apiVersion: std.apiVersion ?? {type: 'string'},
    kind: std.kind ?? {type: 'string'},
    metadata: std.metadata ?? {ref: META + 'ObjectMeta'},
  }
  const kind: Def = {...schema, custom: true} as Def
  const list: Def = {
    description: `${r.kind}List is a list of ${r.kind}`,
    type: 'object',
    properties: {
      apiVersion: stdList.apiVersion ?? {type: 'string'},
      items: {type: 'array', items: {ref: kindName}, description: `List of ${r.resource}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`},
      kind: stdList.kind ?? {type: 'string'},
      metadata: stdList.metadata ?? {ref: META + 'ListMeta'},
    },
    required: ['items'],
  }
  return {kindName, listName, kind, list}
}

// ---------- rendering ----------

function renderPropV3(p: any): any {
  if (!p || typeof p !== 'object') return p
  if (Array.isArray(p)) return p.map(renderPropV3)
  const {ref, ext, items, additionalProperties, properties, custom, open, oneOf, ...rest} = p
  void custom
  void open
  const out: any = {}
  if (ref) {
    const r = {$ref: `#/components/schemas/${ref}`}
    if (rest.description === undefined && !ext) return r
    out.allOf = [r]
  }
  Object.assign(out, rest)
  if (oneOf) out.oneOf = oneOf
  if (items !== undefined) out.items = renderPropV3(items)
  if (additionalProperties !== undefined) out.additionalProperties = typeof additionalProperties === 'object' ? renderPropV3(additionalProperties) : additionalProperties
  if (properties) out.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, renderPropV3(v)]))
  if (ext) Object.assign(out, ext)
  for (const k of ['allOf', 'anyOf', 'not']) if (out[k] && !ref) out[k] = renderPropV3(out[k])
  return out
}

function renderDefV3(def: Def, gvks: GVK[]): any {
  const out = renderPropV3(def)
  // Quantity and IntOrString are typeless alternatives in v3, which makes explain print their names.
  if (def.oneOf) delete out.type
  if (gvks.length) out['x-kubernetes-group-version-kind'] = gvks
  return out
}

function renderPropV2(p: any): any {
  if (!p || typeof p !== 'object') return p
  if (Array.isArray(p)) return p.map(renderPropV2)
  const {ref, ext, items, additionalProperties, properties, custom, open, oneOf, nullable, ...rest} = p
  void custom
  void open
  void oneOf
  void nullable
  const out: any = {}
  if (ref) out.$ref = `#/definitions/${ref}`
  Object.assign(out, rest)
  if (items !== undefined) out.items = renderPropV2(items)
  if (additionalProperties !== undefined) out.additionalProperties = typeof additionalProperties === 'object' ? renderPropV2(additionalProperties) : additionalProperties
  if (properties) out.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, renderPropV2(v)]))
  if (ext) Object.assign(out, ext)
  return out
}

function renderDefV2(def: Def, gvks: GVK[]): any {
  const out = renderPropV2(def)
  if (gvks.length) out['x-kubernetes-group-version-kind'] = gvks
  return out
}

function isCustom(op: Op, crds: KObject[]): boolean {
  return crds.some(c => c.spec?.group === op.gvk.group && c.spec?.names?.kind === op.gvk.kind)
}

function paramV3(name: string, inPath: boolean): any {
  const type = INTEGER_PARAMS.has(name) ? 'integer' : BOOLEAN_PARAMS.has(name) ? 'boolean' : 'string'
  return inPath ? {name, in: 'path', required: true, schema: {type: 'string', uniqueItems: true}} : {name, in: 'query', schema: {type, uniqueItems: true}}
}

function renderPathV3(p: PathItem, crds: KObject[]): any {
  const out: any = {}
  for (const op of p.ops) {
    const o: any = {
      tags: [opGroup(op.gvk.group, op.gvk.version)],
      operationId: op.operationId,
      responses: {
        '200': {description: 'OK', content: Object.fromEntries(MEDIA.map(m => [m, {schema: {$ref: `#/components/schemas/${op.response}`}}]))},
        '401': {description: 'Unauthorized'},
      },
      'x-kubernetes-action': op.action,
      'x-kubernetes-group-version-kind': op.gvk,
    }
    if (op.query.length) o.parameters = op.query.map(q => paramV3(q, false))
    if (op.body) {
      const types = op.method === 'patch' ? (isCustom(op, crds) ? PATCH_TYPES_CUSTOM : PATCH_TYPES_BUILTIN) : ['*/*']
      o.requestBody = {content: Object.fromEntries(types.map(t => [t, {schema: {$ref: `#/components/schemas/${op.body}`}}])), required: op.method !== 'delete'}
    }
    if (op.method === 'post') o.responses['201'] = {description: 'Created', content: o.responses['200'].content}
    out[op.method] = o
  }
  out.parameters = p.params.map(n => paramV3(n, n === 'name' || n === 'namespace'))
  return out
}

function renderPathV2(p: PathItem, crds: KObject[]): any {
  const out: any = {}
  for (const op of p.ops) {
    const params: any[] = []
    if (op.body) params.push({name: 'body', in: 'body', required: op.method !== 'delete', schema: {$ref: `#/definitions/${op.body}`}})
    for (const q of op.query) params.push({uniqueItems: true, type: INTEGER_PARAMS.has(q) ? 'integer' : BOOLEAN_PARAMS.has(q) ? 'boolean' : 'string', name: q, in: 'query'})
    const o: any = {
      consumes: op.method === 'patch' ? (isCustom(op, crds) ? PATCH_TYPES_CUSTOM : PATCH_TYPES_BUILTIN) : ['*/*'],
      produces: MEDIA,
      schemes: ['https'],
      tags: [opGroup(op.gvk.group, op.gvk.version)],
      operationId: op.operationId,
      responses: {'200': {description: 'OK', schema: {$ref: `#/definitions/${op.response}`}}, '401': {description: 'Unauthorized'}},
      'x-kubernetes-action': op.action,
      'x-kubernetes-group-version-kind': op.gvk,
    }
    if (params.length) o.parameters = params
    out[op.method] = o
  }
  out.parameters = p.params.map(n => n === 'name' || n === 'namespace'
    ? {uniqueItems: true, type: 'string', name: n, in: 'path', required: true}
    : {uniqueItems: true, type: 'string', name: n, in: 'query'})
  return out
}
