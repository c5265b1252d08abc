// kubectl's error model: errors stay values until the base command's single catch turns them into stderr + exit code.

/** A failure with kubectl's wording; `hint` is kctl's extra advice line. */
export class KctlError extends Error {
  exitCode = 1
  hint?: string
  constructor(message: string, opts: {hint?: string; exitCode?: number} = {}) {
    super(message)
    if (opts.hint) this.hint = opts.hint
    if (opts.exitCode !== undefined) this.exitCode = opts.exitCode
  }
}

/** A usage error: kubectl appends "See 'kubectl <cmd> -h' for help and examples". */
export class UsageError extends KctlError {}

/** A flag/command parse error: kubectl appends "See 'kubectl <cmd> --help' for usage." */
export class FlagError extends KctlError {}

/** An error already printed (or nothing to print) that only sets the exit code, e.g. exec's remote exit status. */
export class ExitError extends KctlError {
  constructor(code: number) {
    super('')
    this.exitCode = code
  }
}

/** A transport failure kubectl prints bare, without `error: ` (refused connection, TLS, credentials). */
export class ConnectionError extends KctlError {}

/** metav1.Status as the API server sends it. */
export interface Status {
  kind?: string
  apiVersion?: string
  status?: string
  message?: string
  reason?: string
  code?: number
  details?: {name?: string; group?: string; kind?: string; causes?: {reason?: string; message?: string; field?: string}[]; retryAfterSeconds?: number}
}

/** An HTTP error answered by the API server, printed the way kubectl prints APIStatus errors. */
export class StatusError extends KctlError {
  constructor(public readonly status: Status, public readonly httpCode: number) {
    super(statusMessage(status, httpCode))
  }
  get reason(): string {
    return this.status.reason ?? ''
  }
  get code(): number {
    return this.status.code ?? this.httpCode
  }
}

/** Several failures reported together at the end, one line each, as kubectl's aggregate errors. */
export class AggregateKctlError extends KctlError {
  constructor(public readonly errors: Error[]) {
    super(errors.map((e) => e.message).join('\n'))
  }
}

function statusMessage(status: Status, httpCode: number): string {
  const reason = status.reason && status.reason !== 'Unknown' ? status.reason : ''
  const message = status.message ?? `an error on the server ("unknown") has prevented the request from succeeding`
  // kubectl (cmdutil.StandardErrorMessage) prints the reason in parentheses when it has one, and its own words for 401.
  if (reason === 'Unauthorized') return `error: You must be logged in to the server (${message})`
  if (!reason && httpCode === 0) return message
  return reason ? `Error from server (${reason}): ${message}` : `Error from server: ${message}`
}

/** Go's utilerrors.Aggregate Error(): one message as is, several as `[a, b]`. */
export function goAggregateMessage(errors: unknown[]): string {
  const msgs = errors.map(rawMessage)
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`
}

/** True for a 404 NotFound Status. */
export function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && (err.code === 404 || err.reason === 'NotFound')
}

/** True for a 409 AlreadyExists Status. */
export function isAlreadyExists(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'AlreadyExists'
}

/** True for a 409 Conflict Status (stale resourceVersion). */
export function isConflict(err: unknown): boolean {
  return err instanceof StatusError && err.code === 409 && err.reason === 'Conflict'
}

/** kubectl's text for 422 Invalid: `The Kind "name" is invalid: field: message`, one `* ` line per cause when several. */
function invalidMessage(err: StatusError): string {
  const d = err.status.details
  // kubectl: without details, the server's message (when any) follows the phrase
  if (!d) return err.status.message ? `The request is invalid: ${err.status.message}\n` : 'The request is invalid\n'
  const head = d.kind || d.name ? `The ${d.kind ?? ''} ${JSON.stringify(d.name ?? '')} is invalid` : 'The request is invalid'
  const causes = (d.causes ?? []).map((c) => (c.field ? `${c.field}: ${c.message ?? ''}` : c.message ?? ''))
  if (causes.length === 0) return `${head}\n`
  if (causes.length === 1) return `${head}: ${causes[0]}\n`
  return `${head}: \n${causes.map((c) => `* ${c}\n`).join('')}`
}

/** The bare message Go's err.Error() gives (no "Error from server" decoration). */
export function rawMessage(err: unknown): string {
  if (err instanceof StatusError) return err.status.message ?? err.message
  return err instanceof Error ? err.message : String(err)
}

/** Renders an error to the exact stderr text kubectl prints (without hint) for the given command path. */
export function formatError(err: unknown, commandPath: string): string {
  if (err instanceof ExitError) return ''
  // kubectl's MultipleErrors: Status errors in their usual words, anything else as its bare message.
  if (err instanceof AggregateKctlError) return err.errors.map((e) => (e instanceof StatusError || e instanceof AggregateKctlError ? formatError(e, commandPath) : `${e.message}\n`)).join('')
  if (err instanceof UsageError) return `error: ${err.message}\nSee '${commandPath} -h' for help and examples\n`
  if (err instanceof FlagError) return `error: ${err.message}\nSee '${commandPath} --help' for usage.\n`
  if (err instanceof StatusError) return err.reason === 'Invalid' ? invalidMessage(err) : `${err.message}\n`
  if (err instanceof ConnectionError) return `${err.message}\n`
  if (err instanceof KctlError) return err.message === '' ? '' : `error: ${err.message}\n`
  const message = err instanceof Error ? err.message : String(err)
  return `error: ${message}\n`
}
