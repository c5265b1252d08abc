import {Flags, BaseCommand} from '../lib/cli/base.js'
import {UsageError} from '../lib/cli/errors.js'
import {runVersion} from '../lib/version/version.js'

export default class Version extends BaseCommand {
  static override summary = 'Print the client and server version information'
  static override description = 'Print the client and server version information for the current context.'
  static override examples = ['# Print the client and server versions for the current context\n  kctl version']
  static override flags = {
    client: Flags.boolean({description: 'If true, shows client version only (no server required).'}),
    output: Flags.string({char: 'o', description: "One of 'yaml' or 'json'."}),
  }

  async run(): Promise<void> {
    const {client, output} = this.flagValues
    if (output !== undefined && output !== 'json' && output !== 'yaml') throw new UsageError(`--output must be 'yaml' or 'json'`)
    const {out, error} = await runVersion({clientOnly: Boolean(client), output}, () => this.client())
    await this.out(out)
    if (error) throw error
  }
}
