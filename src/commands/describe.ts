import {Flags, BaseCommand} from '../lib/cli/base.js'
import {describeOptions, runDescribe} from '../lib/describe/describe.js'

export default class Describe extends BaseCommand {
  static override strict = false
  static override summary = 'Show details of a specific resource or group of resources'
  static override description = 'Show details of a specific resource or group of resources.\n\n Print a detailed description of the selected resources, including related resources such as events or controllers.'
  static override usage = 'describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [flags]'
  static override examples = [
    '# Describe a node\n  kctl describe nodes kubernetes-node-emt8.c.myproject.internal',
    '# Describe a pod\n  kctl describe pods/nginx',
    '# Describe all pods\n  kctl describe pods',
    "# Describe pods by label name=myLabel\n  kctl describe pods -l name=myLabel",
  ]
  static override repeatable = ['filename']
  static override flags = {
    filename: Flags.string({char: 'f', multiple: true, description: 'Filename, directory, or URL to files containing the resource to describe'}),
    recursive: Flags.boolean({char: 'R', description: 'Process the directory used in -f, --filename recursively.'}),
    selector: Flags.string({char: 'l', description: 'Selector (label query) to filter on.'}),
    'all-namespaces': Flags.boolean({char: 'A', description: 'If present, list the requested object(s) across all namespaces.'}),
    'show-events': Flags.boolean({description: 'If true, display events related to the described object.', default: true, allowNo: true}),
    'chunk-size': Flags.integer({description: 'Return large lists in chunks rather than all at once. Pass 0 to disable.', default: 500}),
  }

  async run(): Promise<void> {
    await runDescribe(() => this.client(), describeOptions(this.positionals, this.flagValues, this.argv), {out: (s) => this.out(s), err: (s) => this.errOut(s), tty: Boolean(this.io.out.isTTY)})
  }
}
