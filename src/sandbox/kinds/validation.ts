// kube-apiserver's validation for the kinds learners hit, producing its exact 422 Invalid messages.
import {ApiError, type KObject, type ResourceInfo} from '../types.js'
import {canonical, isObj, kindKey, qualifiedKind} from './util.js'

type ErrType = 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueDuplicate' | 'FieldValueTooLong' | 'FieldValueNotFound'

/** One field error, as apimachinery's field.Error. */
export interface FieldError {
  type: ErrType
  field: string
  value?: unknown
  detail: string
}

const TYPE_TEXT: Record<ErrType, string> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueRequired: 'Required value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueTooLong: 'Too long',
  FieldValueNotFound: 'Not found',
}

/** Renders a bad value the way field.Error does: numbers/bools plain, strings quoted, the rest as JSON. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'null'
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (typeof v === 'string') return JSON.stringify(v)
  return JSON.stringify(goOrder(v))
}

// Go's encoding/json sorts map keys; LabelSelector's struct order puts matchLabels first.
function goOrder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(goOrder)
  if (!isObj(v)) return v
  const keys = Object.keys(v).sort((a, b) => (a === 'matchLabels' && b === 'matchExpressions' ? -1 : a === 'matchExpressions' && b === 'matchLabels' ? 1 : a < b ? -1 : a > b ? 1 : 0))
  return Object.fromEntries(keys.filter(k => v[k] !== undefined).map(k => [k, goOrder(v[k])]))
}

/** The error text without the field name (cause message). */
export function errorBody(e: FieldError): string {
  let s = TYPE_TEXT[e.type]
  if (e.type === 'FieldValueInvalid' || e.type === 'FieldValueNotSupported' || e.type === 'FieldValueDuplicate' || e.type === 'FieldValueNotFound') s += `: ${formatValue(e.value)}`
  if (e.detail) s += `: ${e.detail}`
  return s
}

/** Builds the 422 kube-apiserver returns for a list of field errors (duplicates dropped, `[a, b]` when several). */
export function invalidError(info: {group: string; kind: string}, name: string, errs: FieldError[]): ApiError {
  const seen = new Set<string>()
  const uniq: FieldError[] = []
  for (const e of errs) {
    const msg = `${e.field}: ${errorBody(e)}`
    if (!seen.has(msg)) {
      seen.add(msg)
      uniq.push(e)
    }
  }
  const msgs = uniq.map(e => `${e.field}: ${errorBody(e)}`)
  const joined = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`
  const causes = uniq.map(e => ({reason: e.type, message: errorBody(e), field: e.field}))
  const details: NonNullable<ApiError['details']> = info.group ? {name, group: info.group, kind: info.kind, causes} : {name, kind: info.kind, causes}
  return new ApiError(422, 'Invalid', `${qualifiedKind(info)} "${name}" is invalid: ${joined}`, details)
}

const inv = (field: string, value: unknown, detail: string): FieldError => ({type: 'FieldValueInvalid', field, value, detail})
const req = (field: string, detail = ''): FieldError => ({type: 'FieldValueRequired', field, detail})
const unsupported = (field: string, value: unknown, supported: string[]): FieldError => ({
  type: 'FieldValueNotSupported', field, value, detail: supported.length ? 'supported values: ' + supported.map(s => JSON.stringify(s)).join(', ') : '',
})
const forbidden = (field: string, detail: string): FieldError => ({type: 'FieldValueForbidden', field, detail})
const dup = (field: string, value: unknown): FieldError => ({type: 'FieldValueDuplicate', field, value, detail: ''})

// ---- name formats (apimachinery validation.IsDNS1123Label etc.) ----------------------------------------------

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/
const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
const DNS1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"

/** DNS-1123 label problems (empty list = valid). */
export function isDNS1123Label(v: string): string[] {
  const out: string[] = []
  if (v.length > 63) out.push('must be no more than 63 characters')
  if (!DNS1123_LABEL.test(v)) out.push(LABEL_MSG)
  return out
}

/** DNS-1123 subdomain problems. */
export function isDNS1123Subdomain(v: string): string[] {
  const out: string[] = []
  if (v.length > 253) out.push('must be no more than 253 characters')
  if (!DNS1123_SUBDOMAIN.test(v)) out.push(SUBDOMAIN_MSG)
  return out
}

/** DNS-1035 label problems (Service names). */
export function isDNS1035Label(v: string): string[] {
  const out: string[] = []
  if (v.length > 63) out.push('must be no more than 63 characters')
  if (!DNS1035_LABEL.test(v)) out.push(DNS1035_MSG)
  return out
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/
const QN_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

/** Qualified name (label/annotation key) problems. */
export function isQualifiedName(v: string): string[] {
  const parts = v.split('/')
  let name = v
  const out: string[] = []
  if (parts.length === 2) {
    const prefix = parts[0]!
    name = parts[1]!
    if (prefix.length === 0) out.push('prefix part must be non-empty')
    else for (const m of isDNS1123Subdomain(prefix)) out.push('prefix part ' + m)
  } else if (parts.length > 2) {
    return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
  }
  if (name.length === 0) out.push('name part must be non-empty')
  else if (name.length > 63) out.push('name part must be no more than 63 characters')
  if (name.length && !QUALIFIED_NAME.test(name)) out.push(QN_MSG)
  return out
}

/** Label value problems. */
export function isValidLabelValue(v: string): string[] {
  const out: string[] = []
  if (v.length > 63) out.push('must be no more than 63 characters')
  if (!LABEL_VALUE.test(v)) out.push(LABEL_VALUE_MSG)
  return out
}

function portNameErrors(v: string): string[] {
  const out: string[] = []
  if (v.length > 15) out.push('must be no more than 15 characters')
  if (!/^[-a-z0-9]+$/.test(v)) out.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)')
  if (!/[a-z]/.test(v)) out.push('must contain at least one letter (a-z)')
  if (v.includes('--')) out.push('must not contain consecutive hyphens')
  if (v.startsWith('-') || v.endsWith('-')) out.push('must not begin or end with a hyphen')
  return out
}

const PORT_RANGE = 'must be between 1 and 65535, inclusive'

// ---- metadata ------------------------------------------------------------------------------------------------

type NameCheck = (v: string) => string[]

const NAME_RULES: Record<string, NameCheck> = {
  namespaces: isDNS1123Label,
  services: isDNS1035Label,
  'deployments.apps': isDNS1123Subdomain,
  'statefulsets.apps': isDNS1123Label,
  'cronjobs.batch': isDNS1123Subdomain,
}

function nameCheckFor(info: ResourceInfo): NameCheck | undefined {
  const key = kindKey(info)
  if (key in NAME_RULES) return NAME_RULES[key]
  // RBAC objects and events accept any path segment name; everything else is a DNS subdomain.
  if (info.group === 'rbac.authorization.k8s.io' || key === 'events' || key === 'events.events.k8s.io') return pathSegmentName
  return isDNS1123Subdomain
}

function pathSegmentName(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`]
  for (const bad of ['/', '%']) if (v.includes(bad)) return [`may not contain '${bad}'`]
  return []
}

function validateMeta(info: ResourceInfo, obj: KObject, errs: FieldError[]): void {
  const md = obj.metadata ?? {}
  const name = md.name
  if (!name) {
    if (!md.generateName) errs.push(req('metadata.name', 'name or generateName is required'))
  } else {
    const check = nameCheckFor(info)
    for (const m of check?.(String(name)) ?? []) errs.push(inv('metadata.name', name, m))
  }
  // A missing namespace on a namespaced object is filled from the URL by the API layer, so only the reverse is checked.
  if (!info.namespaced && md.namespace) {
    errs.push(forbidden('metadata.namespace', 'not allowed on this type'))
  }
  validateLabels(md.labels, 'metadata.labels', errs)
  if (isObj(md.annotations)) {
    for (const k of Object.keys(md.annotations)) for (const m of isQualifiedName(k.toLowerCase())) errs.push(inv('metadata.annotations', k, m))
    const size = Object.entries(md.annotations).reduce((n, [k, v]) => n + k.length + String(v).length, 0)
    if (size > 262144) errs.push({type: 'FieldValueTooLong', field: 'metadata.annotations', detail: 'may not be more than 262144 bytes'})
  }
}

/** Label map validation (keys then values, in sorted key order). */
export function validateLabels(labels: unknown, field: string, errs: FieldError[]): void {
  if (!isObj(labels)) return
  for (const k of Object.keys(labels).sort()) {
    for (const m of isQualifiedName(k)) errs.push(inv(field, k, m))
    const v = labels[k]
    for (const m of isValidLabelValue(String(v ?? ''))) errs.push(inv(`${field}`, v, m))
  }
}

// ---- pod spec ------------------------------------------------------------------------------------------------

interface PodSpecRules {
  restartPolicies: string[]
  /** StatefulSet claim template names: mounts may refer to them. */
  claimNames?: string[]
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never']
const PROTOCOLS = ['SCTP', 'TCP', 'UDP']
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']

function validateContainer(c: any, path: string, names: Set<string>, errs: FieldError[], isInit: boolean): void {
  if (!isObj(c)) return
  if (!c.name) errs.push(req(`${path}.name`))
  else {
    for (const m of isDNS1123Label(String(c.name))) errs.push(inv(`${path}.name`, c.name, m))
    if (names.has(c.name)) errs.push(dup(`${path}.name`, c.name))
    names.add(c.name)
  }
  if (!c.image || (typeof c.image === 'string' && c.image.trim() === '')) errs.push(req(`${path}.image`))
  else if (typeof c.image === 'string' && c.image !== c.image.trim()) errs.push(inv(`${path}.image`, c.image, 'must not have leading or trailing whitespace'))
  if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy)) errs.push(unsupported(`${path}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES))
  const portNames = new Set<string>()
  ;(Array.isArray(c.ports) ? c.ports : []).forEach((p: any, i: number) => {
    const pp = `${path}.ports[${i}]`
    if (!isObj(p)) return
    if (p.name !== undefined && p.name !== '') {
      for (const m of portNameErrors(String(p.name))) errs.push(inv(`${pp}.name`, p.name, m))
      if (portNames.has(p.name)) errs.push(dup(`${pp}.name`, p.name))
      portNames.add(p.name)
    }
    if (p.containerPort === undefined || p.containerPort === 0) errs.push(req(`${pp}.containerPort`))
    else if (typeof p.containerPort === 'number' && (p.containerPort < 1 || p.containerPort > 65535)) errs.push(inv(`${pp}.containerPort`, p.containerPort, PORT_RANGE))
    if (typeof p.hostPort === 'number' && p.hostPort !== 0 && (p.hostPort < 1 || p.hostPort > 65535)) errs.push(inv(`${pp}.hostPort`, p.hostPort, PORT_RANGE))
    if (p.protocol === undefined || p.protocol === '') errs.push(req(`${pp}.protocol`))
    else if (!PROTOCOLS.includes(p.protocol)) errs.push(unsupported(`${pp}.protocol`, p.protocol, PROTOCOLS))
  })
  ;(Array.isArray(c.env) ? c.env : []).forEach((e: any, i: number) => {
    if (!isObj(e)) return
    if (!e.name) errs.push(req(`${path}.env[${i}].name`))
  })
  const mounts = new Set<string>()
  ;(Array.isArray(c.volumeMounts) ? c.volumeMounts : []).forEach((m: any, i: number) => {
    if (!isObj(m)) return
    if (!m.name) errs.push(req(`${path}.volumeMounts[${i}].name`))
    if (!m.mountPath) errs.push(req(`${path}.volumeMounts[${i}].mountPath`))
    else if (mounts.has(m.mountPath)) errs.push(inv(`${path}.volumeMounts[${i}].mountPath`, m.mountPath, 'must be unique'))
    mounts.add(m.mountPath)
  })
  if (!isInit) {
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const p = c[probe]
      if (!isObj(p)) continue
      const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter(h => p[h] !== undefined)
      if (handlers.length === 0) errs.push(req(`${path}.${probe}`, 'must specify a handler type'))
      if (probe !== 'readinessProbe' && p.successThreshold !== undefined && p.successThreshold !== 1) errs.push(inv(`${path}.${probe}.successThreshold`, p.successThreshold, 'must be 1'))
    }
  }
  if (isObj(c.resources)) {
    for (const kind of ['limits', 'requests']) {
      const r = c.resources[kind]
      if (!isObj(r)) continue
      for (const [k, v] of Object.entries(r)) {
        if (parseQuantity(v) === undefined) errs.push(inv(`${path}.resources.${kind}[${k}]`, v, 'must be a valid quantity'))
      }
    }
    const lim = c.resources.limits
    const rq = c.resources.requests
    if (isObj(lim) && isObj(rq)) {
      for (const k of Object.keys(rq)) {
        const l = parseQuantity(lim[k])
        const r = parseQuantity(rq[k])
        if (l !== undefined && r !== undefined && r > l) errs.push(inv(`${path}.resources.requests`, String(rq[k]), `must be less than or equal to ${k} limit of ${lim[k]}`))
      }
    }
  }
}

const QUANTITY_SUFFIX: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
}

/** A resource.Quantity as a number (undefined when malformed). */
export function parseQuantity(v: unknown): number | undefined {
  if (typeof v === 'number') return v
  if (typeof v !== 'string') return undefined
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?$/.exec(v)
  if (!m) return undefined
  const base = Number(m[1])
  if (m[2]) return base * 10 ** Number(m[2].slice(1))
  return base * QUANTITY_SUFFIX[m[3] ?? '']!
}

function validatePodSpec(spec: any, path: string, rules: PodSpecRules, errs: FieldError[]): void {
  if (!isObj(spec)) {
    errs.push(req(`${path}.containers`))
    return
  }
  const volNames = new Set<string>()
  ;(Array.isArray(spec.volumes) ? spec.volumes : []).forEach((v: any, i: number) => {
    if (!isObj(v)) return
    const vp = `${path}.volumes[${i}]`
    if (!v.name) errs.push(req(`${vp}.name`))
    else {
      for (const m of isDNS1123Label(String(v.name))) errs.push(inv(`${vp}.name`, v.name, m))
      if (volNames.has(v.name)) errs.push(dup(`${vp}.name`, v.name))
      volNames.add(v.name)
    }
    const sources = Object.keys(v).filter(k => k !== 'name')
    if (sources.length > 1) errs.push(forbidden(`${vp}.${sources[1]}`, `may not specify more than 1 volume type`))
  })
  for (const n of rules.claimNames ?? []) volNames.add(n)
  const names = new Set<string>()
  const containers = Array.isArray(spec.containers) ? spec.containers : []
  // kube checks regular containers before init containers.
  if (containers.length === 0) errs.push(req(`${path}.containers`))
  containers.forEach((c: any, i: number) => validateContainer(c, `${path}.containers[${i}]`, names, errs, false))
  ;(Array.isArray(spec.initContainers) ? spec.initContainers : []).forEach((c: any, i: number) => validateContainer(c, `${path}.initContainers[${i}]`, names, errs, true))
  for (const [list, field] of [[spec.initContainers, 'initContainers'], [containers, 'containers']] as const) {
    ;(Array.isArray(list) ? list : []).forEach((c: any, i: number) => {
      ;(Array.isArray(c?.volumeMounts) ? c.volumeMounts : []).forEach((m: any, j: number) => {
        if (isObj(m) && m.name && !volNames.has(m.name)) errs.push({type: 'FieldValueNotFound', field: `${path}.${field}[${i}].volumeMounts[${j}].name`, value: m.name, detail: ''})
      })
    })
  }
  if (spec.restartPolicy !== undefined && !rules.restartPolicies.includes(spec.restartPolicy)) {
    errs.push(unsupported(`${path}.restartPolicy`, spec.restartPolicy, rules.restartPolicies))
  }
  if (spec.dnsPolicy !== undefined && !DNS_POLICIES.includes(spec.dnsPolicy)) errs.push(unsupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES))
  if (typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds < 0) {
    errs.push(inv(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'))
  }
  if (typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds <= 0) {
    errs.push(inv(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'))
  }
  if (spec.nodeSelector !== undefined) validateLabels(spec.nodeSelector, `${path}.nodeSelector`, errs)
  ;(Array.isArray(spec.tolerations) ? spec.tolerations : []).forEach((t: any, i: number) => {
    if (!isObj(t)) return
    const tp = `${path}.tolerations[${i}]`
    if (t.operator !== undefined && t.operator !== 'Exists' && t.operator !== 'Equal') errs.push(unsupported(`${tp}.operator`, t.operator, ['Equal', 'Exists']))
    if (t.effect !== undefined && t.effect !== '' && !TAINT_EFFECTS.includes(t.effect)) errs.push(unsupported(`${tp}.effect`, t.effect, TAINT_EFFECTS))
    if (t.operator === 'Exists' && t.value) errs.push(inv(`${tp}.operator`, t.operator, 'value must be empty when `operator` is \'Exists\''))
    if (!t.key && t.operator !== 'Exists') errs.push(inv(`${tp}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'))
  })
}

const NOTHING = Symbol('nothing')

function validateTemplate(tpl: any, path: string, selector: any, selectorIsMap: boolean, rules: PodSpecRules, errs: FieldError[]): void {
  if (!isObj(tpl)) {
    errs.push(req(path))
    return
  }
  const labels = tpl.metadata?.labels ?? {}
  validateLabels(tpl.metadata?.labels, `${path}.metadata.labels`, errs)
  if (selector === NOTHING) {
    errs.push(inv(`${path}.metadata.labels`, labels, '`selector` does not match template `labels`'))
  } else if (selector !== undefined && selector !== null) {
    const matches = selectorIsMap ? mapSelectorMatches(selector, labels) : labelSelectorMatches(selector, labels)
    if (matches === false) errs.push(inv(`${path}.metadata.labels`, labels, '`selector` does not match template `labels`'))
  }
  validatePodSpec(tpl.spec, `${path}.spec`, rules, errs)
}

function mapSelectorMatches(sel: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(sel).every(([k, v]) => labels[k] === v)
}

/** Whether a metav1.LabelSelector matches labels; undefined when the selector is empty (nothing to compare). */
export function labelSelectorMatches(sel: any, labels: Record<string, string>): boolean | undefined {
  if (!isObj(sel)) return undefined
  const ml = isObj(sel.matchLabels) ? sel.matchLabels : {}
  const me: any[] = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []
  if (Object.keys(ml).length === 0 && me.length === 0) return undefined
  if (!mapSelectorMatches(ml, labels)) return false
  for (const r of me) {
    const has = Object.prototype.hasOwnProperty.call(labels, r?.key)
    const vals: string[] = r?.values ?? []
    switch (r?.operator) {
      case 'In': if (!has || !vals.includes(labels[r.key]!)) return false; break
      case 'NotIn': if (has && vals.includes(labels[r.key]!)) return false; break
      case 'Exists': if (!has) return false; break
      case 'DoesNotExist': if (has) return false; break
      default: return false
    }
  }
  return true
}

function validateLabelSelector(sel: any, path: string, errs: FieldError[]): void {
  if (!isObj(sel)) return
  validateLabels(sel.matchLabels, `${path}.matchLabels`, errs)
  ;(Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []).forEach((r: any, i: number) => {
    const rp = `${path}.matchExpressions[${i}]`
    const ops = ['In', 'NotIn', 'Exists', 'DoesNotExist']
    if (!ops.includes(r?.operator)) errs.push(inv(`${rp}.operator`, r?.operator ?? '', 'not a valid selector operator'))
    else if ((r.operator === 'In' || r.operator === 'NotIn') && !(r.values?.length)) errs.push(req(`${rp}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''))
    else if ((r.operator === 'Exists' || r.operator === 'DoesNotExist') && r.values?.length) errs.push(forbidden(`${rp}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''))
    for (const m of isQualifiedName(String(r?.key ?? ''))) errs.push(inv(`${rp}.key`, r?.key ?? '', m))
  })
}

function nonNegative(v: unknown, field: string, errs: FieldError[]): void {
  if (typeof v === 'number' && v < 0) errs.push(inv(field, v, 'must be greater than or equal to 0'))
}

function immutable(newV: unknown, oldV: unknown, field: string, errs: FieldError[]): void {
  if (canonical(newV) !== canonical(oldV)) errs.push(inv(field, newV ?? null, 'field is immutable'))
}

// ---- per kind ------------------------------------------------------------------------------------------------

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']

type Validator = (obj: KObject, old: KObject | undefined, errs: FieldError[]) => void

function validatePod(pod: KObject, old: KObject | undefined, errs: FieldError[]): void {
  validatePodSpec(pod.spec, 'spec', {restartPolicies: ['Always', 'OnFailure', 'Never']}, errs)
  if (old) {
    const strip = (spec: any) => {
      const s = JSON.parse(JSON.stringify(spec ?? {}))
      for (const list of [s.containers, s.initContainers]) for (const c of Array.isArray(list) ? list : []) delete c.image
      delete s.activeDeadlineSeconds
      delete s.tolerations
      delete s.terminationGracePeriodSeconds
      delete s.ephemeralContainers
      if (!old.spec?.nodeName) delete s.nodeName
      return canonical(s)
    }
    if (strip(pod.spec) !== strip(old.spec)) {
      errs.push(forbidden('spec', 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'))
    }
  }
}

function selectorRequired(sel: any, kindLabel: string, path: string, errs: FieldError[]): boolean {
  if (sel === undefined || sel === null) {
    errs.push(req(path))
    return false
  }
  validateLabelSelector(sel, path, errs)
  const ml = sel.matchLabels ?? {}
  const me = sel.matchExpressions ?? []
  if (Object.keys(ml).length === 0 && me.length === 0) {
    errs.push(inv(path, sel, `empty selector is invalid for ${kindLabel}`))
    return false
  }
  return true
}

function workload(kindLabel: string, restartPolicies: string[], immutableSelector: boolean): Validator {
  return (obj, old, errs) => {
    const spec = obj.spec ?? {}
    nonNegative(spec.replicas, 'spec.replicas', errs)
    selectorRequired(spec.selector, kindLabel, 'spec.selector', errs)
    // A missing selector matches nothing, so the template-labels error is reported as well.
    const claimNames = (Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []).map((c: any) => c?.metadata?.name).filter(Boolean)
    validateTemplate(spec.template, 'spec.template', spec.selector ?? NOTHING, false, {restartPolicies, claimNames}, errs)
    nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', errs)
    nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', errs)
    if (old && immutableSelector) immutable(spec.selector, old.spec?.selector, 'spec.selector', errs)
  }
}

function validateDeployment(obj: KObject, old: KObject | undefined, errs: FieldError[]): void {
  workload('deployment', ['Always'], true)(obj, old, errs)
  const spec = obj.spec ?? {}
  const st = spec.strategy
  if (isObj(st)) {
    if (st.type !== undefined && st.type !== 'Recreate' && st.type !== 'RollingUpdate') errs.push(unsupported('spec.strategy.type', st.type, ['Recreate', 'RollingUpdate']))
    if (st.type === 'Recreate' && st.rollingUpdate) errs.push(forbidden('spec.strategy.rollingUpdate', 'may not be specified when strategy `type` is \'Recreate\''))
    const ru = st.rollingUpdate
    if (isObj(ru) && st.type === 'RollingUpdate') {
      const zero = (v: unknown) => v === 0 || v === '0%' || v === '0'
      if (zero(ru.maxSurge) && zero(ru.maxUnavailable)) errs.push(inv('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'))
      for (const f of ['maxSurge', 'maxUnavailable']) {
        const v = ru[f]
        if (typeof v === 'number' && v < 0) errs.push(inv(`spec.strategy.rollingUpdate.${f}`, v, 'must be greater than or equal to 0'))
        if (typeof v === 'string' && !/^\d+%$/.test(v)) errs.push(inv(`spec.strategy.rollingUpdate.${f}`, v, 'a valid percent string must be a numeric string followed by an ending \'%\' (e.g. \'1%\',  or \'93%\', regex used for validation is \'[0-9]+%\')'))
        if (f === 'maxUnavailable' && typeof v === 'string' && /^\d+%$/.test(v) && parseInt(v, 10) > 100) errs.push(inv(`spec.strategy.rollingUpdate.${f}`, v, 'must not be greater than 100%'))
      }
    }
  }
  if (typeof spec.progressDeadlineSeconds === 'number' && typeof spec.minReadySeconds === 'number' && spec.progressDeadlineSeconds <= spec.minReadySeconds) {
    errs.push(inv('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'))
  }
}

function validateStatefulSet(obj: KObject, old: KObject | undefined, errs: FieldError[]): void {
  workload('statefulset', ['Always'], true)(obj, old, errs)
  const spec = obj.spec ?? {}
  if (spec.podManagementPolicy !== undefined && !['OrderedReady', 'Parallel'].includes(spec.podManagementPolicy)) {
    errs.push(unsupported('spec.podManagementPolicy', spec.podManagementPolicy, ['OrderedReady', 'Parallel']))
  }
  if (old) {
    // Only some fields of a StatefulSet spec may change.
    const strip = (s: any) => {
      const c = JSON.parse(JSON.stringify(s ?? {}))
      for (const k of ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds', 'revisionHistoryLimit']) delete c[k]
      return canonical(c)
    }
    if (strip(spec) !== strip(old.spec)) {
      errs.push(forbidden('spec', 'updates to statefulset spec for fields other than \'replicas\', \'ordinals\', \'template\', \'updateStrategy\', \'revisionHistoryLimit\', \'persistentVolumeClaimRetentionPolicy\' and \'minReadySeconds\' are forbidden'))
    }
  }
}

function validateJob(obj: KObject, old: KObject | undefined, errs: FieldError[]): void {
  const spec = obj.spec ?? {}
  nonNegative(spec.parallelism, 'spec.parallelism', errs)
  nonNegative(spec.completions, 'spec.completions', errs)
  nonNegative(spec.backoffLimit, 'spec.backoffLimit', errs)
  if (typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds <= 0) errs.push(inv('spec.activeDeadlineSeconds', spec.activeDeadlineSeconds, 'must be greater than 0'))
  if (spec.completionMode !== undefined && !['NonIndexed', 'Indexed'].includes(spec.completionMode)) errs.push(unsupported('spec.completionMode', spec.completionMode, ['NonIndexed', 'Indexed']))
  if (spec.manualSelector === true) selectorRequired(spec.selector, 'job', 'spec.selector', errs)
  validateTemplate(spec.template, 'spec.template', spec.selector, false, {restartPolicies: ['Always', 'OnFailure', 'Never']}, errs)
  jobRestartPolicy(spec.template, 'spec.template.spec.restartPolicy', errs)
  if (old) {
    immutable(spec.selector, old.spec?.selector, 'spec.selector', errs)
    immutable(spec.completions, old.spec?.completions, 'spec.completions', errs)
    immutable(spec.completionMode, old.spec?.completionMode, 'spec.completionMode', errs)
    if (canonical(spec.template) !== canonical(old.spec?.template)) {
      const a = JSON.parse(JSON.stringify(spec.template ?? {}))
      const b = JSON.parse(JSON.stringify(old.spec?.template ?? {}))
      // Suspended jobs may change scheduling directives; everything else in the template is immutable.
      if (canonical(a) !== canonical(b)) errs.push(inv('spec.template', spec.template, 'field is immutable'))
    }
  }
}

// Jobs accept only OnFailure/Never; kube words even an explicit Always as "Required value".
function jobRestartPolicy(tpl: any, field: string, errs: FieldError[]): void {
  const rp = tpl?.spec?.restartPolicy
  if (rp !== 'OnFailure' && rp !== 'Never') errs.push(req(field, 'valid values: "OnFailure", "Never"'))
}

function validateCronJob(obj: KObject, _old: KObject | undefined, errs: FieldError[]): void {
  const spec = obj.spec ?? {}
  const name = obj.metadata?.name ?? ''
  if (name.length > 52) errs.push(inv('metadata.name', name, 'must be no more than 52 characters'))
  if (!spec.schedule) errs.push(req('spec.schedule'))
  else if (!validCron(String(spec.schedule))) errs.push(inv('spec.schedule', spec.schedule, `unparseable schedule "${spec.schedule}"`))
  if (spec.concurrencyPolicy !== undefined && !['Allow', 'Forbid', 'Replace'].includes(spec.concurrencyPolicy)) {
    errs.push(unsupported('spec.concurrencyPolicy', spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']))
  }
  nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit', errs)
  nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit', errs)
  const jspec = spec.jobTemplate?.spec
  if (!isObj(jspec)) errs.push(req('spec.jobTemplate.spec'))
  else {
    validateTemplate(jspec.template, 'spec.jobTemplate.spec.template', undefined, false, {restartPolicies: ['Always', 'OnFailure', 'Never']}, errs)
    jobRestartPolicy(jspec.template, 'spec.jobTemplate.spec.template.spec.restartPolicy', errs)
  }
}

/** Whether a cron schedule parses (5 fields or a @descriptor). */
export function validCron(s: string): boolean {
  let expr = s.trim()
  if (/^(CRON_)?TZ=\S+\s+/.test(expr)) expr = expr.replace(/^(CRON_)?TZ=\S+\s+/, '')
  if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(expr)) return true
  if (/^@every\s+\S+$/.test(expr)) return true
  const fields = expr.split(/\s+/)
  if (fields.length !== 5) return false
  const ranges: [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]]
  const names = [[], [], [], ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'], ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']]
  return fields.every((f, i) => f.split(',').every(part => {
    const [rng, step] = part.split('/')
    if (step !== undefined && !/^\d+$/.test(step)) return false
    if (rng === '*' || rng === '?') return true
    const bounds = rng!.split('-')
    if (bounds.length > 2) return false
    return bounds.every(b => {
      const idx = names[i]!.indexOf(b.toLowerCase())
      const n = idx >= 0 ? idx + (i === 3 ? 1 : 0) : /^\d+$/.test(b) ? Number(b) : NaN
      return n >= ranges[i]![0] && n <= ranges[i]![1]
    })
  }))
}

function validateService(svc: KObject, old: KObject | undefined, errs: FieldError[]): void {
  const spec = svc.spec ?? {}
  const type = spec.type ?? 'ClusterIP'
  if (!SERVICE_TYPES.includes(type)) errs.push(unsupported('spec.type', type, SERVICE_TYPES))
  const ports: any[] = Array.isArray(spec.ports) ? spec.ports : []
  const headless = spec.clusterIP === 'None'
  if (type === 'ExternalName') {
    if (!spec.externalName) errs.push(req('spec.externalName'))
    else for (const m of isDNS1123Subdomain(String(spec.externalName).replace(/\.$/, ''))) errs.push(inv('spec.externalName', spec.externalName, m))
  } else if (ports.length === 0 && !headless) {
    errs.push(req('spec.ports'))
  }
  const names = new Set<string>()
  const seenPorts = new Set<string>()
  ports.forEach((p, i) => {
    if (!isObj(p)) return
    const pp = `spec.ports[${i}]`
    if (ports.length > 1 && !p.name) errs.push(req(`${pp}.name`))
    else if (p.name) {
      for (const m of isDNS1123Label(String(p.name))) errs.push(inv(`${pp}.name`, p.name, m))
      if (names.has(p.name)) errs.push(dup(`${pp}.name`, p.name))
      names.add(p.name)
    }
    if (typeof p.port !== 'number' || p.port < 1 || p.port > 65535) errs.push(inv(`${pp}.port`, p.port ?? 0, PORT_RANGE))
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) errs.push(unsupported(`${pp}.protocol`, p.protocol, PROTOCOLS))
    const key = `${p.port}/${p.protocol ?? 'TCP'}`
    if (seenPorts.has(key)) errs.push(dup(pp, {port: p.port, protocol: p.protocol ?? 'TCP'}))
    seenPorts.add(key)
    if (typeof p.targetPort === 'number' && (p.targetPort < 1 || p.targetPort > 65535)) errs.push(inv(`${pp}.targetPort`, p.targetPort, PORT_RANGE))
    if (typeof p.targetPort === 'string') for (const m of portNameErrors(p.targetPort)) errs.push(inv(`${pp}.targetPort`, p.targetPort, m))
    if (p.nodePort !== undefined && p.nodePort !== 0) {
      if (type === 'ClusterIP' || type === 'ExternalName') errs.push(forbidden(`${pp}.nodePort`, `may not be used when \`type\` is '${type}'`))
      else if (typeof p.nodePort !== 'number' || p.nodePort < 30000 || p.nodePort > 32767) {
        errs.push(inv(`${pp}.nodePort`, p.nodePort, 'provided port is not in the valid range. The range of valid ports is 30000-32767'))
      }
    }
  })
  if (spec.sessionAffinity !== undefined && !['ClientIP', 'None'].includes(spec.sessionAffinity)) errs.push(unsupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']))
  if (spec.externalTrafficPolicy !== undefined && (type === 'ClusterIP' || type === 'ExternalName')) {
    errs.push(forbidden('spec.externalTrafficPolicy', 'may only be set when `type` is \'NodePort\' or \'LoadBalancer\''))
  } else if (spec.externalTrafficPolicy !== undefined && !['Cluster', 'Local'].includes(spec.externalTrafficPolicy)) {
    errs.push(unsupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, ['Cluster', 'Local']))
  }
  if (spec.selector !== undefined) validateLabels(spec.selector, 'spec.selector', errs)
  if (spec.clusterIP && spec.clusterIP !== 'None' && !/^\d{1,3}(\.\d{1,3}){3}$/.test(spec.clusterIP)) {
    errs.push(inv('spec.clusterIPs[0]', spec.clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'))
  }
  if (old && old.spec?.type !== 'ExternalName' && type !== 'ExternalName') {
    const oldIPs: string[] = old.spec?.clusterIPs ?? (old.spec?.clusterIP ? [old.spec.clusterIP] : [])
    const newIPs: string[] = spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])
    if (oldIPs.length && newIPs.length && oldIPs[0] !== newIPs[0]) errs.push(inv('spec.clusterIPs[0]', newIPs, 'may not change once set'))
  }
}

function validateNamespace(ns: KObject, old: KObject | undefined, errs: FieldError[]): void {
  for (const f of ns.spec?.finalizers ?? []) {
    if (typeof f !== 'string' || isQualifiedName(f).length) errs.push(inv('spec.finalizers', f, 'name is neither a standard finalizer name nor is it fully qualified'))
  }
  void old
}

function validateNode(node: KObject, _old: KObject | undefined, errs: FieldError[]): void {
  const taints: any[] = Array.isArray(node.spec?.taints) ? node.spec.taints : []
  const seen = new Set<string>()
  taints.forEach((t, i) => {
    const tp = `spec.taints[${i}]`
    if (!isObj(t)) return
    if (!t.key) errs.push(req(`${tp}.key`))
    else for (const m of isQualifiedName(t.key)) errs.push(inv(`${tp}.key`, t.key, m))
    if (t.value) for (const m of isValidLabelValue(String(t.value))) errs.push(inv(`${tp}.value`, t.value, m))
    if (!t.effect) errs.push(req(`${tp}.effect`))
    else if (!TAINT_EFFECTS.includes(t.effect)) errs.push(unsupported(`${tp}.effect`, t.effect, TAINT_EFFECTS))
    const key = `${t.key}:${t.effect}`
    if (seen.has(key)) errs.push(dup(`${tp}`, `${t.key}=${t.value ?? ''}:${t.effect}`))
    seen.add(key)
  })
}

const MAX_DATA_SIZE = 1024 * 1024

function validateConfigMapData(obj: KObject, errs: FieldError[], fields: string[]): void {
  const keys = new Set<string>()
  let total = 0
  for (const field of fields) {
    const data = obj[field]
    if (!isObj(data)) continue
    for (const [k, v] of Object.entries(data)) {
      // Secret data and binaryData count decoded bytes.
      total += k.length + (field === 'data' && obj.kind === 'ConfigMap' ? Buffer.byteLength(String(v)) : Math.floor((String(v).length * 3) / 4))
    }
  }
  if (total > MAX_DATA_SIZE) errs.push({type: 'FieldValueTooLong', field: '[]', detail: `must have at most ${MAX_DATA_SIZE} bytes`})
  for (const field of fields) {
    const data = obj[field]
    if (!isObj(data)) continue
    for (const k of Object.keys(data)) {
      if (!/^[-._a-zA-Z0-9]+$/.test(k) || k.length > 253) {
        errs.push(inv(`${field}[${k}]`, k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"))
      }
      if (keys.has(k)) errs.push(inv(`${field}[${k}]`, k, 'duplicate of key present in data'))
      keys.add(k)
    }
  }
}

function validateSecret(s: KObject, old: KObject | undefined, errs: FieldError[]): void {
  validateConfigMapData(s, errs, ['data'])
  if (old && (old.type ?? 'Opaque') !== (s.type ?? 'Opaque')) errs.push(inv('type', s.type, 'field is immutable'))
  if (old?.immutable === true && canonical(s.data) !== canonical(old.data)) errs.push(forbidden('data', 'field is immutable when `immutable` is set'))
  if (s.type === 'kubernetes.io/tls') {
    for (const k of ['tls.crt', 'tls.key']) if (!isObj(s.data) || s.data[k] === undefined) errs.push(req(`data[${k}]`))
  }
  if (s.type === 'kubernetes.io/dockerconfigjson' && (!isObj(s.data) || s.data['.dockerconfigjson'] === undefined)) errs.push(req('data[.dockerconfigjson]'))
}

function validateConfigMap(cm: KObject, old: KObject | undefined, errs: FieldError[]): void {
  validateConfigMapData(cm, errs, ['data', 'binaryData'])
  if (old?.immutable === true) {
    if (canonical(cm.data) !== canonical(old.data)) errs.push(forbidden('data', 'field is immutable when `immutable` is set'))
    if (canonical(cm.binaryData) !== canonical(old.binaryData)) errs.push(forbidden('binaryData', 'field is immutable when `immutable` is set'))
  }
}

function validatePVC(pvc: KObject, old: KObject | undefined, errs: FieldError[]): void {
  const spec = pvc.spec ?? {}
  const modes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod']
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) errs.push(req('spec.accessModes', 'at least 1 access mode is required'))
  else spec.accessModes.forEach((m: string) => { if (!modes.includes(m)) errs.push(unsupported('spec.accessModes', m, modes)) })
  const storage = spec.resources?.requests?.storage
  if (storage === undefined) errs.push(req('spec.resources[storage]'))
  else if (parseQuantity(storage) === undefined) errs.push(inv('spec.resources.requests[storage]', storage, 'must be a valid quantity'))
  if (old && old.status?.phase === 'Bound') {
    const strip = (s: any) => {
      const c = JSON.parse(JSON.stringify(s ?? {}))
      delete c.resources
      delete c.volumeAttributesClassName
      return canonical(c)
    }
    if (strip(spec) !== strip(old.spec)) errs.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'))
  }
}

function validatePDB(pdb: KObject, _old: KObject | undefined, errs: FieldError[]): void {
  const spec = pdb.spec ?? {}
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) errs.push(inv('spec', spec, 'minAvailable and maxUnavailable cannot be both set'))
  for (const f of ['minAvailable', 'maxUnavailable']) {
    const v = spec[f]
    if (typeof v === 'number' && v < 0) errs.push(inv(`spec.${f}`, v, 'must be greater than or equal to 0'))
    if (typeof v === 'string' && !/^\d+%$/.test(v)) errs.push(inv(`spec.${f}`, v, 'a valid percent string must be a numeric string followed by an ending \'%\' (e.g. \'1%\',  or \'93%\', regex used for validation is \'[0-9]+%\')'))
  }
  if (spec.selector !== undefined) validateLabelSelector(spec.selector, 'spec.selector', errs)
}

function validateRC(rc: KObject, old: KObject | undefined, errs: FieldError[]): void {
  const spec = rc.spec ?? {}
  nonNegative(spec.replicas, 'spec.replicas', errs)
  const sel = spec.selector
  if (!isObj(sel) || Object.keys(sel).length === 0) errs.push(req('spec.selector'))
  else validateLabels(sel, 'spec.selector', errs)
  validateTemplate(spec.template, 'spec.template', isObj(sel) && Object.keys(sel).length ? sel : undefined, true, {restartPolicies: ['Always']}, errs)
  void old
}

function validateCRD(crd: KObject, _old: KObject | undefined, errs: FieldError[]): void {
  const spec = crd.spec ?? {}
  const names = spec.names ?? {}
  if (!spec.group) errs.push(req('spec.group'))
  if (!names.plural) errs.push(req('spec.names.plural'))
  if (!names.kind) errs.push(req('spec.names.kind'))
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') errs.push(unsupported('spec.scope', spec.scope ?? '', ['Cluster', 'Namespaced']))
  const expected = `${names.plural ?? ''}.${spec.group ?? ''}`
  if (crd.metadata?.name && names.plural && spec.group && crd.metadata.name !== expected) {
    errs.push(inv('metadata.name', crd.metadata.name, `must be spec.names.plural+"."+spec.group`))
  }
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : []
  if (versions.length === 0) errs.push(inv('spec.versions', versions, 'must have exactly one version marked as storage version'))
  else {
    const storage = versions.filter(v => v?.storage === true).length
    if (storage !== 1) errs.push(inv('spec.versions', versions, 'must have exactly one version marked as storage version'))
    versions.forEach((v, i) => {
      if (!v?.schema?.openAPIV3Schema) errs.push(req(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'))
    })
  }
}

function validateIngress(ing: KObject, _old: KObject | undefined, errs: FieldError[]): void {
  const rules: any[] = ing.spec?.rules ?? []
  rules.forEach((r, i) => {
    ;(r?.http?.paths ?? []).forEach((p: any, j: number) => {
      const pp = `spec.rules[${i}].http.paths[${j}]`
      const types = ['Exact', 'ImplementationSpecific', 'Prefix']
      if (p?.pathType === undefined) errs.push(req(`${pp}.pathType`, 'pathType must be specified'))
      else if (!types.includes(p.pathType)) errs.push(unsupported(`${pp}.pathType`, p.pathType, types))
      if (p?.path !== undefined && p.pathType !== 'ImplementationSpecific' && !String(p.path).startsWith('/')) errs.push(inv(`${pp}.path`, p.path, 'must be an absolute path'))
    })
  })
}

const VALIDATORS: Record<string, Validator> = {
  pods: validatePod,
  services: validateService,
  namespaces: validateNamespace,
  nodes: validateNode,
  secrets: validateSecret,
  configmaps: validateConfigMap,
  persistentvolumeclaims: validatePVC,
  replicationcontrollers: validateRC,
  'deployments.apps': validateDeployment,
  'replicasets.apps': workload('replicaset', ['Always'], true),
  'statefulsets.apps': validateStatefulSet,
  'daemonsets.apps': workload('daemonset', ['Always'], true),
  'jobs.batch': validateJob,
  'cronjobs.batch': validateCronJob,
  'poddisruptionbudgets.policy': validatePDB,
  'customresourcedefinitions.apiextensions.k8s.io': validateCRD,
  'ingresses.networking.k8s.io': validateIngress,
}

// Typed JSON decoding in kube-apiserver fails (400) before validation when a field has the wrong JSON type.
// Each entry: path ('*' = every array element or map value), the Go field name encoding/json reports, the Go type.
interface TypedField {
  path: string[]
  goField: string
  goType: 'string' | 'int32' | 'base64' | 'quantity' | 'struct'
  /** The Go type named in the error, for a struct. */
  goName?: string
}

const META_FIELDS: TypedField[] = [
  {path: ['metadata', 'labels', '*'], goField: 'ObjectMeta.metadata.labels', goType: 'string'},
  {path: ['metadata', 'annotations', '*'], goField: 'ObjectMeta.metadata.annotations', goType: 'string'},
]

function podSpecFields(prefix: string[]): TypedField[] {
  const dotted = prefix.join('.')
  const at = (s: string) => (dotted ? `${dotted}.${s}` : s)
  const out: TypedField[] = []
  for (const list of ['containers', 'initContainers']) {
    out.push(
      {path: [...prefix, list, '*', 'ports', '*'], goField: `Container.${at(`${list}.ports`)}`, goType: 'struct', goName: 'v1.ContainerPort'},
      {path: [...prefix, list, '*', 'ports', '*', 'containerPort'], goField: `ContainerPort.${at(`${list}.ports.containerPort`)}`, goType: 'int32'},
      {path: [...prefix, list, '*', 'env', '*', 'value'], goField: `EnvVar.${at(`${list}.env.value`)}`, goType: 'string'},
      {path: [...prefix, list, '*', 'command', '*'], goField: `Container.${at(`${list}.command`)}`, goType: 'string'},
      {path: [...prefix, list, '*', 'args', '*'], goField: `Container.${at(`${list}.args`)}`, goType: 'string'},
      {path: [...prefix, list, '*', 'image'], goField: `Container.${at(`${list}.image`)}`, goType: 'string'},
      {path: [...prefix, list, '*', 'resources', 'limits', '*'], goField: '', goType: 'quantity'},
      {path: [...prefix, list, '*', 'resources', 'requests', '*'], goField: '', goType: 'quantity'},
    )
  }
  return out
}

function templateFields(prefix: string[]): TypedField[] {
  const dotted = [...prefix, 'metadata', 'labels'].join('.')
  return [{path: [...prefix, 'metadata', 'labels', '*'], goField: `ObjectMeta.${dotted}`, goType: 'string'}, ...podSpecFields([...prefix, 'spec'])]
}

const TYPED_FIELDS: Record<string, TypedField[]> = {
  pods: podSpecFields(['spec']),
  configmaps: [{path: ['data', '*'], goField: 'ConfigMap.data', goType: 'string'}],
  secrets: [{path: ['data', '*'], goField: 'Secret.data', goType: 'base64'}, {path: ['stringData', '*'], goField: 'Secret.stringData', goType: 'string'}],
  services: [
    {path: ['spec', 'ports', '*', 'port'], goField: 'ServicePort.spec.ports.port', goType: 'int32'},
    {path: ['spec', 'ports', '*', 'nodePort'], goField: 'ServicePort.spec.ports.nodePort', goType: 'int32'},
    {path: ['spec', 'selector', '*'], goField: 'ServiceSpec.spec.selector', goType: 'string'},
  ],
  'deployments.apps': [{path: ['spec', 'replicas'], goField: 'DeploymentSpec.spec.replicas', goType: 'int32'}, ...templateFields(['spec', 'template'])],
  'replicasets.apps': [{path: ['spec', 'replicas'], goField: 'ReplicaSetSpec.spec.replicas', goType: 'int32'}, ...templateFields(['spec', 'template'])],
  'statefulsets.apps': [{path: ['spec', 'replicas'], goField: 'StatefulSetSpec.spec.replicas', goType: 'int32'}, ...templateFields(['spec', 'template'])],
  'daemonsets.apps': templateFields(['spec', 'template']),
  'jobs.batch': templateFields(['spec', 'template']),
  'cronjobs.batch': templateFields(['spec', 'jobTemplate', 'spec', 'template']),
}

function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array'
  if (v === null) return 'null'
  if (typeof v === 'object') return 'object'
  if (typeof v === 'boolean') return 'bool'
  return typeof v
}

/** Go's base64.StdEncoding error offset for s, or -1 when s decodes (newlines are skipped, as Go does). */
export function base64ErrorOffset(s: string): number {
  const ALPHA = /[A-Za-z0-9+/]/
  let i = 0
  let quantum = 0
  let sawPad = false
  for (; i < s.length; i++) {
    const c = s[i]!
    if (c === '\n' || c === '\r') continue
    if (sawPad) {
      if (c !== '=') return i
      continue
    }
    if (c === '=') {
      if (quantum < 2) return i
      sawPad = true
      continue
    }
    if (!ALPHA.test(c)) return i
    quantum = (quantum + 1) % 4
  }
  if (!sawPad && quantum !== 0) return s.length - quantum
  return -1
}

function typeError(obj: any, path: string[], f: TypedField): string | undefined {
  if (path.length === 0) {
    if (obj === null || obj === undefined) return undefined
    if (f.goType === 'int32') {
      if (typeof obj === 'number') return Number.isInteger(obj) ? undefined : `json: cannot unmarshal number ${obj} into Go struct field ${f.goField} of type int32`
      return `json: cannot unmarshal ${jsonTypeName(obj)} into Go struct field ${f.goField} of type int32`
    }
    if (f.goType === 'struct') return isObj(obj) ? undefined : `json: cannot unmarshal ${jsonTypeName(obj)} into Go struct field ${f.goField} of type ${f.goName}`
    if (f.goType === 'quantity') {
      if (typeof obj === 'number') return undefined
      const q = String(obj)
      if (!/^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/.test(q)) return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
      if (parseQuantity(q) === undefined) return "unable to parse quantity's suffix"
      return undefined
    }
    if (typeof obj !== 'string') return `json: cannot unmarshal ${jsonTypeName(obj)} into Go struct field ${f.goField} of type ${f.goType === 'base64' ? '[]uint8' : 'string'}`
    if (f.goType === 'base64') {
      const off = base64ErrorOffset(obj)
      if (off >= 0) return `illegal base64 data at input byte ${off}`
    }
    return undefined
  }
  const [head, ...rest] = path
  if (head === '*') {
    if (Array.isArray(obj)) {
      for (const x of obj) {
        const e = typeError(x, rest, f)
        if (e) return e
      }
    } else if (isObj(obj)) {
      for (const k of Object.keys(obj)) {
        const e = typeError(obj[k], rest, f)
        if (e) return e
      }
    }
    return undefined
  }
  return isObj(obj) ? typeError(obj[head!], rest, f) : undefined
}

/** Validation of a create (old undefined) or update; undefined when valid. */
export function validate(info: ResourceInfo, obj: KObject, old?: KObject): ApiError | undefined {
  const key = kindKey(info)
  for (const f of [...META_FIELDS, ...(TYPED_FIELDS[key] ?? [])]) {
    const e = typeError(obj, f.path, f)
    if (e) return new ApiError(400, 'BadRequest', `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${e}`)
  }
  const errs: FieldError[] = []
  validateMeta(info, obj, errs)
  VALIDATORS[key]?.(obj, old, errs)
  if (old) {
    if (old.metadata?.uid && obj.metadata?.uid && old.metadata.uid !== obj.metadata.uid) errs.push(inv('metadata.uid', obj.metadata.uid, 'field is immutable'))
  }
  if (errs.length === 0) return undefined
  return invalidError(info, obj.metadata?.name ?? '', errs)
}
