// Generated objects of `create` (checked against kubectl 1.33's --dry-run=client -o json output, key order included).
import {describe, expect, test} from '@jest/globals'
import {deploymentObject, namespaceObject, serviceObject, configMapObject, secretObject, containerNameFromImage, dataSources, parseDryRun, parseValidate, exactlyOneName} from '../../src/lib/create/create.js'
import {lastAppliedValue} from '../../src/lib/apply/last-applied.js'

describe('create generators', () => {
  test('deployment with two images and a port (kubectl create deployment web2 --image=nginx:1.2 --image=busybox --port=80 -r 3)', () => {
    const obj = deploymentObject('web2', ['nginx:1.2', 'busybox'], 3, 80, [], undefined)
    expect(JSON.stringify(obj, null, 4)).toBe(JSON.stringify({
      kind: 'Deployment', apiVersion: 'apps/v1',
      metadata: {name: 'web2', creationTimestamp: null, labels: {app: 'web2'}},
      spec: {replicas: 3, selector: {matchLabels: {app: 'web2'}}, template: {metadata: {creationTimestamp: null, labels: {app: 'web2'}}, spec: {containers: [
        {name: 'nginx', image: 'nginx:1.2', ports: [{containerPort: 80}], resources: {}},
        {name: 'busybox', image: 'busybox', resources: {}},
      ]}}, strategy: {}},
      status: {},
    }, null, 4))
  })

  test('deployment namespace only when -n was given; command after --', () => {
    const obj = deploymentObject('x', ['a'], 1, -1, ['sleep', 'infinity'], 'foo')
    expect(Object.keys(obj.metadata)).toEqual(['name', 'namespace', 'creationTimestamp', 'labels'])
    expect(obj.spec.template.spec.containers).toEqual([{name: 'a', image: 'a', command: ['sleep', 'infinity'], resources: {}}])
    expect(() => deploymentObject('x', ['a', 'b'], 1, -1, ['sleep'], undefined)).toThrow('cannot specify multiple --image options and command')
    expect(() => deploymentObject('x', [], 1, -1, [], undefined)).toThrow('required flag(s) "image" not set')
  })

  test('container names from images', () => {
    expect(containerNameFromImage('registry:5000/team/nginx:1.2')).toBe('nginx')
    expect(containerNameFromImage('busybox@sha256:abc')).toBe('busybox')
    expect(containerNameFromImage('hollywood/jonny.depp:v2', () => 'xyz12')).toBe('jonny-depp-xyz12')
  })

  test('namespace and services', () => {
    expect(JSON.stringify(namespaceObject('foo'))).toBe('{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"foo","creationTimestamp":null},"spec":{},"status":{}}')
    expect(serviceObject('nodeport', 's1', {tcp: ['80:8080', '443']}, undefined)).toEqual({
      kind: 'Service', apiVersion: 'v1', metadata: {name: 's1', creationTimestamp: null, labels: {app: 's1'}},
      spec: {ports: [{name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080}, {name: '443', protocol: 'TCP', port: 443, targetPort: 443}], selector: {app: 's1'}, type: 'NodePort'},
      status: {loadBalancer: {}},
    })
    expect(serviceObject('clusterip', 'h', {tcp: [], clusterIP: 'None'}, undefined).spec).toEqual({selector: {app: 'h'}, clusterIP: 'None', type: 'ClusterIP'})
    expect(serviceObject('externalname', 'e', {tcp: [], externalName: 'x.com'}, undefined).spec).toEqual({selector: {app: 'e'}, type: 'ExternalName', externalName: 'x.com'})
    expect(() => serviceObject('externalname', 'e', {tcp: []}, undefined)).toThrow('external name must be specified')
  })

  test('configmaps and secrets from literals (sorted keys, base64 secret data)', async () => {
    const data = await dataSources({literals: ['y=2', 'x=1'], files: [], envFiles: []})
    expect(JSON.stringify(configMapObject('c', data, undefined))).toBe('{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c","creationTimestamp":null},"data":{"x":"1","y":"2"}}')
    expect(JSON.stringify(secretObject('s', await dataSources({literals: ['p=pw'], files: [], envFiles: []}), 'Opaque', undefined))).toBe('{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s","creationTimestamp":null},"data":{"p":"cHc="},"type":"Opaque"}')
    await expect(dataSources({literals: ['bad'], files: [], envFiles: []})).rejects.toThrow('invalid literal source bad, expected key=value')
    await expect(dataSources({literals: ['a=b'], files: [], envFiles: ['x']})).rejects.toThrow('from-env-file cannot be combined with from-file or from-literal')
  })

  test('flag parsing and helpers', () => {
    expect(['none', 'client', 'server', 'true', 'false'].map((v) => parseDryRun(v))).toEqual(['none', 'client', 'server', 'client', 'none'])
    expect(() => parseDryRun('x')).toThrow('Invalid dry-run value (x). Must be "none", "server", or "client".')
    expect(['strict', 'true', 'warn', 'ignore', 'false'].map((v) => parseValidate(v))).toEqual(['Strict', 'Strict', 'Warn', 'Ignore', 'Ignore'])
    // As kubectl 1.33 writes it: a generated object keeps Go's field order and drops empty maps; a manifest is a sorted
    // map whose emptied annotations stay.
    expect(lastAppliedValue({kind: 'A', apiVersion: 'v1', metadata: {name: 'n'}}, 'generated')).toBe('{"kind":"A","apiVersion":"v1","metadata":{"name":"n"}}\n')
    expect(lastAppliedValue({kind: 'A', apiVersion: 'v1', metadata: {name: 'n'}})).toBe('{"apiVersion":"v1","kind":"A","metadata":{"annotations":{},"name":"n"}}\n')
    expect(() => exactlyOneName(['a', 'b'])).toThrow('exactly one NAME is required, got 2')
  })
})
