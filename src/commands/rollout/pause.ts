import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {rolloutSelection, runMutate} from '../../lib/rollout/rollout.js'
import {selectionFlags, printFlags} from '../../lib/rollout/flags.js'

/** `kctl rollout pause`. */
export default class RolloutPause extends BaseCommand {
  static override summary = 'Mark the provided resource as paused'
  static override description = `Mark the provided resource as paused.

 Paused resources will not be reconciled by a controller. Use "kctl rollout resume" to resume a paused resource. Currently only deployments support being paused.`
  static override usage = 'rollout pause RESOURCE'
  static override examples = ['# Mark the nginx deployment as paused\n  # Any current state of the deployment will continue its function; new updates\n  # to the deployment will not have an effect as long as the deployment is paused\n  kctl rollout pause deployment/nginx']
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
    const selection = rolloutSelection('pause', {args: this.positionals, filenames: f.filename ?? [], recursive: f.recursive, selector: f.selector})
    await runMutate(await this.client(), 'pause', {selection, output: f.output, fieldManager: f['field-manager']}, (s) => this.io.out.write(s))
  }
}
