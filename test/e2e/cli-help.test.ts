// `kctl help`: the help command kctl ships itself (oclif's help plugin is not loaded at start), run through the real
// entry and its bundle.
import {describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {kctl, kubectl, requireKubectl, type RunEnv} from '../helpers/cli.js'

const haveKubectl = requireKubectl('help topic wording')
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-help-'))
const env: RunEnv = {home, kubeconfig: path.join(home, 'none')}

describe('kctl help', () => {
  test.each([
    [['help', 'get'], ['get', '--help']],
    [['help', 'config', 'view'], ['config', 'view', '--help']],
    [['help', 'create', 'service', 'nodeport'], ['create', 'service', 'nodeport', '-h']],
    [['help', 'rollout'], ['rollout', '--help']],
  ])('%j prints what %j prints', async (viaHelp, viaFlag) => {
    const a = await kctl(env, viaHelp)
    const b = await kctl(env, viaFlag)
    expect(a).toEqual(b)
    expect(a.code).toBe(0)
    expect(a.stdout).toContain('USAGE')
  })

  test('without a topic: the root help, listing the commands and topics', async () => {
    const r = await kctl(env, ['help'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    for (const word of ['\n  apply ', '\n  config ', '\n  get ', '\n  help ', '\n  run ']) expect(r.stdout).toContain(word)
  })

  test('an unknown topic: cobra\'s words, then the root help, all on stderr, exit 0', async () => {
    const r = await kctl(env, ['help', 'nope', 'extra'])
    const root = await kctl(env, ['help'])
    expect(r).toEqual({stdout: '', stderr: 'Unknown help topic [`nope` `extra`]\n' + root.stdout, code: 0})
    if (!haveKubectl) return
    const theirs = await kubectl(env, ['help', 'nope', 'extra'])
    expect(theirs.stdout).toBe('')
    expect(theirs.stderr.split('\n')[0]).toBe(r.stderr.split('\n')[0])
    expect(theirs.code).toBe(r.code)
  })
})
