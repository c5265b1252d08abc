import {Flags, BaseCommand} from '../../../lib/cli/base.js'
import {createCommon, createGenerated, dataSources, exactlyOneName, secretObject} from '../../../lib/create/create.js'
import {createCommonFlags} from '../../../lib/create/flags.js'

export default class CreateSecretGeneric extends BaseCommand {
  static override strict = false
  static override summary = 'Create a secret from a local file, directory, or literal value'
  static override description = 'Create a secret based on a file, directory, or specified literal value.'
  static override usage = 'create secret generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [flags]'
  static override examples = ["# Create a new secret named my-secret with key1=supersecret and key2=topsecret\n  kctl create secret generic my-secret --from-literal=key1=supersecret --from-literal=key2=topsecret"]
  static override repeatable = ['from-literal', 'from-file', 'from-env-file']
  static override flags = {
    'from-literal': Flags.string({multiple: true, description: 'Specify a key and literal value to insert in secret (i.e. mykey=somevalue)'}),
    'from-file': Flags.string({multiple: true, description: 'Key files can be specified using their file path, in which case a default name will be given to them, or optionally with a name and file path, in which case the given name will be used.'}),
    'from-env-file': Flags.string({multiple: true, description: 'Specify the path to a file to read lines of key=val pairs to create a secret.'}),
    type: Flags.string({description: 'The type of secret to create'}),
    ...createCommonFlags(),
  }

  async run(): Promise<void> {
    const f = this.flagValues
    const o = createCommon(f)
    this.machineOutput(o.output)
    const name = exactlyOneName(this.positionals)
    const data = await dataSources({literals: [].concat(f['from-literal'] ?? []), files: [].concat(f['from-file'] ?? []), envFiles: [].concat(f['from-env-file'] ?? [])})
    await createGenerated(await this.client(), 'secrets', secretObject(name, data, f.type, this.globals.namespace), 'secret', o, {out: (s) => this.out(s), err: (s) => this.errOut(s)})
  }
}
