#!/usr/bin/env node
// Writes dist/kctl.cjs.cache and dist/complete.cjs.cache (run by `npm run build`, last; Node 20 uses them, see
// bin/load-bundle.js): loads each bundle, runs a few everyday commands so that their code is compiled, and saves V8's
// code cache for bin/run.js to reuse. A function compiled here is one a user's start does not compile: against a
// sandbox of its own, `get` warms the client, discovery and the printers (~20 ms of a `get pods`), and a pod warms
// logs, exec and cp. When no sandbox can start here, the cache holds what `version --client` compiles.
import {mkdtempSync, rmSync} from 'node:fs'
import {createRequire} from 'node:module'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const {loadBundle, writeCodeCache} = createRequire(import.meta.url)('../bin/load-bundle.js')
const root = new URL('..', import.meta.url).pathname

const out = process.stdout.write
const err = process.stderr.write
// Output is dropped; write callbacks still run, as the commands wait for them.
const drop = (_chunk, encoding, callback) => {
  const done = typeof encoding === 'function' ? encoding : callback
  if (done) process.nextTick(done)
  return true
}
process.stdout.write = drop
process.stderr.write = drop

// A private HOME and kubeconfig: nothing of the user's is read or written.
const home = mkdtempSync(join(tmpdir(), 'kctl-code-cache-'))
const data = join(home, 'sandbox')
process.env.HOME = home
process.env.KUBECONFIG = join(home, 'kubeconfig')
delete process.env.NODE_EXTRA_CA_CERTS

const kctl = loadBundle('kctl', {compileCache: false})
const run = async (...argv) => {
  await kctl.main(argv, root)
  const ok = !process.exitCode
  process.exitCode = 0
  return ok
}
try {
  await run('version', '--client')
  if (await run('sandbox', 'start', '--data-dir', data, '--port', '0', '--nodes', '1', '--wait', '60')) {
    await run('get', 'pods', '-A')
    await run('get', 'pods', '-n', 'kube-system', '-o', 'wide')
    await run('get', 'nodes', '-o', 'yaml')
    await run('get', 'pods', '-n', 'kube-system', '-o', 'jsonpath={.items[*].metadata.name}')
    // The debugging commands' paths (exec channel, cp's frame and tar readers, logs), through one short-lived pod.
    if (await run('run', 'warm', '--image=busybox', '--restart=Never', '--', 'sh', '-c', 'echo warm; sleep 30') &&
      (await run('wait', '--for=condition=Ready', 'pod/warm', '--timeout=30s'))) {
      await run('logs', 'warm')
      await run('exec', 'warm', '--', 'true')
      await run('cp', 'warm:/etc/hostname', join(home, 'hostname'))
    }
  }
} finally {
  await run('sandbox', 'delete', '--data-dir', data).catch(() => false)
  rmSync(home, {recursive: true, force: true})
}
writeCodeCache('kctl')

// A TAB ends its process as soon as the answer is written (complete.ts): its cache is written on the way out.
process.once('exit', () => {
  process.stdout.write = out
  process.stderr.write = err
  writeCodeCache('complete')
})
await loadBundle('complete', {compileCache: false}).complete(['get', '-o', ''], {descriptions: true})
