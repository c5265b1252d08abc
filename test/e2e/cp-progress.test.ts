// cp's progress line: printed on stderr only when stderr is a terminal and the copy is large (from 16 MiB on), in both
// directions; a failure ends the line before the error. The terminal is a real pty (util-linux `script`), with stdout
// redirected to a file so that the pty carries stderr alone.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'
import {BIN, type RunResult} from '../helpers/cli.js'

let sb: TestSandbox
let ns = ''
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-cp-progress-'))
const BIG = 40 * (1 << 20) + 100
const bigLocal = path.join(work, 'big-local')
fs.writeFileSync(bigLocal, Buffer.alloc(BIG, 0x5a))
const smallLocal = path.join(work, 'small-local')
fs.writeFileSync(smallLocal, Buffer.alloc(1 << 20, 0x5a))

// While /tmp/cutat exists, `tar cf - /cut/...` stops after that many bytes (exit status 0, as a killed tar behind a pipe).
const SHIM = '#!/bin/sh\ncase "$1 $3" in "cf /cut/"*) if [ -f /tmp/cutat ]; then /usr/bin/tar "$@" | head -c "$(cat /tmp/cutat)"; exit 0; fi;; esac\nexec /usr/bin/tar "$@"\n'

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/** Runs kctl with stderr on a pty and stdout in a file; returns what the terminal showed, stdout and the exit code. */
function onTerminal(args: string[]): RunResult {
  const out = path.join(work, `stdout-${Date.now()}`)
  const cmd = `${[process.execPath, BIN, ...args].map(sh).join(' ')} >${sh(out)}`
  const r = spawnSync('script', ['-qefc', cmd, '/dev/null'], {
    env: {PATH: process.env.PATH, HOME: sb.home, KUBECONFIG: sb.kubeconfig, LANG: 'C.UTF-8', TERM: 'xterm'},
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 120000,
  })
  return {stderr: r.stdout, stdout: fs.readFileSync(out, 'utf8'), code: r.status ?? -1}
}

// What the pty shows for 40 MiB: one rewrite per 8 MiB boundary from 16 MiB on, then the total; the pty turns \n into \r\n.
const PROGRESS_40 = '\r16 MiB copied\r24 MiB copied\r32 MiB copied\r40 MiB copied\r40 MiB copied\r\n'

describe('cp progress line', () => {
  beforeAll(async () => {
    expect(spawnSync('script', ['--version']).status).toBe(0)
    sb = await startTestSandbox({nodes: 1})
    ns = await sb.namespace('cpp')
    const r = await sb.kubectl(['run', 'p', '--image=busybox', '-n', ns, '--', 'sleep', '3600'])
    if (r.code !== 0) throw new Error(r.stderr)
    await sb.kubectl(['wait', '--for=condition=Ready', 'pod/p', '-n', ns, '--timeout=90s'])
    const put = await sb.kubectl(['exec', '-i', 'p', '-n', ns, '--', 'sh', '-c', `mkdir -p /usr/local/bin /cut && cat > /usr/local/bin/tar && chmod 755 /usr/local/bin/tar && head -c ${BIG} /dev/zero > /tmp/big && cp /tmp/big /cut/big && head -c 1048576 /dev/zero > /tmp/small`], {stdin: SHIM})
    if (put.code !== 0) throw new Error(put.stderr)
  }, 180000)
  afterAll(async () => {
    await sb?.stop()
    fs.rmSync(work, {recursive: true, force: true})
  })

  test('download of 40 MiB on a terminal', () => {
    const dest = path.join(work, 'down-tty')
    const r = onTerminal(['cp', `${ns}/p:/tmp/big`, dest])
    expect(r).toEqual({code: 0, stdout: "/usr/bin/tar: Removing leading `/' from member names\n", stderr: PROGRESS_40})
    expect(fs.statSync(dest).size).toBe(BIG)
  })

  test('upload of 40 MiB on a terminal', async () => {
    const r = onTerminal(['cp', bigLocal, `${ns}/p:/tmp/up`])
    expect(r).toEqual({code: 0, stdout: '', stderr: PROGRESS_40})
    const size = await sb.kubectl(['exec', 'p', '-n', ns, '--', 'stat', '-c', '%s', '/tmp/up'])
    expect(size.stdout).toBe(`${BIG}\n`)
  })

  test('small copies print nothing on a terminal', () => {
    const down = onTerminal(['cp', `${ns}/p:/tmp/small`, path.join(work, 'small-down')])
    const up = onTerminal(['cp', smallLocal, `${ns}/p:/tmp/small-up`])
    expect([down, up]).toEqual([
      {code: 0, stdout: "/usr/bin/tar: Removing leading `/' from member names\n", stderr: ''},
      {code: 0, stdout: '', stderr: ''},
    ])
  })

  test('large copies print nothing when stderr is not a terminal', async () => {
    const down = await sb.kctl(['cp', `${ns}/p:/tmp/big`, path.join(work, 'down-pipe')])
    const up = await sb.kctl(['cp', bigLocal, `${ns}/p:/tmp/up-pipe`])
    expect([down, up]).toEqual([
      {code: 0, stdout: "/usr/bin/tar: Removing leading `/' from member names\n", stderr: ''},
      {code: 0, stdout: '', stderr: ''},
    ])
    expect(fs.statSync(path.join(work, 'down-pipe')).size).toBe(BIG)
  })

  test('a copy that fails after 30 MiB ends the progress line before the error', async () => {
    const cut = await sb.kubectl(['exec', 'p', '-n', ns, '--', 'sh', '-c', `echo ${30 << 20} > /tmp/cutat`])
    expect(cut.code).toBe(0)
    const r = onTerminal(['cp', `${ns}/p:/cut/big`, path.join(work, 'down-cut')])
    expect(r).toEqual({
      code: 1,
      stdout: "/usr/bin/tar: Removing leading `/' from member names\nDropping out copy after 0 retries\n",
      stderr: '\r16 MiB copied\r24 MiB copied\r\nerror: tar stream truncated: the copy is incomplete (the connection or the remote tar stopped early)\r\n',
    })
  })
})

