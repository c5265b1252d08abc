import {Flags, BaseCommand} from '../lib/cli/base.js'
import {applyOptions, runApply} from '../lib/apply/apply.js'
import {parseDryRun} from '../lib/nodes/select.js'
import {readStream} from '../lib/resource/manifests.js'

export default class Apply extends BaseCommand {
  static override summary = 'Apply a configuration to a resource by file name or stdin'
  static override description = `Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be created if it doesn't exist yet. To use 'apply', always create the resource initially with either 'apply' or 'create --save-config'.

 JSON and YAML formats are accepted.

 kctl applies many objects concurrently (namespaces and CustomResourceDefinitions first) and prints the results in file order.`
  static override usage = 'apply (-f FILENAME | -k DIRECTORY)'
  static override examples = [
    "# Apply the configuration in pod.json to a pod\n  kctl apply -f ./pod.json",
    "# Apply the JSON passed into stdin to a pod\n  cat pod.json | kctl apply -f -",
    "# Apply the configuration from all files that end with '.json'\n  kctl apply -f '*.json'",
    "# Note: --prune is still in Alpha\n  # Apply the configuration in manifest.yaml that matches label app=nginx and delete all other resources that are not in the file and match label app=nginx\n  kctl apply --prune -f manifest.yaml -l app=nginx",
  ]
  static override strict = false
  static override flags = {
    filename: Flags.string({char: 'f', description: 'The files that contain the configurations to apply.', multiple: true, multipleNonGreedy: true}),
    recursive: Flags.boolean({char: 'R', description: 'Process the directory used in -f, --filename recursively.'}),
    selector: Flags.string({char: 'l', description: 'Selector (label query) to filter on'}),
    prune: Flags.boolean({description: 'Automatically delete resource objects, that do not appear in the configs and are created by either apply or create --save-config. Should be used with either -l or --all.'}),
    all: Flags.boolean({description: 'Select all resources in the namespace of the specified resource types.'}),
    'server-side': Flags.boolean({description: 'If true, apply runs in the server instead of the client.'}),
    'force-conflicts': Flags.boolean({description: 'If true, server-side apply will force the changes against conflicts.'}),
    'field-manager': Flags.string({description: 'Name of the manager used to track field ownership.'}),
    'dry-run': Flags.string({description: 'Must be "none", "server", or "client".', options: ['none', 'server', 'client']}),
    output: Flags.string({char: 'o', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).'}),
    validate: Flags.string({description: 'Must be one of: strict (or true), warn, ignore (or false).', default: 'strict'}),
    overwrite: Flags.boolean({description: 'Automatically resolve conflicts between the modified and live configuration by using values from the modified configuration', default: true, allowNo: true}),
  }

  async run(): Promise<void> {
    this.machineOutput(this.flagValues.output)
    const opts = applyOptions(this.positionals, this.flagValues, parseDryRun(this.flagValues['dry-run']), this.globals.namespace !== undefined)
    await runApply(await this.client(), opts, {out: (s) => this.io.out.write(s), err: (s) => this.io.err.write(s), stdin: () => readStream(this.io.in)})
  }
}
