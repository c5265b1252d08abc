import {describe, expect, test} from '@jest/globals'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {decodeProtobufObject, formatDuration, isProtobufBody, messageFor} from '../../src/sandbox/server/protobuf.js'
import {ApiError} from '../../src/sandbox/types.js'

const dir = join(process.cwd(), 'test/fixtures/protobuf')
const read = (name: string) => readFileSync(join(dir, name))

// Each <case>.bin is the body real kubectl 1.33.1 POSTed for `kubectl create ...`; <case>.json is the same command's
// `--dry-run=client -o json` output, i.e. the Go object kubectl encoded.
const cases = readdirSync(dir).filter(f => f.endsWith('.json')).map(f => f.slice(0, -5)).filter(c => readdirSync(dir).includes(`${c}.bin`))

describe('decodeProtobufObject on bodies captured from kubectl create', () => {
  test('every kubectl create subcommand has a fixture', () => {
    expect(cases.sort()).toEqual([
      'clusterrole', 'clusterrole-agg', 'clusterrolebinding', 'configmap', 'cronjob', 'deployment', 'deployment-multi',
      'deployment-replicas0', 'ingress', 'ingress-default', 'job', 'namespace', 'pdb', 'pdb-pct', 'priorityclass', 'quota',
      'role', 'rolebinding', 'secret-docker', 'secret-generic', 'service-clusterip', 'service-clusterip-none',
      'service-externalname', 'service-loadbalancer', 'service-nodeport', 'serviceaccount',
    ])
  })

  test.each(cases)('%s decodes to what kubectl printed for --dry-run=client', name => {
    const body = read(`${name}.bin`)
    expect(isProtobufBody(body)).toBe(true)
    expect(decodeProtobufObject(body)).toEqual(JSON.parse(read(`${name}.json`).toString()))
  })

  test('replicas: 0 survives (pointer field) while minReadySeconds: 0 is dropped', () => {
    const obj = decodeProtobufObject(read('deployment-replicas0.bin'))
    expect(obj.spec.replicas).toBe(0)
    expect('minReadySeconds' in obj.spec).toBe(false)
    expect('paused' in obj.spec).toBe(false)
  })
})

describe('other bodies', () => {
  test('drain DeleteOptions with an empty raw message', () => {
    expect(decodeProtobufObject(read('deleteoptions-drain.bin'))).toEqual({apiVersion: 'v1', kind: 'DeleteOptions'})
  })

  test('drain --grace-period=7 and --grace-period=0 (a pointer zero must survive)', () => {
    expect(decodeProtobufObject(read('deleteoptions-grace.bin'))).toEqual({apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 7})
    expect(decodeProtobufObject(read('deleteoptions-grace0.bin'))).toEqual({apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0})
  })

  test('create token sends a TokenRequest', () => {
    expect(decodeProtobufObject(read('token.bin'))).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: {creationTimestamp: null},
      spec: {audiences: ['a1'], expirationSeconds: 3600, boundObjectRef: null},
      status: {token: '', expirationTimestamp: null},
    })
  })

  test('JSON is refused with 415', () => {
    let err: unknown
    try {
      decodeProtobufObject(Buffer.from('{"kind":"Pod"}'))
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe(415)
  })

  test('message names', () => {
    expect([messageFor('v1', 'Pod'), messageFor('rbac.authorization.k8s.io/v1', 'Role'), messageFor('v1', 'DeleteOptions'), messageFor('example.com/v1', 'Foo')])
      .toEqual(['k8s.io.api.core.v1.Pod', 'k8s.io.api.rbac.v1.Role', 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions', undefined])
  })

  test('Go duration strings', () => {
    expect([0, 1.5e9, 90e9, 3600e9, 3723.5e9, 500e6, 1500, 7].map(formatDuration))
      .toEqual(['0s', '1.5s', '1m30s', '1h0m0s', '1h2m3.5s', '500ms', '1.5µs', '7ns'])
  })
})
