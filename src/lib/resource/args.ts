// kubectl's resource builder, argument half (cli-runtime pkg/resource/builder.go): what the words after the verb mean.
// Pure: no server. Resolution of the type words against discovery happens in builder.ts.
import {KctlError, UsageError} from '../cli/errors.js'

/** What the positional words ask for. */
export type ResourceArgs =
  | {form: 'none'}
  /** `pods`, `pods,services`, `all`, `pods a b`: types (comma list) and optional names. */
  | {form: 'types'; types: string[]; names: string[]}
  /** `pod/a deploy/b`: one type and name per word. */
  | {form: 'pairs'; pairs: {type: string; name: string}[]}

/** Splits the positional words the way kubectl's builder does, with its error messages. */
export function parseResourceArgs(args: string[], cmd = `${SELF} get`): ResourceArgs {
  if (args.length === 0) return {form: 'none'}
  const slashed = args.filter((a) => a.includes('/')).length
  if (slashed > 0) {
    if (slashed === args.length) {
      return {form: 'pairs', pairs: args.map((a) => {
        const parts = a.split('/')
        if (parts.length !== 2) throw new KctlError('arguments in resource/name form may not have more than one slash')
        if (parts[0] === '' || parts[1] === '') throw new KctlError('arguments in resource/name form must have a single resource and name')
        return {type: parts[0], name: parts[1]}
      })}
    }
    // kubectl's builder words this with `get` whatever the verb.
    const verb = `${SELF} get`
    void cmd
    throw new KctlError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. '${verb} resource/<resource_name>' instead of '${verb} resource resource/<resource_name>'`)
  }
  return {form: 'types', types: args[0].split(','), names: args.slice(1)}
}

/** True when the output mixes kinds and NAME gets a kind prefix (kubectl's MultipleTypesRequested). */
export function multipleTypesRequested(args: ResourceArgs): boolean {
  if (args.form === 'types') return args.types.length > 1 || args.types.some((t) => t.toLowerCase() === 'all')
  if (args.form === 'pairs') return new Set(args.pairs.map((p) => p.type.toLowerCase())).size > 1
  return false
}

/** kctl names itself where kubectl names itself in a hint to run a command. */
export const SELF = 'kctl'

/** The hint kubectl prints (with usage error, for get) when no resource type was given. */
export function requiredResourceHint(verb: string): string {
  return `You must specify the type of resource to ${verb}. Use "${SELF} api-resources" for a complete list of supported resources.`
}

/** get's usage error when no resource type was given (printed after requiredResourceHint and a blank line). */
export function requiredResourceError(): UsageError {
  return new UsageError(`Required resource not specified.\nUse "${SELF} explain <resource>" for a detailed description of that resource (e.g. ${SELF} explain pods).`)
}
