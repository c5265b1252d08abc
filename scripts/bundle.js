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
import {readFile} from 'node:fs/promises'

const root = new URL('..', import.meta.url)

/**
 * Edits to oclif's sources as they enter the bundle, each for start-up time and each checked: the build fails when
 * oclif's text changes, so that the edit is reviewed rather than silently dropped.
 */
const OCLIF_PATCHES = [
  // Commands are sorted with localeCompare; its first call initialises ICU's collator (~8 ms). Code-unit order gives
  // the same order for kctl's lowercase ASCII command ids.
  {file: 'config/plugin.js', from: '.sort((a, b) => a.id.localeCompare(b.id))', to: '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))'},
  // Config.load tells WSL from Linux by loading wsl-utils, is-wsl, is-inside-container and child_process and reading
  // /proc files. oclif uses the answer only in its user-agent string, which kctl never sends.
  {file: 'util/os.js', from: "(await import('wsl-utils')).isWsl ? 'wsl' : (0, node_os_1.platform)()", to: '(0, node_os_1.platform)()'},
  // Builtins required at load but used on rare paths (WSL shells, flags read from piped stdin, performance marks when
  // enabled): loaded on first use instead of compiled at every start.
  {file: 'util/os.js', from: 'require("node:child_process")', to: '__kctlLazyRequire("node:child_process")'},
  {file: 'parser/parse.js', from: 'require("node:readline")', to: '__kctlLazyRequire("node:readline")'},
  {file: 'performance.js', from: 'require("node:perf_hooks")', to: '__kctlLazyRequire("node:perf_hooks")'},
]

/** A module object that requires `id` on first use (for the patches above; only property access is expected). */
const LAZY_REQUIRE = `var __kctlLazyRequire = (id) => { let m; const get = () => (m ??= require(id)); return new Proxy({}, {
  get: (_, k) => get()[k], has: (_, k) => k in get(), ownKeys: () => Reflect.ownKeys(get()),
  getOwnPropertyDescriptor: (_, k) => { const d = Reflect.getOwnPropertyDescriptor(get(), k); return d && {...d, configurable: true} } }) };`

const oclifPatches = {
  name: 'oclif-patches',
  setup(build) {
    const files = [...new Set(OCLIF_PATCHES.map((p) => p.file))]
    build.onLoad({filter: /@oclif[\\/]core[\\/]lib[\\/].*\.js$/}, async (args) => {
      const file = files.find((f) => args.path.replaceAll('\\', '/').endsWith(`/@oclif/core/lib/${f}`))
      if (!file) return undefined
      let source = await readFile(args.path, 'utf8')
      for (const patch of OCLIF_PATCHES.filter((p) => p.file === file)) {
        if (!source.includes(patch.from)) throw new Error(`bundle: oclif's ${file} no longer contains ${patch.from}; review the patch`)
        source = source.replace(patch.from, patch.to)
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

// Every command; and the `kctl __complete` fast path alone, which must load neither oclif nor the commands.
await bundle('lib/cli/bundle.js', 'kctl.cjs')
await bundle('lib/completion/complete.js', 'complete.cjs')
