// Go text/tabwriter as kubectl configures it for its own simple tables (minwidth 0, padding 3, pad with spaces):
// every tab-terminated cell is padded to its column's widest cell; the last cell of a row is written as is.

/** Renders rows of cells; widths count code points (kubectl's tabwriter counts runes). */
export function tabwrite(rows: string[][]): string {
  const widths: number[] = []
  for (const row of rows) row.slice(0, -1).forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)))
  return rows.map((row) => row.map((c, i) => (i < row.length - 1 ? c + ' '.repeat(widths[i] - [...c].length + 3) : c)).join('') + '\n').join('')
}
