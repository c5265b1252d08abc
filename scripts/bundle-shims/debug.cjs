// Stands in for the `debug` package inside kctl's bundle (scripts/bundle.js): the real one is required only when the
// DEBUG variable asks for output, because evaluating it loads tty, net and the stream modules at every start.
// Without DEBUG, loggers are no-ops, which is what debug's own are then.
let real

function load() {
  return (real ??= require('debug'))
}

function createDebug(namespace) {
  if (process.env.DEBUG) return load()(namespace)
  const logger = () => {}
  logger.namespace = namespace
  logger.enabled = false
  logger.extend = (sub, delimiter = ':') => createDebug(`${namespace}${delimiter}${sub}`)
  logger.destroy = () => false
  logger.log = () => {}
  return logger
}

createDebug.enable = (namespaces) => load().enable(namespaces)
createDebug.disable = () => load().disable()
createDebug.enabled = (name) => (process.env.DEBUG ? load().enabled(name) : false)

module.exports = createDebug
