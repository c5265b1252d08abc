import {describe, expect, test} from '@jest/globals'
import {PassThrough} from 'node:stream'
import {statusLine, fitStatus, CLEAR_LINE} from '../../src/lib/cli/status-line.js'
import type {IO} from '../../src/lib/cli/io.js'

/** Streams that record writes in order, stdout and stderr into one transcript as a terminal would show them. */
function fakeIO(tty: boolean, columns?: number): {io: IO; out: string[]; err: string[]; screen: string[]} {
  const out: string[] = []
  const err: string[] = []
  const screen: string[] = []
  const stream = (into: string[]) => {
    const s: any = new PassThrough()
    s.write = (chunk: string) => {
      into.push(chunk)
      screen.push(chunk)
      return true
    }
    return s
  }
  const e = stream(err)
  e.isTTY = tty
  if (columns !== undefined) e.columns = columns
  return {io: {in: new PassThrough(), out: stream(out), err: e}, out, err, screen}
}

describe('status line', () => {
  test('fitStatus keeps the line on one row, with 100 columns when the width is unknown or 0', () => {
    expect(fitStatus('x'.repeat(300), 40)).toHaveLength(39)
    expect(fitStatus('x'.repeat(300), undefined)).toHaveLength(99)
    expect(fitStatus('x'.repeat(300), 0)).toHaveLength(99)
    expect(fitStatus('short', 80)).toBe('short')
    expect(fitStatus('x'.repeat(30), 3)).toHaveLength(10)
    expect(fitStatus('…'.repeat(50), 20)).toBe('…'.repeat(19))
  })

  test('on a terminal the status is redrawn in place and erased around every line', () => {
    const t = fakeIO(true, 80)
    const s = statusLine(t.io)
    s.status('waiting for 1 pod(s): ns/a (terminating)')
    s.out('evicting pod ns/b')
    s.status('waiting for 1 pod(s): ns/a (terminating)')
    s.status('waiting for 2 pod(s): ns/a (terminating), ns/b (terminating)')
    s.err('error when evicting')
    s.status('')
    s.err('final')
    expect(t.screen).toEqual([
      'waiting for 1 pod(s): ns/a (terminating)',
      CLEAR_LINE, 'evicting pod ns/b\n', 'waiting for 1 pod(s): ns/a (terminating)',
      CLEAR_LINE, 'waiting for 2 pod(s): ns/a (terminating), ns/b (terminating)',
      CLEAR_LINE, 'error when evicting\n', 'waiting for 2 pod(s): ns/a (terminating), ns/b (terminating)',
      CLEAR_LINE,
      'final\n',
    ])
    expect(t.out).toEqual(['evicting pod ns/b\n'])
  })

  test('off a terminal each new status is a plain stderr line and nothing is erased', () => {
    const t = fakeIO(false)
    const s = statusLine(t.io)
    s.status('waiting for 1 pod(s): ns/a (terminating)')
    s.status('waiting for 1 pod(s): ns/a (terminating)')
    s.out('pod/a evicted')
    s.status('')
    expect(t.err).toEqual(['waiting for 1 pod(s): ns/a (terminating)\n'])
    expect(t.out).toEqual(['pod/a evicted\n'])
  })

  test('escape sequences from cluster data never reach the terminal', () => {
    const t = fakeIO(true, 80)
    statusLine(t.io).status('waiting for ns/\x1b]0;pwned\x07a')
    expect(t.err.join('')).not.toMatch(/\x1b\]|\x07/)
  })
})
