// The completion model and the pure half of `kctl __complete`: how a command line is read and what each position
// wants; plus the check that completions/ matches the manifest it is generated from.
import {describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {completionModel, topLevel} from '../../src/lib/completion/model.js'
import {parseLine, wantFor, Directive} from '../../src/lib/completion/complete.js'
import {completionScript} from '../../src/lib/completion/scripts.js'
import {ROOT} from '../helpers/cli.js'

const GLOBAL_FLAGS = {
  namespace: {name: 'namespace', char: 'n', type: 'option', summary: 'If present, the namespace scope for this CLI request'},
  context: {name: 'context', type: 'option', summary: 'The name of the kubeconfig context to use'},
  kubeconfig: {name: 'kubeconfig', type: 'option', summary: 'Path to the kubeconfig file'},
}
const MANIFEST = {
  commands: {
    get: {summary: 'Display one or many resources', flags: {...GLOBAL_FLAGS, output: {name: 'output', char: 'o', type: 'option', summary: 'Output format.'}, watch: {name: 'watch', char: 'w', type: 'boolean', summary: 'Watch'}}},
    'create:deployment': {summary: 'Create a deployment', flags: {...GLOBAL_FLAGS, 'dry-run': {name: 'dry-run', type: 'option', options: ['none', 'server', 'client']}}},
    'create:service:nodeport': {summary: 'Create a NodePort service', flags: {...GLOBAL_FLAGS}},
    'create:service:clusterip': {summary: 'Create a ClusterIP service', flags: {...GLOBAL_FLAGS}},
    create: {summary: 'Create a resource from a file or from stdin', flags: {...GLOBAL_FLAGS, filename: {name: 'filename', char: 'f', type: 'option'}}},
    logs: {summary: 'Print the logs for a container in a pod', flags: {...GLOBAL_FLAGS, container: {name: 'container', char: 'c', type: 'option'}}},
    run: {summary: 'Run a particular image on the cluster', flags: {...GLOBAL_FLAGS, restart: {name: 'restart', type: 'option'}}},
    secret: {summary: 'hidden', hidden: true, flags: {}},
  },
}
const model = completionModel(MANIFEST)
const want = (...words: string[]) => wantFor(model, parseLine(model, words))

describe('completionModel', () => {
  test('top level: visible commands and topics, sorted', () => {
    expect(topLevel(model)).toEqual([
      {word: 'create', summary: 'Create a resource from a file or from stdin'},
      {word: 'get', summary: 'Display one or many resources'},
      {word: 'logs', summary: 'Print the logs for a container in a pod'},
      {word: 'run', summary: 'Run a particular image on the cluster'},
    ])
  })

  test('topics nest: create → deployment, service; create service → clusterip, nodeport (no duplicates)', () => {
    expect(model.topics).toEqual({
      create: {summary: '', subcommands: ['deployment', 'service']},
      'create:service': {summary: '', subcommands: ['clusterip', 'nodeport']},
    })
  })

  test('flags: oclif options win, else kctl knows the enumerated values', () => {
    const get = model.commands.find((c) => c.id === 'get')!
    expect(get.flags.map((f) => f.name)).toEqual(['context', 'kubeconfig', 'namespace', 'output', 'watch'])
    expect(get.flags.find((f) => f.name === 'output')!.values).toEqual(['json', 'yaml', 'name', 'wide', 'jsonpath=', 'jsonpath-as-json=', 'jsonpath-file=', 'custom-columns=', 'custom-columns-file=', 'go-template=', 'go-template-file='])
    expect(model.commands.find((c) => c.id === 'create:deployment')!.flags.find((f) => f.name === 'dry-run')!.values).toEqual(['none', 'server', 'client'])
  })
})

describe('completionModel of the shipped manifest', () => {
  test('global flags kept once on `options` (scripts/slim-manifest.js) reach every command, as in the full manifest', () => {
    const g = Object.fromEntries(Object.entries(GLOBAL_FLAGS).map(([k, f]) => [k, {...f, helpGroup: 'GLOBAL'}]))
    const own = {output: {name: 'output', char: 'o', type: 'option', summary: 'Output format.'}}
    const full = completionModel({commands: {get: {summary: 'g', flags: {...g, ...own}}, options: {summary: 'o', flags: {...g}}}})
    const slim = completionModel({commands: {get: {summary: 'g', flags: {...own}}, options: {summary: 'o', flags: {...g}}}})
    expect(slim).toEqual(full)
    expect(slim.commands.find((c) => c.id === 'get')!.flags.map((f) => f.name)).toEqual(['context', 'kubeconfig', 'namespace', 'output'])
  })
})

describe('parseLine', () => {
  test('flags before and after the command, values in every spelling', () => {
    expect(parseLine(model, ['-n', 'kube-system', 'get', '--context=prod', 'pods', '-owide', 'we'])).toEqual({
      cmd: 'get', positionals: ['pods'], flags: {namespace: 'kube-system', context: 'prod', output: 'wide'}, cur: 'we',
    })
  })

  test('nested subcommands become the command id', () => {
    expect(parseLine(model, ['create', 'service', 'nodeport', ''])).toEqual({cmd: 'create:service:nodeport', positionals: [], flags: {}, cur: ''})
  })

  test('a flag waiting for its value, separate or after =', () => {
    expect(parseLine(model, ['get', 'pods', '-n', 'ku'])).toEqual({cmd: 'get', positionals: ['pods'], pending: 'namespace', flags: {}, cur: 'ku'})
    expect(parseLine(model, ['get', 'pods', '--namespace=ku'])).toEqual({cmd: 'get', positionals: ['pods'], pending: 'namespace', flags: {}, cur: 'ku', curPrefix: '--namespace='})
  })

  test('-c of commands the manifest does not know yet (exec) still takes a container', () => {
    expect(parseLine(model, ['exec', 'web', '-c', ''])).toEqual({cmd: 'exec', positionals: ['web'], pending: 'container', flags: {}, cur: ''})
  })
})

describe('wantFor', () => {
  test('static positions', () => {
    expect(want('')).toEqual({kind: 'static', values: ['create\tCreate a resource from a file or from stdin', 'get\tDisplay one or many resources', 'logs\tPrint the logs for a container in a pod', 'run\tRun a particular image on the cluster'], directive: Directive.NoFileComp})
    expect(want('create', '')).toEqual({kind: 'static', values: ['deployment', 'service'], directive: Directive.NoFileComp})
    expect(want('get', '-o', '')).toEqual({kind: 'static', values: model.commands.find((c) => c.id === 'get')!.flags.find((f) => f.name === 'output')!.values, directive: Directive.NoFileComp})
    expect(want('run', '--restart', '')).toEqual({kind: 'static', values: ['Always', 'OnFailure', 'Never'], directive: Directive.NoFileComp})
    expect(want('top', '')).toEqual({kind: 'static', values: ['node', 'pod'], directive: Directive.NoFileComp})
    expect(want('taint', '')).toEqual({kind: 'static', values: ['node', 'nodes'], directive: Directive.NoFileComp})
    expect(want('taint', 'nodes', 'n1', 'gpu=yes:No')).toEqual({kind: 'static', values: ['gpu=yes:NoSchedule', 'gpu=yes:PreferNoSchedule', 'gpu=yes:NoExecute'], directive: Directive.NoFileComp})
  })

  test('live positions', () => {
    expect(want('get', '')).toEqual({kind: 'types'})
    expect(want('get', 'deploy', '')).toEqual({kind: 'names', type: 'deploy'})
    expect(want('get', 'pods,services', '')).toEqual({kind: 'names', type: 'pods'})
    expect(want('get', 'deploy/w')).toEqual({kind: 'names', type: 'deploy', prefix: 'deploy/'})
    expect(want('get', 'deploy/web', '')).toEqual({kind: 'none'})
    expect(want('logs', '')).toEqual({kind: 'names', type: 'pods'})
    expect(want('logs', 'web', '')).toEqual({kind: 'containers', pod: 'web'})
    expect(want('logs', 'web', '-c', '')).toEqual({kind: 'containers', pod: 'web'})
    expect(want('cp', '')).toEqual({kind: 'names', type: 'pods', suffix: ':', alsoFiles: true})
    expect(want('cp', 'web:/tmp')).toEqual({kind: 'none'})
    expect(want('drain', '')).toEqual({kind: 'names', type: 'nodes'})
    expect(want('taint', 'nodes', '')).toEqual({kind: 'names', type: 'nodes'})
    expect(want('top', 'pod', '')).toEqual({kind: 'names', type: 'pods'})
    expect(want('top', 'node', '')).toEqual({kind: 'names', type: 'nodes'})
    expect(want('get', '-n', '')).toEqual({kind: 'namespaces'})
    expect(want('--context', '')).toEqual({kind: 'contexts'})
    expect(want('create', '-f', '')).toEqual({kind: 'files'})
    expect(want('get', '--kubeconfig=')).toEqual({kind: 'files'})
  })
})

describe('completions/', () => {
  // CI runs `npm run build` (which regenerates them) and then fails on a diff; this says the same thing locally.
  test.each(['bash', 'zsh', 'fish'])('completions/kctl.%s is generated from the current manifest', (shell) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8'))
    expect(fs.readFileSync(path.join(ROOT, 'completions', `kctl.${shell}`), 'utf8')).toBe(completionScript(shell, manifest))
  })
})
