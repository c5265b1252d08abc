import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {configMapObject, createCommon, createGenerated, dataSources, exactlyOneName} from '../../lib/create/create.js'
import {createCommonFlags} from '../../lib/create/flags.js'

export default class CreateConfigMap extends BaseCommand {
  static override strict = false
  static override aliases = ['create:cm']
  static override summary = 'Create a config map from a local file, directory or literal value'
  static override description = 'Create a config map based on a file, directory, or specified literal value.'
  static override usage = 'create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [flags]'
  static override examples = ["# Create a new config map named my-config with key1=config1 and key2=config2\n  kctl create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2"]
  static override repeatable = ['from-literal', 'from-file', 'from-env-file']
  static override flags = {
    'from-literal': Flags.string({multiple: true, description: 'Specify a key and literal value to insert in configmap (i.e. mykey=somevalue)'}),
    'from-file': Flags.string({multiple: true, description: 'Key file can be specified using its file path, in which case file basename will be used as configmap key, or optionally with a key and file path, in which case the given key will be used.'}),
    'from-env-file': Flags.string({multiple: true, description: 'Specify the path to a file to read lines of key=val pairs to create a configmap.'}),
    ...createCommonFlags(),
  }

  async run(): Promise<void> {
    const f = this.flagValues
    const o = createCommon(f)
    this.machineOutput(o.output)
    const name = exactlyOneName(this.positionals)
    const data = await dataSources({literals: [].concat(f['from-literal'] ?? []), files: [].concat(f['from-file'] ?? []), envFiles: [].concat(f['from-env-file'] ?? [])})
    await createGenerated(await this.client(), 'configmaps', configMapObject(name, data, this.globals.namespace), 'configmap', o, {out: (s) => this.out(s), err: (s) => this.errOut(s)})
  }
}
