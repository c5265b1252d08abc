import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {topNodeOptions, runTopNode} from '../../lib/top/top.js'

export default class TopNode extends BaseCommand {
  static override summary = 'Display resource (CPU/memory) usage of nodes'
  static override description = `Display resource (CPU/memory) usage of nodes.

 The top-node command allows you to see the resource consumption of nodes.`
  static override aliases = ['top:nodes', 'top:no']
  static override usage = 'top node [NAME | -l label]'
  static override examples = [
    '# Show metrics for all nodes\n  kctl top node',
    '# Show metrics for a given node\n  kctl top node NODE_NAME',
  ]
  static override strict = false
  static override flags = {
    selector: Flags.string({char: 'l', description: 'Selector (label query) to filter on'}),
    'sort-by': Flags.string({description: 'If non-empty, sort nodes list using specified field. The field can be either \'cpu\' or \'memory\'.'}),
    'no-headers': Flags.boolean({description: 'If present, print output without headers'}),
    'use-protocol-buffers': Flags.boolean({description: 'Enables using protocol-buffers to access Metrics API.', default: true, allowNo: true}),
    'show-capacity': Flags.boolean({description: 'Print node resources based on Capacity instead of Allocatable(default) of the nodes.'}),
    'show-swap': Flags.boolean({description: 'Print node resources related to swap memory.'}),
  }

  async run(): Promise<void> {
    await runTopNode(await this.client(), topNodeOptions(this.positionals, this.flagValues), this.io)
  }
}
