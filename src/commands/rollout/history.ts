import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {rolloutSelection, runHistory} from '../../lib/rollout/rollout.js'
import {selectionFlags, printFlags} from '../../lib/rollout/flags.js'

/** `kctl rollout history`: the revisions of a workload. */
export default class RolloutHistory extends BaseCommand {
  static override summary = 'View rollout history'
  static override description = 'View previous rollout revisions and configurations.'
  static override usage = 'rollout history (TYPE NAME | TYPE/NAME) [flags]'
  static override examples = [
    '# View the rollout history of a deployment\n  kctl rollout history deployment/abc',
    '# View the details of daemonset revision 3\n  kctl rollout history daemonset/abc --revision=3',
  ]
  static override strict = false
  static override repeatable = ['filename']
  static override flags = {
    ...selectionFlags('get from a server.'),
    ...printFlags,
    revision: Flags.integer({description: 'See the details, including podTemplate of the revision specified', default: 0}),
  }

  async run(): Promise<void> {
    const f = this.flagValues
    const selection = rolloutSelection('history', {args: this.positionals, filenames: f.filename ?? [], recursive: f.recursive, selector: f.selector})
    await runHistory(await this.client(), {selection, revision: f.revision ?? 0, output: f.output}, (s) => this.io.out.write(s))
  }
}
