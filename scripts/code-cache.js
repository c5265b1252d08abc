#!/usr/bin/env node
// Writes dist/kctl.cjs.cache and dist/complete.cjs.cache (run by `npm run build`, last; Node 20 uses them, see
// bin/load-bundle.js): loads each bundle, runs a few everyday commands so that their code is compiled, and saves V8's
// code cache for bin/run.js to reuse. A function compiled here is one a user's start does not compile: against a
// sandbox of its own, `get pods` warms the client, discovery and the table printer (~15 ms of every server command).
// Only that: every start deserialises the whole cache, so each path added here costs the others (measured: warming
// logs, exec, cp and three more printers made `version --client` ~8 ms slower). When no sandbox can start here, the
// cache holds what `version --client` compiles.
import {spawnSync} from 'node:child_process'
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
// The sandbox is started and removed by child processes, so that its client-side code stays out of this cache.
const sandbox = (...argv) => spawnSync(process.execPath, [join(root, 'bin', 'run.js'), 'sandbox', ...argv, '--data-dir', data], {env: process.env, stdio: 'ignore'}).status === 0
try {
  await run('version', '--client')
  if (sandbox('start', '--port', '0', '--nodes', '1', '--wait', '60')) await run('get', 'pods', '-A')
} finally {
  sandbox('delete')
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
