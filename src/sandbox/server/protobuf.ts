// Decodes `application/vnd.kubernetes.protobuf` request bodies (kubectl 1.32+ typed clients: `create <subcommand>`,
// drain's DELETE) into the JSON object kube-apiserver would have decoded.
// Wire format: 4 magic bytes "k8s\0", then runtime.Unknown {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding,
// 4 contentType}; raw is the object's own message. Field numbers come from upstream generated.proto (protobuf-messages.ts).
// Go writes every non-pointer scalar, so a zero on the wire is only meaningful for pointer fields: the descriptors carry
// Go's pointer/omitempty facts so the JSON matches what encoding/json would have produced from the same Go struct.
import protobuf from 'protobufjs/minimal.js'

import {ApiError, type KObject} from '../types.js'
import {LIST_WRAPPERS, MESSAGES} from './protobuf-messages.js'

type Field = {num: number; name: string; type: string; repeated: boolean; map: boolean; pointer: boolean; keep: boolean; inline: boolean}
type Desc = {fields: Field[]; byNum: Map<number, Field>}

/** The media type kube-apiserver uses for protobuf bodies. */
export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf'

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00])
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1.'
const TIME = META + 'Time'
const MICRO_TIME = META + 'MicroTime'
const DURATION = META + 'Duration'
const FIELDS_V1 = META + 'FieldsV1'
const QUANTITY = 'k8s.io.apimachinery.pkg.api.resource.Quantity'
const INT_OR_STRING = 'k8s.io.apimachinery.pkg.util.intstr.IntOrString'
const RAW_EXTENSION = 'k8s.io.apimachinery.pkg.runtime.RawExtension'
const UNKNOWN = 'k8s.io.apimachinery.pkg.runtime.Unknown'
const SCALARS = new Set(['string', 'int32', 'int64', 'bool', 'bytes', 'double', 'float', 'uint32', 'uint64'])
const listWrappers = new Set(LIST_WRAPPERS)
const descs = new Map<string, Desc>()

function desc(type: string): Desc {
  let d = descs.get(type)
  if (!d) {
    const raw = MESSAGES[type]
    if (!raw) throw new Error(`no protobuf descriptor for ${type}`)
    const fields = raw.map(([num, name, t, flags]) => ({
      num, name, type: t,
      repeated: flags.includes('r'), map: flags.includes('m'), pointer: flags.includes('p'), keep: flags.includes('k'), inline: flags.includes('i'),
    }))
    d = {fields, byNum: new Map(fields.map(f => [f.num, f]))}
    descs.set(type, d)
  }
  return d
}

/** True when the body starts with the Kubernetes protobuf magic prefix. */
export function isProtobufBody(body: Buffer): boolean {
  return body.length >= 4 && body.subarray(0, 4).equals(MAGIC)
}

/**
 * Decodes a protobuf request body into the JSON form (apiVersion and kind first), as kube-apiserver would have read it.
 * Throws ApiError 415 for bodies or kinds it cannot decode.
 */
export function decodeProtobufObject(body: Buffer): KObject {
  if (!isProtobufBody(body)) throw unsupported('the body is not a Kubernetes protobuf message')
  let unknown: Record<number, any>
  try {
    unknown = readRaw(UNKNOWN, body.subarray(4))
  } catch {
    throw unsupported('the protobuf envelope could not be decoded')
  }
  const typeMeta = unknown[1] ? readRaw('k8s.io.apimachinery.pkg.runtime.TypeMeta', unknown[1]) : {}
  const apiVersion: string = typeMeta[1] ?? ''
  const kind: string = typeMeta[2] ?? ''
  if (unknown[3]) throw unsupported(`unsupported protobuf content encoding ${JSON.stringify(unknown[3])}`)
  const type = messageFor(apiVersion, kind)
  if (!type) throw unsupported(`no protobuf decoding for ${apiVersion || '<none>'} ${kind || '<none>'}`)
  let obj: Record<string, any>
  try {
    obj = decodeMessage(type, unknown[2] ?? Buffer.alloc(0))
  } catch (err) {
    throw new ApiError(400, 'BadRequest', `unable to decode ${kind} from protobuf: ${(err as Error).message}`)
  }
  return {apiVersion, kind, ...obj} as KObject
}

/** The full protobuf message name for an apiVersion and kind, or undefined when this server has no descriptor for it. */
export function messageFor(apiVersion: string, kind: string): string | undefined {
  const slash = apiVersion.indexOf('/')
  const group = slash < 0 ? '' : apiVersion.slice(0, slash)
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1)
  // Upstream proto packages are named after the group's first label: networking.k8s.io -> networking, '' -> core.
  const pkg = group === '' ? 'core' : group.split('.')[0]
  const candidates = [`k8s.io.api.${pkg}.${version}.${kind}`, META + kind]
  return candidates.find(c => MESSAGES[c] !== undefined)
}

function unsupported(message: string): ApiError {
  return new ApiError(415, 'UnsupportedMediaType', message)
}

/** Reads one message into field number -> last value (bytes for length-delimited fields); used for the envelope. */
function readRaw(type: string, buf: Uint8Array): Record<number, any> {
  const out: Record<number, any> = {}
  const r = protobuf.Reader.create(buf)
  // The envelope messages have only string and bytes fields; both are length-delimited.
  const strings = type === UNKNOWN ? new Set([3, 4]) : new Set([1, 2])
  while (r.pos < r.len) {
    const tag = r.uint32()
    const num = tag >>> 3
    if ((tag & 7) !== 2) {
      r.skipType(tag & 7)
      continue
    }
    out[num] = strings.has(num) ? r.string() : r.bytes()
  }
  return out
}

/** Decodes one message of the given type into its JSON form. */
function decodeMessage(type: string, buf: Uint8Array): any {
  const r = protobuf.Reader.create(buf)
  return readMessage(type, r, r.len)
}

function readMessage(type: string, r: protobuf.Reader, end: number): any {
  const special = readSpecial(type, r, end)
  if (special !== NOT_SPECIAL) return special
  const d = desc(type)
  const seen = new Map<number, any>()
  while (r.pos < end) {
    const tag = r.uint32()
    const wt = tag & 7
    const f = d.byNum.get(tag >>> 3)
    if (!f) {
      r.skipType(wt)
      continue
    }
    if (f.map) {
      const len = r.uint32()
      const stop = r.pos + len
      let key = ''
      let value: any = zeroOf(f.type)
      while (r.pos < stop) {
        const t = r.uint32()
        if (t >>> 3 === 1) key = r.string()
        else if (t >>> 3 === 2) value = readValue(f.type, r)
        else r.skipType(t & 7)
      }
      const m = seen.get(f.num) ?? {}
      m[key] = value
      seen.set(f.num, m)
    } else if (f.repeated) {
      const list = seen.get(f.num) ?? []
      if (wt === 2 && SCALARS.has(f.type) && f.type !== 'string' && f.type !== 'bytes') {
        // packed repeated numbers
        const stop = r.uint32() + r.pos
        while (r.pos < stop) list.push(readValue(f.type, r))
      } else {
        list.push(readValue(f.type, r))
      }
      seen.set(f.num, list)
    } else {
      seen.set(f.num, readValue(f.type, r))
    }
  }
  return toJson(d, seen)
}

function readValue(type: string, r: protobuf.Reader): any {
  switch (type) {
    case 'string': return r.string()
    case 'bytes': return Buffer.from(r.bytes()).toString('base64')
    case 'int32': return r.int32()
    case 'uint32': return r.uint32()
    case 'int64': return longToNumber(r.int64())
    case 'uint64': return longToNumber(r.uint64())
    case 'bool': return r.bool()
    case 'double': return r.double()
    case 'float': return r.float()
  }
  const len = r.uint32()
  return readMessage(type, r, r.pos + len)
}

function longToNumber(v: any): number {
  return typeof v === 'number' ? v : v.toNumber()
}

// Builds the JSON object the way encoding/json would from the Go struct that the wire bytes decode into.
function toJson(d: Desc, seen: Map<number, any>): any {
  const out: Record<string, any> = {}
  for (const f of d.fields) {
    const present = seen.has(f.num)
    const v = seen.get(f.num)
    if (f.inline) {
      Object.assign(out, present ? v : zeroOf(f.type))
      continue
    }
    if (f.repeated || f.map) {
      const empty = !present || (f.map ? Object.keys(v).length === 0 : v.length === 0)
      if (!empty) out[f.name] = v
      else if (f.keep) out[f.name] = null
      continue
    }
    if (f.pointer) {
      if (present) out[f.name] = v
      else if (f.keep) out[f.name] = null
      continue
    }
    if (!SCALARS.has(f.type)) {
      // encoding/json never omits a struct, omitempty or not.
      out[f.name] = present ? v : zeroOf(f.type)
      continue
    }
    const value = present ? v : zeroOf(f.type)
    if (f.keep || !isZero(value)) out[f.name] = value
  }
  return out
}

function isZero(v: any): boolean {
  return v === '' || v === 0 || v === false
}

function zeroOf(type: string): any {
  switch (type) {
    case 'string': case 'bytes': return ''
    case 'bool': return false
    case 'int32': case 'int64': case 'uint32': case 'uint64': case 'double': case 'float': return 0
  }
  return decodeMessage(type, new Uint8Array(0))
}

const NOT_SPECIAL = Symbol('not special')

// Types whose Go JSON form differs from their protobuf message: times, quantities, int-or-string, raw JSON.
function readSpecial(type: string, r: protobuf.Reader, end: number): any {
  switch (type) {
    case TIME: case MICRO_TIME: {
      let seconds = 0
      let nanos = 0
      while (r.pos < end) {
        const t = r.uint32()
        if (t >>> 3 === 1) seconds = longToNumber(r.int64())
        else if (t >>> 3 === 2) nanos = r.int32()
        else r.skipType(t & 7)
      }
      // The zero time travels as an empty message and marshals as null.
      if (seconds === 0 && nanos === 0) return null
      const iso = new Date(seconds * 1000).toISOString().slice(0, 19)
      return type === TIME ? `${iso}Z` : `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`
    }
    case DURATION: {
      let ns = 0
      while (r.pos < end) {
        const t = r.uint32()
        if (t >>> 3 === 1) ns = longToNumber(r.int64())
        else r.skipType(t & 7)
      }
      return formatDuration(ns)
    }
    case QUANTITY: {
      let s = ''
      while (r.pos < end) {
        const t = r.uint32()
        if (t >>> 3 === 1) s = r.string()
        else r.skipType(t & 7)
      }
      return s === '' ? '0' : s
    }
    case INT_OR_STRING: {
      let kind = 0
      let intVal = 0
      let strVal = ''
      while (r.pos < end) {
        const t = r.uint32()
        if (t >>> 3 === 1) kind = longToNumber(r.int64())
        else if (t >>> 3 === 2) intVal = r.int32()
        else if (t >>> 3 === 3) strVal = r.string()
        else r.skipType(t & 7)
      }
      return kind === 1 ? strVal : intVal
    }
    case RAW_EXTENSION: case FIELDS_V1: {
      let raw: Uint8Array | undefined
      while (r.pos < end) {
        const t = r.uint32()
        if (t >>> 3 === 1) raw = r.bytes()
        else r.skipType(t & 7)
      }
      if (!raw || raw.length === 0) return null
      const text = Buffer.from(raw).toString('utf8')
      try {
        return JSON.parse(text)
      } catch {
        // RawExtension may carry YAML or protobuf; pass it on as text rather than guess.
        return text
      }
    }
  }
  if (listWrappers.has(type)) {
    const items: any[] = []
    while (r.pos < end) {
      const t = r.uint32()
      if (t >>> 3 === 1) items.push(r.string())
      else r.skipType(t & 7)
    }
    return items
  }
  return NOT_SPECIAL
}

/** Formats nanoseconds like Go's time.Duration.String() (metav1.Duration's JSON form). */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s'
  const neg = ns < 0
  let u = Math.abs(ns)
  let s: string
  if (u < 1e9) {
    const [unit, div] = u < 1e3 ? ['ns', 1] : u < 1e6 ? ['µs', 1e3] : ['ms', 1e6]
    s = trimFraction(u / div) + unit
  } else {
    const h = Math.floor(u / 3600e9)
    u -= h * 3600e9
    const m = Math.floor(u / 60e9)
    u -= m * 60e9
    s = `${trimFraction(u / 1e9)}s`
    if (h > 0) s = `${h}h${m}m${s}`
    else if (m > 0) s = `${m}m${s}`
  }
  return neg ? '-' + s : s
}

function trimFraction(n: number): string {
  return n.toFixed(9).replace(/\.?0+$/, '')
}
