// Loads a bundle (dist/kctl.cjs, dist/complete.cjs: scripts/bundle.js) so that a start skips compiling what it
// compiled before.
// - Node >= 22.1: a plain require() with Node's own compile cache, kept in the user's cache directory.
// - Node 20: vm.Script with the V8 code cache written next to it at build time (scripts/code-cache.js).
// V8 checks a cache against the source, its own version and flags, and compiles normally when it does not fit.
const {createRequire, Module} = require('node:module')
const {mkdirSync, readFileSync, writeFileSync} = require('node:fs')
const {homedir} = require('node:os')
const {dirname, join} = require('node:path')
const {Script} = require('node:vm')

/** Absolute path of a bundle by name ('kctl', 'complete'); its build-time code cache is `${path}.cache`. */
const bundlePath = (name) => join(__dirname, '..', 'dist', `${name}.cjs`)

// The bundle imports the ES modules it keeps outside (client-node) through this hook, which belongs to a real module:
// functions compiled from a vm code cache lose their own import().
globalThis[Symbol.for('kctl.import')] = (specifier) => import(specifier)

const scripts = new Map()

/**
 * A bundle's exports (kctl: {main, COMMANDS}; complete: {complete}), evaluated once per process.
 * `compileCache: false` for the build itself: no cache is read or kept.
 */
function loadBundle(name, {compileCache = true} = {}) {
  const file = bundlePath(name)
  if (Module._cache[file]) return Module._cache[file].exports
  if (typeof Module.enableCompileCache === 'function') {
    if (compileCache) Module.enableCompileCache(userCacheDir())
    return require(file)
  }
  let cachedData
  try {
    // The build compiles from source, so that its cache holds what its own runs compiled and nothing older.
    if (compileCache) cachedData = readFileSync(`${file}.cache`)
  } catch {
    // not built yet: compile from source
  }
  // The build keeps bundles ASCII (scripts/bundle.js), so latin1 reads them as UTF-8 would, without decoding.
  const script = new Script(Module.wrap(readFileSync(file, 'latin1')), {filename: file, cachedData})
  scripts.set(name, script)
  const module = new Module(file)
  module.filename = file
  module.paths = Module._nodeModulePaths(dirname(file))
  // Registered before it runs, so that oclif's require() of the command table (package.json "oclif.commands") gets
  // this instance rather than a second copy.
  Module._cache[file] = module
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file))
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

/** Writes a bundle's build-time code cache (Node 20's), holding every function it compiled so far. */
function writeCodeCache(name) {
  const script = scripts.get(name)
  if (script) writeFileSync(`${bundlePath(name)}.cache`, script.createCachedData())
}

module.exports = {bundlePath, loadBundle, writeCodeCache}
