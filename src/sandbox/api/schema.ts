// Schema checks: unknown-field detection for fieldValidation (built-ins via the OpenAPI module's definitions,
// custom resources via their CRD's openAPIV3Schema) and structural validation/pruning of custom resources.
import {ApiError, type KObject, type ResourceInfo, type WriteOptions} from '../types.js'

type Schema = Record<string, any>

const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
])

type UnknownFieldsFn = (apiVersion: string, kind: string, obj: any, crds: KObject[]) => string[]
let provider: {fn: UnknownFieldsFn; crds: () => KObject[]} | undefined

/** Registers the schema-based unknown-field finder (the OpenAPI module's), used for built-in kinds and CRs. */
export function setUnknownFieldsProvider(fn: UnknownFieldsFn, crds: () => KObject[]): void {
  provider = {fn, crds}
}

function crdSchema(crd: KObject, version: string): Schema | undefined {
  const v = (crd.spec?.versions ?? []).find((x: any) => x.name === version) ?? crd.spec?.versions?.[0]
  return v?.schema?.openAPIV3Schema ?? crd.spec?.validation?.openAPIV3Schema
}

/** Field paths present in obj but not in its schema (kube's strict decoding list, in document order). */
export function unknownFields(info: ResourceInfo, obj: KObject, crd: KObject | undefined): string[] {
  const out: string[] = []
  if (crd) {
    const s = crdSchema(crd, info.version)
    if (!s) return out
    walk(obj, withMeta(s), '', out, (x) => x, true)
    return out
  }
  if (provider) {
    try {
      return provider.fn(obj.apiVersion, obj.kind, obj, provider.crds())
    } catch {
      // fall through to the ObjectMeta check
    }
  }
  // without a schema only ObjectMeta can be checked
  for (const k of Object.keys(obj.metadata ?? {})) if (!OBJECT_META_FIELDS.has(k)) out.push(`metadata.${k}`)
  return out
}

// CRD schemas leave metadata out; kube checks it as ObjectMeta regardless.
function withMeta(s: Schema): Schema {
  return {...s, properties: {...(s.properties ?? {}), apiVersion: {type: 'string'}, kind: {type: 'string'}, metadata: {type: 'object', 'x-kctl-objectmeta': true}}}
}

function walk(v: any, schema: Schema, path: string, out: string[], resolve: (s: Schema) => Schema, top = false): void {
  const s = resolve(schema)
  if (v === null || v === undefined || typeof v !== 'object') return
  if (s['x-kubernetes-preserve-unknown-fields'] && !s.properties) return
  if (Array.isArray(v)) {
    if (s.items) v.forEach((item, i) => walk(item, s.items, `${path}[${i}]`, out, resolve))
    return
  }
  if (s['x-kctl-objectmeta'] || (path === 'metadata' && !s.properties)) {
    for (const k of Object.keys(v)) if (!OBJECT_META_FIELDS.has(k)) out.push(`metadata.${k}`)
    return
  }
  if (s.properties) {
    for (const [k, val] of Object.entries(v)) {
      const p = path ? `${path}.${k}` : k
      const sub = s.properties[k]
      if (sub) walk(val, sub, p, out, resolve)
      else if (top && (k === 'apiVersion' || k === 'kind')) continue
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(val, s.additionalProperties, p, out, resolve)
      else if (!s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties !== true) out.push(p)
    }
    return
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    for (const [k, val] of Object.entries(v)) walk(val, s.additionalProperties, path ? `${path}.${k}` : k, out, resolve)
  }
}

/**
 * Validates a custom resource against its CRD schema (types, required, enum, bounds, patterns) and prunes
 * unknown fields as kube-apiserver does for structural schemas. Throws 422 Invalid.
 */
export function validateCustomResource(crd: KObject, info: ResourceInfo, obj: KObject, _opts: WriteOptions): void {
  const schema = crdSchema(crd, info.version)
  if (!schema) return
  const causes: {reason: string; message: string; field: string}[] = []
  const top = withMeta(schema)
  for (const k of Object.keys(obj)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'metadata') continue
    if (top.properties[k]) check(obj[k], top.properties[k], k, causes)
    else if (!schema['x-kubernetes-preserve-unknown-fields']) delete obj[k]
  }
  for (const r of schema.required ?? []) {
    if (obj[r] === undefined) causes.push({reason: 'FieldValueRequired', message: 'Required value', field: r})
  }
  if (causes.length > 0) {
    const group = info.group
    const qk = `${info.kind}.${group}`
    const name = obj.metadata?.name ?? ''
    const msgs = causes.map((c) => `${c.field}: ${c.message}`)
    const msg = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`
    throw new ApiError(422, 'Invalid', `${qk} "${name}" is invalid: ${msg}`, {name, group, kind: info.kind, causes})
  }
}

function typeOf(v: any): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v
}

function show(v: any): string {
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v)
}

function check(v: any, s: Schema, path: string, causes: {reason: string; message: string; field: string}[]): void {
  if (v === null && s.nullable) return
  if (s['x-kubernetes-int-or-string']) {
    if (typeof v !== 'number' && typeof v !== 'string') {
      causes.push({reason: 'FieldValueTypeInvalid', message: `Invalid value: ${show(v)}: ${path} in body must be of type integer-or-string: ${JSON.stringify(typeOf(v))}`, field: path})
    }
    return
  }
  const t = s.type
  const actual = typeOf(v)
  if (t && !(t === actual || (t === 'number' && actual === 'integer'))) {
    causes.push({reason: 'FieldValueTypeInvalid', message: `Invalid value: "${actual}": ${path} in body must be of type ${t}: "${actual}"`, field: path})
    return
  }
  if (s.enum && !s.enum.some((e: any) => JSON.stringify(e) === JSON.stringify(v))) {
    causes.push({reason: 'FieldValueNotSupported', message: `Unsupported value: ${show(v)}: supported values: ${s.enum.map((e: any) => show(e)).join(', ')}`, field: path})
  }
  if (typeof v === 'number') {
    if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
      causes.push({reason: 'FieldValueInvalid', message: `Invalid value: ${v}: ${path} in body should be less than or equal to ${s.maximum}`, field: path})
    }
    if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
      causes.push({reason: 'FieldValueInvalid', message: `Invalid value: ${v}: ${path} in body should be greater than or equal to ${s.minimum}`, field: path})
    }
  }
  if (typeof v === 'string') {
    if (s.pattern && !new RegExp(s.pattern).test(v)) {
      causes.push({reason: 'FieldValueInvalid', message: `Invalid value: ${show(v)}: ${path} in body should match '${s.pattern}'`, field: path})
    }
    if (s.maxLength !== undefined && v.length > s.maxLength) {
      causes.push({reason: 'FieldValueTooLong', message: `Too long: may not be more than ${s.maxLength} bytes`, field: path})
    }
  }
  if (Array.isArray(v) && s.items) v.forEach((item, i) => check(item, s.items, `${path}[${i}]`, causes))
  if (actual === 'object') {
    if (s.properties) {
      for (const k of Object.keys(v)) {
        if (s.properties[k]) check(v[k], s.properties[k], `${path}.${k}`, causes)
        else if (s.additionalProperties && typeof s.additionalProperties === 'object') check(v[k], s.additionalProperties, `${path}.${k}`, causes)
        else if (!s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties !== true) delete v[k]
      }
    } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      for (const k of Object.keys(v)) check(v[k], s.additionalProperties, `${path}.${k}`, causes)
    }
    for (const r of s.required ?? []) {
      if (v[r] === undefined) causes.push({reason: 'FieldValueRequired', message: 'Required value', field: `${path}.${r}`})
    }
  }
}
