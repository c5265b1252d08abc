import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {KctlError} from '../../lib/cli/errors.js'
import {readConfigAccess, setCredentials} from '../../lib/config/kubeconfig-view.js'

export default class ConfigSetCredentials extends BaseCommand {
  static override strict = false
  static override summary = 'Set a user entry in kubeconfig'
  static override description = 'Set a user entry in kubeconfig.\n\n Specifying a name that already exists will merge new fields on top of existing values.'
  static override examples = ['# Set only the "client-key" field on the "cluster-admin" entry, without touching other values\n  kctl config set-credentials cluster-admin --client-key=~/.kube/admin.key']
  static override flags = {
    'embed-certs': Flags.boolean({description: 'Embed client cert/key for the user entry in kubeconfig'}),
  }

  async run(): Promise<void> {
    if (this.positionals.length !== 1) throw new KctlError('Unexpected args: [' + this.positionals.join(' ') + ']')
    const g = this.globals
    await this.out(await setCredentials(await readConfigAccess(g.kubeconfig), this.positionals[0], {
      token: g.token, username: g.username, password: g.password, clientCertificate: g['client-certificate'], clientKey: g['client-key'], embedCerts: this.flagValues['embed-certs'],
    }))
  }
}
