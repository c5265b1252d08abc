import {Flags} from '../../../lib/cli/base.js'
import {CreateServiceCommand, serviceFlags} from '../../../lib/create/service-command.js'

export default class CreateServiceExternalName extends CreateServiceCommand {
  static override aliases = ['create:svc:externalname']
  static override summary = 'Create a ExternalName service'
  static override description = 'Create a ExternalName service with the specified name.'
  static override usage = 'create service externalname NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [flags]'
  static override examples = ['# Create a new ExternalName service named my-svc\n  kctl create service externalname my-svc --tcp=5678:8080']
  static override flags = {
    ...serviceFlags(),
    'external-name': Flags.string({description: 'External name of service'}),
  }

  protected readonly serviceType = 'externalname' as const
  protected readonly label = 'ExternalName service'
}
