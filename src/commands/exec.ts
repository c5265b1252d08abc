import {Flags, BaseCommand} from '../lib/cli/base.js'
import {execOptions, runExec} from '../lib/exec/exec.js'

export default class Exec extends BaseCommand {
  static override summary = 'Execute a command in a container'
  static override description = 'Execute a command in a container.'
  static override usage = 'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]'
  static override examples = [
    "# Get output from running the 'date' command from pod mypod, using the first container by default\n  kctl exec mypod -- date",
    "# Get output from running the 'date' command in ruby-container from pod mypod\n  kctl exec mypod -c ruby-container -- date",
    "# Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod\n  # and sends stdout/stderr from 'bash' back to the client\n  kctl exec mypod -c ruby-container -i -t -- bash -il",
    "# Get output from running 'date' command from the first pod of the deployment mydeployment, using the first container by default\n  kctl exec deploy/mydeployment -- date",
    "# Get output from running 'date' command from the first pod of the service myservice, using the first container by default\n  kctl exec svc/myservice -- date",
  ]
  static override strict = false
  static override flags = {
    container: Flags.string({char: 'c', description: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen'}),
    stdin: Flags.boolean({char: 'i', description: 'Pass stdin to the container'}),
    tty: Flags.boolean({char: 't', description: 'Stdin is a TTY'}),
    quiet: Flags.boolean({char: 'q', description: 'Only print output from the remote session'}),
    filename: Flags.string({char: 'f', description: 'to use to exec into the resource', multiple: true}),
    'pod-running-timeout': Flags.string({description: 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running', default: '1m0s'}),
  }

  async run(): Promise<void> {
    const opts = execOptions(this.positionals, this.dashArgs, this.hasDash, this.flagValues)
    await runExec(await this.client(), opts, this.io)
  }
}
