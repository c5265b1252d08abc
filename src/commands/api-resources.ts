import {Flags, BaseCommand} from '../lib/cli/base.js'
import {runApiResources} from '../lib/get/api-resources.js'

export default class ApiResources extends BaseCommand {
  static override strict = false
  static override summary = 'Print the supported API resources on the server'
  static override description = 'Print the supported API resources on the server.'
  static override examples = [
    '# Print the supported API resources\n  kctl api-resources',
    '# Print the supported API resources with more information\n  kctl api-resources -o wide',
    '# Print the supported namespaced resources\n  kctl api-resources --namespaced=true',
    '# Print the supported API resources with a specific APIGroup\n  kctl api-resources --api-group=rbac.authorization.k8s.io',
  ]
  static override flags = {
    output: Flags.string({char: 'o', description: 'Output format. One of: (wide, name).'}),
    namespaced: Flags.string({description: 'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.'}),
    'api-group': Flags.string({description: 'Limit to resources in the specified API group.'}),
    verbs: Flags.string({multiple: true, description: 'Limit to resources that support the specified verbs.'}),
    categories: Flags.string({multiple: true, description: 'Limit to resources that belong to the specified categories.'}),
    'sort-by': Flags.string({description: "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'."}),
    'no-headers': Flags.boolean({description: 'When using the default or custom-column output format, don\'t print headers (default print headers).'}),
    cached: Flags.boolean({description: 'Use the cached list of resources if available.'}),
  }

  async run(): Promise<void> {
    const f = this.flagValues
    const namespacedGiven = this.argv.some((a) => a.startsWith('--namespaced'))
    const split = (v: string[] | undefined) => ([] as string[]).concat(v ?? []).flatMap((s) => s.split(',')).filter(Boolean)
    await this.out(await runApiResources(await this.client(), {
      output: f.output, namespaced: namespacedGiven ? f.namespaced !== 'false' : undefined, apiGroup: this.argv.some((a) => a.startsWith('--api-group')) ? (f['api-group'] ?? '') : undefined,
      verbs: split(f.verbs), categories: split(f.categories), sortBy: f['sort-by'], noHeaders: Boolean(f['no-headers']),
    }, Boolean(f.cached)))
  }
}
