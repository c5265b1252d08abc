// `kctl cordon` / `kctl uncordon`: mark nodes (un)schedulable with the same patch kubectl sends.
import {UsageError} from '../cli/errors.js'
import type {KubeClient} from '../client/index.js'
import {selectNodes, dryRunSuffix, type NodeSelection} from './select.js'

/** Options of cordon / uncordon. */
export interface CordonOptions extends NodeSelection {
  desired: boolean
}

/** Positionals and flags → options, with kubectl's USAGE error when nothing is named. */
export function cordonOptions(verb: 'cordon' | 'uncordon', positionals: string[], flags: {selector?: string; 'dry-run'?: string}, dryRun: NodeSelection['dryRun']): CordonOptions {
  if (positionals.length === 0 && flags.selector === undefined) throw new UsageError(`USAGE: ${verb} NODE [flags]`)
  return {names: positionals, selector: flags.selector, dryRun, desired: verb === 'cordon'}
}

/** Cordons or uncordons each node; per-node failures are printed and do not change the exit code (as kubectl). */
export async function runCordon(client: KubeClient, opts: CordonOptions, out: (s: string) => void, err: (s: string) => void): Promise<void> {
  const {type, nodes} = await selectNodes(client, opts)
  const verb = opts.desired ? 'cordon' : 'uncordon'
  for (const node of nodes) {
    const name = node.metadata.name
    if (Boolean(node.spec?.unschedulable) === opts.desired) {
      out(`node/${name} already ${verb}ed${dryRunSuffix(opts.dryRun)}\n`)
      continue
    }
    try {
      if (opts.dryRun !== 'client') {
        await client.patch(type, undefined, name, 'strategic', {spec: {unschedulable: opts.desired ? true : null}}, {dryRun: opts.dryRun === 'server'})
      }
      out(`node/${name} ${verb}ed${dryRunSuffix(opts.dryRun)}\n`)
    } catch (error: any) {
      err(`error: unable to ${verb} node "${name}": ${error.message}\n`)
    }
  }
}
