// What dist/kctl.cjs is built from: the process entry, the command table and the help class (package.json's oclif
// section names the last two), so that one file holds oclif, every command and the libraries they share
// (scripts/bundle.js).
export {main} from './main.js'
export {COMMANDS} from './commands.js'
export {KctlHelp} from './help.js'
