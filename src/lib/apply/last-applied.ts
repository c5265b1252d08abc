// The kubectl.kubernetes.io/last-applied-configuration annotation, as `apply` and `create --save-config` write it.
import {sortKeys} from '../patch/index.js'

/** The annotation client-side apply keeps the last applied manifest in. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

/**
 * The annotation's value: the object without the annotation itself, as compact JSON with a trailing newline. An object
 * read from a manifest is a map to kubectl, so keys are sorted and an emptied annotations map stays (`{}`); an object
 * kctl generated (create deployment, …) is a Go struct to kubectl, so keys keep their order and empty maps go.
 */
export function lastAppliedValue(obj: any, from: 'manifest' | 'generated' = 'manifest'): string {
  const copy = JSON.parse(JSON.stringify(obj))
  copy.metadata ??= {}
  copy.metadata.annotations = {...(copy.metadata.annotations ?? {})}
  delete copy.metadata.annotations[LAST_APPLIED]
  if (from === 'generated') {
    if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations
    return `${JSON.stringify(copy)}\n`
  }
  return `${JSON.stringify(sortKeys(copy))}\n`
}

/** The object with its last-applied annotation set (kubectl's GetModifiedConfiguration). */
export function withLastApplied(obj: any, from: 'manifest' | 'generated' = 'manifest'): any {
  const value = lastAppliedValue(obj, from)
  const copy = JSON.parse(JSON.stringify(obj))
  copy.metadata ??= {}
  copy.metadata.annotations = {...(copy.metadata.annotations ?? {}), [LAST_APPLIED]: value}
  return copy
}
