// Quantities as kubectl's metrics printer reads them, and top's flag checks.
import {describe, expect, test} from '@jest/globals'
import {milliCPU, bytesOf, parseQuantity, topPodOptions, topNodeOptions} from '../../src/lib/top/top.js'

describe('quantities', () => {
  test.each([['150m', 150], ['1', 1000], ['250000n', 1], ['1500000n', 2], ['2.5', 2500], ['0', 0]])('cpu %s = %d milli', (q, m) => expect(milliCPU(q)).toBe(m))
  test.each([['1200Mi', 1200 * 2 ** 20], ['3000Ki', 3000 * 1024], ['1Gi', 2 ** 30], ['1e3', 1000], ['5M', 5e6]])('memory %s', (q, b) => expect(bytesOf(q)).toBe(b))
  test('junk is zero', () => expect(parseQuantity('abc')).toBe(0))
})

describe('top options', () => {
  test('errors', () => {
    expect(() => topPodOptions([], {'sort-by': 'name'})).toThrow('--sort-by accepts only cpu or memory')
    expect(() => topPodOptions(['p'], {selector: 'a=b'})).toThrow('only one of NAME or selector can be provided')
    expect(() => topNodeOptions(['n'], {selector: 'a=b'})).toThrow('only one of NAME or --selector can be provided')
  })
  test('pod options', () => {
    expect(topPodOptions(['p'], {containers: true, 'sort-by': 'memory', sum: true})).toEqual({name: 'p', selector: undefined, fieldSelector: undefined, sortBy: 'memory', noHeaders: false, allNamespaces: false, containers: true, sum: true})
  })
})
