import {describe, expect, test} from '@jest/globals'
import {matchLabels, parseFieldSelector, parseLabelSelector, selectorToString} from '../../src/sandbox/api/selectors.js'

describe('label selectors', () => {
  test('parses equality and set-based requirements', () => {
    expect(parseLabelSelector('app=web,tier!=db,env in (a, b),!legacy,track,x notin (y)')).toEqual([
      {key: 'app', operator: '=', values: ['web']},
      {key: 'tier', operator: '!=', values: ['db']},
      {key: 'env', operator: 'in', values: ['a', 'b']},
      {key: 'legacy', operator: '!', values: []},
      {key: 'track', operator: 'exists', values: []},
      {key: 'x', operator: 'notin', values: ['y']},
    ])
  })

  test('matches labels', () => {
    const reqs = parseLabelSelector('app=web,env in (prod,stage),!legacy')
    expect(matchLabels(reqs, {app: 'web', env: 'prod'})).toBe(true)
    expect(matchLabels(reqs, {app: 'web', env: 'dev'})).toBe(false)
    expect(matchLabels(reqs, {app: 'web', env: 'prod', legacy: '1'})).toBe(false)
    expect(matchLabels(parseLabelSelector('tier!=db'), {})).toBe(true)
    expect(matchLabels(parseLabelSelector('a notin (b)'), {})).toBe(true)
  })

  test('rejects bad syntax with 400', () => {
    expect(() => parseLabelSelector('app=web,,x')).toThrow(expect.objectContaining({code: 400}))
  })

  test('renders metav1.LabelSelector as a string', () => {
    expect(selectorToString({matchLabels: {b: '2', a: '1'}, matchExpressions: [{key: 'c', operator: 'In', values: ['y', 'x']}]})).toBe('a=1,b=2,c in (x,y)')
  })

  test('parses field selectors', () => {
    expect(parseFieldSelector('metadata.name=foo,spec.nodeName!=n1,status.phase==Running')).toEqual([
      {field: 'metadata.name', op: '=', value: 'foo'},
      {field: 'spec.nodeName', op: '!=', value: 'n1'},
      {field: 'status.phase', op: '=', value: 'Running'},
    ])
  })
})
