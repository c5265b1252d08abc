import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {parseDryRun} from '../../lib/nodes/select.js'
import {rolloutSelection, runUndo} from '../../lib/rollout/rollout.js'
import {selectionFlags, printFlags} from '../../lib/rollout/flags.js'

/** `kctl rollout undo`: roll a deployment back to a previous revision. */
export default class RolloutUndo extends BaseCommand {
  static override summary = 'Undo a previous rollout'
  static override description = 'Roll back to a previous rollout.'
  static override usage = 'rollout undo (TYPE NAME | TYPE/NAME) [flags]'
  static override examples = [
    '# Roll back to the previous deployment\n  kctl rollout undo deployment/abc',
    '# Roll back to daemonset revision 3\n  kctl rollout undo daemonset/abc --to-revision=3',
    '# Roll back to the previous deployment with dry-run\n  kctl rollout undo --dry-run=server deployment/abc',
  ]
  static override strict = false
  static override repeatable = ['filename']
  static override flags = {
    ...selectionFlags('get from a server.'),
    ...printFlags,
    'dry-run': Flags.string({description: 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.', default: 'none'}),
    'to-revision': Flags.integer({description: 'The revision to rollback to. Default to 0 (last revision).', default: 0}),
  }

  async run(): Promise<void> {
    const f = this.flagValues
    this.machineOutput(f.output)
    const selection = rolloutSelection('undo', {args: this.positionals, filenames: f.filename ?? [], recursive: f.recursive, selector: f.selector})
    await runUndo(await this.client(), {selection, toRevision: f['to-revision'] ?? 0, dryRun: parseDryRun(f['dry-run']), output: f.output}, (s) => this.io.out.write(s))
  }
}
