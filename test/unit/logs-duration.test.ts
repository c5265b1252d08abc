// --pod-running-timeout parsing: Go's time.ParseDuration as pflag uses it, and kubectl's "higher than zero" rule.
import {describe, expect, test} from '@jest/globals'
import {parseGoDuration, podRunningTimeout} from '../../src/lib/logs/logs.js'

describe('Go duration flags', () => {
  test.each([
    ['20s', 20000], ['1m0s', 60000], ['1.5s', 1500], ['1h2m3s', 3723000], ['250ms', 250], ['.5s', 500], ['-2s', -2000], ['0', 0], ['+3s', 3000],
  ])('%s → %d ms', (v, ms) => {
    expect(parseGoDuration(v, 'pod-running-timeout')).toBe(ms)
  })
  test.each([
    ['5', 'invalid argument "5" for "--pod-running-timeout" flag: time: missing unit in duration "5"'],
    ['', 'invalid argument "" for "--pod-running-timeout" flag: time: invalid duration ""'],
    ['abc', 'invalid argument "abc" for "--pod-running-timeout" flag: time: invalid duration "abc"'],
    ['5x', 'invalid argument "5x" for "--pod-running-timeout" flag: time: unknown unit "x" in duration "5x"'],
  ])('%j is refused', (v, msg) => {
    expect(() => parseGoDuration(v, 'pod-running-timeout')).toThrow(msg)
  })
  test('the timeout must be positive; the default applies when the flag is absent', () => {
    expect(() => podRunningTimeout('0', '20s')).toThrow('--pod-running-timeout must be higher than zero')
    expect(() => podRunningTimeout('-1s', '20s')).toThrow('--pod-running-timeout must be higher than zero')
    expect(podRunningTimeout(undefined, '20s')).toBe(20000)
  })
})
