// --pod-running-timeout for `logs` and `port-forward` with TYPE/NAME: with no matching pod kubectl watches for one
// for at most that long (GetFirstPod), then works with whatever pod appeared, or fails with its timeout error.
// Every case runs through real kubectl and kctl against the same sandbox, each in its own namespace.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'
import {requireKubectl, type RunResult} from '../helpers/cli.js'
import {runBoth, type DiffCase} from '../helpers/diff.js'

const haveKubectl = requireKubectl('--pod-running-timeout differential tests')
let sb: TestSandbox

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const EMPTY_DEPLOY = ['create', 'deployment', 'z', '--image=busybox', '--replicas=0', '-n', 'NS', '--', 'sh', '-c', 'echo hi-from-z; sleep 3600']

// Argument and timeout handling that needs no timing: compared whole, as every differential case.
const cases: [string, DiffCase][] = [
  ['logs: zero timeout', {args: ['logs', 'deploy/z', '--pod-running-timeout=0', '-n', 'NS'], setup: [EMPTY_DEPLOY]}],
  ['logs: negative timeout', {args: ['logs', 'deploy/z', '--pod-running-timeout=-1s', '-n', 'NS'], setup: [EMPTY_DEPLOY]}],
  ['logs: timeout without a unit', {args: ['logs', 'deploy/z', '--pod-running-timeout=5', '-n', 'NS'], setup: [EMPTY_DEPLOY]}],
  ['logs: the timeout expires with no pod', {args: ['logs', 'deploy/z', '--pod-running-timeout=1500ms', '-n', 'NS'], setup: [EMPTY_DEPLOY]}],
  ['logs: a selector does not wait', {args: ['logs', '-l', 'app=z', '--pod-running-timeout=30s', '-n', 'NS'], setup: [EMPTY_DEPLOY]}],
  ['logs: a bare pod name does not wait', {args: ['logs', 'nope', '--pod-running-timeout=30s', '-n', 'NS']}],
  ['port-forward: zero timeout is a usage error', {args: ['port-forward', 'deploy/z', '80', '--pod-running-timeout=0', '-n', 'NS'], setup: [EMPTY_DEPLOY]}],
  ['port-forward: timeout without a unit', {args: ['port-forward', 'deploy/z', '80', '--pod-running-timeout=5', '-n', 'NS'], setup: [EMPTY_DEPLOY]}],
  ['port-forward: the timeout expires with no pod', {args: ['port-forward', 'deploy/z', '80', '--pod-running-timeout=1500ms', '-n', 'NS'], setup: [EMPTY_DEPLOY]}],
]

/** Runs argv on one side while the deployment is scaled up `afterMs` into the wait; returns the result and its duration. */
async function withLateScale(side: 'kubectl' | 'kctl', ns: string, args: string[], afterMs: number): Promise<RunResult & {ms: number}> {
  const mk = await sb.kubectl(EMPTY_DEPLOY.map((a) => (a === 'NS' ? ns : a)))
  if (mk.code !== 0) throw new Error(mk.stderr)
  const t0 = Date.now()
  const run = sb[side](args.map((a) => (a === 'NS' ? ns : a)), {timeoutMs: 60000})
  await sleep(afterMs)
  const sc = await sb.kubectl(['scale', 'deploy/z', '--replicas=1', '-n', ns])
  if (sc.code !== 0) throw new Error(sc.stderr)
  const r = await run
  return {...r, ms: Date.now() - t0}
}

// The pod kubectl picks is the one in the first ADDED event, still Pending: the server then refuses its logs. Whether it
// says "no host assigned" or "waiting to start" depends only on how far the sandbox's scheduler got; both mean the same.
const notStarted = (s: string, ns: string) => s.split(ns).join('NS').replace(/z-[a-z0-9]+-[a-z0-9]+/g, 'z-<pod>')
  .replace(/Error from server \(BadRequest\): (pod "?z-<pod>"? does not have a host assigned|container "busybox" in pod "z-<pod>" is waiting to start: ContainerCreating)/, 'Error from server (BadRequest): <pod not started>')

describe('--pod-running-timeout: kubectl vs kctl', () => {
  beforeAll(async () => {
    if (haveKubectl) sb = await startTestSandbox({nodes: 1})
  }, 120000)
  afterAll(async () => {
    await sb?.stop()
  })

  test.each(cases)('%s', async (_name, c) => {
    if (!haveKubectl) return
    const [theirs, mine] = await runBoth(sb, c, await sb.namespace('k'), await sb.namespace('c'))
    expect(mine).toEqual(theirs)
  }, 60000)

  test('logs: the expired wait took the timeout, not less, and not much more', async () => {
    if (!haveKubectl) return
    const ns = await sb.namespace('c')
    await sb.kubectl(EMPTY_DEPLOY.map((a) => (a === 'NS' ? ns : a)))
    const t0 = Date.now()
    const r = await sb.kctl(['logs', 'deploy/z', '--pod-running-timeout=2s', '-n', ns])
    const ms = Date.now() - t0
    expect({code: r.code, stdout: r.stdout, stderr: r.stderr}).toEqual({code: 1, stdout: '', stderr: 'error: timed out waiting for the condition\n'})
    expect(ms).toBeGreaterThanOrEqual(2000)
    expect(ms).toBeLessThan(8000)
  }, 30000)

  test.each([
    ['logs', ['logs', 'deploy/z', '--pod-running-timeout=30s', '-n', 'NS']],
    ['logs -f', ['logs', '-f', 'deploy/z', '--pod-running-timeout=30s', '-n', 'NS']],
    ['port-forward', ['port-forward', 'deploy/z', '80', '--pod-running-timeout=30s', '-n', 'NS']],
  ])('%s: a pod created during the wait is picked up, as kubectl does', async (_name, args) => {
    if (!haveKubectl) return
    const nsK = await sb.namespace('k')
    const nsC = await sb.namespace('c')
    const k = await withLateScale('kubectl', nsK, args, 1500)
    const m = await withLateScale('kctl', nsC, args, 1500)
    const side = (r: RunResult, ns: string) => ({code: r.code, stdout: notStarted(r.stdout, ns), stderr: notStarted(r.stderr.replace(/\bkubectl\b/g, 'kctl'), ns)})
    expect(side(m, nsC)).toEqual(side(k, nsK))
    // Both waited for the pod (the scale happened 1.5 s in) and neither waited for the 30 s timeout.
    for (const r of [k, m]) {
      expect(r.ms).toBeGreaterThanOrEqual(1500)
      expect(r.ms).toBeLessThan(15000)
    }
    expect(m.code).toBe(1)
    expect(side(m, nsC).stderr).toMatch(args[0] === 'logs' ? /^Error from server \(BadRequest\): <pod not started>\n$/ : /^error: unable to forward port because pod is not running\. Current status=Pending\n$/)
  }, 60000)
})
