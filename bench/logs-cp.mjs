#!/usr/bin/env node
// Throughput of `logs` (100 MB of log) and `cp` (100 MB each way), kctl against kubectl on one sandbox; prints the
// ratios (kubectl time / kctl time: above 1 means kctl is faster). SIZE_MB overrides the size.
import {spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {KUBECTL, ROOT, startSandbox} from './lib.mjs'

const MB = Number(process.env.SIZE_MB ?? 100)
const BYTES = MB * 1024 * 1024
const sb = startSandbox(['--nodes', '1', '--wait', '120'])

/** Runs a tool with stdout into a file; returns {ms, bytes}. */
function run(which, args, outFile) {
  const [cmd, pre] = which === 'kctl' ? [process.execPath, [path.join(ROOT, 'bin', 'run.js')]] : [KUBECTL, []]
  const fd = fs.openSync(outFile, 'w')
  const t0 = performance.now()
  const r = spawnSync(cmd, [...pre, ...args], {env: sb.env, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8'})
  const ms = performance.now() - t0
  fs.closeSync(fd)
  if (r.status !== 0) throw new Error(`${which} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 1000)}`)
  return {ms, bytes: fs.statSync(outFile).size}
}

const RUNS = Number(process.env.RUNS ?? 5)

/**
 * Runs the two tools alternately RUNS times (so that load from other work on the machine hits both alike) and returns
 * each one's best and median. The machine is shared: the median is the figure to trust, the best shows the floor.
 */
function pair(a, b, n = RUNS) {
  const xs = [], ys = []
  for (let i = 0; i < n; i++) {
    xs.push(a())
    ys.push(b())
  }
  const stat = (v) => {
    const ms = v.map((x) => x.ms).sort((p, q) => p - q)
    return {best: ms[0], median: ms[Math.floor(ms.length / 2)], bytes: v[0].bytes}
  }
  return [stat(xs), stat(ys)]
}

try {
  const line = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(3)
  const k = (args) => spawnSync(KUBECTL, args, {env: sb.env, encoding: 'utf8'})
  k(['run', 'logger', '--image=busybox', '--', 'sh', '-c', `yes ${line} | head -c ${BYTES}; sleep 36000`])
  k(['run', 'store', '--image=busybox', '--', 'sleep', '36000'])
  k(['wait', '--for=condition=Ready', 'pod/logger', 'pod/store', '--timeout=120s'])
  const sink = path.join(sb.work, 'sink')
  // Wait until the whole log is written.
  for (let i = 0; i < 600; i++) {
    if (run('kctl', ['logs', 'logger'], sink).bytes >= BYTES) break
    await new Promise((r) => setTimeout(r, 500))
  }
  const rows = []
  const [logsK, logsO] = pair(() => run('kctl', ['logs', 'logger'], sink), () => run('kubectl', ['logs', 'logger'], sink), Math.min(RUNS, 3))
  if (logsK.bytes !== BYTES || logsO.bytes !== BYTES) throw new Error(`log sizes ${logsK.bytes} / ${logsO.bytes}, expected ${BYTES}`)
  rows.push(['logs', logsK, logsO])

  const big = path.join(sb.work, 'big.bin')
  const fd = fs.openSync(big, 'w')
  const chunk = Buffer.alloc(1 << 20)
  for (let i = 0; i < MB; i++) {
    for (let j = 0; j < chunk.length; j += 4) chunk.writeUInt32LE((i * 2654435761 + j) >>> 0, j)
    fs.writeSync(fd, chunk)
  }
  fs.closeSync(fd)
  const [upK, upO] = pair(() => run('kctl', ['cp', big, 'store:/tmp/big-kctl'], sink), () => run('kubectl', ['cp', big, 'store:/tmp/big-kubectl'], sink))
  rows.push(['cp to pod', upK, upO])
  const backK = path.join(sb.work, 'back-kctl')
  const backO = path.join(sb.work, 'back-kubectl')
  const [downK, downO] = pair(() => run('kctl', ['cp', 'store:/tmp/big-kctl', backK], sink), () => run('kubectl', ['cp', 'store:/tmp/big-kubectl', backO], sink))
  for (const f of [backK, backO]) if (fs.statSync(f).size !== BYTES) throw new Error(`${f}: wrong size`)
  rows.push(['cp from pod', downK, downO])
  // The fixed cost of one cp (process start, pod lookup, connection): a one-line file.
  const [tinyK, tinyO] = pair(() => run('kctl', ['cp', 'store:/etc/hostname', path.join(sb.work, 'tiny-kctl')], sink), () => run('kubectl', ['cp', 'store:/etc/hostname', path.join(sb.work, 'tiny-kubectl')], sink))
  rows.push(['cp tiny file', tinyK, tinyO])

  console.log(`${MB} MB each; ${RUNS} alternating runs; ratio = kubectl / kctl (>1: kctl faster), on medians (best in brackets)`)
  console.log('operation        kctl ms (best)   kubectl ms (best)   kctl MB/s   kubectl MB/s   ratio (best)')
  for (const [name, a, b] of rows) {
    const mbs = (x) => (name === 'cp tiny file' ? '-' : (MB / (x.median / 1000)).toFixed(1))
    console.log(`${name.padEnd(16)} ${`${a.median.toFixed(0)} (${a.best.toFixed(0)})`.padStart(14)}   ${`${b.median.toFixed(0)} (${b.best.toFixed(0)})`.padStart(17)}   ${mbs(a).padStart(9)}   ${mbs(b).padStart(12)}   ${(b.median / a.median).toFixed(2)} (${(b.best / a.best).toFixed(2)})`)
  }
  // The transfer alone: a 100 MB copy minus the fixed cost measured with the tiny file.
  const t = (x, y) => (x.median - y.median)
  console.log(`cp from pod, transfer alone (minus the tiny-file cost): ratio ${(t(downO, tinyO) / t(downK, tinyK)).toFixed(2)}`)
} finally {
  sb.stop()
}
