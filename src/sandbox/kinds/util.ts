// Small helpers shared by the kind modules.
import type {KObject, ResourceInfo} from '../types.js'

/** The kind name kube-apiserver uses in messages: Kind for the core group, Kind.group otherwise. */
export function qualifiedKind(info: {group: string; kind: string}): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind
}

/** The resource name used in NotFound/Forbidden messages: resource or resource.group. */
export function qualifiedResource(info: {group: string; resource: string}): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource
}

/** A stable key for built-in per-kind tables. */
export function kindKey(info: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource
}

/** Plain-object check (not null, not array). */
export function isObj(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** obj[key] as a plain object, created when missing or not an object. */
export function ensureObj(parent: Record<string, any>, key: string): Record<string, any> {
  if (!isObj(parent[key])) parent[key] = {}
  return parent[key]
}

/** Fill a field only when absent (undefined or null), as Go defaulting of nil pointers does. */
export function def(o: Record<string, any>, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value
}

/** Same as def, but also replaces the empty string (Go defaulting of plain string fields). */
export function defStr(o: Record<string, any>, key: string, value: string): void {
  if (o[key] === undefined || o[key] === null || o[key] === '') o[key] = value
}

/** Deep copy of JSON data. */
export function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v))
}

/** Stable JSON for comparisons (object keys sorted). */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']'
  if (isObj(v)) return '{' + Object.keys(v).sort().filter(k => v[k] !== undefined).map(k => JSON.stringify(k) + ':' + canonical(v[k])).join(',') + '}'
  return JSON.stringify(v) ?? 'null'
}

/** The object reference string used in messages. */
export function objName(obj: KObject): string {
  return obj.metadata?.name ?? ''
}
