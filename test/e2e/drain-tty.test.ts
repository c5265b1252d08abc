// kctl drain on a real terminal: stderr is a pseudo-terminal (util-linux `script`), so the status line is drawn and
// redrawn in place. A PodDisruptionBudget blocks the drain until --timeout; the test reads what the terminal received.
import {spawnSync} from 'node:child_process'
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'
import {BIN, requireKubectl, runProcess} from '../helpers/cli.js'

const haveKubectl = requireKubectl('drain on a terminal')
const haveScript = spawnSync('script', ['--version'], {stdio: 'ignore'}).status === 0
const W2 = 'kctl-sandbox-worker2'
const CLEAR = '\r\x1b[2K'
let sb: TestSandbox

/** Runs kctl under a pseudo-terminal; the terminal's whole transcript (stdout and stderr interleaved) and exit code. */
async function onTerminal(args: string[], columns: number): Promise<{screen: string; code: number}> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
  const command = `stty cols ${columns} rows 40; exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`
  const env = {PATH: process.env.PATH, HOME: sb.home, KUBECONFIG: sb.kubeconfig, LANG: 'C.UTF-8', TERM: 'xterm'}
  const r = await runProcess('script', ['-q', '-e', '-c', command, '/dev/null'], env, {timeoutMs: 90000})
  // The terminal turns each \n into \r\n; drop that so the text reads as the program wrote it.
  return {screen: r.stdout.replace(/\r\n/g, '\n'), code: r.code}
}

describe('kctl drain on a terminal', () => {
  beforeAll(async () => {
    if (haveKubectl && haveScript) sb = await startTestSandbox()
  }, 120000)
  afterAll(async () => {
    await sb?.stop()
  })

  test('a PDB-blocked drain redraws what it waits for, then clears the line before kubectl\'s final messages', async () => {
    if (!haveKubectl || !haveScript) return
    const ns = await sb.namespace('tty')
    for (const a of [
      ['create', 'deployment', 'guarded', '--image=nginx', '--replicas=0', '-n', ns],
      ['patch', 'deployment', 'guarded', '-n', ns, '-p', JSON.stringify({spec: {template: {spec: {nodeSelector: {'kubernetes.io/hostname': W2}}}}})],
      ['scale', 'deployment', 'guarded', '--replicas=2', '-n', ns],
      ['rollout', 'status', 'deployment/guarded', '-n', ns, '--timeout=60s'],
      ['create', 'poddisruptionbudget', 'guard', '--selector=app=guarded', '--min-available=2', '-n', ns],
    ]) expect((await sb.kubectl(a, {timeoutMs: 60000})).code).toBe(0)

    const {screen, code} = await onTerminal(['drain', W2, '--ignore-daemonsets', '--timeout=8s'], 200)
    expect(code).toBe(1)
    const status = new RegExp(`waiting for [12] pod\\(s\\): ${ns}/guarded-[a-z0-9]+-[a-z0-9]+ \\(blocked by PodDisruptionBudget guard: needs 2 healthy, has 2\\)`)
    // Each drawing of the status line follows an erase, except the very first, drawn on a fresh line.
    const draws = screen.split(CLEAR)
    expect(draws.length).toBeGreaterThan(2)
    expect(draws.filter((d) => status.test(d)).length).toBeGreaterThan(0)
    // The status line is never left with a newline of its own: it is only ever erased.
    expect(screen).not.toMatch(/waiting for [^\n\r]*\n/)

    // The line is erased before kubectl's closing messages, and not drawn again after them.
    const finalAt = screen.indexOf(`There are pending pods in node "${W2}" when an error occurred:`)
    expect(finalAt).toBeGreaterThan(0)
    const before = screen.slice(0, finalAt)
    expect(before.endsWith(CLEAR)).toBe(true)
    const tail = screen.slice(finalAt)
    expect(tail).not.toContain('waiting for ')
    expect(tail).not.toContain('\x1b[')
    const lines = tail.split('\n').filter(Boolean)
    expect(lines[0]).toMatch(new RegExp(`^There are pending pods in node "${W2}" when an error occurred: \\[?error when evicting pods/"guarded-`))
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^pod\/guarded-/),
      expect.stringMatching(new RegExp(`^error: unable to drain node "${W2}" due to error: .*global timeout reached: 8s.*, continuing command\\.\\.\\.$`)),
      'There are pending nodes to be drained:',
      ` ${W2}`,
    ]))
    expect(lines[lines.length - 1]).toMatch(/global timeout reached: 8s$/)
    // kubectl's own retry messages still reach the terminal as whole lines, each drawn over the status line.
    expect(screen).toMatch(new RegExp(`\\r\\x1b\\[2Kerror when evicting pods/"guarded-[^"]+" -n "${ns}" \\(will retry after 5s\\): Cannot evict pod`))

    await sb.kubectl(['delete', 'namespace', ns, '--timeout=90s'], {timeoutMs: 100000})
    await sb.kubectl(['uncordon', W2])
  }, 180000)

  test('with --disable-eviction the status line names the pods being deleted until they are gone', async () => {
    if (!haveKubectl || !haveScript) return
    const ns = await sb.namespace('ttyd')
    // A finalizer keeps the deleted pod around, so the wait is long enough to be seen and ends at --timeout.
    const run = ['run', 'held', '--image=nginx', '-n', ns, '--overrides', JSON.stringify({metadata: {finalizers: ['example.com/hold']}, spec: {nodeName: W2}})]
    for (const a of [run, ['wait', '--for=condition=Ready', 'pod/held', '-n', ns, '--timeout=60s']]) expect((await sb.kubectl(a, {timeoutMs: 60000})).code).toBe(0)

    const {screen, code} = await onTerminal(['drain', W2, '--force', '--disable-eviction', '--timeout=4s'], 200)
    await sb.kubectl(['patch', 'pod', 'held', '-n', ns, '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]'])
    expect(code).toBe(1)
    expect(screen).toContain(`waiting for 1 pod(s): ${ns}/held (terminating)`)
    const finalAt = screen.indexOf(`There are pending pods in node "${W2}" when an error occurred: context deadline exceeded`)
    expect(finalAt).toBeGreaterThan(0)
    expect(screen.slice(0, finalAt).endsWith(CLEAR)).toBe(true)
    expect(screen.slice(finalAt)).not.toContain('waiting for ')
    expect(screen.trimEnd().endsWith('error: context deadline exceeded')).toBe(true)

    await sb.kubectl(['delete', 'namespace', ns, '--timeout=90s'], {timeoutMs: 100000})
    await sb.kubectl(['uncordon', W2])
  }, 180000)

  test('a terminal nobody sized still gets the status line cut to 100 columns, not to nothing', async () => {
    if (!haveKubectl || !haveScript) return
    const ns = await sb.namespace('ttyw')
    const run = ['run', 'held', '--image=nginx', '-n', ns, '--overrides', JSON.stringify({metadata: {finalizers: ['example.com/hold']}, spec: {nodeName: W2}})]
    for (const a of [run, ['wait', '--for=condition=Ready', 'pod/held', '-n', ns, '--timeout=60s']]) expect((await sb.kubectl(a, {timeoutMs: 60000})).code).toBe(0)
    const {screen} = await onTerminal(['drain', W2, '--force', '--disable-eviction', '--timeout=3s'], 0)
    await sb.kubectl(['patch', 'pod', 'held', '-n', ns, '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]'])
    expect(screen).toContain(`waiting for 1 pod(s): ${ns}/held (terminating)`)
    await sb.kubectl(['delete', 'namespace', ns, '--timeout=90s'], {timeoutMs: 100000})
    await sb.kubectl(['uncordon', W2])
  }, 180000)
})
