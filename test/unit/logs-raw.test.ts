// The raw log reader's HTTP/1.1 body framing: chunked (split at every byte position), length-delimited and
// close-delimited bodies, and malformed chunk sizes.
import {describe, expect, test} from '@jest/globals'
import {PassThrough} from 'node:stream'
import {BodyReader} from '../../src/lib/logs/raw.js'

function chunked(parts: string[], ext = ''): Buffer {
  return Buffer.from(parts.map((p) => `${Buffer.byteLength(p).toString(16)}${ext}\r\n${p}\r\n`).join('') + '0\r\n\r\n')
}

function read(body: Buffer, framing: {chunked: boolean; length?: number}, splits: number[]): {out: string; complete: boolean} {
  const out = new PassThrough()
  const got: Buffer[] = []
  out.on('data', (d) => got.push(d))
  const r = new BodyReader(out, () => undefined, () => undefined)
  r.start(framing.chunked, framing.length)
  let from = 0
  for (const at of [...splits, body.length]) {
    r.feed(body.subarray(from, at))
    from = at
  }
  r.flush()
  return {out: Buffer.concat(got).toString('utf8'), complete: r.complete}
}

const lines = ['first line\n', 'second ünïcode line\n', 'x'.repeat(300) + '\n', 'no newline at the end']
const text = lines.join('')

describe('raw log body reader', () => {
  test('a chunked body split at every position gives the same bytes', () => {
    const body = chunked(lines)
    for (let at = 0; at <= body.length; at++) expect(read(body, {chunked: true}, [at])).toEqual({out: text, complete: true})
  })
  test('a chunked body fed one byte at a time, with chunk extensions and upper-case hex', () => {
    const body = Buffer.from(chunked(lines, ';name=value').toString('latin1').replace(/^12c/m, '12C'), 'latin1')
    expect(read(body, {chunked: true}, Array.from({length: body.length}, (_, i) => i))).toEqual({out: text, complete: true})
  })
  test('trailers after the last chunk are read and dropped', () => {
    const body = Buffer.from('5\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\n')
    expect(read(body, {chunked: true}, [12, 20])).toEqual({out: 'hello', complete: true})
  })
  test('an unfinished chunked body is not complete', () => {
    expect(read(chunked(['hello\n', 'world\n']).subarray(0, 12), {chunked: true}, [])).toEqual({out: 'hello\n', complete: false})
    expect(read(chunked(['hello\n', 'world\n']).subarray(0, 18), {chunked: true}, [])).toEqual({out: 'hello\nworl', complete: false})
  })
  test('Content-Length and close-delimited bodies', () => {
    expect(read(Buffer.from('hello world'), {chunked: false, length: 5}, [3])).toEqual({out: 'hello', complete: true})
    expect(read(Buffer.from('hello world'), {chunked: false}, [3])).toEqual({out: 'hello world', complete: false})
    expect(read(Buffer.alloc(0), {chunked: false, length: 0}, [])).toEqual({out: '', complete: true})
  })
  test('a malformed chunk size is an error', () => {
    expect(() => read(Buffer.from('zz\r\nhello\r\n'), {chunked: true}, [])).toThrow('error reading the log stream: malformed chunked encoding')
    expect(() => read(Buffer.from('5\r\nhelloXX0\r\n\r\n'), {chunked: true}, [])).toThrow('error reading the log stream: malformed chunked encoding')
  })
})
