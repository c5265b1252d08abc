import {Flags, BaseCommand} from '../lib/cli/base.js'
import {portForwardOptions, runPortForward} from '../lib/portforward/portforward.js'

export default class PortForward extends BaseCommand {
  static override summary = 'Forward one or more local ports to a pod'
  static override description = `Forward one or more local ports to a pod.

 Use resource type/name such as deployment/mydeployment to select a pod. Resource type defaults to 'pod' if omitted.

 If there are multiple pods matching the criteria, a pod will be selected automatically. The forwarding session ends when the selected pod terminates, and a rerun of the command is needed to resume forwarding.`
  static override usage = 'port-forward TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]'
  static override examples = [
    '# Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in the pod\n  kctl port-forward pod/mypod 5000 6000',
    '# Listen on ports 5000 and 6000 locally, forwarding data to/from ports 5000 and 6000 in a pod selected by the deployment\n  kctl port-forward deployment/mydeployment 5000 6000',
    '# Listen on port 8443 locally, forwarding to the targetPort of the service\'s port named "https" in a pod selected by the service\n  kctl port-forward service/myservice 8443:https',
    '# Listen on port 8888 locally, forwarding to 5000 in the pod\n  kctl port-forward pod/mypod 8888:5000',
    '# Listen on port 8888 on all addresses, forwarding to 5000 in the pod\n  kctl port-forward --address 0.0.0.0 pod/mypod 8888:5000',
    '# Listen on a random port locally, forwarding to 5000 in the pod\n  kctl port-forward pod/mypod :5000',
  ]
  static override strict = false
  static override flags = {
    address: Flags.string({description: 'Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, kctl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.', default: 'localhost'}),
    'pod-running-timeout': Flags.string({description: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running', default: '1m0s'}),
  }

  async run(): Promise<void> {
    const opts = portForwardOptions(this.positionals, this.flagValues)
    await runPortForward(await this.client(), opts, this.io)
  }
}
