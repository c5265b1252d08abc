import {BaseCommand} from '../../lib/cli/base.js'
import {readConfigAccess, listNames} from '../../lib/config/kubeconfig-view.js'

export default class ConfigGetClusters extends BaseCommand {
  static override strict = false
  static override summary = 'Display clusters defined in the kubeconfig'
  static override description = 'Display clusters defined in the kubeconfig.'
  static override examples = ['# List the clusters that kctl knows about\n  kctl config get-clusters']

  async run(): Promise<void> {
    await this.out(listNames(await readConfigAccess(this.globals.kubeconfig), 'clusters'))
  }
}
