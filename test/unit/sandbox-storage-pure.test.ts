// Pure decisions of the sandbox's volume handling: VolumeBinding's verdicts, volume node affinity, the default class.
import {describe, expect, test} from '@jest/globals'
import {checkPodVolumes, classOf, volumeFitsNode} from '../../src/sandbox/controllers/storage.js'
import {kubeletDir, nodeHostPath, podClaimNames} from '../../src/sandbox/volumes.js'
import {defaultStorageClassName} from '../../src/sandbox/kinds/defaults.js'
import type {KObject} from '../../src/sandbox/types.js'

const node = (name: string): KObject => ({apiVersion: 'v1', kind: 'Node', metadata: {name, labels: {'kubernetes.io/hostname': name}}})
const pod = (...claims: string[]): KObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p', namespace: 'ns'},
  spec: {containers: [{name: 'c', image: 'busybox'}], volumes: [{name: 'tmp', emptyDir: {}}, ...claims.map((c, i) => ({name: `v${i}`, persistentVolumeClaim: {claimName: c}}))]},
})
const claim = (name: string, spec: any = {}, meta: any = {}): KObject => ({apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: {name, namespace: 'ns', ...meta}, spec})
const pinned = (name: string, to: string): KObject => ({
  apiVersion: 'v1', kind: 'PersistentVolume', metadata: {name},
  spec: {nodeAffinity: {required: {nodeSelectorTerms: [{matchExpressions: [{key: 'kubernetes.io/hostname', operator: 'In', values: [to]}]}]}}},
})
const sc = (name: string, mode: string, created = '2026-01-01T00:00:00Z', isDefault = false): KObject => ({
  apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', volumeBindingMode: mode,
  metadata: {name, creationTimestamp: created, ...(isDefault ? {annotations: {'storageclass.kubernetes.io/is-default-class': 'true'}} : {})},
})

function check(p: KObject, claims: KObject[], pvs: KObject[], classes: KObject[]) {
  return checkPodVolumes(p, (ns, n) => claims.find((c) => c.metadata.namespace === ns && c.metadata.name === n), (n) => pvs.find((v) => v.metadata.name === n), (n) => classes.find((c) => c.metadata.name === n))
}

describe('VolumeBinding', () => {
  test('claims a pod mounts, and the class a claim asks for', () => {
    expect(podClaimNames(pod('a', 'b'))).toEqual(['a', 'b'])
    expect([classOf(claim('x', {storageClassName: 'fast'})), classOf(claim('x', {storageClassName: 'fast'}, {annotations: {'volume.beta.kubernetes.io/storage-class': 'old'}})), classOf(claim('x'))]).toEqual(['fast', 'old', ''])
  })

  test('PreFilter verdicts in kube-scheduler words', () => {
    const classes = [sc('standard', 'WaitForFirstConsumer'), sc('now', 'Immediate')]
    expect(check(pod('missing'), [], [], classes).preFilter).toBe('persistentvolumeclaim "missing" not found')
    expect(check(pod('gone'), [claim('gone', {}, {deletionTimestamp: '2026-01-01T00:00:00Z'})], [], classes).preFilter).toBe('persistentvolumeclaim "gone" is being deleted')
    expect(check(pod('imm'), [claim('imm', {storageClassName: 'now'})], [], classes).preFilter).toBe('pod has unbound immediate PersistentVolumeClaims')
    // a class that does not exist counts as immediate binding
    expect(check(pod('ghost'), [claim('ghost', {storageClassName: 'nope'})], [], classes).preFilter).toBe('pod has unbound immediate PersistentVolumeClaims')
    const wait = check(pod('late'), [claim('late', {storageClassName: 'standard'})], [], classes)
    expect([wait.preFilter, wait.delayed.map((c) => c.metadata.name), wait.filter(node('n1'))]).toEqual([undefined, ['late'], undefined])
  })

  test('bound claims pin the pod to their volume\'s node', () => {
    const c = claim('data', {storageClassName: 'standard', volumeName: 'pv1'})
    const v = check(pod('data'), [c], [pinned('pv1', 'w1')], [])
    expect([v.preFilter, v.delayed, v.filter(node('w1')), v.filter(node('w2'))]).toEqual([undefined, [], undefined, 'node(s) had volume node affinity conflict'])
    const lost = check(pod('data'), [c], [], [])
    expect(lost.filter(node('w1'))).toBe('node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)')
    expect([volumeFitsNode(pinned('pv1', 'w1'), node('w1')), volumeFitsNode({apiVersion: 'v1', kind: 'PersistentVolume', metadata: {name: 'free'}, spec: {}}, node('w9'))]).toEqual([true, true])
  })

  test('the default class is the newest one marked default; node paths stay under the node root', () => {
    expect(defaultStorageClassName([sc('a', 'Immediate', '2026-01-01T00:00:00Z', true), sc('b', 'Immediate', '2026-02-01T00:00:00Z', true), sc('c', 'Immediate', '2026-03-01T00:00:00Z')])).toBe('b')
    expect(defaultStorageClassName([sc('c', 'Immediate')])).toBeUndefined()
    expect(nodeHostPath(kubeletDir('/data'), 'w1', '/var/local-path-provisioner/pvc-1_ns_x')).toBe('/data/kubelet/nodes/w1/var/local-path-provisioner/pvc-1_ns_x')
    expect(nodeHostPath(kubeletDir('/data'), 'w1', '../../etc')).toBe('/data/kubelet/nodes/w1/etc')
  })
})
