import {Flags, BaseCommand, parseDuration} from '../lib/cli/base.js'
import {parseWaitFor, runWait} from '../lib/wait/wait.js'
import {printFlags} from '../lib/rollout/flags.js'

/** `kctl wait`: block until objects meet a condition. */
export default class Wait extends BaseCommand {
  static override summary = 'Experimental: Wait for a specific condition on one or many resources'
  static override description = `Experimental: Wait for a specific condition on one or many resources.

 The command takes multiple resources and waits until the specified condition is seen in the Status field of every given resource.

 Alternatively, the command can wait for the given set of resources to be created or deleted by providing the "create" or "delete" keyword as the value to the --for flag.

 A successful message will be printed to stdout indicating when the specified condition has been met. You can use -o option to change to output destination.`
  static override usage = 'wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath=\'{}\'[=value]]'
  static override examples = [
    '# Wait for the pod "busybox1" to contain the status condition of type "Ready"\n  kctl wait --for=condition=Ready pod/busybox1',
    '# The default value of status condition is true; you can wait for other targets after an equal delimiter (compared after Unicode simple case folding, which is a more general form of case-insensitivity)\n  kctl wait --for=condition=Ready=false pod/busybox1',
    '# Wait for the pod "busybox1" to contain the status phase to be "Running"\n  kctl wait --for=jsonpath=\'{.status.phase}\'=Running pod/busybox1',
    '# Wait for pod "busybox1" to be Ready\n  kctl wait --for=\'jsonpath={.status.conditions[?(@.type=="Ready")].status}=True\' pod/busybox1',
    '# Wait for the service "loadbalancer" to have ingress\n  kctl wait --for=jsonpath=\'{.status.loadBalancer.ingress}\' service/loadbalancer',
    '# Wait for the secret "busybox1" to be created, with a timeout of 30 seconds\n  kctl create secret generic busybox1\n  kctl wait --for=create secret/busybox1 --timeout=30s',
    '# Wait for the pod "busybox1" to be deleted, with a timeout of 60s, after having issued the "delete" command\n  kctl delete pod/busybox1\n  kctl wait --for=delete pod/busybox1 --timeout=60s',
  ]
  static override strict = false
  static override repeatable = ['filename']
  static override flags = {
    all: Flags.boolean({description: 'Select all resources in the namespace of the specified resource types'}),
    'all-namespaces': Flags.boolean({char: 'A', description: 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.'}),
    'field-selector': Flags.string({description: "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type."}),
    filename: Flags.string({char: 'f', multiple: true, multipleNonGreedy: true, description: 'identifying the resource.'}),
    for: Flags.string({description: "The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]. The default condition-value is true.  Condition values are compared after Unicode simple case folding, which is a more general form of case-insensitivity."}),
    local: Flags.boolean({description: 'If true, annotation will NOT contact api-server but run locally.'}),
    recursive: Flags.boolean({char: 'R', description: 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.', default: true, allowNo: true}),
    selector: Flags.string({char: 'l', description: "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints."}),
    timeout: Flags.string({description: 'The length of time to wait before giving up.  Zero means check once and don\'t wait, negative means wait for a week.', default: '30s'}),
    ...printFlags,
  }

  async run(): Promise<void> {
    const f = this.flagValues
    this.machineOutput(f.output)
    const waitFor = parseWaitFor(f.for)
    const timeout = String(f.timeout ?? '30s')
    const timeoutMs = timeout.startsWith('-') ? 7 * 24 * 3600 * 1000 : parseDuration(timeout, 'timeout')
    const selection = {positionals: this.positionals, filenames: f.filename ?? [], recursive: f.recursive, selector: f.selector, fieldSelector: f['field-selector'], all: f.all, allNamespaces: f['all-namespaces'], cmd: 'kctl wait'}
    await runWait(await this.client(), {selection, for: waitFor, timeoutMs, output: f.output}, (s) => this.io.out.write(s))
  }
}
