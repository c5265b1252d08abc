import {BaseCommand} from '../../lib/cli/base.js'
import {KctlError} from '../../lib/cli/errors.js'
import {readConfigAccess, renameContext} from '../../lib/config/kubeconfig-view.js'

export default class ConfigRenameContext extends BaseCommand {
  static override strict = false
  static override summary = 'Rename a context from the kubeconfig file'
  static override description = 'Renames a context from the kubeconfig file.'
  static override examples = ["# Rename the context 'old-name' to 'new-name' in your kubeconfig file\n  kctl config rename-context old-name new-name"]

  async run(): Promise<void> {
    if (this.positionals.length !== 2) throw new KctlError('Unexpected args: [' + this.positionals.join(' ') + ']')
    await this.out(await renameContext(await readConfigAccess(this.globals.kubeconfig), this.positionals[0], this.positionals[1]))
  }
}
