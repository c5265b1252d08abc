import {Flags, BaseCommand} from '../lib/cli/base.js'
import {cpOptions, runCp} from '../lib/cp/cp.js'

export default class Cp extends BaseCommand {
  static override summary = 'Copy files and directories to and from containers'
  static override description = 'Copy files and directories to and from containers.'
  static override usage = 'cp <file-spec-src> <file-spec-dest>'
  static override examples = [
    "# !!!Important Note!!!\n  # Requires that the 'tar' binary is present in your container\n  # image.  If 'tar' is not present, 'kctl cp' will fail.",
    '# Copy /tmp/foo_dir local directory to /tmp/bar_dir in a remote pod in the default namespace\n  kctl cp /tmp/foo_dir <some-pod>:/tmp/bar_dir',
    '# Copy /tmp/foo local file to /tmp/bar in a remote pod in a specific container\n  kctl cp /tmp/foo <some-pod>:/tmp/bar -c <specific-container>',
    '# Copy /tmp/foo local file to /tmp/bar in a remote pod in namespace <some-namespace>\n  kctl cp /tmp/foo <some-namespace>/<some-pod>:/tmp/bar',
    '# Copy /tmp/foo from a remote pod to /tmp/bar locally\n  kctl cp <some-namespace>/<some-pod>:/tmp/foo /tmp/bar',
  ]
  static override strict = false
  static override flags = {
    container: Flags.string({char: 'c', description: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen'}),
    'no-preserve': Flags.boolean({description: 'The copied file/directory\'s ownership and permissions will not be preserved in the container'}),
    retries: Flags.integer({description: 'Set number of retries to complete a copy operation from a container. Specify 0 to disable or any negative value for infinite retrying. The default is 0 (no retry).', default: 0}),
  }

  async run(): Promise<void> {
    const opts = cpOptions(this.positionals, this.flagValues)
    await runCp(await this.client(), opts, this.io)
  }
}
