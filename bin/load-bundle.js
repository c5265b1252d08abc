// Loads dist/kctl.cjs (scripts/bundle.js) so that a start skips compiling what it compiled before.
// - Node >= 22.1: a plain require() with Node's own compile cache, kept in the user's cache directory.
// - Node 20: vm.Script with the V8 code cache written next to the bundle at build time (scripts/code-cache.js).
// V8 checks a cache against the source, its own version and flags, and compiles normally when it does not fit.
const {createRequire, Module} = require('node:module')
const {mkdirSync, readFileSync, writeFileSync} = require('node:fs')
const {homedir} = require('node:os')
const {dirname, join} = require('node:path')
const {Script} = require('node:vm')

/** Absolute paths of the bundle and of its build-time code cache. */
const bundlePath = join(__dirname, '..', 'dist', 'kctl.cjs')
const cachePath = `${bundlePath}.cache`

// The bundle imports the ES modules it keeps outside (client-node) through this hook, which belongs to a real module:
// functions compiled from a vm code cache lose their own import().
globalThis[Symbol.for('kctl.import')] = (specifier) => import(specifier)

let script

/** The bundle's exports ({main, COMMANDS}); evaluated once per process. `compileCache: false` for the build itself. */
function loadBundle({compileCache = true} = {}) {
  if (Module._cache[bundlePath]) return Module._cache[bundlePath].exports
  if (typeof Module.enableCompileCache === 'function') {
    if (compileCache) Module.enableCompileCache(userCacheDir())
    return require(bundlePath)
  }
  let cachedData
  try {
    cachedData = readFileSync(cachePath)
  } catch {
    // not built yet: compile from source
  }
  script = new Script(Module.wrap(readFileSync(bundlePath, 'utf8')), {filename: bundlePath, cachedData})
  const module = new Module(bundlePath)
  module.filename = bundlePath
  module.paths = Module._nodeModulePaths(dirname(bundlePath))
  // Registered before it runs, so that oclif's require() of the command table (package.json "oclif.commands") gets
  // this instance rather than a second copy.
  Module._cache[bundlePath] = module
  script.runInThisContext().call(module.exports, module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath))
  module.loaded = true
  return module.exports
}

/** kctl's directory in the user's cache, private to the user. */
function userCacheDir() {
  const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kctl')
  try {
    mkdirSync(dir, {recursive: true, mode: 0o700})
  } catch {
    // unwritable: Node then runs without its compile cache
  }
  return dir
}

/** Writes the build-time code cache (Node 20's), holding every function the loaded bundle compiled so far. */
function writeCodeCache() {
  if (script) writeFileSync(cachePath, script.createCachedData())
}

module.exports = {bundlePath, cachePath, loadBundle, writeCodeCache}
