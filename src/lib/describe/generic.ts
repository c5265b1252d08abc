// kubectl's generic describer for kinds without their own: metadata lines, then the whole object as an indented tree
// with "smart" labels (camelCase split into words, common acronyms upper-cased), keys sorted.
import {DescribeWriter, labelsMultiline, annotationsMultiline, describeEvents} from './format.js'
import type {DescribeContext} from './describers.js'

const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID'])

/** fatih/camelcase.Split: runs of lower, upper, digit and other characters; "HTTPServer" → HTTP, Server. */
export function camelSplit(s: string): string[] {
  const cls = (c: string) => (/[a-z]/.test(c) ? 1 : /[A-Z]/.test(c) ? 2 : /[0-9]/.test(c) ? 3 : 4)
  const runs: string[][] = []
  let last = 0
  for (const c of s) {
    const k = cls(c)
    if (k === last) runs[runs.length - 1].push(c)
    else runs.push([c])
    last = k
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (runs[i].length > 0 && cls(runs[i][0]) === 2 && cls(runs[i + 1][0]) === 1) runs[i + 1].unshift(runs[i].pop()!)
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''))
}

/** kubectl's smartLabelFor. */
export function smartLabel(field: string): string {
  if ([...field].some((c) => !/\p{L}/u.test(c) && c !== '-')) return field
  return camelSplit(field).filter((p) => p !== '_').map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1))).join(' ')
}

function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>'
  return String(v)
}

const SKIP = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations'])

function walk(w: DescribeWriter, level: number, content: Record<string, any>, prefix: string): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field]
    const path = `${prefix}.${field}`
    if (SKIP.has(path)) continue
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`)
      walk(w, level + 1, value, path)
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`)
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child)) walk(w, level + 1, child, path)
        else w.write(level + 1, `${goValue(child)}\n`)
      }
    } else {
      w.write(level, `${smartLabel(field)}:\t${goValue(value)}\n`)
    }
  }
}

/** The generic layout: Name, Namespace, Labels, Annotations, then every other field. */
export function describeGeneric(obj: any, ctx: DescribeContext): string {
  const w = new DescribeWriter()
  const m = obj.metadata ?? {}
  w.write(0, `Name:\t${m.name ?? ''}\n`)
  w.write(0, `Namespace:\t${m.namespace ?? ''}\n`)
  labelsMultiline(w, 'Labels', m.labels)
  annotationsMultiline(w, 'Annotations', m.annotations)
  walk(w, 0, obj, '')
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}
