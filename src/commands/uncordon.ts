import {Flags, BaseCommand} from '../lib/cli/base.js'
import {cordonOptions, runCordon} from '../lib/nodes/cordon.js'
import {parseDryRun} from '../lib/nodes/select.js'

export default class Uncordon extends BaseCommand {
  static override summary = 'Mark node as schedulable'
  static override usage = 'uncordon NODE'
  static override examples = ["# Mark node \"foo\" as schedulable\n  kctl uncordon foo"]
  static override strict = false
  static override flags = {
    selector: Flags.string({char: 'l', description: 'Selector (label query) to filter on'}),
    'dry-run': Flags.string({description: 'Must be "none", "server", or "client".', options: ['none', 'server', 'client']}),
  }

  async run(): Promise<void> {
    const opts = cordonOptions('uncordon', this.positionals, this.flagValues, parseDryRun(this.flagValues['dry-run']))
    await runCordon(await this.client(), opts, (s) => this.io.out.write(s), (s) => this.io.err.write(s))
  }
}
