import {CreateServiceCommand, serviceFlags} from '../../../lib/create/service-command.js'

export default class CreateServiceLoadBalancer extends CreateServiceCommand {
  static override aliases = ['create:svc:loadbalancer']
  static override summary = 'Create a LoadBalancer service'
  static override description = 'Create a LoadBalancer service with the specified name.'
  static override usage = 'create service loadbalancer NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [flags]'
  static override examples = ['# Create a new LoadBalancer service named my-svc\n  kctl create service loadbalancer my-svc --tcp=5678:8080']
  static override flags = {
    ...serviceFlags(),
  }

  protected readonly serviceType = 'loadbalancer' as const
  protected readonly label = 'LoadBalancer service'
}
