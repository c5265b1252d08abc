// Shared by the bench/*.mjs scripts: a private sandbox per script (temp HOME, kubeconfig and data dir), timing, and
// plain HTTPS requests with the sandbox's client certificate for bulk set-up.
import {execFileSync, spawnSync} from 'node:child_process'
import * as fs from 'node:fs'
import * as https from 'node:https'
import * as os from 'node:os'
import * as path from 'node:path'
import {fileURLToPath} from 'node:url'

/** Repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** kubectl 1.33 itself when the version dispatcher is installed, else whatever `kubectl` is. */
export const KUBECTL = (() => {
  const r = spawnSync('sh', ['-c', 'dirname "$(readlink -f "$(command -v kubectl)")"'], {encoding: 'utf8'})
  const exact = path.join(r.stdout.trim(), 'kubectl.1.33')
  return fs.existsSync(exact) ? exact : 'kubectl'
})()

/** A sandbox of our own; stop() removes everything. */
export function startSandbox(args = []) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-bench-'))
  const env = {...process.env, HOME: path.join(work, 'home'), KUBECONFIG: path.join(work, 'kc')}
  // See bench/lib.sh: the system CA bundle in NODE_EXTRA_CA_CERTS only slows node's start.
  delete env.NODE_EXTRA_CA_CERTS
  fs.mkdirSync(env.HOME, {recursive: true})
  const dataDir = path.join(work, 'data')
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'run.js'), 'sandbox', 'start', '--data-dir', dataDir, '--kubeconfig', env.KUBECONFIG, '--port', '0', ...args], {env, encoding: 'utf8'})
  const startMs = performance.now() - t0
  if (r.status !== 0) throw new Error(`sandbox start failed: ${r.stdout}\n${r.stderr}`)
  const endpoint = JSON.parse(fs.readFileSync(path.join(dataDir, 'endpoint.json'), 'utf8'))
  return {
    work,
    env,
    startMs,
    endpoint,
    stop() {
      spawnSync(process.execPath, [path.join(ROOT, 'bin', 'run.js'), 'sandbox', 'stop', '--data-dir', dataDir], {env})
      try {
        process.kill(endpoint.pid, 'SIGKILL')
      } catch {
        // already stopped
      }
      fs.rmSync(work, {recursive: true, force: true})
    },
  }
}

/** Runs a CLI (kctl or kubectl) to completion; returns wall time in ms. Throws with stderr on failure. */
export function timed(sb, which, args, opts = {}) {
  const [cmd, pre] = which === 'kctl' ? [process.execPath, [path.join(ROOT, 'bin', 'run.js')]] : [KUBECTL, []]
  const t0 = performance.now()
  const r = spawnSync(cmd, [...pre, ...args], {env: sb.env, encoding: 'utf8', maxBuffer: 1 << 28, input: opts.input})
  const ms = performance.now() - t0
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${which} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 2000)}`)
  return {ms, stdout: r.stdout, stderr: r.stderr, code: r.status}
}

/** An HTTPS agent and request function speaking to the sandbox with its admin client certificate. */
export function client(sb) {
  const e = sb.endpoint
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 32,
    ca: Buffer.from(e.caData, 'base64'),
    cert: Buffer.from(e.clientCertificateData, 'base64'),
    key: Buffer.from(e.clientKeyData, 'base64'),
  })
  const base = new URL(e.server)
  function request(method, p, body, headers = {}) {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
      const req = https.request({agent, host: base.hostname, port: base.port, method, path: p, headers: {'content-type': 'application/json', accept: 'application/json', ...headers}}, (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve({status: res.statusCode, body: Buffer.concat(chunks)}))
      })
      req.on('error', reject)
      req.end(data)
    })
  }
  return {request, close: () => agent.destroy()}
}

/** Runs fn over items with bounded concurrency. */
export async function pool(items, n, fn) {
  let i = 0
  await Promise.all(Array.from({length: n}, async () => {
    while (i < items.length) await fn(items[i++])
  }))
}

/** "1234 ms" with one decimal under 10 s. */
export function fmt(ms) {
  return ms < 10_000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`
}

export {execFileSync}
