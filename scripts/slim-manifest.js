#!/usr/bin/env node
// Rewrites oclif.manifest.json (run by `npm run build`, after `oclif manifest`) for a faster start: every kctl start
// parses it. The 21 global flags are kept once, on the `options` command that lists them, instead of on each of ~60
// commands (as kubectl, each command's help leaves them out and points to `kctl options`; parsing uses the command
// classes, not the manifest), and the JSON is written without indentation. ~550 KB becomes ~130 KB.
// The completion model takes the global flags back from `options` (src/lib/completion/model.ts).
import * as fs from 'node:fs'

const file = new URL('../oclif.manifest.json', import.meta.url)
const manifest = JSON.parse(fs.readFileSync(file, 'utf8'))
if (!manifest.commands?.options) {
  console.error('slim-manifest: the manifest has no `options` command to keep the global flags on')
  process.exit(1)
}
for (const [id, command] of Object.entries(manifest.commands)) {
  if (id === 'options') continue
  for (const [name, flag] of Object.entries(command.flags ?? {})) if (flag.helpGroup === 'GLOBAL') delete command.flags[name]
}
fs.writeFileSync(file, JSON.stringify(manifest))
