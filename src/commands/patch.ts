import {Flags, BaseCommand} from '../lib/cli/base.js'
import {parseDryRun} from '../lib/nodes/select.js'
import {patchOptions, runPatch} from '../lib/patchcmd/patch.js'

/** `kctl patch`: strategic merge, JSON merge or JSON patch of objects. */
export default class Patch extends BaseCommand {
  static override summary = 'Update fields of a resource'
  static override description = `Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.

 JSON and YAML formats are accepted.

 Note: Strategic merge patch is not supported for custom resources.`
  static override usage = 'patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE]'
  static override examples = [
    '# Partially update a node using a strategic merge patch, specifying the patch as JSON\n  kctl patch node k8s-node-1 -p \'{"spec":{"unschedulable":true}}\'',
    "# Partially update a node using a strategic merge patch, specifying the patch as YAML\n  kctl patch node k8s-node-1 -p $'spec:\\n unschedulable: true'",
    '# Partially update a node identified by the type and name specified in "node.json" using strategic merge patch\n  kctl patch -f node.json -p \'{"spec":{"unschedulable":true}}\'',
    '# Update a container\'s image; spec.containers[*].name is required because it\'s a merge key\n  kctl patch pod valid-pod -p \'{"spec":{"containers":[{"name":"kubernetes-serve-hostname","image":"new image"}]}}\'',
    '# Update a container\'s image using a JSON patch with positional arrays\n  kctl patch pod valid-pod --type=\'json\' -p=\'[{"op": "replace", "path": "/spec/containers/0/image", "value":"new image"}]\'',
    '# Update a deployment\'s replicas through the \'scale\' subresource using a merge patch\n  kctl patch deployment nginx-deployment --subresource=\'scale\' --type=\'merge\' -p \'{"spec":{"replicas":2}}\'',
  ]
  static override strict = false
  static override repeatable = ['filename']
  static override flags = {
    'allow-missing-template-keys': Flags.boolean({description: 'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.', default: true, allowNo: true}),
    'dry-run': Flags.string({description: 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.', default: 'none'}),
    'field-manager': Flags.string({description: 'Name of the manager used to track field ownership.', default: 'kubectl-patch'}),
    filename: Flags.string({char: 'f', multiple: true, multipleNonGreedy: true, description: 'Filename, directory, or URL to files identifying the resource to update'}),
    kustomize: Flags.string({char: 'k', description: 'Process the kustomization directory. This flag can\'t be used together with -f or -R.'}),
    local: Flags.boolean({description: 'If true, patch will operate on the content of the file, not the server-side resource.'}),
    output: Flags.string({char: 'o', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).'}),
    patch: Flags.string({char: 'p', description: 'The patch to be applied to the resource JSON file.'}),
    'patch-file': Flags.string({description: 'A file containing a patch to be applied to the resource.'}),
    recursive: Flags.boolean({char: 'R', description: 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.'}),
    'show-managed-fields': Flags.boolean({description: 'If true, keep the managedFields when printing objects in JSON or YAML format.'}),
    subresource: Flags.string({description: "If specified, patch will operate on the subresource of the requested object. Must be one of [status scale]. This flag is beta and may change in the future."}),
    template: Flags.string({description: 'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].'}),
    type: Flags.string({description: 'The type of patch being provided; one of [json merge strategic]', default: 'strategic'}),
  }

  async run(): Promise<void> {
    this.machineOutput(this.flagValues.output)
    const opts = patchOptions(this.positionals, this.flagValues, parseDryRun(this.flagValues['dry-run']))
    await runPatch(await this.client(), opts, (s) => this.io.out.write(s))
  }
}
