// Differential tests of `describe` for PersistentVolumeClaims, PersistentVolumes and StorageClasses: the same argv
// through real kubectl and kctl against one sandbox; whole stdout, stderr and exit code must match.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'
import {normalizeAges, requireKubectl, type RunResult} from '../helpers/cli.js'
import {until} from '../helpers/wait.js'

const haveKubectl = requireKubectl('describe pvc/pv/storageclass differential tests')
let sb: TestSandbox
let ns: string

// Cluster-scoped names carry the namespace so that a shared sandbox never sees them twice.
const objects = (ns: string) => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, labels: {app: store}}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: nowhere}
spec:
  accessModes: [ReadWriteOnce, ReadOnlyMany]
  storageClassName: no-such-class-${ns}
  resources: {requests: {storage: 2Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: user}
spec:
  terminationGracePeriodSeconds: 1
  containers: [{name: main, image: busybox, command: [sleep, "3600"], volumeMounts: [{name: d, mountPath: /d}, {name: e, mountPath: /e}]}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}, {name: e, persistentVolumeClaim: {claimName: data, readOnly: true}}]
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: nfs-${ns}, labels: {kind: nfs}}
spec:
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteMany, ReadWriteOnce, ReadOnlyMany]
  persistentVolumeReclaimPolicy: Retain
  nfs: {server: 10.0.0.5, path: /exports/data, readOnly: true}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: csi-${ns}}
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOncePod]
  storageClassName: fast
  csi:
    driver: ebs.csi.aws.com
    volumeHandle: vol-0123
    fsType: ext4
    volumeAttributes: {zeta: "1", alpha: two, storage.kubernetes.io/csiProvisionerIdentity: 1700000000000-1234-ebs.csi.aws.com}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: local-${ns}}
spec:
  capacity: {storage: 2Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: local
  local: {path: /mnt/disks/ssd1}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: kubernetes.io/hostname, operator: In, values: [a, b]}
        - {key: disk, operator: Exists}
      - matchExpressions:
        - {key: zone, operator: NotIn, values: [z1]}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fancy-${ns}}
provisioner: example.com/x
parameters: {type: gp3, type.v2: "1", iops: "3000"}  # FormatLabels sorts the k=v strings: type.v2=1 before type=gp3
allowVolumeExpansion: true
mountOptions: [debug, nfsvers=4.1]
allowedTopologies:
- matchLabelExpressions:
  - {key: topology.kubernetes.io/zone, values: [us-east-1a, us-east-1b]}
`

function norm(r: RunResult): {stdout: string; stderr: string; code: number} {
  const n = (s: string) => normalizeAges(s).replace(/\(lasts \d+[smhd]\d*[smh]?\)/g, '(lasts <age>)')
  return {stdout: n(r.stdout), stderr: n(r.stderr).split('\n').filter((l) => !l.startsWith('hint: ')).join('\n'), code: r.code}
}

async function same(args: string[]): Promise<void> {
  const k = norm(await sb.kubectl(args))
  const c = norm(await sb.kctl(args))
  expect({args, ...c}).toEqual({args, ...k})
}

async function jsonpath(args: string[], path: string): Promise<string> {
  const r = await sb.kubectl([...args, '-o', `jsonpath=${path}`])
  return r.code === 0 ? r.stdout.trim() : ''
}

beforeAll(async () => {
  if (!haveKubectl) return
  sb = await startTestSandbox()
  ns = await sb.namespace('descst')
  const r = await sb.kubectl(['apply', '-n', ns, '-f', '-'], {stdin: objects(ns)})
  if (r.code !== 0) throw new Error(`apply failed: ${r.stderr}`)
  await until('claim bound, pod running', async () => (await jsonpath(['get', 'pvc', 'data', '-n', ns], '{.status.phase}')) === 'Bound' &&
    (await jsonpath(['get', 'pod', 'user', '-n', ns], '{.status.phase}')) === 'Running', 60000, 500)
  await until('provisioning failed event', async () => (await jsonpath(['get', 'events', '-n', ns, '--field-selector', 'involvedObject.name=nowhere'], '{.items[*].reason}')) !== '', 30000, 500)
}, 120000)

afterAll(async () => {
  if (sb) await sb.stop()
})

describe('describe persistentvolumeclaims', () => {
  test('bound (used twice by one pod), pending with a missing class, all in a namespace, without events, a missing one', async () => {
    if (!haveKubectl) return
    await same(['describe', 'pvc', 'data', '-n', ns])
    await same(['describe', 'persistentvolumeclaim/nowhere', '-n', ns])
    await same(['describe', 'pvc', '-n', ns])
    await same(['describe', 'pvc', '-n', ns, '-l', 'app=store', '--show-events=false'])
    await same(['describe', 'pvc', 'absent', '-n', ns])
  }, 60000)

  test('a claim deleted while in use is Terminating', async () => {
    if (!haveKubectl) return
    expect((await sb.kubectl(['delete', 'pvc', 'nowhere', 'data', '-n', ns, '--wait=false'])).code).toBe(0)
    await until('claim terminating', async () => (await jsonpath(['get', 'pvc', 'data', '-n', ns], '{.metadata.deletionTimestamp}')) !== '', 10000, 200)
    await same(['describe', 'pvc', 'data', '-n', ns, '--show-events=false'])
  }, 60000)
})

describe('describe persistentvolumes', () => {
  test('provisioned hostPath, NFS, CSI with attributes, local with node affinity terms', async () => {
    if (!haveKubectl) return
    const provisioned = await jsonpath(['get', 'pvc', 'data', '-n', ns], '{.spec.volumeName}')
    expect(provisioned).toMatch(/^pvc-/)
    await same(['describe', 'pv', provisioned])
    await same(['describe', 'pv', `nfs-${ns}`])
    await same(['describe', 'persistentvolume/csi-' + ns])
    await same(['describe', 'pv', `local-${ns}`, '--show-events=false'])
    await same(['describe', 'pv', '-l', 'kind=nfs'])
  }, 60000)
})

describe('describe storageclasses', () => {
  test("kind's default class and one with parameters, mount options and allowed topologies", async () => {
    if (!haveKubectl) return
    await same(['describe', 'sc', 'standard'])
    await same(['describe', 'storageclass', `fancy-${ns}`])
    await same(['describe', 'sc', 'no-such-class'])
  }, 60000)
})
