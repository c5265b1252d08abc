import {Flags, BaseCommand} from '../../lib/cli/base.js'
import {topPodOptions, runTopPod} from '../../lib/top/top.js'

export default class TopPod extends BaseCommand {
  static override summary = 'Display resource (CPU/memory) usage of pods'
  static override description = `Display resource (CPU/memory) usage of pods.

 The 'top pod' command allows you to see the resource consumption of pods.

 Due to the metrics pipeline delay, they may be unavailable for a few minutes since pod creation.`
  static override aliases = ['top:pods', 'top:po']
  static override usage = 'top pod [NAME | -l label]'
  static override examples = [
    '# Show metrics for all pods in the default namespace\n  kctl top pod',
    '# Show metrics for all pods in the given namespace\n  kctl top pod --namespace=NAMESPACE',
    '# Show metrics for a given pod and its containers\n  kctl top pod POD_NAME --containers',
    '# Show metrics for the pods defined by label name=myLabel\n  kctl top pod -l name=myLabel',
  ]
  static override strict = false
  static override flags = {
    selector: Flags.string({char: 'l', description: 'Selector (label query) to filter on'}),
    'field-selector': Flags.string({description: 'Selector (field query) to filter on'}),
    'sort-by': Flags.string({description: 'If non-empty, sort pods list using specified field. The field can be either \'cpu\' or \'memory\'.'}),
    containers: Flags.boolean({description: 'If present, print usage of containers within a pod.'}),
    'all-namespaces': Flags.boolean({char: 'A', description: 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.'}),
    'no-headers': Flags.boolean({description: 'If present, print output without headers.'}),
    'use-protocol-buffers': Flags.boolean({description: 'Enables using protocol-buffers to access Metrics API.', default: true, allowNo: true}),
    sum: Flags.boolean({description: 'Print the sum of the resource usage'}),
    'show-swap': Flags.boolean({description: 'Print pod resources related to swap memory.'}),
  }

  async run(): Promise<void> {
    await runTopPod(await this.client(), topPodOptions(this.positionals, this.flagValues), this.io)
  }
}
