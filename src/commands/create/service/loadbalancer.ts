import {Flags} from '@oclif/core'
import {BaseCommand} from '../../../lib/cli/base.js'
import {createCommon, createGenerated, exactlyOneName, serviceObject} from '../../../lib/create/create.js'
import {createCommonFlags} from '../../../lib/create/flags.js'

export default class CreateServiceLoadBalancer extends BaseCommand {
  static override strict = false
  static override aliases = ['create:svc:loadbalancer']
  static override summary = 'Create a LoadBalancer service'
  static override description = 'Create a LoadBalancer service with the specified name.'
  static override usage = 'create service loadbalancer NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [flags]'
  static override examples = ['# Create a new LoadBalancer service named my-svc\n  kctl create service loadbalancer my-svc --tcp=5678:8080']
  static override repeatable = ['tcp']
  static override flags = {
    tcp: Flags.string({multiple: true, description: 'Port pairs can be specified as \'<port>:<targetPort>\'.'}),

    ...createCommonFlags(),
  }

  async run(): Promise<void> {
    const f = this.flagValues
    const o = createCommon(f)
    this.machineOutput(o.output)
    const name = exactlyOneName(this.positionals)
    const tcp = ([] as string[]).concat(f.tcp ?? []).flatMap((s) => s.split(','))
    const obj = serviceObject('loadbalancer', name, {tcp, clusterIP: f.clusterip, nodePort: f['node-port'], externalName: f['external-name']}, this.globals.namespace)
    await createGenerated(await this.client(), 'services', obj, 'LoadBalancer service', o, {out: (s) => this.out(s), err: (s) => this.errOut(s)})
  }
}
