// Hand-made ustar entries for the cp tests: hostile archives must be built byte by byte, not by a tar library.

/** One ustar header block plus padded data. */
export function entry(name: string, opts: {type?: string; data?: string | Buffer; mode?: number; linkname?: string} = {}): Buffer {
  const data = Buffer.isBuffer(opts.data) ? opts.data : Buffer.from(opts.data ?? '')
  const h = Buffer.alloc(512)
  h.write(name, 0, 100, 'utf8')
  h.write((opts.mode ?? 0o644).toString(8).padStart(7, '0') + '\0', 100, 'latin1')
  h.write('0000000\0', 108, 'latin1')
  h.write('0000000\0', 116, 'latin1')
  h.write(data.length.toString(8).padStart(11, '0') + '\0', 124, 'latin1')
  h.write('00000000000\0', 136, 'latin1')
  h.write(opts.type ?? '0', 156, 'latin1')
  if (opts.linkname) h.write(opts.linkname, 157, 100, 'utf8')
  h.write('ustar\0', 257, 'latin1')
  h.write('00', 263, 'latin1')
  h.fill(32, 148, 156)
  let sum = 0
  for (const b of h) sum += b
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1')
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512)
  return Buffer.concat([h, data, pad])
}
