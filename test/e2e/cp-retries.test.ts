// `cp --retries` against a pod whose tar stream is cut short: a `tar` shim in the container ends the first N archives
// after 100000 bytes with exit status 0 (the pipeline's), exactly what a remote tar killed mid-copy looks like to the
// client. kubectl then resumes with `tar cf - SRC | tail -c+OFFSET`; so must kctl, byte-exact. Compared with kubectl.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'
import {requireKubectl} from '../helpers/cli.js'
import {runBoth, type DiffCase} from '../helpers/diff.js'

const haveKubectl = requireKubectl('cp --retries differential tests')
let sb: TestSandbox
let nsK = ''
let nsC = ''
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-cp-retries-'))

// While /tmp/cuts holds a positive count, `tar cf - /data/...` stops after 100000 bytes and the count goes down.
const SHIM = `#!/bin/sh
case "$1 $3" in "cf /data/"*)
  n=$(cat /tmp/cuts 2>/dev/null || echo 0)
  if [ "$n" -gt 0 ]; then echo $((n - 1)) > /tmp/cuts; /usr/bin/tar "$@" | head -c 100000; exit 0; fi;;
esac
exec /usr/bin/tar "$@"
`
const big = crypto.randomBytes(1000000)
const parts = [crypto.randomBytes(60000), crypto.randomBytes(60000), crypto.randomBytes(60000)]

const TAR_NOTE = "/usr/bin/tar: Removing leading `/' from member names\n"
const resumed = (n: number, of: number) => `${TAR_NOTE}Resuming copy at 100000 bytes, retry ${n}/${of}\n`
const cuts = (n: number) => ['exec', 'p', '-n', 'NS', '--', 'sh', '-c', `echo ${n} > /tmp/cuts`]
// Each side writes under its own directory (NS is replaced by the side's namespace).
const dest = (name: string) => path.join(work, 'NS', name)
const local = (ns: string, name: string) => path.join(work, ns, name)

describe('cp --retries: kubectl vs kctl on a cut tar stream', () => {
  beforeAll(async () => {
    if (!haveKubectl) return
    sb = await startTestSandbox({nodes: 1})
    nsK = await sb.namespace('k')
    nsC = await sb.namespace('c')
    for (const ns of [nsK, nsC]) {
      fs.mkdirSync(path.join(work, ns), {recursive: true})
      const r = await sb.kubectl(['run', 'p', '--image=busybox', '-n', ns, '--', 'sleep', '3600'])
      if (r.code !== 0) throw new Error(r.stderr)
    }
    for (const ns of [nsK, nsC]) {
      await sb.kubectl(['wait', '--for=condition=Ready', 'pod/p', '-n', ns, '--timeout=90s'])
      const put = async (file: string, data: Buffer | string, mode = '644') => {
        const r = await sb.kubectl(['exec', '-i', 'p', '-n', ns, '--', 'sh', '-c', `mkdir -p ${path.posix.dirname(file)} && cat > ${file} && chmod ${mode} ${file}`], {stdin: data})
        if (r.code !== 0) throw new Error(`put ${file}: ${r.stderr}`)
      }
      await put('/usr/local/bin/tar', SHIM, '755')
      await put('/data/big', big)
      for (const [i, p] of parts.entries()) await put(`/data/dir/f${i}`, p)
    }
  }, 180000)
  afterAll(async () => {
    await sb?.stop()
    fs.rmSync(work, {recursive: true, force: true})
  })

  test('two cuts, --retries=3: resumed twice, identical output and a byte-exact file', async () => {
    if (!haveKubectl) return
    const c: DiffCase = {args: ['cp', 'p:/data/big', dest('r3'), '--retries=3', '-n', 'NS'], setup: [cuts(2)]}
    const [theirs, mine] = await runBoth(sb, c, nsK, nsC)
    expect(mine).toEqual(theirs)
    expect(mine).toEqual({code: 0, stdout: resumed(1, 3) + resumed(2, 3) + TAR_NOTE, stderr: ''})
    expect(fs.readFileSync(local(nsC, 'r3')).equals(big)).toBe(true)
    expect(fs.readFileSync(local(nsK, 'r3')).equals(big)).toBe(true)
  }, 60000)

  test('three cuts, --retries=-1 (unbounded): resumed three times', async () => {
    if (!haveKubectl) return
    const c: DiffCase = {args: ['cp', 'p:/data/big', dest('rinf'), '--retries=-1', '-n', 'NS'], setup: [cuts(3)]}
    const [theirs, mine] = await runBoth(sb, c, nsK, nsC)
    expect(mine).toEqual(theirs)
    expect(mine.stdout).toBe(resumed(1, -1) + resumed(2, -1) + resumed(3, -1) + TAR_NOTE)
    expect(fs.readFileSync(local(nsC, 'rinf')).equals(big)).toBe(true)
  }, 60000)

  test('a directory cut in its second file resumes inside that file', async () => {
    if (!haveKubectl) return
    const c: DiffCase = {args: ['cp', 'p:/data/dir', dest('dir'), '--retries=2', '-n', 'NS'], setup: [cuts(1)]}
    const [theirs, mine] = await runBoth(sb, c, nsK, nsC)
    expect(mine).toEqual(theirs)
    expect(mine).toEqual({code: 0, stdout: resumed(1, 2) + TAR_NOTE, stderr: ''})
    expect(fs.readdirSync(local(nsC, 'dir')).sort()).toEqual(['f0', 'f1', 'f2'])
    for (const [i, p] of parts.entries()) expect(fs.readFileSync(path.join(local(nsC, 'dir'), `f${i}`)).equals(p)).toBe(true)
  }, 60000)

  // Giving up: the same stdout and exit code as kubectl; the error line differs on purpose (kubectl says only
  // "unexpected EOF", kctl says the copy is incomplete).
  test.each([
    ['--retries=1 with two cuts', ['--retries=1'], 2, resumed(1, 1) + TAR_NOTE + 'Dropping out copy after 1 retries\n'],
    ['--retries=0 with one cut', [], 1, TAR_NOTE + 'Dropping out copy after 0 retries\n'],
  ])('%s: kubectl\'s messages, then a non-zero exit', async (name, flags, n, stdout) => {
    if (!haveKubectl) return
    const file = name.replace(/\W+/g, '-')
    const c: DiffCase = {args: ['cp', 'p:/data/big', dest(file), ...flags, '-n', 'NS'], setup: [cuts(n)]}
    const [theirs, mine] = await runBoth(sb, c, nsK, nsC)
    expect(theirs).toEqual({code: 1, stdout, stderr: 'error: unexpected EOF\n'})
    expect(mine).toEqual({code: 1, stdout, stderr: 'error: tar stream truncated: the copy is incomplete (the connection or the remote tar stopped early)\n'})
  }, 60000)
})
