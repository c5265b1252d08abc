import {describe, expect, test} from '@jest/globals'
import {filterPod, podErrors, podWarnings, drainOptions, formatTimeout, blockingBudget, deletedLongAgo, waitingText, validLabelSelector} from '../../src/lib/nodes/drain.js'
import {StatusError} from '../../src/lib/cli/errors.js'

const pod = (name: string, extra: any = {}) => ({metadata: {name, namespace: 'default', ...extra.metadata}, spec: {...extra.spec}, status: {phase: 'Running', ...extra.status}})
const rsOwned = {metadata: {ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', controller: true}]}}
const dsOwned = {metadata: {ownerReferences: [{apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', controller: true}]}}
const base = {force: false, ignoreDaemonsets: false, deleteEmptydirData: false, skipWaitForDeleteTimeoutSeconds: 0}
const dsExists = () => true

describe('drain filters (kubectl order)', () => {
  test('replicated pods are deleted', () => {
    expect(filterPod(pod('a', rsOwned), base, dsExists)).toEqual({pod: pod('a', rsOwned), delete: true})
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
    // kubectl's later filters overwrite the local-storage warning of a replicated pod with their "okay".
    expect(filterPod(local, {...base, deleteEmptydirData: true}, dsExists)).toEqual({pod: local, delete: true})
    const bareLocal = pod('bl', {spec: {volumes: [{name: 'v', emptyDir: {}}]}})
    expect(filterPod(bareLocal, base, dsExists)).toMatchObject({error: 'Pods with local storage (use --delete-emptydir-data to override)'})
    expect(filterPod(bareLocal, {...base, deleteEmptydirData: true}, dsExists)).toMatchObject({error: 'cannot delete Pods that declare no controller (use --force to override)'})
    expect(filterPod(bareLocal, {...base, deleteEmptydirData: true, force: true}, dsExists)).toMatchObject({delete: true, warning: 'deleting Pods that declare no controller'})
    expect(filterPod(pod('bare'), base, dsExists)).toMatchObject({delete: false, error: 'cannot delete Pods that declare no controller (use --force to override)'})
    expect(filterPod(pod('bare'), {...base, force: true}, dsExists)).toMatchObject({delete: true, warning: 'deleting Pods that declare no controller'})
    expect(filterPod(pod('done', {status: {phase: 'Succeeded'}}), base, dsExists)).toMatchObject({delete: true})
  })
  test('refusals are one error per reason, worded as kubectl 1.33 words them', () => {
    const local = pod('l', {...rsOwned, spec: {volumes: [{name: 'v', emptyDir: {}}]}})
    const verdicts = [pod('a'), pod('b'), pod('d', dsOwned), local].map((p) => filterPod(p, base, dsExists))
    expect(podErrors(verdicts)).toEqual([
      'cannot delete cannot delete Pods that declare no controller (use --force to override): default/a, default/b',
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/d',
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/l',
    ])
  })
  test('warnings are joined by "; "', () => {
    const verdicts = [pod('a'), pod('d', dsOwned)].map((p) => filterPod(p, {...base, force: true, ignoreDaemonsets: true}, dsExists))
    expect(podWarnings(verdicts)).toBe('deleting Pods that declare no controller: default/a; ignoring DaemonSet-managed Pods: default/d')
  })
  test('a DaemonSet that cannot be read blocks the drain with the API error, even under --force', () => {
    const denied = () => ({notFound: false, message: 'daemonsets.apps "ds" is forbidden'})
    expect(filterPod(pod('d', dsOwned), {...base, force: true}, denied)).toMatchObject({delete: false, error: 'daemonsets.apps "ds" is forbidden'})
  })
  test('pods deleted more than --skip-wait-for-delete-timeout whole seconds ago are skipped', () => {
    const now = Date.parse('2025-01-01T00:00:02.900Z')
    const deleting = pod('x', {...rsOwned, metadata: {...rsOwned.metadata, deletionTimestamp: '2025-01-01T00:00:00Z'}})
    expect(deletedLongAgo(deleting, 2, now)).toBe(false)
    expect(deletedLongAgo(deleting, 1, now)).toBe(true)
    expect(deletedLongAgo(deleting, 0, now)).toBe(false)
    expect(filterPod(deleting, {...base, skipWaitForDeleteTimeoutSeconds: 1}, dsExists, now)).toEqual({pod: deleting, delete: false})
  })
  test('mirror pods are skipped even with an empty annotation', () => {
    const mirror = pod('m', {metadata: {annotations: {'kubernetes.io/config.mirror': ''}}})
    expect(filterPod(mirror, base, dsExists)).toEqual({pod: mirror, delete: false})
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
  test('the status text names at most five pods', () => {
    expect(waitingText(new Map())).toBe('')
    expect(waitingText(new Map([['ns/a', 'terminating']]))).toBe('waiting for 1 pod(s): ns/a (terminating)')
    const many = new Map([...'abcdef'].map((c) => [`ns/${c}`, 'terminating']))
    expect(waitingText(many)).toBe('waiting for 6 pod(s): ns/a (terminating), ns/b (terminating), ns/c (terminating), ns/d (terminating), ns/e (terminating), …')
  })
})

describe('--pod-selector validation', () => {
  test('kubectl label selector grammar', () => {
    for (const ok of ['app=web', 'app==web', 'app!=web', 'app', '!app', 'a=1,b=2', 'env in (a, b),tier notin (x)', 'example.com/role=db', 'k=', 'n > 3', ' app = web '])
      expect([ok, validLabelSelector(ok)]).toEqual([ok, true])
    for (const bad of ['a=(b', 'a=b,', ',a', 'a b', 'a=b=c', 'env in a', '-a=b', 'a=-b', 'a>b'])
      expect([bad, validLabelSelector(bad)]).toEqual([bad, false])
  })
  test('an invalid one is kubectl\'s error, before anything is done', () => {
    expect(() => drainOptions(['n'], {'pod-selector': 'a=(b'}, 'none', 0)).toThrow('--pod-selector=<pod_selector> must be a valid label selector')
  })
})
