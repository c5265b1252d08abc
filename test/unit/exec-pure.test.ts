// Pure parts of exec/attach: argument rules, channel query, exit status parsing, container defaulting, pod ordering.
import {describe, expect, test} from '@jest/globals'
import {execOptions} from '../../src/lib/exec/exec.js'
import {resultFromStatus, channelQuery} from '../../src/lib/exec/channel.js'
import {chooseContainer, compareForLogging, splitPodArg} from '../../src/lib/exec/pod.js'

describe('exec arguments', () => {
  test('POD -- COMMAND keeps the command verbatim', () => {
    expect(execOptions(['foo'], ['sh', '-c', 'echo "a b"; exit 3'], true, {container: 'c', stdin: true})).toEqual({target: 'foo', command: ['sh', '-c', 'echo "a b"; exit 3'], container: 'c', stdin: true, tty: false, quiet: false})
  })
  test('kubectl errors', () => {
    expect(() => execOptions(['foo', 'cmd'], [], false, {})).toThrow('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead')
    expect(() => execOptions([], ['foo', 'cmd'], true, {})).toThrow('pod, type/name or --filename must be specified')
    expect(() => execOptions(['foo'], [], false, {})).toThrow('you must specify at least one command for the container')
  })
})

describe('remotecommand status', () => {
  test('success, exit codes and other failures', () => {
    expect(resultFromStatus('{"metadata":{},"status":"Success"}')).toEqual({code: 0})
    expect(resultFromStatus('{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 5], exit code 5","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"5"}]}}')).toEqual({code: 5})
    expect(resultFromStatus('{"status":"Failure","reason":"InternalError","message":"failed to exec: boom"}')).toEqual({code: 1, message: 'failed to exec: boom'})
    expect(resultFromStatus('plain text error')).toEqual({code: 1, message: 'plain text error'})
  })
  test('query repeats command and drops false flags', () => {
    expect(channelQuery({command: ['ls', '/'], container: 'bare', stdin: false, stdout: true, stderr: true, tty: false})).toBe('command=ls&command=%2F&container=bare&stdout=true&stderr=true')
  })
})

describe('container choice', () => {
  const pod = (annotations?: Record<string, string>) => ({metadata: {name: 'p', annotations}, spec: {containers: [{name: 'main'}, {name: 'side'}], initContainers: [{name: 'init'}], ephemeralContainers: [{name: 'dbg'}]}})
  test('first container with kubectl\'s note', () => {
    const notes: string[] = []
    expect(chooseContainer(pod(), undefined, (l) => notes.push(l))).toBe('main')
    expect(notes).toEqual(['Defaulted container "main" out of: main, side, dbg (ephem), init (init)\n'])
  })
  test('annotation, explicit, quiet, bad annotation', () => {
    const notes: string[] = []
    expect(chooseContainer(pod({'kubectl.kubernetes.io/default-container': 'side'}), undefined, (l) => notes.push(l))).toBe('side')
    expect(chooseContainer(pod(), 'side', (l) => notes.push(l))).toBe('side')
    expect(chooseContainer(pod(), undefined, (l) => notes.push(l), true)).toBe('main')
    expect(notes).toEqual([])
    chooseContainer(pod({'kubectl.kubernetes.io/default-container': 'x'}), undefined, (l) => notes.push(l), true)
    expect(notes).toEqual(['Default container name "x" not found in pod p\n'])
  })
})

describe('pod selection helpers', () => {
  test('ByLogging order: scheduled, running, ready, restarts, older', () => {
    const p = (name: string, phase: string, node: boolean, ready: boolean, restarts = 0) => ({metadata: {name, creationTimestamp: '2026-01-01T00:00:00Z'}, spec: {nodeName: node ? 'n' : undefined}, status: {phase, conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}], containerStatuses: [{restartCount: restarts}]}})
    const pods = [p('pending', 'Pending', true, false), p('unscheduled', 'Pending', false, false), p('running-notready', 'Running', true, false), p('ready', 'Running', true, true), p('restarty', 'Running', true, false, 3)]
    expect([...pods].sort(compareForLogging).map((x) => x.metadata.name)).toEqual(['ready', 'restarty', 'running-notready', 'pending', 'unscheduled'])
  })
  test('TYPE/NAME split', () => {
    expect([splitPodArg('web'), splitPodArg('deploy/web')]).toEqual([{type: 'pods', name: 'web'}, {type: 'deploy', name: 'web'}])
  })
})
