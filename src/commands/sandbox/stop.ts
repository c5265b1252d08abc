import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {stopSandbox} from '../../lib/sandbox/sandbox.js'

export default class SandboxStop extends BaseCommand {
  static override summary = 'Stop a running sandbox (its data is kept)'
  static override examples = ['kctl sandbox stop', 'kctl sandbox stop --name big']
  static override flags = {
    name: Flags.string({description: 'Name of the sandbox', default: 'sandbox'}),
    'data-dir': Flags.string({description: 'Directory of the sandbox data (default ~/.kctl/sandboxes/<name>)'}),
  }

  async run(): Promise<void> {
    const opts = {name: this.flagValues.name, dataDir: this.flagValues['data-dir'], kubeconfig: this.globals.kubeconfig}
    await stopSandbox(opts, (s) => this.io.out.write(s))
  }
}
