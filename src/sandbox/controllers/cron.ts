// Standard 5-field cron schedules (and the @hourly-style macros), evaluated in UTC or a fixed IANA time zone.

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
}
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/** A parsed schedule: allowed values per field, and whether day-of-month/day-of-week were restricted. */
export interface Cron {
  minute: Set<number>
  hour: Set<number>
  dom: Set<number>
  month: Set<number>
  dow: Set<number>
  domStar: boolean
  dowStar: boolean
}

function field(src: string, min: number, max: number, names?: string[], offset = 0): {set: Set<number>; star: boolean} {
  const set = new Set<number>()
  const val = (s: string): number => {
    const i = names ? names.indexOf(s.toLowerCase()) : -1
    if (i >= 0) return i + offset
    if (!/^\d+$/.test(s)) throw new Error(`failed to parse int from ${s}`)
    return Number(s)
  }
  let star = false
  for (const part of src.split(',')) {
    const [range, stepS] = part.split('/')
    const step = stepS === undefined ? 1 : val(stepS)
    if (step <= 0) throw new Error(`step must be positive: ${part}`)
    let lo: number
    let hi: number
    if (range === '*' || range === '?') {
      lo = min
      hi = max
      if (stepS === undefined) star = true
    } else if (range.includes('-')) {
      const [a, b] = range.split('-')
      lo = val(a)
      hi = val(b)
    } else {
      lo = val(range)
      hi = stepS === undefined ? lo : max
    }
    if (lo < min || hi > max || lo > hi) throw new Error(`end of range (${hi}) above maximum (${max}): ${part}`)
    for (let v = lo; v <= hi; v += step) set.add(v)
  }
  return {set, star}
}

/** Parses a cron expression; throws with a message on a malformed one. */
export function parseCron(expr: string): Cron {
  let e = expr.trim()
  if (e.startsWith('TZ=') || e.startsWith('CRON_TZ=')) e = e.slice(e.indexOf(' ') + 1).trim()
  e = MACROS[e] ?? e
  const f = e.split(/\s+/)
  if (f.length !== 5) throw new Error(`expected exactly 5 fields, found ${f.length}: ${expr}`)
  const dom = field(f[2], 1, 31)
  const dow = field(f[4], 0, 7, DAYS)
  if (dow.set.has(7)) {
    dow.set.delete(7)
    dow.set.add(0)
  }
  return {minute: field(f[0], 0, 59).set, hour: field(f[1], 0, 23).set, dom: dom.set, month: field(f[3], 1, 12, MONTHS, 1).set, dow: dow.set, domStar: dom.star, dowStar: dow.star}
}

/** Wall-clock fields of an instant in a time zone. */
function parts(t: number, tz: string | undefined): {minute: number; hour: number; dom: number; month: number; dow: number} {
  if (!tz || tz === 'UTC' || tz === 'Etc/UTC') {
    const d = new Date(t)
    return {minute: d.getUTCMinutes(), hour: d.getUTCHours(), dom: d.getUTCDate(), month: d.getUTCMonth() + 1, dow: d.getUTCDay()}
  }
  const fmt = new Intl.DateTimeFormat('en-US', {timeZone: tz, hourCycle: 'h23', minute: 'numeric', hour: 'numeric', day: 'numeric', month: 'numeric', weekday: 'short'})
  const o: Record<string, string> = {}
  for (const p of fmt.formatToParts(new Date(t))) o[p.type] = p.value
  return {minute: Number(o.minute), hour: Number(o.hour) % 24, dom: Number(o.day), month: Number(o.month), dow: DAYS.indexOf(o.weekday.toLowerCase().slice(0, 3))}
}

function matches(c: Cron, t: number, tz?: string): boolean {
  const p = parts(t, tz)
  if (!c.minute.has(p.minute) || !c.hour.has(p.hour) || !c.month.has(p.month)) return false
  // as in cron: when both day fields are restricted, either may match
  const domOk = c.dom.has(p.dom)
  const dowOk = c.dow.has(p.dow)
  if (!c.domStar && !c.dowStar) return domOk || dowOk
  return domOk && dowOk
}

/** The first scheduled minute strictly after `after` (ms), or undefined within ~5 years. */
export function nextRun(c: Cron, after: number, tz?: string): number | undefined {
  let t = Math.floor(after / 60_000) * 60_000 + 60_000
  const limit = after + 5 * 366 * 24 * 3600_000
  while (t <= limit) {
    const p = parts(t, tz)
    if (!c.month.has(p.month)) {
      t += 24 * 3600_000 - (p.hour * 60 + p.minute) * 60_000
      continue
    }
    if (!c.hour.has(p.hour)) {
      t += (60 - p.minute) * 60_000
      continue
    }
    if (matches(c, t, tz)) return t
    t += 60_000
  }
  return undefined
}

/** The most recent scheduled time in (from, to], and how many were missed, like kube's mostRecentScheduleTime. */
export function mostRecent(c: Cron, from: number, to: number, tz?: string): {time?: number; missed: number} {
  let time: number | undefined
  let missed = 0
  for (let t = nextRun(c, from, tz); t !== undefined && t <= to; t = nextRun(c, t, tz)) {
    time = t
    missed++
    if (missed > 100) {
      // too many missed starts: jump to the latest by scanning back from now
      let back = Math.floor(to / 60_000) * 60_000
      while (back > t && !matches(c, back, tz)) back -= 60_000
      return {time: back, missed}
    }
  }
  return {time, missed}
}
