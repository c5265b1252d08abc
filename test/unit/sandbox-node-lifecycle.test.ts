// The sandbox's TaintNodesByCondition: admission taints a new node not-ready; the node lifecycle controller's pass turns
// conditions and spec.unschedulable into NoSchedule taints and takes them off again.
import {describe, expect, test} from '@jest/globals'
import {builtinResources, prepareForCreate, prepareForUpdate} from '../../src/sandbox/kinds/index.js'
import {noScheduleTaintingPass} from '../../src/sandbox/controllers/node-lifecycle.js'
import type {KObject, SandboxApi} from '../../src/sandbox/types.js'

const nodes = builtinResources().find((r) => r.group === '' && r.resource === 'nodes')!
const api = {list: () => ({items: [], resourceVersion: '1'}), tryGet: () => undefined} as unknown as SandboxApi
const NOW = '2026-11-27T02:00:00Z'
const ready = (status: string) => ({status: {conditions: [{type: 'MemoryPressure', status: 'False'}, {type: 'Ready', status}]}})

describe('TaintNodesByCondition admission', () => {
  test('a created node gets node.kubernetes.io/not-ready:NoSchedule after its own taints, once', () => {
    const node: KObject = {apiVersion: 'v1', kind: 'Node', metadata: {name: 'n'}, spec: {taints: [{key: 'k', value: 'v', effect: 'NoExecute'}]}}
    prepareForCreate(nodes, node, {api})
    expect(node.spec.taints).toEqual([{key: 'k', value: 'v', effect: 'NoExecute'}, {key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule'}])
    const again: KObject = {apiVersion: 'v1', kind: 'Node', metadata: {name: 'm'}, spec: {taints: [{key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule'}]}}
    prepareForCreate(nodes, again, {api})
    expect(again.spec.taints).toEqual([{key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule'}])
  })

  test('an update is not admitted again', () => {
    const node: KObject = {apiVersion: 'v1', kind: 'Node', metadata: {name: 'n'}, spec: {unschedulable: true}}
    prepareForUpdate(nodes, node, {...node, spec: {}}, {api})
    expect(node.spec.taints).toBeUndefined()
  })
})

describe('noScheduleTaintingPass', () => {
  test.each([
    ['Ready removes the admission taint', {...ready('True'), spec: {taints: [{key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule'}]}}, []],
    ['no conditions at all remove it too, as kube-controller-manager does', {spec: {taints: [{key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule'}]}}, []],
    ['cordon adds unschedulable, stamped, after the taints already there', {...ready('True'), spec: {unschedulable: true, taints: [{key: 'a', effect: 'NoSchedule'}]}},
      [{key: 'a', effect: 'NoSchedule'}, {key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: NOW}]],
    ['uncordon removes it, other taints stay', {...ready('True'), spec: {taints: [{key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: NOW}, {key: 'a', effect: 'NoExecute'}]}}, [{key: 'a', effect: 'NoExecute'}]],
    ['Ready False and Unknown', {...ready('Unknown'), spec: {}}, [{key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: NOW}]],
    ['a NoExecute taint of a managed key is not the pass\'s', {...ready('True'), spec: {taints: [{key: 'node.kubernetes.io/not-ready', effect: 'NoExecute'}]}}, undefined],
    ['nothing to do', {...ready('True'), spec: {unschedulable: true, taints: [{key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: NOW}]}}, undefined],
  ])('%s', (_name, node, taints) => {
    expect(noScheduleTaintingPass(node as unknown as KObject, NOW)).toEqual(taints)
  })
})
