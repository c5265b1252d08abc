// `get --watch`: list (unless --watch-only), then stream changes from the list's resourceVersion, one row per event.
import {KctlError} from '../cli/errors.js'
import type {KubeClient} from '../client/index.js'
import type {Target} from '../resource/builder.js'
import {qualifiedKind} from '../client/discovery.js'
import type {GetIO, GetOptions} from './get.js'

/** Watches one type (kubectl refuses several); runs until the server closes or the process is interrupted. */
export async function runWatch(client: KubeClient, o: GetOptions, targets: Target[], io: GetIO): Promise<void> {
  const types = new Set(targets.map((t) => `${t.type.group}/${t.type.resource}`))
  if (types.size !== 1) throw new KctlError('you may only specify a single resource type')
  const t = targets[0]
  const name = targets.length === 1 ? t.name : undefined
  const p: any = await import('../printers/index.js' as string)
  const human = o.output === undefined || o.output === 'wide'
  const tableOpts = (noHeaders: boolean) => ({wide: o.output === 'wide', withNamespace: o.allNamespaces && t.type.namespaced, showLabels: o.showLabels, labelColumns: o.labelColumns, noHeaders, kindPrefix: o.showKind ? qualifiedKind(t.type) : undefined, now: new Date()})
  let resourceVersion: string | undefined
  let headerPrinted = o.noHeaders
  const fieldSelector = name ? [`metadata.name=${name}`, o.fieldSelector].filter(Boolean).join(',') : o.fieldSelector
  if (!o.watchOnly) {
    const list = await client.list(t.type, t.namespace, {labelSelector: o.selector, fieldSelector, table: human})
    resourceVersion = list.metadata?.resourceVersion
    if (human) {
      if ((list.rows ?? []).length > 0) {
        await io.out(p.printTable(list, tableOpts(headerPrinted)))
        headerPrinted = true
      } else if (!o.allNamespaces && t.type.namespaced) {
        await io.err(`No resources found in ${client.namespace} namespace.\n`)
      } else {
        await io.err('No resources found\n')
      }
    } else {
      for (const item of list.items ?? []) await io.out(renderEvent(p, o, 'ADDED', item))
    }
  }
  const stream = await client.watch(t.type, t.namespace, {labelSelector: o.selector, fieldSelector, table: human, resourceVersion})
  let buffer = ''
  for await (const chunk of stream) {
    buffer += chunk.toString()
    let nl: number
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl)
      buffer = buffer.slice(nl + 1)
      if (!line.trim()) continue
      const event = JSON.parse(line)
      if (event.type === 'BOOKMARK') continue
      if (event.type === 'ERROR') throw new KctlError(event.object?.message ?? 'watch error')
      if (human) {
        const table = event.object
        if (o.outputWatchEvents) table.columnDefinitions = [{name: 'Event', type: 'string', format: '', priority: 0}, ...(table.columnDefinitions ?? [])]
        if (o.outputWatchEvents) table.rows = (table.rows ?? []).map((r: any) => ({...r, cells: [event.type, ...r.cells]}))
        await io.out(p.printTable(table, tableOpts(headerPrinted)))
        headerPrinted = true
      } else {
        await io.out(renderEvent(p, o, event.type, event.object))
      }
    }
  }
}

function renderEvent(p: any, o: GetOptions, type: string, obj: any): string {
  const data = o.outputWatchEvents ? {type, object: obj} : obj
  return p.printObjects([data], o.output ?? 'json', {})
}
