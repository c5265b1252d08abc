// `kctl options`: the flags every command accepts, in the layout of `kubectl options`. Per-command help leaves them out
// and points here, as kubectl's does.
import {defaultCacheDir} from '../client/discovery.js'

/** A global flag as `options` prints it (oclif's flag definition has these fields). */
export interface OptionFlag {
  char?: string
  type: 'boolean' | 'option'
  description?: string
}

/** The text of `kctl options`: every global flag by name, its default as pflag shows it, and its description. */
export function formatOptions(flags: Record<string, OptionFlag>, env: NodeJS.ProcessEnv = process.env): string {
  const defaults: Record<string, string> = {'cache-dir': `'${defaultCacheDir(env)}'`, 'request-timeout': "'0'", v: '0'}
  const blocks = Object.keys(flags)
    .sort()
    .map((name) => {
      const f = flags[name]
      const value = defaults[name] ?? (f.type === 'boolean' ? 'false' : "''")
      return `    ${f.char ? `-${f.char}, ` : ''}--${name}=${value}:\n\t${f.description ?? ''}\n\n`
    })
  return `The following options can be passed to any command:\n\n${blocks.join('')}`
}
