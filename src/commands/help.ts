import {BaseCommand} from '../lib/cli/base.js'

export default class Help extends BaseCommand {
  static override summary = 'Help about any command'
  static override description = 'Help provides help for any command in the application.\nSimply type kctl help [path to command] for full details.'
  static override examples = ['# Show the help of get\n  kctl help get', '# Show the help of a subcommand\n  kctl help config view']
  static override strict = false

  async run(): Promise<void> {
    await this.showHelp(this.positionals)
  }
}
