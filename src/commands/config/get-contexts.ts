import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {runGetContexts} from '../../lib/config/commands.js'

export default class ConfigGetContexts extends BaseCommand {
  static override strict = false
  static override summary = 'Describe one or many contexts'
  static override description = 'Display one or many contexts from the kubeconfig file.'
  static override examples = ['# List all the contexts in your kubeconfig file\n  kctl config get-contexts', '# Describe one context in your kubeconfig file\n  kctl config get-contexts my-context']
  static override flags = {
    output: Flags.string({char: 'o', description: 'Output format. One of: (name).'}),
    'no-headers': Flags.boolean({description: "When using the default or custom-column output format, don't print headers (default print headers)."}),
  }

  async run(): Promise<void> {
    const {out, error} = await runGetContexts({kubeconfig: this.globals.kubeconfig, names: this.positionals, output: this.flagValues.output, noHeaders: this.flagValues['no-headers']})
    await this.out(out)
    if (error) throw error
  }
}
