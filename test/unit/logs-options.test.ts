// `kctl logs` flag validation and the PodLogOptions query, as kubectl's logs_test.go cases.
import {describe, expect, test} from '@jest/globals'
import {logsOptions, logQuery} from '../../src/lib/logs/logs.js'

describe('logs options', () => {
  test('defaults: tail -1 for a pod, 10 with a selector', () => {
    expect(logsOptions(['p'], {}, 0).tail).toBe(-1)
    expect(logsOptions([], {selector: 'app=x'}, 0).tail).toBe(10)
    expect(logsOptions([], {selector: 'app=x', tail: '3'}, 0).tail).toBe(3)
  })
  test.each([
    [[], {}, 0, "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command"],
    [['p'], {selector: 'a=b'}, 0, 'only a selector (-l) or a POD name is allowed'],
    [['p', 'c'], {container: 'x'}, 0, 'only one of -c or an inline [CONTAINER] arg is allowed'],
    [['p', 'c'], {'all-containers': true}, 0, '--all-containers=true should not be specified with container name c'],
    [['p'], {'since-time': '2020-01-01T00:00:00Z'}, 3600000, 'at most one of `sinceTime` or `sinceSeconds` may be specified'],
    [['p'], {tail: '-2'}, 0, '--tail must be greater than or equal to -1'],
    [['p'], {'limit-bytes': -1}, 0, '--limit-bytes must be greater than 0'],
    [['p'], {}, -1, '--since must be greater than 0'],
  ])('%j %j → error', (pos, f, since, msg) => {
    expect(() => logsOptions(pos as string[], f as any, since as number)).toThrow(msg as string)
  })
  test('query carries only what was asked, container always', () => {
    const o = logsOptions(['p'], {follow: true, previous: true, timestamps: true, 'limit-bytes': 100, tail: '5'}, 3600000)
    expect(logQuery(o, 'c')).toEqual({container: 'c', follow: 'true', insecureSkipTLSVerifyBackend: undefined, limitBytes: 100, previous: 'true', sinceSeconds: 3600, sinceTime: undefined, tailLines: 5, timestamps: 'true'})
    expect(logQuery(logsOptions(['p'], {'since-time': '2020-01-01T00:00:00+01:00'}, 0), 'c')).toEqual({container: 'c', follow: undefined, insecureSkipTLSVerifyBackend: undefined, limitBytes: undefined, previous: undefined, sinceSeconds: undefined, sinceTime: '2019-12-31T23:00:00Z', tailLines: undefined, timestamps: undefined})
  })
})
