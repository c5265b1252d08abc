// The live completion path against a sandbox: `kctl __complete` answers exactly what kubectl does, trusts exactly the
// kubeconfig's CA (never OpenSSL's default paths), authenticates by client certificate, token or exec plugin (whose
// environment is the user's), reads kubeconfigs outside its YAML subset, and keeps its caches private.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as tls from 'node:tls'
import {requireKubectl} from '../helpers/cli.js'
import {completionWorld, run, type CompletionWorld} from './completion-fixture.js'

const HAVE = requireKubectl('live completion e2e')
const d = HAVE ? describe : describe.skip

d('kctl __complete, live', () => {
  let w: CompletionWorld
  let ep: {server: string; caData: string; token: string; clientCertificateData: string; clientKeyData: string}
  let n = 0
  beforeAll(async () => {
    w = await completionWorld()
    ep = w.sb.endpoint as any
  }, 180_000)
  afterAll(async () => {
    await w?.stop()
  })

  /** A kubeconfig file of one context; cluster and user stanzas as given (YAML, one level deep). */
  function kubeconfig(cluster: Record<string, unknown>, user: Record<string, unknown>): string {
    const file = path.join(w.filesDir, `kc-live-${++n}`)
    const block = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `      ${k}: ${typeof v === 'string' ? JSON.stringify(v) : v}`).join('\n')
    fs.writeFileSync(file, `apiVersion: v1
kind: Config
clusters:
  - name: c
    cluster:
      server: ${ep.server}
${block(cluster)}
users:
  - name: u
    user:
${block(user) || '      {}'}
contexts:
  - name: x
    context: {cluster: c, user: u, namespace: default}
current-context: x
`)
    return file
  }

  /** `kctl __complete` with the world's environment plus extra variables (and the cache cleared first). */
  async function complete(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{stdout: string; stderr: string; code: number}> {
    fs.rmSync(path.join(w.sb.home, '.kube', 'cache', 'kctl', 'complete'), {recursive: true, force: true})
    return run({...w, env: {...w.env, ...extra}}, 'kctl', ['__complete', ...args], {timeoutMs: 10_000})
  }

  const names = (list: string[]) => `${list.join('\n')}\n:4\n`
  const cert = () => ({'client-certificate-data': ep.clientCertificateData, 'client-key-data': ep.clientKeyData})

  test('the same answers as kubectl', async () => {
    const words = [['get', 'pods', ''], ['get', 'deployments', 'w'], ['-n', ''], ['get', 'cm', '-n', 'other', ''], ['logs', 'multi', '-c', '']]
    const mine = []
    for (const args of words) mine.push(await complete(args))
    const theirs = []
    // kubectl 1.33 offers nothing after `logs POD -c` (':0'); kctl offers the pod's containers.
    for (const args of words.slice(0, -1)) theirs.push((await run(w, 'kubectl', ['__complete', ...args])).stdout)
    expect(mine).toEqual([
      {stdout: names(w.pods), stderr: '', code: 0},
      {stdout: names(w.deployments.filter((x) => x.startsWith('w'))), stderr: '', code: 0},
      {stdout: names(w.namespaces), stderr: '', code: 0},
      {stdout: names(w.otherConfigMaps), stderr: '', code: 0},
      {stdout: names(w.multiContainers), stderr: '', code: 0},
    ])
    expect(theirs).toEqual(mine.slice(0, -1).map((m) => m.stdout))
  }, 120_000)

  test('trust is the kubeconfig CA alone: OpenSSL default paths holding the server CA do not count', async () => {
    // The user's OpenSSL store (SSL_CERT_FILE/SSL_CERT_DIR) trusts the sandbox CA; the kubeconfig names another CA.
    const sandboxCa = path.join(w.filesDir, 'sandbox-ca.pem')
    fs.writeFileSync(sandboxCa, Buffer.from(ep.caData, 'base64'))
    const storeEnv = {SSL_CERT_FILE: sandboxCa, SSL_CERT_DIR: w.filesDir}
    const otherCa = Buffer.from(tls.rootCertificates[0]).toString('base64')
    const wrongCa = kubeconfig({'certificate-authority-data': otherCa}, cert())
    const noCa = kubeconfig({}, cert())
    const rightCa = kubeconfig({'certificate-authority-data': ep.caData}, cert())
    const insecure = kubeconfig({'insecure-skip-tls-verify': true}, {token: ep.token})
    const got = []
    for (const kc of [wrongCa, noCa, rightCa, insecure]) {
      got.push((await complete(['--kubeconfig', kc, 'get', 'deployments', ''], storeEnv)).stdout)
    }
    const none = ':4\n'
    const ok = names(w.deployments)
    expect(got).toEqual([none, none, ok, ok])
  }, 120_000)

  test('token auth, and an exec plugin that sees the user environment', async () => {
    const record = path.join(w.filesDir, 'exec-env')
    const plugin = path.join(w.filesDir, 'token-plugin.sh')
    fs.writeFileSync(plugin, `#!/bin/sh
printf '%s|%s|%s\\n' "\${NODE_OPTIONS-unset}" "\${KCTL_COMPLETE_NODE_OPTIONS-unset}" "\${SSL_CERT_FILE-unset}" >> ${record}
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "${ep.token}"
`, {mode: 0o755})
    const token = kubeconfig({'certificate-authority-data': ep.caData}, {token: ep.token})
    const exec = path.join(w.filesDir, `kc-live-exec`)
    fs.writeFileSync(exec, fs.readFileSync(kubeconfig({'certificate-authority-data': ep.caData}, {}), 'utf8')
      .replace('      {}', `      exec:\n        apiVersion: client.authentication.k8s.io/v1\n        command: ${plugin}\n        interactiveMode: Never`))
    const got = [
      await complete(['--kubeconfig', token, 'get', 'pods', ''], {NODE_OPTIONS: '--no-warnings'}),
      await complete(['--kubeconfig', exec, 'get', 'pods', ''], {NODE_OPTIONS: '--no-warnings', SSL_CERT_FILE: '/etc/user-bundle.pem'}),
      await complete(['--kubeconfig', exec, 'get', 'pods', ''], {}),
    ]
    expect(got).toEqual([0, 1, 2].map(() => ({stdout: names(w.pods), stderr: '', code: 0})))
    expect(fs.readFileSync(record, 'utf8')).toBe('--no-warnings|unset|/etc/user-bundle.pem\nunset|unset|unset\n')
  }, 120_000)

  test('kubeconfigs outside the YAML subset (flow style, anchors) go through js-yaml with the same answer', async () => {
    const flow = path.join(w.filesDir, 'kc-flow')
    fs.writeFileSync(flow, `{"apiVersion": "v1", "kind": "Config", "current-context": "x",
 "clusters": [{"name": "c", "cluster": {"server": "${ep.server}", "certificate-authority-data": "${ep.caData}"}}],
 "users": [{"name": "u", "user": {"token": "${ep.token}"}}],
 "contexts": [{"name": "x", "context": {"cluster": "c", "user": "u", "namespace": "other"}}]}
`)
    const anchors = path.join(w.filesDir, 'kc-anchors')
    fs.writeFileSync(anchors, `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: &cl
    server: ${ep.server}
    certificate-authority-data: ${ep.caData}
users:
- name: u
  user:
    token: ${ep.token}
contexts:
- name: x
  context: {cluster: c, user: u, namespace: other}
current-context: x
`)
    const got = [await complete(['--kubeconfig', flow, 'get', 'cm', '']), await complete(['--kubeconfig', anchors, 'get', 'cm', ''])]
    expect(got).toEqual([0, 1].map(() => ({stdout: names(w.otherConfigMaps), stderr: '', code: 0})))
  }, 120_000)

  test('the caches: a 0700 directory of 0600 files, names and a TLS session, never a token; a name hit needs no server', async () => {
    const kc = kubeconfig({'certificate-authority-data': ep.caData}, {token: ep.token})
    expect(await complete(['--kubeconfig', kc, 'get', 'deployments', ''])).toEqual({stdout: names(w.deployments), stderr: '', code: 0})
    const dir = path.join(w.sb.home, '.kube', 'cache', 'kctl', 'complete')
    const files = fs.readdirSync(dir).sort((a, b) => Number(a.startsWith('tls-')) - Number(b.startsWith('tls-')))
    expect(files.map((f) => f.startsWith('tls-'))).toEqual([false, true])
    expect([dir, ...files.map((f) => path.join(dir, f))].map((f) => (fs.statSync(f).mode & 0o777).toString(8))).toEqual(['700', '600', '600'])
    const [nameFile, sessionFile] = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    expect(JSON.parse(nameFile).names).toEqual(w.deployments)
    expect(Object.keys(JSON.parse(sessionFile)).sort()).toEqual(['at', 'key', 'session'])
    expect([nameFile, sessionFile].some((c) => c.includes(ep.token))).toBe(false)
    // The same word again through a proxy that does not exist: answered from the name cache, without a connection.
    const again = await run({...w, env: {...w.env, HTTPS_PROXY: 'http://127.0.0.1:9'}}, 'kctl', ['__complete', '--kubeconfig', kc, 'get', 'deployments', ''])
    expect(again).toEqual({stdout: names(w.deployments), stderr: '', code: 0})
  }, 120_000)

  test('the TLS session file survives TABs and is rewritten; a corrupt one only costs a full handshake', async () => {
    const kc = kubeconfig({'certificate-authority-data': ep.caData}, cert())
    const dir = path.join(w.sb.home, '.kube', 'cache', 'kctl', 'complete')
    const got = []
    // complete() clears the whole cache dir: keep the session file across calls by clearing only the name files.
    fs.rmSync(dir, {recursive: true, force: true})
    const tab = async () => {
      for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) if (!f.startsWith('tls-')) fs.rmSync(path.join(dir, f))
      return run({...w, env: {...w.env}}, 'kctl', ['__complete', '--kubeconfig', kc, 'get', 'pods', ''], {timeoutMs: 10_000})
    }
    got.push(await tab())
    const sessionFile = path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('tls-'))!)
    const first = JSON.parse(fs.readFileSync(sessionFile, 'utf8'))
    got.push(await tab())
    fs.writeFileSync(sessionFile, JSON.stringify({...first, session: Buffer.from('not a session').toString('base64')}))
    got.push(await tab())
    fs.writeFileSync(sessionFile, '{')
    got.push(await tab())
    expect(got).toEqual([0, 1, 2, 3].map(() => ({stdout: names(w.pods), stderr: '', code: 0})))
    expect(JSON.parse(fs.readFileSync(sessionFile, 'utf8')).key).toBe(first.key)
  }, 120_000)
})
