import {Flags} from '../../../lib/cli/base.js'
import {CreateServiceCommand, serviceFlags} from '../../../lib/create/service-command.js'

export default class CreateServiceNodePort extends CreateServiceCommand {
  static override aliases = ['create:svc:nodeport']
  static override summary = 'Create a NodePort service'
  static override description = 'Create a NodePort service with the specified name.'
  static override usage = 'create service nodeport NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [flags]'
  static override examples = ['# Create a new NodePort service named my-svc\n  kctl create service nodeport my-svc --tcp=5678:8080']
  static override flags = {
    ...serviceFlags(),
    'node-port': Flags.integer({description: 'Port used to expose the service on each node in a cluster.', default: 0}),
  }

  protected readonly serviceType = 'nodeport' as const
  protected readonly label = 'NodePort service'
}
