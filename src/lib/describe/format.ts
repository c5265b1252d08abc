// Building blocks of kubectl's describe layout (pkg/describe): tab-separated lines flushed through a Go tabwriter with
// minwidth 0 and padding 2, multi-line label/annotation/toleration blocks, RFC1123Z times and kube's human durations.
import {humanDuration} from '../printers/misc.js'
import {tabwrite} from '../printers/tabwriter.js'

/** Collects describe lines; `text()` aligns them the way kubectl's tabbedString does. */
export class DescribeWriter {
  private buf = ''
  /** Appends text at an indent level (2 spaces per level). */
  write(level: number, text: string): void {
    this.buf += '  '.repeat(level) + text
  }
  /** Appends raw text followed by a newline. */
  line(text: string): void {
    this.buf += `${text}\n`
  }
  /** The text as written, tabs unaligned (rollout history prints pod templates this way). */
  raw(): string {
    return this.buf
  }
  /** The aligned output. */
  text(): string {
    return tabwrite(this.buf, {minwidth: 0, padding: 2})
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Go's time.RFC1123Z in UTC (the API server's timestamps are UTC and kubectl prints them as parsed). */
export function rfc1123z(ts: string | undefined): string {
  if (!ts) return '<unset>'
  const d = new Date(ts)
  if (Number.isNaN(d.getTime())) return ts
  const p = (n: number) => String(n).padStart(2, '0')
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
}

/** apimachinery's duration.HumanDuration (one implementation, in the printers). */
export {humanDuration}

/** kubectl's translateTimestampSince: `<unknown>` for a missing time. */
export function since(ts: string | undefined, now: Date): string {
  if (!ts) return '<unknown>'
  return humanDuration(now.getTime() - new Date(ts).getTime())
}

const MAX_ANNOTATION_LEN = 140

/** kubectl's multi-line field: `Title:\tfirst row`, one `\t`-led continuation line per further row, `<none>` when empty. */
export function rowsMultiline(w: DescribeWriter, level: number, title: string, rows: string[]): void {
  w.write(level, `${title}:\t`)
  if (rows.length === 0) w.line('<none>')
  rows.forEach((row, i) => {
    if (i !== 0) w.write(level, '\t')
    w.line(row)
  })
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** `Labels:\tk=v` with one continuation line per further key, sorted; `<none>` when empty. */
export function labelsMultiline(w: DescribeWriter, title: string, labels: Record<string, string> | undefined, level = 0): void {
  rowsMultiline(w, level, title, Object.keys(labels ?? {}).sort().map((k) => `${k}=${labels![k]}`))
}

/** `Annotations:\tk: v`, skipping last-applied-configuration, long values cut at 140 characters. */
export function annotationsMultiline(w: DescribeWriter, title: string, annotations: Record<string, string> | undefined, level = 0): void {
  const keys = Object.keys(annotations ?? {}).filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration').sort()
  rowsMultiline(w, level, title, keys.map((k) => {
    const value = annotations![k]
    return value.length > MAX_ANNOTATION_LEN ? `${k}: ${value.slice(0, MAX_ANNOTATION_LEN)}...` : `${k}: ${value}`
  }))
}

/** `Tolerations:\tkey=value:Effect op=Exists for Ns`, sorted by key (pods and pod templates alike). */
export function tolerationsMultiline(w: DescribeWriter, title: string, tolerations: any[] | undefined, level = 0): void {
  const list = [...(tolerations ?? [])].sort((a, b) => byKey(a.key ?? '', b.key ?? ''))
  rowsMultiline(w, level, title, list.map((t) => {
    let s = t.key ?? ''
    if (t.value) s += `=${t.value}`
    if (t.effect) s += `:${t.effect}`
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists'
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`
    return s
  }))
}

/** `Taints:\tkey=value:Effect`, sorted by effect then key. */
export function taintsMultiline(w: DescribeWriter, title: string, taints: any[] | undefined): void {
  const list = [...(taints ?? [])].sort((a, b) => byKey(`${a.effect},${a.key}`, `${b.effect},${b.key}`))
  rowsMultiline(w, 0, title, list.map((t) => (t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`)))
}

/** The Events section (kubectl's DescribeEvents), oldest first. */
export function describeEvents(w: DescribeWriter, events: any[] | undefined, now: Date): void {
  const list = [...(events ?? [])]
  if (list.length === 0) {
    w.line('Events:\t<none>')
    return
  }
  const first = (e: any) => e.firstTimestamp || e.eventTime || e.metadata?.creationTimestamp
  const last = (e: any) => e.lastTimestamp || e.series?.lastObservedTime || e.eventTime || e.metadata?.creationTimestamp
  list.sort((a, b) => new Date(last(a)).getTime() - new Date(last(b)).getTime())
  w.line('Events:')
  w.line('  Type\tReason\tAge\tFrom\tMessage')
  w.line('  ----\t------\t----\t----\t-------')
  for (const e of list) {
    const count = e.series?.count ?? e.count ?? 0
    const interval = count > 1 ? `${since(last(e), now)} (x${count} over ${since(first(e), now)})` : since(first(e), now)
    const source = e.source?.component || e.reportingComponent || e.reportingController || ''
    w.line(`  ${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${String(e.message ?? '').trim()}`)
  }
}
