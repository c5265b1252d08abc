import {describe, expect, test} from '@jest/globals'
import {aggregatedContentType, aggregatedDiscovery, apiGroupList, apiResourceList, negotiateAggregated} from '../../src/sandbox/server/discovery.js'
import type {ResourceInfo} from '../../src/sandbox/types.js'

const pods: ResourceInfo = {group: '', version: 'v1', resource: 'pods', kind: 'Pod', singular: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], subresources: ['status', 'eviction', 'log']}
const deploy: ResourceInfo = {group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', singular: 'deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], verbs: ['get', 'list'], subresources: ['scale']}

describe('discovery documents', () => {
  test('negotiates aggregated discovery by server version', () => {
    const kubectl133 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'
    const kubectl128 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'
    expect(negotiateAggregated(kubectl133, 33)).toBe('v2')
    expect(negotiateAggregated(kubectl128, 33)).toBeUndefined()
    expect(negotiateAggregated(kubectl128, 28)).toBe('v2beta1')
    expect(negotiateAggregated(kubectl133, 29)).toBe('v2beta1')
    expect(negotiateAggregated('application/json, */*', 33)).toBeUndefined()
    expect(aggregatedContentType('v2')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')
  })

  test('aggregated /api lists resources with subresources', () => {
    expect(aggregatedDiscovery([pods, deploy], true)).toEqual({
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      metadata: {},
      items: [{
        metadata: {creationTimestamp: null},
        versions: [{
          version: 'v1',
          freshness: 'Current',
          resources: [{
            resource: 'pods', responseKind: {group: '', version: '', kind: 'Pod'}, scope: 'Namespaced', singularResource: 'pod',
            verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['po'], categories: ['all'],
            subresources: [
              {subresource: 'eviction', responseKind: {group: 'policy', version: 'v1', kind: 'Eviction'}, verbs: ['create']},
              {subresource: 'log', responseKind: {group: '', version: '', kind: 'Pod'}, verbs: ['get']},
              {subresource: 'status', responseKind: {group: '', version: '', kind: 'Pod'}, verbs: ['get', 'patch', 'update']},
            ],
          }],
        }],
      }],
    })
  })

  test('legacy lists', () => {
    expect(apiGroupList([pods, deploy])).toEqual({kind: 'APIGroupList', apiVersion: 'v1', groups: [{name: 'apps', versions: [{groupVersion: 'apps/v1', version: 'v1'}], preferredVersion: {groupVersion: 'apps/v1', version: 'v1'}}]})
    const list = apiResourceList([pods, deploy], 'apps', 'v1')!
    expect(list.resources.map((r: any) => [r.name, r.kind, r.group, r.version])).toEqual([
      ['deployments', 'Deployment', undefined, undefined],
      ['deployments/scale', 'Scale', 'autoscaling', 'v1'],
    ])
    expect(apiResourceList([pods], 'batch', 'v1')).toBeUndefined()
  })
})
