// `kctl version`: kctl reports itself as the kubectl minor it emulates, tagged with its own version, so scripts that
// parse clientVersion.major/minor keep working.
import type {KubeClient} from '../client/index.js'

/** The kubectl release whose behaviour kctl follows. */
export const EMULATED_KUBECTL = {major: '1', minor: '33', gitVersion: 'v1.33.1'}
/** kctl's own version. */
export const KCTL_VERSION = '0.1.0'

/** Options of `kctl version`. */
export interface VersionOptions {
  clientOnly: boolean
  output?: 'json' | 'yaml'
}

/** The clientVersion object kubectl prints with -o json. */
export function clientVersion(): Record<string, string> {
  return {
    major: EMULATED_KUBECTL.major,
    minor: EMULATED_KUBECTL.minor,
    gitVersion: `${EMULATED_KUBECTL.gitVersion}-kctl.${KCTL_VERSION}`,
    gitCommit: '',
    gitTreeState: 'clean',
    buildDate: '',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  }
}

/** Runs `kctl version` and returns stdout text; a server error is returned after the client part, as kubectl does. */
export async function runVersion(opts: VersionOptions, client: () => Promise<KubeClient>): Promise<{out: string; error?: unknown}> {
  const result: Record<string, unknown> = {clientVersion: clientVersion()}
  let error: unknown
  if (!opts.clientOnly) {
    try {
      result.serverVersion = await (await client()).version()
    } catch (e) {
      error = e
    }
  }
  if (opts.output === 'json') return {out: `${JSON.stringify(result, null, 2)}\n`, error}
  if (opts.output === 'yaml') {
    const yaml = await import('js-yaml')
    return {out: yaml.dump(result, {sortKeys: false, lineWidth: -1}), error}
  }
  let out = `Client Version: ${(result.clientVersion as any).gitVersion}\n`
  if (result.serverVersion) out += `Server Version: ${(result.serverVersion as any).gitVersion}\n`
  return {out, error}
}
