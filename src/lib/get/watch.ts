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
  const p = await import('../printers/index.js')
  const human = o.output === undefined || o.output === 'wide'
  // The EVENT column starts as wide as its longest value (MODIFIED), as kubectl's output shows.
  const writer = new RememberingTabWriter(o.outputWatchEvents ? [11] : [])
  let columns: any[] | undefined
  let headerPrinted = o.noHeaders
  const printRows = async (table: any, eventType?: string) => {
    if (table.columnDefinitions?.length) columns = table.columnDefinitions
    const lines: string[][] = []
    if (!headerPrinted) {
      lines.push(headerCells(columns ?? [], o, Boolean(eventType)))
      headerPrinted = true
    }
    for (const row of table.rows ?? []) lines.push(rowCells(columns ?? [], row, o, t.type.namespaced, o.showKind ? qualifiedKind(t.type) : undefined, eventType, p.formatLabels))
    await io.out(writer.write(lines))
  }
  let resourceVersion: string | undefined
  const fieldSelector = name ? [`metadata.name=${name}`, o.fieldSelector].filter(Boolean).join(',') : o.fieldSelector
  if (!o.watchOnly) {
    const list = await client.list(t.type, t.namespace, {labelSelector: o.selector, fieldSelector, table: human})
    resourceVersion = list.metadata?.resourceVersion
    if (human) {
      if ((list.rows ?? []).length > 0) await printRows(list, o.outputWatchEvents ? 'ADDED' : undefined)
      else {
        if (list.columnDefinitions?.length) columns = list.columnDefinitions
        await io.err(!o.allNamespaces && t.type.namespaced ? `No resources found in ${client.namespace} namespace.\n` : 'No resources found\n')
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
      if (human) await printRows(event.object, o.outputWatchEvents ? event.type : undefined)
      else await io.out(renderEvent(p, o, event.type, event.object))
    }
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') {
    const nl = v.search(/[\r\n]/)
    return nl >= 0 ? `${v.slice(0, nl)}...` : v
  }
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}

function headerCells(columns: any[], o: GetOptions, withEvent: boolean): string[] {
  const h: string[] = []
  if (withEvent) h.push('EVENT')
  if (o.allNamespaces) h.push('NAMESPACE')
  for (const c of columns) if (o.output === 'wide' || !c.priority) h.push(String(c.name).toUpperCase())
  for (const l of o.labelColumns) h.push(l.split('/').pop()!.toUpperCase())
  if (o.showLabels) h.push('LABELS')
  return h
}

function rowCells(columns: any[], row: any, o: GetOptions, namespaced: boolean, kindPrefix: string | undefined, eventType: string | undefined, formatLabels: (l: Record<string, string> | undefined) => string): string[] {
  const meta = row.object?.metadata
  const cells: string[] = []
  if (eventType) cells.push(eventType)
  if (o.allNamespaces) cells.push(namespaced ? meta?.namespace ?? '' : '')
  columns.forEach((c, i) => {
    if (!(o.output === 'wide' || !c.priority)) return
    let text = cellText(row.cells?.[i])
    if (kindPrefix && c.format === 'name' && c.type === 'string') text = `${kindPrefix}/${text}`
    cells.push(text)
  })
  for (const l of o.labelColumns) cells.push(meta?.labels?.[l] ?? '')
  if (o.showLabels) cells.push(formatLabels(meta?.labels))
  return cells
}

/** kubectl's tabwriter with RememberWidths: columns only grow across flushes, so watch rows stay aligned. */
class RememberingTabWriter {
  constructor(private widths: number[]) {}
  write(lines: string[][]): string {
    for (const cells of lines) cells.slice(0, -1).forEach((c, i) => (this.widths[i] = Math.max(this.widths[i] ?? 6, [...c].length + 3)))
    return lines.map((cells) => cells.map((c, i) => (i < cells.length - 1 ? c + ' '.repeat(Math.max(0, this.widths[i] - [...c].length)) : c)).join('') + '\n').join('')
  }
}

function renderEvent(p: {printObjects: (objs: any[], format: string, opts: {single?: boolean}) => string}, o: GetOptions, type: string, obj: any): string {
  const data = o.outputWatchEvents ? {type, object: obj} : obj
  return p.printObjects([data], o.output ?? 'json', {single: true})
}
