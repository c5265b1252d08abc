// Polling for tests that wait on the sandbox's controllers and kubelets.

/** Resolves once check() is true; throws `timed out waiting for <what>` after ms. */
export async function until(what: string, check: () => Promise<boolean>, ms = 30_000, everyMs = 200): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
