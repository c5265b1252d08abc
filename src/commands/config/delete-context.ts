import {BaseCommand} from '../../lib/cli/base.js'
import {KctlError} from '../../lib/cli/errors.js'
import {readConfigAccess, deleteEntry} from '../../lib/config/kubeconfig-view.js'

export default class ConfigDeleteContext extends BaseCommand {
  static override strict = false
  static override summary = 'Delete the specified context from the kubeconfig'
  static override description = 'Delete the specified context from the kubeconfig.'
  static override examples = ['# Delete the context for the minikube cluster\n  kctl config delete-context minikube']

  async run(): Promise<void> {
    if (this.positionals.length !== 1) throw new KctlError('Unexpected args: [' + this.positionals.join(' ') + ']')
    const {out, warning} = await deleteEntry(await readConfigAccess(this.globals.kubeconfig), 'contexts', this.positionals[0])
    if (warning) await this.errOut(warning)
    await this.out(out)
  }
}
