import {Flags, BaseCommand} from '../lib/cli/base.js'
import {getOptions, runGet} from '../lib/get/get.js'

export default class Get extends BaseCommand {
  static override strict = false
  static override summary = 'Display one or many resources'
  static override description = 'Display one or many resources.\n\n Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace unless you pass --all-namespaces.'
  static override usage = 'get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]'
  static override examples = [
    '# List all pods in ps output format\n  kctl get pods',
    '# List all pods in ps output format with more information (such as node name)\n  kctl get pods -o wide',
    '# List deployments and services together\n  kctl get deploy,svc',
    '# List a single pod in JSON output format\n  kctl get -o json pod web-pod-13je7',
    '# List the names of all pods\n  kctl get pods -o jsonpath=\'{.items[*].metadata.name}\'',
    '# List all resources with different types\n  kctl get all',
  ]
  static override repeatable = ['filename', 'label-columns']
  static override flags = {
    output: Flags.string({char: 'o', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide).'}),
    'all-namespaces': Flags.boolean({char: 'A', description: 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.'}),
    selector: Flags.string({char: 'l', description: 'Selector (label query) to filter on, supports \'=\', \'==\', \'!=\', \'in\', \'notin\'.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.'}),
    'field-selector': Flags.string({description: "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type."}),
    filename: Flags.string({char: 'f', multiple: true, description: 'Filename, directory, or URL to files identifying the resource to get from a server.'}),
    recursive: Flags.boolean({char: 'R', description: 'Process the directory used in -f, --filename recursively.'}),
    'show-labels': Flags.boolean({description: 'When printing, show all labels as the last column (default hide labels column)'}),
    'show-kind': Flags.boolean({description: 'If present, list the resource type for the requested object(s).'}),
    'no-headers': Flags.boolean({description: "When using the default or custom-column output format, don't print headers (default print headers)."}),
    'sort-by': Flags.string({description: 'If non-empty, sort list types using this field specification.'}),
    'label-columns': Flags.string({char: 'L', multiple: true, description: 'Accepts a comma separated list of labels that are going to be presented as columns.'}),
    'ignore-not-found': Flags.boolean({description: 'If set to true, suppresses NotFound error for specific objects that do not exist.'}),
    'chunk-size': Flags.integer({description: 'Return large lists in chunks rather than all at once. Pass 0 to disable.', default: 500}),
    watch: Flags.boolean({char: 'w', description: 'After listing/getting the requested object, watch for changes.'}),
    'watch-only': Flags.boolean({description: 'Watch for changes to the requested object(s), without listing/getting first.'}),
    'output-watch-events': Flags.boolean({description: 'Output watch event objects when --watch or --watch-only is used.'}),
    'show-managed-fields': Flags.boolean({description: 'If true, keep the managedFields when printing objects in JSON or YAML format.'}),
    'server-print': Flags.boolean({description: 'If true, have the server return the appropriate table output.', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    const opts = getOptions(this.positionals, this.flagValues)
    this.machineOutput(opts.output)
    await runGet(() => this.client(), opts, {out: (s) => this.out(s), err: (s) => this.errOut(s), tty: Boolean(this.io.out.isTTY)})
  }
}
