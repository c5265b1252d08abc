// Pure parts of `kctl wait`: --for parsing and the condition / jsonpath checks.
import {describe, expect, test} from '@jest/globals'
import {parseWaitFor, conditionMet} from '../../src/lib/wait/wait.js'

describe('parseWaitFor', () => {
  test('keywords and forms', () => {
    expect(parseWaitFor('delete')).toEqual({kind: 'delete'})
    expect(parseWaitFor('create')).toEqual({kind: 'create'})
    expect(parseWaitFor('condition=Ready')).toEqual({kind: 'condition', name: 'Ready', value: 'true'})
    expect(parseWaitFor('condition=Ready=false')).toEqual({kind: 'condition', name: 'Ready', value: 'false'})
    expect(parseWaitFor('jsonpath={.status.phase}=Running')).toEqual({kind: 'jsonpath', path: '{.status.phase}', value: 'Running'})
    expect(parseWaitFor('jsonpath={.status.loadBalancer.ingress}')).toEqual({kind: 'jsonpath', path: '{.status.loadBalancer.ingress}'})
  })
  test('unknown conditions', () => {
    expect(() => parseWaitFor(undefined)).toThrow('unrecognized condition: ""')
    expect(() => parseWaitFor('foo')).toThrow('unrecognized condition: "foo"')
  })
})

describe('conditionMet', () => {
  const obj = {metadata: {generation: 2}, status: {phase: 'Running', conditions: [{type: 'Ready', status: 'True'}, {type: 'Old', status: 'True', observedGeneration: 1}]}}
  test('conditions compare case-insensitively and respect observedGeneration', async () => {
    expect(await conditionMet(obj, {kind: 'condition', name: 'ready', value: 'true'})).toBe(true)
    expect(await conditionMet(obj, {kind: 'condition', name: 'Ready', value: 'False'})).toBe(false)
    expect(await conditionMet(obj, {kind: 'condition', name: 'Old', value: 'true'})).toBe(false)
    expect(await conditionMet(obj, {kind: 'condition', name: 'Missing', value: 'true'})).toBe(false)
  })
  test('jsonpath with and without a value', async () => {
    expect(await conditionMet(obj, {kind: 'jsonpath', path: '{.status.phase}', value: 'Running'})).toBe(true)
    expect(await conditionMet(obj, {kind: 'jsonpath', path: '{.status.phase}', value: 'Pending'})).toBe(false)
    expect(await conditionMet(obj, {kind: 'jsonpath', path: '{.status.phase}'})).toBe(true)
    expect(await conditionMet(obj, {kind: 'jsonpath', path: '{.status.nothing}'})).toBe(false)
  })
})
