// Patch creation: what kubectl apply (three-way) and kubectl edit (two-way) send, after apimachinery's
// CreateThreeWayMergePatch / CreateTwoWayMergePatch (diffMaps, diffLists) and jsonmergepatch for unknown types.
import {PatchError} from './errors.js'
import {createMergePatch, createThreeWayJsonMergePatch} from './merge-patch.js'
import {type PatchField, type PatchSchema, fieldOf, splitStrategy} from './schema.js'
import {elementKind, mergeMap, noMergeKey, normalizeSliceOrder} from './strategic.js'
import {clone, deepEqual, goString, isObject, jsonKind} from './util.js'

interface DiffOptions {
  ignoreChangesAndAdditions?: boolean
  ignoreDeletions?: boolean
  setElementOrder?: boolean
  buildRetainKeys?: boolean
}

/** kubectl's precondition failure text (apply refuses to change identity fields). */
export const MSG_IDENTITY_CHANGED = 'At least one of apiVersion, kind and name was changed'

function sortScalars(list: any[]): any[] {
  return [...list].sort((a, b) => (goString(a) < goString(b) ? -1 : goString(a) > goString(b) ? 1 : 0))
}

function diffMaps(original: Record<string, any>, modified: Record<string, any>, schema: PatchSchema | undefined, opts: DiffOptions): Record<string, any> {
  const patch: Record<string, any> = {}
  const retainKeys: string[] = []
  for (const key of Object.keys(modified)) {
    const mv = modified[key]
    if (opts.buildRetainKeys && mv !== null) retainKeys.push(key)
    if (!Object.prototype.hasOwnProperty.call(original, key)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = clone(mv)
      continue
    }
    const ov = original[key]
    if (key === '$patch') {
      if (ov !== mv) patch[key] = mv
      continue
    }
    if (jsonKind(ov) !== jsonKind(mv)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = clone(mv)
      continue
    }
    const field = fieldOf(schema, key)
    if (isObject(mv)) diffMapField(key, ov, mv, patch, field, opts)
    else if (Array.isArray(mv)) diffSliceField(key, ov, mv, patch, field, opts)
    else if (!opts.ignoreChangesAndAdditions && !deepEqual(ov, mv)) patch[key] = mv
  }
  if (!opts.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!Object.prototype.hasOwnProperty.call(modified, key)) patch[key] = null
  }
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))) {
    patch['$retainKeys'] = sortScalars(retainKeys)
  }
  return patch
}

function hasAdditionalNewField(original: Record<string, any>, modified: Record<string, any>): boolean {
  for (const [k, v] of Object.entries(original)) {
    if (v === null) continue
    if (!Object.prototype.hasOwnProperty.call(modified, k)) return true
  }
  return false
}

function diffMapField(key: string, ov: Record<string, any>, mv: Record<string, any>, patch: Record<string, any>, field: PatchField, opts: DiffOptions): void {
  const {strategy, retainKeys} = splitStrategy(field.strategy)
  if (strategy === 'replace') {
    if (!opts.ignoreChangesAndAdditions) patch[key] = clone(mv)
    return
  }
  const sub = diffMaps(ov, mv, field.schema, {...opts, buildRetainKeys: retainKeys})
  if (Object.keys(sub).length > 0) patch[key] = sub
}

function diffSliceField(key: string, ov: any[], mv: any[], patch: Record<string, any>, field: PatchField, opts: DiffOptions): void {
  const {strategy, retainKeys} = splitStrategy(field.strategy)
  if (strategy !== 'merge') {
    if (!opts.ignoreChangesAndAdditions && !deepEqual(ov, mv)) patch[key] = clone(mv)
    return
  }
  const [add, del, order] = diffLists(ov, mv, field, {...opts, buildRetainKeys: retainKeys})
  if (add.length > 0) patch[key] = add
  if (del.length > 0) patch[`$deleteFromPrimitiveList/${key}`] = del
  if (order.length > 0) patch[`$setElementOrder/${key}`] = order
}

function diffLists(original: any[], modified: any[], field: PatchField, opts: DiffOptions): [any[], any[], any[]] {
  if (original.length === 0) {
    if (modified.length === 0 || opts.ignoreChangesAndAdditions) return [[], [], []]
    return [clone(modified), [], []]
  }
  const kind = elementKind(original, modified)
  const mergeKey = field.mergeKey ?? ''
  if (kind === 'object') {
    if (!mergeKey) throw new PatchError('cannot merge lists without merge key', 500, '')
    const [changes, deletions] = diffListsOfMaps(original, modified, field, mergeKey, opts)
    const patchList = [...normalizeSliceOrder(changes, modified, mergeKey, kind), ...deletions]
    const orderSame = isOrderSame(original, modified, mergeKey)
    let setOrder: any[] = []
    if (opts.setElementOrder && ((!opts.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) || (!opts.ignoreDeletions && patchList.length > 0))) {
      setOrder = modified.map(v => ({[mergeKey]: v[mergeKey]}))
    }
    return [patchList, [], setOrder]
  }
  const [add, del] = diffListsOfScalars(original, modified, opts)
  const patchList = normalizeSliceOrder(add, modified, '', kind)
  let setOrder: any[] = []
  if (opts.setElementOrder && ((!opts.ignoreDeletions && del.length > 0) || (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)))) {
    setOrder = [...modified]
  }
  return [patchList, del, setOrder]
}

function isOrderSame(original: any[], modified: any[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false
  return modified.every((m, i) => original[i][mergeKey] === m[mergeKey])
}

function byMergeKey(list: any[], mergeKey: string): any[] {
  for (const m of list) if (!isObject(m) || !Object.prototype.hasOwnProperty.call(m, mergeKey)) throw noMergeKey(m, mergeKey)
  return [...list].sort((a, b) => {
    const x = goString(a[mergeKey])
    const y = goString(b[mergeKey])
    return x < y ? -1 : x > y ? 1 : 0
  })
}

function diffListsOfMaps(original: any[], modified: any[], field: PatchField, mergeKey: string, opts: DiffOptions): [any[], any[]] {
  const patch: any[] = []
  const deletions: any[] = []
  const os = byMergeKey(original, mergeKey)
  const ms = byMergeKey(modified, mergeKey)
  let o = 0
  let m = 0
  while (o < os.length || m < ms.length) {
    const ostr = o < os.length ? goString(os[o][mergeKey]) : undefined
    const mstr = m < ms.length ? goString(ms[m][mergeKey]) : undefined
    if (ostr !== undefined && mstr !== undefined && ostr === mstr) {
      const sub = diffMaps(os[o], ms[m], field.schema, opts)
      if (Object.keys(sub).length > 0) {
        sub[mergeKey] = ms[m][mergeKey]
        patch.push(sub)
      }
      o++
      m++
    } else if (ostr === undefined || (mstr !== undefined && ostr > mstr)) {
      if (!opts.ignoreChangesAndAdditions) patch.push(clone(ms[m]))
      m++
    } else {
      if (!opts.ignoreDeletions) deletions.push({[mergeKey]: os[o][mergeKey], $patch: 'delete'})
      o++
    }
  }
  return [patch, deletions]
}

function diffListsOfScalars(original: any[], modified: any[], opts: DiffOptions): [any[], any[]] {
  const os = sortScalars(original)
  const ms = sortScalars(modified)
  const add: any[] = []
  const del: any[] = []
  let o = 0
  let m = 0
  while (o < os.length || m < ms.length) {
    const ostr = o < os.length ? goString(os[o]) : undefined
    const mstr = m < ms.length ? goString(ms[m]) : undefined
    if (ostr !== undefined && mstr !== undefined && ostr === mstr) {
      o++
      m++
    } else if (ostr === undefined || (mstr !== undefined && ostr > mstr)) {
      if (!opts.ignoreChangesAndAdditions) add.push(ms[m])
      m++
    } else {
      if (!opts.ignoreDeletions) del.push(os[o])
      o++
    }
  }
  const seen = new Set<unknown>()
  return [add, del.filter(v => (seen.has(v) ? false : (seen.add(v), true)))]
}

/** Recursively sort object keys, as Go's encoding/json writes maps (kubectl's PATCH bodies are byte-stable). */
export function sortKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(sortKeys) as unknown as T
  if (!isObject(v)) return v
  const out: Record<string, any> = {}
  for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as any)[k])
  return out as T
}

function checkIdentityUnchanged(patch: Record<string, any>): void {
  if ('apiVersion' in patch || 'kind' in patch || (isObject(patch.metadata) && 'name' in patch.metadata)) {
    throw new PatchError(MSG_IDENTITY_CHANGED, 0, '')
  }
}

/**
 * The patch `kubectl apply` sends: changes from current to modified, plus deletions of fields that were in original
 * (the last-applied configuration) and are gone from modified. schema undefined → three-way JSON merge patch.
 * Returns {} when nothing changes; keys are sorted like Go's encoder. Throws PatchError (identity changed, bad lists).
 */
export function createThreeWayMergePatch(original: any | undefined, modified: any, current: any, schema: PatchSchema | undefined): any {
  const orig = isObject(original) ? original : {}
  const mod = isObject(modified) ? modified : {}
  const cur = isObject(current) ? current : {}
  let patch: Record<string, any>
  if (!schema) {
    patch = createThreeWayJsonMergePatch(orig, mod, cur)
  } else {
    const delta = diffMaps(cur, mod, schema, {ignoreDeletions: true, setElementOrder: true})
    const deletions = diffMaps(orig, mod, schema, {ignoreChangesAndAdditions: true, setElementOrder: true})
    patch = mergeMap(deletions, delta, schema, {mergeParallelList: false, ignoreUnmatchedNulls: false})
  }
  checkIdentityUnchanged(patch)
  return sortKeys(patch)
}

/** The patch turning original into modified (kubectl edit / set / label): SMP with schema, JSON merge patch without. */
export function createTwoWayMergePatch(original: any, modified: any, schema: PatchSchema | undefined): any {
  const orig = isObject(original) ? original : {}
  const mod = isObject(modified) ? modified : {}
  const patch = schema ? diffMaps(orig, mod, schema, {setElementOrder: true}) : createMergePatch(orig, mod)
  return sortKeys(patch)
}
