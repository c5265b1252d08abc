// Entry points of the `config` commands that need more than one step (output formats, partial failures).
import {KctlError} from '../cli/errors.js'
import {readConfigAccess, viewConfig, configYaml, getContexts} from './kubeconfig-view.js'

/** Options of `config view`. */
export interface ConfigViewOptions {
  kubeconfig?: string
  context?: string
  output?: string
  minify?: boolean
  flatten?: boolean
  raw?: boolean
}

/** `config view`: the merged (or minified/flattened) config in the requested format. */
export async function runConfigView(o: ConfigViewOptions): Promise<string> {
  const access = await readConfigAccess(o.kubeconfig)
  const config = viewConfig(access, {minify: Boolean(o.minify), flatten: Boolean(o.flatten), raw: Boolean(o.raw), context: o.context})
  const output = o.output ?? 'yaml'
  if (output === 'yaml' || output === '') return configYaml(config)
  if (output === 'json') return `${JSON.stringify(config, null, 4)}\n`
  if (output === 'name') return 'config/<unknown>\n'
  const m = /^(jsonpath|jsonpath-as-json)=(.*)$/s.exec(output)
  if (m) {
    const {printObjects} = await import('../printers/index.js')
    try {
      return printObjects([config], output, {single: true})
    } catch (error) {
      throw new KctlError((error as Error).message)
    }
  }
  throw new KctlError(`unable to match a printer suitable for the output format "${output}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`)
}

/** `config get-contexts`: prints what exists, then fails for names not found. */
export async function runGetContexts(o: {kubeconfig?: string; names: string[]; output?: string; noHeaders?: boolean}): Promise<{out: string; error?: KctlError}> {
  if (o.output !== undefined && o.output !== 'name' && o.output !== '') throw new KctlError(`output must be one of '' or 'name': ${o.output}`)
  const access = await readConfigAccess(o.kubeconfig)
  let {out, errors} = getContexts(access, o.names, o.output)
  if (o.noHeaders && o.output !== 'name') out = out.split('\n').slice(1).join('\n')
  return {out, error: errors.length ? new KctlError(errors.join('\n')) : undefined}
}

