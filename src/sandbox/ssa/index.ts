// Server-side apply and managedFields bookkeeping for the sandbox (kube-apiserver's fieldmanager, simplified).
import {type PatchField, patchSchemaFor} from '../../lib/patch/index.js'
import {ApiError, type KObject} from '../types.js'
import {type FieldSet, comparePaths, fromFieldsV1, joinPath, pathString, splitPath, toFieldsV1} from './fieldpath.js'
import {type Scope, compare, toFieldSet} from './fieldset.js'
import {mergeApplied, removePath} from './merge.js'

/** One metadata.managedFields entry. */
export interface ManagedFieldsEntry {
  manager: string
  operation: 'Apply' | 'Update'
  apiVersion: string
  time?: string
  fieldsType: 'FieldsV1'
  fieldsV1: Record<string, any>
  subresource?: string
}

interface Managed {
  entry: ManagedFieldsEntry
  set: FieldSet
  /** The decoded fieldsV1, reusable while the set is unchanged (encoding is the costly part). */
  raw?: Record<string, any>
}

/** Options of serverSideApply; now is for tests. */
export interface ApplyOptions {
  manager: string
  force: boolean
  subresource?: string
  now?: Date
}

function rootField(obj: {apiVersion?: string; kind?: string}): PatchField {
  const schema = patchSchemaFor(obj.apiVersion ?? '', obj.kind ?? '')
  return schema ? {schema} : {}
}

function timestamp(now: Date | undefined): string {
  return (now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function scopeOf(subresource: string | undefined): Scope {
  return subresource === 'status' ? 'status' : 'main'
}

// A manager's identity (BuildManagerIdentifier): appliers are the same whatever the apiVersion, updaters are not.
function identity(e: {manager: string; operation: string; apiVersion: string; subresource?: string}): string {
  return JSON.stringify([e.manager, e.operation, e.operation === 'Apply' ? '' : e.apiVersion, e.subresource ?? ''])
}

// Stands for a set that was not decoded because the write leaves it alone (its raw fieldsV1 is reused).
const LAZY: FieldSet = new Set(['\u0001'])

function rawEntries(obj: KObject | undefined): ManagedFieldsEntry[] {
  const raw = obj?.metadata?.managedFields
  return Array.isArray(raw) ? raw.filter(e => e && typeof e.manager === 'string') : []
}

// Whether a path is a member of a FieldsV1 tree, without decoding it.
function rawHas(v1: unknown, tokens: string[]): boolean {
  let node: any = v1
  for (const t of tokens) {
    if (!node || typeof node !== 'object') return false
    node = node[t]
  }
  if (!node || typeof node !== 'object') return false
  return Object.keys(node).length === 0 || '.' in node
}

function decode(obj: KObject | undefined): Managed[] {
  const raw = obj?.metadata?.managedFields
  if (!Array.isArray(raw)) return []
  return raw
    .filter(e => e && typeof e.manager === 'string')
    .map(e => ({entry: {...e}, set: fromFieldsV1(e.fieldsV1), raw: e.fieldsV1}))
}

function encode(managed: Managed[]): ManagedFieldsEntry[] {
  const out = managed
    .filter(m => m.set.size > 0)
    .map(m => {
      const e: ManagedFieldsEntry = {
        manager: m.entry.manager,
        operation: m.entry.operation,
        apiVersion: m.entry.apiVersion,
        ...(m.entry.time ? {time: m.entry.time} : {}),
        fieldsType: 'FieldsV1',
        fieldsV1: m.raw ?? toFieldsV1(m.set),
        ...(m.entry.subresource ? {subresource: m.entry.subresource} : {}),
      }
      return e
    })
  // kube-apiserver's sortEncodedManagedFields order.
  const secs = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0)
  out.sort((p, q) => {
    if (p.operation !== q.operation) return p.operation < q.operation ? -1 : 1
    if (secs(p.time) !== secs(q.time)) return secs(p.time) - secs(q.time)
    if (p.manager !== q.manager) return p.manager < q.manager ? -1 : 1
    if (p.apiVersion !== q.apiVersion) return p.apiVersion < q.apiVersion ? -1 : 1
    return (p.subresource ?? '') < (q.subresource ?? '') ? -1 : (p.subresource ?? '') > (q.subresource ?? '') ? 1 : 0
  })
  return out
}

function difference(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = new Set()
  for (const p of a) if (!b.has(p)) out.add(p)
  return out
}

function printManager(e: ManagedFieldsEntry): string {
  let s = JSON.stringify(e.manager)
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`
  if (e.operation === 'Update') s += ` using ${e.apiVersion}`
  return s
}

interface Conflict {
  manager: string
  path: string[]
}

function conflictError(conflicts: Conflict[]): ApiError {
  conflicts.sort((a, b) => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : comparePaths(a.path, b.path)))
  const causes = conflicts.map(c => ({reason: 'FieldManagerConflict', message: `conflict with ${c.manager}`, field: pathString(c.path)}))
  let message: string
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${conflicts[0].manager}: ${pathString(conflicts[0].path)}`
  } else {
    const lines: string[] = []
    let last: string | undefined
    for (const c of conflicts) {
      if (c.manager !== last) lines.push(`conflicts with ${c.manager}:`)
      last = c.manager
      lines.push(`- ${pathString(c.path)}`)
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`
  }
  return new ApiError(409, 'Conflict', message, {causes})
}

// An object written before any field tracking (no managedFields) belongs to "before-first-apply" on its first apply.
function beforeFirstApply(live: KObject, root: PatchField, scope: Scope, time: string): Managed[] {
  const set = toFieldSet(live, root, scope)
  if (set.size === 0) return []
  return [{entry: {manager: 'before-first-apply', operation: 'Update', apiVersion: live.apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: {}}, set}]
}

/**
 * Server-side apply (PATCH application/apply-patch+yaml): merge applied into live, prune what this manager applied
 * before and no longer applies, move ownership, record managedFields. Throws ApiError 409 Conflict when another
 * manager owns a field whose value would change (unless force). Does not mutate its inputs.
 */
export function serverSideApply(live: KObject | undefined, applied: KObject, opts: ApplyOptions): KObject {
  const root = rootField(applied)
  const scope = scopeOf(opts.subresource)
  const time = timestamp(opts.now)
  const cfg: KObject = {...applied, metadata: {...(applied.metadata ?? {})}}
  delete cfg.metadata.managedFields
  const appliedSet = toFieldSet(cfg, root, scope)
  const self = {manager: opts.manager, operation: 'Apply' as const, apiVersion: applied.apiVersion, subresource: opts.subresource}
  const selfId = identity(self)

  if (!live) {
    const created = mergeApplied(undefined, cfg, root) as KObject
    created.metadata = {...created.metadata, managedFields: encode([{entry: {...self, time, fieldsType: 'FieldsV1', fieldsV1: {}}, set: appliedSet}])}
    return created
  }

  let managed = decode(live)
  if (managed.length === 0) managed = beforeFirstApply(live, root, scope, time)
  const liveBody: KObject = {...live, metadata: {...live.metadata}}
  delete liveBody.metadata.managedFields

  const merged = mergeApplied(liveBody, cfg, root) as KObject
  const previous = managed.find(m => identity(m.entry) === selfId)
  if (previous) {
    // Prune what this manager applied last time and no longer applies, unless someone else still owns it.
    const others = new Set<string>()
    for (const m of managed) if (m !== previous) for (const p of m.set) others.add(p)
    const owned = [...others]
    const gone = [...difference(previous.set, appliedSet)].filter(p => !others.has(p) && !owned.some(o => o.startsWith(p + '\u0000')))
    // Whole items first: removing their fields first would leave items that can no longer be identified.
    gone.sort((a, b) => splitPath(a).length - splitPath(b).length)
    for (const p of gone) removePath(merged, p, root)
  }

  const {changed, removed} = compare(liveBody, merged, root, scope)
  const conflicts: Conflict[] = []
  for (const m of managed) {
    if (identity(m.entry) === selfId) continue
    for (const p of m.set) if (changed.has(p)) conflicts.push({manager: printManager(m.entry), path: splitPath(p)})
  }
  if (conflicts.length > 0 && !opts.force) throw conflictError(conflicts)

  const objectChanged = changed.size > 0 || removed.size > 0
  const next: Managed[] = []
  for (const m of managed) {
    if (identity(m.entry) === selfId) continue
    const set = difference(difference(m.set, changed), removed)
    next.push({entry: m.entry, set, raw: set.size === m.set.size ? m.raw : undefined})
  }
  const prevTime = previous?.entry.time
  next.push({entry: {...self, time: objectChanged || !prevTime ? time : prevTime, fieldsType: 'FieldsV1', fieldsV1: {}}, set: appliedSet})
  merged.metadata = {...merged.metadata, managedFields: encode(next)}
  return merged
}

/**
 * Record managedFields for a non-apply write (create, update, patch) of obj over old (undefined on create), in place
 * on obj: the manager gains the fields it added or changed, everybody loses the fields it changed or removed.
 * Non-empty managedFields sent by the client on the main resource replace the live ones first, as kube-apiserver
 * allows (kubectl's client-side to server-side apply migration patches them); otherwise old's are the base.
 */
export function updateManagedFields(old: KObject | undefined, obj: KObject, manager: string, operation: 'Update' | 'Apply', subresource?: string): void {
  const root = rootField(obj)
  const scope = scopeOf(subresource)
  const sent = obj.metadata?.managedFields
  const provided = !subresource && Array.isArray(sent) && sent.length > 0
  const {changed, removed} = compare(old ? stripManaged(old) : undefined, stripManaged(obj), root, scope, true)
  if (changed.size === 0 && removed.size === 0) {
    const keep = provided ? encode(decode(obj)) : old?.metadata?.managedFields
    if (keep && keep.length > 0) obj.metadata.managedFields = keep
    else delete obj.metadata.managedFields
    return
  }
  const selfId = identity({manager, operation, apiVersion: obj.apiVersion, subresource})
  const touched = [...changed, ...removed].map(splitPath)
  const next: Managed[] = []
  let mine: FieldSet = new Set()
  let mineEntry: ManagedFieldsEntry | undefined
  for (const e of rawEntries(provided ? obj : old)) {
    const isSelf = identity(e) === selfId
    // Entries this write does not touch are kept as they are, without decoding them.
    if (!isSelf && !touched.some(t => rawHas(e.fieldsV1, t))) {
      next.push({entry: e, set: LAZY, raw: e.fieldsV1})
      continue
    }
    const full = fromFieldsV1(e.fieldsV1)
    const set = difference(difference(full, changed), removed)
    if (isSelf) {
      mine = set
      mineEntry = e
      continue
    }
    next.push({entry: e, set, raw: set.size === full.size ? e.fieldsV1 : undefined})
  }
  for (const p of changed) mine.add(p)
  const base: ManagedFieldsEntry = mineEntry ?? {manager, operation, apiVersion: obj.apiVersion, fieldsType: 'FieldsV1', fieldsV1: {}, ...(subresource ? {subresource} : {})}
  next.push({entry: {...base, time: timestamp(undefined)}, set: mine})
  const encoded = encode(next)
  if (encoded.length > 0) obj.metadata.managedFields = encoded
  else delete obj.metadata.managedFields
}

function stripManaged(o: KObject): KObject {
  const c: KObject = {...o, metadata: {...o.metadata}}
  delete c.metadata.managedFields
  return c
}

export {toFieldsV1, fromFieldsV1, pathString, joinPath}
