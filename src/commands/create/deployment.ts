import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {KctlError} from '../../lib/cli/errors.js'
import {createCommon, createGenerated, deploymentObject, exactlyOneName} from '../../lib/create/create.js'
import {createCommonFlags} from '../../lib/create/flags.js'

export default class CreateDeployment extends BaseCommand {
  static override strict = false
  static override aliases = ['create:deploy']
  static override summary = 'Create a deployment with the specified name'
  static override description = 'Create a deployment with the specified name.'
  static override usage = 'create deployment NAME --image=image -- [COMMAND] [args...] [flags]'
  static override examples = [
    '# Create a deployment named my-dep that runs the busybox image\n  kctl create deployment my-dep --image=busybox',
    '# Create a deployment with a command\n  kctl create deployment my-dep --image=busybox -- date',
    '# Create a deployment named my-dep that runs the nginx image with 3 replicas\n  kctl create deployment my-dep --image=nginx --replicas=3',
  ]
  static override repeatable = ['image']
  static override flags = {
    image: Flags.string({multiple: true, description: 'Image names to run. A deployment can have multiple images set for multi-container pod.'}),
    port: Flags.integer({description: 'The containerPort that this deployment exposes.', default: -1}),
    replicas: Flags.integer({char: 'r', description: 'Number of replicas to create. Default is 1.', default: 1}),
    ...createCommonFlags(),
  }

  async run(): Promise<void> {
    const f = this.flagValues
    const o = createCommon(f)
    this.machineOutput(o.output)
    if ([].concat(f.image ?? []).length === 0) throw new KctlError('required flag(s) "image" not set')
    const name = exactlyOneName(this.positionals)
    const obj = deploymentObject(name, [].concat(f.image ?? []), f.replicas, f.port, this.dashArgs, this.globals.namespace)
    await createGenerated(await this.client(), 'deployments.apps', obj, 'deployment', o, {out: (s) => this.out(s), err: (s) => this.errOut(s)})
  }
}
