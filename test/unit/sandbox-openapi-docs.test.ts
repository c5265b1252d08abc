import {describe, expect, test} from '@jest/globals'

import {openapiV2, openapiV3Doc, openapiV3Root, unknownFields} from '../../src/sandbox/openapi/index.js'
import type {KObject, ResourceInfo} from '../../src/sandbox/types.js'

const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']
const res = (group: string, version: string, resource: string, kind: string, namespaced: boolean, subresources: string[] = []): ResourceInfo =>
  ({group, version, resource, kind, singular: kind.toLowerCase(), namespaced, shortNames: [], categories: [], verbs, subresources})
const resources: ResourceInfo[] = [
  res('', 'v1', 'pods', 'Pod', true, ['status', 'eviction', 'binding', 'log']),
  res('', 'v1', 'namespaces', 'Namespace', false, ['status']),
  res('apps', 'v1', 'deployments', 'Deployment', true, ['status', 'scale']),
  res('stable.example.com', 'v1', 'crontabs', 'CronTab', true),
]
const crd: KObject = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: 'crontabs.stable.example.com', resourceVersion: '7'},
  spec: {group: 'stable.example.com', scope: 'Namespaced', names: {plural: 'crontabs', singular: 'crontab', kind: 'CronTab'}, versions: [{
    name: 'v1', served: true, storage: true, schema: {openAPIV3Schema: {type: 'object', description: 'A cron tab.', properties: {
      spec: {type: 'object', properties: {cronSpec: {type: 'string', description: 'The schedule.'}, extra: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}}},
    }}},
  }]},
}

describe('openapiV3Root', () => {
  test('one entry per group-version, each with a content hash', () => {
    const root = openapiV3Root(resources, [crd]) as any
    expect(Object.keys(root.paths)).toEqual(['api/v1', 'apis/apps/v1', 'apis/stable.example.com/v1'])
    for (const [key, v] of Object.entries<any>(root.paths)) expect(v.serverRelativeURL).toMatch(new RegExp(`^/openapi/v3/${key}\\?hash=[0-9A-F]{64}$`))
  })

  test('the hash follows the CRD schema', () => {
    const a = (openapiV3Root(resources, [crd]) as any).paths['apis/stable.example.com/v1'].serverRelativeURL
    const changed = {...crd, metadata: {...crd.metadata, resourceVersion: '8'}}
    const b = (openapiV3Root(resources, [changed]) as any).paths['apis/stable.example.com/v1'].serverRelativeURL
    const apps = (openapiV3Root(resources, [changed]) as any).paths['apis/apps/v1'].serverRelativeURL
    expect(a).not.toEqual(b)
    expect(apps).toEqual((openapiV3Root(resources, [crd]) as any).paths['apis/apps/v1'].serverRelativeURL)
  })
})

describe('openapiV3Doc', () => {
  const doc = openapiV3Doc('apis/apps/v1', resources, [crd]) as any

  test('unserved group-versions have no document', () => {
    expect(openapiV3Doc('apis/batch/v1', resources, [])).toBeUndefined()
  })

  test('the PATCH operation carries the GVK and the fieldValidation parameter kubectl looks for', () => {
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch
    expect(patch['x-kubernetes-group-version-kind']).toEqual({group: 'apps', version: 'v1', kind: 'Deployment'})
    expect(patch['x-kubernetes-action']).toBe('patch')
    expect(patch.parameters.map((p: any) => `${p.in}:${p.name}`)).toEqual(['query:dryRun', 'query:fieldManager', 'query:fieldValidation', 'query:force'])
    expect(Object.keys(patch.requestBody.content)).toEqual([
      'application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'])
  })

  test('paths for the collection, the item, all namespaces and subresources', () => {
    expect(Object.keys(doc.paths)).toEqual([
      '/apis/apps/v1/deployments',
      '/apis/apps/v1/namespaces/{namespace}/deployments',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status',
    ])
    expect(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].patch['x-kubernetes-group-version-kind'])
      .toEqual({group: 'autoscaling', version: 'v1', kind: 'Scale'})
  })

  test('definitions carry GVKs, formats, descriptions and patch metadata', () => {
    const s = doc.components.schemas
    expect(s['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([{group: 'apps', version: 'v1', kind: 'Deployment'}])
    expect(s['io.k8s.api.apps.v1.DeploymentList']['x-kubernetes-group-version-kind']).toEqual([{group: 'apps', version: 'v1', kind: 'DeploymentList'}])
    expect(s['io.k8s.api.apps.v1.DeploymentSpec'].properties.replicas).toEqual({
      type: 'integer', format: 'int32',
      description: 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
    })
    expect(s['io.k8s.api.apps.v1.DeploymentSpec'].required).toEqual(['selector', 'template'])
    expect(s['io.k8s.api.apps.v1.DeploymentSpec'].properties.selector).toEqual({
      allOf: [{$ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector'}],
      description: "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.",
    })
    const containers = s['io.k8s.api.core.v1.PodSpec'].properties.containers
    expect({...containers, description: undefined}).toEqual({
      type: 'array', items: {$ref: '#/components/schemas/io.k8s.api.core.v1.Container'}, description: undefined,
      'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
    })
    expect(s['io.k8s.api.core.v1.ResourceRequirements'].properties.limits.additionalProperties)
      .toEqual({$ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity'})
    expect(s['io.k8s.apimachinery.pkg.api.resource.Quantity'].type).toBeUndefined()
    expect(s['io.k8s.apimachinery.pkg.api.resource.Quantity'].oneOf).toEqual([{type: 'string'}, {type: 'number'}])
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.Time']).toEqual({
      description: 'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.',
      type: 'string', format: 'date-time',
    })
  })

  test('a CRD contributes its openAPIV3Schema; its PATCH offers no strategic merge patch', () => {
    const cr = openapiV3Doc('apis/stable.example.com/v1', resources, [crd]) as any
    const s = cr.components.schemas['com.example.stable.v1.CronTab']
    expect(s['x-kubernetes-group-version-kind']).toEqual([{group: 'stable.example.com', version: 'v1', kind: 'CronTab'}])
    expect(Object.keys(s.properties).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec'])
    expect(s.properties.spec.properties.cronSpec).toEqual({type: 'string', description: 'The schedule.'})
    expect(s.properties.metadata.allOf).toEqual([{$ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'}])
    const patch = cr.paths['/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}'].patch
    expect(Object.keys(patch.requestBody.content)).toEqual(['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'])
  })
})

describe('openapiV2', () => {
  test('Swagger 2.0 with #/definitions references', () => {
    const doc = openapiV2(resources, [crd]) as any
    expect(doc.swagger).toBe('2.0')
    expect(doc.definitions['io.k8s.api.apps.v1.DeploymentSpec'].properties.template).toEqual({
      $ref: '#/definitions/io.k8s.api.core.v1.PodTemplateSpec', description: 'Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is "Always".',
    })
    expect(doc.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toEqual({type: 'string', format: 'int-or-string'})
    expect(doc.definitions['com.example.stable.v1.CronTab']['x-kubernetes-group-version-kind']).toEqual([{group: 'stable.example.com', version: 'v1', kind: 'CronTab'}])
    const patch = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch
    expect(patch.parameters.map((p: any) => p.name)).toEqual(['body', 'dryRun', 'fieldManager', 'fieldValidation', 'force'])
    expect(patch['x-kubernetes-group-version-kind']).toEqual({group: '', version: 'v1', kind: 'Pod'})
  })
})

describe('unknownFields', () => {
  test('paths spelled like strict decoding, in document order', () => {
    const dep = {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: {name: 'web', spec: {}, labels: {a: 'b'}},
      spec: {
        replicas: 1, foo: 1, selector: {matchLabels: {app: 'web'}},
        template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'a', image: 'x'}, {name: 'b', image: 'y', bar: true, ports: [{containerPort: 80, hostIPx: 'x'}]}]}},
        strategy: {rollingUpdate: {maxSurge: '25%'}},
      },
      status: {replicas: 1},
    }
    expect(unknownFields('apps/v1', 'Deployment', dep)).toEqual([
      'metadata.spec', 'spec.foo', 'spec.template.spec.containers[1].bar', 'spec.template.spec.containers[1].ports[0].hostIPx',
    ])
  })

  test('known objects give nothing; free-form fields are not checked', () => {
    expect(unknownFields('v1', 'ConfigMap', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'x', managedFields: [{fieldsV1: {'f:data': {}}}]}, data: {anything: 'x'}})).toEqual([])
    expect(unknownFields('apps/v1', 'ControllerRevision', {apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: {}, data: {any: {thing: 1}}, revision: 1})).toEqual([])
    expect(unknownFields('example.com/v1', 'Nope', {spec: {a: 1}})).toEqual([])
  })

  test('custom resources follow the CRD schema and x-kubernetes-preserve-unknown-fields', () => {
    const obj = {apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: {name: 't', bogus: 1}, spec: {cronSpec: '*', extra: {x: {y: 1}}, nope: 2}, other: 1}
    expect(unknownFields('stable.example.com/v1', 'CronTab', obj, [crd])).toEqual(['metadata.bogus', 'spec.nope', 'other'])
  })
})
