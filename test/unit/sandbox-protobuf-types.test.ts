// Hand-built protobuf bodies (field numbers from upstream generated.proto) for the special types kubectl's captured
// bodies do not exercise: set times, micro times, quantities in maps, int-or-string, raw extensions, pointer zeros.
import {describe, expect, test} from '@jest/globals'
import protobuf from 'protobufjs/minimal.js'

import {decodeProtobufObject} from '../../src/sandbox/server/protobuf.js'

type W = protobuf.Writer
const str = (w: W, f: number, v: string) => w.uint32((f << 3) | 2).string(v)
const varint = (w: W, f: number, v: number) => w.uint32(f << 3).int64(v)
const bytes = (w: W, f: number, v: Uint8Array) => w.uint32((f << 3) | 2).bytes(v)
const msg = (w: W, f: number, fill: (w: W) => void) => {
  w.uint32((f << 3) | 2).fork()
  fill(w)
  w.ldelim()
}

function envelope(apiVersion: string, kind: string, raw: (w: W) => void): Buffer {
  const inner = protobuf.Writer.create()
  raw(inner)
  const w = protobuf.Writer.create()
  msg(w, 1, t => { str(t, 1, apiVersion); str(t, 2, kind) })
  bytes(w, 2, inner.finish())
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.from(w.finish())])
}

describe('special types', () => {
  test('Pod: times, quantities, pointer zero, Go zero values', () => {
    const body = envelope('v1', 'Pod', w => {
      msg(w, 1, m => {
        str(m, 1, 'p1')
        str(m, 3, '')
        varint(m, 7, 0)
        msg(m, 8, t => varint(t, 1, 1767225600))
        msg(m, 11, e => { str(e, 1, 'app'); str(e, 2, 'web') })
      })
      msg(w, 2, s => {
        msg(s, 2, c => {
          str(c, 1, 'c')
          str(c, 2, 'nginx')
          msg(c, 8, r => msg(r, 1, e => { str(e, 1, 'cpu'); msg(e, 2, q => str(q, 1, '500m')) }))
        })
        str(s, 3, 'Always')
        varint(s, 5, 0)
        varint(s, 11, 0)
      })
      msg(w, 3, st => {
        str(st, 1, 'Pending')
        msg(st, 7, t => { varint(t, 1, 1767225661); varint(t, 2, 5) })
      })
    })
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'v1', kind: 'Pod',
      metadata: {name: 'p1', creationTimestamp: '2026-01-01T00:00:00Z', labels: {app: 'web'}},
      spec: {
        containers: [{name: 'c', image: 'nginx', resources: {limits: {cpu: '500m'}}}],
        restartPolicy: 'Always',
        activeDeadlineSeconds: 0,
      },
      status: {phase: 'Pending', startTime: '2026-01-01T00:01:01Z'},
    })
  })

  test('events.k8s.io Event: MicroTime keeps microseconds', () => {
    const body = envelope('events.k8s.io/v1', 'Event', w => {
      msg(w, 1, m => str(m, 1, 'e1'))
      msg(w, 2, t => { varint(t, 1, 1767225600); varint(t, 2, 123456789) })
      str(w, 6, 'Started')
    })
    const ev = decodeProtobufObject(body)
    expect(ev.eventTime).toBe('2026-01-01T00:00:00.123456Z')
    expect(ev.action).toBe('Started')
    expect(ev.metadata).toEqual({name: 'e1', creationTimestamp: null})
  })

  test('ControllerRevision: RawExtension holds JSON; an absent one is null', () => {
    const withData = envelope('apps/v1', 'ControllerRevision', w => {
      msg(w, 1, m => str(m, 1, 'r1'))
      msg(w, 2, r => bytes(r, 1, Buffer.from('{"spec":{"template":{"x":1}}}')))
      varint(w, 3, 2)
    })
    expect(decodeProtobufObject(withData)).toEqual({
      apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: {name: 'r1', creationTimestamp: null}, data: {spec: {template: {x: 1}}}, revision: 2,
    })
    const without = envelope('apps/v1', 'ControllerRevision', w => msg(w, 1, m => str(m, 1, 'r2')))
    expect(decodeProtobufObject(without)).toEqual({
      apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: {name: 'r2', creationTimestamp: null}, data: null, revision: 0,
    })
  })

  test('Deployment strategy: int-or-string both ways', () => {
    const body = envelope('apps/v1', 'Deployment', w => {
      msg(w, 2, s => msg(s, 4, st => {
        str(st, 1, 'RollingUpdate')
        msg(st, 2, ru => {
          msg(ru, 1, i => { varint(i, 1, 0); varint(i, 2, 2) })
          msg(ru, 2, i => { varint(i, 1, 1); str(i, 3, '25%') })
        })
      }))
    })
    expect(decodeProtobufObject(body).spec.strategy).toEqual({type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 2, maxSurge: '25%'}})
  })

  test('unknown kinds and broken envelopes are refused', () => {
    const codes = [
      envelope('example.com/v1', 'Widget', () => {}),
      Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.from([0x0a, 0xff])]),
    ].map(b => {
      try {
        decodeProtobufObject(b)
        return 0
      } catch (e) {
        return (e as {code: number}).code
      }
    })
    expect(codes).toEqual([415, 415])
  })
})
