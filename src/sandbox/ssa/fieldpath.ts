// Field paths and field sets of server-side apply (sigs.k8s.io/structured-merge-diff), in the FieldsV1 notation:
// `f:name` struct/map field, `k:{"name":"x"}` list-map item, `v:"x"` set item, `i:0` atomic-list index.
import {type PatchField, fieldOf, isObject} from '../../lib/patch/index.js'

/** One path element as written in FieldsV1, e.g. 'f:spec' or 'k:{"name":"nginx"}'. */
export type Token = string

/** A set of paths; each path is its tokens joined by SEP. */
export type FieldSet = Set<string>

const SEP = '\u0000'

/** Encode a path (tokens) as a set member. */
export function joinPath(tokens: Token[]): string {
  return tokens.join(SEP)
}

/** Decode a set member into tokens. */
export function splitPath(p: string): Token[] {
  return p === '' ? [] : p.split(SEP)
}

function sortedJson(o: Record<string, unknown>): string {
  const keys = Object.keys(o).sort()
  return '{' + keys.map(k => JSON.stringify(k) + ':' + JSON.stringify(o[k])).join(',') + '}'
}

/** Key fields identifying an item of an associative list, with schema defaults filled in. */
export function itemKey(item: unknown, field: PatchField): Record<string, unknown> | undefined {
  if (!isObject(item)) return undefined
  const keys = field.listMapKeys ?? (field.mergeKey ? [field.mergeKey] : [])
  if (keys.length === 0) return undefined
  const out: Record<string, unknown> = {}
  for (const k of keys) {
    const v = item[k] ?? field.keyDefaults?.[k]
    if (v === undefined || v === null) {
      // Optional key fields without a default are simply left out of the key, as structured-merge-diff does.
      continue
    }
    out[k] = v
  }
  return Object.keys(out).length > 0 ? out : undefined
}

/** The token of list element i of a granular list (list-map or set), or undefined when the list is atomic. */
export function itemToken(item: unknown, index: number, field: PatchField): Token | undefined {
  const lt = listTypeOf(field)
  if (lt === 'map') {
    const key = itemKey(item, field)
    return key ? 'k:' + sortedJson(key) : 'i:' + index
  }
  if (lt === 'set') return 'v:' + JSON.stringify(item)
  return undefined
}

/** x-kubernetes-list-type of a field (atomic when not declared). */
export function listTypeOf(field: PatchField): 'atomic' | 'set' | 'map' {
  return field.listType ?? 'atomic'
}

/** Human form of a path as kube-apiserver prints it in conflicts: .spec.containers[name="nginx"].image */
export function pathString(tokens: Token[]): string {
  let s = ''
  for (const t of tokens) {
    const kind = t.slice(0, 2)
    const rest = t.slice(2)
    if (kind === 'f:') s += '.' + rest
    else if (kind === 'k:') {
      const o = JSON.parse(rest) as Record<string, unknown>
      s += '[' + Object.keys(o).sort().map(k => `${k}=${JSON.stringify(o[k])}`).join(',') + ']'
    } else if (kind === 'v:') s += '[=' + rest + ']'
    else if (kind === 'i:') s += '[' + rest + ']'
  }
  return s
}

// structured-merge-diff PathElement order: field names, then keys, then values, then indices.
const RANK: Record<string, number> = {'f:': 0, 'k:': 1, 'v:': 2, 'i:': 3}

function compareJson(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const x = JSON.stringify(a)
  const y = JSON.stringify(b)
  return x < y ? -1 : x > y ? 1 : 0
}

const parsedKeys = new Map<string, Record<string, unknown>>()
function parseKey(s: string): Record<string, unknown> {
  let v = parsedKeys.get(s)
  if (!v) {
    if (parsedKeys.size > 10000) parsedKeys.clear()
    v = JSON.parse(s) as Record<string, unknown>
    parsedKeys.set(s, v)
  }
  return v
}

function compareKeys(a: string, b: string): number {
  const x = parseKey(a)
  const y = parseKey(b)
  const xk = Object.keys(x).sort()
  const yk = Object.keys(y).sort()
  for (let i = 0; i < Math.min(xk.length, yk.length); i++) {
    if (xk[i] !== yk[i]) return xk[i] < yk[i] ? -1 : 1
    const c = compareJson(x[xk[i]], y[yk[i]])
    if (c !== 0) return c
  }
  return xk.length - yk.length
}

/** Order of tokens in FieldsV1 output and in conflict listings. */
export function compareTokens(a: Token, b: Token): number {
  const ra = RANK[a.slice(0, 2)] ?? 9
  const rb = RANK[b.slice(0, 2)] ?? 9
  if (ra !== rb) return ra - rb
  if (a.startsWith('i:') && b.startsWith('i:')) return Number(a.slice(2)) - Number(b.slice(2))
  if (a.startsWith('k:')) return compareKeys(a.slice(2), b.slice(2))
  if (a.startsWith('v:')) return compareJson(JSON.parse(a.slice(2)), JSON.parse(b.slice(2)))
  return a < b ? -1 : a > b ? 1 : 0
}

/** Order of whole paths (element by element). */
export function comparePaths(a: Token[], b: Token[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareTokens(a[i], b[i])
    if (c !== 0) return c
  }
  return a.length - b.length
}

interface Node {
  member: boolean
  children: Map<Token, Node>
}

/** Serialise a field set as FieldsV1 JSON ('.' marks a member that also has children). */
export function toFieldsV1(set: FieldSet): Record<string, any> {
  const root: Node = {member: false, children: new Map()}
  for (const p of set) {
    let n = root
    for (const t of splitPath(p)) {
      let c = n.children.get(t)
      if (!c) {
        c = {member: false, children: new Map()}
        n.children.set(t, c)
      }
      n = c
    }
    n.member = true
  }
  const emit = (n: Node): Record<string, any> => {
    const out: Record<string, any> = {}
    if (n.member && n.children.size > 0) out['.'] = {}
    for (const t of [...n.children.keys()].sort(compareTokens)) out[t] = emit(n.children.get(t)!)
    return out
  }
  return emit(root)
}

/** Parse FieldsV1 JSON into a field set. */
export function fromFieldsV1(v1: unknown): FieldSet {
  const set: FieldSet = new Set()
  const walk = (o: Record<string, any>, path: Token[]) => {
    const keys = Object.keys(o)
    if (keys.length === 0 && path.length > 0) {
      set.add(joinPath(path))
      return
    }
    for (const k of keys) {
      if (k === '.') {
        if (path.length > 0) set.add(joinPath(path))
        continue
      }
      walk(isObject(o[k]) ? o[k] : {}, [...path, k])
    }
  }
  if (isObject(v1)) walk(v1, [])
  return set
}

/** Metadata of the field a token leads to, given the metadata of its parent. */
export function childField(parent: PatchField, token: Token): PatchField {
  if (token.startsWith('f:')) return fieldOf(parent.schema, token.slice(2))
  // List items share the element schema of the list.
  return {schema: parent.schema}
}

/** The value a path leads to in obj, or undefined when absent. */
export function valueAt(obj: unknown, tokens: Token[], root: PatchField): unknown {
  let cur: unknown = obj
  let field = root
  for (const t of tokens) {
    if (cur === undefined || cur === null) return undefined
    if (t.startsWith('f:')) {
      if (!isObject(cur)) return undefined
      const name = t.slice(2)
      if (!Object.prototype.hasOwnProperty.call(cur, name)) return undefined
      cur = cur[name]
    } else {
      if (!Array.isArray(cur)) return undefined
      const idx = cur.findIndex((item, i) => itemToken(item, i, field) === t || (t.startsWith('i:') && i === Number(t.slice(2))))
      if (idx < 0) return undefined
      cur = cur[idx]
    }
    field = childField(field, t)
  }
  return cur
}
