import {BaseCommand} from '../../lib/cli/base.js'
import {readConfigAccess, currentContext} from '../../lib/config/kubeconfig-view.js'

export default class ConfigCurrentContext extends BaseCommand {
  static override strict = false
  static override summary = 'Display the current-context'
  static override description = 'Display the current-context.'
  static override examples = ['# Display the current-context\n  kctl config current-context']

  async run(): Promise<void> {
    await this.out(currentContext(await readConfigAccess(this.globals.kubeconfig)))
  }
}
