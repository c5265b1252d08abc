// A redrawable status line on a terminal; on a pipe, each new status is one plain stderr line (only when it changes).
import type {IO} from './io.js'
import {sanitizeControl} from './sanitize.js'

/** stdout/stderr line writers plus a status line that never mixes with them. */
export function statusLine(io: IO): {out(line: string): void; err(line: string): void; status(text: string): void} {
  const tty = Boolean(io.err.isTTY)
  let shown = ''
  const clear = () => {
    if (tty && shown) io.err.write('\r\x1b[2K')
  }
  const redraw = () => {
    if (tty && shown) io.err.write(shown.slice(0, Math.max(10, ((io.err as any).columns ?? 100) - 1)))
  }
  return {
    out(line) {
      clear()
      io.out.write(`${line}\n`)
      redraw()
    },
    err(line) {
      clear()
      io.err.write(`${line}\n`)
      redraw()
    },
    status(text) {
      const safe = sanitizeControl(text)
      if (safe === shown) return
      clear()
      shown = safe
      if (!safe) return
      if (tty) redraw()
      else io.err.write(`${safe}\n`)
    },
  }
}
