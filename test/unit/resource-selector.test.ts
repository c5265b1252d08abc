import {describe, expect, test} from '@jest/globals'
import {formatLabelSelector, labelSelectorString} from '../../src/lib/resource/selector.js'

describe('label selectors as kubectl prints them', () => {
  test('requirements sorted by key whatever their kind, set values sorted and deduplicated', () => {
    expect(labelSelectorString({matchLabels: {z: '1', a: '2'}, matchExpressions: [{key: 'm', operator: 'NotIn', values: ['b', 'a', 'b']}, {key: 'b', operator: 'DoesNotExist'}]})).toBe('a=2,!b,m notin (a,b),z=1')
    expect(labelSelectorString({matchLabels: {app: 'web', tier: 'fe'}, matchExpressions: [{key: 'env', operator: 'In', values: ['b', 'a']}, {key: 'x', operator: 'Exists'}]})).toBe('app=web,env in (a,b),tier=fe,x')
  })
  test('a plain map (a Service or ReplicationController selector) is a set of equalities', () => {
    expect(labelSelectorString({run: 'x', app: 'y'})).toBe('app=y,run=x')
  })
  test('no selector: empty on the wire, <none> in describe (FormatLabelSelector)', () => {
    expect(labelSelectorString(undefined)).toBe('')
    expect(labelSelectorString({})).toBe('')
    expect(formatLabelSelector(undefined)).toBe('<none>')
    expect(formatLabelSelector({matchLabels: {}})).toBe('<none>')
    expect(formatLabelSelector({matchExpressions: [{key: 'env', operator: 'In', values: ['prod']}], matchLabels: {tier: 'a'}})).toBe('env in (prod),tier=a')
  })
})
