// Cluster data can carry terminal escape sequences (a hostile pod name, event or log): strip them before a terminal.
// One implementation lives in the printers; this name is what command code imports.
export {sanitizeForTerminal as sanitizeControl} from '../printers/escape.js'
