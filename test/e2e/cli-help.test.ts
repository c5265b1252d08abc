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

  test('each command\'s help leaves the global flags out and ends with kubectl\'s pointer to `options`', async () => {
    const r = await kctl(env, ['get', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('GLOBAL FLAGS')
    expect(r.stdout.endsWith('\n\nUse "kctl options" for a list of global command-line options (applies to all commands).\n')).toBe(true)
    if (!haveKubectl) return
    const theirs = await kubectl(env, ['get', '--help'])
    expect(r.stdout.split('\n').slice(-2)).toEqual(theirs.stdout.replaceAll('kubectl', 'kctl').split('\n').slice(-2))
  })

  test.each([[[]], [['config']], [['create']]])('%j --help ends with kubectl\'s two pointer lines', async (words) => {
    const r = await kctl(env, [...words, '--help'])
    const sub = ['kctl', ...words, '<command>'].join(' ')
    expect(r.stdout.split('\n').slice(-3)).toEqual([
      `Use "${sub} --help" for more information about a given command.`,
      'Use "kctl options" for a list of global command-line options (applies to all commands).',
      '',
    ])
    if (!haveKubectl) return
    const theirs = await kubectl(env, [...words, '--help'])
    expect(r.stdout.split('\n').slice(-3)).toEqual(theirs.stdout.replaceAll('kubectl', 'kctl').split('\n').slice(-3))
  })

  test('`kctl options`: kubectl\'s text for every global flag kctl has, plus --no-hints', async () => {
    const r = await kctl(env, ['options'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    const noHints = "    --no-hints=false:\n\tkctl: don't print hint lines after errors\n\n"
    expect(r.stdout.startsWith('The following options can be passed to any command:\n\n')).toBe(true)
    expect(r.stdout).toContain(noHints)
    if (!haveKubectl) return
    const theirs = await kubectl(env, ['options'])
    expect(theirs.code).toBe(0)
    // kubectl's blocks for the flags kctl has, in kubectl's order, with kctl's own flag in its place.
    const [header, ...blocks] = theirs.stdout.split(/\n(?=    -)/)
    const ours = new Set([...r.stdout.matchAll(/^    (?:-\w, )?--([\w-]+)=/gm)].map((m) => m[1]))
    const kept = blocks.filter((b) => ours.has(/--([\w-]+)=/.exec(b)![1]))
    const expected = [header, ...kept].join('\n').replace('\n    --password=', `\n${noHints}    --password=`)
    expect(r.stdout).toBe(expected)
    expect(kept.length).toBe(ours.size - 1)
  })
})
