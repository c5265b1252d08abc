import {describe, expect, test} from '@jest/globals'
import {mergeKubeconfigs, kubeconfigFiles, resolveConnection} from '../../src/lib/client/kubeconfig.js'
import {resolveResourceType, parseAggregated, type ResourceType} from '../../src/lib/client/discovery.js'

const a = {
  'current-context': 'ctx-a',
  clusters: [{name: 'shared', cluster: {server: 'https://a.example:6443'}}, {name: 'only-a', cluster: {server: 'https://only-a:6443', 'certificate-authority': 'ca.crt'}}],
  users: [{name: 'u', user: {token: 'token-a'}}],
  contexts: [{name: 'ctx-a', context: {cluster: 'shared', user: 'u', namespace: 'team-a'}}, {name: 'both', context: {cluster: 'shared', user: 'u'}}],
}
const b = {
  'current-context': 'ctx-b',
  clusters: [{name: 'shared', cluster: {server: 'https://b.example:6443'}}],
  users: [{name: 'u', user: {token: 'token-b'}}],
  contexts: [{name: 'ctx-b', context: {cluster: 'shared', user: 'u'}}, {name: 'both', context: {cluster: 'only-a', user: 'u'}}],
}

describe('kubeconfig merge (kubectl rules)', () => {
  const merged = mergeKubeconfigs([{file: '/cfg/a', doc: a}, {file: '/cfg/b', doc: b}], '/cfg/a')
  test('first file to set a map key or current-context wins; duplicates do not throw', () => {
    expect(merged.currentContext).toBe('ctx-a')
    expect(merged.clusters.map((c) => [c.name, c.value.server, c.file])).toEqual([
      ['shared', 'https://a.example:6443', '/cfg/a'],
      ['only-a', 'https://only-a:6443', '/cfg/a'],
    ])
    expect(merged.contexts.map((c) => [c.name, c.file])).toEqual([['ctx-a', '/cfg/a'], ['both', '/cfg/a'], ['ctx-b', '/cfg/b']])
    expect(merged.users).toEqual([{name: 'u', value: {token: 'token-a'}, file: '/cfg/a'}])
  })
  test('relative paths resolve against the file that named them', () => {
    expect(merged.clusters[1].value['certificate-authority']).toBe('/cfg/ca.crt')
  })
  test('flags beat the context; the context namespace beats default', () => {
    const c = resolveConnection(merged, {})
    expect([c.contextName, c.server, c.namespace, c.namespaceExplicit, c.token]).toEqual(['ctx-a', 'https://a.example:6443', 'team-a', true, 'token-a'])
    const d = resolveConnection(merged, {context: 'ctx-b', namespace: 'x', token: 'flag-token'})
    expect([d.contextName, d.namespace, d.token]).toEqual(['ctx-b', 'x', 'flag-token'])
    expect(resolveConnection(merged, {context: 'both'}).namespace).toBe('default')
    expect(() => resolveConnection(merged, {context: 'nope'})).toThrow('context was not found for specified context: nope')
  })
  test('file selection', () => {
    expect(kubeconfigFiles(undefined, {KUBECONFIG: '/x:/y:/x', HOME: '/h'})).toEqual({files: ['/x', '/y'], primary: '/x'})
    expect(kubeconfigFiles(undefined, {HOME: '/h'})).toEqual({files: ['/h/.kube/config'], primary: '/h/.kube/config'})
    expect(kubeconfigFiles('/k', {KUBECONFIG: '/x'})).toEqual({files: ['/k'], primary: '/k'})
  })
})

describe('resource resolution', () => {
  const {resources} = parseAggregated({items: [
    {metadata: {name: ''}, versions: [{version: 'v1', resources: [
      {resource: 'pods', responseKind: {kind: 'Pod'}, singularResource: 'pod', scope: 'Namespaced', shortNames: ['po'], categories: ['all'], verbs: ['get'], subresources: [{subresource: 'log'}]},
      {resource: 'events', responseKind: {kind: 'Event'}, singularResource: 'event', scope: 'Namespaced', shortNames: ['ev']},
    ]}]},
    {metadata: {name: 'apps'}, versions: [{version: 'v1', resources: [
      {resource: 'deployments', responseKind: {kind: 'Deployment'}, singularResource: 'deployment', scope: 'Namespaced', shortNames: ['deploy']},
    ]}]},
    {metadata: {name: 'events.k8s.io'}, versions: [{version: 'v1', resources: [
      {resource: 'events', responseKind: {kind: 'Event'}, singularResource: 'event', scope: 'Namespaced', shortNames: ['ev']},
    ]}]},
  ]})
  const r = (w: string) => {
    const t = resolveResourceType(resources, w) as ResourceType | undefined
    return t ? `${t.resource}.${t.group}/${t.version}` : undefined
  }
  test.each([
    ['pods', 'pods./v1'], ['pod', 'pods./v1'], ['po', 'pods./v1'], ['Pod', 'pods./v1'], ['deploy', 'deployments.apps/v1'],
    ['deployment.apps', 'deployments.apps/v1'], ['deployments.v1.apps', 'deployments.apps/v1'], ['events', 'events./v1'],
    ['events.events.k8s.io', 'events.events.k8s.io/v1'], ['foo', undefined],
  ])('%s', (word, expected) => {
    expect(r(word)).toBe(expected)
  })
  test('subresources and scope come through', () => {
    expect(resources[0].subresources).toEqual(['log'])
    expect(resources[0].namespaced).toBe(true)
  })
})
