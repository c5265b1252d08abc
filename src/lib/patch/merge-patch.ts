// RFC 7386 JSON merge patch (evanphx/json-patch MergePatch / CreateMergePatch) and kubectl's three-way JSON merge
// patch for types without strategic-merge metadata (custom resources).
import {PatchError} from './errors.js'
import {clone, deepEqual, isObject} from './util.js'

function pruneNulls(v: any): any {
  if (isObject(v)) {
    const out: Record<string, any> = {}
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = pruneNulls(x)
    return out
  }
  if (Array.isArray(v)) return v.map(x => (x === null ? null : pruneNulls(x)))
  return v
}

function mergeInto(doc: Record<string, any>, patch: Record<string, any>): Record<string, any> {
  for (const [k, pv] of Object.entries(patch)) {
    if (pv === null) {
      delete doc[k]
      continue
    }
    const cur = doc[k]
    if (isObject(cur) && isObject(pv)) doc[k] = mergeInto(cur, pv)
    else doc[k] = pruneNulls(clone(pv))
  }
  return doc
}

/** Apply an RFC 7386 merge patch; returns a new document. A non-object patch is a 400 as in kube-apiserver. */
export function applyMergePatch(doc: any, patch: any): any {
  if (!isObject(patch)) throw new PatchError('Invalid JSON Patch', 400, 'BadRequest')
  const base = isObject(doc) ? clone(doc) : {}
  return mergeInto(base, patch)
}

/** evanphx CreateMergePatch: the merge patch turning a into b (nulls for keys only in a). */
export function createMergePatch(a: any, b: any): Record<string, any> {
  const patch: Record<string, any> = {}
  const A = isObject(a) ? a : {}
  const B = isObject(b) ? b : {}
  for (const [k, bv] of Object.entries(B)) {
    if (!Object.prototype.hasOwnProperty.call(A, k)) {
      patch[k] = clone(bv)
      continue
    }
    const av = A[k]
    if (isObject(av) && isObject(bv)) {
      const sub = createMergePatch(av, bv)
      if (Object.keys(sub).length > 0) patch[k] = sub
    } else if (!deepEqual(av, bv)) {
      patch[k] = clone(bv)
    }
  }
  for (const k of Object.keys(A)) if (!Object.prototype.hasOwnProperty.call(B, k)) patch[k] = null
  return patch
}

// apimachinery keepOrDeleteNullInObj: keep only deletions (keepNull) or only additions/changes.
function keepOrDeleteNull(m: Record<string, any>, keepNull: boolean): Record<string, any> {
  const out: Record<string, any> = {}
  for (const [k, v] of Object.entries(m)) {
    if (v === null) {
      if (keepNull) out[k] = null
      continue
    }
    if (isObject(v)) {
      // An explicitly empty map is a value, not an empty patch.
      if (Object.keys(v).length === 0) {
        if (!keepNull) out[k] = v
        continue
      }
      const sub = keepOrDeleteNull(v, keepNull)
      if (Object.keys(sub).length > 0) out[k] = sub
    } else if (!keepNull) out[k] = v
  }
  return out
}

/** kubectl's CreateThreeWayJSONMergePatch: changes current→modified plus deletions original→modified. */
export function createThreeWayJsonMergePatch(original: any | undefined, modified: any, current: any): Record<string, any> {
  const addAndChange = keepOrDeleteNull(createMergePatch(current ?? {}, modified), false)
  const deletions = keepOrDeleteNull(createMergePatch(original ?? {}, modified), true)
  const patch = clone(deletions)
  // MergePatch(deletePatch, addAndChangePatch): the add/change patch has no nulls, so nulls from deletions survive.
  return mergeKeepNulls(patch, addAndChange)
}

function mergeKeepNulls(doc: Record<string, any>, patch: Record<string, any>): Record<string, any> {
  for (const [k, pv] of Object.entries(patch)) {
    const cur = doc[k]
    if (isObject(cur) && isObject(pv)) doc[k] = mergeKeepNulls(cur, pv)
    else doc[k] = clone(pv)
  }
  return doc
}
