// KUBECONFIG=a:b:c merging through the real entry against real kubectl (no server): the first file to set a value or
// map key wins, the first non-empty current-context wins, duplicate names across files never fail, missing files are skipped,
// relative paths resolve against the file that named them. Differences are reported, config commands are not ours.
import {afterAll, describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {kctl, kubectl, requireKubectl, type RunEnv} from '../helpers/cli.js'

const haveKubectl = requireKubectl('kubeconfig merge differential tests')
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-merge-'))
afterAll(() => fs.rmSync(root, {recursive: true, force: true}))

const FIRST = `apiVersion: v1
kind: Config
current-context: ""
clusters:
- name: dup
  cluster:
    server: https://first.example:6443
    certificate-authority: certs/ca.crt
contexts:
- name: shared
  context:
    cluster: dup
    user: u1
    namespace: from-first
users:
- name: u1
  user:
    token: first-token
`
const SECOND = `apiVersion: v1
kind: Config
current-context: from-second
clusters:
- name: dup
  cluster:
    server: https://second.example:6443
- name: second-only
  cluster:
    server: https://second-only.example
    insecure-skip-tls-verify: true
contexts:
- name: from-second
  context:
    cluster: second-only
    user: u2
- name: shared
  context:
    cluster: second-only
users:
- name: u1
  user:
    token: second-token
- name: u2
  user:
    client-certificate: ../keys/u2.crt
    client-key: ../keys/u2.key
`
const THIRD = `apiVersion: v1
kind: Config
current-context: from-third
contexts:
- name: from-third
  context:
    cluster: dup
    user: u1
`

function env(): RunEnv {
  const dir = fs.mkdtempSync(path.join(root, 'case-'))
  for (const [sub, name, text] of [['one', 'first.yaml', FIRST], ['two', 'second.yaml', SECOND], ['three', 'third.yaml', THIRD]]) {
    fs.mkdirSync(path.join(dir, sub))
    fs.writeFileSync(path.join(dir, sub, name), text, {mode: 0o600})
  }
  const files = [path.join(dir, 'one', 'first.yaml'), path.join(dir, 'missing.yaml'), path.join(dir, 'two', 'second.yaml'), path.join(dir, 'three', 'third.yaml')]
  fs.mkdirSync(path.join(dir, 'home'))
  return {home: path.join(dir, 'home'), kubeconfig: files.join(path.delimiter)}
}

const cases: string[][] = [
  ['config', 'view'],
  ['config', 'view', '--raw'],
  ['config', 'view', '-o', 'json'],
  ['config', 'view', '--minify'],
  ['config', 'view', '--minify', '--context', 'shared'],
  ['config', 'view', '-o', 'jsonpath={.contexts[*].name}'],
  ['config', 'get-contexts'],
  ['config', 'get-contexts', '-o', 'name'],
  ['config', 'get-contexts', 'shared'],
  ['config', 'current-context'],
]

describe('KUBECONFIG=first:missing:second:third', () => {
  test.each(cases)('kctl %s %s … prints what kubectl prints', async (...args) => {
    if (!haveKubectl) return
    const e = env()
    const k = await kubectl(e, args)
    const c = await kctl(e, args)
    // Paths contain the per-case temp dir: both sides share it, so no normalisation is needed.
    expect({stdout: c.stdout, stderr: c.stderr, code: c.code}).toEqual({stdout: k.stdout, stderr: k.stderr, code: k.code})
  })
})
