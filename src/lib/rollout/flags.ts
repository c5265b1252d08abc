// Flags the rollout subcommands share (kubectl's resource-selection flags).
import {Flags} from '../cli/base.js'

/** -f/-R/-l/-k as kubectl's rollout subcommands define them. */
export function selectionFlags(what: string) {
  return {
    filename: Flags.string({char: 'f', multiple: true, multipleNonGreedy: true, description: `Filename, directory, or URL to files identifying the resource to ${what}`}),
    kustomize: Flags.string({char: 'k', description: "Process the kustomization directory. This flag can't be used together with -f or -R."}),
    recursive: Flags.boolean({char: 'R', description: 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.'}),
    selector: Flags.string({char: 'l', description: "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints."}),
  }
}

/** -o and friends. */
export const printFlags = {
  'allow-missing-template-keys': Flags.boolean({description: 'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.', default: true, allowNo: true}),
  output: Flags.string({char: 'o', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).'}),
  'show-managed-fields': Flags.boolean({description: 'If true, keep the managedFields when printing objects in JSON or YAML format.'}),
  template: Flags.string({description: 'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].'}),
}
