import {BaseCommand} from '../lib/cli/base.js'
import {runApiVersions} from '../lib/get/api-resources.js'

export default class ApiVersions extends BaseCommand {
  static override strict = false
  static override summary = 'Print the supported API versions on the server, in the form of "group/version"'
  static override description = 'Print the supported API versions on the server, in the form of "group/version".'
  static override examples = ['# Print the supported API versions\n  kctl api-versions']

  async run(): Promise<void> {
    await this.out(await runApiVersions(await this.client()))
  }
}
