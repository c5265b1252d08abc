// Real kubectl 1.27 … 1.33, each called directly (not through the dispatcher), against one fresh sandbox.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'
import {kubectlVersionsDir, requireKubectl} from '../helpers/cli.js'

const haveKubectl = requireKubectl('kubectl 1.27-1.33 compatibility')
const dir = haveKubectl ? kubectlVersionsDir() : undefined
const MINORS = [27, 28, 29, 30, 31, 32, 33]
const binaries = MINORS.map((m) => ({minor: m, file: dir ? path.join(dir, `kubectl.1.${m}`) : ''}))
let sb: TestSandbox

describe('kubectl 1.27 … 1.33 against the sandbox', () => {
  beforeAll(async () => {
    if (haveKubectl) sb = await startTestSandbox({nodes: 2})
  }, 120000)
  afterAll(async () => {
    await sb?.stop()
  })

  test.each(binaries)('kubectl 1.$minor: version, discovery, create, apply, get, explain, scale, delete', async ({minor, file}) => {
    if (!haveKubectl) return
    if (!fs.existsSync(file)) {
      if (process.env.CI === 'true') throw new Error(`${file} is missing`)
      process.stdout.write(`SKIP kubectl.1.${minor}: not installed beside kubectl\n`)
      return
    }
    const k = (args: string[], stdin?: string) => sb.kubectl(args, {binary: file, stdin})
    const ns = `compat-${minor}`
    const version = await k(['version', '-o', 'json'])
    expect(version.code).toBe(0)
    const v = JSON.parse(version.stdout)
    expect([v.clientVersion.minor, v.serverVersion.gitVersion]).toEqual([String(minor), 'v1.33.1'])
    const resources = await k(['api-resources', '--api-group=apps', '-o', 'name'])
    expect(resources).toEqual({stdout: 'controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n', stderr: '', code: 0})
    expect(await k(['create', 'namespace', ns])).toEqual({stdout: `namespace/${ns} created\n`, stderr: '', code: 0})
    expect(await k(['create', 'deployment', 'web', '--image=nginx', '-n', ns])).toEqual({stdout: 'deployment.apps/web created\n', stderr: '', code: 0})
    const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: ${ns}\ndata:\n  mode: dev\n`
    expect(await k(['apply', '-f', '-'], manifest)).toEqual({stdout: 'configmap/settings created\n', stderr: '', code: 0})
    expect(await k(['apply', '-f', '-'], manifest)).toEqual({stdout: 'configmap/settings unchanged\n', stderr: '', code: 0})
    expect(await k(['apply', '-f', '-'], manifest.replace('dev', 'prod'))).toEqual({stdout: 'configmap/settings configured\n', stderr: '', code: 0})
    expect(await k(['get', 'configmap', 'settings', '-n', ns, '-o', 'jsonpath={.data.mode}'])).toEqual({stdout: 'prod', stderr: '', code: 0})
    expect(await k(['scale', 'deployment', 'web', '--replicas=2', '-n', ns])).toEqual({stdout: 'deployment.apps/web scaled\n', stderr: '', code: 0})
    const explain = await k(['explain', 'deployment.spec.replicas'])
    expect(explain.code).toBe(0)
    expect(explain.stdout).toMatch(/^(GROUP|KIND):\s+(apps|Deployment)/m)
    expect(explain.stdout).toMatch(/FIELD:\s+replicas\s+<integer>/)
    const table = await k(['get', 'deployments', '-n', ns])
    expect(table.code).toBe(0)
    expect(table.stdout.split('\n')[0]).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE')
    expect(await k(['delete', 'namespace', ns, '--wait=false'])).toEqual({stdout: `namespace "${ns}" deleted\n`, stderr: '', code: 0})
  }, 120000)
})
