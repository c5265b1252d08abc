// Go text/tabwriter as kubectl configures it (minwidth 6, padding 3, pad ' ', no flags that matter for one flush).
// Cells are tab-terminated; the text after a line's last tab is not a column cell and is never padded. Column
// widths are computed per contiguous block of lines that have that column, exactly as Go's recursive format does.

/** Options of a tabwriter flush; kubectl's defaults are used when omitted. */
export interface TabwriterOptions {
  /** Minimal cell width including padding (kubectl: 6). */
  minwidth?: number
  /** Padding added to a cell's width (kubectl: 3). */
  padding?: number
  /** kubectl's RememberWidths across flushes (get --watch): column widths only grow; updated in place. */
  rememberedWidths?: number[]
}

// Go counts runes, not display width: East-Asian characters count as one.
const runeCount = (s: string): number => {
  let n = 0
  for (const _ of s) n++
  return n
}

/** Aligns tab-separated text the way kubectl's tabwriter does. */
export function tabwrite(text: string, opts: TabwriterOptions = {}): string {
  const minwidth = opts.minwidth ?? 6
  const padding = opts.padding ?? 3
  const endsWithNewline = text.endsWith('\n')
  const rawLines = (endsWithNewline ? text.slice(0, -1) : text).split('\n')
  const lines = rawLines.map(l => l.split('\t').map(t => ({text: t, width: runeCount(t)})))
  const widths: number[] = []
  let out = ''

  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]
      for (let j = 0; j < line.length; j++) {
        const c = line[j]
        out += c.text
        if (j < widths.length && j < line.length - 1) out += ' '.repeat(Math.max(0, widths[j] - c.width))
      }
      if (i < lines.length - 1 || endsWithNewline) out += '\n'
    }
  }

  const format = (line0: number, line1: number) => {
    const column = widths.length
    for (let t = line0; t < line1; t++) {
      if (column >= lines[t].length - 1) continue
      writeLines(line0, t)
      line0 = t
      let width = minwidth
      for (; t < line1; t++) {
        const line = lines[t]
        if (column >= line.length - 1) break
        const w = line[column].width + padding
        if (w > width) width = w
      }
      const remembered = opts.rememberedWidths
      if (remembered) {
        if (remembered[column] === undefined || remembered[column] < width) remembered[column] = width
        else width = remembered[column]
      }
      widths.push(width)
      format(line0, t)
      widths.pop()
      line0 = t
    }
    writeLines(line0, line1)
  }

  format(0, lines.length)
  return out
}
