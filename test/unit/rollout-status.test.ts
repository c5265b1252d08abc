// Pure parts of `kctl rollout`: the status viewers, the restart/pause/resume object changes, the history table.
import {describe, expect, test} from '@jest/globals'
import {rolloutStatus, mutateForVerb, historyTable, rolloutSelection} from '../../src/lib/rollout/rollout.js'

const D = {group: 'apps', kind: 'Deployment'}
const dep = (status: any, extra: any = {}) => ({metadata: {name: 'web', generation: 2, annotations: {'deployment.kubernetes.io/revision': '3'}}, spec: {replicas: 3, ...extra}, status: {observedGeneration: 2, ...status}})

describe('rolloutStatus: deployment', () => {
  test('each waiting stage, then done', () => {
    expect(rolloutStatus(D, {...dep({}), status: {observedGeneration: 1}}, 0)).toEqual({status: 'Waiting for deployment spec update to be observed...\n', done: false})
    expect(rolloutStatus(D, dep({updatedReplicas: 1, replicas: 3}), 0)).toEqual({status: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n', done: false})
    expect(rolloutStatus(D, dep({updatedReplicas: 3, replicas: 4}), 0)).toEqual({status: 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n', done: false})
    expect(rolloutStatus(D, dep({updatedReplicas: 3, replicas: 3, availableReplicas: 2}), 0)).toEqual({status: 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...\n', done: false})
    expect(rolloutStatus(D, dep({updatedReplicas: 3, replicas: 3, availableReplicas: 3}), 0)).toEqual({status: 'deployment "web" successfully rolled out\n', done: true})
  })
  test('progress deadline and revision pin', () => {
    expect(() => rolloutStatus(D, dep({conditions: [{type: 'Progressing', reason: 'ProgressDeadlineExceeded'}]}), 0)).toThrow('deployment "web" exceeded its progress deadline')
    expect(() => rolloutStatus(D, dep({}), 5)).toThrow('desired revision (5) is different from the running revision (3)')
  })
  test('no viewer for other kinds', () => {
    expect(() => rolloutStatus({group: '', kind: 'ConfigMap'}, {}, 0)).toThrow('no status viewer has been implemented for ConfigMap')
  })
})

describe('rolloutStatus: daemon set and stateful set', () => {
  test('daemon set', () => {
    const ds = {metadata: {name: 'ds', generation: 1}, spec: {updateStrategy: {type: 'RollingUpdate'}}, status: {observedGeneration: 1, desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 1}}
    expect(rolloutStatus({group: 'apps', kind: 'DaemonSet'}, ds, 0)).toEqual({status: 'Waiting for daemon set "ds" rollout to finish: 1 of 2 updated pods are available...\n', done: false})
  })
  test('stateful set', () => {
    const sts = {metadata: {name: 's', generation: 1}, spec: {replicas: 2, updateStrategy: {type: 'RollingUpdate', rollingUpdate: {partition: 0}}}, status: {observedGeneration: 1, readyReplicas: 2, updatedReplicas: 2}}
    expect(rolloutStatus({group: 'apps', kind: 'StatefulSet'}, sts, 0)).toEqual({status: 'partitioned roll out complete: 2 new pods have been updated...\n', done: true})
    expect(() => rolloutStatus({group: 'apps', kind: 'StatefulSet'}, {...sts, spec: {updateStrategy: {type: 'OnDelete'}}}, 0)).toThrow('rollout status is only available for RollingUpdate strategy type')
  })
})

describe('mutateForVerb', () => {
  const now = new Date('2026-11-26T12:00:00.123Z')
  test('restart stamps the template', () => {
    expect(mutateForVerb('restart', D, {spec: {template: {metadata: {labels: {a: 'b'}}}}}, now)).toEqual({spec: {template: {metadata: {labels: {a: 'b'}, annotations: {'kubectl.kubernetes.io/restartedAt': '2026-11-26T12:00:00Z'}}}}})
  })
  test('refusals', () => {
    expect(() => mutateForVerb('restart', D, {spec: {paused: true}}, now)).toThrow("can't restart paused deployment (run rollout resume first)")
    expect(() => mutateForVerb('restart', {group: '', kind: 'ConfigMap'}, {}, now)).toThrow('restarting is not supported')
    expect(() => mutateForVerb('pause', D, {spec: {paused: true}}, now)).toThrow('is already paused')
    expect(() => mutateForVerb('resume', D, {spec: {}}, now)).toThrow('is not paused')
  })
  test('pause and resume flip spec.paused', () => {
    expect(mutateForVerb('pause', D, {spec: {replicas: 1}}, now)).toEqual({spec: {replicas: 1, paused: true}})
    expect(mutateForVerb('resume', D, {spec: {paused: true}}, now)).toEqual({spec: {}})
  })
})

describe('historyTable and selection', () => {
  test('table', () => {
    expect(historyTable([{revision: 1}, {revision: 10, changeCause: 'kctl set image'}])).toBe('REVISION  CHANGE-CAUSE\n1         <none>\n10        kctl set image\n')
  })
  test('a bare type means all of it; nothing is an error', () => {
    expect(rolloutSelection('status', {args: ['deploy'], filenames: []}).all).toBe(true)
    expect(rolloutSelection('status', {args: ['deploy', 'web'], filenames: []}).all).toBe(false)
    expect(() => rolloutSelection('status', {args: [], filenames: []})).toThrow('required resource not specified')
  })
})
