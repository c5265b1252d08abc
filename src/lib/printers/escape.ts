// Terminal-safety helpers: kubectl escapes cluster-provided text before it reaches a terminal.

/** kubectl's printers.EscapeTerminal: ESC becomes ^[ and CR becomes the two characters \r. */
export function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r')
}

// CSI (ESC [ ... final), OSC (ESC ] ... BEL|ST), other two-byte ESC sequences, C1 CSI/OSC, then remaining C0/C1 controls.
const CONTROL_SEQUENCES = /\x1b\[[0-?]*[ -\/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[@-Z\\-_]?|\x9b[0-?]*[ -\/]*[@-~]|\x9d[^\x07\x9c]*[\x07\x9c]?|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g

/** Strips ANSI/OSC escape sequences and C0/C1 control characters except \n and \t. */
export function sanitizeForTerminal(s: string): string {
  return s.replace(CONTROL_SEQUENCES, '')
}
