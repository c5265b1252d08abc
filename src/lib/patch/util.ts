// Small JSON helpers shared by the patch algorithms.

/** A plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Structural equality of two JSON values (object key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ak = Object.keys(a as object)
  const bk = Object.keys(b as object)
  if (ak.length !== bk.length) return false
  for (const k of ak) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false
    if (!deepEqual((a as any)[k], (b as any)[k])) return false
  }
  return true
}

/** Deep copy of a JSON value. */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map(clone) as unknown as T
  const out: Record<string, any> = {}
  for (const k of Object.keys(v as object)) out[k] = clone((v as any)[k])
  return out as T
}

/** Go's json type identity, used where apimachinery compares reflect.TypeOf of two decoded values. */
export function jsonKind(v: unknown): 'null' | 'object' | 'array' | 'string' | 'number' | 'boolean' {
  if (v === null || v === undefined) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v as 'object' | 'string' | 'number' | 'boolean'
}

/** fmt.Sprintf("%v", scalar), the key apimachinery sorts merge keys and scalars by. */
export function goString(v: unknown): string {
  if (v === null || v === undefined) return '<nil>'
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}
