import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {sandboxStatus} from '../../lib/sandbox/sandbox.js'

export default class SandboxStatus extends BaseCommand {
  static override summary = 'Show whether a sandbox runs, where, and how its containers are isolated'
  static override examples = ['kctl sandbox status', 'kctl sandbox status --name big']
  static override flags = {
    name: Flags.string({description: 'Name of the sandbox', default: 'sandbox'}),
    'data-dir': Flags.string({description: 'Directory of the sandbox data (default ~/.kctl/sandboxes/<name>)'}),
  }

  async run(): Promise<void> {
    const opts = {name: this.flagValues.name, dataDir: this.flagValues['data-dir'], kubeconfig: this.globals.kubeconfig}
    await this.out(sandboxStatus(opts))
  }
}
