// Differential testing: the same argv through real kubectl and kctl against one sandbox, each in its own namespace;
// stdout, stderr (kctl's hint lines aside) and exit code must match, and so must the objects left behind.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import {startTestSandbox, type TestSandbox} from './sandbox.js'
import {normalizeAges, requireKubectl, type RunResult} from './cli.js'

/** One side's outcome, normalised. */
export interface Side {
  stdout: string
  stderr: string
  code: number
  objects?: unknown
}

/** What a differential case does. */
export interface DiffCase {
  /** argv after the tool name; `NS` is replaced by the side's namespace. */
  args: string[]
  /** Commands (kubectl argv, NS replaced) run before the case on each side. */
  setup?: string[][]
  stdin?: string
  /** `get` argv whose `-o json` result (stripped of volatile fields) must match after the case. */
  objects?: string[]
  /** The directory both tools run in, so that a file is named as the user typed it. */
  cwd?: string
  /** argv as the user types it, without -n: each side's namespace comes from its own kubeconfig's context. */
  contextNamespace?: boolean
  /** Extra normalisation of both sides' text. */
  normalize?: (s: string) => string
}

/** Removes what differs between two equal objects made at different times. */
export function stripVolatile(v: any): any {
  if (Array.isArray(v)) return v.map(stripVolatile)
  if (v && typeof v === 'object') {
    const out: any = {}
    for (const [k, x] of Object.entries(v)) {
      if (['uid', 'resourceVersion', 'creationTimestamp', 'time', 'managedFields', 'generation', 'clusterIP', 'clusterIPs', 'nodePort',
        'podIP', 'podIPs', 'hostIP', 'hostIPs', 'startTime', 'timeAdded', 'lastTransitionTime', 'lastProbeTime', 'lastUpdateTime', 'startedAt', 'finishedAt', 'containerID', 'nodeName'].includes(k)) continue
      if (k === 'namespace' || k === 'status') continue
      if (k === 'pod-template-hash' || k === 'kubectl.kubernetes.io/last-applied-configuration') continue
      if (k === 'name' && typeof x === 'string' && /^kube-api-access-/.test(x)) continue
      out[k] = stripVolatile(x)
    }
    return out
  }
  return v
}

function clean(r: RunResult, ns: string, extra?: (s: string) => void | string): Side {
  const norm = (s: string) => {
    let t = normalizeAges(s.split(ns).join('NS')).replace(/\bkubectl\b/g, 'KCTL').replace(/\bkctl\b/g, 'KCTL')
    t = t.replace(/^[IWE]\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ /gm, '<klog> ')
    t = t.replace(/\b(\d{1,3}\.){3}\d{1,3}\b/g, '<ip>').replace(/\b3\d{4}\b/g, '<nodeport>')
    t = t.replace(/-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '-<hash>').replace(/-[bcdfghjklmnpqrstvwxz2456789]{8,10}-/g, '-<rs>-')
    return typeof extra === 'function' ? (extra(t) as string) ?? t : t
  }
  return {
    stdout: norm(r.stdout),
    stderr: norm(r.stderr.split('\n').filter((l) => !l.startsWith('hint: ')).join('\n')),
    code: r.code,
  }
}

/** Runs a case on both sides and returns [kubectl, kctl]. */
export async function runBoth(sb: TestSandbox, c: DiffCase, nsK: string, nsC: string): Promise<[Side, Side]> {
  const sub = (argv: string[], ns: string) => argv.map((a) => a.replace(/\bNS\b/g, ns))
  for (const [ns] of [[nsK], [nsC]]) {
    for (const s of c.setup ?? []) {
      const r = await sb.kubectl(sub(s, ns))
      if (r.code !== 0) throw new Error(`setup ${s.join(' ')} failed: ${r.stderr}`)
    }
  }
  const run = async (ns: string) => {
    if (!c.contextNamespace) return {stdin: c.stdin, cwd: c.cwd}
    const kubeconfig = `${sb.kubeconfig}.${ns}`
    fs.copyFileSync(sb.kubeconfig, kubeconfig)
    const r = await sb.kubectl(['config', 'set-context', '--current', `--namespace=${ns}`], {kubeconfig})
    if (r.code !== 0) throw new Error(`config set-context failed: ${r.stderr}`)
    return {stdin: c.stdin, cwd: c.cwd, kubeconfig}
  }
  const k = await sb.kubectl(sub(c.args, nsK), await run(nsK))
  const m = await sb.kctl(sub(c.args, nsC), await run(nsC))
  const ks = clean(k, nsK, c.normalize)
  const ms = clean(m, nsC, c.normalize)
  if (c.objects) {
    const ko = await sb.kubectl([...sub(c.objects, nsK), '-o', 'json'])
    const mo = await sb.kubectl([...sub(c.objects, nsC), '-o', 'json'])
    ks.objects = ko.code === 0 ? stripVolatile(JSON.parse(ko.stdout)) : ko.stderr.split(nsK).join('NS')
    ms.objects = mo.code === 0 ? stripVolatile(JSON.parse(mo.stdout)) : mo.stderr.split(nsC).join('NS')
  }
  return [ks, ms]
}

/**
 * Declares one jest describe block that starts a sandbox and runs every case through kubectl and kctl in fresh
 * namespaces, expecting equal results. Skips (with a printed reason) when kubectl is missing, fails under CI=true.
 */
export function describeDifferential(title: string, cases: [string, DiffCase][], opts: {nodes?: number; timeoutMs?: number} = {}): void {
  const haveKubectl = requireKubectl(title)
  let sb: TestSandbox | undefined
  describe(title, () => {
    beforeAll(async () => {
      if (haveKubectl) sb = await startTestSandbox({nodes: opts.nodes})
    }, 120000)
    afterAll(async () => {
      await sb?.stop()
    })
    test.each(cases)('%s', async (_name, c) => {
      if (!haveKubectl || !sb) return
      const nsK = await sb.namespace('k')
      const nsC = await sb.namespace('c')
      const [theirs, mine] = await runBoth(sb, c, nsK, nsC)
      expect(mine).toEqual(theirs)
    }, opts.timeoutMs ?? 60000)
  })
}
