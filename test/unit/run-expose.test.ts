import {describe, expect, test} from '@jest/globals'
import {runOptions, buildPod, buildRunService, validImageReference} from '../../src/lib/run/run.js'
import {buildService, exposeOptions, serviceTypeHint} from '../../src/lib/expose/expose.js'

describe('run', () => {
  test('the user\'s own line builds kubectl\'s Pod', () => {
    const o = runOptions(['nginx-app'], [], {image: 'nginx', port: '80'}, 'none')
    expect(buildPod(o)).toEqual({
      apiVersion: 'v1', kind: 'Pod',
      metadata: {creationTimestamp: null, labels: {run: 'nginx-app'}, name: 'nginx-app'},
      spec: {containers: [{image: 'nginx', name: 'nginx-app', ports: [{containerPort: 80}], resources: {}}], dnsPolicy: 'ClusterFirst', restartPolicy: 'Always'},
      status: {},
    })
  })
  test('args, command, env, labels and --expose', () => {
    const o = runOptions(['t'], ['run-cmd', 'args'], {image: 'busybox', env: ['HAS_EQUALS=jJnro54iUu75xNy==', 'EMPTY='], labels: 'color=red,shape=square', port: '80', expose: true, command: true}, 'none')
    const pod = buildPod(o)
    expect(pod.spec.containers[0].command).toEqual(['run-cmd', 'args'])
    expect(pod.spec.containers[0].env).toEqual([{name: 'HAS_EQUALS', value: 'jJnro54iUu75xNy=='}, {name: 'EMPTY', value: ''}])
    expect(pod.metadata.labels).toEqual({color: 'red', shape: 'square'})
    expect(buildRunService(o)).toEqual({apiVersion: 'v1', kind: 'Service', metadata: {creationTimestamp: null, labels: {color: 'red', shape: 'square'}, name: 't'},
      spec: {ports: [{port: 80, protocol: 'TCP', targetPort: 80}], selector: {color: 'red', shape: 'square'}}, status: {loadBalancer: {}}})
  })
  test.each([
    [[], {image: 'x'}, 'NAME is required for run'],
    [['x'], {}, 'required flag(s) "image" not set'],
    [['x'], {image: ''}, '--image is required'],
    [['x'], {image: 'InvalidImageName'}, 'Invalid image name "InvalidImageName": invalid reference format'],
    [['x'], {image: 'nginx', rm: true}, '--rm should only be used for attached containers'],
    [['x'], {image: 'nginx', tty: true}, '-i/--stdin is required for containers with -t/--tty=true'],
    [['x'], {image: 'nginx', restart: 'foo'}, 'invalid restart policy: foo'],
    [['x'], {image: 'nginx', expose: true}, '--port must be set when exposing a service'],
    [['x'], {image: 'nginx', env: ['WITH_OUT_EQUALS']}, 'invalid env: WITH_OUT_EQUALS'],
  ])('%j %j -> %s', (pos, flags, message) => {
    expect(() => runOptions(pos as string[], [], flags, 'none')).toThrow(message)
  })
  test('image references', () => {
    expect(['nginx', 'nginx:1.27', 'registry.k8s.io/pause:3.9', 'localhost:5000/a/b', 'busybox@sha256:' + 'a'.repeat(64)].map(validImageReference)).toEqual([true, true, true, true, true])
    expect(['InvalidImageName', '#', 'a b', ':tag'].map(validImageReference)).toEqual([false, false, false, false])
  })
  test('overrides: merge replaces lists, strategic merges by name', () => {
    const overrides = '{"spec":{"containers":[{"name":"x","resources":{"limits":{"cpu":"200m"}}}]}}'
    const merged = buildPod(runOptions(['x'], [], {image: 'nginx', overrides}, 'none'))
    expect(merged.spec.containers).toEqual([{name: 'x', resources: {limits: {cpu: '200m'}}}])
    const strategic = buildPod(runOptions(['x'], [], {image: 'nginx', overrides, 'override-type': 'strategic'}, 'none'))
    expect(strategic.spec.containers).toEqual([{image: 'nginx', name: 'x', resources: {limits: {cpu: '200m'}}}])
  })
})

describe('expose', () => {
  const deployment = {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'nginx-app', labels: {app: 'nginx-app'}},
    spec: {selector: {matchLabels: {app: 'nginx-app'}}, template: {spec: {containers: [{name: 'nginx', ports: [{containerPort: 80}]}]}}}}
  test('the user\'s own line builds kubectl\'s Service', () => {
    expect(buildService(deployment, exposeOptions(['deployment', 'nginx-app'], {type: 'NodePort'}, 'none'))).toEqual({
      apiVersion: 'v1', kind: 'Service', metadata: {creationTimestamp: null, labels: {app: 'nginx-app'}, name: 'nginx-app'},
      spec: {ports: [{port: 80, protocol: 'TCP', targetPort: 80}], selector: {app: 'nginx-app'}, type: 'NodePort'}, status: {loadBalancer: {}},
    })
  })
  test('multi-port and multi-protocol sources', () => {
    const svc = {kind: 'Service', metadata: {name: 's'}, spec: {selector: {app: 'go'}, ports: [{port: 80}, {port: 443}]}}
    expect(buildService(svc, exposeOptions(['svc', 's'], {}, 'none')).spec.ports).toEqual([{name: 'port-1', port: 80, protocol: 'TCP', targetPort: 80}, {name: 'port-2', port: 443, protocol: 'TCP', targetPort: 443}])
    const pod = {kind: 'Pod', metadata: {name: 'p', labels: {a: 'b'}}, spec: {containers: [{ports: [{containerPort: 53, protocol: 'UDP'}, {containerPort: 53}]}]}}
    expect(buildService(pod, exposeOptions(['pod', 'p'], {}, 'none')).spec.ports).toEqual([{name: 'port-1-udp', port: 53, protocol: 'UDP', targetPort: 53}, {name: 'port-2-tcp', port: 53, protocol: 'TCP', targetPort: 53}])
  })
  test('errors kubectl gives', () => {
    expect(() => buildService({kind: 'Pod', metadata: {name: 'p'}, spec: {}}, exposeOptions(['pod', 'p'], {port: '80'}, 'none'))).toThrow('the pod has no labels and cannot be exposed')
    expect(() => buildService({kind: 'Deployment', metadata: {name: 'd'}, spec: {template: {spec: {containers: [{name: 'c'}]}}}}, exposeOptions(['d', 'd'], {}, 'none')))
      .toThrow('invalid deployment: no selectors, therefore cannot be exposed')
    expect(() => buildService({...deployment, spec: {...deployment.spec, template: {spec: {containers: [{name: 'c'}]}}}}, exposeOptions(['d', 'd'], {}, 'none'))).toThrow("couldn't find port via --port flag or introspection")
  })
  test('type hints', () => {
    expect(serviceTypeHint('Nodeport')).toBe('did you mean --type=NodePort? (service types are case-sensitive)')
    expect(serviceTypeHint('NodePort')).toBeUndefined()
  })
})
