// Pure decision functions of the sandbox controllers: scheduler filters and messages, tolerations, fenceposts,
// cron schedules, PDB arithmetic, endpoints assembly.
import {describe, expect, test} from '@jest/globals'
import {mostRecent, nextRun, parseCron} from '../../src/sandbox/controllers/cron.js'
import {fenceposts, newRSReplicas, templateKey} from '../../src/sandbox/controllers/deployment.js'
import {buildSubsets, resolveTargetPort} from '../../src/sandbox/controllers/endpoints.js'
import {formatIndexes, parseIndexes} from '../../src/sandbox/controllers/job.js'
import {pdbStatus} from '../../src/sandbox/controllers/pdb.js'
import {parseQuantity, podRequests} from '../../src/sandbox/controllers/quantity.js'
import {computeHash, scaledValue, selectorMatches, selectorString} from '../../src/sandbox/controllers/runtime.js'
import {addUsage, emptyUsage, filterNode, fitErrorMessage, interPodView, nodeMatchesPod, pickNode, toleratesTaint} from '../../src/sandbox/controllers/scheduler.js'
import {ordinalOf} from '../../src/sandbox/controllers/statefulset.js'
import {evictionDelayMs} from '../../src/sandbox/controllers/taint-eviction.js'
import type {KObject} from '../../src/sandbox/types.js'

const node = (name: string, spec: any = {}, labels: Record<string, string> = {}, alloc: any = {cpu: '2', memory: '4Gi', pods: '110'}): KObject => ({
  apiVersion: 'v1', kind: 'Node', metadata: {name, labels: {'kubernetes.io/hostname': name, ...labels}}, spec, status: {allocatable: alloc},
})
const pod = (spec: any = {}, extra: any = {}): KObject => ({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p', namespace: 'default', ...extra}, spec: {containers: [{name: 'c', image: 'nginx'}], ...spec}})

describe('scheduler', () => {
  test('toleration matching follows core/v1 rules', () => {
    const taint = {key: 'k', value: 'v', effect: 'NoSchedule'}
    expect([
      toleratesTaint({key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule'}, taint),
      toleratesTaint({key: 'k', value: 'v'}, taint),
      toleratesTaint({key: 'k', operator: 'Exists'}, taint),
      toleratesTaint({operator: 'Exists'}, taint),
      toleratesTaint({key: 'k', value: 'w'}, taint),
      toleratesTaint({key: 'k', operator: 'Exists', effect: 'NoExecute'}, taint),
      toleratesTaint({value: 'v'}, taint),
    ]).toEqual([true, true, true, true, false, false, false])
  })

  test('node affinity operators including Gt/Lt and matchFields', () => {
    const n = node('w1', {}, {zone: 'a', gen: '5'})
    const req = (terms: any[]) => pod({affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: terms}}}})
    expect([
      nodeMatchesPod(req([{matchExpressions: [{key: 'zone', operator: 'In', values: ['a', 'b']}]}]), n),
      nodeMatchesPod(req([{matchExpressions: [{key: 'zone', operator: 'NotIn', values: ['a']}]}]), n),
      nodeMatchesPod(req([{matchExpressions: [{key: 'gpu', operator: 'DoesNotExist'}, {key: 'zone', operator: 'Exists'}]}]), n),
      nodeMatchesPod(req([{matchExpressions: [{key: 'gen', operator: 'Gt', values: ['4']}]}]), n),
      nodeMatchesPod(req([{matchExpressions: [{key: 'gen', operator: 'Lt', values: ['5']}]}]), n),
      nodeMatchesPod(req([{matchFields: [{key: 'metadata.name', operator: 'In', values: ['w1']}]}]), n),
      nodeMatchesPod(req([{matchExpressions: [{key: 'zone', operator: 'In', values: ['b']}]}, {matchExpressions: [{key: 'gen', operator: 'In', values: ['5']}]}]), n),
      nodeMatchesPod(pod({nodeSelector: {zone: 'b'}}), n),
      nodeMatchesPod(req([{}]), n),
    ]).toEqual([true, false, true, true, false, true, true, false, false])
  })

  test('filters report the first failing plugin per node, and resources by name', () => {
    const p = pod({containers: [{name: 'c', image: 'x', resources: {requests: {cpu: '1500m', memory: '1Gi'}}}]})
    const used = emptyUsage()
    used.requests = {cpu: 1, memory: 0}
    expect([
      filterNode(p, node('a', {unschedulable: true, taints: [{key: 't', effect: 'NoSchedule'}]}), emptyUsage()),
      filterNode(p, node('b', {taints: [{key: 't', value: 'x', effect: 'NoExecute'}]}), emptyUsage()),
      filterNode(pod({nodeSelector: {disk: 'ssd'}}), node('c'), emptyUsage()),
      filterNode(p, node('d'), used),
      filterNode(p, node('e', {}, {}, {cpu: '1', memory: '512Mi', pods: '110'}), emptyUsage()),
      filterNode(p, node('f', {taints: [{key: 't', effect: 'PreferNoSchedule'}]}), emptyUsage()),
    ]).toEqual([
      ['node(s) were unschedulable'],
      ['node(s) had untolerated taint {t: x}'],
      ["node(s) didn't match Pod's node affinity/selector"],
      ['Insufficient cpu'],
      ['Insufficient cpu', 'Insufficient memory'],
      [],
    ])
  })

  test('FitError message sorts reasons and splits preemption verdicts', () => {
    expect(fitErrorMessage(3, [['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'], ['node(s) were unschedulable'], ['node(s) were unschedulable']])).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    )
    expect(fitErrorMessage(3, [['node(s) had untolerated taint {machine-check-exception: memory}'], ['Insufficient cpu'], ['Insufficient cpu']])).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {machine-check-exception: memory}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    )
    expect(fitErrorMessage(0, [])).toBe('no nodes available to schedule pods')
  })

  test('scoring avoids PreferNoSchedule, then prefers the least allocated node', () => {
    const nodes = [node('busy'), node('free'), node('tainted', {taints: [{key: 'x', effect: 'PreferNoSchedule'}]})]
    const usage = (n: string) => {
      const u = emptyUsage()
      if (n === 'busy') u.scoreCpu = 1
      if (n === 'busy') u.pods = 3
      return u
    }
    expect(pickNode(pod(), nodes, usage).node?.metadata.name).toBe('free')
    expect(pickNode(pod({tolerations: [{operator: 'Exists'}]}), [nodes[0], nodes[2]], usage).node?.metadata.name).toBe('tainted')
  })
})

describe('scheduler: host ports, inter-pod affinity, topology spread', () => {
  const zoned = [node('n1', {}, {zone: 'a'}), node('n2', {}, {zone: 'a'}), node('n3', {}, {zone: 'b'})]
  const bound = (name: string, nodeName: string, labels: Record<string, string>, spec: any = {}): KObject => ({
    apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'default', uid: name, labels}, spec: {nodeName, containers: [{name: 'c'}], ...spec}, status: {phase: 'Running'},
  })
  const verdicts = (p: KObject, pods: KObject[]) => {
    const v = interPodView(p, zoned, pods)
    return zoned.map((n) => v.filter(n) ?? 'ok')
  }

  test('host port conflicts', () => {
    const hp = (port: number, ip?: string) => pod({containers: [{name: 'c', ports: [{containerPort: 80, hostPort: port, ...(ip ? {hostIP: ip} : {})}]}]})
    const used = emptyUsage()
    addUsage(used, hp(8080, '127.0.0.1'))
    expect([filterNode(hp(8080), node('a'), used), filterNode(hp(8080, '127.0.0.2'), node('a'), used), filterNode(hp(8081), node('a'), used)]).toEqual([
      ["node(s) didn't have free ports for the requested pod ports"], [], [],
    ])
  })

  test('required pod anti-affinity by hostname and zone, and existing pods\' anti-affinity', () => {
    const anti = (key: string) => pod({affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: 'db'}}, topologyKey: key}]}}}, {labels: {app: 'db'}})
    const pods = [bound('db-0', 'n1', {app: 'db'})]
    expect(verdicts(anti('kubernetes.io/hostname'), pods)).toEqual(["node(s) didn't match pod anti-affinity rules", 'ok', 'ok'])
    expect(verdicts(anti('zone'), pods)).toEqual(["node(s) didn't match pod anti-affinity rules", "node(s) didn't match pod anti-affinity rules", 'ok'])
    const guard = [bound('g', 'n3', {app: 'guard'}, {affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: 'web'}}, topologyKey: 'zone'}]}}})]
    expect(verdicts(pod({}, {labels: {app: 'web'}}), guard)).toEqual(['ok', 'ok', "node(s) didn't satisfy existing pods anti-affinity rules"])
  })

  test('required pod affinity, including the first pod of a self-selecting group', () => {
    const aff = pod({affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: 'cache'}}, topologyKey: 'zone'}]}}}, {labels: {app: 'web'}})
    expect(verdicts(aff, [bound('c', 'n3', {app: 'cache'})])).toEqual(["node(s) didn't match pod affinity rules", "node(s) didn't match pod affinity rules", 'ok'])
    expect(verdicts(aff, [])).toEqual(["node(s) didn't match pod affinity rules", "node(s) didn't match pod affinity rules", "node(s) didn't match pod affinity rules"])
    const self = pod({affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: 'cache'}}, topologyKey: 'zone'}]}}}, {labels: {app: 'cache'}})
    expect(verdicts(self, [])).toEqual(['ok', 'ok', 'ok'])
  })

  test('topology spread: DoNotSchedule filters by skew, missing label, ScheduleAnyway scores', () => {
    const spread = (when: string) => pod({topologySpreadConstraints: [{maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: when, labelSelector: {matchLabels: {app: 'w'}}}]}, {labels: {app: 'w'}})
    const pods = [bound('w1', 'n1', {app: 'w'})]
    expect(verdicts(spread('DoNotSchedule'), pods)).toEqual(["node(s) didn't match pod topology spread constraints", "node(s) didn't match pod topology spread constraints", 'ok'])
    const v = interPodView(spread('ScheduleAnyway'), zoned, pods)
    expect(zoned.map((n) => [v.filter(n) ?? 'ok', v.spreadScore(n)])).toEqual([['ok', 1], ['ok', 1], ['ok', 0]])
    const nolabel = interPodView(spread('DoNotSchedule'), [node('bare')], [])
    expect(nolabel.filter(node('bare'))).toBe("node(s) didn't match pod topology spread constraints (missing required label)")
    expect(pickNode(spread('ScheduleAnyway'), zoned, () => emptyUsage(), v).node?.metadata.name).toBe('n3')
  })

  test('anti-affinity verdicts count as resolvable in the preemption half', () => {
    expect(fitErrorMessage(3, [["node(s) didn't match pod anti-affinity rules"], ["node(s) didn't match pod anti-affinity rules"], ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']])).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    )
  })
})

describe('quantities and requests', () => {
  test('parseQuantity', () => {
    expect(['100m', '2', '1.5', '128Mi', '1Gi', '1e3', '500M', '1k', 'x'].map(parseQuantity)).toEqual([0.1, 2, 1.5, 134217728, 1073741824, 1000, 500000000, 1000, NaN])
  })
  test('podRequests: containers summed, init containers as a floor, limits as default requests', () => {
    const p = pod({
      containers: [{name: 'a', resources: {requests: {cpu: '100m'}}}, {name: 'b', resources: {limits: {cpu: '200m', memory: '64Mi'}}}],
      initContainers: [{name: 'i', resources: {requests: {cpu: '1'}}}],
    })
    expect(podRequests(p)).toEqual({cpu: 1, memory: 64 * 2 ** 20})
  })
})

describe('taint eviction', () => {
  test('evictionDelayMs: untolerated now, tolerationSeconds counted from timeAdded, forever without seconds', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    const taint = {key: 'k', value: 'v', effect: 'NoExecute', timeAdded: '2025-12-31T23:59:50Z'}
    expect([
      evictionDelayMs(pod(), [taint], now),
      evictionDelayMs(pod({tolerations: [{key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30}]}), [taint], now),
      evictionDelayMs(pod({tolerations: [{key: 'k', operator: 'Exists'}]}), [taint], now),
      evictionDelayMs(pod(), [{key: 'k', effect: 'NoSchedule'}], now),
    ]).toEqual([0, 20_000, Infinity, Infinity])
  })
})

describe('deployment arithmetic', () => {
  const dep = (replicas: number, ru: any = {}) => ({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {}, spec: {replicas, strategy: {type: 'RollingUpdate', rollingUpdate: ru}}}) as KObject
  test('fenceposts round surge up and unavailable down, never both zero', () => {
    expect([fenceposts(dep(5)), fenceposts(dep(1)), fenceposts(dep(10, {maxSurge: 0, maxUnavailable: 0})), fenceposts(dep(4, {maxSurge: 2, maxUnavailable: '50%'}))]).toEqual([
      {surge: 2, unavailable: 1}, {surge: 1, unavailable: 0}, {surge: 0, unavailable: 1}, {surge: 2, unavailable: 2},
    ])
  })
  test('newRSReplicas caps at replicas + surge', () => {
    const rs = (n: number) => ({apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {}, spec: {replicas: n}}) as KObject
    expect(newRSReplicas(dep(5), [rs(0), rs(5)], rs(0))).toBe(2)
    expect(newRSReplicas(dep(5), [rs(2), rs(5)], rs(2))).toBe(2)
    expect(newRSReplicas(dep(5), [rs(2), rs(4)], rs(2))).toBe(3)
  })
  test('template identity ignores pod-template-hash; hashes use the generateName alphabet', () => {
    const t = {metadata: {labels: {app: 'a'}}, spec: {containers: [{name: 'c', image: 'nginx'}]}}
    expect(templateKey({...t, metadata: {labels: {app: 'a', 'pod-template-hash': 'abc'}}})).toBe(templateKey(t))
    expect(computeHash(t)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/)
    expect(computeHash(t)).toBe(computeHash(JSON.parse(JSON.stringify(t))))
    expect(computeHash(t, 1)).not.toBe(computeHash(t))
  })
  test('scaledValue', () => {
    expect([scaledValue('25%', 5, true, 0), scaledValue('25%', 5, false, 0), scaledValue(3, 5, true, 0), scaledValue(undefined, 10, true, '10%')]).toEqual([2, 1, 3, 1])
  })
})

describe('selectors', () => {
  test('LabelSelector matching and string form', () => {
    const sel = {matchLabels: {app: 'a'}, matchExpressions: [{key: 'tier', operator: 'In', values: ['web', 'api']}, {key: 'canary', operator: 'DoesNotExist'}]}
    expect([selectorMatches(sel, {app: 'a', tier: 'web'}), selectorMatches(sel, {app: 'a', tier: 'db'}), selectorMatches(sel, {app: 'a', tier: 'api', canary: 'y'}), selectorMatches({}, {x: 'y'}), selectorMatches(undefined, {})]).toEqual([true, false, false, true, false])
    expect(selectorString(sel)).toBe('app=a,tier in (web,api),!canary')
  })
})

describe('cron', () => {
  test('next runs for common schedules (UTC)', () => {
    const t0 = Date.parse('2026-03-14T10:07:30Z')
    const iso = (n: number | undefined) => (n === undefined ? undefined : new Date(n).toISOString())
    expect([
      iso(nextRun(parseCron('* * * * *'), t0)),
      iso(nextRun(parseCron('*/15 * * * *'), t0)),
      iso(nextRun(parseCron('0 9 * * 1-5'), t0)),
      iso(nextRun(parseCron('@daily'), t0)),
      iso(nextRun(parseCron('30 2 1 jan *'), t0)),
      iso(nextRun(parseCron('0 0 13 * 5'), t0)),
    ]).toEqual([
      '2026-03-14T10:08:00.000Z', '2026-03-14T10:15:00.000Z', '2026-03-16T09:00:00.000Z', '2026-03-15T00:00:00.000Z', '2027-01-01T02:30:00.000Z', '2026-03-20T00:00:00.000Z',
    ])
  })
  test('time zones and missed runs', () => {
    const t0 = Date.parse('2026-07-01T00:00:00Z')
    expect(new Date(nextRun(parseCron('0 9 * * *'), t0, 'America/New_York')!).toISOString()).toBe('2026-07-01T13:00:00.000Z')
    const r = mostRecent(parseCron('*/10 * * * *'), Date.parse('2026-07-01T00:00:00Z'), Date.parse('2026-07-01T00:35:00Z'))
    expect([new Date(r.time!).toISOString(), r.missed]).toEqual(['2026-07-01T00:30:00.000Z', 3])
  })
  test('malformed schedules are rejected', () => {
    expect(() => parseCron('* * * *')).toThrow('expected exactly 5 fields, found 4: * * * *')
    expect(() => parseCron('61 * * * *')).toThrow()
  })
})

describe('pdb, jobs, statefulsets, endpoints', () => {
  const p = (name: string, ready: boolean, labels = {app: 'a'}): KObject => ({
    apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'default', labels}, spec: {nodeName: 'n', containers: [{name: 'c', ports: [{name: 'http', containerPort: 8080}]}]},
    status: {phase: 'Running', podIP: `10.0.0.${name.length}`, conditions: [{type: 'Ready', status: ready ? 'True' : 'False'}]},
  })
  test('pdbStatus with minAvailable percentage and maxUnavailable', () => {
    const pods = [p('a', true), p('bb', true), p('ccc', false), p('dddd', true, {app: 'other'} as any)]
    const pdb = (spec: any): KObject => ({apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: {name: 'x', namespace: 'default', generation: 2}, spec: {selector: {matchLabels: {app: 'a'}}, ...spec}})
    const strip = (s: any) => ({...s, conditions: s.conditions.map((c: any) => `${c.type}=${c.status}/${c.reason}`)})
    expect(strip(pdbStatus(pdb({minAvailable: '50%'}), pods))).toEqual({observedGeneration: 2, disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 3, conditions: ['DisruptionAllowed=False/InsufficientPods']})
    expect(strip(pdbStatus(pdb({maxUnavailable: 2}), pods))).toEqual({observedGeneration: 2, disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 3, conditions: ['DisruptionAllowed=True/SufficientPods']})
  })
  test('completed indexes round trip', () => {
    expect(formatIndexes(parseIndexes('0,2-4,7'))).toBe('0,2-4,7')
    expect(formatIndexes(new Set([5, 1, 2, 3]))).toBe('1-3,5')
  })
  test('StatefulSet ordinals', () => {
    expect(['web-0', 'web-12', 'web-01', 'web-x', 'webby-1', 'web-'].map((n) => ordinalOf('web', n))).toEqual([0, 12, -1, -1, -1, -1])
  })
  test('Endpoints subsets: named targetPort, ready and not-ready addresses', () => {
    const svc: KObject = {apiVersion: 'v1', kind: 'Service', metadata: {name: 's', namespace: 'default'}, spec: {selector: {app: 'a'}, ports: [{name: 'web', port: 80, targetPort: 'http', protocol: 'TCP'}]}}
    expect(resolveTargetPort(svc.spec.ports[0], p('a', true))).toBe(8080)
    expect(buildSubsets(svc, [p('a', true), p('bb', false)])).toEqual([{
      addresses: [{ip: '10.0.0.1', nodeName: 'n', targetRef: {kind: 'Pod', namespace: 'default', name: 'a', uid: undefined}}],
      notReadyAddresses: [{ip: '10.0.0.2', nodeName: 'n', targetRef: {kind: 'Pod', namespace: 'default', name: 'bb', uid: undefined}}],
      ports: [{name: 'web', port: 8080, protocol: 'TCP'}],
    }])
  })
})
