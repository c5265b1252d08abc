// kubectl's generic describer for kinds without their own: metadata, then the object's fields as an indented tree.
import {DescribeWriter, labelsMultiline, annotationsMultiline, describeEvents} from './format.js'
import type {DescribeContext} from './describers.js'

function title(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1)
}

function walk(w: DescribeWriter, value: any, level: number): void {
  for (const key of Object.keys(value).sort()) {
    const v = value[key]
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      w.write(level, `${title(key)}:\n`)
      walk(w, v, level + 1)
    } else if (Array.isArray(v)) {
      w.write(level, `${title(key)}:\n`)
      for (const item of v) {
        if (item && typeof item === 'object') walk(w, item, level + 1)
        else w.write(level + 1, `${item}\n`)
      }
    } else {
      w.write(level, `${title(key)}:\t${v}\n`)
    }
  }
}

/** The generic layout: Name, Namespace, Labels, Annotations, API Version, Kind, Metadata, then the rest. */
export function describeGeneric(obj: any, ctx: DescribeContext): string {
  const w = new DescribeWriter()
  const m = obj.metadata ?? {}
  w.write(0, `Name:\t${m.name}\n`)
  w.write(0, `Namespace:\t${m.namespace ?? ''}\n`)
  labelsMultiline(w, 'Labels', m.labels)
  annotationsMultiline(w, 'Annotations', m.annotations)
  w.write(0, `API Version:\t${obj.apiVersion}\n`)
  w.write(0, `Kind:\t${obj.kind}\n`)
  const rest: any = {}
  for (const [k, v] of Object.entries(obj)) if (!['apiVersion', 'kind', 'metadata'].includes(k)) rest[k] = v
  const meta: any = {...m}
  for (const k of ['name', 'namespace', 'labels', 'annotations', 'managedFields']) delete meta[k]
  w.write(0, 'Metadata:\n')
  walk(w, meta, 1)
  walk(w, rest, 0)
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}
