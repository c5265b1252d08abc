// Proxy selection as client-go (Go's httpproxy) does it, and what the verbose log may show.
import {describe, expect, test} from '@jest/globals'
import {inCidr, proxyFor, useProxy} from '../../src/lib/client/proxy.js'
import {isSecretBody, maskHeaderValue, parseResponseHead} from '../../src/lib/client/rest.js'

describe('proxyFor', () => {
  const env = {HTTPS_PROXY: 'http://proxy.corp:3128', HTTP_PROXY: 'proxy.corp:8080', NO_PROXY: '.internal,10.0.0.0/8,exact.example.com,api.other:6443,192.168.1.5'}
  test.each([
    ['https://k8s.example.com:6443', 'http://proxy.corp:3128/'],
    ['http://k8s.example.com', 'http://proxy.corp:8080/'],
    ['https://a.b.internal', undefined],
    ['https://internal', 'http://proxy.corp:3128/'],
    ['https://10.20.30.40:6443', undefined],
    ['https://11.0.0.1:6443', 'http://proxy.corp:3128/'],
    ['https://exact.example.com', undefined],
    ['https://sub.exact.example.com', undefined],
    ['https://notexact.example.com', 'http://proxy.corp:3128/'],
    ['https://api.other:6443', undefined],
    ['https://api.other:443', 'http://proxy.corp:3128/'],
    ['https://192.168.1.5', undefined],
    ['https://192.168.1.6', 'http://proxy.corp:3128/'],
    ['https://127.0.0.1:6443', undefined],
    ['https://localhost:6443', undefined],
    ['https://[::1]:6443', undefined],
  ])('%s → %s', (target, expected) => {
    expect(proxyFor(new URL(target), undefined, env)?.toString()).toBe(expected)
  })

  test('lower-case variables, and upper case wins', () => {
    expect(proxyFor(new URL('https://x.example'), undefined, {https_proxy: 'http://low:1'})?.toString()).toBe('http://low:1/')
    expect(proxyFor(new URL('https://x.example'), undefined, {https_proxy: 'http://low:1', HTTPS_PROXY: 'http://up:2'})?.toString()).toBe('http://up:2/')
    expect(proxyFor(new URL('https://x.example'), undefined, {https_proxy: 'http://low:1', no_proxy: '*'})).toBe(undefined)
  })

  test('a cluster proxy-url wins over the environment and applies even to loopback', () => {
    expect(proxyFor(new URL('https://127.0.0.1:6443'), 'http://user:pw@p.example:9000', {HTTPS_PROXY: 'http://other:1', NO_PROXY: '*'})?.toString()).toBe('http://user:pw@p.example:9000/')
  })

  test('socks proxies are refused with a clear message', () => {
    expect(() => proxyFor(new URL('https://x.example'), 'socks5://p:1080')).toThrow('proxy scheme "socks5" is not supported by kctl (use http or https)')
  })
})

describe('useProxy / inCidr', () => {
  test.each([
    ['10.1.2.3', '10.0.0.0/8', true],
    ['10.1.2.3', '10.1.2.0/24', true],
    ['10.1.3.3', '10.1.2.0/24', false],
    ['fd00::1', 'fd00::/8', true],
    ['fe80::1', 'fd00::/8', false],
    ['10.1.2.3', 'fd00::/8', false],
  ])('%s in %s = %s', (ip, cidr, expected) => {
    expect(inCidr(ip, cidr)).toBe(expected)
  })

  test('wildcard and suffix forms', () => {
    expect(useProxy('a.example.com', '443', '*.example.com')).toBe(false)
    expect(useProxy('example.com', '443', '.example.com')).toBe(true)
    expect(useProxy('example.com', '443', 'example.com')).toBe(false)
    expect(useProxy('fd00::5', '443', '[fd00::5]')).toBe(false)
    expect(useProxy('other.com', '443', ' example.com , ')).toBe(true)
  })
})

describe('verbose-log masking', () => {
  test.each([
    ['Authorization', 'Bearer abc.def', 'Bearer <masked>'],
    ['authorization', 'Basic dXNlcjpwdw==', 'Basic <masked>'],
    ['Proxy-Authorization', 'Basic dXNlcjpwdw==', 'Basic <masked>'],
    ['Authorization', 'opaque', '<masked>'],
    ['Cookie', 'session=abc; other=def', '<masked>'],
    ['Accept', 'application/json', 'application/json'],
  ])('%s: %s → %s', (name, value, expected) => {
    expect(maskHeaderValue(name, value)).toBe(expected)
  })

  test.each([
    ['/api/v1/namespaces/default/secrets', '{"kind":"Table"}', true],
    ['/api/v1/secrets?limit=500', '', true],
    ['/api/v1/namespaces/x/serviceaccounts/default/token', '{}', true],
    ['/apis/authentication.k8s.io/v1/tokenreviews', '{}', true],
    ['/api/v1/namespaces/default/pods', '{"kind":"PodList","items":[]}', false],
    ['/api/v1/namespaces/default/configmaps', '{"kind":"List","items":[{"kind": "Secret","data":{}}]}', true],
    ['/apis/apps/v1/deployments', '{"kind":"Status","details":{"kind":"secrets"}}', false],
  ])('%s with %s → secret=%s', (p, body, expected) => {
    expect(isSecretBody(p, Buffer.from(body))).toBe(expected)
  })
})

describe('parseResponseHead (the raw log and cp readers)', () => {
  test('status code and fields by lower-cased name; repeated fields joined; a line without a name skipped', () => {
    expect(parseResponseHead('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Protocol:  v5.channel.k8s.io \r\nWarning: 299 - "a"\r\nwarning: 299 - "b"\r\n: odd'))
      .toEqual({status: 101, headers: {upgrade: 'websocket', 'sec-websocket-protocol': 'v5.channel.k8s.io', warning: '299 - "a", 299 - "b"'}})
  })
  test('a status line that is not HTTP/1.x gives status 0', () => {
    expect(parseResponseHead('garbage')).toEqual({status: 0, headers: {}})
  })
})
