import {Flags, BaseCommand, parseDuration} from '../lib/cli/base.js'
import {logsOptions, runLogs} from '../lib/logs/logs.js'

export default class Logs extends BaseCommand {
  static override summary = 'Print the logs for a container in a pod'
  static override description = 'Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.'
  static override usage = 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'
  static override examples = [
    '# Return snapshot logs from pod nginx with only one container\n  kctl logs nginx',
    '# Return snapshot logs from pod nginx, prefixing each line with the source pod and container name\n  kctl logs nginx --prefix',
    '# Return snapshot logs from pod nginx with multi containers\n  kctl logs nginx --all-containers=true',
    '# Return snapshot logs from all containers in pods defined by label app=nginx\n  kctl logs -l app=nginx --all-containers=true',
    '# Return snapshot of previous terminated ruby container logs from pod web-1\n  kctl logs -p -c ruby web-1',
    '# Begin streaming the logs of the ruby container in pod web-1\n  kctl logs -f -c ruby web-1',
    '# Display only the most recent 20 lines of output in pod nginx\n  kctl logs --tail=20 nginx',
    '# Show all logs from pod nginx written in the last hour\n  kctl logs --since=1h nginx',
    '# Return snapshot logs from first container of a job named hello\n  kctl logs job/hello',
  ]
  static override strict = false
  static override flags = {
    container: Flags.string({char: 'c', description: 'Print the logs of this container'}),
    'all-containers': Flags.boolean({description: 'Get all containers\' logs in the pod(s).'}),
    'all-pods': Flags.boolean({description: 'Get logs from all pod(s). Sets prefix to true.'}),
    follow: Flags.boolean({char: 'f', description: 'Specify if the logs should be streamed.'}),
    previous: Flags.boolean({char: 'p', description: 'If true, print the logs for the previous instance of the container in a pod if it exists.'}),
    timestamps: Flags.boolean({description: 'Include timestamps on each line in the log output'}),
    prefix: Flags.boolean({description: 'Prefix each log line with the log source (pod name and container name)'}),
    tail: Flags.string({description: 'Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.'}),
    since: Flags.string({description: 'Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used.'}),
    'since-time': Flags.string({description: 'Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used.'}),
    'limit-bytes': Flags.integer({description: 'Maximum bytes of logs to return. Defaults to no limit.'}),
    selector: Flags.string({char: 'l', description: 'Selector (label query) to filter on, supports \'=\', \'==\', \'!=\', \'in\', \'notin\'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.'}),
    'max-log-requests': Flags.integer({description: 'Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.', default: 5}),
    'pod-running-timeout': Flags.string({description: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running', default: '20s'}),
    'ignore-errors': Flags.boolean({description: 'If watching / following pod logs, allow for any errors that occur to be non-fatal'}),
    'insecure-skip-tls-verify-backend': Flags.boolean({description: 'Skip verifying the identity of the kubelet that logs are requested from.'}),
  }

  async run(): Promise<void> {
    const since = this.flagValues.since
    const sinceMs = since === undefined ? 0 : since.startsWith('-') ? -1 : parseDuration(since, 'since')
    const opts = logsOptions(this.positionals, this.flagValues, sinceMs)
    await runLogs(await this.client(), opts, this.io)
  }
}
