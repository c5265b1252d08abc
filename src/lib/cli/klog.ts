// klog's line header, for the few lines kctl writes where kubectl's klog would (verbose requests, deprecation notes).

/** `I1126 11:12:27.668569    1511 file.go:71]`: level, local date and time with microseconds, pid, source. */
export function klogHeader(level: 'I' | 'W' | 'E', where: string, d = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${level}${p(d.getMonth() + 1)}${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)} ${String(process.pid).padStart(7)} ${where}]`
}
