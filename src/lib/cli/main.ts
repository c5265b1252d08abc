// Process-level entry used by bin/run.js: argv hoisting, oclif dispatch, and kubectl's words for unknown commands.
import {hoistGlobalFlags} from './argv.js'
import {formatError, KctlError} from './errors.js'

/** Runs kctl with the given argv (without node and script); `root` is the package directory (oclif reads package.json there). */
export async function main(rawArgv: string[], root: string): Promise<void> {
  const [{run}, {flush}] = await Promise.all([import('@oclif/core/run'), import('@oclif/core/flush')])
  const argv = hoistGlobalFlags(rawArgv)
  try {
    // kctl has no oclif plugins: none are looked for in the user's data directory or the package's dev dependencies.
    await run(argv, {root, userPlugins: false, devPlugins: false, jitPlugins: false})
    await flush()
  } catch (error: any) {
    const message = String(error?.message ?? error)
    const m = /^command (\S+) not found/.exec(message)
    if (m) {
      const word = m[1].split(':')[0]
      const {Config} = await import('@oclif/core/config')
      const config = await Config.load(root)
      const ids = [...new Set(config.commandIDs.map((id) => id.split(':')[0]))]
      const near = ids.filter((id) => levenshtein(id, word) <= 2 || id.startsWith(word))
      const suggestion = near.length > 0 ? `\n\nDid you mean this?\n${near.map((n) => `\t${n}`).join('\n')}` : ''
      process.stderr.write(`error: unknown command "${word}" for "kctl"${suggestion}\n`)
      process.exitCode = 1
      return
    }
    if (error?.code === 'EEXIT') {
      process.exitCode = error.oclif?.exit ?? 0
      return
    }
    process.stderr.write(formatError(error instanceof KctlError ? error : new KctlError(message), 'kctl'))
    process.exitCode = 1
  }
}

/** Edit distance, for "Did you mean this?" (cobra suggests within distance 2). */
export function levenshtein(a: string, b: string): number {
  const d = Array.from({length: a.length + 1}, (_, i) => [i, ...Array(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0][j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
  }
  return d[a.length][b.length]
}
