#!/usr/bin/env node
// kctl entry. CommonJS, so that a start does not set up Node's ES module loader. The completion fast path has its own
// bundle, which loads neither oclif nor client-node; everything else runs from the main one.
const {loadBundle} = require('./load-bundle.js')
const argv = process.argv.slice(2)
if (argv[0] === '__complete' || argv[0] === '__completeNoDesc') {
  loadBundle('complete').complete(argv.slice(1), {descriptions: argv[0] === '__complete'})
} else {
  loadBundle('kctl').main(argv, require('node:path').join(__dirname, '..'))
}
