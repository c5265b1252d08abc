import {Flags, BaseCommand, parseDuration} from '../lib/cli/base.js'
import {attachOptions, runAttach} from '../lib/attach/attach.js'

export default class Attach extends BaseCommand {
  static override summary = 'Attach to a running container'
  static override description = 'Attach to a process that is already running inside an existing container.'
  static override usage = 'attach (POD | TYPE/NAME) -c CONTAINER'
  static override examples = [
    '# Get output from running pod mypod; use the \'kubectl.kubernetes.io/default-container\' annotation\n  # for selecting the container to be attached or the first container in the pod will be chosen\n  kctl attach mypod',
    '# Get output from ruby-container from pod mypod\n  kctl attach mypod -c ruby-container',
    '# Switch to raw terminal mode; sends stdin to \'bash\' in ruby-container from pod mypod\n  # and sends stdout/stderr from \'bash\' back to the client\n  kctl attach mypod -c ruby-container -i -t',
    '# Get output from the first pod of a replica set named nginx\n  kctl attach rs/nginx',
  ]
  static override strict = false
  static override flags = {
    container: Flags.string({char: 'c', description: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen'}),
    stdin: Flags.boolean({char: 'i', description: 'Pass stdin to the container'}),
    tty: Flags.boolean({char: 't', description: 'Stdin is a TTY'}),
    quiet: Flags.boolean({char: 'q', description: 'Only print output from the remote session'}),
    'pod-running-timeout': Flags.string({description: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running', default: '1m0s'}),
  }

  async run(): Promise<void> {
    const opts = attachOptions(this.positionals, this.flagValues, parseDuration(this.flagValues['pod-running-timeout'], 'pod-running-timeout'))
    await runAttach(await this.client(), opts, this.io)
  }
}
