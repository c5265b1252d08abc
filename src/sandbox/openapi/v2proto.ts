// Encodes the Swagger 2.0 document as the gnostic openapi.v2.Document protobuf message: kubectl asks /openapi/v2 with
// Accept application/com.github.proto-openapi.spec.v2@v1.0+protobuf and parses the body as protobuf only (JSON fails
// with "proto: cannot parse invalid wire-format data"). Field numbers are those of gnostic's OpenAPIv2.proto.
// Vendor extensions and free-form values travel as gnostic Any {yaml}; JSON text is valid YAML for them.
import protobuf from 'protobufjs/minimal.js'

/** Content-Type of the protobuf /openapi/v2 answer (the Accept value with '@' replaced: Go's mime parser rejects '@'). */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf'

type W = protobuf.Writer

function str(w: W, field: number, v: unknown): void {
  if (typeof v === 'string' && v !== '') w.uint32((field << 3) | 2).string(v)
}

function bool(w: W, field: number, v: unknown): void {
  if (v === true) w.uint32(field << 3).bool(true)
}

function int64(w: W, field: number, v: unknown): void {
  if (typeof v === 'number' && Number.isFinite(v)) w.uint32(field << 3).int64(v)
}

function double(w: W, field: number, v: unknown): void {
  if (typeof v === 'number' && Number.isFinite(v)) w.uint32((field << 3) | 1).double(v)
}

function msg(w: W, field: number, encode: (w: W) => void): void {
  w.uint32((field << 3) | 2).fork()
  encode(w)
  w.ldelim()
}

function any(w: W, field: number, value: unknown): void {
  if (value === undefined) return
  msg(w, field, a => str(a, 2, JSON.stringify(value) + '\n'))
}

function vendorExtensions(w: W, field: number, o: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(o)) {
    if (k.startsWith('x-')) msg(w, field, n => { str(n, 1, k); any(n, 2, v) })
  }
}

/** Encodes a Swagger 2.0 JSON document (as built by openapiV2) into gnostic's openapi.v2.Document. */
export function encodeOpenAPIV2(doc: any): Uint8Array {
  const w = protobuf.Writer.create()
  str(w, 1, doc.swagger)
  if (doc.info) msg(w, 2, i => { str(i, 1, doc.info.title); str(i, 2, doc.info.version); str(i, 3, doc.info.description) })
  for (const s of doc.schemes ?? []) str(w, 5, s)
  for (const s of doc.consumes ?? []) str(w, 6, s)
  for (const s of doc.produces ?? []) str(w, 7, s)
  if (doc.paths) {
    msg(w, 8, p => {
      for (const [name, item] of Object.entries<any>(doc.paths)) msg(p, 2, n => { str(n, 1, name); msg(n, 2, v => pathItem(v, item)) })
    })
  }
  if (doc.definitions) {
    msg(w, 9, d => {
      for (const [name, s] of Object.entries<any>(doc.definitions)) msg(d, 1, n => { str(n, 1, name); msg(n, 2, v => schema(v, s)) })
    })
  }
  for (const req of doc.security ?? []) {
    msg(w, 12, r => {
      for (const [name, scopes] of Object.entries<any>(req)) msg(r, 1, n => { str(n, 1, name); msg(n, 2, a => { for (const s of scopes) str(a, 1, s) }) })
    })
  }
  if (doc.securityDefinitions) {
    msg(w, 13, d => {
      for (const [name, s] of Object.entries<any>(doc.securityDefinitions)) {
        msg(d, 1, n => {
          str(n, 1, name)
          // Only apiKey schemes are used by Kubernetes (BearerToken).
          msg(n, 2, item => msg(item, 2, k => { str(k, 1, s.type); str(k, 2, s.name); str(k, 3, s.in); str(k, 4, s.description) }))
        })
      }
    })
  }
  vendorExtensions(w, 16, doc)
  return w.finish()
}

const METHODS: [string, number][] = [['get', 2], ['put', 3], ['post', 4], ['delete', 5], ['options', 6], ['head', 7], ['patch', 8]]

function pathItem(w: W, item: any): void {
  str(w, 1, item.$ref)
  for (const [method, field] of METHODS) if (item[method]) msg(w, field, o => operation(o, item[method]))
  for (const p of item.parameters ?? []) msg(w, 9, pi => parametersItem(pi, p))
  vendorExtensions(w, 10, item)
}

function operation(w: W, op: any): void {
  for (const t of op.tags ?? []) str(w, 1, t)
  str(w, 2, op.summary)
  str(w, 3, op.description)
  str(w, 5, op.operationId)
  for (const s of op.produces ?? []) str(w, 6, s)
  for (const s of op.consumes ?? []) str(w, 7, s)
  for (const p of op.parameters ?? []) msg(w, 8, pi => parametersItem(pi, p))
  if (op.responses) {
    msg(w, 9, rs => {
      for (const [code, r] of Object.entries<any>(op.responses)) {
        msg(rs, 1, n => {
          str(n, 1, code)
          msg(n, 2, rv => msg(rv, 1, resp => {
            str(resp, 1, r.description)
            if (r.schema) msg(resp, 2, si => msg(si, 1, s => schema(s, r.schema)))
          }))
        })
      }
    })
  }
  for (const s of op.schemes ?? []) str(w, 10, s)
  bool(w, 11, op.deprecated)
  vendorExtensions(w, 13, op)
}

function parametersItem(w: W, p: any): void {
  if (p.$ref) {
    msg(w, 2, r => { str(r, 1, p.$ref); str(r, 2, p.description) })
    return
  }
  msg(w, 1, param => {
    if (p.in === 'body') {
      msg(param, 1, b => { str(b, 1, p.description); str(b, 2, p.name); str(b, 3, p.in); bool(b, 4, p.required); if (p.schema) msg(b, 5, s => schema(s, p.schema)) })
      return
    }
    msg(param, 2, nb => {
      if (p.in === 'path') {
        msg(nb, 4, q => { bool(q, 1, p.required); str(q, 2, p.in); str(q, 3, p.description); str(q, 4, p.name); str(q, 5, p.type); str(q, 6, p.format); bool(q, 19, p.uniqueItems) })
      } else if (p.in === 'header') {
        msg(nb, 1, q => { bool(q, 1, p.required); str(q, 2, p.in); str(q, 3, p.description); str(q, 4, p.name); str(q, 5, p.type); str(q, 6, p.format); bool(q, 19, p.uniqueItems) })
      } else {
        // query (formData is not used by Kubernetes)
        msg(nb, 3, q => { bool(q, 1, p.required); str(q, 2, p.in); str(q, 3, p.description); str(q, 4, p.name); str(q, 6, p.type); str(q, 7, p.format); bool(q, 20, p.uniqueItems) })
      }
    })
  })
}

function schema(w: W, s: any): void {
  if (!s || typeof s !== 'object') return
  str(w, 1, s.$ref)
  str(w, 2, s.format)
  str(w, 3, s.title)
  str(w, 4, s.description)
  any(w, 5, s.default)
  double(w, 6, s.multipleOf)
  double(w, 7, s.maximum)
  bool(w, 8, s.exclusiveMaximum)
  double(w, 9, s.minimum)
  bool(w, 10, s.exclusiveMinimum)
  int64(w, 11, s.maxLength)
  int64(w, 12, s.minLength)
  str(w, 13, s.pattern)
  int64(w, 14, s.maxItems)
  int64(w, 15, s.minItems)
  bool(w, 16, s.uniqueItems)
  int64(w, 17, s.maxProperties)
  int64(w, 18, s.minProperties)
  for (const r of Array.isArray(s.required) ? s.required : []) str(w, 19, r)
  for (const e of Array.isArray(s.enum) ? s.enum : []) any(w, 20, e)
  if (s.additionalProperties !== undefined) {
    msg(w, 21, a => {
      if (typeof s.additionalProperties === 'boolean') a.uint32(2 << 3).bool(s.additionalProperties)
      else msg(a, 1, x => schema(x, s.additionalProperties))
    })
  }
  if (s.type !== undefined) msg(w, 22, t => { for (const v of Array.isArray(s.type) ? s.type : [s.type]) str(t, 1, v) })
  if (s.items !== undefined) msg(w, 23, it => { for (const x of Array.isArray(s.items) ? s.items : [s.items]) msg(it, 1, y => schema(y, x)) })
  for (const x of Array.isArray(s.allOf) ? s.allOf : []) msg(w, 24, y => schema(y, x))
  if (s.properties) {
    msg(w, 25, ps => {
      for (const [name, p] of Object.entries<any>(s.properties)) msg(ps, 1, n => { str(n, 1, name); msg(n, 2, v => schema(v, p)) })
    })
  }
  str(w, 26, s.discriminator)
  bool(w, 27, s.readOnly)
  any(w, 30, s.example)
  vendorExtensions(w, 31, s)
}
