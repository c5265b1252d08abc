// The flag set label and annotate share (kubectl defines the same options for both).
import {Flags} from '../cli/base.js'

/** label/annotate flags; `what` words the help ("labels" / "annotation"). */
export function metaEditFlags(what: 'labels' | 'annotation', manager: string) {
  return {
    all: Flags.boolean({description: 'Select all resources, in the namespace of the specified resource types'}),
    'all-namespaces': Flags.boolean({char: 'A', description: 'If true, check the specified action in all namespaces.'}),
    'allow-missing-template-keys': Flags.boolean({description: 'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.', default: true, allowNo: true}),
    'dry-run': Flags.string({description: 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.', default: 'none'}),
    'field-manager': Flags.string({description: 'Name of the manager used to track field ownership.', default: manager}),
    'field-selector': Flags.string({description: "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type."}),
    filename: Flags.string({char: 'f', multiple: true, multipleNonGreedy: true, description: `Filename, directory, or URL to files identifying the resource to update the ${what}`}),
    kustomize: Flags.string({char: 'k', description: "Process the kustomization directory. This flag can't be used together with -f or -R."}),
    list: Flags.boolean({description: `If true, display the ${what === 'labels' ? 'labels' : 'annotations'} for a given resource.`}),
    local: Flags.boolean({description: `If true, ${what === 'labels' ? 'label' : 'annotation'} will NOT contact api-server but run locally.`}),
    output: Flags.string({char: 'o', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).'}),
    overwrite: Flags.boolean({description: what === 'labels' ? 'If true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels.' : 'If true, allow annotations to be overwritten, otherwise reject annotation updates that overwrite existing annotations.'}),
    recursive: Flags.boolean({char: 'R', description: 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.'}),
    'resource-version': Flags.string({description: `If non-empty, the ${what === 'labels' ? 'labels' : 'annotation'} update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.`}),
    selector: Flags.string({char: 'l', description: "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints."}),
    'show-managed-fields': Flags.boolean({description: 'If true, keep the managedFields when printing objects in JSON or YAML format.'}),
    template: Flags.string({description: 'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].'}),
  }
}
