import {BaseCommand} from '../lib/cli/base.js'
import {runClusterInfo} from '../lib/get/api-resources.js'

export default class ClusterInfo extends BaseCommand {
  static override strict = false
  static override summary = 'Display cluster information'
  static override description = 'Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. To further debug and diagnose cluster problems, use \'kubectl cluster-info dump\'.'
  static override examples = ['# Print the address of the control plane and cluster services\n  kctl cluster-info']

  async run(): Promise<void> {
    await this.out(await runClusterInfo(await this.client(), Boolean(this.io.out.isTTY) && process.env.TERM !== 'dumb'))
  }
}
