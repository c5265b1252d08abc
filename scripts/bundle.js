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

/** oclif sorts commands with localeCompare; the first call initialises ICU's collator (~8 ms at every start). Code-unit
 * order gives the same order for kctl's lowercase ASCII command ids. */
const plainSort = {
  name: 'oclif-plain-sort',
  setup(build) {
    build.onLoad({filter: /@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/}, async (args) => {
      const source = await readFile(args.path, 'utf8')
      const from = '.sort((a, b) => a.id.localeCompare(b.id))'
      if (!source.includes(from)) throw new Error(`bundle: oclif's command sort changed in ${args.path}; review the plain-sort patch`)
      return {contents: source.replace(from, '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))'), loader: 'js'}
    })
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
    banner: {js: `var __kctlModuleUrl = require("node:url").pathToFileURL(require("node:path").join(__dirname, ${JSON.stringify(entry)})).href;`},
    plugins: [plainSort],
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
