import {Flags, BaseCommand} from '../lib/cli/base.js'
import {explainOptions, runExplain} from '../lib/explain/explain.js'

export default class Explain extends BaseCommand {
  static override summary = 'Get documentation for a resource'
  static override description = `Describe fields and structure of various resources.

 This command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:

        <type>.<fieldName>[.<fieldName>]

 Information about each field is retrieved from the server in OpenAPI format.

Use "kctl api-resources" for a complete list of supported resources.`
  static override usage = 'explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2]'
  static override examples = [
    '# Get the documentation of the resource and its fields\n  kctl explain pods',
    '# Get all the fields in the resource\n  kctl explain pods --recursive',
    '# Get the explanation for deployment in supported api versions\n  kctl explain deployments --api-version=apps/v1',
    '# Get the documentation of a specific field of a resource\n  kctl explain pods.spec.containers',
    '# Get the documentation of resources in different format\n  kctl explain deployment --output=plaintext-openapiv2',
  ]
  static override strict = false
  static override flags = {
    'api-version': Flags.string({description: 'Get different explanations for particular API version (API group/version)'}),
    output: Flags.string({description: 'Format in which to render the schema (plaintext, plaintext-openapiv2)', default: 'plaintext'}),
    recursive: Flags.boolean({description: 'Print the fields of fields (Currently only 1 level deep)'}),
  }

  async run(): Promise<void> {
    const opts = explainOptions(this.positionals, this.flagValues)
    const {out, error} = await runExplain(await this.client(), opts)
    await this.out(out)
    if (error) throw error
  }
}
