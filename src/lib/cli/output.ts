// What mutating commands print: `node/x cordoned` by default, or the objects through the -o printers.
import {qualifiedKind, type ResourceType} from '../client/index.js'

/** One changed object with the word kubectl prints after its name (created, configured, tainted (dry run), …). */
export interface Mutation {
  obj: any
  type: Pick<ResourceType, 'group' | 'kind'>
  operation: string
}

/** Go's json.MarshalIndent of a typed object: fields in struct order (as built), <, > and & escaped. */
export function printTypedJson(obj: unknown): string {
  return `${JSON.stringify(obj, null, 4).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`
}

/** Renders mutation results for -o (empty = kubectl's "kind/name operation" lines); each object is printed on its own. */
export async function printMutations(results: Mutation[], output: string | undefined): Promise<string> {
  if (!output) return results.map((r) => `${qualifiedKind(r.type)}/${r.obj.metadata.name} ${r.operation}\n`).join('')
  if (output === 'name') return results.map((r) => `${qualifiedKind(r.type)}/${r.obj.metadata.name}\n`).join('')
  if (output === 'json') return results.map((r) => printTypedJson(r.obj)).join('')
  const printers = await import('../printers/index.js')
  // kubectl's YAML printer writes a document separator before each later object, and run adds one of its own.
  if (output === 'yaml') return results.map((r) => printers.printYaml(r.obj)).join('---\n---\n')
  return results.map((r) => printers.printObjects([r.obj], output, {single: true})).join('')
}
