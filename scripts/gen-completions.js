#!/usr/bin/env node
// Regenerates completions/kctl.{bash,zsh,fish} from the command manifest (run by `npm run build`; CI fails when stale),
// and dist/lib/completion/model{,-lite,-topics}.json, the completion model `kctl __complete` reads instead of the whole manifest.
import * as fs from 'node:fs'
const root = new URL('..', import.meta.url)
const manifest = JSON.parse(fs.readFileSync(new URL('oclif.manifest.json', root), 'utf8'))
let scripts, model
try {
  scripts = await import(new URL('dist/lib/completion/scripts.js', root))
  model = await import(new URL('dist/lib/completion/model.js', root))
} catch {
  console.error('gen-completions: dist/lib/completion/scripts.js not built yet; completions/ left as is')
  process.exit(0)
}
fs.mkdirSync(new URL('completions/', root), {recursive: true})
for (const shell of ['bash', 'zsh', 'fish']) {
  fs.writeFileSync(new URL(`completions/kctl.${shell}`, root), scripts.completionScript(shell, manifest))
}
// Written after the manifest, so that its mtime says it is current (complete.ts falls back to the manifest otherwise).
const full = model.completionModel(manifest)
fs.writeFileSync(new URL('dist/lib/completion/model.json', root), JSON.stringify(full))
fs.writeFileSync(new URL('dist/lib/completion/model-lite.json', root), JSON.stringify(model.liteModel(full)))
fs.writeFileSync(new URL('dist/lib/completion/model-topics.json', root), JSON.stringify(model.liteModel(full).topics))
