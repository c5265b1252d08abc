import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {KctlError} from '../../lib/cli/errors.js'
import {readConfigAccess, setCluster} from '../../lib/config/kubeconfig-view.js'

export default class ConfigSetCluster extends BaseCommand {
  static override strict = false
  static override summary = 'Set a cluster entry in kubeconfig'
  static override description = 'Set a cluster entry in kubeconfig.\n\n Specifying a name that already exists will merge new fields on top of existing values for those fields.'
  static override examples = ['# Set only the server field on the e2e cluster entry without touching other values\n  kctl config set-cluster e2e --server=https://1.2.3.4']
  static override flags = {
    'embed-certs': Flags.boolean({description: 'embed-certs for the cluster entry in kubeconfig'}),
    'proxy-url': Flags.string({description: 'proxy-url for the cluster entry in kubeconfig'}),
  }

  async run(): Promise<void> {
    if (this.positionals.length !== 1) throw new KctlError('Unexpected args: [' + this.positionals.join(' ') + ']')
    const g = this.globals
    await this.out(await setCluster(await readConfigAccess(g.kubeconfig), this.positionals[0], {
      server: g.server, certificateAuthority: g['certificate-authority'], embedCerts: this.flagValues['embed-certs'],
      insecureSkipTlsVerify: this.argv.some((a) => a.startsWith('--insecure-skip-tls-verify')) ? Boolean(g['insecure-skip-tls-verify']) : undefined,
      tlsServerName: g['tls-server-name'], proxyUrl: this.flagValues['proxy-url'],
    }))
  }
}
