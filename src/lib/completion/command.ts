// `kctl completion SHELL`: prints the generated script for the shell (the same text as completions/kctl.SHELL).
import * as fs from 'node:fs'
import * as path from 'node:path'
import {UsageError} from '../cli/errors.js'
import {completionScript} from './scripts.js'

/** Validates the arguments as kubectl does. */
export function completionShell(args: string[]): string {
  if (args.length === 0) throw new UsageError('Shell not specified.')
  if (args.length > 1) throw new UsageError('Too many arguments. Expected only the shell type.')
  if (!['bash', 'zsh', 'fish'].includes(args[0])) throw new UsageError(`Unsupported shell type "${args[0]}".`)
  return args[0]
}

/** The script for a shell, built from the installed manifest. */
export function runCompletion(shell: string, root: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'oclif.manifest.json'), 'utf8'))
  return completionScript(shell, manifest)
}
