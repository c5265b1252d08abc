import {describe, expect, test} from '@jest/globals'
import {builtinResources, defaultPullPolicy, podQOS, prepareForCreate, prepareForUpdate} from '../../src/sandbox/kinds/index.js'
import type {GVR, KObject, ResourceInfo, SandboxApi} from '../../src/sandbox/types.js'

const R = builtinResources()
const info = (group: string, resource: string): ResourceInfo => R.find(r => r.group === group && r.resource === resource)!

// A tiny in-memory stand-in for the sandbox API: defaulting only reads (list / tryGet).
function fakeApi(objects: Record<string, KObject[]> = {}): SandboxApi {
  const key = (g: GVR) => `${g.group}/${g.resource}`
  return {
    list: (g: GVR) => ({items: objects[key(g)] ?? [], resourceVersion: '1'}),
    tryGet: (g: GVR, ns: string | undefined, name: string) => (objects[key(g)] ?? []).find(o => o.metadata.name === name && (o.metadata.namespace ?? undefined) === ns),
  } as unknown as SandboxApi
}

const POD_TEMPLATE_DEFAULTS = {dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30}
const CONTAINER_DEFAULTS = {imagePullPolicy: 'Always', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File'}

describe('pods', () => {
  test('kubectl run body gets the defaults a real cluster shows', () => {
    const pod: KObject = {kind: 'Pod', apiVersion: 'v1', metadata: {name: 'nginx-app', namespace: 'default', labels: {run: 'nginx-app'}},
      spec: {containers: [{name: 'nginx-app', image: 'nginx', ports: [{containerPort: 80}], resources: {}}], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst'}, status: {}}
    prepareForCreate(info('', 'pods'), pod, {api: fakeApi()})
    const vol = pod.spec.volumes[0].name as string
    expect(vol).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
    expect(pod).toEqual({
      kind: 'Pod', apiVersion: 'v1', metadata: {name: 'nginx-app', namespace: 'default', labels: {run: 'nginx-app'}},
      spec: {
        ...POD_TEMPLATE_DEFAULTS,
        containers: [{name: 'nginx-app', image: 'nginx', ports: [{containerPort: 80, protocol: 'TCP'}], ...CONTAINER_DEFAULTS,
          volumeMounts: [{mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: vol, readOnly: true}]}],
        enableServiceLinks: true, preemptionPolicy: 'PreemptLowerPriority', priority: 0, serviceAccount: 'default', serviceAccountName: 'default',
        tolerations: [
          {effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300},
          {effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300},
        ],
        volumes: [{name: vol, projected: {defaultMode: 420, sources: [
          {serviceAccountToken: {expirationSeconds: 3607, path: 'token'}},
          {configMap: {items: [{key: 'ca.crt', path: 'ca.crt'}], name: 'kube-root-ca.crt'}},
          {downwardAPI: {items: [{fieldRef: {apiVersion: 'v1', fieldPath: 'metadata.namespace'}, path: 'namespace'}]}},
        ]}}],
      },
      status: {phase: 'Pending', qosClass: 'BestEffort'},
    })
  })

  test('automountServiceAccountToken false, probes, volumes, priority class, existing toleration', () => {
    const pod: KObject = {kind: 'Pod', apiVersion: 'v1', metadata: {name: 'p', namespace: 'ns'}, spec: {
      automountServiceAccountToken: false, priorityClassName: 'system-node-critical',
      tolerations: [{operator: 'Exists'}],
      containers: [{name: 'c', image: 'busybox:1.36', resources: {limits: {cpu: '1', memory: '1Gi'}},
        livenessProbe: {httpGet: {path: '/', port: 80}}, env: [{name: 'NS', valueFrom: {fieldRef: {fieldPath: 'metadata.namespace'}}}]}],
      volumes: [{name: 'a'}, {name: 'b', configMap: {name: 'cm'}}, {name: 'c', hostPath: {path: '/tmp'}}],
    }}
    prepareForCreate(info('', 'pods'), pod, {api: fakeApi()})
    expect(pod.spec).toEqual({
      ...POD_TEMPLATE_DEFAULTS, automountServiceAccountToken: false, priorityClassName: 'system-node-critical', priority: 2000001000,
      preemptionPolicy: 'PreemptLowerPriority', enableServiceLinks: true, serviceAccount: 'default', serviceAccountName: 'default',
      tolerations: [{operator: 'Exists'}],
      containers: [{name: 'c', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
        resources: {limits: {cpu: '1', memory: '1Gi'}, requests: {cpu: '1', memory: '1Gi'}},
        livenessProbe: {httpGet: {path: '/', port: 80, scheme: 'HTTP'}, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3},
        env: [{name: 'NS', valueFrom: {fieldRef: {apiVersion: 'v1', fieldPath: 'metadata.namespace'}}}]}],
      volumes: [{name: 'a', emptyDir: {}}, {name: 'b', configMap: {name: 'cm', defaultMode: 420}}, {name: 'c', hostPath: {path: '/tmp', type: ''}}],
    })
    expect(pod.status).toEqual({phase: 'Pending', qosClass: 'Guaranteed'})
  })

  test('unknown priority class is Forbidden', () => {
    const pod: KObject = {kind: 'Pod', apiVersion: 'v1', metadata: {name: 'p', namespace: 'ns'}, spec: {priorityClassName: 'nope', containers: [{name: 'c', image: 'x'}]}}
    expect(() => prepareForCreate(info('', 'pods'), pod, {api: fakeApi()})).toThrow('pods "p" is forbidden: no PriorityClass with name nope was found')
  })

  test('image pull policy and QoS', () => {
    expect(['nginx', 'nginx:latest', 'nginx:1.27', 'localhost:5000/app', 'localhost:5000/app:v1', 'busybox@sha256:abc'].map(defaultPullPolicy))
      .toEqual(['Always', 'Always', 'IfNotPresent', 'Always', 'IfNotPresent', 'IfNotPresent'])
    expect(podQOS({containers: [{resources: {requests: {cpu: '100m'}}}]})).toBe('Burstable')
    expect(podQOS({containers: [{resources: {}}]})).toBe('BestEffort')
    expect(podQOS({containers: [{resources: {limits: {cpu: '1', memory: '1Gi'}, requests: {cpu: '1', memory: '1Gi'}}}]})).toBe('Guaranteed')
  })
})

describe('workloads', () => {
  test('kubectl create deployment body', () => {
    const d: KObject = {kind: 'Deployment', apiVersion: 'apps/v1', metadata: {name: 'web', namespace: 'default', labels: {app: 'web'}},
      spec: {replicas: 1, selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'nginx', image: 'nginx', resources: {}}]}}, strategy: {}},
      status: {}}
    prepareForCreate(info('apps', 'deployments'), d, {api: fakeApi()})
    expect(d).toEqual({kind: 'Deployment', apiVersion: 'apps/v1', metadata: {name: 'web', namespace: 'default', labels: {app: 'web'}},
      spec: {progressDeadlineSeconds: 600, replicas: 1, revisionHistoryLimit: 10, selector: {matchLabels: {app: 'web'}},
        strategy: {rollingUpdate: {maxSurge: '25%', maxUnavailable: '25%'}, type: 'RollingUpdate'},
        template: {metadata: {creationTimestamp: null, labels: {app: 'web'}}, spec: {...POD_TEMPLATE_DEFAULTS, containers: [{name: 'nginx', image: 'nginx', ...CONTAINER_DEFAULTS}]}}},
      status: {}})
  })

  test('statefulset and daemonset', () => {
    const tpl = {metadata: {labels: {app: 'db'}}, spec: {containers: [{name: 'db', image: 'postgres:16'}]}}
    const sts: KObject = {kind: 'StatefulSet', apiVersion: 'apps/v1', metadata: {name: 'db', namespace: 'default'},
      spec: {serviceName: 'db', selector: {matchLabels: {app: 'db'}}, template: structuredClone(tpl),
        volumeClaimTemplates: [{metadata: {name: 'data'}, spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '1Gi'}}}}]}}
    prepareForCreate(info('apps', 'statefulsets'), sts, {api: fakeApi()})
    const tplOut = {metadata: {creationTimestamp: null, labels: {app: 'db'}}, spec: {...POD_TEMPLATE_DEFAULTS, containers: [{name: 'db', image: 'postgres:16', ...CONTAINER_DEFAULTS, imagePullPolicy: 'IfNotPresent'}]}}
    expect(sts.spec).toEqual({serviceName: 'db', replicas: 1, podManagementPolicy: 'OrderedReady', revisionHistoryLimit: 10,
      updateStrategy: {type: 'RollingUpdate', rollingUpdate: {partition: 0}}, persistentVolumeClaimRetentionPolicy: {whenDeleted: 'Retain', whenScaled: 'Retain'},
      selector: {matchLabels: {app: 'db'}}, template: tplOut,
      volumeClaimTemplates: [{apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: {name: 'data', creationTimestamp: null},
        spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '1Gi'}}, volumeMode: 'Filesystem'}, status: {phase: 'Pending'}}]})
    const ds: KObject = {kind: 'DaemonSet', apiVersion: 'apps/v1', metadata: {name: 'db', namespace: 'default'}, spec: {selector: {matchLabels: {app: 'db'}}, template: structuredClone(tpl)}}
    prepareForCreate(info('apps', 'daemonsets'), ds, {api: fakeApi()})
    expect(ds.spec).toEqual({selector: {matchLabels: {app: 'db'}}, revisionHistoryLimit: 10, updateStrategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}, template: tplOut})
  })

  test('job gets a generated selector and labels from its uid', () => {
    const uid = '0b5a5a3e-1111-4222-8333-444455556666'
    const job: KObject = {kind: 'Job', apiVersion: 'batch/v1', metadata: {name: 'pi', namespace: 'default', uid},
      spec: {template: {spec: {containers: [{name: 'pi', image: 'perl:5.34'}], restartPolicy: 'Never'}}}}
    prepareForCreate(info('batch', 'jobs'), job, {api: fakeApi()})
    const labels = {'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi'}
    expect(job).toEqual({kind: 'Job', apiVersion: 'batch/v1', metadata: {name: 'pi', namespace: 'default', uid, labels},
      spec: {backoffLimit: 6, completionMode: 'NonIndexed', completions: 1, manualSelector: false, parallelism: 1, podReplacementPolicy: 'TerminatingOrFailed', suspend: false,
        selector: {matchLabels: {'batch.kubernetes.io/controller-uid': uid}},
        template: {metadata: {creationTimestamp: null, labels}, spec: {...POD_TEMPLATE_DEFAULTS, restartPolicy: 'Never',
          containers: [{name: 'pi', image: 'perl:5.34', ...CONTAINER_DEFAULTS, imagePullPolicy: 'IfNotPresent'}]}}},
      status: {}})
  })

  test('cronjob', () => {
    const cj: KObject = {kind: 'CronJob', apiVersion: 'batch/v1', metadata: {name: 'c', namespace: 'default'},
      spec: {schedule: '*/1 * * * *', jobTemplate: {metadata: {name: 'c'}, spec: {template: {spec: {containers: [{name: 'c', image: 'busybox'}], restartPolicy: 'OnFailure'}}}}}}
    prepareForCreate(info('batch', 'cronjobs'), cj, {api: fakeApi()})
    expect(cj.spec).toEqual({schedule: '*/1 * * * *', concurrencyPolicy: 'Allow', failedJobsHistoryLimit: 1, successfulJobsHistoryLimit: 3, suspend: false,
      jobTemplate: {metadata: {name: 'c', creationTimestamp: null}, spec: {template: {metadata: {creationTimestamp: null},
        spec: {...POD_TEMPLATE_DEFAULTS, restartPolicy: 'OnFailure', containers: [{name: 'c', image: 'busybox', ...CONTAINER_DEFAULTS}]}}}}})
  })
})

describe('services', () => {
  const svc = (name: string, spec: Record<string, unknown>): KObject => ({kind: 'Service', apiVersion: 'v1', metadata: {name, namespace: 'default'}, spec})

  test('ClusterIP allocation avoids used addresses and 10.96.0.1', () => {
    const existing = svc('other', {clusterIP: '10.96.5.5', clusterIPs: ['10.96.5.5'], ports: [{port: 80, nodePort: 30100}]})
    const s = svc('web', {selector: {app: 'web'}, ports: [{port: 80}]})
    prepareForCreate(info('', 'services'), s, {api: fakeApi({'/services': [existing]})})
    const ip = s.spec.clusterIP as string
    expect(ip).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/)
    expect(ip).not.toBe('10.96.5.5')
    expect(s).toEqual({kind: 'Service', apiVersion: 'v1', metadata: {name: 'web', namespace: 'default'},
      spec: {clusterIP: ip, clusterIPs: [ip], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
        ports: [{port: 80, protocol: 'TCP', targetPort: 80}], selector: {app: 'web'}, sessionAffinity: 'None', type: 'ClusterIP'},
      status: {loadBalancer: {}}})
  })

  test('NodePort allocation is in range and unique; explicit duplicates are rejected', () => {
    const used: KObject[] = []
    for (let i = 0; i < 50; i++) {
      const s = svc(`s${i}`, {type: 'NodePort', ports: [{port: 80, targetPort: 8080}]})
      prepareForCreate(info('', 'services'), s, {api: fakeApi({'/services': used})})
      used.push(s)
    }
    const ports = used.map(s => s.spec.ports[0].nodePort as number)
    expect(new Set(ports).size).toBe(50)
    expect(ports.every(p => p >= 30000 && p <= 32767)).toBe(true)
    expect(new Set(used.map(s => s.spec.clusterIP)).size).toBe(50)
    expect(used[0]!.spec.externalTrafficPolicy).toBe('Cluster')
    expect(used[0]!.spec.ports).toEqual([{port: 80, targetPort: 8080, protocol: 'TCP', nodePort: ports[0]}])
    const dupe = svc('dupe', {type: 'NodePort', ports: [{port: 80, nodePort: ports[3]}]})
    expect(() => prepareForCreate(info('', 'services'), dupe, {api: fakeApi({'/services': used})}))
      .toThrow(`Service "dupe" is invalid: spec.ports[0].nodePort: Invalid value: ${ports[3]}: provided port is already allocated`)
  })

  test('ExternalName has no IP fields; headless keeps None', () => {
    const ext = svc('ext', {type: 'ExternalName', externalName: 'example.com'})
    prepareForCreate(info('', 'services'), ext, {api: fakeApi()})
    expect(ext.spec).toEqual({type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None'})
    const headless = svc('h', {clusterIP: 'None', selector: {app: 'h'}, ports: [{port: 5432}]})
    prepareForCreate(info('', 'services'), headless, {api: fakeApi()})
    expect(headless.spec).toEqual({clusterIP: 'None', clusterIPs: ['None'], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
      ports: [{port: 5432, protocol: 'TCP', targetPort: 5432}], selector: {app: 'h'}, sessionAffinity: 'None', type: 'ClusterIP'})
  })

  test('update keeps the allocated clusterIP and nodePorts', () => {
    const old = svc('web', {type: 'NodePort', ports: [{port: 80}]})
    prepareForCreate(info('', 'services'), old, {api: fakeApi()})
    const next = svc('web', {type: 'NodePort', ports: [{port: 80, targetPort: 8080}]})
    prepareForUpdate(info('', 'services'), next, old, {api: fakeApi({'/services': [old]})})
    expect(next.spec.clusterIP).toBe(old.spec.clusterIP)
    expect(next.spec.clusterIPs).toEqual(old.spec.clusterIPs)
    expect(next.spec.ports).toEqual([{port: 80, targetPort: 8080, protocol: 'TCP', nodePort: old.spec.ports[0].nodePort}])
  })
})

describe('service type changes', () => {
  const svc = (spec: Record<string, unknown>): KObject => ({kind: 'Service', apiVersion: 'v1', metadata: {name: 'web', namespace: 'default'}, spec})

  test('NodePort -> ClusterIP drops carried-over nodePorts and externalTrafficPolicy; back again allocates', () => {
    const old = svc({type: 'NodePort', selector: {app: 'web'}, ports: [{port: 80}]})
    prepareForCreate(info('', 'services'), old, {api: fakeApi()})
    const patched = structuredClone(old)
    patched.spec.type = 'ClusterIP'
    prepareForUpdate(info('', 'services'), patched, old, {api: fakeApi({'/services': [old]})})
    expect(patched.spec).toEqual({type: 'ClusterIP', selector: {app: 'web'}, ports: [{port: 80, protocol: 'TCP', targetPort: 80}], sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster', clusterIP: old.spec.clusterIP, clusterIPs: [old.spec.clusterIP], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack'})
    const again = structuredClone(patched)
    again.spec.type = 'NodePort'
    prepareForUpdate(info('', 'services'), again, patched, {api: fakeApi({'/services': [patched]})})
    expect(again.spec.externalTrafficPolicy).toBe('Cluster')
    expect(again.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000)
  })

  test('ClusterIP -> ExternalName drops the IP fields', () => {
    const old = svc({ports: [{port: 80}]})
    prepareForCreate(info('', 'services'), old, {api: fakeApi()})
    const next = structuredClone(old)
    next.spec.type = 'ExternalName'
    next.spec.externalName = 'example.com'
    prepareForUpdate(info('', 'services'), next, old, {api: fakeApi({'/services': [old]})})
    expect(next.spec).toEqual({type: 'ExternalName', externalName: 'example.com', ports: [{port: 80, protocol: 'TCP', targetPort: 80}], sessionAffinity: 'None'})
  })
})

describe('other kinds', () => {
  test('namespace, secret, pvc, crd', () => {
    const ns: KObject = {kind: 'Namespace', apiVersion: 'v1', metadata: {name: 'team-a'}}
    prepareForCreate(info('', 'namespaces'), ns, {api: fakeApi()})
    expect(ns).toEqual({kind: 'Namespace', apiVersion: 'v1', metadata: {name: 'team-a', labels: {'kubernetes.io/metadata.name': 'team-a'}}, spec: {finalizers: ['kubernetes']}, status: {phase: 'Active'}})

    const secret: KObject = {kind: 'Secret', apiVersion: 'v1', metadata: {name: 's', namespace: 'default'}, data: {a: 'YQ=='}, stringData: {b: 'hello'}}
    prepareForCreate(info('', 'secrets'), secret, {api: fakeApi()})
    expect(secret).toEqual({kind: 'Secret', apiVersion: 'v1', metadata: {name: 's', namespace: 'default'}, data: {a: 'YQ==', b: 'aGVsbG8='}, type: 'Opaque'})

    const pvc: KObject = {kind: 'PersistentVolumeClaim', apiVersion: 'v1', metadata: {name: 'c', namespace: 'default'}, spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '1Gi'}}}}
    prepareForCreate(info('', 'persistentvolumeclaims'), pvc, {api: fakeApi()})
    expect(pvc.spec.volumeMode).toBe('Filesystem')
    expect(pvc.status).toEqual({phase: 'Pending'})

    const crd: KObject = {kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1', metadata: {name: 'widgets.example.com'},
      spec: {group: 'example.com', scope: 'Namespaced', names: {plural: 'widgets', kind: 'Widget'}, versions: [{name: 'v1', served: true, storage: true, schema: {openAPIV3Schema: {type: 'object'}}}]}}
    prepareForCreate(info('apiextensions.k8s.io', 'customresourcedefinitions'), crd, {api: fakeApi()})
    const t = crd.status.conditions[0].lastTransitionTime
    expect(crd.spec.names).toEqual({plural: 'widgets', kind: 'Widget', singular: 'widget', listKind: 'WidgetList'})
    expect(crd.spec.conversion).toEqual({strategy: 'None'})
    expect(crd.status).toEqual({acceptedNames: {kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget'},
      conditions: [
        {lastTransitionTime: t, message: 'no conflicts found', reason: 'NoConflicts', status: 'True', type: 'NamesAccepted'},
        {lastTransitionTime: t, message: 'the initial names have been accepted', reason: 'InitialNamesAccepted', status: 'True', type: 'Established'},
      ],
      storedVersions: ['v1']})
  })
})
