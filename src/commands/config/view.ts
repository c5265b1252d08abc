import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {runConfigView} from '../../lib/config/commands.js'

export default class ConfigView extends BaseCommand {
  static override strict = false
  static override summary = 'Display merged kubeconfig settings or a specified kubeconfig file'
  static override description = 'Display merged kubeconfig settings or a specified kubeconfig file.\n\n You can use --output jsonpath={...} to extract specific values using a jsonpath expression.'
  static override examples = [
    '# Show merged kubeconfig settings\n  kctl config view',
    '# Show merged kubeconfig settings, raw certificate data, and exposed secrets\n  kctl config view --raw',
    '# Get the password for the e2e user\n  kctl config view -o jsonpath=\'{.users[?(@.name == "e2e")].user.password}\'',
  ]
  static override flags = {
    output: Flags.string({char: 'o', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).', default: 'yaml'}),
    minify: Flags.boolean({description: 'Remove all information not used by current-context from the output'}),
    flatten: Flags.boolean({description: 'Flatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)'}),
    raw: Flags.boolean({description: 'Display raw byte data and sensitive data'}),
    merge: Flags.string({description: 'Merge the full hierarchy of kubeconfig files', default: 'true'}),
  }

  async run(): Promise<void> {
    const f = this.flagValues
    this.machineOutput(f.output)
    await this.out(await runConfigView({kubeconfig: this.globals.kubeconfig, context: this.globals.context, output: f.output, minify: f.minify, flatten: f.flatten, raw: f.raw}))
  }
}
