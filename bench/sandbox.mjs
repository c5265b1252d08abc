#!/usr/bin/env node
// The sandbox at scale: listing 10,000 pods as a Table (goal ≤ 1 s), starting with 1000 nodes (goal < 30 s), and the
// idle CPU of that 1000-node sandbox (goal < 5 % of one core).
import * as fs from 'node:fs'
import {client, fmt, pool, startSandbox, timed} from './lib.mjs'

const PODS = Number(process.env.PODS ?? 10_000)
const NODES = Number(process.env.NODES ?? 1000)
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const verdict = (ok) => (ok ? 'met' : 'MISSED')

// 1. 10,000 pods, no nodes (they stay Pending, so only the API server works).
{
  const sb = startSandbox(['--nodes', '0', '--wait', '60'])
  const api = client(sb)
  try {
    await api.request('POST', '/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'bench'}})
    const t0 = performance.now()
    const names = Array.from({length: PODS}, (_, i) => `pod-${String(i).padStart(5, '0')}`)
    let failed = 0
    await pool(names, 32, async (name) => {
      const r = await api.request('POST', '/api/v1/namespaces/bench/pods', {
        apiVersion: 'v1', kind: 'Pod', metadata: {name, labels: {app: 'bench'}}, spec: {containers: [{name: 'app', image: 'nginx'}]},
      })
      if (r.status !== 201) failed++
    })
    const createMs = performance.now() - t0
    if (failed) throw new Error(`${failed} pod creates failed`)
    console.log(`created ${PODS} pods through the API in ${fmt(createMs)} (${(PODS / (createMs / 1000)).toFixed(0)}/s)`)

    const tables = []
    let rows = 0
    for (let i = 0; i < 5; i++) {
      const s = performance.now()
      const r = await api.request('GET', '/api/v1/namespaces/bench/pods', undefined, {accept: TABLE})
      tables.push(performance.now() - s)
      if (r.status !== 200) throw new Error(`list failed: ${r.status}`)
      rows = JSON.parse(r.body.toString('utf8')).rows.length
    }
    const tableMs = median(tables)
    console.log(`list ${rows} pods as a Table, one request: median ${fmt(tableMs)} of 5 (goal <= 1 s: ${verdict(tableMs <= 1000)})`)
    for (const [label, extra] of [['default chunks of 500', []], ['one request (--chunk-size=0)', ['--chunk-size=0']]]) {
      const k = timed(sb, 'kctl', ['get', 'pods', '-n', 'bench', ...extra])
      const o = timed(sb, 'kubectl', ['get', 'pods', '-n', 'bench', ...extra])
      const lines = (s) => s.trim().split('\n').length - 1
      console.log(`get pods -n bench, ${label}: kctl ${fmt(k.ms)} (${lines(k.stdout)} rows), kubectl ${fmt(o.ms)} (${lines(o.stdout)} rows)`)
    }
  } finally {
    api.close()
    sb.stop()
  }
}

// 2. 1000 nodes: start time, then idle CPU of the server process.
{
  const sb = startSandbox(['--nodes', String(NODES), '--wait', '300'])
  try {
    console.log(`sandbox start with ${NODES} nodes (until all Ready): ${fmt(sb.startMs)} (goal < 30 s: ${verdict(sb.startMs < 30_000)})`)
    const nodes = timed(sb, 'kubectl', ['get', 'nodes', '--no-headers'])
    const ready = nodes.stdout.trim().split('\n').filter((l) => / Ready /.test(l)).length
    console.log(`  kubectl get nodes: ${ready} Ready`)
    const ticks = () => {
      const f = fs.readFileSync(`/proc/${sb.endpoint.pid}/stat`, 'utf8')
      const fields = f.slice(f.lastIndexOf(')') + 2).split(' ')
      return Number(fields[11]) + Number(fields[12]) // utime + stime, in clock ticks (USER_HZ, 100 on Linux)
    }
    await new Promise((r) => setTimeout(r, 5000))
    const seconds = Number(process.env.IDLE_SECONDS ?? 30)
    const a = ticks()
    await new Promise((r) => setTimeout(r, seconds * 1000))
    const pct = (ticks() - a) / seconds // ticks per second at 100 Hz = percent of one core
    console.log(`  idle CPU over ${seconds} s (after 5 s settling): ${pct.toFixed(1)} % of one core (goal < 5 %: ${verdict(pct < 5)})`)
  } finally {
    sb.stop()
  }
}
