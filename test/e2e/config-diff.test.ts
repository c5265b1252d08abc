// `kctl config` against real kubectl on the same kubeconfig files (no server needed): KUBECONFIG=a:b with overlapping
// names and different current-contexts, redaction, minify/flatten, and writes that must touch only the right file.
import {afterAll, describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {kctl, kubectl, requireKubectl, type RunEnv} from '../helpers/cli.js'

const haveKubectl = requireKubectl('config differential tests')
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-config-'))

const A = `apiVersion: v1
kind: Config
current-context: ctx-a
clusters:
- name: shared
  cluster:
    server: https://a.example:6443
    certificate-authority-data: QUJD
- name: only-a
  cluster:
    server: https://only-a:443
    insecure-skip-tls-verify: true
contexts:
- name: ctx-a
  context:
    cluster: shared
    user: ua
    namespace: team-a
- name: both
  context:
    cluster: shared
    user: ua
users:
- name: ua
  user:
    token: secret-token-a
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
`
const B = `apiVersion: v1
kind: Config
current-context: ctx-b
preferences:
  colors: true
clusters:
- name: shared
  cluster:
    server: https://b.example:6443
- name: only-b
  cluster:
    server: http://only-b:8080
    certificate-authority: ca.crt
contexts:
- name: ctx-b
  context:
    cluster: only-b
    user: ub
- name: both
  context:
    cluster: only-b
    user: ub
    namespace: nb
users:
- name: ub
  user:
    username: bob
    password: pw
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: /bin/echo
      args: ["a"]
`

/** A fresh pair of files per side, so writes can be compared file by file. */
function setup(side: string, aMode = 0o600, bMode = 0o640): {env: RunEnv; dir: string} {
  const dir = path.join(root, `${side}-${Math.random().toString(36).slice(2)}`)
  fs.mkdirSync(dir)
  fs.writeFileSync(path.join(dir, 'a.yaml'), A, {mode: aMode})
  fs.writeFileSync(path.join(dir, 'b.yaml'), B, {mode: bMode})
  fs.writeFileSync(path.join(dir, 'ca.crt'), 'CA DATA\n')
  return {dir, env: {home: dir, kubeconfig: `${path.join(dir, 'a.yaml')}:${path.join(dir, 'b.yaml')}:${path.join(dir, 'c.yaml')}`}}
}

function snapshot(dir: string): Record<string, {mode: string; text: string} | null> {
  const out: Record<string, {mode: string; text: string} | null> = {}
  for (const f of ['a.yaml', 'b.yaml', 'c.yaml']) {
    const p = path.join(dir, f)
    out[f] = fs.existsSync(p) ? {mode: (fs.statSync(p).mode & 0o777).toString(8), text: fs.readFileSync(p, 'utf8')} : null
  }
  return out
}

afterAll(() => fs.rmSync(root, {recursive: true, force: true}))

describe('config (read)', () => {
  const cases = [
    ['config', 'view'], ['config', 'view', '--raw'], ['config', 'view', '-o', 'json'], ['config', 'view', '--minify'],
    ['config', 'view', '--minify', '--context', 'ctx-b'], ['config', 'view', '--minify', '--context', 'nope'], ['config', 'view', '--flatten'],
    ['config', 'view', '-o', 'jsonpath={.contexts[*].name}'], ['config', 'get-contexts'], ['config', 'get-contexts', 'ctx-b', 'both'],
    ['config', 'get-contexts', 'nope'], ['config', 'get-contexts', '-o', 'name'], ['config', 'current-context'], ['config', 'get-users'],
  ]
  test.each(cases)('%s %s %s %s %s', async (...args) => {
    if (!haveKubectl) return
    const {env, dir} = setup('read')
    const k = await kubectl(env, args)
    const c = await kctl(env, args)
    expect(c).toEqual(k)
    expect(snapshot(dir)).toEqual(snapshot(dir))
  })
})

describe('config (write)', () => {
  const cases = [
    [['config', 'use-context', 'ctx-b']],
    [['config', 'use-context', 'nope']],
    [['config', 'set-context', 'newctx', '--namespace=x']],
    [['config', 'set-context', 'ctx-b', '--namespace=y']],
    [['config', 'set-context', 'both', '--namespace=z', '--cluster=only-a']],
    [['config', 'set-context', '--current', '--namespace=n']],
    [['config', 'delete-context', 'ctx-b']],
    [['config', 'delete-context', 'ctx-a']],
    [['config', 'delete-context', 'nope']],
    [['config', 'rename-context', 'ctx-b', 'renamed']],
    [['config', 'set-cluster', 'only-b', '--server=https://new:1']],
    [['config', 'set-cluster', 'fresh', '--server=https://fresh:1', '--insecure-skip-tls-verify=true']],
    [['config', 'set-credentials', 'ub', '--token=t0k']],
  ]
  test.each(cases)('%j', async (args) => {
    if (!haveKubectl) return
    const k = setup('k')
    const c = setup('c')
    const kr = await kubectl(k.env, args)
    const cr = await kctl(c.env, args)
    const strip = (s: string) => s.split(k.dir).join('DIR').split(c.dir).join('DIR')
    expect({...cr, stdout: strip(cr.stdout), stderr: strip(cr.stderr)}).toEqual({...kr, stdout: strip(kr.stdout), stderr: strip(kr.stderr)})
    expect(snapshot(c.dir)).toEqual(snapshot(k.dir))
  })
})
