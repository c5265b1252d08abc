// cp's progress line as a pure function of the byte counts it is given.
import {describe, expect, test} from '@jest/globals'
import {progressLine} from '../../src/lib/cp/cp.js'

const MiB = 1 << 20

function run(isTTY: boolean, counts: number[], ok: boolean): string {
  let out = ''
  const p = progressLine((s) => (out += s), isTTY)
  for (const n of counts) p.update(n)
  p.finish(ok)
  return out
}

describe('cp progress line', () => {
  test('one rewrite per 8 MiB boundary from 16 MiB, whatever the chunking, then the total', () => {
    expect(run(true, [5 * MiB, 15 * MiB, 17 * MiB, 23 * MiB, 41 * MiB, 50 * MiB + 7], true)).toBe('\r16 MiB copied\r40 MiB copied\r48 MiB copied\r50 MiB copied\n')
  })
  test('a failure ends the line without a total', () => {
    expect(run(true, [20 * MiB], false)).toBe('\r16 MiB copied\n')
  })
  test('small copies and non-terminals print nothing', () => {
    expect([run(true, [15 * MiB], true), run(false, [100 * MiB], true), run(false, [100 * MiB], false)]).toEqual(['', '', ''])
  })
})
