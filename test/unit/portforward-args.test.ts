// Port specs and service → container port translation for `kctl port-forward`.
import {describe, expect, test} from '@jest/globals'
import {compareForAttach, portForwardOptions, translateServicePort} from '../../src/lib/portforward/portforward.js'

describe('port-forward arguments', () => {
  test('port forms and addresses', () => {
    expect(portForwardOptions(['pod/p', '8080', '9000:80', ':443'], {address: '127.0.0.1,::1'})).toEqual({
      target: 'pod/p', ports: [{local: '8080', remote: '8080'}, {local: '9000', remote: '80'}, {local: '', remote: '443'}], addresses: ['127.0.0.1', '::1'], podRunningTimeoutMs: 60000,
    })
  })
  test('needs a target and ports', () => {
    expect(() => portForwardOptions(['pod/p'], {})).toThrow('TYPE/NAME and list of ports are required for port-forward')
  })
  test('service ports map to target ports, named ones through the pod', () => {
    const svc = {metadata: {name: 'web'}, spec: {ports: [{port: 8080, targetPort: 80}, {name: 'https', port: 443, targetPort: 'tls'}]}}
    const pod = {metadata: {name: 'p'}, spec: {containers: [{ports: [{name: 'tls', containerPort: 8443}]}]}}
    expect([translateServicePort(svc, pod, '8080'), translateServicePort(svc, pod, '443'), translateServicePort(svc, pod, 'https')]).toEqual([80, 8443, 8443])
    expect(() => translateServicePort(svc, pod, '9999')).toThrow('Service web does not have a service port 9999')
  })
  test('the pod picked for TYPE/NAME: kubectl\'s reverse ActivePods order', () => {
    const pod = (name: string, o: {node?: string; phase?: string; readySince?: string; restarts?: number; created?: string; deleting?: string}) => ({
      metadata: {name, creationTimestamp: o.created ?? '2024-01-01T00:00:00Z', deletionTimestamp: o.deleting},
      spec: {nodeName: o.node ?? 'n1'},
      status: {phase: o.phase ?? 'Running', conditions: o.readySince ? [{type: 'Ready', status: 'True', lastTransitionTime: o.readySince}] : [], containerStatuses: [{restartCount: o.restarts ?? 0}]},
    })
    const pods = [
      pod('unscheduled', {node: '', phase: 'Pending'}),
      pod('pending', {phase: 'Pending'}),
      pod('running-not-ready', {}),
      pod('ready-recently', {readySince: '2024-01-02T00:00:00Z'}),
      pod('ready-long', {readySince: '2024-01-01T00:00:00Z', restarts: 3}),
      pod('ready-long-fewer-restarts', {readySince: '2024-01-01T00:00:00Z', restarts: 1}),
      pod('ready-long-deleting', {readySince: '2024-01-01T00:00:00Z', deleting: '2024-01-03T00:00:00Z'}),
    ]
    expect([...pods].reverse().sort(compareForAttach).map((p) => p.metadata.name)).toEqual([
      'ready-long-fewer-restarts', 'ready-long', 'ready-recently', 'ready-long-deleting', 'running-not-ready', 'pending', 'unscheduled',
    ])
  })
})
