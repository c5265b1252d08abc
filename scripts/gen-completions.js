#!/usr/bin/env node
// Regenerates completions/kctl.{bash,zsh,fish} from the command manifest (run by `npm run build`; CI fails when stale).
import * as fs from 'node:fs'
const root = new URL('..', import.meta.url)
const manifest = JSON.parse(fs.readFileSync(new URL('oclif.manifest.json', root), 'utf8'))
let scripts
try {
  scripts = await import(new URL('dist/lib/completion/scripts.js', root))
} catch {
  console.error('gen-completions: dist/lib/completion/scripts.js not built yet; completions/ left as is')
  process.exit(0)
}
fs.mkdirSync(new URL('completions/', root), {recursive: true})
for (const shell of ['bash', 'zsh', 'fish']) {
  fs.writeFileSync(new URL(`completions/kctl.${shell}`, root), scripts.completionScript(shell, manifest))
}
