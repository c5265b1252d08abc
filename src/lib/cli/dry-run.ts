// kubectl's --dry-run flag: parsing and the suffix its name printer adds.
import {KctlError} from './errors.js'

/** kubectl's --dry-run values. */
export type DryRun = 'none' | 'client' | 'server'

/** Validates --dry-run as kubectl's GetDryRunStrategy does (a bare --dry-run means "unchanged", i.e. client). */
export function parseDryRun(value: string | undefined): DryRun {
  if (value === undefined || value === 'none' || value === 'false') return 'none'
  if (value === 'client' || value === 'unchanged' || value === 'true' || value === '') return 'client'
  if (value === 'server') return 'server'
  throw new KctlError(`Invalid dry-run value (${value}). Must be "none", "server", or "client".`)
}

/** The suffix kubectl's name printer adds under --dry-run. */
export function dryRunSuffix(dryRun: DryRun): string {
  return dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : ''
}
