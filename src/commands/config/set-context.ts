import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {readConfigAccess, setContext} from '../../lib/config/kubeconfig-view.js'

export default class ConfigSetContext extends BaseCommand {
  static override strict = false
  static override summary = 'Set a context entry in kubeconfig'
  static override description = 'Set a context entry in kubeconfig.\n\n Specifying a name that already exists will merge new fields on top of existing values for those fields.'
  static override examples = ['# Set the user field on the gce context entry without touching other values\n  kctl config set-context gce --user=cluster-admin']
  static override flags = {
    current: Flags.boolean({description: 'Modify the current context'}),
  }

  async run(): Promise<void> {
    // --cluster/--user/--namespace are kubectl's global flags; here they are the values to set.
    const g = this.globals
    await this.out(await setContext(await readConfigAccess(g.kubeconfig), this.positionals[0], Boolean(this.flagValues.current), {cluster: g.cluster, user: g.user, namespace: g.namespace}))
  }
}
