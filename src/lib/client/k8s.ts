// The single import site of @kubernetes/client-node, used only for what kctl does not do itself (legacy auth-provider
// plugins). The library costs ~330 ms to load, so it is loaded on first use, and from node_modules even when kctl runs
// from its bundle (scripts/bundle.js keeps it outside).

/** The host's import() as bin/load-bundle.js provides it: code compiled from a V8 code cache cannot call import(). */
const hostImport = (globalThis as {[k: symbol]: ((specifier: string) => Promise<unknown>) | undefined})[Symbol.for('kctl.import')]

/** Loads @kubernetes/client-node. */
export async function loadClientNode(): Promise<typeof import('@kubernetes/client-node')> {
  if (hostImport) return (await hostImport('@kubernetes/client-node')) as typeof import('@kubernetes/client-node')
  return import('@kubernetes/client-node')
}
