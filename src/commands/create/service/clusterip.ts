import {Flags} from '../../../lib/cli/base.js'
import {CreateServiceCommand, serviceFlags} from '../../../lib/create/service-command.js'

export default class CreateServiceClusterIP extends CreateServiceCommand {
  static override aliases = ['create:svc:clusterip']
  static override summary = 'Create a ClusterIP service'
  static override description = 'Create a ClusterIP service with the specified name.'
  static override usage = 'create service clusterip NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [flags]'
  static override examples = ['# Create a new ClusterIP service named my-svc\n  kctl create service clusterip my-svc --tcp=5678:8080']
  static override flags = {
    ...serviceFlags(),
    clusterip: Flags.string({description: 'Assign your own ClusterIP or set to \'None\' for a \'headless\' service (no loadbalancing).'}),
  }

  protected readonly serviceType = 'clusterip' as const
  protected readonly label = 'ClusterIP service'
}
