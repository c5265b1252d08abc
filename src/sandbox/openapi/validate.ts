// Unknown-field detection for fieldValidation=Strict|Warn, in the order and spelling of kube-apiserver's strict
// decoding: `metadata.spec`, `spec.template.spec.containers[0].foo`. Built-in kinds use the OpenAPI definitions;
// custom resources use their CRD's openAPIV3Schema (nothing is unknown under x-kubernetes-preserve-unknown-fields).
import type {KObject} from '../types.js'
import {type Def, META, type Prop, definitionFor, definitions} from './definitions.js'

/**
 * Paths of the fields of obj that its schema does not declare. crds: the served CustomResourceDefinitions, consulted
 * when apiVersion/kind is not a built-in kind. Unknown kinds give [].
 */
export function unknownFields(apiVersion: string, kind: string, obj: any, crds: KObject[] = []): string[] {
  const slash = apiVersion.indexOf('/')
  const group = slash < 0 ? '' : apiVersion.slice(0, slash)
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1)
  const out: string[] = []
  const crd = crds.find(c => c.spec?.group === group && c.spec?.names?.kind === kind)
  if (crd) {
    const v = (crd.spec.versions ?? []).find((x: any) => x.name === version)
    const schema = v?.schema?.openAPIV3Schema
    if (!schema || !obj || typeof obj !== 'object') return out
    walkCustom(obj, schema, '', out, true)
    return out
  }
  const name = definitionFor(group, version, kind)
  if (!name || !obj || typeof obj !== 'object') return out
  walkDef(obj, name, '', out)
  return out
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key)

function walkDef(value: any, defName: string, path: string, out: string[]): void {
  const def: Def | undefined = definitions().get(defName)
  if (!def || def.open || !def.properties) return
  if (!value || typeof value !== 'object' || Array.isArray(value)) return
  for (const key of Object.keys(value)) {
    const p = def.properties[key]
    if (!p) out.push(join(path, key))
    else walkProp(value[key], p, join(path, key), out)
  }
}

function walkProp(value: any, p: Prop, path: string, out: string[]): void {
  if (value === null || typeof value !== 'object') return
  if (p.ref) return walkDef(value, p.ref, path, out)
  if (p.items && Array.isArray(value)) {
    value.forEach((v, i) => walkProp(v, p.items!, `${path}[${i}]`, out))
  } else if (p.additionalProperties && !Array.isArray(value)) {
    for (const k of Object.keys(value)) walkProp(value[k], p.additionalProperties, `${path}[${k}]`, out)
  }
}

function walkCustom(value: any, s: any, path: string, out: string[], root = false): void {
  if (!s || value === null || typeof value !== 'object') return
  if (s['x-kubernetes-preserve-unknown-fields'] === true && !s.properties) return
  if (Array.isArray(value)) {
    if (s.items && typeof s.items === 'object') value.forEach((v, i) => walkCustom(v, s.items, `${path}[${i}]`, out))
    return
  }
  const embedded = root || s['x-kubernetes-embedded-resource'] === true
  if (s.properties) {
    for (const key of Object.keys(value)) {
      const sub = s.properties[key]
      if (sub) {
        walkCustom(value[key], sub, join(path, key), out)
      } else if (embedded && (key === 'apiVersion' || key === 'kind')) {
        // always allowed on (embedded) objects
      } else if (embedded && key === 'metadata') {
        walkDef(value[key], META + 'ObjectMeta', join(path, key), out)
      } else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        walkCustom(value[key], s.additionalProperties, join(path, key), out)
      } else if (s['x-kubernetes-preserve-unknown-fields'] !== true && s.additionalProperties !== true) {
        out.push(join(path, key))
      }
    }
    return
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    for (const k of Object.keys(value)) walkCustom(value[k], s.additionalProperties, join(path, k), out)
    return
  }
  if (embedded) {
    for (const key of Object.keys(value)) {
      if (key === 'metadata') walkDef(value[key], META + 'ObjectMeta', join(path, key), out)
      else if (key !== 'apiVersion' && key !== 'kind' && s.type === 'object' && s['x-kubernetes-preserve-unknown-fields'] !== true && s.additionalProperties === undefined) out.push(join(path, key))
    }
  }
}
