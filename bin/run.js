#!/usr/bin/env node
// kctl entry. CommonJS, so that a start does not set up Node's ES module loader: the completion fast path imports
// (ESM, loading neither oclif nor client-node) only when asked; everything else runs from the bundle.
const argv = process.argv.slice(2)
if (argv[0] === '__complete' || argv[0] === '__completeNoDesc') {
  import('../dist/lib/completion/complete.js').then(({complete}) => complete(argv.slice(1), {descriptions: argv[0] === '__complete'}))
} else {
  require('./load-bundle.js').loadBundle().main(argv, require('node:path').join(__dirname, '..'))
}
