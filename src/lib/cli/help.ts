// oclif's help, closed with kubectl's lines: where a subcommand's help is, and that the global flags (left out of each
// command's help, as kubectl leaves them out) are listed by `kctl options`.
import {Help} from '@oclif/core/help'
import type {Command} from '@oclif/core/command'
import type {Topic} from '@oclif/core/interfaces'

const OPTIONS_LINE = 'Use "kctl options" for a list of global command-line options (applies to all commands).'

/** The help class package.json's oclif.helpClass names; `kctl help` uses it too. */
export class KctlHelp extends Help {
  override async showRootHelp(): Promise<void> {
    await super.showRootHelp()
    this.log(`Use "kctl <command> --help" for more information about a given command.\n${OPTIONS_LINE}`)
  }

  override async showTopicHelp(topic: Topic): Promise<void> {
    await super.showTopicHelp(topic)
    this.log(`${subcommandLine(topic.name)}\n${OPTIONS_LINE}`)
  }

  override async showCommandHelp(command: Command.Loadable): Promise<void> {
    await super.showCommandHelp(command)
    const parent = this.config.commandIDs.some((id) => id.startsWith(`${command.id}:`))
    this.log(parent ? `${subcommandLine(command.id)}\n${OPTIONS_LINE}` : OPTIONS_LINE)
  }
}

function subcommandLine(id: string): string {
  return `Use "kctl ${id.split(':').join(' ')} <command> --help" for more information about a given command.`
}
