import {Flags, BaseCommand} from '../lib/cli/base.js'
import {deleteOptions, runDelete} from '../lib/delete/delete.js'

export default class Delete extends BaseCommand {
  static override strict = false
  static override summary = 'Delete resources by file names, stdin, resources and names, or by resources and label selector'
  static override description = 'Delete resources by file names, stdin, resources and names, or by resources and label selector.'
  static override usage = 'delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [flags]'
  static override examples = [
    '# Delete a pod using the type and name specified in pod.json\n  kctl delete -f ./pod.json',
    '# Delete pods and services with same names "baz" and "foo"\n  kctl delete pod,service baz foo',
    '# Delete pods and services with label name=myLabel\n  kctl delete pods,services -l name=myLabel',
    '# Delete a pod with minimal delay\n  kctl delete pod foo --now',
    '# Force delete a pod on a dead node\n  kctl delete pod foo --force',
    '# Delete all pods\n  kctl delete pods --all',
  ]
  static override repeatable = ['filename']
  static override flags = {
    filename: Flags.string({char: 'f', multiple: true, description: 'containing the resource to delete.'}),
    recursive: Flags.boolean({char: 'R', description: 'Process the directory used in -f, --filename recursively.'}),
    selector: Flags.string({char: 'l', description: 'Selector (label query) to filter on.'}),
    'field-selector': Flags.string({description: 'Selector (field query) to filter on.'}),
    all: Flags.boolean({description: 'Delete all resources, in the namespace of the specified resource types.'}),
    'all-namespaces': Flags.boolean({char: 'A', description: 'If present, list the requested object(s) across all namespaces.'}),
    force: Flags.boolean({description: 'If true, immediately remove resources from API and bypass graceful deletion.'}),
    'grace-period': Flags.integer({description: 'Period of time in seconds given to the resource to terminate gracefully. Ignored if negative.', default: -1}),
    now: Flags.boolean({description: 'If true, resources are signaled for immediate shutdown (same as --grace-period=1).'}),
    timeout: Flags.string({description: 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object', default: '0s'}),
    wait: Flags.boolean({description: 'If true, wait for resources to be gone before returning. This waits for finalizers.', default: true, allowNo: true}),
    cascade: Flags.string({description: 'Must be "background", "orphan", or "foreground".', default: 'background'}),
    'dry-run': Flags.string({description: 'Must be "none", "server", or "client".', default: 'none'}),
    'ignore-not-found': Flags.boolean({description: 'Treat "resource not found" as a successful delete.', allowNo: true}),
    output: Flags.string({char: 'o', description: 'Output mode. Use "-o name" for shorter output (resource/name).'}),
    raw: Flags.string({description: 'Raw URI to DELETE to the server.', hidden: true}),
  }

  async run(): Promise<void> {
    const f = {...this.flagValues}
    // Unset means "default by mode" (true with --all/-l), so only an explicit flag counts.
    if (!this.argv.some((a) => a.startsWith('--ignore-not-found') || a.startsWith('--no-ignore-not-found'))) delete f['ignore-not-found']
    const opts = deleteOptions(this.positionals, f, this.argv)
    this.machineOutput(opts.output)
    await runDelete(() => this.client(), opts, {out: (s) => this.out(s), err: (s) => this.errOut(s)}, this.globals.namespace !== undefined)
  }
}
