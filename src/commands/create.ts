import {Flags, BaseCommand} from '../lib/cli/base.js'
import {UsageError} from '../lib/cli/errors.js'
import {createCommon, runCreateFromFiles} from '../lib/create/create.js'
import {createCommonFlags} from '../lib/create/flags.js'

export default class Create extends BaseCommand {
  static override strict = false
  static override summary = 'Create a resource from a file or from stdin'
  static override description = 'Create a resource from a file or from stdin.\n\n JSON and YAML formats are accepted.'
  static override usage = 'create -f FILENAME [flags]'
  static override examples = [
    '# Create a pod using the data in pod.json\n  kctl create -f ./pod.json',
    '# Create a pod based on the JSON passed into stdin\n  cat pod.json | kctl create -f -',
  ]
  static override repeatable = ['filename']
  static override flags = {
    filename: Flags.string({char: 'f', multiple: true, description: 'Filename, directory, or URL to files to use to create the resource'}),
    recursive: Flags.boolean({char: 'R', description: 'Process the directory used in -f, --filename recursively.'}),
    ...createCommonFlags(),
  }

  async run(): Promise<void> {
    if (this.positionals.length > 0) throw new UsageError(`Unexpected args: [${this.positionals.join(' ')}]`)
    const o = createCommon(this.flagValues)
    this.machineOutput(o.output)
    await runCreateFromFiles(await this.client(), [].concat(this.flagValues.filename ?? []), Boolean(this.flagValues.recursive), o, {out: (s) => this.out(s), err: (s) => this.errOut(s)})
  }
}
