// Merging an applied configuration into the live object and pruning fields, as structured-merge-diff does.
import {type PatchField, clone, isObject} from '../../lib/patch/index.js'
import {type Token, childField, itemToken, listTypeOf, splitPath} from './fieldpath.js'

/** Merge applied into live: granular maps and lists merge, atomic values are replaced; null removes. */
export function mergeApplied(live: unknown, applied: unknown, field: PatchField): unknown {
  if (applied === undefined) return clone(live)
  if (applied === null) return undefined
  if (live === undefined || live === null) return stripNulls(applied)
  if (isObject(live) && isObject(applied) && field.mapType !== 'atomic') {
    const out: Record<string, any> = {}
    for (const k of Object.keys(live)) out[k] = clone(live[k])
    for (const k of Object.keys(applied)) {
      const v = mergeApplied(live[k], applied[k], childField(field, 'f:' + k))
      if (v === undefined) delete out[k]
      else out[k] = v
    }
    return out
  }
  if (Array.isArray(live) && Array.isArray(applied) && listTypeOf(field) !== 'atomic') {
    return mergeList(live, applied, field)
  }
  return stripNulls(applied)
}

function stripNulls(v: unknown): unknown {
  if (isObject(v)) {
    const out: Record<string, any> = {}
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = stripNulls(x)
    return out
  }
  if (Array.isArray(v)) return v.map(stripNulls)
  return v
}

// structured-merge-diff's list merge: shared items follow the applied order, live-only items keep their place.
function mergeList(live: any[], applied: any[], field: PatchField): any[] {
  const lTok = live.map((x, i) => itemToken(x, i, field)!)
  const rTok = applied.map((x, i) => itemToken(x, i, field)!)
  const rSet = new Map(rTok.map((t, i) => [t, i]))
  const lSet = new Map(lTok.map((t, i) => [t, i]))
  const shared = rTok.filter(t => lSet.has(t))
  let nextShared = 0
  const merged = new Set<string>()
  const out: any[] = []
  const itemField = {schema: field.schema}
  let l = 0
  let r = 0
  while (l < live.length || r < applied.length) {
    if (l < live.length && r < applied.length) {
      if (lTok[l] === rTok[r]) {
        merged.add(rTok[r])
        out.push(mergeApplied(live[l], applied[r], itemField))
        if (shared[nextShared] === rTok[r]) nextShared++
        l++
        r++
        continue
      }
      if (rSet.has(lTok[l]) && nextShared < shared.length && shared[nextShared] !== lTok[l]) {
        l++
        continue
      }
    }
    if (l < live.length) {
      if (!rSet.has(lTok[l])) {
        out.push(clone(live[l]))
        l++
        continue
      }
      if (merged.has(lTok[l])) {
        l++
        continue
      }
    }
    if (r < applied.length) {
      const t = rTok[r]
      merged.add(t)
      const li = lSet.get(t)
      out.push(mergeApplied(li === undefined ? undefined : live[li], applied[r], itemField))
      if (shared[nextShared] === t) nextShared++
      r++
    } else {
      l++
    }
  }
  return out
}

/** Remove the value at a path (a field or a list item) from obj in place. */
export function removePath(obj: unknown, path: string, root: PatchField): void {
  const tokens = splitPath(path)
  let cur: unknown = obj
  let field = root
  for (let i = 0; i < tokens.length; i++) {
    const t: Token = tokens[i]
    const last = i === tokens.length - 1
    if (t.startsWith('f:')) {
      if (!isObject(cur)) return
      const name = t.slice(2)
      if (last) {
        delete cur[name]
        return
      }
      cur = cur[name]
    } else {
      if (!Array.isArray(cur)) return
      const list: any[] = cur
      const idx = list.findIndex((item, j) => itemToken(item, j, field) === t)
      if (idx < 0) return
      if (last) {
        list.splice(idx, 1)
        return
      }
      cur = list[idx]
    }
    field = childField(field, t)
  }
}
