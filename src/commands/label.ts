import {BaseCommand} from '../lib/cli/base.js'
import {parseDryRun} from '../lib/nodes/select.js'
import {metaEditFlags} from '../lib/label/flags.js'
import {metaEditOptions, runMetaEdit} from '../lib/label/label.js'

/** `kctl label`: add, change or remove labels. */
export default class Label extends BaseCommand {
  static override summary = 'Update the labels on a resource'
  static override description = `Update the labels on a resource.

  *  A label key and value must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters each.
  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.
  *  If --overwrite is true, then existing labels can be overwritten, otherwise attempting to overwrite a label will result in an error.
  *  If --resource-version is specified, then updates will use this resource version, otherwise the existing resource-version will be used.`
  static override usage = 'label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]'
  static override examples = [
    "# Update pod 'foo' with the label 'unhealthy' and the value 'true'\n  kctl label pods foo unhealthy=true",
    "# Update pod 'foo' with the label 'status' and the value 'unhealthy', overwriting any existing value\n  kctl label --overwrite pods foo status=unhealthy",
    '# Update all pods in the namespace\n  kctl label pods --all status=unhealthy',
    '# Update a pod identified by the type and name in "pod.json"\n  kctl label -f pod.json status=unhealthy',
    "# Update pod 'foo' only if the resource is unchanged from version 1\n  kctl label pods foo status=unhealthy --resource-version=1",
    "# Update pod 'foo' by removing a label named 'bar' if it exists\n  # Does not require the --overwrite flag\n  kctl label pods foo bar-",
  ]
  static override strict = false
  static override repeatable = ['filename']
  static override flags = metaEditFlags('labels', 'kubectl-label')

  async run(): Promise<void> {
    this.machineOutput(this.flagValues.output)
    const opts = metaEditOptions('label', this.positionals, this.flagValues, parseDryRun(this.flagValues['dry-run']))
    await runMetaEdit(await this.client(), opts, (s) => this.io.out.write(s))
  }
}
