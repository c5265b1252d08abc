// `kctl patch`: kubectl's patch flow — one PATCH per object (or the patch applied locally for --local and
// --dry-run=client), printing "patched" or "patched (no change)" by comparing the object before and after.
import * as fs from 'node:fs'
import {KctlError, AggregateKctlError, StatusError, rawMessage} from '../cli/errors.js'
import type {KubeClient} from '../client/index.js'
import {printMutations} from '../cli/output.js'
import {loadKubectlYaml} from '../resource/yaml.js'
import type {DryRun} from '../nodes/select.js'
import {applyJsonPatch, applyMergePatch, applyStrategicMergePatch, patchSchemaFor, deepEqual, sortKeys, PatchError} from '../patch/index.js'
import {visitSelection, type Selection} from '../label/targets.js'

/** kubectl's --type values. */
export type PatchType = 'json' | 'merge' | 'strategic'

/** Options of `kctl patch`. */
export interface PatchCmdOptions {
  selection: Selection
  patchType: PatchType
  /** The patch text as typed (-p) or read (--patch-file). */
  patch?: string
  patchFile?: string
  local: boolean
  dryRun: DryRun
  output?: string
  fieldManager: string
  subresource?: string
  showManagedFields: boolean
}

/** Flag values of `kctl patch`. */
export interface PatchCmdFlags {
  patch?: string
  'patch-file'?: string
  type?: string
  local?: boolean
  filename?: string[]
  recursive?: boolean
  output?: string
  'field-manager'?: string
  subresource?: string
  'show-managed-fields'?: boolean
}

/** Flags → options with kubectl's Validate() checks, in its order. */
export function patchOptions(args: string[], f: PatchCmdFlags, dryRun: DryRun): PatchCmdOptions {
  const patch = f.patch ?? ''
  const patchFile = f['patch-file'] ?? ''
  if (patch && patchFile) throw new KctlError('cannot specify --patch and --patch-file together')
  if (!patch && !patchFile) throw new KctlError('must specify --patch or --patch-file containing the contents of the patch')
  if (f.local && args.length > 0) throw new KctlError('cannot specify --local and server resources')
  if (f.local && dryRun === 'server') throw new KctlError('cannot specify --local and --dry-run=server - did you mean --dry-run=client?')
  const type = (f.type ?? 'strategic').toLowerCase()
  if (!['json', 'merge', 'strategic'].includes(type)) throw new KctlError(`--type must be one of [json merge strategic], not ${JSON.stringify(f.type)}`)
  return {
    selection: {positionals: args, filenames: f.filename ?? [], recursive: f.recursive, local: f.local, cmd: 'kctl patch', subresource: f.subresource || undefined, latest: false},
    patchType: type as PatchType,
    patch: patch || undefined,
    patchFile: patchFile || undefined,
    local: Boolean(f.local),
    dryRun,
    output: f.output,
    fieldManager: f['field-manager'] ?? 'kubectl-patch',
    subresource: f.subresource || undefined,
    showManagedFields: Boolean(f['show-managed-fields']),
  }
}

/** sigs.k8s.io/yaml's ToJSON as kubectl uses it: JSON-looking text passes through untouched, YAML is converted. */
export async function patchBody(text: string): Promise<string> {
  if (text.trimStart().startsWith('{')) return text
  const yaml = await import('js-yaml')
  try {
    return JSON.stringify(loadKubectlYaml(yaml, text, `unable to parse ${JSON.stringify(text)}`) ?? null)
  } catch (error) {
    if (error instanceof KctlError) throw error
    const reason = (error as {reason?: string; mark?: {line: number}}).reason ?? rawMessage(error)
    const line = ((error as {mark?: {line: number}}).mark?.line ?? 0) + 1
    throw new KctlError(`unable to parse ${JSON.stringify(text)}: yaml: line ${line}: ${reason}`)
  }
}

/** The patch applied on the client, as kubectl's getPatchedJSON does for --local and --dry-run=client. */
export function applyLocally(obj: any, type: PatchType, body: string): any {
  let patch: any
  try {
    patch = JSON.parse(body)
  } catch (error) {
    throw new KctlError(rawMessage(error))
  }
  try {
    if (type === 'json') return applyJsonPatch(obj, patch)
    if (type === 'merge') return applyMergePatch(obj, patch)
    const schema = patchSchemaFor(String(obj.apiVersion ?? ''), String(obj.kind ?? ''))
    return schema ? applyStrategicMergePatch(obj, patch, schema) : applyMergePatch(obj, patch)
  } catch (error) {
    if (error instanceof PatchError) throw new KctlError(error.detail ?? error.message)
    throw error
  }
}

/** Go's GroupVersionKind String(): "apps/v1, Kind=Deployment", "/v1, Kind=ConfigMap". */
function gvkString(apiVersion: string, kind: string): string {
  return `${apiVersion.includes('/') ? apiVersion : `/${apiVersion}`}, Kind=${kind}`
}

const typeOf = (obj: any) => {
  const apiVersion = String(obj.apiVersion ?? '')
  return {group: apiVersion.includes('/') ? apiVersion.split('/')[0] : '', kind: String(obj.kind ?? '')}
}

/** Patches every selected object; failures are reported together at the end. */
export async function runPatch(client: KubeClient, o: PatchCmdOptions, out: (s: string) => void): Promise<void> {
  let text = o.patch ?? ''
  if (o.patchFile) {
    try {
      text = fs.readFileSync(o.patchFile, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      throw new KctlError(`unable to read patch file: open ${o.patchFile}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : rawMessage(error)}`)
    }
  }
  const body = await patchBody(text)
  const {items} = await visitSelection(client, o.selection)
  const errors: Error[] = []
  let count = 0
  for (const item of items) {
    if ('error' in item) {
      errors.push(item.error)
      continue
    }
    count++
    try {
      let result: any
      if (!o.local && o.dryRun !== 'client') {
        try {
          result = await client.patch(item.type, item.namespace, item.name, o.patchType, body, {dryRun: o.dryRun === 'server', fieldManager: o.fieldManager}, o.subresource)
        } catch (error) {
          if (error instanceof StatusError && error.code === 415) {
            throw new KctlError(`${o.patchType} is not supported by ${gvkString(client.apiVersion(item.type), item.type.kind)}: ${rawMessage(error)}`)
          }
          throw error
        }
      } else {
        result = applyLocally(item.obj, o.patchType, body)
      }
      const word = deepEqual(item.obj, result) ? 'patched (no change)' : 'patched'
      if (!o.showManagedFields && result?.metadata) delete result.metadata.managedFields
      out(await printMutations([{obj: o.output === 'json' ? sortKeys(result) : result, type: typeOf(result), operation: word}], o.output))
    } catch (error) {
      errors.push(error as Error)
    }
  }
  if (errors.length === 1) throw errors[0]
  if (errors.length > 1) throw new AggregateKctlError(errors)
  if (count === 0) throw new KctlError('no objects passed to patch')
}
