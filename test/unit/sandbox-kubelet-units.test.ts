// Pure pieces of the node simulation: image references, node naming and addresses, Go duration text, the exec exit
// Status, and PodLogOptions validation.
import {describe, expect, test} from '@jest/globals'
import {imageID, parseImage} from '../../src/sandbox/kubelet/images.js'
import {ipAt, nodeNames, nodeObject} from '../../src/sandbox/kubelet/nodes.js'
import {goDuration, qosClass} from '../../src/sandbox/kubelet/pods.js'
import {exitStatus, logOptions} from '../../src/sandbox/streams/index.js'
import {ApiError} from '../../src/sandbox/types.js'

describe('images', () => {
  test.each([
    ['nginx', {repo: 'nginx', tag: 'latest', full: 'docker.io/library/nginx:latest'}],
    ['nginx:1.27', {repo: 'nginx', tag: '1.27', full: 'docker.io/library/nginx:1.27'}],
    ['bitnami/redis:7', {repo: 'bitnami/redis', tag: '7', full: 'docker.io/bitnami/redis:7'}],
    ['registry.k8s.io/pause:3.10', {repo: 'pause', tag: '3.10', full: 'registry.k8s.io/pause:3.10'}],
    ['localhost:5000/app', {repo: 'app', tag: 'latest', full: 'localhost:5000/app:latest'}],
  ])('parseImage(%s)', (raw, want) => {
    expect(parseImage(raw)).toEqual({raw, ...want})
  })

  test('imageID is repository@digest', () => {
    expect(imageID(parseImage('nginx'))).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/)
  })
})

describe('nodes', () => {
  test('kind names, addresses and pod CIDRs', () => {
    expect(nodeNames(4).map(n => [n.name, n.internalIP, n.podCIDR, n.controlPlane])).toEqual([
      ['kctl-sandbox-control-plane', '172.18.0.2', '10.244.0.0/24', true],
      ['kctl-sandbox-worker', '172.18.0.3', '10.244.1.0/24', false],
      ['kctl-sandbox-worker2', '172.18.0.4', '10.244.2.0/24', false],
      ['kctl-sandbox-worker3', '172.18.0.5', '10.244.3.0/24', false],
    ])
    expect(ipAt('10.244.0.0', 300 * 256)).toBe('10.245.44.0')
  })

  test('the control-plane node carries its role label and NoSchedule taint', () => {
    const [cp, w] = nodeNames(2).map(n => nodeObject(n, 'v1.33.1', '2025-01-01T00:00:00Z'))
    expect(cp.metadata.labels!['node-role.kubernetes.io/control-plane']).toBe('')
    expect(cp.spec.taints).toEqual([{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'}])
    expect(w.spec.taints).toBeUndefined()
    expect(w.metadata.labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'kctl-sandbox-worker',
      'kubernetes.io/os': 'linux',
    })
    expect(w.status.allocatable).toMatchObject({cpu: '8', pods: '110'})
    expect(w.status.nodeInfo.kubeletVersion).toBe('v1.33.1')
    expect(w.status.conditions.map((c: {type: string; status: string}) => `${c.type}=${c.status}`)).toEqual(['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False', 'Ready=True'])
  })
})

describe('pods', () => {
  test.each([
    [500, '500ns'],
    [1500, '1.5µs'],
    [711_860_011, '711.860011ms'],
    [1_200_000_000, '1.2s'],
    [10_000_000_000, '10s'],
    [90_000_000_000, '1m30s'],
  ])('goDuration(%d) = %s', (ns, want) => {
    expect(goDuration(ns)).toBe(want)
  })

  test('qosClass', () => {
    const pod = (resources: object) => ({apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: {containers: [{name: 'c', resources}]}})
    expect(qosClass(pod({}))).toBe('BestEffort')
    expect(qosClass(pod({requests: {cpu: '100m'}}))).toBe('Burstable')
    expect(qosClass(pod({limits: {cpu: '1', memory: '1Gi'}}))).toBe('Guaranteed')
  })
})

describe('streams', () => {
  test('exit Status as kubelet sends it on the error channel', () => {
    expect(exitStatus(['ls'], 0)).toBe('{"metadata":{},"status":"Success"}')
    expect(JSON.parse(exitStatus(['sh', '-c', 'exit 3'], 3))).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
      reason: 'NonZeroExitCode',
      details: {causes: [{reason: 'ExitCode', message: '3'}]},
    })
  })

  const pod = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}, spec: {containers: [{name: 'a'}, {name: 'b'}]}}

  test('logOptions parses the query', () => {
    expect(logOptions(pod, new URLSearchParams('container=b&follow=true&tailLines=10&timestamps=true&limitBytes=5'))).toEqual({
      container: 'b', follow: true, previous: false, timestamps: true, tailLines: 10, sinceSeconds: undefined, limitBytes: 5,
    })
  })

  test('logOptions rejects what kube-apiserver rejects', () => {
    const err = (q: string) => {
      try {
        logOptions(pod, new URLSearchParams(q))
      } catch (e) {
        return [(e as ApiError).code, (e as ApiError).message]
      }
      return undefined
    }
    expect(err('')).toEqual([400, 'a container name must be specified for pod p, choose one of: [a b]'])
    expect(err('container=a&sinceSeconds=5&sinceTime=2025-01-01T00:00:00Z')).toEqual([422, 'PodLogOptions "p" is invalid: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified'])
    expect(err('container=a&tailLines=x')).toEqual([400, 'strconv.ParseInt: parsing "x": invalid syntax'])
  })
})
