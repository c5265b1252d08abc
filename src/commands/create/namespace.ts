import {BaseCommand} from '../../lib/cli/base.js'
import {createCommon, createGenerated, exactlyOneName, namespaceObject} from '../../lib/create/create.js'
import {createCommonFlags} from '../../lib/create/flags.js'

export default class CreateNamespace extends BaseCommand {
  static override strict = false
  static override aliases = ['create:ns']
  static override summary = 'Create a namespace with the specified name'
  static override description = 'Create a namespace with the specified name.'
  static override usage = 'create namespace NAME [--dry-run=server|client|none] [flags]'
  static override examples = ['# Create a new namespace named my-namespace\n  kctl create namespace my-namespace']
  static override flags = {...createCommonFlags()}

  async run(): Promise<void> {
    const o = createCommon(this.flagValues)
    this.machineOutput(o.output)
    const name = exactlyOneName(this.positionals)
    // kubectl reports a namespace that exists as the plain server error (no "failed to create" prefix).
    await createGenerated(await this.client(), 'namespaces', namespaceObject(name), undefined, o, {out: (s) => this.out(s), err: (s) => this.errOut(s)})
  }
}
