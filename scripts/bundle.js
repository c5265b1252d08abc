#!/usr/bin/env node
// Builds dist/kctl.cjs, the one file every kctl command runs from, and dist/complete.cjs for `kctl __complete` (run by
// `npm run build`, after tsc).
//
// Why: starting kctl used to mean resolving and compiling ~250 separate files (oclif's alone cost ~120 ms), for a
// command that kubectl starts in ~50 ms. One CommonJS file is read once, and bin/run.js compiles it with V8's code
// cache (scripts/code-cache.js), so a start costs little more than node's own. CommonJS because Node 20's vm module
// can only use a code cache for scripts.
//
// Left outside the bundle, loaded from node_modules only when a command needs them: @kubernetes/client-node (large,
// ESM; legacy auth-provider plugins only, loaded through src/lib/client/k8s.ts) and inquirer. The sandbox is its own
// process (dist/sandbox/main.js) and is not bundled.
import * as esbuild from 'esbuild'
import {readFile, writeFile} from 'node:fs/promises'
import {Script} from 'node:vm'

const root = new URL('..', import.meta.url)

/**
 * Edits to oclif's sources (and one of its dependencies) as they enter the bundle, each for start-up time and each
 * checked: the build fails when the text changes, so that the edit is reviewed rather than silently dropped. `file` is
 * under @oclif/core/lib unless it names its package.
 */
const OCLIF_PATCHES = [
  // Commands are sorted with localeCompare; its first call initialises ICU's collator (~8 ms). Code-unit order gives
  // the same order for kctl's lowercase ASCII command ids.
  {file: '@oclif/core/lib/config/plugin.js', from: '.sort((a, b) => a.id.localeCompare(b.id))', to: '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))'},
  // Config.load tells WSL from Linux by loading wsl-utils, is-wsl, is-inside-container and child_process and reading
  // /proc files. oclif uses the answer only in its user-agent string, which kctl never sends.
  {file: '@oclif/core/lib/util/os.js', from: "(await import('wsl-utils')).isWsl ? 'wsl' : (0, node_os_1.platform)()", to: '(0, node_os_1.platform)()'},
  // Builtins required at load but used on rare paths (WSL shells, flags read from piped stdin, performance marks when
  // enabled): loaded on first use instead of compiled at every start.
  {file: '@oclif/core/lib/util/os.js', from: 'require("node:child_process")', to: '__kctlLazyRequire("node:child_process")'},
  {file: '@oclif/core/lib/parser/parse.js', from: 'require("node:readline")', to: '__kctlLazyRequire("node:readline")'},
  {file: '@oclif/core/lib/performance.js', from: 'require("node:perf_hooks")', to: '__kctlLazyRequire("node:perf_hooks")'},
  // fs/promises costs ~2.5 ms to load (it pulls in readline); oclif needs it only to read two small JSON files at start
  // (package.json, the manifest), which a synchronous read does as well, and on TypeScript-source paths kctl never takes.
  {file: '@oclif/core/lib/util/fs.js', from: 'require("node:fs/promises")', to: '__kctlLazyRequire("node:fs/promises")'},
  {file: '@oclif/core/lib/util/fs.js', from: "await (0, promises_1.readFile)(path, 'utf8')", to: "(0, node_fs_1.readFileSync)(path, 'utf8')"},
  {file: '@oclif/core/lib/config/ts-path.js', from: 'require("node:fs/promises")', to: '__kctlLazyRequire("node:fs/promises")'},
  {file: '@oclif/core/lib/util/read-tsconfig.js', from: 'require("node:fs/promises")', to: '__kctlLazyRequire("node:fs/promises")'},
  // A glob library, used only by the "pattern" command discovery; kctl's is "explicit".
  {file: '@oclif/core/lib/config/plugin.js', from: 'const tinyglobby_1 = require("tinyglobby");', to: 'const tinyglobby_1 = {get glob() { return require("tinyglobby").glob }};'},
  // oclif's package.json reader takes fs.promises when loaded, which loads fs/promises all the same.
  {file: 'lilconfig/src/index.js', from: 'const fsReadFileAsync = fs.promises.readFile;', to: 'const fsReadFileAsync = (...args) => fs.promises.readFile(...args);'},
]

/** A module object that requires `id` on first use (for the patches above; only property access is expected). */
const LAZY_REQUIRE = `var __kctlLazyRequire = (id) => { let m; const get = () => (m ??= require(id)); return new Proxy({}, {
  get: (_, k) => get()[k], has: (_, k) => k in get(), ownKeys: () => Reflect.ownKeys(get()),
  getOwnPropertyDescriptor: (_, k) => { const d = Reflect.getOwnPropertyDescriptor(get(), k); return d && {...d, configurable: true} } }) };`

const applied = new Set()

const oclifPatches = {
  name: 'oclif-patches',
  setup(build) {
    const files = [...new Set(OCLIF_PATCHES.map((p) => p.file))]
    build.onLoad({filter: /[\\/]node_modules[\\/].*\.js$/}, async (args) => {
      const file = files.find((f) => args.path.replaceAll('\\', '/').endsWith(`/node_modules/${f}`))
      if (!file) return undefined
      let source = await readFile(args.path, 'utf8')
      for (const patch of OCLIF_PATCHES.filter((p) => p.file === file)) {
        if (!source.includes(patch.from)) throw new Error(`bundle: ${file} no longer contains ${patch.from}; review the patch`)
        source = source.replace(patch.from, patch.to)
        applied.add(patch)
      }
      return {contents: source, loader: 'js'}
    })
  },
}

/**
 * `debug` (oclif's logger) loads tty, net and the stream modules when evaluated. This stand-in loads it only when
 * DEBUG asks for output; otherwise its loggers do nothing, as debug's own do when DEBUG is unset.
 */
const lazyDebug = {
  name: 'lazy-debug',
  setup(build) {
    const shim = new URL('bundle-shims/debug.cjs', import.meta.url).pathname
    build.onResolve({filter: /^debug$/}, (args) => (args.importer === shim ? undefined : {path: shim}))
  },
}

/**
 * One bundle. `entry` is a module under dist/; modules that locate files do so from import.meta.url, and all of them sit
 * in the entry's folder or a sibling two levels under dist/lib, so the bundle gives them the entry's URL (the banner).
 */
async function bundle(entry, outfile) {
  const result = await esbuild.build({
    entryPoints: [new URL(`dist/${entry}`, root).pathname],
    outfile: new URL(`dist/${outfile}`, root).pathname,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
    external: ['@kubernetes/client-node', 'inquirer', '@inquirer/*', 'typescript', 'ts-node', 'tsx'],
    define: {'import.meta.url': '__kctlModuleUrl'},
    banner: {js: `var __kctlModuleUrl = require("node:url").pathToFileURL(require("node:path").join(__dirname, ${JSON.stringify(entry)})).href;\n${LAZY_REQUIRE}`},
    plugins: [oclifPatches, lazyDebug],
    metafile: true,
  })
  await asciiOnly(new URL(`dist/${outfile}`, root).pathname)
  // bin/load-bundle.js compiles a bundle with a code cache, and code from a cache cannot call import(): kctl's own
  // modules reach builtins through require or process.getBuiltinModule, outside packages through require, or ES
  // modules through client/k8s.ts's host import. (k8s.ts's own import() is its fallback when run unbundled; oclif's
  // load ES module plugins and TypeScript sources, which kctl does not have.)
  const dynamic = Object.entries(result.metafile.inputs).flatMap(([file, input]) =>
    input.imports.filter((i) => i.kind === 'dynamic-import' && i.external && !file.includes('node_modules/@oclif/') && file !== 'dist/lib/client/k8s.js').map((i) => `${file}: import('${i.path}')`))
  if (dynamic.length > 0) {
    console.error(`bundle: import() of modules outside the bundle cannot run from the code cache:\n  ${dynamic.join('\n  ')}`)
    process.exit(1)
  }
}

/**
 * Rewrites the few non-ASCII characters esbuild leaves in place (inside regular expressions) as \u escapes, which mean
 * the same in strings, templates, regular expressions and names. An ASCII bundle can be read as latin1, a plain copy,
 * where UTF-8 decoding costs every start ~2.5 ms (bin/load-bundle.js).
 */
async function asciiOnly(file) {
  const source = await readFile(file, 'utf8')
  const ascii = source.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  if (ascii === source) return
  new Script(`(function (exports, require, module, __filename, __dirname) {${ascii}\n})`, {filename: file}) // still valid
  await writeFile(file, ascii)
}

// Every command; and the `kctl __complete` fast path alone, which must load neither oclif nor the commands.
await bundle('lib/cli/bundle.js', 'kctl.cjs')
const missed = OCLIF_PATCHES.filter((p) => !applied.has(p))
if (missed.length > 0) {
  console.error(`bundle: patches for files the bundle no longer loads: ${missed.map((p) => p.file).join(', ')}; review them`)
  process.exit(1)
}
await bundle('lib/completion/complete.js', 'complete.cjs')
