import {describe, expect, test} from '@jest/globals'
import {hoistGlobalFlags, argsAfterDash} from '../../src/lib/cli/argv.js'
import {splitArgv, dedupeSingleValueFlags, type FlagShape} from '../../src/lib/cli/parse.js'
import {parseDuration, mapOclifError} from '../../src/lib/cli/base.js'
import {formatError, StatusError, UsageError, FlagError, AggregateKctlError, KctlError} from '../../src/lib/cli/errors.js'

describe('hoistGlobalFlags', () => {
  test.each([
    [['-n', 'kube-system', 'get', 'pods'], ['get', 'pods', '-n', 'kube-system']],
    [['--context', 'x', 'get', 'pods'], ['get', 'pods', '--context', 'x']],
    [['--context=x', 'get', 'pods', '-o', 'name'], ['get', 'pods', '-o', 'name', '--context=x']],
    [['-nkube-system', 'get', 'pods'], ['get', 'pods', '-n', 'kube-system']],
    [['-n', 'foo', 'exec', 'pod', '--', 'ls', '-n', 'bar'], ['exec', 'pod', '-n', 'foo', '--', 'ls', '-n', 'bar']],
    [['--insecure-skip-tls-verify', '-v=9', 'config', 'view'], ['config', 'view', '--insecure-skip-tls-verify', '-v=9']],
    [['get', 'pods', '-n', 'x'], ['get', 'pods', '-n', 'x']],
    [['--bogus', 'get'], ['--bogus', 'get']],
  ])('%j -> %j', (input, expected) => {
    expect(hoistGlobalFlags(input)).toEqual(expected)
  })

  test('argsAfterDash keeps order and flags verbatim', () => {
    expect(argsAfterDash(['pod', '-c', 'main', '--', 'sh', '-c', 'echo -n x'])).toEqual(['sh', '-c', 'echo -n x'])
    expect(argsAfterDash(['pod'])).toEqual([])
  })
})

const shapes: FlagShape[] = [
  {name: 'namespace', char: 'n', takesValue: true, multiple: false},
  {name: 'output', char: 'o', takesValue: true, multiple: false},
  {name: 'selector', char: 'l', takesValue: true, multiple: false},
  {name: 'env', takesValue: true, multiple: true},
  {name: 'stdin', char: 'i', takesValue: false, multiple: false},
  {name: 'tty', char: 't', takesValue: false, multiple: false},
  {name: 'all-namespaces', char: 'A', takesValue: false, multiple: false},
]

describe('splitArgv', () => {
  test('positionals keep typed order around flags; dash args verbatim', () => {
    expect(splitArgv(['-it', 'mypod', '-c', 'main', '--', 'ls', 'main'], [...shapes, {name: 'container', char: 'c', takesValue: true, multiple: false}]))
      .toEqual({positionals: ['mypod'], dashArgs: ['ls', 'main'], hasDash: true})
    expect(splitArgv(['get', 'pods', '-oyaml', '-n=x', 'b', '-A', 'a'], shapes)).toEqual({positionals: ['get', 'pods', 'b', 'a'], dashArgs: [], hasDash: false})
    expect(splitArgv(['run', 'x', '--env', 'A=1', 'B=2'], shapes)).toEqual({positionals: ['run', 'x', 'B=2'], dashArgs: [], hasDash: false})
  })
})

describe('dedupeSingleValueFlags', () => {
  test('last value wins for single-value flags, repeatable flags are kept', () => {
    expect(dedupeSingleValueFlags(['-l', 'app=redis', 'pods', '-l', 'app=nginx'], shapes)).toEqual(['pods', '-l', 'app=nginx'])
    expect(dedupeSingleValueFlags(['--namespace=a', '-nb', 'x'], shapes)).toEqual(['-nb', 'x'])
    expect(dedupeSingleValueFlags(['--env', 'A=1', '--env', 'B=2'], shapes)).toEqual(['--env', 'A=1', '--env', 'B=2'])
    expect(dedupeSingleValueFlags(['-o', 'json', '--', '-o', 'yaml'], shapes)).toEqual(['-o', 'json', '--', '-o', 'yaml'])
  })
})

describe('parseDuration', () => {
  test.each([['0', 0], ['5', 5000], ['1s', 1000], ['500ms', 500], ['1m30s', 90000], ['2h', 7200000]])('%s', (v, ms) => {
    expect(parseDuration(v)).toBe(ms)
  })
  test('invalid', () => {
    expect(() => parseDuration('abc')).toThrow('invalid argument "abc" for "--request-timeout" flag: time: invalid duration "abc"')
  })
})

describe('error wording', () => {
  test('server status errors', () => {
    const e = new StatusError({kind: 'Status', reason: 'NotFound', message: 'pods "x" not found', code: 404}, 404)
    expect(formatError(e, 'kctl get')).toBe('Error from server (NotFound): pods "x" not found\n')
    const u = new StatusError({kind: 'Status', reason: '', message: 'boom', code: 500}, 500)
    expect(formatError(u, 'kctl get')).toBe('Error from server: boom\n')
  })
  test('usage, flag, plain and aggregate errors', () => {
    expect(formatError(new UsageError('Required resource not specified.'), 'kctl get')).toBe("error: Required resource not specified.\nSee 'kctl get -h' for help and examples\n")
    expect(formatError(new FlagError('unknown flag: --bogus'), 'kctl get')).toBe("error: unknown flag: --bogus\nSee 'kctl get --help' for usage.\n")
    expect(formatError(new KctlError('boom'), 'kctl get')).toBe('error: boom\n')
    const agg = new AggregateKctlError([
      new StatusError({reason: 'NotFound', message: 'pods "a" not found'}, 404),
      new StatusError({reason: 'NotFound', message: 'pods "b" not found'}, 404),
    ])
    expect(formatError(agg, 'kctl get')).toBe('Error from server (NotFound): pods "a" not found\nError from server (NotFound): pods "b" not found\n')
  })
  test('oclif parse errors become pflag words', () => {
    expect((mapOclifError(Object.assign(new Error('Nonexistent flag: --bogus\nSee more help with --help'), {oclif: {exit: 2}})) as Error).message).toBe('unknown flag: --bogus')
    expect((mapOclifError(Object.assign(new Error('Nonexistent flag: -Z'), {oclif: {exit: 2}})) as Error).message).toBe("unknown shorthand flag: 'Z' in -Z")
  })
})
