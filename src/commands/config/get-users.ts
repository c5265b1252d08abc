import {BaseCommand} from '../../lib/cli/base.js'
import {readConfigAccess, listNames} from '../../lib/config/kubeconfig-view.js'

export default class ConfigGetUsers extends BaseCommand {
  static override strict = false
  static override summary = 'Display users defined in the kubeconfig'
  static override description = 'Display users defined in the kubeconfig.'
  static override examples = ['# List the users that kctl knows about\n  kctl config get-users']

  async run(): Promise<void> {
    await this.out(listNames(await readConfigAccess(this.globals.kubeconfig), 'users'))
  }
}
