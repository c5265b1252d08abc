#!/usr/bin/env node
// kctl entry: the completion fast path loads neither oclif nor client-node; everything else goes through oclif
// after kubectl-style argv fixing.
const argv = process.argv.slice(2)
if (argv[0] === '__complete' || argv[0] === '__completeNoDesc') {
  const {complete} = await import('../dist/lib/completion/complete.js')
  await complete(argv.slice(1), {descriptions: argv[0] === '__complete'})
} else {
  const {main} = await import('../dist/lib/cli/main.js')
  await main(argv, import.meta.url)
}
