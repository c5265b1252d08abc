import {BaseCommand, globalFlags} from '../lib/cli/base.js'
import {formatOptions} from '../lib/cli/options.js'

export default class Options extends BaseCommand {
  static override summary = 'Print the list of flags inherited by all commands'
  static override description = 'Print the list of flags inherited by all commands'
  static override examples = ['# Print flags inherited by all commands\n  kctl options']
  static override strict = false

  async run(): Promise<void> {
    await this.out(formatOptions(globalFlags))
  }
}
