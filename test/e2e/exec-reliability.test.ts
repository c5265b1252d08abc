// Exit codes that are always right: remote exit codes, a connection killed mid-stream (never a silent 0), stdin
// half-close, a follow whose connection dies, and a live port-forward carrying HTTP.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import * as net from 'node:net'
import * as http from 'node:http'
import {spawn, type ChildProcess} from 'node:child_process'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'
import {BIN, kctl} from '../helpers/cli.js'

let sb: TestSandbox
let ns = ''

/** A TCP relay to the sandbox whose connections the test can cut. */
function relay(target: URL): Promise<{port: number; cut: () => void; close: () => void}> {
  const conns = new Set<net.Socket>()
  const server = net.createServer((c) => {
    const up = net.connect(Number(target.port), target.hostname)
    conns.add(c).add(up)
    c.pipe(up).pipe(c)
    c.on('error', () => up.destroy())
    up.on('error', () => c.destroy())
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: (server.address() as net.AddressInfo).port,
    cut: () => {
      for (const s of conns) s.destroy()
      conns.clear()
    },
    close: () => server.close(),
  })))
}

function spawnKctl(args: string[]): {child: ChildProcess; out: () => string; err: () => string; exit: Promise<number>} {
  const child = spawn(process.execPath, [BIN, ...args], {env: {PATH: process.env.PATH, HOME: sb.home, KUBECONFIG: sb.kubeconfig}, stdio: ['pipe', 'pipe', 'pipe']})
  let out = ''
  let err = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (err += d))
  const exit = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 128)))
  return {child, out: () => out, err: () => err, exit}
}

const until = async (cond: () => boolean, ms = 20000) => {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('exec, logs and port-forward reliability', () => {
  beforeAll(async () => {
    sb = await startTestSandbox({nodes: 1})
    ns = await sb.namespace('rel')
    await sb.kctl(['run', 'p', '--image=busybox', '-n', ns, '--', 'sh', '-c', 'while true; do echo tick; sleep 0.2; done'])
    await sb.kctl(['run', 'web', '--image=nginx', '--port=80', '-n', ns])
    const w = await sb.kubectl(['wait', '--for=condition=Ready', 'pod/p', 'pod/web', '-n', ns, '--timeout=90s'])
    if (w.code !== 0) throw new Error(w.stderr)
  }, 180000)
  afterAll(async () => {
    await sb?.stop()
  })

  test('REL-1 remote exit 5 is kctl\'s exit code', async () => {
    const r = await sb.kctl(['exec', 'p', '-n', ns, '--', 'sh', '-c', 'echo before; exit 5'])
    expect(r).toEqual({stdout: 'before\n', stderr: 'command terminated with exit code 5\n', code: 5})
  })

  test('REL-1 a connection killed mid-stream exits non-zero with a message', async () => {
    const r = await relay(new URL(sb.endpoint.server))
    try {
      const run = spawnKctl(['--server', `https://127.0.0.1:${r.port}`, 'exec', 'p', '-n', ns, '--', 'sh', '-c', 'echo started; sleep 30; echo never'])
      await until(() => run.out().includes('started'))
      r.cut()
      const code = await run.exit
      expect({code, stdout: run.out(), stderr: run.err()}).toEqual({code: 1, stdout: 'started\n', stderr: "error: connection to the server lost (websocket close 1006); the command's result is unknown\n"})
    } finally {
      r.close()
    }
  })

  test('REL-3 stdin EOF is a half-close: the command sees EOF and keeps running', async () => {
    const r = await sb.kctl(['exec', '-i', 'p', '-n', ns, '--', 'sh', '-c', 'cat; sleep 1; echo done'], {stdin: 'hi\n'})
    expect(r).toEqual({stdout: 'hi\ndone\n', stderr: '', code: 0})
  })

  test('REL-3 binary stdin survives byte for byte', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024)
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 0xff
    const r = await sb.kctl(['exec', '-i', 'p', '-n', ns, '--', 'sh', '-c', 'wc -c'], {stdin: data})
    expect(r).toEqual({stdout: `${data.length}\n`, stderr: '', code: 0})
  })

  test('REL-5 logs -f whose connection dies reports it instead of hanging or exiting 0', async () => {
    const r = await relay(new URL(sb.endpoint.server))
    try {
      const run = spawnKctl(['--server', `https://127.0.0.1:${r.port}`, 'logs', '-f', 'p', '-n', ns, '--tail=1'])
      await until(() => run.out().includes('tick'))
      r.cut()
      const code = await run.exit
      expect(code).not.toBe(0)
      expect(run.err()).toMatch(/^error: .*(connection|stream)/)
    } finally {
      r.close()
    }
  })

  test('port-forward carries HTTP to the pod and prints kubectl\'s lines', async () => {
    const run = spawnKctl(['port-forward', 'pod/web', ':80', '-n', ns, '--address', '127.0.0.1'])
    try {
      await until(() => /Forwarding from 127\.0\.0\.1:\d+ -> 80\n/.test(run.out()))
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(run.out())![1])
      const body = await new Promise<{status: number; text: string}>((resolve, reject) => {
        http.get({host: '127.0.0.1', port, path: '/'}, (res) => {
          let t = ''
          res.on('data', (d) => (t += d))
          res.on('end', () => resolve({status: res.statusCode ?? 0, text: t}))
        }).on('error', reject)
      })
      expect(body.status).toBe(200)
      expect(body.text).toContain('nginx')
      await until(() => run.out().includes(`Handling connection for ${port}\n`))
      expect(run.out()).toBe(`Forwarding from 127.0.0.1:${port} -> 80\nHandling connection for ${port}\n`)
    } finally {
      run.child.kill('SIGINT')
      await run.exit
    }
  })

  test('kctl and kubectl agree on exec through the same sandbox (exit 7 under sh -c)', async () => {
    const args = ['exec', 'p', '-n', ns, '--', 'sh', '-c', 'echo o; echo e >&2; exit 7']
    const [a, b] = await Promise.all([sb.kubectl(args), kctl(sb, args)])
    expect(b).toEqual(a)
  })
})
