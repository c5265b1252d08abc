// Port specs and service → container port translation for `kctl port-forward`.
import {describe, expect, test} from '@jest/globals'
import {portForwardOptions, translateServicePort} from '../../src/lib/portforward/portforward.js'

describe('port-forward arguments', () => {
  test('port forms and addresses', () => {
    expect(portForwardOptions(['pod/p', '8080', '9000:80', ':443'], {address: '127.0.0.1,::1'}, 60000)).toEqual({
      target: 'pod/p', ports: [{local: '8080', remote: '8080'}, {local: '9000', remote: '80'}, {local: '', remote: '443'}], addresses: ['127.0.0.1', '::1'], podRunningTimeoutMs: 60000,
    })
  })
  test('needs a target and ports', () => {
    expect(() => portForwardOptions(['pod/p'], {}, 0)).toThrow('TYPE/NAME and list of ports are required for port-forward')
  })
  test('service ports map to target ports, named ones through the pod', () => {
    const svc = {metadata: {name: 'web'}, spec: {ports: [{port: 8080, targetPort: 80}, {name: 'https', port: 443, targetPort: 'tls'}]}}
    const pod = {metadata: {name: 'p'}, spec: {containers: [{ports: [{name: 'tls', containerPort: 8443}]}]}}
    expect([translateServicePort(svc, pod, '8080'), translateServicePort(svc, pod, '443'), translateServicePort(svc, pod, 'https')]).toEqual([80, 8443, 8443])
    expect(() => translateServicePort(svc, pod, '9999')).toThrow('Service web does not have a service port 9999')
  })
})
