// SandboxApi: kube-apiserver semantics over the durable store (identity fields, conflicts, finalizers,
// graceful deletion, garbage collection, subresources, CRDs, selectors, chunking, watch, events).
import {randomBytes, randomUUID} from 'node:crypto'
import yaml from 'js-yaml'
import * as kinds from '../kinds/index.js'
import * as patchLib from '../../lib/patch/index.js'
import {goFormat} from '../../lib/patch/index.js'
import * as ssa from '../ssa/index.js'
import {Store, TooOldError, type StoreEvent} from '../store/index.js'
import {
  ApiError,
  GVRS,
  type DeleteOptions,
  type GVR,
  type KObject,
  type ListOptions,
  type ResourceInfo,
  type SandboxApi,
  type WatchEvent,
  type WriteOptions,
} from '../types.js'
import {alreadyExists, badRequest, conflict, invalid, notFound, notServed, qualifiedResource, staleConflict} from './errors.js'
import {matchLabels, parseFieldSelector, parseLabelSelector, selectorToRequirements, selectorToString, type FieldRequirement} from './selectors.js'
import {unknownFields, validateCustomResource} from './schema.js'

export {qualifiedResource} from './errors.js'

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

/** RFC 3339 with seconds, as kube-apiserver writes metav1.Time. */
export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Deep copy of plain JSON. */
export function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v))
}

/** kube's generateName suffix: 5 characters from its consonant/digit alphabet. */
export function randomSuffix(n = 5): string {
  const bytes = randomBytes(n)
  let s = ''
  for (let i = 0; i < n; i++) s += NAME_ALPHABET[bytes[i] % NAME_ALPHABET.length]
  return s
}

function groupVersion(gvr: {group: string; version: string}): string {
  return gvr.group ? `${gvr.group}/${gvr.version}` : gvr.version
}

// Types whose strategies maintain metadata.generation in kube-apiserver.
const GENERATION_TYPES = new Set([
  'apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'apps/daemonsets', 'batch/jobs', 'batch/cronjobs',
  'policy/poddisruptionbudgets', '/replicationcontrollers', 'apiextensions.k8s.io/customresourcedefinitions',
  'networking.k8s.io/ingresses', 'networking.k8s.io/networkpolicies', 'autoscaling/horizontalpodautoscalers',
])

// Virtual resources that are answered, never stored.
const REVIEW_RESOURCES: ResourceInfo[] = [
  {group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', singular: 'selfsubjectaccessreview', namespaced: false, shortNames: [], categories: [], verbs: ['create'], subresources: []},
  {group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview', singular: 'selfsubjectrulesreview', namespaced: false, shortNames: [], categories: [], verbs: ['create'], subresources: []},
  {group: 'authorization.k8s.io', version: 'v1', resource: 'subjectaccessreviews', kind: 'SubjectAccessReview', singular: 'subjectaccessreview', namespaced: false, shortNames: [], categories: [], verbs: ['create'], subresources: []},
  {group: 'authentication.k8s.io', version: 'v1', resource: 'selfsubjectreviews', kind: 'SelfSubjectReview', singular: 'selfsubjectreview', namespaced: false, shortNames: [], categories: [], verbs: ['create'], subresources: []},
]

/** Options for the API. */
export interface ApiOptions {
  /** gitVersion the server reports (affects a few version-dependent defaults). */
  version?: string
  log?: (line: string) => void
  /** The user the review endpoints report. */
  user?: {username: string; groups: string[]}
}

/** Result of a patch: whether it created the object (server-side apply on a missing object). */
export interface PatchResult {
  obj: KObject
  created: boolean
}

/** The SandboxApi implementation. */
export class Api implements SandboxApi {
  /** Set by main when kubelets run: pods bound to a node then wait for their kubelet to finish graceful deletion. */
  kubeletsActive = false
  private builtins: ResourceInfo[]
  private crdResources = new Map<string, ResourceInfo[]>()
  private all: ResourceInfo[] = []
  private byGR = new Map<string, ResourceInfo>()
  private eventIndex = new Map<string, {namespace: string; name: string}>()
  private gcPending = new Set<string>()
  private gcScheduled = false
  private readonly log: (line: string) => void
  private readonly minor: number
  readonly user: {username: string; groups: string[]}

  constructor(readonly store: Store, opts: ApiOptions = {}) {
    this.log = opts.log ?? (() => {})
    this.minor = Number(/^v?\d+\.(\d+)/.exec(opts.version ?? 'v1.33.1')?.[1] ?? 33)
    this.user = opts.user ?? {username: 'kctl-admin', groups: ['system:masters', 'system:authenticated']}
    this.builtins = kinds.builtinResources()
    for (const r of REVIEW_RESOURCES) if (!this.builtins.some((b) => b.group === r.group && b.resource === r.resource)) this.builtins.push(r)
    for (const crd of store.peekAll('apiextensions.k8s.io', 'customresourcedefinitions')) {
      if (!crd.metadata.deletionTimestamp) this.registerCRD(crd)
    }
    this.rebuildIndex()
    this.buildIndexes()
    store.subscribe((ev) => this.onStoreEvent(ev))
    // finish work a crash may have interrupted (finalizers, namespaces, GC)
    setImmediate(() => this.resumePending())
    // kube-apiserver keeps Events for an hour (--event-ttl)
    this.eventTimer = setInterval(() => this.expireEvents(), 5 * 60 * 1000)
    this.eventTimer.unref()
  }

  private eventTimer: NodeJS.Timeout
  private lastEventNanos = 0n

  /** Stops background timers (the store stays open). */
  close(): void {
    clearInterval(this.eventTimer)
  }

  private expireEvents(ttlMs = 60 * 60 * 1000): void {
    const cutoff = Date.now() - ttlMs
    for (const ev of this.store.peekAll('', 'events')) {
      const last = Date.parse(ev.lastTimestamp ?? ev.eventTime ?? ev.metadata.creationTimestamp ?? '')
      if (Number.isFinite(last) && last < cutoff) {
        try {
          this.store.remove('', 'events', clone(ev))
        } catch (e) {
          this.log(`event ttl: ${(e as Error).message}`)
        }
      }
    }
  }

  // ---------------------------------------------------------------- resource registry

  private rebuildIndex(): void {
    this.all = [...this.builtins, ...[...this.crdResources.values()].flat()]
    this.byGR.clear()
    for (const r of this.all) {
      const k = `${r.group}/${r.resource}`
      if (!this.byGR.has(k)) this.byGR.set(k, r)
    }
  }

  private registerCRD(crd: KObject): void {
    try {
      this.crdResources.set(crd.metadata.name!, kinds.resourcesFromCRD(crd))
    } catch (e) {
      this.log(`crd ${crd.metadata.name}: ${(e as Error).message}`)
    }
  }

  resources(): ResourceInfo[] {
    return this.all
  }

  resourceFor(group: string, resource: string): ResourceInfo | undefined {
    return this.byGR.get(`${group}/${resource}`)
  }

  /** All served versions of one group/resource (CRDs can serve several). */
  resourceVersions(group: string, resource: string): ResourceInfo[] {
    return this.all.filter((r) => r.group === group && r.resource === resource)
  }

  /** The CRD object that defines a group/resource, if any. */
  crdFor(group: string, resource: string): KObject | undefined {
    return this.store.peek('apiextensions.k8s.io', 'customresourcedefinitions', undefined, `${resource}.${group}`)
  }

  private info(gvr: GVR): ResourceInfo {
    const exact = this.all.find((r) => r.group === gvr.group && r.resource === gvr.resource && r.version === gvr.version)
    const info = exact ?? this.resourceFor(gvr.group, gvr.resource)
    if (!info) throw notServed()
    return info
  }

  private isReview(info: ResourceInfo): boolean {
    return REVIEW_RESOURCES.some((r) => r.group === info.group && r.resource === info.resource)
  }

  // ---------------------------------------------------------------- reads

  get(gvr: GVR, namespace: string | undefined, name: string): KObject {
    const info = this.info(gvr)
    const o = this.store.peek(info.group, info.resource, info.namespaced ? namespace : undefined, name)
    if (!o) throw notFound(info, name)
    return this.present(info, gvr, clone(o))
  }

  tryGet(gvr: GVR, namespace: string | undefined, name: string): KObject | undefined {
    const info = this.info(gvr)
    const o = this.store.peek(info.group, info.resource, info.namespaced ? namespace : undefined, name)
    return o ? this.present(info, gvr, clone(o)) : undefined
  }

  /** The stored object, shared (read-only use by the HTTP layer). */
  peek(gvr: GVR, namespace: string | undefined, name: string): KObject | undefined {
    const info = this.info(gvr)
    return this.store.peek(info.group, info.resource, info.namespaced ? namespace : undefined, name)
  }

  // CRs stored under one version are served under every version (no conversion webhooks: only apiVersion changes).
  private present(info: ResourceInfo, gvr: GVR, o: KObject): KObject {
    if (gvr.version && info.group && o.apiVersion !== `${info.group}/${gvr.version}` && this.crdFor(info.group, info.resource)) {
      o.apiVersion = `${info.group}/${gvr.version}`
    }
    return o
  }

  list(gvr: GVR, opts: ListOptions = {}): {items: KObject[]; resourceVersion: string; continue?: string; remainingItemCount?: number} {
    const r = this.listShared(gvr, opts)
    const info = this.info(gvr)
    return {...r, items: r.items.map((o) => this.present(info, gvr, clone(o)))}
  }

  /** list without copying: the HTTP layer only serialises the result. */
  listShared(gvr: GVR, opts: ListOptions = {}): {items: KObject[]; resourceVersion: string; continue?: string; remainingItemCount?: number} {
    const info = this.info(gvr)
    const labelReqs = parseLabelSelector(opts.labelSelector)
    const fieldReqs = this.checkFieldSelector(info, opts.fieldSelector)
    const ns = info.namespaced ? opts.namespace || undefined : undefined
    let items = this.store.peekAll(info.group, info.resource, ns)
    if (labelReqs.length > 0 || fieldReqs.length > 0) {
      items = items.filter((o) => matchLabels(labelReqs, o.metadata.labels) && this.matchFields(info, fieldReqs, o))
    }
    const rv = String(this.store.currentRv())
    let start = 0
    if (opts.continue) {
      let tok: {k: string; rv: string}
      try {
        tok = JSON.parse(Buffer.from(opts.continue, 'base64').toString('utf8'))
      } catch {
        throw badRequest('continue key is not valid: illegal base64 data at input byte 0')
      }
      const key = (o: KObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`
      start = items.findIndex((o) => key(o) > tok.k)
      if (start < 0) start = items.length
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0
    if (!limit) return {items: start ? items.slice(start) : items, resourceVersion: rv}
    const page = items.slice(start, start + limit)
    const remaining = items.length - start - page.length
    if (remaining <= 0) return {items: page, resourceVersion: rv}
    const last = page[page.length - 1]
    const cont = Buffer.from(JSON.stringify({k: `${last.metadata.namespace ?? ''}/${last.metadata.name}`, rv})).toString('base64')
    return {items: page, resourceVersion: rv, continue: cont, remainingItemCount: remaining}
  }

  private checkFieldSelector(info: ResourceInfo, sel: string | undefined): FieldRequirement[] {
    const reqs = parseFieldSelector(sel)
    for (const r of reqs) {
      if (r.field === 'metadata.name' || r.field === 'metadata.namespace') continue
      const probe: KObject = {apiVersion: groupVersion(info), kind: info.kind, metadata: {name: ''}}
      if (kinds.fieldSelectorValue(info, probe, r.field) === undefined) {
        throw badRequest(`field label not supported: ${r.field}`)
      }
    }
    return reqs
  }

  private matchFields(info: ResourceInfo, reqs: FieldRequirement[], o: KObject): boolean {
    for (const r of reqs) {
      let v: string | undefined
      if (r.field === 'metadata.name') v = o.metadata.name ?? ''
      else if (r.field === 'metadata.namespace') v = o.metadata.namespace ?? ''
      else v = kinds.fieldSelectorValue(info, o, r.field) ?? ''
      if (r.op === '=' ? v !== r.value : v === r.value) return false
    }
    return true
  }

  // ---------------------------------------------------------------- create

  create(gvr: GVR, obj: KObject, opts: WriteOptions = {}): KObject {
    return this.createInternal(gvr, obj, opts)
  }

  /** Creates an object exactly as given (no defaulting or validation): for what kube-apiserver makes itself. */
  createSystem(gvr: GVR, obj: KObject, opts: WriteOptions = {}): KObject {
    return this.createInternal(gvr, obj, {...opts, system: true})
  }

  private createInternal(gvr: GVR, input: KObject, opts: WriteOptions & {system?: boolean}): KObject {
    const info = this.info(gvr)
    if (!info.verbs.includes('create')) throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`)
    const obj = clone(input)
    if (this.isReview(info)) return this.review(info, obj)
    obj.apiVersion = groupVersion({group: info.group, version: gvr.version || info.version})
    obj.kind = info.kind
    obj.metadata = obj.metadata ?? {}
    const meta = obj.metadata
    if (info.namespaced) meta.namespace = meta.namespace || 'default'
    else delete meta.namespace
    if (!meta.name) {
      if (meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`
      else {
        throw invalid(info, '', [{reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name'}])
      }
    }
    this.checkUnknownFields(info, obj, opts)
    if (info.namespaced) this.checkNamespaceWritable(info, meta.namespace!, meta.name)
    if (this.store.peek(info.group, info.resource, meta.namespace, meta.name)) throw alreadyExists(info, meta.name)
    meta.uid = randomUUID()
    meta.creationTimestamp = now()
    delete meta.resourceVersion
    delete meta.deletionTimestamp
    delete meta.deletionGracePeriodSeconds
    delete meta.selfLink
    if (this.hasGeneration(info)) meta.generation = 1
    else delete meta.generation
    if (meta.finalizers && meta.finalizers.length === 0) delete meta.finalizers
    if (meta.ownerReferences && meta.ownerReferences.length === 0) delete meta.ownerReferences
    const crd = this.crdFor(info.group, info.resource)
    if (crd) {
      if (this.crdHasStatus(crd, info.version)) delete obj.status
      validateCustomResource(crd, info, obj, opts)
    } else if (!opts.system) {
      kinds.prepareForCreate(info, obj, {api: this})
      const err = kinds.validate(info, obj)
      if (err) throw err
    }
    if (info.group === 'apiextensions.k8s.io' && info.resource === 'customresourcedefinitions') this.prepareCRD(obj)
    if (!opts.dryRun && !(input as any).__skipManaged) {
      ssa.updateManagedFields(undefined, obj, opts.fieldManager || defaultManager(), 'Update')
    }
    if (opts.dryRun) return obj
    const stored = this.store.put(info.group, info.resource, obj, 'ADDED')
    return clone(stored)
  }

  private hasGeneration(info: ResourceInfo): boolean {
    if (GENERATION_TYPES.has(`${info.group}/${info.resource}`)) return true
    if (info.group === '' && info.resource === 'pods') return this.minor >= 33
    return !!this.crdFor(info.group, info.resource)
  }

  private checkNamespaceWritable(info: ResourceInfo, ns: string, name: string): void {
    const nsObj = this.store.peek('', 'namespaces', undefined, ns)
    if (!nsObj) throw new ApiError(404, 'NotFound', `namespaces "${ns}" not found`, {name: ns, kind: 'namespaces'})
    if (nsObj.metadata.deletionTimestamp || nsObj.status?.phase === 'Terminating') {
      throw new ApiError(403, 'Forbidden', `${qualifiedResource(info)} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`, {
        name,
        ...(info.group ? {group: info.group} : {}),
        kind: info.resource,
        causes: [{reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace'}],
      })
    }
  }

  /**
   * fieldValidation: Strict fails, Warn adds warnings. kube-apiserver words the failure per handler: create/update
   * go through transformDecodeError, strategic merge patches report an Invalid "patch" field, the others a bare 400.
   */
  private checkUnknownFields(info: ResourceInfo, obj: KObject, opts: WriteOptions, how: 'decode' | 'smp' | 'patch' = 'decode', patch?: unknown): void {
    const mode = opts.fieldValidation ?? 'Ignore'
    if (mode === 'Ignore') return
    const unknown = unknownFields(info, obj, this.crdFor(info.group, info.resource))
    if (unknown.length === 0) return
    if (mode === 'Strict') {
      const strict = `strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`
      if (how === 'decode') {
        const kind = obj.kind || info.kind
        const version = String(obj.apiVersion || info.version).split('/').pop()
        throw badRequest(`${kind} in version "${version}" cannot be handled as a ${info.kind}: ${strict}`)
      }
      if (how === 'smp') {
        // kube echoes the patch here; for Secrets that would leak data, so their values are left out
        const value = JSON.stringify(info.group === '' && info.resource === 'secrets' ? 'map[...]' : goFormat(patch))
        throw new ApiError(422, 'Invalid', ` "" is invalid: patch: Invalid value: ${value}: ${strict}`, {
          causes: [{reason: 'FieldValueInvalid', message: `Invalid value: ${value}: ${strict}`, field: 'patch'}],
        })
      }
      throw badRequest(strict)
    }
    opts.warnings = opts.warnings ?? []
    for (const f of unknown) opts.warnings.push(`unknown field "${f}"`)
  }

  // ---------------------------------------------------------------- reviews (never stored)

  private review(info: ResourceInfo, obj: KObject): KObject {
    obj.apiVersion = groupVersion(info)
    obj.kind = info.kind
    obj.metadata = {creationTimestamp: null as any, ...(obj.metadata ?? {})}
    const masters = this.user.groups.includes('system:masters')
    switch (info.resource) {
      case 'selfsubjectaccessreviews':
      case 'subjectaccessreviews':
        obj.status = masters ? {allowed: true} : {allowed: false}
        break
      case 'selfsubjectrulesreviews':
        obj.status = {
          resourceRules: [
            {verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']},
            {verbs: ['*'], apiGroups: ['*'], resources: ['*']},
          ],
          nonResourceRules: [{verbs: ['*'], nonResourceURLs: ['*']}],
          incomplete: false,
        }
        break
      case 'selfsubjectreviews':
        obj.status = {userInfo: {username: this.user.username, groups: this.user.groups}}
        break
    }
    return obj
  }

  // ---------------------------------------------------------------- update

  update(gvr: GVR, obj: KObject, opts: WriteOptions & {subresource?: string} = {}): KObject {
    const info = this.info(gvr)
    if (opts.subresource === 'scale') return this.updateScale(gvr, obj.metadata?.namespace, obj.metadata?.name ?? '', obj, opts)
    const ns = info.namespaced ? obj.metadata?.namespace || 'default' : undefined
    const name = obj.metadata?.name ?? ''
    const old = this.store.peek(info.group, info.resource, ns, name)
    if (!old) throw notFound(info, name)
    const rv = obj.metadata?.resourceVersion
    if (rv && rv !== old.metadata.resourceVersion) throw staleConflict(info, name)
    if (!rv && !this.allowUnconditionalUpdate(info)) {
      throw invalid(info, name, [{reason: 'FieldValueRequired', message: 'Invalid value: 0: must be specified for an update', field: 'metadata.resourceVersion'}])
    }
    this.checkUnknownFields(info, obj, opts)
    return this.commitUpdate(info, old, clone(obj), {...opts, operation: 'Update'})
  }

  // kube-apiserver lets most built-in types be updated without a resourceVersion (last write wins); CRs too.
  private allowUnconditionalUpdate(_info: ResourceInfo): boolean {
    return true
  }

  /**
   * The shared tail of update/patch/mutate: keeps identity fields, applies main-resource vs status rules, bumps
   * generation, defaults, validates, records managedFields and writes (no write when nothing changed).
   */
  private commitUpdate(
    info: ResourceInfo,
    old: KObject,
    next: KObject,
    opts: WriteOptions & {subresource?: string; operation: 'Update' | 'Apply' | 'Internal'},
  ): KObject {
    next.apiVersion = old.apiVersion
    next.kind = old.kind
    next.metadata = next.metadata ?? {}
    const meta = next.metadata
    const om = old.metadata
    meta.name = om.name
    if (om.namespace !== undefined) meta.namespace = om.namespace
    else delete meta.namespace
    meta.uid = om.uid
    meta.creationTimestamp = om.creationTimestamp
    if (om.deletionTimestamp) {
      meta.deletionTimestamp = om.deletionTimestamp
      if (om.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = om.deletionGracePeriodSeconds
    } else {
      delete meta.deletionTimestamp
      delete meta.deletionGracePeriodSeconds
    }
    if (meta.generateName === undefined && om.generateName !== undefined) meta.generateName = om.generateName
    delete meta.selfLink
    if (meta.finalizers && meta.finalizers.length === 0) delete meta.finalizers
    if (meta.ownerReferences && meta.ownerReferences.length === 0) delete meta.ownerReferences
    if (meta.labels && Object.keys(meta.labels).length === 0) delete meta.labels
    if (meta.annotations && Object.keys(meta.annotations).length === 0) delete meta.annotations
    const crd = this.crdFor(info.group, info.resource)
    const hasStatusSub = crd ? this.crdHasStatus(crd, info.version) : info.subresources.includes('status')
    if (opts.subresource === 'status') {
      // the status subresource changes only status (and metadata), never spec
      const keepStatus = next.status
      const rebuilt: KObject = {...clone(old), metadata: meta}
      if (keepStatus === undefined) delete rebuilt.status
      else rebuilt.status = keepStatus
      next = rebuilt
    } else if (hasStatusSub && opts.operation !== 'Internal') {
      if (old.status === undefined) delete next.status
      else next.status = clone(old.status)
    }
    if (this.hasGeneration(info)) {
      // binding a pod (spec.nodeName) goes straight to storage in kube-apiserver: no generation bump
      const isPod = info.group === '' && info.resource === 'pods'
      const changed = specOf(old, isPod) !== specOf(next, isPod)
      meta.generation = (om.generation ?? 1) + (changed && opts.subresource !== 'status' ? 1 : 0)
    } else delete meta.generation
    if (crd) validateCustomResource(crd, info, next, opts)
    else {
      kinds.prepareForUpdate(info, next, old, {api: this})
      const err = kinds.validate(info, next, old)
      if (err) throw err
    }
    if (info.group === 'apiextensions.k8s.io' && info.resource === 'customresourcedefinitions') this.prepareCRD(next, old)
    if (opts.operation !== 'Apply') {
      meta.managedFields = om.managedFields ? clone(om.managedFields) : meta.managedFields
      if (opts.operation === 'Update' || opts.fieldManager) {
        ssa.updateManagedFields(old, next, opts.fieldManager || defaultManager(), 'Update', opts.subresource)
      }
    }
    meta.resourceVersion = om.resourceVersion
    if (sameObject(old, next)) return clone(old)
    if (opts.dryRun) return next
    // removing the last finalizer of an object being deleted completes the deletion
    if (om.deletionTimestamp && (!meta.finalizers || meta.finalizers.length === 0) && !this.waitsForGrace(info, next)) {
      return clone(this.store.remove(info.group, info.resource, next))
    }
    return clone(this.store.put(info.group, info.resource, next, 'MODIFIED'))
  }

  // pods on a node keep their deletionTimestamp until their kubelet confirms with a grace-0 delete
  private waitsForGrace(info: ResourceInfo, o: KObject): boolean {
    return info.group === '' && info.resource === 'pods' && (o.metadata.deletionGracePeriodSeconds ?? 0) > 0 && !!o.spec?.nodeName && this.kubeletsActive
  }

  mutate(gvr: GVR, namespace: string | undefined, name: string, fn: (obj: KObject) => void | false, opts: {subresource?: string} = {}): KObject | undefined {
    const info = this.info(gvr)
    for (;;) {
      const old = this.store.peek(info.group, info.resource, info.namespaced ? namespace : undefined, name)
      if (!old) return undefined
      const copy = clone(old)
      if (fn(copy) === false) return clone(old)
      const r = this.commitUpdate(info, old, copy, {subresource: opts.subresource, operation: 'Internal'})
      return r
    }
  }

  // ---------------------------------------------------------------- patch

  patch(gvr: GVR, namespace: string | undefined, name: string, patchType: string, body: Buffer | string, opts: WriteOptions & {subresource?: string; force?: boolean} = {}): KObject {
    return this.patchWithResult(gvr, namespace, name, patchType, body, opts).obj
  }

  /** patch, also telling whether server-side apply created the object (HTTP 201). */
  patchWithResult(
    gvr: GVR,
    namespace: string | undefined,
    name: string,
    patchType: string,
    body: Buffer | string,
    opts: WriteOptions & {subresource?: string; force?: boolean} = {},
  ): PatchResult {
    const info = this.info(gvr)
    const ns = info.namespaced ? namespace || 'default' : undefined
    const text = typeof body === 'string' ? body : body.toString('utf8')
    const type = patchType.split(';')[0].trim().toLowerCase()
    if (opts.subresource === 'scale') return {obj: this.patchScale(info, gvr, ns, name, type, text, opts), created: false}
    const old = this.store.peek(info.group, info.resource, ns, name)
    if (type === 'application/apply-patch+yaml' || type === 'application/apply-patch+cbor') {
      if (!opts.fieldManager) throw badRequest('PATCH requests of type application/apply-patch+yaml must specify a field manager')
      let applied: KObject
      try {
        applied = yaml.load(text) as KObject
      } catch (e) {
        throw badRequest(`error decoding YAML: ${(e as Error).message}`)
      }
      if (!applied || typeof applied !== 'object') throw badRequest('invalid object: empty apply configuration')
      applied.metadata = applied.metadata ?? {}
      if (applied.metadata.name && applied.metadata.name !== name) {
        throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`)
      }
      applied.metadata.name = name
      if (ns) applied.metadata.namespace = ns
      this.checkUnknownFields(info, applied, opts, 'patch')
      if (!old) {
        if (opts.subresource) throw notFound(info, name)
        if (ns) this.checkNamespaceWritable(info, ns, name)
        const merged = ssa.serverSideApply(undefined, applied, {manager: opts.fieldManager, force: !!opts.force})
        const marker = merged as any
        marker.__skipManaged = true
        try {
          const created = this.createInternal({group: info.group, version: gvr.version, resource: info.resource}, merged, {...opts, fieldValidation: 'Ignore'})
          return {obj: created, created: true}
        } finally {
          delete marker.__skipManaged
        }
      }
      const merged = ssa.serverSideApply(clone(old), applied, {manager: opts.fieldManager, force: !!opts.force})
      return {obj: this.commitUpdate(info, old, merged, {...opts, operation: 'Apply'}), created: false}
    }
    if (!old) throw notFound(info, name)
    const next = this.applyPatchDocument(info, clone(old), type, text, !!this.crdFor(info.group, info.resource))
    const rv = next.metadata?.resourceVersion
    if (rv && rv !== old.metadata.resourceVersion) throw staleConflict(info, name)
    if (next.metadata?.name !== undefined && next.metadata.name !== name) {
      throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`)
    }
    let parsedPatch: unknown
    try {
      parsedPatch = JSON.parse(text)
    } catch {
      parsedPatch = undefined
    }
    this.checkUnknownFields(info, next, opts, type === 'application/strategic-merge-patch+json' ? 'smp' : 'patch', parsedPatch)
    return {obj: this.commitUpdate(info, old, next, {...opts, operation: 'Update'}), created: false}
  }

  private applyPatchDocument(info: ResourceInfo, doc: KObject, type: string, text: string, isCR: boolean): KObject {
    let patch: any
    try {
      patch = JSON.parse(text)
    } catch (e) {
      if (type === 'application/json-patch+json') throw badRequest(`the server rejected our request due to an error in our request`)
      throw badRequest(`error decoding patch: ${(e as Error).message}`)
    }
    try {
      switch (type) {
        case 'application/json-patch+json':
          if (!Array.isArray(patch)) throw badRequest('the server rejected our request due to an error in our request')
          return patchLib.applyJsonPatch(doc, patch) as KObject
        case 'application/merge-patch+json':
          return patchLib.applyMergePatch(doc, patch) as KObject
        case 'application/strategic-merge-patch+json': {
          const schema = isCR ? undefined : patchLib.patchSchemaFor(doc.apiVersion, doc.kind)
          if (!schema) throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`)
          return patchLib.applyStrategicMergePatch(doc, patch, schema) as KObject
        }
        default:
          throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`)
      }
    } catch (e) {
      throw patchErrorToApi(e)
    }
  }

  // ---------------------------------------------------------------- scale subresource

  /** The autoscaling/v1 Scale view of a scalable object. */
  getScale(gvr: GVR, namespace: string | undefined, name: string): KObject {
    const info = this.info(gvr)
    const o = this.store.peek(info.group, info.resource, info.namespaced ? namespace : undefined, name)
    if (!o) throw notFound(info, name)
    return this.scaleOf(info, o)
  }

  private scalePaths(info: ResourceInfo): {spec: string; status: string; selector?: string} | undefined {
    const crd = this.crdFor(info.group, info.resource)
    if (crd) {
      const v = (crd.spec?.versions ?? []).find((x: any) => x.name === info.version) ?? crd.spec?.versions?.[0]
      const sc = v?.subresources?.scale ?? crd.spec?.subresources?.scale
      if (!sc) return undefined
      return {spec: sc.specReplicasPath, status: sc.statusReplicasPath, selector: sc.labelSelectorPath}
    }
    if (!info.subresources.includes('scale')) return undefined
    return {spec: '.spec.replicas', status: '.status.replicas'}
  }

  private scaleOf(info: ResourceInfo, o: KObject): KObject {
    const paths = this.scalePaths(info)
    if (!paths) throw notServed()
    const replicas = getPath(o, paths.spec)
    let selector: string | undefined
    if (paths.selector !== undefined) selector = getPath(o, paths.selector)
    else if (o.spec?.selector) {
      selector = info.resource === 'replicationcontrollers' ? selectorToString({matchLabels: o.spec.selector}) : selectorToString(o.spec.selector)
    }
    const m = o.metadata
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp},
      spec: replicas === undefined ? {} : {replicas},
      status: {replicas: getPath(o, paths.status) ?? 0, ...(selector ? {selector} : {})},
    }
  }

  private updateScale(gvr: GVR, namespace: string | undefined, name: string, scale: KObject, opts: WriteOptions): KObject {
    const info = this.info(gvr)
    const ns = info.namespaced ? namespace || 'default' : undefined
    const old = this.store.peek(info.group, info.resource, ns, name)
    if (!old) throw notFound(info, name)
    const paths = this.scalePaths(info)
    if (!paths) throw notServed()
    const rv = scale.metadata?.resourceVersion
    if (rv && rv !== old.metadata.resourceVersion) throw staleConflict(info, name)
    const replicas = scale.spec?.replicas ?? 0
    if (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas)) {
      throw invalid({group: 'autoscaling', kind: 'Scale'}, name, [{reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, field: 'spec.replicas'}])
    }
    const next = clone(old)
    setPath(next, paths.spec, replicas)
    const r = this.commitUpdate(info, old, next, {...opts, subresource: 'scale', operation: 'Update'})
    return this.scaleOf(info, r)
  }

  private patchScale(info: ResourceInfo, gvr: GVR, ns: string | undefined, name: string, type: string, text: string, opts: WriteOptions): KObject {
    const old = this.store.peek(info.group, info.resource, ns, name)
    if (!old) throw notFound(info, name)
    const scale = this.scaleOf(info, old)
    // Scale has no merge keys: strategic merge behaves as a merge patch
    const t = type === 'application/strategic-merge-patch+json' ? 'application/merge-patch+json' : type
    let next: KObject
    if (t === 'application/apply-patch+yaml') {
      const applied = yaml.load(text) as KObject
      next = {...scale, spec: {...scale.spec, ...(applied?.spec ?? {})}}
    } else next = this.applyPatchDocument(info, scale, t, text, true)
    return this.updateScale(gvr, ns, name, next, opts)
  }

  // ---------------------------------------------------------------- pods/binding and pods/eviction

  /** POST pods/NAME/binding: assigns the pod to a node once. */
  bind(namespace: string, name: string, binding: KObject): KObject {
    const info = this.info(GVRS.pods)
    const pod = this.store.peek('', 'pods', namespace, name)
    if (!pod) throw notFound(info, name)
    const node = binding.target?.name
    if (!node) throw invalid({group: '', kind: 'Binding'}, name, [{reason: 'FieldValueRequired', message: 'Required value', field: 'target.name'}])
    if (pod.spec?.nodeName) throw conflict(info, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`)
    if (pod.metadata.deletionTimestamp) throw conflict(info, name, `pod ${name} is being deleted, cannot be assigned to a host`)
    this.mutate(GVRS.pods, namespace, name, (p) => {
      p.spec.nodeName = node
      p.status = p.status ?? {}
      const conds: any[] = (p.status.conditions = p.status.conditions ?? [])
      const c = conds.find((x) => x.type === 'PodScheduled')
      const cond = {type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now()}
      if (c) Object.assign(c, cond)
      else conds.push(cond)
    })
    return successStatus(201)
  }

  /** POST pods/NAME/eviction: deletes the pod unless a PodDisruptionBudget forbids it (429). */
  evict(namespace: string, name: string, eviction: KObject): KObject {
    const info = this.info(GVRS.pods)
    const pod = this.store.peek('', 'pods', namespace, name)
    if (!pod) throw notFound(info, name)
    const delOpts = (eviction.deleteOptions ?? {}) as DeleteOptions
    const phase = pod.status?.phase
    const terminal = phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp
    if (!terminal) {
      const pdbs = this.store.peekAll('policy', 'poddisruptionbudgets', namespace).filter((p) => {
        const reqs = selectorToRequirements(p.spec?.selector)
        return reqs.length > 0 && matchLabels(reqs, pod.metadata.labels)
      })
      if (pdbs.length > 1) {
        throw new ApiError(500, 'InternalError', 'Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.')
      }
      for (const pdb of pdbs) {
        const st = this.pdbStatus(pdb)
        if (st.disruptionsAllowed <= 0) {
          throw new ApiError(429, 'TooManyRequests', `Cannot evict pod as it would violate the pod's disruption budget.`, {
            causes: [{reason: 'DisruptionBudget', message: `The disruption budget ${pdb.metadata.name} needs ${st.desiredHealthy} healthy pods and has ${st.currentHealthy} currently`}],
          })
        }
        this.mutate(GVRS.poddisruptionbudgets, namespace, pdb.metadata.name!, (p) => {
          p.status = {...st, ...(p.status ?? {})}
          p.status.disruptionsAllowed = st.disruptionsAllowed - 1
          p.status.disruptedPods = {...(p.status.disruptedPods ?? {}), [name]: now()}
        }, {subresource: 'status'})
      }
    }
    this.delete(GVRS.pods, namespace, name, {...delOpts, dryRun: delOpts.dryRun})
    return successStatus(201)
  }

  // The PDB controller keeps status current; when it has not run yet, compute it the same way.
  private pdbStatus(pdb: KObject): {disruptionsAllowed: number; currentHealthy: number; desiredHealthy: number; expectedPods: number} {
    const reqs = selectorToRequirements(pdb.spec?.selector)
    const pods = this.store.peekAll('', 'pods', pdb.metadata.namespace).filter((p) => matchLabels(reqs, p.metadata.labels) && !p.metadata.deletionTimestamp)
    const healthy = pods.filter((p) => p.status?.phase === 'Running' && (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')).length
    const expected = pods.length
    const resolve = (v: any): number => {
      if (typeof v === 'string' && v.endsWith('%')) return Math.ceil((Number(v.slice(0, -1)) * expected) / 100)
      return Number(v ?? 0)
    }
    let desired: number
    if (pdb.spec?.minAvailable !== undefined) desired = resolve(pdb.spec.minAvailable)
    else if (pdb.spec?.maxUnavailable !== undefined) desired = Math.max(0, expected - resolve(pdb.spec.maxUnavailable))
    else desired = expected
    const s = pdb.status
    if (s && typeof s.disruptionsAllowed === 'number' && s.observedGeneration !== undefined) {
      return {disruptionsAllowed: s.disruptionsAllowed, currentHealthy: s.currentHealthy ?? healthy, desiredHealthy: s.desiredHealthy ?? desired, expectedPods: s.expectedPods ?? expected}
    }
    return {disruptionsAllowed: Math.max(0, healthy - desired), currentHealthy: healthy, desiredHealthy: desired, expectedPods: expected}
  }

  // ---------------------------------------------------------------- delete

  delete(gvr: GVR, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KObject {
    const info = this.info(gvr)
    const ns = info.namespaced ? namespace || 'default' : undefined
    const old = this.store.peek(info.group, info.resource, ns, name)
    if (!old) throw notFound(info, name)
    const pre = opts.preconditions
    if (pre?.uid && pre.uid !== old.metadata.uid) {
      throw conflict(info, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`)
    }
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(info, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`)
    }
    const next = clone(old)
    const meta = next.metadata
    const isNamespace = info.group === '' && info.resource === 'namespaces'
    if (isNamespace) {
      if (['default', 'kube-system', 'kube-public'].includes(name)) {
        throw new ApiError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, {name, kind: 'namespaces'})
      }
      if (opts.dryRun) return next
      if (!meta.deletionTimestamp) {
        meta.deletionTimestamp = now()
        meta.deletionGracePeriodSeconds = 0
        next.status = {...(next.status ?? {}), phase: 'Terminating'}
        const r = this.store.put('', 'namespaces', next, 'MODIFIED')
        this.scheduleGC(`ns:${name}`)
        return clone(r)
      }
      return next
    }
    // graceful deletion of pods that run on a node: the kubelet finishes it
    if (info.group === '' && info.resource === 'pods' && this.kubeletsActive && next.spec?.nodeName) {
      const phase = next.status?.phase
      let grace = opts.gracePeriodSeconds ?? next.spec?.terminationGracePeriodSeconds ?? 30
      if (phase === 'Succeeded' || phase === 'Failed') grace = 0
      if (grace > 0) {
        const prevGrace = meta.deletionGracePeriodSeconds
        if (meta.deletionTimestamp && prevGrace !== undefined && prevGrace <= grace) return next
        if (opts.dryRun) return next
        meta.deletionTimestamp = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
        meta.deletionGracePeriodSeconds = grace
        this.addPropagationFinalizer(meta, opts.propagationPolicy)
        return clone(this.store.put(info.group, info.resource, next, 'MODIFIED'))
      }
    }
    // past the grace period (or forced): only finalizers can still hold the object
    if (meta.deletionTimestamp) meta.deletionGracePeriodSeconds = 0
    const policy = opts.propagationPolicy ?? this.defaultPropagation(info, old)
    if (policy === 'Orphan' || policy === 'Foreground') this.addPropagationFinalizer(meta, policy)
    if (meta.finalizers && meta.finalizers.length > 0) {
      if (meta.deletionTimestamp && sameObject(old, next)) return next
      if (!meta.deletionTimestamp) {
        meta.deletionTimestamp = now()
        meta.deletionGracePeriodSeconds = 0
      }
      if (opts.dryRun) return next
      const r = this.store.put(info.group, info.resource, next, 'MODIFIED')
      this.scheduleGC(`fin:${info.group}/${info.resource}/${ns ?? ''}/${name}`)
      return clone(r)
    }
    if (opts.dryRun) return next
    if (!meta.deletionTimestamp) {
      meta.deletionTimestamp = now()
      meta.deletionGracePeriodSeconds = 0
    }
    return clone(this.store.remove(info.group, info.resource, next))
  }

  private defaultPropagation(info: ResourceInfo, _o: KObject): 'Background' | 'Orphan' | 'Foreground' {
    // kube's legacy default for these workloads (extensions/v1beta1 era) was Orphan, but apps/v1 is Background
    void info
    return 'Background'
  }

  private addPropagationFinalizer(meta: KObject['metadata'], policy: string | undefined): void {
    const f = policy === 'Orphan' ? 'orphan' : policy === 'Foreground' ? 'foregroundDeletion' : undefined
    if (!f) return
    meta.finalizers = meta.finalizers ?? []
    if (!meta.finalizers.includes(f)) meta.finalizers.push(f)
  }

  /** Deletes every object of one type in a namespace matching the selectors (deletecollection). */
  deleteCollection(gvr: GVR, opts: ListOptions & DeleteOptions): KObject[] {
    const info = this.info(gvr)
    const {items} = this.listShared(gvr, opts)
    const out: KObject[] = []
    for (const o of [...items]) {
      try {
        out.push(this.delete(gvr, o.metadata.namespace, o.metadata.name!, opts))
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 404)) throw e
      }
    }
    void info
    return out
  }

  // ---------------------------------------------------------------- garbage collection, finalizers, namespaces

  private onStoreEvent(ev: StoreEvent): void {
    const o = ev.object
    this.indexObject(ev.type, ev.group, ev.resource, o)
    if (ev.group === 'apiextensions.k8s.io' && ev.resource === 'customresourcedefinitions') {
      if (ev.type === 'DELETED') this.crdResources.delete(ev.name)
      else if (!o.metadata.deletionTimestamp) this.registerCRD(o)
      if (ev.type === 'DELETED' || o.metadata.deletionTimestamp) {
        this.scheduleGC(`crd:${ev.name}`)
        if (ev.type !== 'DELETED') this.crdResources.delete(ev.name)
      }
      this.rebuildIndex()
    }
    if (ev.type === 'DELETED') {
      this.scheduleGC(`owner:${o.metadata.uid}`)
      for (const ref of o.metadata.ownerReferences ?? []) this.scheduleGC(`owner-check:${ref.uid}`)
      if (ev.namespace) {
        const nsObj = this.store.peek('', 'namespaces', undefined, ev.namespace)
        if (nsObj?.metadata.deletionTimestamp) this.scheduleGC(`ns:${ev.namespace}`)
      }
      if (ev.group === '' && ev.resource === 'namespaces') this.scheduleGC(`ns:${ev.name}`)
    } else if (o.metadata.deletionTimestamp && (o.metadata.finalizers ?? []).some((f) => f === 'orphan' || f === 'foregroundDeletion')) {
      this.scheduleGC(`fin:${ev.group}/${ev.resource}/${ev.namespace}/${ev.name}`)
    }
  }

  private scheduleGC(task: string): void {
    this.gcPending.add(task)
    if (this.gcScheduled) return
    this.gcScheduled = true
    setImmediate(() => {
      this.gcScheduled = false
      const tasks = [...this.gcPending]
      this.gcPending.clear()
      for (const t of tasks) {
        try {
          this.runGC(t)
        } catch (e) {
          this.log(`gc ${t}: ${(e as Error).message}`)
        }
      }
    })
  }

  private resumePending(): void {
    for (const k of this.store.typeKeys()) {
      const [group, resource] = splitTypeKey(k)
      for (const o of this.store.peekAll(group, resource)) {
        if (o.metadata.deletionTimestamp) {
          if (group === '' && resource === 'namespaces') this.scheduleGC(`ns:${o.metadata.name}`)
          else this.scheduleGC(`fin:${group}/${resource}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)
        }
      }
    }
  }

  private allObjects(namespace?: string): {group: string; resource: string; obj: KObject}[] {
    const out: {group: string; resource: string; obj: KObject}[] = []
    for (const k of this.store.typeKeys()) {
      const [group, resource] = splitTypeKey(k)
      for (const obj of this.store.peekAll(group, resource, namespace)) out.push({group, resource, obj})
    }
    return out
  }

  // uid -> location and owner uid -> dependents, kept current from store events so GC never scans everything
  private uidIndex = new Map<string, {group: string; resource: string; namespace: string; name: string}>()
  private ownerIndex = new Map<string, Set<string>>()
  private refsByLoc = new Map<string, string[]>()

  private indexObject(type: StoreEvent['type'], group: string, resource: string, o: KObject): void {
    const loc = {group, resource, namespace: o.metadata.namespace ?? '', name: o.metadata.name!}
    const locKey = `${group}\u0000${resource}\u0000${loc.namespace}\u0000${loc.name}`
    for (const uid of this.refsByLoc.get(locKey) ?? []) {
      const set = this.ownerIndex.get(uid)
      set?.delete(locKey)
      if (set && set.size === 0) this.ownerIndex.delete(uid)
    }
    this.refsByLoc.delete(locKey)
    if (type === 'DELETED') {
      if (o.metadata.uid && this.uidIndex.get(o.metadata.uid)?.name === loc.name) this.uidIndex.delete(o.metadata.uid)
      return
    }
    if (o.metadata.uid) this.uidIndex.set(o.metadata.uid, loc)
    const refs = (o.metadata.ownerReferences ?? []).map((r) => r.uid).filter(Boolean)
    if (refs.length === 0) return
    this.refsByLoc.set(locKey, refs)
    for (const uid of refs) {
      let set = this.ownerIndex.get(uid)
      if (!set) this.ownerIndex.set(uid, (set = new Set()))
      set.add(locKey)
    }
  }

  private buildIndexes(): void {
    for (const k of this.store.typeKeys()) {
      const [group, resource] = splitTypeKey(k)
      for (const o of this.store.peekAll(group, resource)) this.indexObject('ADDED', group, resource, o)
    }
  }

  private dependentsOf(uid: string): {group: string; resource: string; obj: KObject}[] {
    const out: {group: string; resource: string; obj: KObject}[] = []
    for (const locKey of this.ownerIndex.get(uid) ?? []) {
      const [group, resource, ns, name] = locKey.split('\u0000')
      const obj = this.store.peek(group, resource, ns || undefined, name)
      if (obj) out.push({group, resource, obj})
    }
    return out
  }

  private findByUid(uid: string): {group: string; resource: string; obj: KObject} | undefined {
    const loc = this.uidIndex.get(uid)
    if (!loc) return undefined
    const obj = this.store.peek(loc.group, loc.resource, loc.namespace || undefined, loc.name)
    return obj && obj.metadata.uid === uid ? {group: loc.group, resource: loc.resource, obj} : undefined
  }

  private gvrOfType(group: string, resource: string): GVR {
    const info = this.resourceFor(group, resource)
    return {group, resource, version: info?.version ?? 'v1'}
  }

  private runGC(task: string): void {
    const [kind, ...rest] = task.split(':')
    const arg = rest.join(':')
    if (kind === 'owner') {
      // the owner is gone: drop its reference from dependents, delete those left without owners
      for (const d of this.dependentsOf(arg)) {
        const refs = d.obj.metadata.ownerReferences ?? []
        const remaining = refs.filter((r) => r.uid !== arg && this.findByUid(r.uid))
        const gvr = this.gvrOfType(d.group, d.resource)
        if (remaining.length === 0) {
          if (!d.obj.metadata.deletionTimestamp || d.group === '' && d.resource === 'pods') {
            this.safeDelete(gvr, d.obj, 'Background')
          }
        } else {
          this.mutate(gvr, d.obj.metadata.namespace, d.obj.metadata.name!, (x) => {
            x.metadata.ownerReferences = (x.metadata.ownerReferences ?? []).filter((r) => r.uid !== arg)
          })
        }
      }
    } else if (kind === 'owner-check') {
      const owner = this.findByUid(arg)
      if (owner?.obj.metadata.deletionTimestamp) this.scheduleGC(`fin:${owner.group}/${owner.resource}/${owner.obj.metadata.namespace ?? ''}/${owner.obj.metadata.name}`)
    } else if (kind === 'fin') {
      const [group, resource, ns, ...nameParts] = arg.split('/')
      const name = nameParts.join('/')
      const o = this.store.peek(group, resource, ns || undefined, name)
      if (!o || !o.metadata.deletionTimestamp) return
      const fins = o.metadata.finalizers ?? []
      const gvr = this.gvrOfType(group, resource)
      if (fins.includes('orphan')) {
        for (const d of this.dependentsOf(o.metadata.uid!)) {
          this.mutate(this.gvrOfType(d.group, d.resource), d.obj.metadata.namespace, d.obj.metadata.name!, (x) => {
            x.metadata.ownerReferences = (x.metadata.ownerReferences ?? []).filter((r) => r.uid !== o.metadata.uid)
          })
        }
        this.removeFinalizer(gvr, o, 'orphan')
      } else if (fins.includes('foregroundDeletion')) {
        const deps = this.dependentsOf(o.metadata.uid!)
        if (deps.length === 0) {
          this.removeFinalizer(gvr, o, 'foregroundDeletion')
          return
        }
        for (const d of deps) {
          if (!d.obj.metadata.deletionTimestamp) this.safeDelete(this.gvrOfType(d.group, d.resource), d.obj, 'Foreground')
        }
      } else if (fins.length === 0) {
        // crash between marking and removing: finish now
        if (!this.waitsForGrace(this.resourceFor(group, resource) ?? ({group, resource} as ResourceInfo), o)) {
          this.store.remove(group, resource, clone(o))
        }
      }
    } else if (kind === 'ns') {
      this.finalizeNamespace(arg)
    } else if (kind === 'crd') {
      const [resource, ...g] = arg.split('.')
      const group = g.join('.')
      const crs = this.store.peekAll(group, resource)
      for (const cr of crs) {
        this.store.remove(group, resource, clone(cr))
      }
      const crd = this.store.peek('apiextensions.k8s.io', 'customresourcedefinitions', undefined, arg)
      if (crd?.metadata.deletionTimestamp) this.removeFinalizer(GVRS.customresourcedefinitions, crd, 'customresourcecleanup.apiextensions.k8s.io')
    }
  }

  private safeDelete(gvr: GVR, o: KObject, policy: 'Background' | 'Foreground'): void {
    try {
      this.delete(gvr, o.metadata.namespace, o.metadata.name!, {propagationPolicy: policy, preconditions: {uid: o.metadata.uid}})
    } catch (e) {
      if (!(e instanceof ApiError && (e.code === 404 || e.code === 409))) throw e
    }
  }

  private removeFinalizer(gvr: GVR, o: KObject, finalizer: string): void {
    this.mutate(gvr, o.metadata.namespace, o.metadata.name!, (x) => {
      if (!(x.metadata.finalizers ?? []).includes(finalizer)) return false
      x.metadata.finalizers = x.metadata.finalizers!.filter((f) => f !== finalizer)
    })
  }

  private finalizeNamespace(ns: string): void {
    const nsObj = this.store.peek('', 'namespaces', undefined, ns)
    if (!nsObj?.metadata.deletionTimestamp) return
    const contents = this.allObjects(ns).filter((x) => this.resourceFor(x.group, x.resource)?.namespaced !== false && x.obj.metadata.namespace === ns)
    for (const c of contents) {
      if (c.obj.metadata.deletionTimestamp) continue
      this.safeDelete(this.gvrOfType(c.group, c.resource), c.obj, 'Background')
    }
    const left = this.allObjects(ns).filter((x) => x.obj.metadata.namespace === ns)
    if (left.length > 0) {
      // objects with finalizers nobody will remove: don't block forever on our own GC finalizers
      return
    }
    const fin = clone(nsObj)
    if (fin.spec?.finalizers) fin.spec.finalizers = []
    this.store.remove('', 'namespaces', fin)
  }

  // ---------------------------------------------------------------- CRDs

  private crdHasStatus(crd: KObject, version: string): boolean {
    const v = (crd.spec?.versions ?? []).find((x: any) => x.name === version)
    return !!(v?.subresources?.status ?? crd.spec?.subresources?.status)
  }

  private prepareCRD(crd: KObject, old?: KObject): void {
    const names = crd.spec?.names ?? {}
    const ts = old?.status?.conditions?.find((c: any) => c.type === 'Established')?.lastTransitionTime ?? now()
    const storage = (crd.spec?.versions ?? []).find((v: any) => v.storage)?.name ?? crd.spec?.versions?.[0]?.name
    crd.status = {
      acceptedNames: {
        kind: names.kind,
        listKind: names.listKind ?? `${names.kind}List`,
        plural: names.plural,
        singular: names.singular ?? String(names.kind ?? '').toLowerCase(),
        ...(names.shortNames ? {shortNames: names.shortNames} : {}),
        ...(names.categories ? {categories: names.categories} : {}),
      },
      conditions: [
        {type: 'NamesAccepted', status: 'True', lastTransitionTime: ts, reason: 'NoConflicts', message: 'no conflicts found'},
        {type: 'Established', status: 'True', lastTransitionTime: ts, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted'},
      ],
      storedVersions: old?.status?.storedVersions ?? (storage ? [storage] : []),
    }
    if (!old) {
      crd.metadata.finalizers = crd.metadata.finalizers ?? []
      if (!crd.metadata.finalizers.includes('customresourcecleanup.apiextensions.k8s.io')) crd.metadata.finalizers.push('customresourcecleanup.apiextensions.k8s.io')
    }
  }

  // ---------------------------------------------------------------- watch

  watch(gvr: GVR, opts: ListOptions, onEvent: (ev: WatchEvent) => void): () => void {
    const info = this.info(gvr)
    return this.watchShared(gvr, opts, (ev) => onEvent({type: ev.type, object: ev.type === 'BOOKMARK' || ev.type === 'ERROR' ? ev.object : this.present(info, gvr, clone(ev.object))}))
  }

  /**
   * Watch with shared (uncopied) objects. Starts with synthetic ADDED events for the current state when no
   * resourceVersion (or "0") is given; otherwise replays history after it (410 Expired when compacted).
   * Selector watches turn transitions into ADDED/DELETED as kube-apiserver does.
   */
  watchShared(gvr: GVR, opts: ListOptions, onEvent: (ev: WatchEvent) => void): () => void {
    const info = this.info(gvr)
    const labelReqs = parseLabelSelector(opts.labelSelector)
    const fieldReqs = this.checkFieldSelector(info, opts.fieldSelector)
    const ns = info.namespaced ? opts.namespace || undefined : undefined
    const matches = (o: KObject) => matchLabels(labelReqs, o.metadata.labels) && this.matchFields(info, fieldReqs, o)
    const filtered = labelReqs.length > 0 || fieldReqs.length > 0
    const known = new Set<string>()
    const keyOf = (o: KObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`
    const relevant = (ev: StoreEvent) => ev.group === info.group && ev.resource === info.resource && (ns === undefined || ev.namespace === ns)
    const deliver = (ev: StoreEvent) => {
      if (!relevant(ev)) return
      const o = ev.object
      const k = keyOf(o)
      const m = matches(o)
      if (!filtered) {
        onEvent({type: ev.type, object: o})
        return
      }
      const was = known.has(k)
      if (ev.type === 'DELETED') {
        if (was || m) onEvent({type: 'DELETED', object: o})
        known.delete(k)
        return
      }
      if (m) {
        known.add(k)
        onEvent({type: was ? 'MODIFIED' : 'ADDED', object: o})
      } else if (was) {
        known.delete(k)
        onEvent({type: 'DELETED', object: o})
      }
    }
    const rvStr = opts.resourceVersion
    let backlog: StoreEvent[] = []
    if (rvStr && rvStr !== '0') {
      const since = Number(rvStr)
      if (!Number.isFinite(since)) throw badRequest(`invalid resource version: ${rvStr}`)
      try {
        backlog = this.store.history(since)
      } catch (e) {
        if (e instanceof TooOldError) throw new ApiError(410, 'Expired', `too old resource version: ${since} (${this.store.oldestRv() + 1})`)
        throw e
      }
      if (filtered) {
        for (const o of this.store.peekAll(info.group, info.resource, ns)) {
          if (Number(o.metadata.resourceVersion) <= since && matches(o)) known.add(keyOf(o))
        }
      }
    } else {
      for (const o of this.store.peekAll(info.group, info.resource, ns)) {
        if (!matches(o)) continue
        known.add(keyOf(o))
        onEvent({type: 'ADDED', object: o})
      }
    }
    for (const ev of backlog) deliver(ev)
    return this.store.subscribe(deliver)
  }

  // ---------------------------------------------------------------- events

  recordEvent(involved: KObject, type: 'Normal' | 'Warning', reason: string, message: string, source: {component: string; host?: string}): void {
    try {
      const ns = involved.metadata.namespace || 'default'
      const key = [involved.metadata.uid, involved.kind, involved.metadata.name, ns, reason, message, type, source.component, source.host ?? ''].join('\u0000')
      const ts = now()
      const existing = this.eventIndex.get(key)
      if (existing && this.store.peek('', 'events', existing.namespace, existing.name)) {
        this.mutate(GVRS.events, existing.namespace, existing.name, (e) => {
          e.count = (e.count ?? 1) + 1
          e.lastTimestamp = ts
        })
        return
      }
      // kube names events <object>.<hex unix nanos>, so listing them by name is chronological
      let nanos = BigInt(Date.now()) * 1_000_000n + BigInt(process.hrtime()[1] % 1_000_000)
      if (nanos <= this.lastEventNanos) nanos = this.lastEventNanos + 1n
      this.lastEventNanos = nanos
      const name = `${involved.metadata.name}.${nanos.toString(16)}`
      const ev: KObject = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: {name, namespace: ns},
        involvedObject: {
          kind: involved.kind,
          namespace: involved.metadata.namespace,
          name: involved.metadata.name,
          uid: involved.metadata.uid,
          apiVersion: involved.apiVersion,
          resourceVersion: involved.metadata.resourceVersion,
        },
        reason,
        message,
        source: source.host ? {component: source.component, host: source.host} : {component: source.component},
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? '',
      }
      if (!involved.metadata.namespace) delete ev.involvedObject.namespace
      this.createInternal(GVRS.events, ev, {fieldManager: source.component})
      this.eventIndex.set(key, {namespace: ns, name})
      if (this.eventIndex.size > 5000) this.eventIndex.delete(this.eventIndex.keys().next().value!)
    } catch (e) {
      this.log(`event ${reason}: ${(e as Error).message}`)
    }
  }
}

// PatchError carries the HTTP code and reason kube-apiserver answers with.
function patchErrorToApi(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  const pe = e as {message: string; code?: number; reason?: string; name?: string}
  if (pe && pe.name === 'PatchError' && typeof pe.code === 'number') {
    return new ApiError(pe.code, pe.reason || (pe.code === 400 ? 'BadRequest' : pe.code === 422 ? 'Invalid' : 'InternalError'), pe.message)
  }
  return badRequest(pe?.message ?? String(e))
}

function defaultManager(): string {
  return 'unknown'
}

function successStatus(code: number): KObject {
  return {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code}
}

function splitTypeKey(k: string): [string, string] {
  const i = k.indexOf('/')
  return [k.slice(0, i), k.slice(i + 1)]
}

// Everything outside metadata and status: a change here bumps generation.
function specOf(o: KObject, ignoreNodeName = false): string {
  const {metadata: _m, status: _s, ...rest} = o
  if (ignoreNodeName && rest.spec) rest.spec = {...rest.spec, nodeName: undefined}
  return JSON.stringify(rest, sortedReplacer)
}

// Compares objects ignoring resourceVersion and managedFields timestamps.
function sameObject(a: KObject, b: KObject): boolean {
  const strip = (o: KObject) => {
    const {resourceVersion: _rv, managedFields, ...m} = o.metadata
    const mf = (managedFields ?? []).map((f: any) => ({...f, time: undefined}))
    return JSON.stringify({...o, metadata: {...m, managedFields: mf}}, sortedReplacer)
  }
  return strip(a) === strip(b)
}

function sortedReplacer(_k: string, v: any): any {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const out: Record<string, any> = {}
    for (const k of Object.keys(v).sort()) out[k] = v[k]
    return out
  }
  return v
}

function getPath(o: any, path: string): any {
  let cur = o
  for (const p of path.replace(/^\./, '').split('.')) {
    if (cur === undefined || cur === null) return undefined
    cur = cur[p]
  }
  return cur
}

function setPath(o: any, path: string, v: any): void {
  const parts = path.replace(/^\./, '').split('.')
  let cur = o
  for (const p of parts.slice(0, -1)) {
    if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {}
    cur = cur[p]
  }
  cur[parts[parts.length - 1]] = v
}
