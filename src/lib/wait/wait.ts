// `kctl wait`: kubectl's wait conditions (delete, create, condition=, jsonpath=) checked by polling each object in
// turn, each with its own timeout; the first failure ends the command, as in kubectl.
import {KctlError, isNotFound} from '../cli/errors.js'
import type {KubeClient, ResourceType} from '../client/index.js'
import {printMutations} from '../cli/output.js'
import {visitSelection, type Selection} from '../label/targets.js'

/** A parsed --for. */
export type WaitFor =
  | {kind: 'delete'}
  | {kind: 'create'}
  | {kind: 'condition'; name: string; value: string}
  | {kind: 'jsonpath'; path: string; value?: string}

/** Options of `kctl wait`. */
export interface WaitOptions {
  selection: Selection
  for: WaitFor
  timeoutMs: number
  output?: string
}

/** Parses --for with kubectl's words for what it does not know. */
export function parseWaitFor(value: string | undefined): WaitFor {
  const v = value ?? ''
  const lower = v.toLowerCase()
  if (lower === 'delete') return {kind: 'delete'}
  if (lower === 'create') return {kind: 'create'}
  if (lower.startsWith('condition=')) {
    const rest = v.slice('condition='.length)
    const i = rest.indexOf('=')
    return i < 0 ? {kind: 'condition', name: rest, value: 'true'} : {kind: 'condition', name: rest.slice(0, i), value: rest.slice(i + 1)}
  }
  if (lower.startsWith('jsonpath=')) {
    const rest = v.slice('jsonpath='.length)
    // the expression is {…}; anything after the closing brace and '=' is the wanted value
    const close = rest.lastIndexOf('}')
    const path = close >= 0 ? rest.slice(0, close + 1) : rest
    const tail = close >= 0 ? rest.slice(close + 1) : ''
    if (!path.trim()) throw new KctlError('jsonpath expression cannot be empty')
    if (tail === '') return {kind: 'jsonpath', path}
    if (!tail.startsWith('=')) throw new KctlError(`unrecognized condition: ${JSON.stringify(v)}`)
    return {kind: 'jsonpath', path, value: tail.slice(1).replace(/^(['"])(.*)\1$/, '$2')}
  }
  throw new KctlError(`unrecognized condition: ${JSON.stringify(v)}`)
}

/** True when obj satisfies a condition= or jsonpath= wait. */
export async function conditionMet(obj: any, w: WaitFor): Promise<boolean> {
  if (w.kind === 'create' || w.kind === 'delete') return w.kind === 'create'
  if (w.kind === 'condition') {
    const conds: any[] = obj?.status?.conditions ?? []
    const c = conds.find((x) => String(x.type ?? '').toLowerCase() === w.name.toLowerCase())
    if (!c) return false
    if (c.observedGeneration !== undefined && obj.metadata?.generation !== undefined && c.observedGeneration !== obj.metadata.generation) return false
    return String(c.status ?? '').toLowerCase() === w.value.toLowerCase()
  }
  const {printJsonPath} = await import('../printers/jsonpath.js')
  let got: string
  try {
    got = printJsonPath(w.path, JSON.parse(JSON.stringify(obj)), {})
  } catch {
    return false
  }
  return w.value === undefined ? got !== '' : got === w.value
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const objectName = (t: ResourceType, name: string) => `${t.group ? `${t.resource}.${t.group}` : t.resource}/${name}`

/** Waits on every selected object in turn. */
export async function runWait(client: KubeClient, o: WaitOptions, out: (s: string) => void): Promise<void> {
  const {items} = await visitSelection(client, o.selection)
  if (items.length === 0) {
    if (o.for.kind === 'delete') return
    throw new KctlError('no matching resources found')
  }
  for (const item of items) {
    if ('error' in item) {
      if (o.for.kind === 'delete' && isNotFound(item.error)) continue
      throw item.error
    }
    const deadline = Date.now() + o.timeoutMs
    let obj = item.obj
    for (;;) {
      if (o.for.kind === 'delete') {
        if (!obj) break
      } else if (await conditionMet(obj, o.for)) {
        break
      }
      if (Date.now() >= deadline) throw new KctlError(`timed out waiting for the condition on ${objectName(item.type, item.name)}`)
      await sleep(Math.min(500, Math.max(0, deadline - Date.now())))
      try {
        obj = await client.get(item.type, item.namespace, item.name)
      } catch (error) {
        if (!isNotFound(error)) throw error
        if (o.for.kind !== 'delete') throw error
        obj = undefined
      }
    }
    out(await printMutations([{obj: item.obj, type: item.type, operation: 'condition met'}], o.output === undefined ? undefined : o.output))
  }
}
