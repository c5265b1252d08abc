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

const best = (f, n = 3) => {
  let b
  for (let i = 0; i < n; i++) {
    const x = f()
    if (!b || x.ms < b.ms) b = x
  }
  return b
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
  const logsK = best(() => run('kctl', ['logs', 'logger'], sink))
  const logsO = best(() => run('kubectl', ['logs', 'logger'], sink))
  if (logsK.bytes !== BYTES || logsO.bytes !== BYTES) throw new Error(`log sizes ${logsK.bytes} / ${logsO.bytes}, expected ${BYTES}`)
  rows.push(['logs', logsK.ms, logsO.ms])

  const big = path.join(sb.work, 'big.bin')
  const fd = fs.openSync(big, 'w')
  const chunk = Buffer.alloc(1 << 20)
  for (let i = 0; i < MB; i++) {
    for (let j = 0; j < chunk.length; j += 4) chunk.writeUInt32LE((i * 2654435761 + j) >>> 0, j)
    fs.writeSync(fd, chunk)
  }
  fs.closeSync(fd)
  const upK = best(() => run('kctl', ['cp', big, 'store:/tmp/big-kctl'], sink), 2)
  const upO = best(() => run('kubectl', ['cp', big, 'store:/tmp/big-kubectl'], sink), 2)
  rows.push(['cp to pod', upK.ms, upO.ms])
  const backK = path.join(sb.work, 'back-kctl')
  const backO = path.join(sb.work, 'back-kubectl')
  const downK = best(() => run('kctl', ['cp', 'store:/tmp/big-kctl', backK], sink), 2)
  const downO = best(() => run('kubectl', ['cp', 'store:/tmp/big-kubectl', backO], sink), 2)
  for (const f of [backK, backO]) if (fs.statSync(f).size !== BYTES) throw new Error(`${f}: wrong size`)
  rows.push(['cp from pod', downK.ms, downO.ms])

  console.log(`${MB} MB each; best of runs; ratio = kubectl / kctl (>1: kctl faster)`)
  console.log('operation      kctl ms   kubectl ms   kctl MB/s   kubectl MB/s   ratio')
  for (const [name, a, b] of rows) {
    console.log(`${name.padEnd(14)} ${a.toFixed(0).padStart(7)}   ${b.toFixed(0).padStart(10)}   ${(MB / (a / 1000)).toFixed(1).padStart(9)}   ${(MB / (b / 1000)).toFixed(1).padStart(12)}   ${(b / a).toFixed(2).padStart(5)}`)
  }
} finally {
  sb.stop()
}
