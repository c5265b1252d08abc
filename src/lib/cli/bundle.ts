// What dist/kctl.cjs is built from: the process entry and the command table, so that one file holds oclif, every
// command and the libraries they share (scripts/bundle.js).
export {main} from './main.js'
export {COMMANDS} from './commands.js'
