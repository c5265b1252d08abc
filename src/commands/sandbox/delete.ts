import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {deleteSandbox} from '../../lib/sandbox/sandbox.js'

export default class SandboxDelete extends BaseCommand {
  static override summary = 'Stop a sandbox and remove its data and its kubeconfig entries'
  static override examples = ['kctl sandbox delete', 'kctl sandbox delete --name big']
  static override flags = {
    name: Flags.string({description: 'Name of the sandbox', default: 'sandbox'}),
    'data-dir': Flags.string({description: 'Directory of the sandbox data (default ~/.kctl/sandboxes/<name>)'}),
  }

  async run(): Promise<void> {
    const opts = {name: this.flagValues.name, dataDir: this.flagValues['data-dir'], kubeconfig: this.globals.kubeconfig}
    await deleteSandbox(opts, (s) => this.io.out.write(s))
  }
}
