// Nothing global: each e2e test file starts its own sandbox through test/helpers/sandbox.ts.
export default async function globalSetup() {}
