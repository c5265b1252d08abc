// Server-side apply: field ownership, conflicts and pruning, checked against kube-apiserver's observable behaviour.
import {describe, expect, test} from '@jest/globals'
import {serverSideApply, updateManagedFields} from '../../src/sandbox/ssa/index.js'
import {ApiError, type KObject} from '../../src/sandbox/types.js'

const now = new Date('2026-01-02T03:04:05.678Z')
const T = '2026-01-02T03:04:05Z'

function deployment(replicas: number, image = 'nginx:1.27', extra: Record<string, string> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'nginx-app', namespace: 'default', labels: {app: 'nginx-app', ...extra}},
    spec: {
      replicas,
      selector: {matchLabels: {app: 'nginx-app'}},
      template: {
        metadata: {labels: {app: 'nginx-app'}},
        spec: {containers: [{name: 'nginx', image, ports: [{containerPort: 80}]}]},
      },
    },
  }
}

const appliedFields = {
  'f:metadata': {'f:labels': {'f:app': {}}},
  'f:spec': {
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:metadata': {'f:labels': {'f:app': {}}},
      'f:spec': {
        'f:containers': {
          'k:{"name":"nginx"}': {
            '.': {},
            'f:image': {},
            'f:name': {},
            'f:ports': {'k:{"containerPort":80,"protocol":"TCP"}': {'.': {}, 'f:containerPort': {}}},
          },
        },
      },
    },
  },
}

function conflictOf(fn: () => unknown): {code: number; reason: string; message: string; causes: unknown} {
  try {
    fn()
  } catch (e) {
    if (e instanceof ApiError) return {code: e.code, reason: e.reason, message: e.message, causes: e.details?.causes}
    throw e
  }
  throw new Error('no error thrown')
}

describe('serverSideApply', () => {
  test('create: the object is the applied config, owned by the applier', () => {
    const obj = serverSideApply(undefined, deployment(1), {manager: 'kubectl', force: false, now})
    expect(obj.spec).toEqual(deployment(1).spec)
    expect(obj.metadata.managedFields).toEqual([
      {manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: T, fieldsType: 'FieldsV1', fieldsV1: appliedFields},
    ])
  })

  test('conflict with a client-side-apply manager over a changed field', () => {
    const live = deployment(1)
    updateManagedFields(undefined, live, 'kubectl-client-side-apply', 'Update')
    expect(conflictOf(() => serverSideApply(live, deployment(3), {manager: 'kubectl', force: false, now}))).toEqual({
      code: 409,
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      causes: [{reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas'}],
    })
  })

  test('several conflicts are listed one a line', () => {
    const live = deployment(1)
    updateManagedFields(undefined, live, 'kubectl-client-side-apply', 'Update')
    expect(conflictOf(() => serverSideApply(live, deployment(3, 'nginx:1.28'), {manager: 'not-kubectl', force: false, now})).message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n' +
        '- .spec.replicas\n' +
        '- .spec.template.spec.containers[name="nginx"].image',
    )
  })

  test('same value: no conflict, fields are shared', () => {
    const live = deployment(1)
    updateManagedFields(undefined, live, 'kubectl-client-side-apply', 'Update')
    const obj = serverSideApply(live, deployment(1), {manager: 'kubectl', force: false, now})
    expect(obj.metadata.managedFields!.map((e: any) => [e.manager, e.operation])).toEqual([
      ['kubectl', 'Apply'],
      ['kubectl-client-side-apply', 'Update'],
    ])
    expect(obj.metadata.managedFields![1].fieldsV1['f:spec']['f:replicas']).toEqual({})
  })

  test('force takes ownership away from the other manager', () => {
    const live = deployment(1)
    updateManagedFields(undefined, live, 'kubectl-client-side-apply', 'Update')
    const obj = serverSideApply(live, deployment(3), {manager: 'kubectl', force: true, now})
    expect(obj.spec.replicas).toBe(3)
    const csa = obj.metadata.managedFields!.find((e: any) => e.manager === 'kubectl-client-side-apply')
    expect(csa.fieldsV1['f:spec']['f:replicas']).toBeUndefined()
    expect(csa.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}']['f:image']).toEqual({})
  })

  test('a field the manager stops applying is removed; fields of others stay', () => {
    const first = serverSideApply(undefined, deployment(1, 'nginx:1.27', {tier: 'web'}), {manager: 'kubectl', force: false, now})
    // Another writer adds an annotation and a sidecar container.
    const edited: KObject = JSON.parse(JSON.stringify(first))
    edited.metadata.annotations = {note: 'x'}
    edited.spec.template.spec.containers.push({name: 'sidecar', image: 'busybox'})
    updateManagedFields(first, edited, 'kubectl-edit', 'Update')
    const second = serverSideApply(edited, deployment(1), {manager: 'kubectl', force: false, now})
    expect(second.metadata.labels).toEqual({app: 'nginx-app'})
    expect(second.metadata.annotations).toEqual({note: 'x'})
    expect(second.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['nginx', 'sidecar'])
  })

  test('list items merge by key and keep live-only items in place', () => {
    const live = deployment(1)
    live.spec.template.spec.containers = [{name: 'a', image: 'x'}, {name: 'nginx', image: 'old'}]
    updateManagedFields(undefined, live, 'other', 'Update')
    const obj = serverSideApply(live, deployment(1, 'old'), {manager: 'kubectl', force: false, now})
    expect(obj.spec.template.spec.containers).toEqual([
      {name: 'a', image: 'x'},
      {name: 'nginx', image: 'old', ports: [{containerPort: 80}]},
    ])
  })

  test('an object without managedFields is owned by before-first-apply', () => {
    const live = deployment(1)
    expect(conflictOf(() => serverSideApply(live, deployment(2), {manager: 'kubectl', force: false, now})).message).toBe(
      'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas',
    )
  })
})

describe('updateManagedFields', () => {
  test('create records the fields set, with "." for added optional maps only', () => {
    const obj = deployment(1)
    obj.spec.strategy = {type: 'RollingUpdate', rollingUpdate: {maxSurge: '25%', maxUnavailable: '25%'}}
    obj.spec.template.spec.containers[0].resources = {}
    updateManagedFields(undefined, obj, 'kubectl-create', 'Update')
    const [entry] = obj.metadata.managedFields!
    expect({...entry, time: 'x'}).toEqual({
      manager: 'kubectl-create',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: 'x',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': {'f:labels': {'.': {}, 'f:app': {}}},
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:strategy': {'f:rollingUpdate': {'.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {}}, 'f:type': {}},
          'f:template': {
            'f:metadata': {'f:labels': {'.': {}, 'f:app': {}}},
            'f:spec': {
              'f:containers': {
                'k:{"name":"nginx"}': {
                  '.': {},
                  'f:image': {},
                  'f:name': {},
                  'f:ports': {'.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': {'.': {}, 'f:containerPort': {}}},
                  'f:resources': {},
                },
              },
            },
          },
        },
      },
    })
  })

  test('a later update moves the changed field to its manager', () => {
    const old = deployment(1)
    updateManagedFields(undefined, old, 'kubectl-client-side-apply', 'Update')
    const scaled: KObject = JSON.parse(JSON.stringify(old))
    scaled.spec.replicas = 5
    updateManagedFields(old, scaled, 'kubectl', 'Update', 'scale')
    const byManager = Object.fromEntries(scaled.metadata.managedFields!.map((e: any) => [e.manager, e]))
    expect(byManager['kubectl'].subresource).toBe('scale')
    expect(byManager['kubectl'].fieldsV1).toEqual({'f:spec': {'f:replicas': {}}})
    expect(byManager['kubectl-client-side-apply'].fieldsV1['f:spec']['f:replicas']).toBeUndefined()
  })

  test('status writes are tracked separately from the main resource', () => {
    const old = deployment(1)
    updateManagedFields(undefined, old, 'kubectl-create', 'Update')
    const next: KObject = JSON.parse(JSON.stringify(old))
    next.status = {replicas: 1, conditions: [{type: 'Available', status: 'True'}]}
    updateManagedFields(old, next, 'kube-controller-manager', 'Update', 'status')
    const kcm = next.metadata.managedFields!.find((e: any) => e.manager === 'kube-controller-manager')
    expect(kcm.fieldsV1).toEqual({
      'f:status': {'f:conditions': {'.': {}, 'k:{"type":"Available"}': {'.': {}, 'f:status': {}, 'f:type': {}}}, 'f:replicas': {}},
    })
  })

  test('a no-op update keeps managedFields as they were', () => {
    const old = deployment(1)
    updateManagedFields(undefined, old, 'kubectl-create', 'Update')
    const same: KObject = JSON.parse(JSON.stringify(old))
    updateManagedFields(old, same, 'someone', 'Update')
    expect(same.metadata.managedFields).toEqual(old.metadata.managedFields)
  })

  test('managedFields sent by the client replace the live ones (csaupgrade)', () => {
    const old = deployment(1)
    updateManagedFields(undefined, old, 'kubectl-client-side-apply', 'Update')
    const next: KObject = JSON.parse(JSON.stringify(old))
    next.metadata.managedFields = [{...old.metadata.managedFields![0], manager: 'kubectl', operation: 'Apply'}]
    updateManagedFields(old, next, 'kubectl-client-side-apply', 'Update')
    expect(next.metadata.managedFields!.map((e: any) => [e.manager, e.operation])).toEqual([['kubectl', 'Apply']])
    expect(next.metadata.managedFields![0].fieldsV1).toEqual(old.metadata.managedFields![0].fieldsV1)
  })

  test('is cheap enough to run on every write', () => {
    const pod: KObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'p', namespace: 'default', labels: {a: 'b'}},
      spec: {
        containers: Array.from({length: 2}, (_, i) => ({
          name: `c${i}`,
          image: 'nginx',
          env: Array.from({length: 5}, (_, j) => ({name: `E${j}`, value: String(j)})),
          ports: [{containerPort: 80 + i, protocol: 'TCP'}],
          resources: {limits: {cpu: '1', memory: '1Gi'}},
        })),
      },
    }
    updateManagedFields(undefined, pod, 'kubectl-create', 'Update')
    const relabel = (i: number) => {
      const next: KObject = JSON.parse(JSON.stringify(pod))
      next.metadata.labels = {a: String(i)}
      updateManagedFields(pod, next, 'kubectl-label', 'Update')
    }
    for (let i = 0; i < 50; i++) relabel(i)
    const start = process.hrtime.bigint()
    for (let i = 0; i < 100; i++) relabel(i)
    const msPerCall = Number(process.hrtime.bigint() - start) / 1e6 / 100
    // Generous bound: jest workers share the CPU; this catches accidental quadratic work, not micro-regressions.
    expect(msPerCall).toBeLessThan(25)
  })
})
