// Flags every `create` form shares (kubectl's PrintFlags + dry-run + save-config + validate + field-manager).
import {Flags} from '../cli/base.js'

/** The flags shared by `create` and its generators. */
export function createCommonFlags() {
  return {
    output: Flags.string({char: 'o', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).'}),
    'dry-run': Flags.string({description: 'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.', default: 'none'}),
    'save-config': Flags.boolean({description: 'If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.'}),
    validate: Flags.string({description: 'Must be one of: strict (or true), warn, ignore (or false).', default: 'strict'}),
    'field-manager': Flags.string({description: 'Name of the manager used to track field ownership.', default: 'kubectl-create'}),
  }
}
