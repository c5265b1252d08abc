// Real kubectl 1.33 against a real sandbox (3 nodes): kind's default StorageClass, WaitForFirstConsumer and Immediate
// provisioning by the local-path provisioner, binding, data that outlives pods, reclaim policies, scheduler verdicts.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {type Sandbox, disposeSandbox, kubectlAvailable, newSandbox, normaliseAges} from './sandbox-core-fixture.js'
import {until} from '../helpers/wait.js'

const HAVE_KUBECTL = kubectlAvailable()
const d = HAVE_KUBECTL ? describe : describe.skip
let sb: Sandbox

async function k(...args: string[]): Promise<string> {
  const r = await sb.kubectl(args)
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`)
  return r.stdout
}

// create, not apply: no last-applied annotation, so the annotations asserted are only the cluster's own
async function create(manifest: string): Promise<string> {
  const r = await sb.kubectl(['create', '-f', '-'], {input: manifest})
  if (r.code !== 0) throw new Error(`kubectl create failed (${r.code}): ${r.stderr}`)
  return r.stdout
}


const EVENTS = '-o=jsonpath={range .items[*]}{.type}|{.reason}|{.source.component}|{.message}{"\\n"}{end}'

/** Events of one object, in the order they were written, with the provisioner's per-run identity masked. */
async function events(name: string): Promise<string> {
  const out = await k('get', 'events', '--field-selector', `involvedObject.name=${name}`, '--sort-by=.metadata.name', EVENTS)
  return out.replace(/rancher\.io\/local-path_local-path-provisioner-[a-z0-9]+-[a-z0-9]+_[0-9a-f-]{36}/g, 'PROVISIONER')
}

function claimManifest(name: string, extra = '', size = '1Gi'): string {
  return `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${name}
spec:
${extra}  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: ${size}
`
}

function podManifest(name: string, claim: string, script: string, extraSpec = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
${extraSpec}  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox
    command: ["sh", "-c", ${JSON.stringify(script)}]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: ${claim}
`
}

beforeAll(async () => {
  if (!HAVE_KUBECTL) return
  sb = newSandbox(['--nodes', '3'])
  await sb.start()
}, 120_000)

afterAll(async () => {
  await disposeSandbox(sb)
})

d('persistent volumes with real kubectl', () => {
  test('the default StorageClass is kind\'s standard class', async () => {
    expect(normaliseAges(await k('get', 'sc'))).toBe(
      'NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE\nstandard (default) rancher.io/local-path Delete WaitForFirstConsumer false AGE\n')
    const sc = JSON.parse(await k('get', 'sc', 'standard', '-o', 'json'))
    expect(sc.metadata.annotations).toEqual({
      'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"true"},"name":"standard"},"provisioner":"rancher.io/local-path","reclaimPolicy":"Delete","volumeBindingMode":"WaitForFirstConsumer"}\n',
      'storageclass.kubernetes.io/is-default-class': 'true',
    })
    expect([sc.provisioner, sc.reclaimPolicy, sc.volumeBindingMode]).toEqual(['rancher.io/local-path', 'Delete', 'WaitForFirstConsumer'])
  }, 60_000)

  test('a claim alone gets the default class and waits for its first consumer', async () => {
    expect(await create(claimManifest('data'))).toBe('persistentvolumeclaim/data created\n')
    await until('WaitForFirstConsumer event', async () => (await events('data')) !== '')
    // still Pending a moment later: nothing is provisioned before a pod uses the claim
    await new Promise((r) => setTimeout(r, 1000))
    expect(normaliseAges(await k('get', 'pvc', 'data'))).toBe('NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE\ndata Pending standard <unset> AGE\n')
    expect(await events('data')).toBe('Normal|WaitForFirstConsumer|persistentvolume-controller|waiting for first consumer to be created before binding\n')
    expect(await k('get', 'pv', '-o', 'name')).toBe('')
    expect(await k('get', 'pvc', 'data', '-o', 'jsonpath={.metadata.finalizers}')).toBe('["kubernetes.io/pvc-protection"]')
  }, 60_000)

  test('a pod using the claim: PV provisioned on its node, both Bound, pod Running, data survives the pod', async () => {
    await create(podManifest('writer', 'data', 'echo kept-across-pods > /data/note.txt; sleep 3600'))
    await k('wait', '--for=condition=Ready', 'pod/writer', '--timeout=60s')
    const claim = JSON.parse(await k('get', 'pvc', 'data', '-o', 'json'))
    const uid = claim.metadata.uid
    const node = (await k('get', 'pod', 'writer', '-o', 'jsonpath={.spec.nodeName}')).trim()
    const pvName = `pvc-${uid}`
    expect(claim.spec.volumeName).toBe(pvName)
    expect(claim.status).toEqual({phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: {storage: '1Gi'}})
    expect(claim.metadata.annotations).toEqual({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.beta.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
      'volume.kubernetes.io/selected-node': node,
      'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
    })
    const pv = JSON.parse(await k('get', 'pv', pvName, '-o', 'json'))
    expect(pv.metadata.annotations).toEqual({'local.path.provisioner/selected-node': node, 'pv.kubernetes.io/provisioned-by': 'rancher.io/local-path'})
    expect(pv.metadata.finalizers).toEqual(['kubernetes.io/pv-protection'])
    expect(pv.spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      capacity: {storage: '1Gi'},
      claimRef: {apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'data', namespace: 'default', resourceVersion: pv.spec.claimRef.resourceVersion, uid},
      hostPath: {path: `/var/local-path-provisioner/${pvName}_default_data`, type: 'DirectoryOrCreate'},
      nodeAffinity: {required: {nodeSelectorTerms: [{matchExpressions: [{key: 'kubernetes.io/hostname', operator: 'In', values: [node]}]}]}},
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
    })
    expect(pv.status.phase).toBe('Bound')
    expect(normaliseAges(await k('get', 'pvc', 'data'))).toBe(`NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE\ndata Bound ${pvName} 1Gi RWO standard <unset> AGE\n`)
    expect(normaliseAges(await k('get', 'pv'))).toBe(
      `NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE\n${pvName} 1Gi RWO Delete Bound default/data standard <unset> AGE\n`)
    expect(await events('data')).toBe([
      'Normal|WaitForFirstConsumer|persistentvolume-controller|waiting for first consumer to be created before binding',
      "Normal|ExternalProvisioning|persistentvolume-controller|Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
      'Normal|Provisioning|PROVISIONER|External provisioner is provisioning volume for claim "default/data"',
      `Normal|ProvisioningSucceeded|PROVISIONER|Successfully provisioned volume ${pvName}`,
      '',
    ].join('\n'))
    expect(await k('exec', 'writer', '--', 'cat', '/data/note.txt')).toBe('kept-across-pods\n')

    await k('delete', 'pod', 'writer')
    await create(podManifest('reader', 'data', 'cat /data/note.txt; sleep 3600'))
    await k('wait', '--for=condition=Ready', 'pod/reader', '--timeout=60s')
    // a bound claim takes its pods to the volume's node
    expect((await k('get', 'pod', 'reader', '-o', 'jsonpath={.spec.nodeName}')).trim()).toBe(node)
    await until('reader output', async () => (await k('logs', 'reader')) !== '')
    expect(await k('logs', 'reader')).toBe('kept-across-pods\n')
  }, 120_000)

  test('a pod on another node than its bound volume is not scheduled', async () => {
    const node = (await k('get', 'pod', 'reader', '-o', 'jsonpath={.spec.nodeName}')).trim()
    const other = (await k('get', 'nodes', '-l', '!node-role.kubernetes.io/control-plane', '-o', 'jsonpath={.items[*].metadata.name}')).split(' ').find((n) => n && n !== node)!
    await create(podManifest('elsewhere', 'data', 'sleep 3600', `  nodeSelector:\n    kubernetes.io/hostname: ${other}\n`))
    await until('FailedScheduling', async () => (await events('elsewhere')) !== '')
    expect(await events('elsewhere')).toBe("Warning|FailedScheduling|default-scheduler|0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had volume node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.\n")
    await k('delete', 'pod', 'elsewhere')
  }, 60_000)

  test('deleting the claim deletes its volume and the data (reclaimPolicy Delete)', async () => {
    const pvName = (await k('get', 'pvc', 'data', '-o', 'jsonpath={.spec.volumeName}')).trim()
    const node = (await k('get', 'pv', pvName, '-o', 'jsonpath={.metadata.annotations.local\\.path\\.provisioner/selected-node}')).trim()
    const dir = join(sb.dataDir, 'kubelet', 'nodes', node, 'var', 'local-path-provisioner', `${pvName}_default_data`)
    expect(existsSync(join(dir, 'note.txt'))).toBe(true)
    await k('delete', 'pod', 'reader')
    expect(await k('delete', 'pvc', 'data', '--timeout=30s')).toBe('persistentvolumeclaim "data" deleted\n')
    await until('pv deleted', async () => (await k('get', 'pv', '-o', 'name')) === '')
    expect(existsSync(dir)).toBe(false)
  }, 60_000)

  test('a StatefulSet with a volumeClaimTemplate: data-web-0/1 Bound, pods Running', async () => {
    await create(`apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: main
        image: busybox
        command: ["sh", "-c", "hostname > /data/host; sleep 3600"]
        volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`)
    await k('rollout', 'status', 'sts/web', '--timeout=90s')
    const claims = await k('get', 'pvc', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.metadata.name}|{.status.phase}|{.spec.storageClassName}|{.spec.volumeName}{"\\n"}{end}')
    const uids = (await k('get', 'pvc', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.metadata.uid}{"\\n"}{end}')).split('\n').filter(Boolean)
    expect(claims).toBe(`data-web-0|Bound|standard|pvc-${uids[0]}\ndata-web-1|Bound|standard|pvc-${uids[1]}\n`)
    expect(await k('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.metadata.name}|{.status.phase}{"\\n"}{end}')).toBe('web-0|Running\nweb-1|Running\n')
    expect(await k('exec', 'web-1', '--', 'cat', '/data/host')).toBe('web-1\n')
    // the replacement of a deleted replica finds its predecessor's data
    // --wait=false: the sandbox's sh dies on SIGTERM at once (a real container's PID 1 ignores it), so the controller
    // can recreate web-1 before kubectl's deletion watch starts; that watch then waits on the new pod forever
    const oldUid = (await k('get', 'pod', 'web-1', '-o', 'jsonpath={.metadata.uid}')).trim()
    await k('delete', 'pod', 'web-1', '--wait=false')
    await until('a new web-1', async () => {
      const uids = (await k('get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.uid}')).split(' ')
      return uids.length === 2 && !uids.includes(oldUid)
    }, 60_000)
    await k('wait', '--for=condition=Ready', 'pod/web-1', '--timeout=60s')
    expect(await k('exec', 'web-1', '--', 'cat', '/data/host')).toBe('web-1\n')
  }, 180_000)

  test('a pod whose claim does not exist stays Pending with the scheduler\'s message; creating it lets the pod run', async () => {
    await create(podManifest('orphan', 'missing', 'sleep 3600'))
    await until('FailedScheduling', async () => (await events('orphan')) !== '')
    expect(await events('orphan')).toBe('Warning|FailedScheduling|default-scheduler|0/3 nodes are available: persistentvolumeclaim "missing" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.\n')
    expect(await k('get', 'pod', 'orphan', '-o', 'jsonpath={.status.phase}|{.status.conditions[?(@.type=="PodScheduled")].reason}')).toBe('Pending|Unschedulable')
    await create(claimManifest('missing'))
    await k('wait', '--for=condition=Ready', 'pod/orphan', '--timeout=60s')
    expect(await k('get', 'pvc', 'missing', '-o', 'jsonpath={.status.phase}')).toBe('Bound')
  }, 90_000)

  test('an Immediate class binds without a pod; Retain keeps the volume Released', async () => {
    await create(`apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: keep
provisioner: rancher.io/local-path
reclaimPolicy: Retain
volumeBindingMode: Immediate
`)
    await create(claimManifest('now', '  storageClassName: keep\n', '500Mi'))
    await k('wait', '--for=jsonpath={.status.phase}=Bound', 'pvc/now', '--timeout=30s')
    const uid = (await k('get', 'pvc', 'now', '-o', 'jsonpath={.metadata.uid}')).trim()
    expect(normaliseAges(await k('get', 'pvc', 'now'))).toBe(`NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE\nnow Bound pvc-${uid} 500Mi RWO keep <unset> AGE\n`)
    expect(await k('get', 'pvc', 'now', '-o', 'jsonpath={.metadata.annotations.volume\\.kubernetes\\.io/selected-node}')).toBe('')
    await k('delete', 'pvc', 'now')
    await until('Released', async () => (await k('get', 'pv', `pvc-${uid}`, '-o', 'jsonpath={.status.phase}')) === 'Released')
    expect(normaliseAges(await k('get', 'pv', `pvc-${uid}`))).toBe(
      `NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE\npvc-${uid} 500Mi RWO Retain Released default/now keep <unset> AGE\n`)
  }, 60_000)

  test('storageClassName "" gets no default class; an unknown class fails to provision', async () => {
    await create(claimManifest('plain', '  storageClassName: ""\n'))
    await create(claimManifest('ghost', '  storageClassName: nope\n'))
    await until('events', async () => (await events('plain')) !== '' && (await events('ghost')) !== '')
    expect(await k('get', 'pvc', 'plain', '-o', 'jsonpath={.spec.storageClassName}|{.status.phase}')).toBe('|Pending')
    expect(normaliseAges(await k('get', 'pvc', 'plain', 'ghost'))).toBe('NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE\nplain Pending <unset> AGE\nghost Pending nope <unset> AGE\n')
    expect(await events('plain')).toBe('Normal|FailedBinding|persistentvolume-controller|no persistent volumes available for this claim and no storage class is set\n')
    expect(await events('ghost')).toBe('Warning|ProvisioningFailed|persistentvolume-controller|storageclass.storage.k8s.io "nope" not found\n')
  }, 60_000)
})
