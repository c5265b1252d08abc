// The client's transport against a real sandbox: credentials never logged at -v=6..9, exec credential plugins,
// proxies (proxy-url and HTTPS_PROXY/NO_PROXY through a CONNECT proxy that counts tunnels) and TLS verification,
// with real kubectl as the oracle for wording.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as path from 'node:path'
import {kctl, kubectl, requireKubectl, type RunEnv} from '../helpers/cli.js'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'

const haveKubectl = requireKubectl('client auth/proxy comparisons')
let sb: TestSandbox
let endpoint: {server: string; caData: string; token: string}
let dir: string
const SECRET_VALUE = 'hunter2-very-secret-value'

/** A kubeconfig with one cluster and one user stanza (YAML lines under `user:`). */
function writeKubeconfig(name: string, userLines: string, cluster: {server?: string; extra?: string} = {}): RunEnv {
  const file = path.join(dir, `${name}.yaml`)
  fs.writeFileSync(file, `apiVersion: v1
kind: Config
clusters:
- name: sb
  cluster:
    server: ${cluster.server ?? endpoint.server}
    certificate-authority-data: ${endpoint.caData}
${cluster.extra ?? ''}
users:
- name: u
  user:
${userLines}
contexts:
- name: sb
  context:
    cluster: sb
    user: u
current-context: sb
`, {mode: 0o600})
  const home = path.join(dir, `home-${name}`)
  fs.mkdirSync(home, {recursive: true})
  return {home, kubeconfig: file}
}

/** A CONNECT proxy on 127.0.0.1 that counts tunnels and maps every host name to 127.0.0.1. */
async function startProxy(): Promise<{url: string; tunnels: string[]; close(): Promise<void>}> {
  const tunnels: string[] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.once('data', (head) => {
      const m = /^CONNECT ([^ ]+):(\d+) HTTP\/1\.1\r\n/.exec(head.toString('latin1'))
      if (!m) {
        client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n')
        return
      }
      tunnels.push(`${m[1]}:${m[2]}`)
      const upstream = net.connect(Number(m[2]), '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n')
        client.pipe(upstream).pipe(client)
      })
      sockets.add(upstream)
      upstream.on('close', () => sockets.delete(upstream))
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    }),
  }
}

beforeAll(async () => {
  sb = await startTestSandbox({nodes: 1})
  endpoint = JSON.parse(fs.readFileSync(path.join(sb.dataDir, 'endpoint.json'), 'utf8'))
  dir = fs.mkdtempSync(path.join(sb.home, '..', 'auth-'))
  const r = await sb.kctl(['create', 'secret', 'generic', 'creds', '-n', 'default', `--from-literal=password=${SECRET_VALUE}`])
  if (r.code !== 0) {
    const k = await sb.kubectl(['create', 'secret', 'generic', 'creds', '-n', 'default', `--from-literal=password=${SECRET_VALUE}`])
    expect(k.code).toBe(0)
  }
}, 180000)

afterAll(async () => {
  await sb?.stop()
})

const b64 = (s: string) => Buffer.from(s).toString('base64')

/** kubectl's stderr without its klog lines (memcache.go discovery retries), which kctl does not print. */
function dropKlog(text: string): string {
  const out: string[] = []
  let inKlog = false
  for (const line of text.split('\n')) {
    if (/^[EIW]\d{4} \d\d:/.test(line)) {
      inKlog = !/[^>]$/.test(line) ? false : line.endsWith('<') || inKlog
      inKlog = line.endsWith('=<')
      continue
    }
    if (inKlog) {
      if (line === ' >' || line.startsWith(' > ')) inKlog = false
      continue
    }
    out.push(line)
  }
  return out.join('\n')
}

describe('-v=6..9 never prints credentials or Secret data', () => {
  test.each(['6', '7', '8', '9'])('-v=%s get pods / get secrets -o yaml with a bearer token', async (v) => {
    const env = writeKubeconfig(`verbose-${v}`, `    token: ${endpoint.token}`)
    const pods = await kctl(env, [`-v=${v}`, 'get', 'pods', '-n', 'default'])
    expect(pods.code).toBe(0)
    expect(pods.stderr).toContain('"Response"')
    const secrets = await kctl(env, [`-v=${v}`, 'get', 'secrets', '-n', 'default', '-o', 'yaml'])
    expect(secrets.code).toBe(0)
    // stdout is the user's explicit request and carries the data; stderr (the log) must not.
    expect(secrets.stdout).toContain(`password: ${b64(SECRET_VALUE)}`)
    for (const r of [pods, secrets]) {
      expect(r.stderr).not.toContain(endpoint.token)
      expect(r.stderr).not.toContain(b64(SECRET_VALUE))
      expect(r.stderr).not.toContain(SECRET_VALUE)
    }
    if (Number(v) >= 7) expect(secrets.stderr).toContain('Authorization: Bearer <masked>')
    if (Number(v) >= 8) expect(secrets.stderr).toContain('"Response Body" body="<masked: Secret or credential>"')
    if (v === '9') expect(secrets.stderr).toMatch(/curl -v -XGET .*-H "Authorization: Bearer <masked>"/)
  })

  test('kubectl -v=9 masks the same header the same way', async () => {
    if (!haveKubectl) return
    const env = writeKubeconfig('verbose-kubectl', `    token: ${endpoint.token}`)
    const k = await kubectl(env, ['-v=9', 'get', 'pods', '-n', 'default'])
    expect(k.stderr).not.toContain(endpoint.token)
    expect(k.stderr).toContain('-H "Authorization: Bearer <masked>"')
  })
})

describe('exec credential plugins', () => {
  let plugin: string
  let calls: string
  beforeAll(() => {
    calls = path.join(dir, 'plugin-calls.log')
    plugin = path.join(dir, 'cred-plugin.sh')
    // Records argv and KUBERNETES_EXEC_INFO, warns on stderr, prints an ExecCredential with the sandbox token.
    fs.writeFileSync(plugin, `#!/bin/sh
printf '%s|%s\\n' "$*" "$KUBERNETES_EXEC_INFO" >> "${calls}"
echo "plugin says hello" >&2
cat <<EOF
{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${'$'}PLUGIN_TOKEN","expirationTimestamp":"2099-01-01T00:00:00Z"}}
EOF
`, {mode: 0o755})
  })

  const execUser = (command: string, extra = '') => `    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${command}
      args: ["--arg with space", "$HOME", "a;b"]
      env:
      - name: PLUGIN_TOKEN
        value: ${endpoint.token}
      interactiveMode: Never
${extra}`

  test('argv reaches the plugin verbatim (no shell), its token authenticates, and it runs once per process', async () => {
    fs.rmSync(calls, {force: true})
    const env = writeKubeconfig('exec-ok', execUser(plugin, '      provideClusterInfo: true'))
    const r = await kctl(env, ['get', 'namespace', 'default', '-o', 'name', '-v=9'])
    expect(r.stdout).toBe('namespace/default\n')
    expect(r.code).toBe(0)
    // The plugin's stderr goes to the user; the token it printed is never logged.
    expect(r.stderr).toContain('plugin says hello\n')
    expect(r.stderr).not.toContain(endpoint.token)
    const lines = fs.readFileSync(calls, 'utf8').trim().split('\n')
    expect(lines.length).toBe(1)
    const [argv, info] = lines[0].split('|')
    expect(argv).toBe('--arg with space $HOME a;b')
    expect(JSON.parse(info)).toEqual({
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1',
      spec: {cluster: {server: endpoint.server, 'certificate-authority-data': endpoint.caData}, interactive: false},
    })
  })

  test.each([
    ['missing binary', 'kctl-no-such-credential-plugin', '      installHint: install kctl-no-such-credential-plugin first'],
    ['failing binary', '/bin/false', ''],
    ['non-JSON output', '/bin/echo', ''],
  ])('%s: kubectl\'s message and exit code', async (name, command, extra) => {
    const env = writeKubeconfig(`exec-${name.replace(/\W/g, '')}`, execUser(command, extra))
    const r = await kctl(env, ['get', 'pods'])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).not.toContain(endpoint.token)
    if (haveKubectl) {
      const k = await kubectl(env, ['get', 'pods'])
      expect(r.stderr).toBe(dropKlog(k.stderr))
      expect(r.code).toBe(k.code)
    } else {
      expect(r.stderr.startsWith('Unable to connect to the server: getting credentials: ')).toBe(true)
    }
  })

  test('v1 without interactiveMode is refused as kubectl refuses it', async () => {
    const env = writeKubeconfig('exec-nomode', `    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${plugin}`)
    const r = await kctl(env, ['get', 'pods'])
    expect(r.stderr).toBe('error: interactiveMode must be specified for u to use exec authentication plugin\n')
    expect(r.code).toBe(1)
    if (haveKubectl) expect((await kubectl(env, ['get', 'pods'])).stderr).toBe(r.stderr)
  })
})

describe('proxies', () => {
  let proxy: Awaited<ReturnType<typeof startProxy>>
  beforeAll(async () => {
    proxy = await startProxy()
  })
  afterAll(async () => {
    await proxy?.close()
  })

  test('cluster proxy-url: every connection goes through the CONNECT proxy', async () => {
    proxy.tunnels.length = 0
    const env = writeKubeconfig('proxy-url', `    token: ${endpoint.token}`, {extra: `    proxy-url: ${proxy.url}`})
    const r = await kctl(env, ['get', 'namespace', 'default', '-o', 'name'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('namespace/default\n')
    const port = new URL(endpoint.server).port
    expect(proxy.tunnels.length).toBeGreaterThan(0)
    expect([...new Set(proxy.tunnels)]).toEqual([`127.0.0.1:${port}`])
  })

  test('exec and cp go through the proxy too (their WebSocket upgrades), as kubectl\'s do', async () => {
    const admin = writeKubeconfig('proxy-exec-admin', `    token: ${endpoint.token}`)
    expect((await kctl(admin, ['run', 'px', '--image=busybox', '--restart=Never', '-n', 'default', '--', 'sleep', '600'])).code).toBe(0)
    expect((await kctl(admin, ['wait', '--for=condition=Ready', 'pod/px', '-n', 'default', '--timeout=60s'])).code).toBe(0)
    // "kubernetes" does not resolve here: only the proxy reaches it, so an upgrade that bypassed the proxy would fail.
    const port = new URL(endpoint.server).port
    const env = {...writeKubeconfig('proxy-exec', `    token: ${endpoint.token}`, {server: `https://kubernetes:${port}`}), extra: {HTTPS_PROXY: proxy.url}}
    proxy.tunnels.length = 0
    const r = await kctl(env, ['exec', 'px', '-n', 'default', '--', 'echo', 'through the tunnel'])
    expect(r).toEqual({stdout: 'through the tunnel\n', stderr: '', code: 0})
    expect([...new Set(proxy.tunnels)]).toEqual([`kubernetes:${port}`])
    const copy = await kctl(env, ['cp', 'default/px:/etc/hostname', path.join(dir, 'px-hostname')])
    expect(copy.code).toBe(0)
    expect(fs.readFileSync(path.join(dir, 'px-hostname'), 'utf8')).toBe('px\n')
  }, 120000)

  test('HTTPS_PROXY is used for a non-loopback host name, and NO_PROXY exempts it', async () => {
    const port = new URL(endpoint.server).port
    // "kubernetes" is in the sandbox certificate but does not resolve here: only the proxy can reach it.
    const env = writeKubeconfig('proxy-env', `    token: ${endpoint.token}`, {server: `https://kubernetes:${port}`})
    proxy.tunnels.length = 0
    const viaProxy = await kctl({...env, extra: {HTTPS_PROXY: proxy.url}}, ['get', 'namespace', 'default', '-o', 'name'])
    expect(viaProxy.stdout).toBe('namespace/default\n')
    expect([...new Set(proxy.tunnels)]).toEqual([`kubernetes:${port}`])

    proxy.tunnels.length = 0
    const exempt = await kctl({...env, extra: {HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com,kubernetes'}}, ['get', 'namespace', 'default', '-o', 'name'])
    expect(proxy.tunnels).toEqual([])
    expect(exempt.code).toBe(1)
    expect(exempt.stderr).toMatch(/^Unable to connect to the server: dial tcp: lookup kubernetes/)
  })

  test('loopback servers are never proxied through HTTPS_PROXY (as Go)', async () => {
    proxy.tunnels.length = 0
    const env = writeKubeconfig('proxy-loopback', `    token: ${endpoint.token}`)
    const r = await kctl({...env, extra: {HTTPS_PROXY: proxy.url}}, ['get', 'namespace', 'default', '-o', 'name'])
    expect(r.stdout).toBe('namespace/default\n')
    expect(proxy.tunnels).toEqual([])
  })

  test('a proxy that refuses the tunnel: Go\'s words', async () => {
    const refusing = net.createServer((c) => c.once('data', () => c.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')))
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve))
    try {
      const port = (refusing.address() as net.AddressInfo).port
      const env = writeKubeconfig('proxy-refuse', `    token: ${endpoint.token}`, {extra: `    proxy-url: http://127.0.0.1:${port}`})
      const r = await kctl(env, ['get', 'pods'])
      expect(r.stderr).toBe('Unable to connect to the server: Forbidden\n')
      expect(r.code).toBe(1)
    } finally {
      await new Promise<void>((resolve) => refusing.close(() => resolve()))
    }
  })
})

describe('TLS verification', () => {
  test('unknown CA: kubectl\'s message', async () => {
    const file = path.join(dir, 'noca.yaml')
    fs.writeFileSync(file, `apiVersion: v1
kind: Config
clusters:
- name: sb
  cluster:
    server: ${endpoint.server}
users:
- name: u
  user:
    token: ${endpoint.token}
contexts:
- name: sb
  context: {cluster: sb, user: u}
current-context: sb
`)
    const env: RunEnv = {home: path.join(dir, 'home-noca'), kubeconfig: file}
    const r = await kctl(env, ['get', 'pods'])
    expect(r.stderr).toBe('Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority\n')
    expect(r.code).toBe(1)
    if (haveKubectl) {
      const k = await kubectl(env, ['get', 'pods'])
      expect(dropKlog(k.stderr)).toBe(r.stderr)
      expect(k.code).toBe(1)
    }
  })

  test('a server name the certificate does not cover: Go\'s x509 wording', async () => {
    const env = writeKubeconfig('tls-name', `    token: ${endpoint.token}`)
    const r = await kctl(env, ['--tls-server-name=foo.example', 'get', 'pods'])
    expect(r.stderr).toBe('Unable to connect to the server: tls: failed to verify certificate: x509: certificate is valid for localhost, kubernetes, kubernetes.default, kubernetes.default.svc, not foo.example\n')
    expect(r.code).toBe(1)
    if (haveKubectl) expect(dropKlog((await kubectl(env, ['--tls-server-name=foo.example', 'get', 'pods'])).stderr)).toBe(r.stderr)
  })

  test('--insecure-skip-tls-verify works and warns once on stderr', async () => {
    const env = writeKubeconfig('insecure', `    token: ${endpoint.token}`)
    const r = await kctl(env, ['--insecure-skip-tls-verify', 'get', 'namespace', 'default', '-o', 'name'])
    expect(r.stdout).toBe('namespace/default\n')
    expect(r.stderr).toBe('Warning: TLS certificate verification is disabled (insecure-skip-tls-verify); the connection is not secure.\n')
  })

  test('NODE_TLS_REJECT_UNAUTHORIZED=0 warns once on stderr', async () => {
    const env = writeKubeconfig('node-tls', `    token: ${endpoint.token}`)
    const r = await kctl({...env, extra: {NODE_TLS_REJECT_UNAUTHORIZED: '0'}}, ['get', 'namespace', 'default', '-o', 'name'])
    expect(r.stdout).toBe('namespace/default\n')
    const lines = r.stderr.split('\n').filter((l) => l !== '' && !l.includes('(node:') && !l.includes('--trace-warnings'))
    expect(lines).toEqual(['Warning: NODE_TLS_REJECT_UNAUTHORIZED=0 disables TLS certificate verification for every connection.'])
  })
})

describe('discovery cache', () => {
  test('0700/0600 on disk; a CRD created after the cache was written is found by one refresh', async () => {
    const env = writeKubeconfig('discovery', `    token: ${endpoint.token}`)
    const warm = await kctl(env, ['get', 'pods', '-n', 'default', '-v=6'])
    expect(warm.code).toBe(0)
    expect(warm.stderr).toMatch(/"Response" verb="GET" url="[^"]*\/api" status="200 OK"/)
    const hostDir = path.join(env.home, '.kube', 'cache', 'kctl', 'discovery', `127.0.0.1_${new URL(endpoint.server).port}`)
    for (const d of [path.join(env.home, '.kube', 'cache'), path.join(env.home, '.kube', 'cache', 'kctl'), path.join(env.home, '.kube', 'cache', 'kctl', 'discovery'), hostDir]) {
      expect([d, fs.statSync(d).mode & 0o777]).toEqual([d, 0o700])
    }
    expect(fs.statSync(path.join(hostDir, 'aggregated.json')).mode & 0o777).toBe(0o600)

    // Warm cache: no discovery request at all.
    const cached = await kctl(env, ['get', 'pods', '-n', 'default', '-v=6'])
    expect(cached.stderr).not.toMatch(/url="[^"]*\/apis?"/)

    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.transport.example.com
spec:
  group: transport.example.com
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wdg]}
`
    const created = await kctl(env, ['create', '-f', '-'], {stdin: crd})
    expect({stdout: created.stdout, stderr: created.stderr, code: created.code}).toEqual({stdout: 'customresourcedefinition.apiextensions.k8s.io/widgets.transport.example.com created\n', stderr: '', code: 0})
    let found = await kctl(env, ['get', 'wdg', '-n', 'default', '-v=6'])
    for (let i = 0; i < 20 && found.code !== 0; i++) {
      await new Promise((r) => setTimeout(r, 250))
      found = await kctl(env, ['get', 'wdg', '-n', 'default', '-v=6'])
    }
    expect(found.code).toBe(0)
    expect(found.stderr.match(/url="[^"]*\/apis"/g)?.length).toBe(1)
    expect(found.stderr).toContain('No resources found in default namespace.')

    // An unknown type refreshes once (two discovery requests), then reports kubectl's error.
    const unknown = await kctl(env, ['get', 'nosuchtype', '-v=6'])
    expect(unknown.stderr.match(/url="[^"]*\/apis"/g)?.length).toBe(1)
    // The same check as endsWith, written so that a failure shows what came last (a CI run once saw otherwise).
    expect(unknown.stderr.split('\n').slice(-2)).toEqual(['error: the server doesn\'t have a resource type "nosuchtype"', ''])
    expect(unknown.code).toBe(1)
  })
})

describe('legacy auth-provider plugins (the one use of @kubernetes/client-node, loaded from outside the bundle)', () => {
  // An unexpired, unsigned OIDC id-token: both tools send it as a bearer token; the sandbox does not know it.
  const jwt = (claims: object) => [{alg: 'none', typ: 'JWT'}, claims].map((p) => Buffer.from(JSON.stringify(p)).toString('base64url')).join('.') + '.c2ln'
  const userLines = (token: string) => `    auth-provider:
      name: oidc
      config:
        client-id: kctl
        idp-issuer-url: https://127.0.0.1:1
        id-token: ${token}`

  test('an oidc id-token is sent as the bearer token, masked in the log, and refused as kubectl reports it', async () => {
    const token = jwt({iss: 'https://127.0.0.1:1', aud: 'kctl', sub: 'someone', exp: Math.floor(Date.now() / 1000) + 3600})
    const env = writeKubeconfig('oidc', userLines(token))
    const mine = await kctl(env, ['-v=7', 'get', 'pods', '-n', 'default'])
    expect(mine.stderr).toContain('Authorization: Bearer <masked>')
    expect(mine.stderr).not.toContain(token)
    expect(mine.stderr.split('\n').slice(-2)).toEqual(['error: You must be logged in to the server (the server has asked for the client to provide credentials)', ''])
    expect(mine.code).toBe(1)
    if (!haveKubectl) return
    const theirs = await kubectl(env, ['get', 'pods', '-n', 'default'])
    const plain = await kctl(env, ['get', 'pods', '-n', 'default'])
    expect({stdout: plain.stdout, stderr: plain.stderr, code: plain.code}).toEqual({stdout: theirs.stdout, stderr: dropKlog(theirs.stderr), code: theirs.code})
  })

  test('with a warm discovery cache the refused request itself is reported, as kubectl words it', async () => {
    const token = jwt({iss: 'https://127.0.0.1:1', aud: 'kctl', sub: 'someone', exp: Math.floor(Date.now() / 1000) + 3600})
    const good = writeKubeconfig('oidc-warm', `    token: ${endpoint.token}`)
    const oidc = {home: good.home, kubeconfig: writeKubeconfig('oidc-warm-user', userLines(token)).kubeconfig}
    expect((await kctl(good, ['get', 'pods', '-n', 'default'])).code).toBe(0)
    const mine = await kctl(oidc, ['get', 'pods', '-n', 'default'])
    expect(mine).toEqual({stdout: '', stderr: 'error: You must be logged in to the server (Unauthorized)\n', code: 1})
    if (!haveKubectl) return
    expect((await kubectl(good, ['get', 'pods', '-n', 'default'])).code).toBe(0)
    const theirs = await kubectl(oidc, ['get', 'pods', '-n', 'default'])
    expect({...theirs, stderr: dropKlog(theirs.stderr)}).toEqual(mine)
  })
})
