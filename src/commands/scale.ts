import {Flags, BaseCommand, parseDuration} from '../lib/cli/base.js'
import {scaleOptions, runScale} from '../lib/scale/scale.js'
import {parseDryRun} from '../lib/nodes/select.js'
import {readStream} from '../lib/resource/manifests.js'

export default class Scale extends BaseCommand {
  static override summary = 'Set a new size for a deployment, replica set, or replication controller'
  static override description = `Set a new size for a deployment, replica set, replication controller, or stateful set.

 Scale also allows users to specify one or more preconditions for the scale action.

 If --current-replicas or --resource-version is specified, it is validated before the scale is attempted, and it is guaranteed that the precondition holds true when the scale is sent to the server.`
  static override usage = 'scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)'
  static override examples = [
    "# Scale a replica set named 'foo' to 3\n  kctl scale --replicas=3 rs/foo",
    "# If the deployment named mysql's current size is 2, scale mysql to 3\n  kctl scale --current-replicas=2 --replicas=3 deployment/mysql",
    '# Scale multiple replication controllers\n  kctl scale --replicas=5 rc/example1 rc/example2 rc/example3',
    "# Scale stateful set named 'web' to 3\n  kctl scale --replicas=3 statefulset/web",
    "# Scale a resource identified by type and name specified in \"foo.yaml\" to 3\n  kctl scale --replicas=3 -f foo.yaml",
  ]
  static override strict = false
  static override flags = {
    filename: Flags.string({char: 'f', description: 'Filename, directory, or URL to files identifying the resource to set a new size', multiple: true, multipleNonGreedy: true}),
    recursive: Flags.boolean({char: 'R', description: 'Process the directory used in -f, --filename recursively.'}),
    replicas: Flags.integer({description: 'The new desired number of replicas. Required.'}),
    'current-replicas': Flags.integer({description: 'Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.', default: -1}),
    'resource-version': Flags.string({description: 'Precondition for resource version. Requires that the current resource version match this value in order to scale.'}),
    selector: Flags.string({char: 'l', description: 'Selector (label query) to filter on'}),
    all: Flags.boolean({description: 'Select all resources in the namespace of the specified resource types'}),
    timeout: Flags.string({description: 'The length of time to wait before giving up on a scale operation, zero means don\'t wait.', default: '0s'}),
    'dry-run': Flags.string({description: 'Must be "none", "server", or "client".', options: ['none', 'server', 'client']}),
    output: Flags.string({char: 'o', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).'}),
  }

  async run(): Promise<void> {
    this.machineOutput(this.flagValues.output)
    const opts = scaleOptions(this.positionals, this.flagValues, parseDryRun(this.flagValues['dry-run']), parseDuration(this.flagValues.timeout, 'timeout'))
    await runScale(await this.client(), opts, (s) => this.io.out.write(s), () => readStream(this.io.in))
  }
}
