import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {sandboxLogs} from '../../lib/sandbox/sandbox.js'

export default class SandboxLogs extends BaseCommand {
  static override summary = "Show the sandbox API server's request log (credentials masked)"
  static override examples = ['kctl sandbox logs', 'kctl sandbox logs --name big']
  static override flags = {
    name: Flags.string({description: 'Name of the sandbox', default: 'sandbox'}),
    'data-dir': Flags.string({description: 'Directory of the sandbox data (default ~/.kctl/sandboxes/<name>)'}),
  }

  async run(): Promise<void> {
    const opts = {name: this.flagValues.name, dataDir: this.flagValues['data-dir'], kubeconfig: this.globals.kubeconfig}
    await this.out(sandboxLogs(opts))
  }
}
