import {BaseCommand} from '../lib/cli/base.js'
import {completionShell, runCompletion} from '../lib/completion/command.js'

export default class Completion extends BaseCommand {
  static override summary = 'Output shell completion code for the specified shell (bash, zsh, fish)'
  static override description = `Output shell completion code for the specified shell (bash, zsh, fish). The shell code must be evaluated to provide interactive completion of kctl commands. This can be done by sourcing it from the .bash_profile.

Commands, flags and fixed flag values are completed by the shell itself, without starting kctl; only live names (pods, nodes, namespaces, contexts, containers) ask the cluster, through a short-lived cache and a one-second bound.`
  static override usage = 'completion SHELL'
  static override examples = [
    "# Load the kctl completion code for bash into the current shell\n  source <(kctl completion bash)",
    "# Write bash completion code to a file and source it from .bashrc\n  kctl completion bash > ~/.kube/kctl_completion.bash.inc\n  printf \"\\n# kctl shell completion\\nsource '$HOME/.kube/kctl_completion.bash.inc'\\n\" >> $HOME/.bashrc\n  source $HOME/.bashrc",
    "# Load the kctl completion code for zsh into the current shell\n  source <(kctl completion zsh)",
    "# Load the kctl completion code for fish into the current shell\n  kctl completion fish | source",
  ]
  static override strict = false

  async run(): Promise<void> {
    await this.out(runCompletion(completionShell(this.positionals), this.config.root))
  }
}
