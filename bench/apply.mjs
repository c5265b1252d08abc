#!/usr/bin/env node
// `apply -f DIR` of 500 objects (ConfigMaps and Deployments, one file each) into an empty namespace, then again
// unchanged; kctl against kubectl on the same sandbox. Goal: kctl ≥ 4× faster than kubectl.
import * as fs from 'node:fs'
import * as path from 'node:path'
import {fmt, startSandbox, timed} from './lib.mjs'

const COUNT = Number(process.env.COUNT ?? 500)
const sb = startSandbox(['--nodes', '1', '--wait', '120'])
try {
  const dir = path.join(sb.work, 'objects')
  fs.mkdirSync(dir)
  for (let i = 0; i < COUNT; i++) {
    const name = `obj-${String(i).padStart(4, '0')}`
    // Deployments have 0 replicas so that the timing is apply's, not the controllers' and kubelet's.
    const doc = i % 2 === 0
      ? `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  labels: {bench: apply}\ndata:\n  key: value-${i}\n  other: "${'x'.repeat(64)}"\n`
      : `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  labels: {bench: apply}\nspec:\n  replicas: 0\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers: [{name: app, image: nginx:1.27, ports: [{containerPort: 80}]}]\n`
    fs.writeFileSync(path.join(dir, `${name}.yaml`), doc)
  }
  for (const ns of ['bench-kctl', 'bench-kubectl']) timed(sb, 'kubectl', ['create', 'namespace', ns])
  // Warm both discovery caches so that the first apply does not pay for discovery alone.
  timed(sb, 'kctl', ['get', 'configmaps', '-n', 'default'])
  timed(sb, 'kubectl', ['get', 'configmaps', '-n', 'default'])

  const rows = []
  for (const phase of ['create', 'unchanged']) {
    const k = timed(sb, 'kctl', ['apply', '-f', dir, '-n', 'bench-kctl'])
    const o = timed(sb, 'kubectl', ['apply', '-f', dir, '-n', 'bench-kubectl'])
    const lines = (s) => s.trim().split('\n').length
    if (lines(k.stdout) !== COUNT || lines(o.stdout) !== COUNT) throw new Error(`expected ${COUNT} lines, got kctl ${lines(k.stdout)}, kubectl ${lines(o.stdout)}`)
    rows.push({phase, k: k.ms, o: o.ms})
  }
  console.log(`apply -f DIR with ${COUNT} objects (${COUNT / 2} ConfigMaps, ${COUNT / 2} Deployments)`)
  for (const r of rows) {
    const speedup = r.o / r.k
    console.log(`  ${r.phase.padEnd(10)} kctl ${fmt(r.k).padStart(8)}  kubectl ${fmt(r.o).padStart(8)}  kctl is ${speedup.toFixed(2)}x faster (goal >= 4x: ${speedup >= 4 ? 'met' : 'MISSED'})`)
  }
} finally {
  sb.stop()
}
