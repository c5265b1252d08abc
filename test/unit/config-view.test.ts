// kubectl's kubeconfig rules as pure functions: first file wins per name and for current-context, redaction, minify,
// which file a write goes to. Expected values were printed by kubectl 1.33 for the same files.
import {describe, expect, test} from '@jest/globals'
import {viewConfig, getContexts, defaultFile, fileDefining, configYaml, type ConfigAccess} from '../../src/lib/config/kubeconfig-view.js'

const access = (): ConfigAccess => ({files: [
  {file: '/x/a.yaml', doc: {'current-context': 'ctx-a', clusters: [{name: 'shared', cluster: {server: 'https://a:6443', 'certificate-authority-data': 'QUJD'}}],
    contexts: [{name: 'ctx-a', context: {cluster: 'shared', user: 'ua', namespace: 'team-a'}}, {name: 'both', context: {cluster: 'shared', user: 'ua'}}],
    users: [{name: 'ua', user: {token: 'secret', 'client-key-data': 'S0VZ'}}]}},
  {file: '/x/b.yaml', doc: {'current-context': 'ctx-b', clusters: [{name: 'shared', cluster: {server: 'https://b:6443'}}],
    contexts: [{name: 'ctx-b', context: {cluster: 'shared', user: 'ub'}}, {name: 'both', context: {cluster: 'other', user: 'ub', namespace: 'nb'}}],
    users: [{name: 'ub', user: {username: 'bob', password: 'pw', exec: {command: '/bin/echo', apiVersion: 'client.authentication.k8s.io/v1'}}}]}},
  {file: '/x/c.yaml', doc: undefined},
]})

describe('config view', () => {
  test('merged, redacted, sorted, in kubectl\'s YAML', async () => {
    expect(await configYaml(viewConfig(access(), {minify: false, flatten: false, raw: false}))).toBe(`apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: DATA+OMITTED
    server: https://a:6443
  name: shared
contexts:
- context:
    cluster: shared
    user: ua
  name: both
- context:
    cluster: shared
    namespace: team-a
    user: ua
  name: ctx-a
- context:
    cluster: shared
    user: ub
  name: ctx-b
current-context: ctx-a
kind: Config
preferences: {}
users:
- name: ua
  user:
    client-key-data: DATA+OMITTED
    token: REDACTED
- name: ub
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      args: null
      command: /bin/echo
      env: null
      provideClusterInfo: false
    password: REDACTED
    username: bob
`)
  })

  test('JSON keeps Go struct field order; minify keeps one context', () => {
    const min = viewConfig(access(), {minify: true, flatten: false, raw: true, context: 'ctx-b'})
    expect(JSON.stringify(min)).toBe('{"kind":"Config","apiVersion":"v1","preferences":{},"clusters":[{"name":"shared","cluster":{"server":"https://a:6443","certificate-authority-data":"QUJD"}}],"users":[{"name":"ub","user":{"username":"bob","password":"pw","exec":{"command":"/bin/echo","args":null,"env":null,"apiVersion":"client.authentication.k8s.io/v1","provideClusterInfo":false}}}],"contexts":[{"name":"ctx-b","context":{"cluster":"shared","user":"ub"}}],"current-context":"ctx-b"}')
    expect(() => viewConfig(access(), {minify: true, flatten: false, raw: false, context: 'nope'})).toThrow('cannot locate context nope')
    expect(() => viewConfig({files: []}, {minify: true, flatten: false, raw: false})).toThrow('current-context must exist in order to minify')
  })

  test('get-contexts table and missing names', () => {
    expect(getContexts(access(), [], undefined)).toEqual({out: 'CURRENT   NAME    CLUSTER   AUTHINFO   NAMESPACE\n          both    shared    ua         \n*         ctx-a   shared    ua         team-a\n          ctx-b   shared    ub         \n', errors: []})
    expect(getContexts(access(), ['nope', 'both'], 'name')).toEqual({out: 'both\n', errors: ['context nope not found']})
  })

  test('writes go to the defining file, new entries to the first existing file', () => {
    expect(defaultFile(access())).toBe('/x/a.yaml')
    expect(defaultFile({files: [{file: '/m1', doc: undefined}, {file: '/m2', doc: undefined}]})).toBe('/m2')
    expect(defaultFile({...access(), explicit: '/e'})).toBe('/e')
    expect(fileDefining(access(), 'contexts', 'ctx-b')?.file).toBe('/x/b.yaml')
    expect(fileDefining(access(), 'contexts', 'both')?.file).toBe('/x/a.yaml')
  })
})
