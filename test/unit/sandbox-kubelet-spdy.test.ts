// SPDY/3.1 server session: the zlib dictionary is the canonical one, and frames round-trip with a peer that
// compresses its header blocks the way kubectl's spdystream does.
import {describe, expect, test} from '@jest/globals'
import {createHash} from 'node:crypto'
import * as zlib from 'node:zlib'
import {SPDY_DICTIONARY, SpdySession, type SpdyStream, decodeHeaderBlock, encodeHeaderBlock} from '../../src/sandbox/streams/spdy.js'

/** A minimal client side: one deflate and one inflate context for the whole connection, as SPDY requires. */
class Peer {
  readonly deflate = zlib.createDeflate({dictionary: SPDY_DICTIONARY})
  readonly inflate = zlib.createInflate({dictionary: SPDY_DICTIONARY})
  received: Buffer = Buffer.alloc(0)

  compress(block: Buffer): Promise<Buffer> {
    return flushThrough(this.deflate, block)
  }

  async synStream(id: number, headers: Record<string, string>, fin = false): Promise<Buffer> {
    const block = await this.compress(encodeHeaderBlock(headers))
    const body = Buffer.alloc(10)
    body.writeUInt32BE(id, 0)
    return control(1, fin ? 1 : 0, Buffer.concat([body, block]))
  }

  /** Split what the server wrote into frames. */
  frames(): {control: boolean; type: number; id: number; flags: number; payload: Buffer}[] {
    const out = []
    let buf = this.received
    while (buf.length >= 8) {
      const len = buf.readUIntBE(5, 3)
      const f = buf.subarray(0, 8 + len)
      const isControl = (f[0] & 0x80) !== 0
      out.push({control: isControl, type: isControl ? f.readUInt16BE(2) : 0, id: isControl ? 0 : f.readUInt32BE(0), flags: f[4], payload: f.subarray(8)})
      buf = buf.subarray(8 + len)
    }
    return out
  }
}

function flushThrough(z: zlib.Deflate | zlib.Inflate, block: Buffer): Promise<Buffer> {
  return new Promise(resolve => {
    const chunks: Buffer[] = []
    const onData = (d: Buffer) => chunks.push(d)
    z.on('data', onData)
    z.write(block)
    z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      z.off('data', onData)
      resolve(Buffer.concat(chunks))
    })
  })
}

function control(type: number, flags: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8)
  h.writeUInt16BE(0x8003, 0)
  h.writeUInt16BE(type, 2)
  h[4] = flags
  h.writeUIntBE(payload.length, 5, 3)
  return Buffer.concat([h, payload])
}

function data(id: number, bytes: Buffer, fin = false): Buffer {
  const h = Buffer.alloc(8)
  h.writeUInt32BE(id, 0)
  h[4] = fin ? 1 : 0
  h.writeUIntBE(bytes.length, 5, 3)
  return Buffer.concat([h, bytes])
}

const tick = () => new Promise(r => setTimeout(r, 20))
// zlib inflates asynchronously: on a loaded machine one tick is not always enough, so wait for the condition (≤ 5 s).
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 250 && !cond(); i++) await tick()
}

describe('SPDY/3 dictionary', () => {
  test('is the 1423-byte dictionary of the SPDY/3 draft (as spdystream uses it)', () => {
    expect(SPDY_DICTIONARY.length).toBe(1423)
    expect(createHash('sha256').update(SPDY_DICTIONARY).digest('hex')).toBe('51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02')
  })

  test('header blocks encode and decode', () => {
    const block = encodeHeaderBlock({streamtype: 'data', port: '80', requestid: '0'})
    expect(block.toString('hex')).toBe('00000003' + '0000000a' + Buffer.from('streamtype').toString('hex') + '00000004' + Buffer.from('data').toString('hex') + '00000004' + Buffer.from('port').toString('hex') + '00000002' + Buffer.from('80').toString('hex') + '00000009' + Buffer.from('requestid').toString('hex') + '00000001' + Buffer.from('0').toString('hex'))
    expect(decodeHeaderBlock(block)).toEqual({streamtype: 'data', port: '80', requestid: '0'})
  })
})

describe('SpdySession', () => {
  test('answers SYN_STREAMs with SYN_REPLY, delivers data and FIN, and echoes PING', async () => {
    const peer = new Peer()
    const session = new SpdySession(b => (peer.received = Buffer.concat([peer.received, b])))
    const streams: SpdyStream[] = []
    const got: string[] = []
    session.on('stream', (s: SpdyStream) => {
      streams.push(s)
      s.on('data', (d: Buffer) => got.push(`${s.id}:${d.toString()}`))
      s.on('end', () => got.push(`${s.id}:FIN`))
    })
    session.feed(await peer.synStream(1, {streamtype: 'error', port: '80', requestid: '0'}))
    session.feed(data(1, Buffer.alloc(0), true))
    // The second block only decodes if the shared zlib context carried over from the first.
    const syn3 = await peer.synStream(3, {streamtype: 'data', port: '80', requestid: '0'})
    const d3 = data(3, Buffer.from('GET / HTTP/1.1\r\n\r\n'))
    // Frames may arrive split anywhere.
    const both = Buffer.concat([syn3, d3])
    session.feed(both.subarray(0, 5))
    session.feed(both.subarray(5))
    session.feed(control(6, 0, Buffer.from([0, 0, 0, 7])))
    await until(() => streams.length === 2 && got.length === 2 && peer.frames().length >= 3)
    expect(streams.map(s => s.headers)).toEqual([{streamtype: 'error', port: '80', requestid: '0'}, {streamtype: 'data', port: '80', requestid: '0'}])
    expect(got).toEqual(['1:FIN', '3:GET / HTTP/1.1\r\n\r\n'])
    streams[1].write(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'))
    streams[1].end()
    await until(() => peer.frames().length >= 5)
    const frames = peer.frames()
    expect(frames.map(f => (f.control ? `ctl${f.type}` : `data${f.id}/${f.flags}`))).toEqual(['ctl2', 'ctl2', 'ctl6', 'data3/0', 'data3/1'])
    expect(frames[2].payload).toEqual(Buffer.from([0, 0, 0, 7]))
    expect(frames[3].payload.toString()).toBe('HTTP/1.1 200 OK\r\n\r\n')
    // SYN_REPLY carries the stream id and an (empty) compressed header block.
    expect(frames[0].payload.readUInt32BE(0)).toBe(1)
    expect(frames[1].payload.readUInt32BE(0)).toBe(3)
    const reply1 = decodeHeaderBlock(await flushThrough(peer.inflate, frames[0].payload.subarray(4)))
    const reply3 = decodeHeaderBlock(await flushThrough(peer.inflate, frames[1].payload.subarray(4)))
    expect([reply1, reply3]).toEqual([{}, {}])
    session.end()
  })

  test('RST_STREAM ends the stream and GOAWAY closes the session', async () => {
    const peer = new Peer()
    const session = new SpdySession(b => (peer.received = Buffer.concat([peer.received, b])))
    const events: string[] = []
    session.on('stream', (s: SpdyStream) => s.on('close', () => events.push(`closed ${s.id}`)))
    session.on('close', () => events.push('close'))
    session.feed(await peer.synStream(1, {streamtype: 'data'}))
    const rst = Buffer.alloc(8)
    rst.writeUInt32BE(1, 0)
    rst.writeUInt32BE(5, 4)
    session.feed(control(3, 0, rst))
    await until(() => events.length >= 1)
    session.feed(control(7, 0, Buffer.alloc(8)))
    await until(() => events.length >= 2)
    expect(events).toEqual(['closed 1', 'close'])
  })
})
