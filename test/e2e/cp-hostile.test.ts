// kctl cp against hostile containers: a `tar` shim in the pod serves hand-made archives covering every kubectl cp
// CVE case; nothing may land outside the destination. Also: truncated streams and a container without tar.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'
import {entry} from '../helpers/tar.js'

let sb: TestSandbox
let ns = ''
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-cp-hostile-'))

const archive = (...e: Buffer[]) => Buffer.concat([...e, Buffer.alloc(1024)])

// The shim answers `tar cf - /src/NAME` with /hostile/NAME.tar and hands everything else to the real tar.
const SHIM = '#!/bin/sh\ncase "$1 $3" in "cf /src/"*) n=$(basename "$3"); exec cat "/hostile/$n.tar";; esac\nexec /usr/bin/tar "$@"\n'
const NO_TAR = '#!/bin/sh\nexec /nonexistent/tar "$@"\n'

const big = Buffer.alloc(300000, 0x61)
const hostile: Record<string, Buffer> = {
  dotdot: archive(entry('src/dotdot/ok', {data: 'ok'}), entry('../../escape-dotdot', {data: 'pwn'})),
  absolute: archive(entry('src/absolute/ok', {data: 'ok'}), entry('/tmp/escape-absolute', {data: 'pwn'})),
  inner: archive(entry('src/inner/a/../../../escape-inner', {data: 'pwn'})),
  drive: archive(entry('C:..\\escape-drive', {data: 'pwn'})),
  unc: archive(entry('\\\\server\\share\\escape-unc', {data: 'pwn'})),
  chain: archive(entry('src/chain/a', {type: '2', linkname: '.'}), entry('src/chain/a/b', {type: '2', linkname: '../..'}), entry('src/chain/a/b/escape-chain', {data: 'pwn'})),
  abslink: archive(entry('src/abslink/l', {type: '2', linkname: '/etc'}), entry('src/abslink/l/escape-abslink', {data: 'pwn'})),
  hardlink: archive(entry('src/hardlink/passwd', {type: '1', linkname: '../../etc/passwd'})),
  setuid: archive(entry('src/setuid/', {type: '5', mode: 0o755}), entry('src/setuid/run', {data: '#!/bin/sh\n', mode: 0o4755})),
  extra: archive(entry('src/extra', {data: 'wanted'}), entry('.profile', {data: 'evil'})),
  truncated: archive(entry('src/truncated/big', {data: big}), entry('src/truncated/after', {data: 'x'})).subarray(0, 100000),
  noend: Buffer.concat([entry('src/noend/f', {data: 'abc'})]),
}

function listAll(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const n of fs.readdirSync(d).sort()) {
      const p = path.join(d, n)
      out.push(path.relative(work, p))
      if (fs.lstatSync(p).isDirectory()) walk(p)
    }
  }
  walk(dir)
  return out
}

async function copy(name: string): Promise<{code: number; stderr: string; dest: string}> {
  const dest = path.join(work, name, 'out')
  fs.mkdirSync(path.dirname(dest), {recursive: true})
  const r = await sb.kctl(['cp', `${ns}/h:/src/${name}`, dest])
  return {code: r.code, stderr: r.stderr, dest}
}

describe('kctl cp against a hostile container', () => {
  beforeAll(async () => {
    sb = await startTestSandbox({nodes: 1})
    ns = await sb.namespace('cph')
    for (const [pod] of [['h'], ['nt']]) {
      const r = await sb.kctl(['run', pod, '--image=busybox', '-n', ns, '--', 'sleep', '3600'])
      if (r.code !== 0) throw new Error(r.stderr)
    }
    await sb.kubectl(['wait', '--for=condition=Ready', 'pod/h', 'pod/nt', '-n', ns, '--timeout=90s'])
    const put = async (pod: string, file: string, data: Buffer | string, mode = '644') => {
      const r = await sb.kctl(['exec', '-i', pod, '-n', ns, '--', 'sh', '-c', `mkdir -p ${path.posix.dirname(file)} && cat > ${file} && chmod ${mode} ${file}`], {stdin: data})
      if (r.code !== 0) throw new Error(`put ${file}: ${r.stderr}`)
    }
    await put('h', '/usr/local/bin/tar', SHIM, '755')
    await put('nt', '/usr/local/bin/tar', NO_TAR, '755')
    for (const [name, data] of Object.entries(hostile)) await put('h', `/hostile/${name}.tar`, data)
  }, 180000)
  afterAll(async () => {
    await sb?.stop()
    fs.rmSync(work, {recursive: true, force: true})
  })

  // Anything named like a payload outside a case's own out/ directory (or on the host) is an escape.
  const escapes = () => [
    ...listAll(work).filter((p) => /escape|\.profile|passwd/.test(p) && p.split(path.sep)[1] !== 'out'),
    ...['/tmp/escape-absolute', '/tmp/escape-dotdot', '/etc/escape-abslink', path.join(path.dirname(work), 'escape-dotdot'), path.join(path.dirname(work), 'escape-inner')].filter((p) => fs.existsSync(p)),
  ]

  test.each([
    ['dotdot', ['dotdot/out', 'dotdot/out/ok']],
    ['absolute', ['absolute/out', 'absolute/out/ok']],
    ['inner', ['inner/out']],
  ])('CP-1 %s: the escaping entry is skipped with a warning', async (name, tree) => {
    const r = await copy(name)
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^warning: file ".*" is outside target destination, skipping$/m)
    expect(listAll(path.join(work, name)).filter((p) => fs.lstatSync(path.join(work, p)).isFile() || true)).toEqual(tree.filter((t) => fs.existsSync(path.join(work, t))))
    expect(escapes()).toEqual([])
    expect(fs.existsSync('/tmp/escape-absolute')).toBe(false)
  })

  test.each(['drive', 'unc'])('CP-1 %s form is refused', async (name) => {
    const r = await copy(name)
    expect(r.stderr).toContain('is outside target destination, skipping')
    expect(escapes()).toEqual([])
  })

  test('CP-2 the symlink chain writes nothing outside and creates no link', async () => {
    const r = await copy('chain')
    expect(r.code).toBe(0)
    expect(r.stderr.split('\n').filter((l) => l.startsWith('warning: skipping symlink'))).toHaveLength(2)
    expect(listAll(path.join(work, 'chain')).map((p) => [p, fs.lstatSync(path.join(work, p)).isSymbolicLink()])).toEqual([
      ['chain/out', false], ['chain/out/a', false], ['chain/out/a/b', false], ['chain/out/a/b/escape-chain', false],
    ])
  })

  test('CP-2 an absolute symlink is not followed', async () => {
    const r = await copy('abslink')
    expect(r.code).toBe(0)
    expect(fs.existsSync('/etc/escape-abslink')).toBe(false)
    expect(r.stderr).toContain(`warning: skipping symlink: "${path.join(work, 'abslink/out/l')}" -> "/etc"`)
  })

  test('CP-3 hardlinks are skipped', async () => {
    const r = await copy('hardlink')
    expect({code: r.code, stderr: r.stderr}).toEqual({code: 0, stderr: `warning: skipping hardlink: "${path.join(work, 'hardlink/out/passwd')}" -> "../../etc/passwd"\n`})
    expect(fs.existsSync(path.join(work, 'hardlink/out/passwd'))).toBe(false)
  })

  test('CP-5 setuid is dropped', async () => {
    const r = await copy('setuid')
    expect(r.code).toBe(0)
    expect(fs.statSync(path.join(work, 'setuid/out/run')).mode & 0o7000).toBe(0)
  })

  test('CP-4 an extra entry beside the requested file aborts the copy', async () => {
    const r = await copy('extra')
    expect({code: r.code, stderr: r.stderr}).toEqual({code: 1, stderr: 'error: tar contents corrupted\n'})
    expect(escapes()).toEqual([])
  })

  test.each(['truncated', 'noend'])('CP-7 %s stream exits non-zero', async (name) => {
    const r = await copy(name)
    expect({code: r.code, stderr: r.stderr}).toEqual({code: 1, stderr: 'error: tar stream truncated: the copy is incomplete (the connection or the remote tar stopped early)\n'})
  })

  test('CP-8 a container without tar is reported as such, both directions, without hanging', async () => {
    const down = await sb.kctl(['cp', `${ns}/nt:/etc/hosts`, path.join(work, 'nt-hosts')], {timeoutMs: 30000})
    expect({code: down.code, stderr: down.stderr.split('\n').filter((l) => l.startsWith('error:'))}).toEqual({code: 1, stderr: ['error: tar is not available in the container of pod nt; kctl cp needs a tar binary in the container image']})
    const local = path.join(work, 'up.txt')
    fs.writeFileSync(local, 'x')
    const up = await sb.kctl(['cp', local, `${ns}/nt:/tmp/up.txt`], {timeoutMs: 30000})
    expect({code: up.code, stderr: up.stderr.split('\n').filter((l) => l.startsWith('error:'))}).toEqual({code: 1, stderr: ['error: tar is not available in the container of pod nt; kctl cp needs a tar binary in the container image']})
  })

  test('a real directory round-trips through the real tar', async () => {
    const src = path.join(work, 'tree')
    fs.mkdirSync(path.join(src, 'sub'), {recursive: true})
    fs.writeFileSync(path.join(src, 'a.txt'), 'A')
    fs.writeFileSync(path.join(src, 'sub', 'b.bin'), Buffer.alloc(70000, 9))
    expect((await sb.kctl(['cp', src, `${ns}/h:/tmp/tree`])).code).toBe(0)
    const back = path.join(work, 'tree-back')
    const r = await sb.kctl(['cp', `${ns}/h:/tmp/tree`, back])
    expect(r.code).toBe(0)
    expect([fs.readFileSync(path.join(back, 'a.txt'), 'utf8'), fs.readFileSync(path.join(back, 'sub', 'b.bin')).equals(Buffer.alloc(70000, 9))]).toEqual(['A', true])
  })
})
