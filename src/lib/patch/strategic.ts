// Strategic merge patch application, following apimachinery's pkg/util/strategicpatch mergeMap / mergeSlice.
// The same merge, without the parallel-list processing, also combines the two halves of a three-way patch.
import {PatchError, goFormat} from './errors.js'
import {type PatchField, type PatchSchema, fieldOf, splitStrategy} from './schema.js'
import {clone, isObject, jsonKind} from './util.js'

const DIRECTIVE = '$patch'
const RETAIN_KEYS = '$retainKeys'
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList'
const SET_ORDER = '$setElementOrder'

/** How a merge treats directives (apimachinery MergeOptions). */
export interface MergeOptions {
  /** true when applying a patch to an object; false when merging two patches (directives are carried over). */
  mergeParallelList: boolean
  /** true: a null for a key the original lacks is dropped; false: the null is kept (patch merging). */
  ignoreUnmatchedNulls: boolean
}

const APPLY: MergeOptions = {mergeParallelList: true, ignoreUnmatchedNulls: true}

// mergepatch errors: the format ones become 400 BadRequest in kube-apiserver, the others keep their text.
const badRequest = (msg: string) => new PatchError(msg, 400, 'BadRequest')
const ERR_RETAIN_KEYS = 'invalid patch format of retainKeys'
const ERR_SET_ORDER = 'invalid patch format of setElementOrder list'
const ERR_PRIMITIVE = 'invalid patch format of primitive list'
const internal = (msg: string) => new PatchError(msg, 500, '')

/** Merge key value missing in a list element (mergepatch.ErrNoMergeKey). */
export function noMergeKey(m: unknown, key: string): PatchError {
  return internal(`map: ${goFormat(m)} does not contain declared merge key: ${key}`)
}

/** Apply a strategic merge patch to doc with the given patch metadata; returns a new object. Throws PatchError. */
export function applyStrategicMergePatch(doc: any, patch: any, schema: PatchSchema): any {
  if (!isObject(patch)) throw badRequest('invalid JSON document')
  return mergeMap(isObject(doc) ? clone(doc) : {}, clone(patch), schema, APPLY)
}

/** apimachinery mergeMap; both arguments are mutated (callers pass copies). */
export function mergeMap(original: Record<string, any> | undefined, patch: Record<string, any>, schema: PatchSchema | undefined, opts: MergeOptions): Record<string, any> {
  if (Object.prototype.hasOwnProperty.call(patch, DIRECTIVE)) {
    const directive = patch[DIRECTIVE]
    if (directive === 'replace') {
      delete patch[DIRECTIVE]
      return opts.mergeParallelList ? mergeMap({}, patch, schema, opts) : patch
    }
    if (directive === 'delete') return {}
    throw internal(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`)
  }
  const orig = original ?? {}
  applyRetainKeys(orig, patch, opts)
  mergePatchIntoOriginal(orig, patch, schema, opts)

  for (const k of Object.keys(patch)) {
    const patchV = patch[k]
    let key = k
    let isDeleteList = false
    if (k.startsWith(DELETE_PRIMITIVE)) {
      if (!opts.mergeParallelList) {
        orig[k] = patchV
        continue
      }
      key = extractKey(k, DELETE_PRIMITIVE, ERR_PRIMITIVE)
      isDeleteList = true
    }
    if (patchV === null) {
      delete orig[key]
      if (opts.ignoreUnmatchedNulls) continue
    }
    const field = fieldOf(schema, key)
    if (!Object.prototype.hasOwnProperty.call(orig, key) || jsonKind(orig[key]) !== jsonKind(patchV)) {
      if (!isDeleteList) orig[key] = opts.mergeParallelList ? cleanNew(patchV, field) : patchV
      continue
    }
    const {strategy} = splitStrategy(field.strategy)
    if (isObject(patchV)) {
      orig[key] = strategy === 'replace' ? (opts.mergeParallelList ? cleanNew(patchV, {}) : patchV) : mergeMap(orig[key], patchV, field.schema, opts)
    } else if (Array.isArray(patchV)) {
      orig[key] = strategy === 'merge' ? mergeSlice(orig[key], patchV, field, opts, isDeleteList) : opts.mergeParallelList ? cleanNew(patchV, {}) : patchV
    } else {
      orig[key] = patchV
    }
  }
  return orig
}

// A patch value with nothing to merge into: apimachinery stores it as is and the typed decode drops nulls and
// directives; we get the same stored object by merging it into an empty value.
function cleanNew(v: any, field: PatchField): any {
  if (isObject(v)) return mergeMap({}, v, field.schema, APPLY)
  if (Array.isArray(v)) {
    if (splitStrategy(field.strategy).strategy === 'merge') return mergeSlice([], v, field, APPLY, false)
    return v.map(x => (isObject(x) ? mergeMap({}, x, undefined, APPLY) : x))
  }
  return v
}

function extractKey(s: string, prefix: string, err: string): string {
  const i = s.indexOf('/')
  if (i < 0 || s.slice(0, i) !== prefix) throw badRequest(err)
  return s.slice(i + 1)
}

function applyRetainKeys(original: Record<string, any>, patch: Record<string, any>, opts: MergeOptions): void {
  if (!Object.prototype.hasOwnProperty.call(patch, RETAIN_KEYS)) return
  const retain = patch[RETAIN_KEYS]
  delete patch[RETAIN_KEYS]
  if (!opts.mergeParallelList) {
    if (Object.prototype.hasOwnProperty.call(original, RETAIN_KEYS)) {
      if (JSON.stringify(original[RETAIN_KEYS]) !== JSON.stringify(retain)) {
        throw internal(`${goFormat(original[RETAIN_KEYS])} and ${goFormat(retain)} are not deep equal: this may happen when calculating the 3-way diff patch`)
      }
    } else original[RETAIN_KEYS] = retain
    return
  }
  if (!Array.isArray(retain)) throw badRequest(ERR_RETAIN_KEYS)
  const keep = new Set<unknown>(retain)
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_PRIMITIVE) || k.startsWith(SET_ORDER)) continue
    if (!keep.has(k)) throw badRequest(ERR_RETAIN_KEYS)
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k]
}

function mergePatchIntoOriginal(original: Record<string, any>, patch: Record<string, any>, schema: PatchSchema | undefined, opts: MergeOptions): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ORDER)) continue
    const order = patch[key]
    if (!opts.mergeParallelList) {
      if (Object.prototype.hasOwnProperty.call(original, key)) {
        if (JSON.stringify(original[key]) !== JSON.stringify(order)) throw badRequest(ERR_SET_ORDER)
      } else original[key] = order
    }
    delete patch[key]
    if (!Array.isArray(order)) throw badRequest(ERR_SET_ORDER)
    const listKey = extractKey(key, SET_ORDER, ERR_SET_ORDER)
    const foundOriginal = Object.prototype.hasOwnProperty.call(original, listKey)
    const foundPatch = Object.prototype.hasOwnProperty.call(patch, listKey)
    const originalList = foundOriginal ? original[listKey] : undefined
    const patchList = foundPatch ? patch[listKey] : undefined
    if (foundOriginal && !Array.isArray(originalList)) throw internal(`expected a list for ${listKey}, got ${goFormat(originalList)}`)
    if (foundPatch && !Array.isArray(patchList)) throw internal(`expected a list for ${listKey}, got ${goFormat(patchList)}`)
    const field = fieldOf(schema, listKey)
    const mergeKey = field.mergeKey ?? ''
    validatePatchWithSetOrderList(patchList ?? [], order, mergeKey)
    let merged: any[]
    if (foundOriginal && !foundPatch) merged = originalList
    else if (!foundOriginal && foundPatch) merged = opts.mergeParallelList ? cleanNew(patchList, field) : patchList
    else if (foundOriginal && foundPatch) {
      merged = splitStrategy(field.strategy).strategy === 'merge' ? mergeSlice(originalList, patchList, field, opts, false) : patchList
    } else continue
    const [patchItems, serverOnly] = mergeKey ? partitionMaps(merged, order, mergeKey) : partitionPrimitives(merged, order)
    const kind = elementKind(originalList ?? [], patchList ?? [])
    original[listKey] = normalizeElementOrder(patchItems, serverOnly, order, originalList ?? [], mergeKey, kind)
    delete patch[listKey]
  }
}

function validatePatchWithSetOrderList(patchList: any[], order: any[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return
  const nonDelete = mergeKey ? patchList.filter(v => !(isObject(v) && v[DIRECTIVE] === 'delete')) : patchList
  let p = 0
  let s = 0
  while (p < nonDelete.length && s < order.length) {
    if (isObject(nonDelete[p]) && Object.prototype.hasOwnProperty.call(nonDelete[p], DIRECTIVE)) {
      p++
      continue
    }
    if (mergeKeyValueEqual(nonDelete[p], order[s], mergeKey)) p++
    s++
  }
  if (p < nonDelete.length && s >= order.length) {
    throw internal(`The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ORDER} list:\n${goFormat(order)}\n`)
  }
}

function mergeKeyValueEqual(left: any, right: any, mergeKey: string): boolean {
  if (!mergeKey) return left === right
  if (!isObject(left) || !isObject(right)) return false
  if (!(mergeKey in left)) throw noMergeKey(left, mergeKey)
  if (!(mergeKey in right)) throw noMergeKey(right, mergeKey)
  return left[mergeKey] === right[mergeKey]
}

/** Kind shared by the elements of two lists; lists of lists are rejected as in apimachinery. */
export function elementKind(a: any[], b: any[]): 'object' | 'scalar' {
  let kind: string | undefined
  for (const v of [...a, ...b]) {
    const k = jsonKind(v)
    if (k === 'array') throw new PatchError('lists of lists are not supported', 422, 'Invalid')
    if (k === 'null') continue
    const norm = k === 'object' ? 'object' : 'scalar'
    if (kind !== undefined && kind !== norm) throw internal(`mismatched types in list: ${goFormat(a)} ${goFormat(b)}`)
    kind = norm
  }
  return kind === 'object' ? 'object' : 'scalar'
}

function mergeSlice(original: any[], patch: any[], field: PatchField, opts: MergeOptions, isDeleteList: boolean): any[] {
  if (original.length === 0 && patch.length === 0) return original
  const kind = elementKind(original, patch)
  const mergeKey = kind === 'object' ? field.mergeKey ?? '' : ''
  let merged: any[]
  let orig = original
  let pat = patch
  if (kind !== 'object') {
    if (opts.mergeParallelList && isDeleteList) return deleteFromSlice(original, patch)
    merged = dedupeScalars([...original, ...patch])
  } else {
    if (!mergeKey) throw internal('cannot merge lists without merge key for type struct')
    ;[orig, pat] = mergeSliceWithSpecialElements(original, patch, mergeKey)
    merged = mergeSliceWithoutSpecialElements(orig, pat, mergeKey, field.schema, opts)
  }
  const [patchItems, serverOnly] = mergeKey ? partitionMaps(merged, pat, mergeKey) : partitionPrimitives(merged, pat)
  return normalizeElementOrder(patchItems, serverOnly, pat, orig, mergeKey, kind)
}

function mergeSliceWithSpecialElements(original: any[], patch: any[], mergeKey: string): [any[], any[]] {
  const plain: any[] = []
  let replace = false
  let orig = original
  for (const v of patch) {
    if (!isObject(v) || !Object.prototype.hasOwnProperty.call(v, DIRECTIVE)) {
      plain.push(v)
      continue
    }
    const t = v[DIRECTIVE]
    if (t === 'delete') {
      if (!Object.prototype.hasOwnProperty.call(v, mergeKey)) throw noMergeKey(v, mergeKey)
      orig = orig.filter(o => !(isObject(o) && o[mergeKey] === v[mergeKey]))
    } else if (t === 'replace') {
      replace = true
    } else if (t === 'merge') {
      throw internal('merging lists cannot yet be specified in the patch')
    } else {
      throw internal(`unknown patch type: ${goFormat(t)} in map: ${goFormat(v)}`)
    }
  }
  return replace ? [plain, []] : [orig, plain]
}

function mergeSliceWithoutSpecialElements(original: any[], patch: any[], mergeKey: string, schema: PatchSchema | undefined, opts: MergeOptions): any[] {
  const out = [...original]
  for (const v of patch) {
    if (!isObject(v)) throw internal(`value for key ${mergeKey} is not a map.`)
    if (!Object.prototype.hasOwnProperty.call(v, mergeKey)) throw noMergeKey(v, mergeKey)
    const idx = out.findIndex(o => isObject(o) && Object.prototype.hasOwnProperty.call(o, mergeKey) && o[mergeKey] === v[mergeKey])
    if (idx >= 0) out[idx] = mergeMap(out[idx], v, schema, opts)
    else out.push(opts.mergeParallelList ? mergeMap({}, v, schema, opts) : v)
  }
  return out
}

function deleteFromSlice(current: any[], toDelete: any[]): any[] {
  const del = new Set(toDelete)
  return current.filter(v => !del.has(v))
}

function dedupeScalars(s: any[]): any[] {
  const seen = new Set<unknown>()
  return s.filter(v => (seen.has(v) ? false : (seen.add(v), true)))
}

function partitionPrimitives(list: any[], by: any[]): [any[], any[]] {
  const inPatch = new Set(by)
  const patch: any[] = []
  const server: any[] = []
  for (const v of list) (inPatch.has(v) ? patch : server).push(v)
  return [patch, server]
}

function partitionMaps(list: any[], by: any[], mergeKey: string): [any[], any[]] {
  const patch: any[] = []
  const server: any[] = []
  for (const v of list) {
    if (!isObject(v) || !Object.prototype.hasOwnProperty.call(v, mergeKey)) throw noMergeKey(v, mergeKey)
    const found = by.some(b => isObject(b) && b[mergeKey] === v[mergeKey])
    ;(found ? patch : server).push(v)
  }
  return [patch, server]
}

function indexIn(list: any[], item: any, mergeKey: string, kind: string): number {
  const val = (x: any) => (kind === 'object' ? (isObject(x) ? x[mergeKey] : undefined) : x)
  const target = val(item)
  for (let i = 0; i < list.length; i++) if (val(list[i]) === target) return i
  return -1
}

/** Sort toSort by the positions in order; elements with "$patch: delete" go last (apimachinery normalizeSliceOrder). */
export function normalizeSliceOrder(toSort: any[], order: any[], mergeKey: string, kind: string): any[] {
  let items = toSort
  let toDelete: any[] = []
  if (kind === 'object') {
    for (const list of [toSort, order]) for (const m of list) if (!isObject(m) || !Object.prototype.hasOwnProperty.call(m, mergeKey)) throw noMergeKey(m, mergeKey)
    items = toSort.filter(v => v[DIRECTIVE] !== 'delete')
    toDelete = toSort.filter(v => v[DIRECTIVE] === 'delete')
  }
  const keyed = items.map((v, i) => ({v, i, at: indexIn(order, v, mergeKey, kind)}))
  keyed.sort((a, b) => {
    if (a.at >= 0 && b.at >= 0) return a.at - b.at || a.i - b.i
    if (a.at >= 0) return -1
    if (b.at >= 0) return 1
    return a.i - b.i
  })
  return [...keyed.map(k => k.v), ...toDelete]
}

function normalizeElementOrder(patch: any[], serverOnly: any[], patchOrder: any[], serverOrder: any[], mergeKey: string, kind: string): any[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind)
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind)
  // Interleave server-only items into the patch items, keeping each side's relative order (mergeSortedSlice).
  const out: any[] = []
  let i = 0
  let j = 0
  while (i < s.length || j < p.length) {
    if (i >= s.length) out.push(p[j++])
    else if (j >= p.length) out.push(s[i++])
    else {
      const li = indexIn(serverOrder, s[i], mergeKey, kind)
      const ri = indexIn(serverOrder, p[j], mergeKey, kind)
      if (li >= 0 && ri >= 0 && li < ri) out.push(s[i++])
      else out.push(p[j++])
    }
  }
  return out
}
