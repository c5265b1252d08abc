#!/usr/bin/env node
// Writes dist/kctl.cjs.cache and dist/complete.cjs.cache (run by `npm run build`, last; Node 20 uses them, see
// bin/load-bundle.js): loads each bundle, runs `kctl version --client` and a static `kctl __complete` so that start-up
// code and the common paths are compiled, and saves V8's code cache for bin/run.js to reuse.
import {createRequire} from 'node:module'

const {loadBundle, writeCodeCache} = createRequire(import.meta.url)('../bin/load-bundle.js')

const out = process.stdout.write
// Output is dropped; write callbacks still run, as the commands wait for them.
process.stdout.write = (_chunk, encoding, callback) => {
  const done = typeof encoding === 'function' ? encoding : callback
  if (done) process.nextTick(done)
  return true
}
await loadBundle('kctl', {compileCache: false}).main(['version', '--client'], new URL('..', import.meta.url).pathname)
writeCodeCache('kctl')
// A TAB ends its process as soon as the answer is written (complete.ts): the cache is written on the way out.
process.once('exit', () => {
  process.stdout.write = out
  writeCodeCache('complete')
})
await loadBundle('complete', {compileCache: false}).complete(['get', '-o', ''], {descriptions: true})
