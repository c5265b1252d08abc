// The four `create service <type>` commands differ only in their type and one flag; they share this run().
import {Flags, BaseCommand} from '../cli/base.js'
import {createCommon, createGenerated, exactlyOneName, serviceObject} from './create.js'
import {createCommonFlags} from './flags.js'

/** Flags every `create service <type>` accepts. */
export function serviceFlags() {
  return {
    tcp: Flags.string({multiple: true, description: 'Port pairs can be specified as \'<port>:<targetPort>\'.'}),
    ...createCommonFlags(),
  }
}

/** Base of `create service clusterip|nodeport|loadbalancer|externalname`. */
export abstract class CreateServiceCommand extends BaseCommand {
  static override strict = false
  static override repeatable = ['tcp']
  /** The generator kind: clusterip, nodeport, loadbalancer or externalname. */
  protected abstract readonly serviceType: 'clusterip' | 'nodeport' | 'loadbalancer' | 'externalname'
  /** How kubectl names the object in messages, e.g. "ClusterIP service". */
  protected abstract readonly label: string

  async run(): Promise<void> {
    const f = this.flagValues
    const o = createCommon(f)
    this.machineOutput(o.output)
    const name = exactlyOneName(this.positionals)
    const tcp = ([] as string[]).concat(f.tcp ?? []).flatMap((s) => s.split(','))
    const obj = serviceObject(this.serviceType, name, {tcp, clusterIP: f.clusterip, nodePort: f['node-port'], externalName: f['external-name']}, this.globals.namespace)
    await createGenerated(await this.client(), 'services', obj, this.label, o, {out: (s) => this.out(s), err: (s) => this.errOut(s)})
  }
}
