import {Flags, BaseCommand} from '../lib/cli/base.js'
import {taintOptions, runTaint} from '../lib/nodes/taint.js'

export default class Taint extends BaseCommand {
  static override summary = 'Update the taints on one or more nodes'
  static override description = `Update the taints on one or more nodes.

  * A taint consists of a key, value, and effect. As an argument here, it is expressed as key=value:effect.
  * The key must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 253 characters.
  * The value is optional. If given, it must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters.
  * The effect must be NoSchedule, PreferNoSchedule or NoExecute.
  * Currently taint can only apply to node.`
  static override usage = 'taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N'
  static override examples = [
    "# Update node 'foo' with a taint with key 'dedicated' and value 'special-user' and effect 'NoSchedule'\n  # If a taint with that key and effect already exists, its value is replaced as specified\n  kctl taint nodes foo dedicated=special-user:NoSchedule",
    "# Remove from node 'foo' the taint with key 'dedicated' and effect 'NoSchedule' if one exists\n  kctl taint nodes foo dedicated:NoSchedule-",
    "# Remove from node 'foo' all the taints with key 'dedicated'\n  kctl taint nodes foo dedicated-",
    "# Add a taint with key 'dedicated' on nodes having label myLabel=X\n  kctl taint node -l myLabel=X  dedicated=foo:PreferNoSchedule",
  ]
  static override strict = false
  static override flags = {
    all: Flags.boolean({description: 'Select all nodes in the cluster'}),
    selector: Flags.string({char: 'l', description: 'Selector (label query) to filter on'}),
    overwrite: Flags.boolean({description: 'If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.'}),
    'dry-run': Flags.string({description: 'Must be "none", "server", or "client".', options: ['none', 'server', 'client']}),
    output: Flags.string({char: 'o', description: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).'}),
    'show-managed-fields': Flags.boolean({description: 'If true, keep the managedFields when printing objects in JSON or YAML format.'}),
    'field-manager': Flags.string({description: 'Name of the manager used to track field ownership.', default: 'kubectl-taint'}),
    validate: Flags.string({description: "Must be one of: strict (or true), warn, ignore (or false).", default: 'strict'}),
  }

  async run(): Promise<void> {
    this.machineOutput(this.flagValues.output)
    const opts = taintOptions(this.positionals, this.flagValues)
    await runTaint(await this.client(), opts, (s) => this.io.out.write(s))
  }
}
