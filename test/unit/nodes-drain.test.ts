import {describe, expect, test} from '@jest/globals'
import {filterPod, groupMessages, drainOptions, formatTimeout, blockingBudget} from '../../src/lib/nodes/drain.js'
import {StatusError} from '../../src/lib/cli/errors.js'

const pod = (name: string, extra: any = {}) => ({metadata: {name, namespace: 'default', ...extra.metadata}, spec: {...extra.spec}, status: {phase: 'Running', ...extra.status}})
const rsOwned = {metadata: {ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', controller: true}]}}
const dsOwned = {metadata: {ownerReferences: [{apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', controller: true}]}}
const base = {force: false, ignoreDaemonsets: false, deleteEmptydirData: false, skipWaitForDeleteTimeoutSeconds: 0}
const dsExists = () => true

describe('drain filters (kubectl order)', () => {
  test('replicated pods are deleted', () => {
    expect(filterPod(pod('a', rsOwned), base, dsExists)).toMatchObject({delete: true, warning: undefined})
  })
  test('daemonset pods need --ignore-daemonsets, orphans need --force', () => {
    expect(filterPod(pod('d', dsOwned), base, dsExists)).toMatchObject({delete: false, error: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)'})
    expect(filterPod(pod('d', dsOwned), {...base, ignoreDaemonsets: true}, dsExists)).toMatchObject({delete: false, warning: 'ignoring DaemonSet-managed Pods'})
    expect(filterPod(pod('d', dsOwned), base, () => false)).toMatchObject({delete: false, error: 'daemonsets.apps "ds" not found'})
    expect(filterPod(pod('d', dsOwned), {...base, force: true}, () => false)).toMatchObject({delete: true})
  })
  test('emptyDir and unmanaged pods', () => {
    const local = pod('l', {...rsOwned, spec: {volumes: [{name: 'v', emptyDir: {}}]}})
    expect(filterPod(local, base, dsExists)).toMatchObject({delete: false, error: 'Pods with local storage (use --delete-emptydir-data to override)'})
    expect(filterPod(local, {...base, deleteEmptydirData: true}, dsExists)).toMatchObject({delete: true, warning: 'deleting Pods with local storage'})
    expect(filterPod(pod('bare'), base, dsExists)).toMatchObject({delete: false, error: 'Pods that declare no controller (use --force to override)'})
    expect(filterPod(pod('bare'), {...base, force: true}, dsExists)).toMatchObject({delete: true, warning: 'deleting Pods that declare no controller'})
    expect(filterPod(pod('done', {status: {phase: 'Succeeded'}}), base, dsExists)).toMatchObject({delete: true})
  })
  test('messages are grouped as kubectl prints them', () => {
    const verdicts = [filterPod(pod('a'), base, dsExists), filterPod(pod('b'), base, dsExists), filterPod(pod('d', dsOwned), base, dsExists)]
    expect(groupMessages(verdicts, 'error')).toBe('cannot delete Pods that declare no controller (use --force to override): default/a, default/b; cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/d')
  })
})

describe('drain options and helpers', () => {
  test('usage errors', () => {
    expect(() => drainOptions([], {}, 'none', 0)).toThrow('USAGE: drain NODE [flags]')
    expect(() => drainOptions(['n'], {selector: 'a=b'}, 'none', 0)).toThrow('cannot specify both a node name and a --selector option')
  })
  test('timeouts print as Go durations', () => {
    expect([formatTimeout(5000), formatTimeout(90000), formatTimeout(3600000)]).toEqual(['5s', '1m30s', '1h0m0s'])
  })
  test('the blocking PDB is read from the 429 causes', () => {
    const e = new StatusError({reason: 'TooManyRequests', message: "Cannot evict pod as it would violate the pod's disruption budget.", details: {causes: [{reason: 'DisruptionBudget', message: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently'}]}}, 429)
    expect(blockingBudget(e)).toBe('blocked by PodDisruptionBudget web-pdb: needs 2 healthy, has 2')
  })
})
