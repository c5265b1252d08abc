// `delete` flag rules (kubectl's delete_flags.go): grace period, --now, --force, --all with selectors, -o, cascade.
import {describe, expect, test} from '@jest/globals'
import {deleteOptions, deletedLine} from '../../src/lib/delete/delete.js'

const opts = (f: Record<string, unknown>, argv: string[] = []) => deleteOptions(['pod', 'x'], {'grace-period': -1, cascade: 'background', 'dry-run': 'none', timeout: '0s', wait: true, ...f}, argv)

describe('deleteOptions', () => {
  test('grace periods', () => {
    expect([opts({}).gracePeriod, opts({now: true}).gracePeriod, opts({'grace-period': 0}, ['--grace-period=0']).gracePeriod, opts({force: true}).gracePeriod, opts({force: true, 'grace-period': 0}).gracePeriod]).toEqual([-1, 1, 1, 0, 0])
    expect(opts({force: true}).warnings).toEqual(['Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.'])
  })

  test.each([
    [{now: true, 'grace-period': 3}, ['--grace-period=3'], '--now and --grace-period cannot be specified together'],
    [{force: true, 'grace-period': 5}, [], '--force and --grace-period greater than 0 cannot be specified together'],
    [{output: 'json'}, [], "unexpected -o output mode: json. We only support '-o name'"],
    [{all: true, selector: 'a=b'}, [], "setting 'all' parameter but found a non empty selector. "],
    [{cascade: 'sideways'}, [], 'invalid cascade value (sideways). Must be "background", "foreground", or "orphan".'],
  ])('%j fails', (f, argv, message) => {
    expect(() => opts(f, argv)).toThrow(message)
  })

  test('--ignore-not-found defaults to true with --all or a selector; cascade values', () => {
    expect([opts({}).ignoreNotFound, opts({all: true}).ignoreNotFound, opts({selector: 'a=b'}).ignoreNotFound, opts({selector: 'a=b', 'ignore-not-found': false}).ignoreNotFound]).toEqual([false, true, true, false])
    expect(['background', 'foreground', 'orphan'].map((c) => opts({cascade: c}).cascade)).toEqual(['Background', 'Foreground', 'Orphan'])
  })

  test('result lines (1.33 wording)', () => {
    const pod = {group: '', kind: 'Pod'}
    const deploy = {group: 'apps', kind: 'Deployment'}
    expect([
      deletedLine(pod, 'x', {gracePeriod: -1, force: false, dryRun: 'none'}),
      deletedLine(deploy, 'web', {gracePeriod: -1, force: false, dryRun: 'server'}),
      deletedLine(pod, 'x', {gracePeriod: 0, force: true, dryRun: 'none'}),
      deletedLine(deploy, 'web', {gracePeriod: -1, force: false, dryRun: 'client', output: 'name'}),
    ].join('')).toBe('pod "x" deleted\ndeployment.apps "web" deleted (server dry run)\npod "x" force deleted\ndeployment.apps/web\n')
  })
})

describe('pflag booleans with values', () => {
  test('--wait=false becomes --no-wait; flags without --no- form are dropped when false; words after -- untouched', async () => {
    const {normalizeBooleanValues} = await import('../../src/lib/cli/base.js')
    const defs = {wait: {type: 'boolean', allowNo: true}, force: {type: 'boolean'}, output: {type: 'option'}}
    expect(normalizeBooleanValues(['pod', 'x', '--wait=false', '--force=false', '--output=name', '--force=true', '--', '--wait=false'], defs))
      .toEqual(['pod', 'x', '--no-wait', '--output=name', '--force', '--', '--wait=false'])
  })
})
