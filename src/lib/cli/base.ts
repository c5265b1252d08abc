// The base of every command: kubectl's global flags, the lazily built client, the injected IO, and the single place
// where errors become kubectl's words and exit codes. Nothing else in kctl knows oclif or process.
// oclif's parts by subpath: its index would also load help, ux and the rest at every start.
import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import type {InferredFlags} from '@oclif/core/interfaces'
import {processIO, write, type IO} from './io.js'
import {formatError, KctlError, FlagError, UsageError} from './errors.js'
import {klogHeader} from './klog.js'
import {splitArgv, dedupeSingleValueFlags, type FlagShape} from './parse.js'
import type {KubeClient} from '../client/index.js'

/** oclif's flag builders, re-exported so that command files never import oclif themselves. */
export {Flags}

/** The global flags kubectl accepts on every command (before or after the verb). */
export const globalFlags = {
  kubeconfig: Flags.string({description: 'Path to the kubeconfig file to use for CLI requests.', helpGroup: 'GLOBAL'}),
  context: Flags.string({description: 'The name of the kubeconfig context to use', helpGroup: 'GLOBAL'}),
  cluster: Flags.string({description: 'The name of the kubeconfig cluster to use', helpGroup: 'GLOBAL'}),
  user: Flags.string({description: 'The name of the kubeconfig user to use', helpGroup: 'GLOBAL'}),
  namespace: Flags.string({char: 'n', description: 'If present, the namespace scope for this CLI request', helpGroup: 'GLOBAL'}),
  server: Flags.string({char: 's', description: 'The address and port of the Kubernetes API server', helpGroup: 'GLOBAL'}),
  token: Flags.string({description: 'Bearer token for authentication to the API server', helpGroup: 'GLOBAL'}),
  'certificate-authority': Flags.string({description: 'Path to a cert file for the certificate authority', helpGroup: 'GLOBAL'}),
  'client-certificate': Flags.string({description: 'Path to a client certificate file for TLS', helpGroup: 'GLOBAL'}),
  'client-key': Flags.string({description: 'Path to a client key file for TLS', helpGroup: 'GLOBAL'}),
  'insecure-skip-tls-verify': Flags.boolean({description: "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure", helpGroup: 'GLOBAL'}),
  'tls-server-name': Flags.string({description: 'Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used', helpGroup: 'GLOBAL'}),
  'request-timeout': Flags.string({description: "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.", helpGroup: 'GLOBAL'}),
  'cache-dir': Flags.string({description: 'Default cache directory', helpGroup: 'GLOBAL'}),
  username: Flags.string({description: 'Username for basic authentication to the API server', helpGroup: 'GLOBAL', hidden: true}),
  password: Flags.string({description: 'Password for basic authentication to the API server', helpGroup: 'GLOBAL', hidden: true}),
  as: Flags.string({description: 'Username to impersonate for the operation. User could be a regular user or a service account in a namespace.', helpGroup: 'GLOBAL', hidden: true}),
  'match-server-version': Flags.boolean({description: 'Require server version to match client version', helpGroup: 'GLOBAL', hidden: true}),
  'warnings-as-errors': Flags.boolean({description: 'Treat warnings received from the server as errors and exit with a non-zero exit code', helpGroup: 'GLOBAL', hidden: true}),
  v: Flags.string({char: 'v', description: 'number for the log level verbosity', helpGroup: 'GLOBAL'}),
  'no-hints': Flags.boolean({description: "kctl: don't print hint lines after errors", helpGroup: 'GLOBAL'}),
}

/** Parsed global flag values. */
export type GlobalFlags = InferredFlags<typeof globalFlags>

/** kubectl's duration syntax (1s, 2m, 500ms, 1h30m, or a bare number of seconds) in milliseconds. */
export function parseDuration(value: string | undefined, flag = 'request-timeout'): number {
  if (value === undefined || value === '' || value === '0') return 0
  if (/^\d+$/.test(value)) return Number(value) * 1000
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy
  let total = 0
  let m: RegExpExecArray | null
  let consumed = 0
  const unit: Record<string, number> = {ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000}
  while ((m = re.exec(value)) !== null) {
    total += Number(m[1]) * unit[m[2]]
    consumed = re.lastIndex
  }
  if (consumed !== value.length) throw new KctlError(`invalid argument "${value}" for "--${flag}" flag: time: invalid duration "${value}"`)
  return total
}

/** Base class of every kctl command. */
export abstract class BaseCommand extends Command {
  static override baseFlags = globalFlags
  /** Commands whose flags kubectl treats as repeatable list values. */
  static repeatable: string[] = []

  protected io: IO = processIO()
  protected globals!: GlobalFlags
  protected flagValues!: Record<string, any>
  /** Positional words before `--`, in the order typed. */
  protected positionals: string[] = []
  /** Everything after `--`, verbatim. */
  protected dashArgs: string[] = []
  /** True when a `--` separator was typed. */
  protected hasDash = false
  private clientPromise: Promise<KubeClient> | undefined
  private hintsOff = false
  private failed = false

  /** `kctl get`: how kubectl names the command in usage errors. */
  protected get commandPath(): string {
    return ['kctl', ...(this.id ?? '').split(':').filter(Boolean)].join(' ')
  }

  override async init(): Promise<void> {
    await super.init()
    const ctor = this.ctor as typeof BaseCommand
    const defs = {...globalFlags, ...(ctor.flags ?? {})} as Record<string, any>
    const shapes: FlagShape[] = Object.entries(defs).map(([name, d]) => ({name, char: d.char, takesValue: d.type === 'option', multiple: Boolean(d.multiple)}))
    const argv = dedupeSingleValueFlags(normalizeBooleanValues(this.argv, defs), shapes)
    const {flags} = await this.parse({flags: ctor.flags, baseFlags: globalFlags, args: {}, strict: false} as any, argv)
    this.flagValues = flags as Record<string, any>
    this.globals = flags as unknown as GlobalFlags
    this.hintsOff = Boolean(this.flagValues['no-hints'])
    const split = splitArgv(argv, shapes)
    this.positionals = split.positionals
    this.dashArgs = split.dashArgs
    this.hasDash = split.hasDash
  }

  /** The shared client, created on first use. */
  protected client(): Promise<KubeClient> {
    if (!this.clientPromise) {
      this.clientPromise = (async () => {
        const {KubeClient} = await import('../client/index.js')
        const g = this.globals
        const verbosity = Number(g.v ?? 0) || 0
        return KubeClient.create({
          kubeconfig: g.kubeconfig,
          context: g.context,
          cluster: g.cluster,
          user: g.user,
          namespace: g.namespace,
          server: g.server,
          token: g.token,
          certificateAuthority: g['certificate-authority'],
          clientCertificate: g['client-certificate'],
          clientKey: g['client-key'],
          insecureSkipTlsVerify: g['insecure-skip-tls-verify'] ? true : undefined,
          tlsServerName: g['tls-server-name'],
          username: g.username,
          password: g.password,
          cacheDir: g['cache-dir'],
          verbosity,
          requestTimeoutMs: parseDuration(g['request-timeout']),
          commandName: this.commandPath.replace(/^kctl/, 'kubectl'),
          warn: (line) => this.failed || this.io.err.write(`${line}\n`),
          log: (line) => this.failed || this.io.err.write(`${klogHeader('I', 'round_trippers.go')} ${line}\n`),
          interactive: () => Boolean(this.io.in.isTTY && this.io.err.isTTY),
        })
      })()
    }
    return this.clientPromise
  }

  /** Turns hints off for machine-readable output (-o json|yaml|name|jsonpath…). */
  protected machineOutput(output: string | undefined): void {
    if (output && output !== 'wide') this.hintsOff = true
  }

  /** Prints oclif's help for a command path (`kctl help config view`), or the command list when it is empty. */
  protected async showHelp(words: string[]): Promise<void> {
    const {KctlHelp: Help} = await import('./help.js')
    const id = words.join(':')
    if (words.length > 0 && !this.config.findCommand(id) && !this.config.findTopic(id)) {
      // cobra's words (`%#q` of the arguments), then the root help, both on stderr, exit 0.
      await this.errOut(`Unknown help topic [${words.map((w) => `\`${w}\``).join(' ')}]\n`)
      await new Help(this.config, {sendToStderr: true}).showHelp([])
      return
    }
    await new Help(this.config).showHelp(words)
  }

  /** Writes to stdout. */
  protected out(text: string): Promise<void> {
    return write(this.io.out, text)
  }

  /** Writes to stderr. */
  protected errOut(text: string): Promise<void> {
    return write(this.io.err, text)
  }

  override async catch(err: any): Promise<any> {
    // kubectl exits as it prints its error: a request still in flight (a concurrent discovery read) logs nothing after it.
    this.failed = true
    const mapped = mapOclifError(err)
    const text = formatError(mapped, this.commandPath)
    if (text) await write(this.io.err, text)
    if (mapped instanceof KctlError && mapped.hint && !this.hintsOff) await write(this.io.err, `hint: ${mapped.hint}\n`)
    process.exitCode = mapped instanceof KctlError ? mapped.exitCode : 1
  }

  override async finally(err: Error | undefined): Promise<any> {
    if (this.clientPromise) {
      try {
        ;(await this.clientPromise).close()
      } catch {
        // client construction failed: already reported
      }
    }
    return super.finally(err)
  }
}

/** pflag accepts `--flag=true|false` for booleans; oclif does not: rewrite to `--flag` / `--no-flag` (or drop). */
export function normalizeBooleanValues(argv: string[], defs: Record<string, any>): string[] {
  const dash = argv.indexOf('--')
  return argv.flatMap((token, i) => {
    if (dash !== -1 && i >= dash) return [token]
    const m = /^--([\w-]+)=(true|false)$/.exec(token)
    if (!m || defs[m[1]]?.type !== 'boolean') return [token]
    if (m[2] === 'true') return [`--${m[1]}`]
    return defs[m[1]].allowNo ? [`--no-${m[1]}`] : []
  })
}

/** oclif parse errors in kubectl's (pflag's) words. */
export function mapOclifError(err: any): unknown {
  if (err instanceof KctlError) return err
  const message: string = String(err?.message ?? err)
  let m = /^Nonexistent flags?: (.+?)(\n|$)/.exec(message)
  if (m) {
    const flag = m[1].split(',')[0].trim()
    if (/^-[^-]/.test(flag)) return new FlagError(`unknown shorthand flag: '${flag.slice(1, 2)}' in ${flag}`)
    return new FlagError(`unknown flag: ${flag.replace(/=.*$/, '')}`)
  }
  m = /^Flag --([\w-]+) expects a value/.exec(message)
  if (m) return new FlagError(`flag needs an argument: --${m[1]}`)
  m = /^Expected --([\w-]+)=(.*) to be one of: (.*)/.exec(message)
  if (m) return new FlagError(`invalid argument "${m[2]}" for "--${m[1]}" flag: must be one of: ${m[3]}`)
  m = /^Expected an integer but received: (.*)/.exec(message)
  if (m) return new FlagError(`invalid argument "${m[1]}": strconv.ParseInt: parsing "${m[1]}": invalid syntax`)
  if (err?.oclif?.exit !== undefined && err?.code === 'EEXIT') return new KctlError('', {exitCode: err.oclif.exit})
  if (message.startsWith('ExitPromptError') || err?.name === 'ExitPromptError') return new KctlError('', {exitCode: 130})
  if (err instanceof Error && !(err as any).oclif) return err
  return new UsageError(message.replace(/\nSee more help with --help$/, ''))
}
