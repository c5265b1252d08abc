// kubectl's positional resource forms for commands that act on named objects: TYPE NAME [NAME…] or TYPE/NAME [TYPE/NAME…].
import {UsageError} from '../cli/errors.js'
import type {KubeClient, ResourceType} from './index.js'

/** A type word and the names typed for it. */
export interface TypedNames {
  type: string
  names: string[]
}

/** Splits positionals into type/name groups with kubectl's usage errors (no server needed). */
export function parseTypeNameArgs(args: string[], commandName: string): TypedNames[] {
  if (args.length === 0) return []
  const slashed = args.filter((a) => a.includes('/'))
  if (slashed.length > 0) {
    if (slashed.length !== args.length) {
      throw new UsageError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl ${commandName} resource/<resource_name>' instead of 'kubectl ${commandName} resource resource/<resource_name>'`)
    }
    return args.map((a) => {
      const i = a.indexOf('/')
      const type = a.slice(0, i)
      const name = a.slice(i + 1)
      if (!type || !name) throw new UsageError(`arguments in resource/name form must have a single resource and name`)
      return {type, names: [name]}
    })
  }
  const [type, ...names] = args
  return type.split(',').filter(Boolean).map((t) => ({type: t, names}))
}

/** One object a command acts on. */
export interface Target {
  type: ResourceType
  name: string
}

/** Resolves type words through discovery; an unknown type is kubectl's "doesn't have a resource type" error. */
export async function resolveTargets(client: KubeClient, groups: TypedNames[]): Promise<Target[]> {
  const targets: Target[] = []
  for (const g of groups) {
    const type = await client.resolve(g.type)
    for (const name of g.names) targets.push({type, name})
  }
  return targets
}
