import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {startSandbox} from '../../lib/sandbox/sandbox.js'

export default class SandboxStart extends BaseCommand {
  static override summary = 'Start an embedded local cluster and point the kubeconfig at it'
  static override description = 'Start an embedded Kubernetes-compatible cluster (API server, controllers, scheduler and simulated kubelets) on 127.0.0.1, add the context kctl-<name> to the kubeconfig and make it current.'
  static override examples = [
    '# Start the default sandbox with three nodes\n  kctl sandbox start',
    '# Start a second sandbox with ten nodes on port 16443\n  kctl sandbox start --name big --nodes 10 --port 16443',
  ]
  static override flags = {
    name: Flags.string({description: 'Name of the sandbox (context kctl-<name>)', default: 'sandbox'}),
    port: Flags.integer({description: 'Port of the API server on 127.0.0.1 (0 picks a free one)', default: 0}),
    nodes: Flags.integer({description: 'Number of simulated nodes (one control-plane node, the rest workers)', default: 3}),
    'kubernetes-version': Flags.string({description: 'Version the API server reports', default: 'v1.33.1'}),
    'data-dir': Flags.string({description: 'Directory for the sandbox data (default ~/.kctl/sandboxes/<name>)'}),
    foreground: Flags.boolean({description: 'Run in the foreground until interrupted'}),
    wait: Flags.integer({description: 'Seconds to wait for the sandbox to become ready', default: 120}),
  }

  async run(): Promise<void> {
    const f = this.flagValues
    await startSandbox({name: f.name, port: f.port, nodes: f.nodes, kubernetesVersion: f['kubernetes-version'], dataDir: f['data-dir'],
      foreground: f.foreground, waitSeconds: f.wait, kubeconfig: this.globals.kubeconfig}, (s) => this.io.out.write(s))
  }
}
