import {describe, expect, test} from '@jest/globals'
import {parseTaints, splitTaintArgs, applyTaintChanges, taintToString, taintOptions, typedRoundTrip, runTaint} from '../../src/lib/nodes/taint.js'

describe('taint specs (kubectl parseTaints)', () => {
  test('adds and removes', () => {
    expect(parseTaints(['foo=bar:NoSchedule', 'k:NoExecute', 'dedicated:NoSchedule-', 'gone-', 'foobar=:NoSchedule'])).toEqual({
      add: [{key: 'foo', value: 'bar', effect: 'NoSchedule'}, {key: 'k', effect: 'NoExecute'}, {key: 'foobar', effect: 'NoSchedule'}],
      remove: [{key: 'dedicated', effect: 'NoSchedule'}, {key: 'gone'}],
    })
  })
  test.each([
    ['foo=bar:NoExcute', 'invalid taint effect: NoExcute, unsupported taint effect'],
    ['foo', 'invalid taint spec: foo'],
    ['foo=abc', 'invalid taint spec: foo=abc'],
    ['foo=abc=xyz:NoSchedule', 'invalid taint spec: foo=abc=xyz:NoSchedule'],
    ['foo=abc:xyz:NoSchedule', 'invalid taint spec: foo=abc:xyz:NoSchedule'],
    ['foo:invalid_effect-', 'invalid taint effect: invalid_effect, unsupported taint effect'],
  ])('%s is rejected', (spec, message) => {
    expect(() => parseTaints([spec])).toThrow(message)
  })
  test('duplicates and add+remove of the same taint', () => {
    expect(() => parseTaints(['foo=bar:NoSchedule', 'foo=baz:NoSchedule'])).toThrow('duplicated taints with the same key and effect: {foo baz NoSchedule <nil>}')
    expect(() => parseTaints(['foo=:NoExecute', 'foo:NoExecute-'])).toThrow('can not both modify and remove the following taint(s) in the same command: foo:NoExecute')
  })
  test('resources come before taints', () => {
    expect(splitTaintArgs(['nodes', 'a', 'b', 'k=v:NoSchedule'])).toEqual({resources: ['nodes', 'a', 'b'], taints: ['k=v:NoSchedule']})
    expect(() => splitTaintArgs(['nodes', 'k=v:NoSchedule', 'b'])).toThrow('all resources must be specified before taint changes: b')
  })
  test('ToString forms', () => {
    expect([taintToString({key: 'k', value: 'v', effect: 'NoSchedule'}), taintToString({key: 'k', effect: 'NoSchedule'}), taintToString({key: 'k'})]).toEqual(['k=v:NoSchedule', 'k:NoSchedule', 'k'])
  })
})

describe('reorganizing taints', () => {
  const current = [{key: 'dedicated', value: 'x', effect: 'NoSchedule'}, {key: 'dedicated', value: 'x', effect: 'PreferNoSchedule'}]
  test('tainted / untainted / modified', () => {
    expect(applyTaintChanges('n', [], parseTaints(['foo=bar:NoSchedule']), false)).toEqual({taints: [{key: 'foo', value: 'bar', effect: 'NoSchedule'}], operation: 'tainted'})
    expect(applyTaintChanges('n', current, parseTaints(['dedicated:NoSchedule-']), false)).toEqual({taints: [current[1]], operation: 'untainted'})
    expect(applyTaintChanges('n', current, parseTaints(['dedicated-']), false)).toEqual({taints: [], operation: 'untainted'})
    expect(applyTaintChanges('n', current, parseTaints(['dedicated=y:NoSchedule']), true).operation).toBe('modified')
  })
  test('refusals', () => {
    expect(() => applyTaintChanges('n', current, parseTaints(['dedicated=y:NoSchedule']), false)).toThrow('node n already has dedicated taint(s) with same effect(s) and --overwrite is false')
    expect(() => applyTaintChanges('n', [], parseTaints(['nope:NoSchedule-']), false)).toThrow('taint "nope:NoSchedule" not found')
  })
  test('command-line validation', () => {
    expect(() => taintOptions(['pods', 'x', 'k=v:NoSchedule'], {})).toThrow('invalid resource type pods, only node types are supported')
    expect(() => taintOptions(['nodes', 'x'], {})).toThrow('at least one taint update is required')
    expect(() => taintOptions(['nodes', 'k=v:NoSchedule'], {})).toThrow("at least one resource name must be specified since 'all' parameter is not set")
    expect(() => taintOptions(['nodes', 'k=v:NoSchedule'], {all: true, selector: 'a=b'})).toThrow("setting 'all' parameter with a non empty selector is prohibited")
    expect(taintOptions(['nodes', 'w1', 'k=v:NoSchedule'], {'dry-run': 'server'})).toEqual({names: ['w1'], selector: undefined, all: false, taints: ['k=v:NoSchedule'], overwrite: false, dryRun: 'server', output: undefined, fieldManager: 'kubectl-taint', showManagedFields: false})
  })
})

describe('taint -o output as kubectl prints it', () => {
  const node = {apiVersion: 'v1', kind: 'Node', metadata: {name: 'w1', uid: 'u', managedFields: [{manager: 'm'}]}, spec: {podCIDRs: ['10.0.0.0/24']}, status: {images: [], addresses: [{type: 'Hostname', address: 'w1'}]}}
  const fakeClient = (patched: any): any => ({
    resolve: async () => ({name: 'nodes', kind: 'Node', group: '', namespaced: false}),
    get: async () => node,
    patch: async () => patched,
  })

  test('a client dry run is a typed round trip: empty lists dropped, keys sorted', () => {
    expect(JSON.stringify(typedRoundTrip(node))).toBe(JSON.stringify({apiVersion: 'v1', kind: 'Node', metadata: {managedFields: [{manager: 'm'}], name: 'w1', uid: 'u'}, spec: {podCIDRs: ['10.0.0.0/24']}, status: {addresses: [{address: 'w1', type: 'Hostname'}]}}))
    expect(Object.keys(typedRoundTrip({b: 1, a: [], c: 2}, false))).toEqual(['b', 'c'])
  })

  test('-o yaml hides managedFields unless --show-managed-fields; -o jsonpath still sees them', async () => {
    let printed = ''
    const run = async (flags: any) => {
      printed = ''
      await runTaint(fakeClient(node), taintOptions(['nodes', 'w1', 'k=v:NoSchedule'], flags), (s) => (printed += s))
      return printed
    }
    expect(await run({'dry-run': 'client', output: 'yaml'})).not.toContain('managedFields')
    expect(await run({'dry-run': 'client', output: 'yaml'})).not.toContain('images')
    expect(await run({'dry-run': 'client', output: 'yaml', 'show-managed-fields': true})).toContain('managedFields')
    expect(await run({'dry-run': 'server', output: 'json'})).not.toContain('managedFields')
    expect(await run({'dry-run': 'client', output: 'jsonpath={.metadata.managedFields[0].manager}'})).toBe('m')
  })
})
