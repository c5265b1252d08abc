import {describe, expect, test} from '@jest/globals'
import {builtinResources, fieldSelectorValue} from '../../src/sandbox/kinds/index.js'
import type {KObject, ResourceInfo} from '../../src/sandbox/types.js'

const R = builtinResources()
const info = (group: string, resource: string): ResourceInfo => R.find(r => r.group === group && r.resource === resource)!

describe('fieldSelectorValue', () => {
  test('pods', () => {
    const pod: KObject = {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p', namespace: 'ns'},
      spec: {nodeName: 'node-1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default'},
      status: {phase: 'Running', podIP: '10.244.0.5', podIPs: [{ip: '10.244.0.5'}]}}
    const fields = ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork',
      'status.phase', 'status.podIP', 'status.nominatedNodeName', 'spec.containers', 'status.hostIP']
    expect(fields.map(f => fieldSelectorValue(info('', 'pods'), pod, f)))
      .toEqual(['p', 'ns', 'node-1', 'Always', 'default-scheduler', 'default', 'false', 'Running', '10.244.0.5', '', undefined, undefined])
  })

  test('events, secrets, nodes, namespaces, services, workloads', () => {
    const ev: KObject = {apiVersion: 'v1', kind: 'Event', metadata: {name: 'e', namespace: 'default'},
      involvedObject: {kind: 'Pod', name: 'web', namespace: 'default', uid: 'u1', fieldPath: 'spec.containers{main}'}, reason: 'Pulled', type: 'Normal', source: {component: 'kubelet'}}
    expect(['involvedObject.kind', 'involvedObject.name', 'involvedObject.namespace', 'involvedObject.uid', 'involvedObject.fieldPath', 'reason', 'type', 'source', 'message']
      .map(f => fieldSelectorValue(info('', 'events'), ev, f))).toEqual(['Pod', 'web', 'default', 'u1', 'spec.containers{main}', 'Pulled', 'Normal', 'kubelet', undefined])
    expect(fieldSelectorValue(info('', 'secrets'), {apiVersion: 'v1', kind: 'Secret', metadata: {name: 's'}, type: 'kubernetes.io/tls'}, 'type')).toBe('kubernetes.io/tls')
    const node: KObject = {apiVersion: 'v1', kind: 'Node', metadata: {name: 'n'}, spec: {unschedulable: true}}
    expect([fieldSelectorValue(info('', 'nodes'), node, 'spec.unschedulable'), fieldSelectorValue(info('', 'nodes'), node, 'metadata.namespace'), fieldSelectorValue(info('', 'nodes'), node, 'metadata.name')])
      .toEqual(['true', undefined, 'n'])
    expect(fieldSelectorValue(info('', 'namespaces'), {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'x'}, status: {phase: 'Terminating'}}, 'status.phase')).toBe('Terminating')
    expect(fieldSelectorValue(info('', 'services'), {apiVersion: 'v1', kind: 'Service', metadata: {name: 'x'}, spec: {type: 'NodePort', clusterIP: '10.96.3.4'}}, 'spec.type')).toBe('NodePort')
    expect(fieldSelectorValue(info('apps', 'replicasets'), {apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {name: 'x'}, status: {replicas: 3}}, 'status.replicas')).toBe('3')
    expect(fieldSelectorValue(info('batch', 'jobs'), {apiVersion: 'batch/v1', kind: 'Job', metadata: {name: 'x'}, status: {}}, 'status.successful')).toBe('0')
    expect(fieldSelectorValue(info('apps', 'deployments'), {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'x'}}, 'status.replicas')).toBeUndefined()
  })

  test('custom resource selectableFields', () => {
    const cr: ResourceInfo = {group: 'ex.com', version: 'v1', resource: 'widgets', kind: 'Widget', singular: 'widget', namespaced: true, shortNames: [], categories: [], verbs: [], subresources: []}
    const w: KObject = {apiVersion: 'ex.com/v1', kind: 'Widget', metadata: {name: 'w', namespace: 'd'}, spec: {color: 'blue', size: 3}}
    expect([fieldSelectorValue(cr, w, 'spec.color', ['.spec.color', '.spec.size']), fieldSelectorValue(cr, w, 'spec.size', ['.spec.color', '.spec.size']), fieldSelectorValue(cr, w, 'spec.color')])
      .toEqual(['blue', '3', undefined])
  })
})
