// Node selection shared by cordon, uncordon, drain and taint: NODE names (or node/NAME), -l, --all.
import {UsageError, KctlError} from '../cli/errors.js'
import type {DryRun} from '../cli/dry-run.js'

export {parseDryRun, dryRunSuffix, type DryRun} from '../cli/dry-run.js'
import type {KubeClient, ResourceType} from '../client/index.js'

/** Which nodes a node command acts on. */
export interface NodeSelection {
  names: string[]
  selector?: string
  all?: boolean
  dryRun: DryRun
}

/** Strips an optional node/ nodes/ no/ prefix; anything else is kubectl's type error. */
export function nodeName(arg: string): string {
  const slash = arg.indexOf('/')
  if (slash < 0) return arg
  const type = arg.slice(0, slash).toLowerCase()
  if (!['node', 'nodes', 'no'].includes(type)) throw new KctlError(`expected resource of type node, got ${arg.slice(0, slash)}`)
  return arg.slice(slash + 1)
}

/** GETs the named nodes (or LISTs by selector / all), in argument order. */
export async function selectNodes(client: KubeClient, sel: NodeSelection): Promise<{type: ResourceType; nodes: any[]}> {
  const type = await client.resolve('nodes')
  if (sel.selector !== undefined && sel.selector === '' && sel.names.length === 0) {
    throw new UsageError('You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'')
  }
  if (sel.names.length > 0) {
    const nodes = []
    for (const n of sel.names) nodes.push(await client.get(type, undefined, nodeName(n)))
    return {type, nodes}
  }
  const list = await client.listAll(type, undefined, {labelSelector: sel.selector})
  return {type, nodes: list.items ?? []}
}
