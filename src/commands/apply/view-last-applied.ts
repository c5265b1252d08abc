import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {UsageError} from '../../lib/cli/errors.js'
import {viewLastApplied} from '../../lib/apply/apply.js'

export default class ApplyViewLastApplied extends BaseCommand {
  static override summary = 'View the latest last-applied-configuration annotations of a resource/object'
  static override usage = 'apply view-last-applied (TYPE [NAME | -l label] | TYPE/NAME | -f FILENAME)'
  static override examples = [
    "# View the last-applied-configuration annotations by type/name in YAML\n  kctl apply view-last-applied deployment/nginx",
    "# View the last-applied-configuration annotations by file in JSON\n  kctl apply view-last-applied -f deploy.yaml -o json",
  ]
  static override strict = false
  static override flags = {
    output: Flags.string({char: 'o', description: 'Output format. Must be one of (yaml, json)', default: 'yaml'}),
  }

  async run(): Promise<void> {
    const [first, second] = this.positionals
    const [type, name] = first?.includes('/') ? first.split('/', 2) : [first, second]
    if (!type || !name) throw new UsageError('error: expected resource(s) argument')
    await this.out(await viewLastApplied(await this.client(), type, name, this.flagValues.output))
  }
}
