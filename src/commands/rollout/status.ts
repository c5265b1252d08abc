import {Flags, BaseCommand, parseDuration} from '../../lib/cli/base.js'
import {rolloutSelection, runStatus} from '../../lib/rollout/rollout.js'
import {selectionFlags} from '../../lib/rollout/flags.js'

/** `kctl rollout status`: watch a rollout until it completes. */
export default class RolloutStatus extends BaseCommand {
  static override summary = 'Show the status of the rollout'
  static override description = `Show the status of the rollout.

 By default 'rollout status' will watch the status of the latest rollout until it's done. If you don't want to wait for the rollout to finish then you can use --watch=false. Note that if a new rollout starts in-between, then 'rollout status' will continue watching the latest revision. If you want to pin to a specific revision and abort if it is rolled over by another revision, use --revision=N where N is the revision you need to watch for.`
  static override usage = 'rollout status (TYPE NAME | TYPE/NAME) [flags]'
  static override examples = ['# Watch the rollout status of a deployment\n  kctl rollout status deployment/nginx']
  static override strict = false
  static override repeatable = ['filename']
  static override flags = {
    ...selectionFlags('get from a server.'),
    revision: Flags.integer({description: 'Pin to a specific revision for showing its status. Defaults to 0 (last revision).', default: 0}),
    timeout: Flags.string({description: 'The length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).', default: '0s'}),
    watch: Flags.boolean({char: 'w', description: 'Watch the status of the rollout until it\'s done.', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const f = this.flagValues
    const selection = rolloutSelection('status', {args: this.positionals, filenames: f.filename ?? [], recursive: f.recursive, selector: f.selector})
    const opts = {selection, revision: f.revision ?? 0, watch: f.watch !== false, timeoutMs: parseDuration(f.timeout, 'timeout')}
    await runStatus(await this.client(), opts, (s) => this.io.out.write(s))
  }
}
