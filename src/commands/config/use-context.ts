import {BaseCommand} from '../../lib/cli/base.js'
import {KctlError} from '../../lib/cli/errors.js'
import {readConfigAccess, useContext} from '../../lib/config/kubeconfig-view.js'

export default class ConfigUseContext extends BaseCommand {
  static override strict = false
  static override summary = 'Set the current-context in a kubeconfig file'
  static override description = 'Set the current-context in a kubeconfig file.'
  static override aliases = ['config:use']
  static override examples = ['# Use the context for the minikube cluster\n  kctl config use-context minikube']

  async run(): Promise<void> {
    if (this.positionals.length !== 1) throw new KctlError('Unexpected args: [' + this.positionals.join(' ') + ']')
    await this.out(await useContext(await readConfigAccess(this.globals.kubeconfig), this.positionals[0]))
  }
}
