// What mutating commands print: `node/x cordoned` by default, or the objects through the -o printers.
import {qualifiedKind, type ResourceType} from '../client/index.js'

/** One changed object with the word kubectl prints after its name (created, configured, tainted (dry run), …). */
export interface Mutation {
  obj: any
  type: Pick<ResourceType, 'group' | 'kind'>
  operation: string
}

/** Renders mutation results for -o (empty = kubectl's "kind/name operation" lines). */
export async function printMutations(results: Mutation[], output: string | undefined): Promise<string> {
  if (!output) return results.map((r) => `${qualifiedKind(r.type)}/${r.obj.metadata.name} ${r.operation}\n`).join('')
  if (output === 'name') return results.map((r) => `${qualifiedKind(r.type)}/${r.obj.metadata.name}\n`).join('')
  const printers = await import('../printers/index.js')
  return (printers as any).printObjects(results.map((r) => r.obj), output, {})
}
