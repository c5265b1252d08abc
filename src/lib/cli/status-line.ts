// A redrawable status line on a terminal; on a pipe, each new status is one plain stderr line (only when it changes).
import type {IO} from './io.js'
import {sanitizeControl} from './sanitize.js'

/** Carriage return + erase line: what replaces the status line before anything else is written. */
export const CLEAR_LINE = '\r\x1b[2K'

/** The status text cut to one terminal row: a line that wraps could no longer be erased by CLEAR_LINE. A width of 0 or
 * unknown (a pty nobody sized, e.g. under `script` without a terminal) is taken as 100 columns. */
export function fitStatus(text: string, columns: number | undefined): string {
  const width = columns && columns > 0 ? columns : 100
  const chars = [...text]
  return chars.slice(0, Math.max(10, width - 1)).join('')
}

/** stdout/stderr line writers plus a status line that never mixes with them. */
export function statusLine(io: IO): {out(line: string): void; err(line: string): void; status(text: string): void} {
  const tty = Boolean(io.err.isTTY)
  let shown = ''
  const clear = () => {
    if (tty && shown) io.err.write(CLEAR_LINE)
  }
  const redraw = () => {
    if (tty && shown) io.err.write(fitStatus(shown, (io.err as {columns?: number}).columns))
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
