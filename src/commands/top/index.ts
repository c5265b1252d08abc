import {BaseCommand} from '../../lib/cli/base.js'
import {KctlError} from '../../lib/cli/errors.js'

export default class Top extends BaseCommand {
  static override summary = 'Display resource (CPU/memory) usage'
  static override description = `Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.`
  static override usage = 'top [flags] [options]'
  static override strict = false

  async run(): Promise<void> {
    // kubectl prints the help and exits 1 when no subcommand is given.
    this.io.err.write(`Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.

Available Commands:
  node          Display resource (CPU/memory) usage of nodes
  pod           Display resource (CPU/memory) usage of pods

Usage:
  kctl top [flags] [options]

Use "kctl top <command> --help" for more information about a given command.
Use "kctl options" for a list of global command-line options (applies to all commands).
`)
    throw new KctlError('', {exitCode: 1})
  }
}
