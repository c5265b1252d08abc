// Cluster data can carry terminal escape sequences (a hostile pod name, event or log): strip them before a terminal.

// CSI, OSC (BEL or ST terminated), other ESC sequences, and C0/C1 controls except tab and newline.
const CONTROL = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]/g

/** Removes terminal control sequences, keeping \n and \t. */
export function sanitizeControl(text: string): string {
  return text.replace(CONTROL, '')
}
