// cp's receive-only WebSocket reader over a real TCP connection: channel routing, fragmented messages with a ping
// in between (answered with a masked pong), 16- and 64-bit lengths, frames split at arbitrary points, the close
// handshake, and a connection that ends without a status.
import {afterEach, describe, expect, test} from '@jest/globals'
import * as net from 'node:net'
import {PassThrough} from 'node:stream'
import {readFrames} from '../../src/lib/cp/receive.js'

function frame(opcode: number, payload: Buffer, fin = true, wide = false): Buffer {
  const n = payload.length
  let head: Buffer
  if (n < 126 && !wide) head = Buffer.from([(fin ? 0x80 : 0) | opcode, n])
  else if (n < 65536 && !wide) {
    head = Buffer.alloc(4)
    head[0] = (fin ? 0x80 : 0) | opcode
    head[1] = 126
    head.writeUInt16BE(n, 2)
  } else {
    head = Buffer.alloc(10)
    head[0] = (fin ? 0x80 : 0) | opcode
    head[1] = 127
    head.writeUInt32BE(0, 2)
    head.writeUInt32BE(n, 6)
  }
  return Buffer.concat([head, payload])
}
const ch = (c: number, data: string | Buffer) => Buffer.concat([Buffer.from([c]), Buffer.from(data)])

const servers: net.Server[] = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

/**
 * Serves `bytes` in pieces of `piece` bytes; resolves with the client's result, outputs and what it sent back. With
 * `consume`, stdout goes to that function (cp's tar reader) instead of a stream.
 */
async function exchange(bytes: Buffer, piece: number, endAfter = true, consume?: (data: Buffer) => boolean) {
  const received: Buffer[] = []
  const server = net.createServer((s) => {
    s.on('error', () => undefined) // the client may hang up first
    s.on('data', (d) => received.push(d))
    const write = async () => {
      for (let i = 0; i < bytes.length; i += piece) {
        s.write(bytes.subarray(i, i + piece))
        await new Promise((r) => setImmediate(r))
      }
      if (endAfter) setTimeout(() => s.end(), 20)
      else s.destroy()
    }
    void write()
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const sock = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1')
  await new Promise((r) => sock.once('connect', r))
  const stdout = new PassThrough(), stderr = new PassThrough()
  const out: Buffer[] = [], err: Buffer[] = []
  stdout.on('data', (d) => out.push(d))
  stderr.on('data', (d) => err.push(d))
  const settled: {result?: Awaited<ReturnType<typeof readFrames>>; error?: string} = await readFrames(sock, Buffer.alloc(0), {stdout: consume ?? stdout, stderr}).then((r) => ({result: r}), (e: Error) => ({error: e.message}))
  return {...settled, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString(), sent: Buffer.concat(received)}
}

const big = Buffer.alloc(70000, 7)
const stream = Buffer.concat([
  frame(2, ch(1, 'hello ')),
  frame(2, ch(2, 'err'), false),
  frame(9, Buffer.from('pi')),
  frame(0, Buffer.from('or\n')),
  frame(2, ch(1, big)),
  frame(2, ch(1, ' bye'), true, true),
  frame(2, ch(3, '{"metadata":{},"status":"Success"}')),
  frame(8, Buffer.from([0x03, 0xe8])),
])

describe('cp receive-only WebSocket reader', () => {
  test.each([1, 7, 1000, 1 << 20])('frames split every %d bytes', async (piece) => {
    const r = await exchange(stream, piece)
    expect(r.result).toEqual({code: 0})
    expect(r.stdout.equals(Buffer.concat([Buffer.from('hello '), big, Buffer.from(' bye')]))).toBe(true)
    expect(r.stderr).toBe('error\n')
    // A masked pong echoing the ping, then a masked close echoing 1000 (all-zero mask).
    expect([...r.sent]).toEqual([0x8a, 0x82, 0, 0, 0, 0, 0x70, 0x69, 0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8])
  })

  test('stdout to a chunk consumer: every byte in order, and a consumer that says stop ends the download', async () => {
    const got: Buffer[] = []
    const all = await exchange(stream, 1000, true, (d) => (got.push(Buffer.from(d)), true))
    expect(all.result).toEqual({code: 0})
    expect(Buffer.concat(got).equals(Buffer.concat([Buffer.from('hello '), big, Buffer.from(' bye')]))).toBe(true)

    let calls = 0
    const stopped = await exchange(stream, 1000, true, () => (calls++, false))
    expect({error: (stopped as any).error, calls}).toEqual({error: "connection to the server lost (websocket close 1006); the command's result is unknown", calls: 1})
  })

  test('a non-zero exit status', async () => {
    const status = '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: exit status 2","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"2"}]}}'
    const r = await exchange(Buffer.concat([frame(2, ch(2, 'tar: oops\n')), frame(2, ch(3, status)), frame(8, Buffer.from([0x03, 0xe8]))]), 5)
    expect({result: r.result, stderr: r.stderr}).toEqual({result: {code: 2}, stderr: 'tar: oops\n'})
  })

  test('a connection that ends without a status is an error, never a success', async () => {
    const r = await exchange(Buffer.concat([frame(2, ch(1, 'partial'))]), 3, false)
    expect({error: (r as any).error, stdout: r.stdout.toString()}).toEqual({error: "connection to the server lost (websocket close 1006); the command's result is unknown", stdout: 'partial'})
  })

  test('a close without a status is reported as such', async () => {
    const r = await exchange(Buffer.concat([frame(2, ch(1, 'x')), frame(8, Buffer.from([0x03, 0xe8]))]), 100)
    expect((r as any).error).toBe("the connection closed before the command reported its exit status; the command's result is unknown")
  })

  test('a masked server frame is refused', async () => {
    const masked = Buffer.from([0x82, 0x82, 1, 2, 3, 4, 0, 0])
    const r = await exchange(masked, 100)
    expect((r as any).error).toBe('error reading from error stream: the server sent a masked frame')
  })
})
