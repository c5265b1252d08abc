import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {rolloutSelection, runMutate} from '../../lib/rollout/rollout.js'
import {selectionFlags, printFlags} from '../../lib/rollout/flags.js'

/** `kctl rollout resume`. */
export default class RolloutResume extends BaseCommand {
  static override summary = 'Resume a paused resource'
  static override description = `Resume a paused resource.

 Paused resources will not be reconciled by a controller. By resuming a resource, we allow it to be reconciled again. Currently only deployments support being resumed.`
  static override usage = 'rollout resume RESOURCE'
  static override examples = ['# Resume an already paused deployment\n  kctl rollout resume deployment/nginx']
  static override strict = false
  static override repeatable = ['filename']
  static override flags = {
    ...selectionFlags('get from a server.'),
    ...printFlags,
    'field-manager': Flags.string({description: 'Name of the manager used to track field ownership.', default: 'kubectl-rollout'}),
  }

  async run(): Promise<void> {
    const f = this.flagValues
    this.machineOutput(f.output)
    const selection = rolloutSelection('resume', {args: this.positionals, filenames: f.filename ?? [], recursive: f.recursive, selector: f.selector})
    await runMutate(await this.client(), 'resume', {selection, output: f.output, fieldManager: f['field-manager']}, (s) => this.io.out.write(s))
  }
}
