// Field sets of objects and the comparison of two versions of an object, as structured-merge-diff computes them.
import {type PatchField, deepEqual, isObject} from '../../lib/patch/index.js'
import {type FieldSet, childField, itemToken, joinPath, listTypeOf} from './fieldpath.js'

const SEP = '\u0000'

// Fields never owned by anyone (apiserver stripmeta), plus the ones only the server itself sets.
const STRIPPED = new Set(
  [
    ['f:apiVersion'],
    ['f:kind'],
    ['f:metadata'],
    ['f:metadata', 'f:name'],
    ['f:metadata', 'f:namespace'],
    ['f:metadata', 'f:creationTimestamp'],
    ['f:metadata', 'f:selfLink'],
    ['f:metadata', 'f:uid'],
    ['f:metadata', 'f:clusterName'],
    ['f:metadata', 'f:generation'],
    ['f:metadata', 'f:managedFields'],
    ['f:metadata', 'f:resourceVersion'],
    ['f:metadata', 'f:deletionTimestamp'],
    ['f:metadata', 'f:deletionGracePeriodSeconds'],
  ].map(joinPath),
)
const MANAGED_FIELDS = joinPath(['f:metadata', 'f:managedFields'])
const STATUS = 'f:status'

/** Which part of the object a write may own: the main resource (everything but status) or the status subresource. */
export type Scope = 'main' | 'status'

/** Everything one walk over an object yields. */
export interface Walk {
  /** The field set, each member path with its value. */
  values: Map<string, unknown>
  /** Every map and list node reached (to tell whether a node existed before). */
  nodes: Set<string>
  /** Optional maps and lists (not always serialised by Go) with content: an update adding them owns them too. */
  optional: string[]
}

/** Walk an object the way typed ToFieldSet does: leaves, list items, empty maps and atomic values are members. */
export function walk(obj: unknown, root: PatchField, scope: Scope): Walk {
  const values = new Map<string, unknown>()
  const nodes = new Set<string>()
  const optional: string[] = []
  const add = (p: string, v: unknown) => {
    if (p === '' || STRIPPED.has(p)) return
    values.set(p, v)
  }
  const visit = (v: unknown, field: PatchField, p: string, viaField: boolean) => {
    if (isObject(v)) {
      const keys = Object.keys(v)
      if (field.mapType === 'atomic' || keys.length === 0) {
        add(p, v)
        return
      }
      nodes.add(p)
      if (viaField && p !== '' && !field.struct) optional.push(p)
      for (const k of keys) {
        const t = 'f:' + k
        const p2 = p === '' ? t : p + SEP + t
        if (p === '') {
          if ((scope === 'status') !== (t === STATUS)) continue
        }
        if (p2 === MANAGED_FIELDS) continue
        const child = v[k]
        if (child === null) add(p2, null)
        else visit(child, childField(field, t), p2, true)
      }
      return
    }
    if (Array.isArray(v)) {
      if (listTypeOf(field) === 'atomic') {
        add(p, v)
        return
      }
      nodes.add(p)
      if (viaField && v.length > 0 && !field.struct) optional.push(p)
      const itemField = {schema: field.schema}
      v.forEach((item, i) => {
        const p2 = p + SEP + itemToken(item, i, field)!
        add(p2, item)
        if (isObject(item)) visit(item, itemField, p2, false)
      })
      return
    }
    add(p, v)
  }
  visit(obj, root, '', false)
  return {values, nodes, optional}
}

/** Field set of an object (typed ToFieldSet). */
export function toFieldSet(obj: unknown, root: PatchField, scope: Scope): FieldSet {
  return new Set(walk(obj, root, scope).values.keys())
}

/** Paths a write changes (typed Compare: Added ∪ Modified) and paths it removes. */
export interface Comparison {
  changed: FieldSet
  removed: FieldSet
}

/** Compare two versions of an object; withOptional adds newly created optional maps/lists (Update semantics). */
export function compare(oldObj: unknown, newObj: unknown, root: PatchField, scope: Scope, withOptional = false): Comparison {
  const nw = walk(newObj, root, scope)
  const ow = oldObj === undefined ? undefined : walk(oldObj, root, scope)
  const changed: FieldSet = new Set()
  for (const [p, nv] of nw.values) {
    if (!ow || !ow.values.has(p)) {
      changed.add(p)
      continue
    }
    // List items with content carry their changes in their children.
    if (isObject(nv) && Object.keys(nv).length > 0 && p.slice(p.lastIndexOf(SEP) + 1).startsWith('k:')) continue
    if (!deepEqual(ow.values.get(p), nv)) changed.add(p)
  }
  if (withOptional) {
    for (const p of nw.optional) if (!STRIPPED.has(p) && !(ow && (ow.nodes.has(p) || ow.values.has(p)))) changed.add(p)
  }
  const removed: FieldSet = new Set()
  if (ow) for (const p of ow.values.keys()) if (!nw.values.has(p)) removed.add(p)
  return {changed, removed}
}
