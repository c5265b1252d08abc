// `rollout pause|resume|restart` differ only in their verb and help text; they share these flags and this run().
import {Flags, BaseCommand} from '../cli/base.js'
import {rolloutSelection, runMutate} from './rollout.js'
import {selectionFlags, printFlags} from './flags.js'

/** Base of `rollout pause`, `rollout resume` and `rollout restart`. */
export abstract class RolloutMutateCommand extends BaseCommand {
  static override strict = false
  static override repeatable = ['filename']
  static override flags = {
    ...selectionFlags('get from a server.'),
    ...printFlags,
    'field-manager': Flags.string({description: 'Name of the manager used to track field ownership.', default: 'kubectl-rollout'}),
  }
  /** The subcommand. */
  protected abstract readonly verb: 'pause' | 'resume' | 'restart'

  async run(): Promise<void> {
    const f = this.flagValues
    this.machineOutput(f.output)
    const selection = rolloutSelection(this.verb, {args: this.positionals, filenames: f.filename ?? [], recursive: f.recursive, selector: f.selector})
    await runMutate(await this.client(), this.verb, {selection, output: f.output, fieldManager: f['field-manager']}, (s) => this.io.out.write(s))
  }
}
