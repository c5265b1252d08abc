import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {rolloutSelection, runMutate} from '../../lib/rollout/rollout.js'
import {selectionFlags, printFlags} from '../../lib/rollout/flags.js'

/** `kctl rollout restart`. */
export default class RolloutRestart extends BaseCommand {
  static override summary = 'Restart a resource'
  static override description = `Restart a resource.

        Resource rollout will be restarted.`
  static override usage = 'rollout restart RESOURCE'
  static override examples = ['# Restart all deployments in the test-namespace namespace\n  kctl rollout restart deployment -n test-namespace', '# Restart a deployment\n  kctl rollout restart deployment/nginx', '# Restart a daemon set\n  kctl rollout restart daemonset/abc', '# Restart deployments with the app=nginx label\n  kctl rollout restart deployment --selector=app=nginx']
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
    const selection = rolloutSelection('restart', {args: this.positionals, filenames: f.filename ?? [], recursive: f.recursive, selector: f.selector})
    await runMutate(await this.client(), 'restart', {selection, output: f.output, fieldManager: f['field-manager']}, (s) => this.io.out.write(s))
  }
}
