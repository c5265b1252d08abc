// Container logs on disk in the CRI format, served with PodLogOptions (tail, since, timestamps, limitBytes, follow).
import {afterAll, describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {PassThrough} from 'node:stream'
import {LogWriter, joinRecords, nowRFC3339Nano, parseRecords, renderLines, streamLogFile} from '../../src/sandbox/kubelet/logs.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-kubelet-logs-'))
afterAll(() => fs.rmSync(dir, {recursive: true, force: true}))

function collect(): {out: NodeJS.WritableStream; text: () => string} {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', c => chunks.push(c))
  return {out, text: () => Buffer.concat(chunks).toString()}
}

describe('CRI log records', () => {
  test('timestamps are RFC 3339 with nanoseconds, trailing zeros trimmed', () => {
    expect(nowRFC3339Nano()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z$/)
  })

  test('partial records join onto the line they continue, per stream', () => {
    const text = [
      '2025-01-01T00:00:01Z stdout P hel',
      '2025-01-01T00:00:01.5Z stderr F oops',
      '2025-01-01T00:00:02Z stdout F lo',
      '2025-01-01T00:00:03Z stdout F second line',
      '2025-01-01T00:00:04Z stdout P tail-without-newline',
      '2025-01-01T00:00:05Z stdout F incomp',
    ].join('\n')
    const {records, rest} = parseRecords(text)
    expect(rest).toBe('2025-01-01T00:00:05Z stdout F incomp')
    expect(joinRecords(records)).toEqual([
      {time: '2025-01-01T00:00:01.5Z', text: 'oops\n'},
      {time: '2025-01-01T00:00:01Z', text: 'hello\n'},
      {time: '2025-01-01T00:00:03Z', text: 'second line\n'},
      {time: '2025-01-01T00:00:04Z', text: 'tail-without-newline'},
    ].sort((a, b) => (a.time < b.time ? -1 : 1)))
  })

  test('tailLines, sinceTime and timestamps', () => {
    const lines = [
      {time: '2025-01-01T00:00:01Z', text: 'a\n'},
      {time: '2025-01-01T00:00:02Z', text: 'b\n'},
      {time: '2025-01-01T00:00:03Z', text: 'c\n'},
    ]
    expect(renderLines(lines, {container: 'c', tailLines: 2})).toEqual(['b\n', 'c\n'])
    expect(renderLines(lines, {container: 'c', tailLines: 0})).toEqual([])
    expect(renderLines(lines, {container: 'c', sinceTime: '2025-01-01T00:00:02Z', timestamps: true})).toEqual(['2025-01-01T00:00:02Z b\n', '2025-01-01T00:00:03Z c\n'])
  })
})

describe('streamLogFile', () => {
  test('serves what the writer recorded, honouring limitBytes', async () => {
    const file = path.join(dir, 'a.log')
    const w = new LogWriter(file)
    w.write('stdout', 'one\ntwo\n')
    w.write('stderr', Buffer.from('err\n'))
    w.write('stdout', 'three')
    w.close()
    const all = collect()
    await streamLogFile(file, w, {container: 'c'}, all.out, new AbortController().signal)
    expect(all.text()).toBe('one\ntwo\nerr\nthree')
    const limited = collect()
    await streamLogFile(file, w, {container: 'c', limitBytes: 6}, limited.out, new AbortController().signal)
    expect(limited.text()).toBe('one\ntw')
    const since = collect()
    await streamLogFile(file, w, {container: 'c', sinceSeconds: 3600, tailLines: 1}, since.out, new AbortController().signal)
    expect(since.text()).toBe('three')
  })

  test('follow streams new lines and ends when the container ends', async () => {
    const file = path.join(dir, 'b.log')
    const w = new LogWriter(file)
    w.write('stdout', 'before\n')
    const got = collect()
    const done = streamLogFile(file, w, {container: 'c', follow: true, tailLines: 1}, got.out, new AbortController().signal)
    await new Promise(r => setTimeout(r, 20))
    w.write('stdout', 'after 1\n')
    w.write('stdout', 'after 2\n')
    w.close()
    await done
    expect(got.text()).toBe('before\nafter 1\nafter 2\n')
  })

  test('follow stops when the request goes away', async () => {
    const file = path.join(dir, 'c.log')
    const w = new LogWriter(file)
    const ac = new AbortController()
    const got = collect()
    const done = streamLogFile(file, w, {container: 'c', follow: true}, got.out, ac.signal)
    w.write('stdout', 'x\n')
    ac.abort()
    await done
    w.write('stdout', 'y\n')
    expect(got.text()).toBe('x\n')
    w.close()
  })
})
