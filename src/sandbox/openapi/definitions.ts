// Builds the Kubernetes OpenAPI definitions (io.k8s.api.apps.v1.Deployment, ...) from two npm packages, read as data:
// * @kubernetes/client-node (kubernetes-client org, generated from the upstream v1.34 spec): the property set, JSON
//   names, types, int32/int64/double/byte/date-time formats and required-ness of every definition;
// * kubernetes-types (generated from the upstream swagger.json): the upstream definition names (package + type) and the
//   descriptions, including those of object-typed properties, which client-node's generator drops.
// Vendor extensions (patch strategy, merge keys, list types) come from extensions.ts. Built once, on first use.
import {readdirSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join, relative} from 'node:path'

import {EXTENSIONS} from './extensions.js'

/** One property schema, in a neutral form that renders to OpenAPI v3 or v2. */
export interface Prop {
  type?: string
  format?: string
  /** Full definition name, e.g. io.k8s.api.core.v1.PodSpec. */
  ref?: string
  items?: Prop
  additionalProperties?: Prop
  description?: string
  ext?: Record<string, unknown>
}

/** One definition (components.schemas / definitions entry). */
export interface Def {
  description?: string
  type?: string
  format?: string
  /** v3-only alternatives for Quantity and IntOrString (v2 uses type/format). */
  oneOf?: {type: string}[]
  properties?: Record<string, Prop>
  required?: string[]
  /** Definitions without a closed property set (RawExtension, JSON): any content is accepted. */
  open?: boolean
}

/** GroupVersionKind as the x-kubernetes-group-version-kind extension spells it. */
export interface GVK {
  group: string
  version: string
  kind: string
}

/** Prefix of the meta/v1 definitions (ObjectMeta, DeleteOptions, Status, ...). */
export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.'
const TIME = META + 'Time'
const MICRO_TIME = META + 'MicroTime'
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity'
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString'
const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension'
const FIELDS_V1 = META + 'FieldsV1'
const JSON_DEF = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON'

let cache: Map<string, Def> | undefined

/** All built-in definitions keyed by upstream name. */
export function definitions(): Map<string, Def> {
  cache ??= build()
  return cache
}

/** The upstream definition name of a built-in kind, e.g. apps/v1 Deployment -> io.k8s.api.apps.v1.Deployment. */
export function definitionFor(group: string, version: string, kind: string): string | undefined {
  const defs = definitions()
  for (const name of [`${packagePrefix(group, version)}.${kind}`, META + kind]) if (defs.has(name)) return name
  return undefined
}

/** Upstream package prefix of a group-version: '' -> io.k8s.api.core.v1, networking.k8s.io -> io.k8s.api.networking.v1. */
export function packagePrefix(group: string, version: string): string {
  if (group === 'apiextensions.k8s.io') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}`
  if (group === 'apiregistration.k8s.io') return `io.k8s.kube-aggregator.pkg.apis.apiregistration.${version}`
  return `io.k8s.api.${group === '' ? 'core' : group.split('.')[0]}.${version}`
}

type KtProp = {doc?: string; type: string}
type KtDef = {doc?: string; props: Map<string, KtProp>}
type CnProp = {json: string; type: string; format: string; doc?: string; required: boolean}
type CnModel = {doc?: string; props: CnProp[]}

function pkgDir(name: string, probe: string): string {
  const req = createRequire(import.meta.url)
  // Resolve a file inside the package: neither package exposes its data files through "exports".
  return dirname(req.resolve(`${name}/${probe}`))
}

function build(): Map<string, Def> {
  const kt = loadKubernetesTypes()
  const cn = loadClientNode()
  const classToName = mapClassNames(kt, cn)
  const defs = new Map<string, Def>()
  for (const [cls, full] of classToName) {
    const model = cn.get(cls)!
    const ktDef = kt.get(full)
    const props: Record<string, Prop> = {}
    const required: string[] = []
    for (const p of model.props) {
      const ktProp = ktDef?.props.get(p.json)
      const prop = convert(p.type, p.format, ktProp?.type ?? '', classToName)
      const description = ktProp?.doc ?? p.doc
      if (description) prop.description = description
      const ext = EXTENSIONS[full]?.[p.json]
      if (ext) prop.ext = ext
      props[p.json] = prop
      if (p.required) required.push(p.json)
    }
    const def: Def = {description: ktDef?.doc ?? model.doc, type: 'object', properties: sortKeys(props)}
    if (required.length) def.required = required.sort()
    defs.set(full, def)
  }
  // Types with their own JSON forms: client-node models them as primitives, upstream as named definitions.
  defs.set(TIME, {description: kt.get(TIME)?.doc, type: 'string', format: 'date-time'})
  defs.set(MICRO_TIME, {description: kt.get(MICRO_TIME)?.doc, type: 'string', format: 'date-time'})
  defs.set(QUANTITY, {description: kt.get(QUANTITY)?.doc, type: 'string', oneOf: [{type: 'string'}, {type: 'number'}]})
  defs.set(INT_OR_STRING, {type: 'string', format: 'int-or-string', oneOf: [{type: 'integer'}, {type: 'string'}]})
  defs.set(RAW_EXTENSION, {description: kt.get(RAW_EXTENSION)?.doc, type: 'object', open: true})
  defs.set(FIELDS_V1, {description: kt.get(FIELDS_V1)?.doc, type: 'object', open: true})
  defs.set(JSON_DEF, {description: kt.get(JSON_DEF)?.doc, open: true})
  for (const [name, def] of defs) if (def.description === undefined) delete def.description
  return defs
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

// client-node type strings: string, number, boolean, Date, any, V1Foo, Array<X>, { [key: string]: X; }, IntOrString.
function convert(type: string, format: string, ktType: string, classToName: Map<string, string>): Prop {
  type = type.trim()
  const arr = type.match(/^Array<(.*)>$/)
  if (arr) return {type: 'array', items: convert(arr[1], format, ktType.replace(/^Array<(.*)>$/, '$1').replace(/\[\]$/, ''), classToName)}
  const map = type.match(/^\{ \[key: string\]: (.*); \}$/)
  if (map) return {type: 'object', additionalProperties: convert(map[1], format, (ktType.match(/\]:\s*([^;}]*)/) ?? ['', ''])[1].trim(), classToName)}
  switch (type) {
    case 'string':
      if (/\bQuantity\b/.test(ktType)) return {ref: QUANTITY}
      return format ? {type: 'string', format} : {type: 'string'}
    case 'number':
      return format === 'double' || format === 'float' ? {type: 'number', format} : {type: 'integer', format: format || 'int32'}
    case 'boolean':
      return {type: 'boolean'}
    case 'Date':
      return {ref: TIME}
    case 'IntOrString':
      return {ref: INT_OR_STRING}
    case 'any':
      if (/\bRawExtension\b/.test(ktType)) return {ref: RAW_EXTENSION}
      if (/\bFieldsV1\b/.test(ktType)) return {ref: FIELDS_V1}
      if (/\bJSON\b/.test(ktType)) return {ref: JSON_DEF}
      return {type: 'object'}
  }
  if (format === 'date-time-micro') return {ref: MICRO_TIME}
  const full = classToName.get(type)
  return full ? {ref: full} : {type: 'object'}
}

// kubernetes-types lays definitions out as <group>/<version>.d.ts (+ meta/v1, api/resource, runtime, ...).
function loadKubernetesTypes(): Map<string, KtDef> {
  const root = pkgDir('kubernetes-types', 'package.json')
  const out = new Map<string, KtDef>()
  const walk = (dir: string): string[] => readdirSync(dir, {withFileTypes: true}).flatMap(e =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [])
  for (const file of walk(root)) {
    const rel = relative(root, file).replace(/\.d\.ts$/, '').split(/[\\/]/)
    const prefix = ktPrefix(rel)
    if (!prefix) continue
    parseKtFile(readFileSync(file, 'utf8'), prefix, out)
  }
  return out
}

function ktPrefix(rel: string[]): string | undefined {
  const [a, b] = rel
  if (a === 'meta') return `io.k8s.apimachinery.pkg.apis.meta.${b}`
  if (a === 'api' && b === 'resource') return 'io.k8s.apimachinery.pkg.api.resource'
  if (a === 'runtime') return 'io.k8s.apimachinery.pkg.runtime'
  if (a === 'version') return 'io.k8s.apimachinery.pkg.version'
  if (a === 'util') return `io.k8s.apimachinery.pkg.util.${b}`
  if (a === 'apiextensions') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${b}`
  if (a === 'apiregistration') return `io.k8s.kube-aggregator.pkg.apis.apiregistration.${b}`
  return b ? `io.k8s.api.${a}.${b}` : undefined
}

function jsdoc(text: string): string {
  return text.replace(/^\/\*\*\s?/, '').replace(/\s*\*\/$/, '').split('\n')
    .map(l => l.replace(/^\s*\* ?/, '')).join('\n').trim()
}

function parseKtFile(src: string, prefix: string, out: Map<string, KtDef>): void {
  const re = /(\/\*\*[\s\S]*?\*\/)?\s*export (interface|type) (\w+)\s*(=\s*[^;]*;|\{)/g
  let m: RegExpExecArray | null
  while ((m = re.exec(src))) {
    const def: KtDef = {doc: m[1] ? jsdoc(m[1]) : undefined, props: new Map()}
    out.set(`${prefix}.${m[3]}`, def)
    if (m[2] !== 'interface') continue
    // Walk the body: doc comments, then `name?: type;` where type may span lines and nest braces.
    let i = re.lastIndex
    let doc: string | undefined
    while (i < src.length) {
      while (/\s/.test(src[i])) i++
      if (src[i] === '}') break
      if (src.startsWith('/**', i)) {
        const end = src.indexOf('*/', i) + 2
        doc = jsdoc(src.slice(i, end))
        i = end
        continue
      }
      const head = /^["']?([$\w-]+)["']?\??:\s*/.exec(src.slice(i, i + 200))
      if (!head) break
      i += head[0].length
      let depth = 0
      const start = i
      while (i < src.length && !(depth === 0 && src[i] === ';')) {
        if (src[i] === '{' || src[i] === '<' || src[i] === '(') depth++
        else if (src[i] === '}' || src[i] === '>' || src[i] === ')') depth--
        i++
      }
      def.props.set(head[1], {doc, type: src.slice(start, i).replace(/\s+/g, ' ').trim()})
      doc = undefined
      i++
    }
    re.lastIndex = i
  }
}

function loadClientNode(): Map<string, CnModel> {
  const dir = join(pkgDir('@kubernetes/client-node', 'dist/gen/models/all.js'))
  const out = new Map<string, CnModel>()
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.js') || f === 'all.js' || f === 'ObjectSerializer.js') continue
    const cls = f.slice(0, -3)
    const js = readFileSync(join(dir, f), 'utf8')
    const attrs = [...js.matchAll(/"name": "([^"]*)",\s*"baseName": "([^"]*)",\s*"type": "([^"]*)",\s*"format": "([^"]*)"/g)]
    if (!attrs.length) continue
    let dts = ''
    try {
      dts = readFileSync(join(dir, cls + '.d.ts'), 'utf8')
    } catch {}
    const classDoc = /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)\s*export declare class/.exec(dts)
    // Class members: an optional doc comment, then 'name'?: type.
    const members = new Map<string, {doc?: string; optional: boolean}>()
    for (const pm of dts.matchAll(/(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)?\s*'([^']+)'(\??):/g)) {
      members.set(pm[2], {doc: pm[1] ? unescape(jsdoc(pm[1])) : undefined, optional: pm[3] === '?'})
    }
    const props: CnProp[] = attrs.map(([, name, json, type, format]) => {
      const pm = members.get(name)
      return {json, type, format, doc: pm?.doc, required: pm ? !pm.optional : false}
    })
    out.set(cls, {doc: classDoc ? unescape(jsdoc(classDoc[1])) : undefined, props})
  }
  return out
}

function unescape(s: string): string {
  return s.replace(/\\(["'\\])/g, '$1')
}

// client-node names a definition V1Foo, or GroupV1Foo where two groups share a type name.
function mapClassNames(kt: Map<string, KtDef>, cn: Map<string, CnModel>): Map<string, string> {
  const classToName = new Map<string, string>()
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
  for (const full of kt.keys()) {
    const m = /^io\.k8s\.(?:api\.([a-z0-9]+)|apimachinery\.pkg\.apis\.(meta)|apiextensions-apiserver\.pkg\.apis\.(apiextensions)|kube-aggregator\.pkg\.apis\.(apiregistration))\.(v\d\w*)\.(\w+)$/.exec(full)
    if (!m) continue
    const group = m[1] ?? m[2] ?? m[3] ?? m[4]
    const version = m[5]
    const name = m[6]
    for (const cls of [`${cap(group)}${cap(version)}${name}`, `${cap(version)}${name}`]) {
      if (cn.has(cls) && !classToName.has(cls)) {
        classToName.set(cls, full)
        break
      }
    }
  }
  // Kinds newer than kubernetes-types: the API class that serves them (NetworkingV1Api imports V1IPAddress) names the package.
  const apis = join(dirname(pkgDir('@kubernetes/client-node', 'dist/gen/models/all.js')), 'apis')
  for (const f of readdirSync(apis)) {
    const m = /^([A-Z][a-z]+)[A-Za-z]*?(V\d\w*)Api\.d\.ts$/.exec(f)
    if (!m) continue
    const group = m[1] === 'Internal' ? 'apiserverinternal' : m[1].toLowerCase()
    const version = m[2].charAt(0).toLowerCase() + m[2].slice(1)
    const prefix = ktPrefix([group, version]) ?? `io.k8s.api.${group}.${version}`
    for (const im of readFileSync(join(apis, f), 'utf8').matchAll(/import \{ (\w+) \} from '\.\.\/models\//g)) {
      const cls = im[1]
      if (cn.has(cls) && !classToName.has(cls)) classToName.set(cls, `${prefix}.${cls.replace(/^[A-Z][a-z]+(?=V\d)/, '').replace(/^V\d+(?:alpha\d+|beta\d+)?/, '')}`)
    }
  }
  // Definitions newer than kubernetes-types: name them after the package of a definition that refers to them.
  for (let changed = true; changed;) {
    changed = false
    for (const [cls, full] of [...classToName]) {
      const prefix = full.slice(0, full.lastIndexOf('.'))
      for (const p of cn.get(cls)!.props) {
        for (const ref of p.type.match(/\b[A-Z][A-Za-z0-9]*V\d\w*\b|\bV\d\w*\b/g) ?? []) {
          if (cn.has(ref) && !classToName.has(ref)) {
            classToName.set(ref, `${prefix}.${ref.replace(/^[A-Z][a-z]+(?=V\d)/, '').replace(/^V\d+(?:alpha\d+|beta\d+)?/, '')}`)
            changed = true
          }
        }
      }
    }
  }
  return classToName
}
