// RFC 6902 JSON patch with the behaviour of gopkg.in/evanphx/json-patch.v4, which kube-apiserver uses:
// "replace" on a missing object key adds it, negative array indices count from the end, and every failure
// reaches the client as a 422 with the generic "rejected our request" message.
import {PatchError, unprocessable} from './errors.js'
import {clone, deepEqual, isObject} from './util.js'

type Container = Record<string, any> | any[]

function decodeToken(t: string): string {
  return t.replace(/~1/g, '/').replace(/~0/g, '~')
}

function parseIndex(key: string): number | undefined {
  // Go's strconv.Atoi: optional sign, decimal digits only.
  return /^[+-]?\d+$/.test(key) ? Number.parseInt(key, 10) : undefined
}

/** evanphx findObject: the container holding the last token, or undefined when a parent is missing. */
function findObject(root: {doc: any}, path: string): {con: Container; key: string} | undefined {
  const split = path.split('/')
  if (split.length < 2) return undefined
  let doc: any = root.doc
  for (const part of split.slice(1, -1)) {
    const next = get(doc, decodeToken(part))
    if (next === undefined || next === null || typeof next !== 'object') return undefined
    doc = next
  }
  if (typeof doc !== 'object' || doc === null) return undefined
  return {con: doc, key: decodeToken(split[split.length - 1])}
}

/** Container get; arrays throw the library's index errors, objects answer undefined for a missing key. */
function get(con: Container, key: string): any {
  if (!Array.isArray(con)) return Object.prototype.hasOwnProperty.call(con, key) ? con[key] : undefined
  const idx = parseIndex(key)
  if (idx === undefined) return undefined
  const i = idx < 0 ? idx + con.length : idx
  if (i < 0 || i >= con.length) return undefined
  return con[i]
}

function arrayIndexError(idx: number): string {
  return `Unable to access invalid index: ${idx}: invalid index referenced`
}

function arrayGet(con: any[], key: string): {value: any} | {error: string} {
  const idx = parseIndex(key)
  if (idx === undefined) return {error: `strconv.Atoi: parsing "${key}": invalid syntax`}
  let i = idx
  if (i < 0) {
    if (i < -con.length) return {error: arrayIndexError(idx)}
    i += con.length
  }
  if (i >= con.length) return {error: arrayIndexError(idx)}
  return {value: con[i]}
}

function conAdd(con: Container, key: string, val: any): string | undefined {
  if (!Array.isArray(con)) {
    con[key] = val
    return undefined
  }
  if (key === '-') {
    con.push(val)
    return undefined
  }
  const idx = parseIndex(key)
  if (idx === undefined) return `value was not a proper array index: '${key}': strconv.Atoi: parsing "${key}": invalid syntax`
  const size = con.length + 1
  if (idx >= size) return arrayIndexError(idx)
  let i = idx
  if (i < 0) {
    if (i < -size) return arrayIndexError(idx)
    i += size
  }
  con.splice(i, 0, val)
  return undefined
}

function conRemove(con: Container, key: string): string | undefined {
  if (!Array.isArray(con)) {
    if (!Object.prototype.hasOwnProperty.call(con, key)) return `Unable to remove nonexistent key: ${key}: missing value`
    delete con[key]
    return undefined
  }
  const idx = parseIndex(key)
  if (idx === undefined) return `strconv.Atoi: parsing "${key}": invalid syntax`
  if (idx >= con.length) return arrayIndexError(idx)
  let i = idx
  if (i < 0) {
    if (i < -con.length) return arrayIndexError(idx)
    i += con.length
  }
  con.splice(i, 1)
  return undefined
}

function conSet(con: Container, key: string, val: any): string | undefined {
  if (!Array.isArray(con)) {
    con[key] = val
    return undefined
  }
  const idx = parseIndex(key)
  if (idx === undefined) return `strconv.Atoi: parsing "${key}": invalid syntax`
  let i = idx
  if (i < 0) {
    if (i < -con.length) return arrayIndexError(idx)
    i += con.length
  }
  con[i] = val
  return undefined
}

function pathOf(op: Record<string, any>, field: 'path' | 'from'): string | undefined {
  const p = op[field]
  return typeof p === 'string' ? p : undefined
}

/** Apply an RFC 6902 patch; returns a new document and leaves doc untouched. Throws PatchError. */
export function applyJsonPatch(doc: any, ops: any[]): any {
  if (!Array.isArray(ops)) {
    throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch', 400, 'BadRequest')
  }
  const root = {doc: clone(doc)}
  for (const op of ops) {
    if (!isObject(op)) throw new PatchError('json: cannot unmarshal ' + (Array.isArray(op) ? 'array' : typeof op) + ' into Go value of type jsonpatch.Operation', 400, 'BadRequest')
    const err = applyOne(root, op)
    if (err) throw unprocessable(err)
  }
  return root.doc
}

function applyOne(root: {doc: any}, op: Record<string, any>): string | undefined {
  const kind = typeof op.op === 'string' ? op.op : 'unknown'
  const hasValue = Object.prototype.hasOwnProperty.call(op, 'value')
  const value = hasValue ? clone(op.value) : null
  switch (kind) {
    case 'add': {
      const path = pathOf(op, 'path')
      if (path === undefined) return 'add operation failed to decode path: missing value'
      const found = findObject(root, path)
      if (!found) return `add operation does not apply: doc is missing path: "${path}": missing value`
      const e = conAdd(found.con, found.key, value)
      return e && `error in add for path: '${path}': ${e}`
    }
    case 'remove': {
      const path = pathOf(op, 'path')
      if (path === undefined) return 'remove operation failed to decode path: missing value'
      const found = findObject(root, path)
      if (!found) return `remove operation does not apply: doc is missing path: "${path}": missing value`
      const e = conRemove(found.con, found.key)
      return e && `error in remove for path: '${path}': ${e}`
    }
    case 'replace': {
      const path = pathOf(op, 'path')
      if (path === undefined) return 'replace operation failed to decode path: missing value'
      if (path === '') {
        if (typeof value !== 'object' || value === null) return 'replace operation value must be object or array'
        root.doc = value
        return undefined
      }
      const found = findObject(root, path)
      if (!found) return `replace operation does not apply: doc is missing path: ${path}: missing value`
      if (Array.isArray(found.con) && 'error' in arrayGet(found.con, found.key)) {
        return `replace operation does not apply: doc is missing key: ${path}: missing value`
      }
      const e = conSet(found.con, found.key, value)
      return e && `error in remove for path: '${path}': ${e}`
    }
    case 'move': {
      const from = pathOf(op, 'from')
      if (from === undefined) return 'move operation failed to decode from: operation, missing from field: missing value'
      const src = findObject(root, from)
      if (!src) return `move operation does not apply: doc is missing from path: ${from}: missing value`
      let val: any
      if (Array.isArray(src.con)) {
        const g = arrayGet(src.con, src.key)
        if ('error' in g) return `error in move for path: '${src.key}': ${g.error}`
        val = g.value
      } else val = src.con[src.key]
      const re = conRemove(src.con, src.key)
      if (re) return `error in move for path: '${src.key}': ${re}`
      const path = pathOf(op, 'path')
      if (path === undefined) return 'move operation failed to decode path: operation missing path field: missing value'
      const dst = findObject(root, path)
      if (!dst) return `move operation does not apply: doc is missing destination path: ${path}: missing value`
      const ae = conAdd(dst.con, dst.key, val)
      return ae && `error in move for path: '${path}': ${ae}`
    }
    case 'test': {
      const path = pathOf(op, 'path')
      if (path === undefined) return 'test operation failed to decode path: operation missing path field: missing value'
      if (path === '') return deepEqual(root.doc, value) ? undefined : `testing value ${path} failed: test failed`
      const found = findObject(root, path)
      if (!found) return `test operation does not apply: is missing path: ${path}: missing value`
      let val: any
      if (Array.isArray(found.con)) {
        const g = arrayGet(found.con, found.key)
        if ('error' in g) return `error in test for path: '${path}': ${g.error}`
        val = g.value
      } else val = found.con[found.key]
      if (val === undefined || val === null) {
        return value === null ? undefined : `testing value ${path} failed: test failed`
      }
      return deepEqual(val, value) ? undefined : `testing value ${path} failed: test failed`
    }
    case 'copy': {
      const from = pathOf(op, 'from')
      if (from === undefined) return 'copy operation failed to decode from: operation, missing from field: missing value'
      const src = findObject(root, from)
      if (!src) return `copy operation does not apply: doc is missing from path: ${from}: missing value`
      let val: any
      if (Array.isArray(src.con)) {
        const g = arrayGet(src.con, src.key)
        if ('error' in g) return `error in copy for from: '${from}': ${g.error}`
        val = g.value
      } else val = src.con[src.key]
      const path = pathOf(op, 'path')
      if (path === undefined) return 'copy operation failed to decode path: missing value'
      const dst = findObject(root, path)
      if (!dst) return `copy operation does not apply: doc is missing destination path: ${path}: missing value`
      const ae = conAdd(dst.con, dst.key, clone(val === undefined ? null : val))
      return ae && `error while adding value during copy: ${ae}`
    }
    default:
      return `Unexpected kind: ${kind}`
  }
}
