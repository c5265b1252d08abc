// kubectl (pflag) accepts global flags anywhere; oclif resolves the command id from the leading words and stops at the
// first flag. So leading global flags are moved behind the command words before oclif sees argv.

/** Global flags that take a value (long names, and the short forms kubectl has). */
export const GLOBAL_VALUE_FLAGS = new Set([
  '--kubeconfig', '--context', '--cluster', '--user', '--namespace', '-n', '--server', '-s', '--token',
  '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '--request-timeout',
  '--cache-dir', '--v', '-v', '--as', '--as-group', '--as-uid', '--username', '--password', '--profile',
  '--profile-output', '--log-file', '--log-file-max-size', '--vmodule', '--log-flush-frequency',
])

/** Global boolean flags. */
export const GLOBAL_BOOLEAN_FLAGS = new Set([
  '--insecure-skip-tls-verify', '--match-server-version', '--warnings-as-errors', '--disable-compression', '--no-hints',
])

/** Moves global flags that precede the command words to just before `--` (or the end), keeping their order. */
export function hoistGlobalFlags(argv: string[]): string[] {
  const globals: string[] = []
  let i = 0
  while (i < argv.length) {
    const token = argv[i]
    if (token === '--' || token === '-' || !token.startsWith('-')) break
    const eq = token.indexOf('=')
    const name = eq > 0 ? token.slice(0, eq) : token
    if (GLOBAL_VALUE_FLAGS.has(name)) {
      if (eq > 0 || i + 1 >= argv.length) {
        globals.push(token)
        i += 1
      } else {
        globals.push(token, argv[i + 1])
        i += 2
      }
      continue
    }
    if (/^-[nsv][^=]/.test(token)) {
      // -nkube-system, -v9: pflag's attached short value
      globals.push(token.slice(0, 2), token.slice(2))
      i += 1
      continue
    }
    if (GLOBAL_BOOLEAN_FLAGS.has(name)) {
      globals.push(token)
      i += 1
      continue
    }
    break
  }
  if (globals.length === 0) return argv
  const rest = argv.slice(i)
  // The command words come first; a global flag must not land between a topic and its subcommand.
  const dash = rest.indexOf('--')
  return dash === -1 ? [...rest, ...globals] : [...rest.slice(0, dash), ...globals, ...rest.slice(dash)]
}

/** Everything after the first `--` of the raw argv (cobra's ArgsLenAtDash), verbatim and in order. */
export function argsAfterDash(argv: string[]): string[] {
  const dash = argv.indexOf('--')
  return dash === -1 ? [] : argv.slice(dash + 1)
}

/** Positional words before `--`, in order (oclif re-sorts its argv; this does not). */
export function argsBeforeDash(argv: string[], positionals: string[]): string[] {
  const dash = argv.indexOf('--')
  if (dash === -1) return positionals
  const before = new Set(argv.slice(0, dash))
  return positionals.filter((p) => before.has(p))
}
