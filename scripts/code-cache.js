#!/usr/bin/env node
// Writes dist/kctl.cjs.cache (run by `npm run build`, last; Node 20 uses it, see bin/load-bundle.js): loads the
// bundle, runs `kctl version --client` so that start-up code and the common command path are compiled, and saves V8's
// code cache for bin/run.js to reuse.
import {createRequire} from 'node:module'

const {loadBundle, writeCodeCache} = createRequire(import.meta.url)('../bin/load-bundle.js')

const kctl = loadBundle({compileCache: false})
const out = process.stdout.write
// Output is dropped; write callbacks still run, as the command waits for them.
process.stdout.write = (_chunk, encoding, callback) => {
  const done = typeof encoding === 'function' ? encoding : callback
  if (done) process.nextTick(done)
  return true
}
try {
  await kctl.main(['version', '--client'], new URL('..', import.meta.url).pathname)
} finally {
  process.stdout.write = out
}
writeCodeCache()
