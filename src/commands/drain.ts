import {Flags, BaseCommand, parseDuration} from '../lib/cli/base.js'
import {drainOptions, runDrain} from '../lib/nodes/drain.js'
import {parseDryRun} from '../lib/nodes/select.js'
import {statusLine} from '../lib/cli/status-line.js'

export default class Drain extends BaseCommand {
  static override summary = 'Drain node in preparation for maintenance'
  static override description = `Drain node in preparation for maintenance.

 The given node will be marked unschedulable to prevent new pods from arriving. 'drain' evicts the pods if the API server supports https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ eviction. Otherwise, it will use normal DELETE to delete the pods. The 'drain' evicts or deletes all pods except mirror pods (which cannot be deleted through the API server). If there are daemon set-managed pods, drain will not proceed without --ignore-daemonsets, and regardless it will not delete any daemon set-managed pods, because those pods would be immediately replaced by the daemon set controller, which ignores unschedulable markings. If there are any pods that are neither mirror pods nor managed by a replication controller, replica set, daemon set, stateful set, or job, then drain will not delete any pods unless you use --force. --force will also allow deletion to proceed if the managing resource of one or more pods is missing.

 'drain' waits for graceful termination. You should not operate on the machine until the command completes.

 When you are ready to put the node back into service, use kubectl uncordon, which will make the node schedulable again.

 kctl also shows, while it waits, which pods are still being evicted and which PodDisruptionBudget blocks them.`
  static override usage = 'drain NODE'
  static override examples = [
    '# Drain node "foo", even if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set on it\n  kctl drain foo --force',
    '# As above, but abort if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set, and use a grace period of 15 minutes\n  kctl drain foo --grace-period=900',
  ]
  static override strict = false
  static override flags = {
    force: Flags.boolean({description: 'Continue even if there are pods that do not declare a controller.'}),
    'ignore-daemonsets': Flags.boolean({description: 'Ignore DaemonSet-managed pods.'}),
    'delete-emptydir-data': Flags.boolean({description: 'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).'}),
    'delete-local-data': Flags.boolean({description: 'Deprecated: use --delete-emptydir-data', hidden: true}),
    'grace-period': Flags.integer({description: 'Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.', default: -1}),
    timeout: Flags.string({description: 'The length of time to wait before giving up, zero means infinite', default: '0s'}),
    'pod-selector': Flags.string({description: 'Label selector to filter pods on the node'}),
    selector: Flags.string({char: 'l', description: 'Selector (label query) to filter on'}),
    'disable-eviction': Flags.boolean({description: 'Force drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution.'}),
    'skip-wait-for-delete-timeout': Flags.integer({description: 'If pod DeletionTimestamp older than N seconds, skip waiting for the pod.  Seconds must be greater than 0 to skip.', default: 0}),
    'chunk-size': Flags.integer({description: 'Return large lists in chunks rather than all at once. Pass 0 to disable.', default: 500}),
    'dry-run': Flags.string({description: 'Must be "none", "server", or "client".', options: ['none', 'server', 'client']}),
  }

  async run(): Promise<void> {
    const opts = drainOptions(this.positionals, this.flagValues, parseDryRun(this.flagValues['dry-run']), parseDuration(this.flagValues.timeout, 'timeout'))
    await runDrain(await this.client(), opts, statusLine(this.io))
  }
}
