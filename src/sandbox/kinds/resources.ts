// The built-in resource list, in kube-apiserver's discovery order, as a v1.33 cluster serves it.
import type {KObject, ResourceInfo} from '../types.js'

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']
const NO_COLLECTION = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']
const CREATE = ['create']
const READ = ['get', 'list']

interface Row {
  g: string
  v: string
  r: string
  k: string
  ns: boolean
  verbs?: string[]
  short?: string[]
  cat?: string[]
  sub?: string[]
  singular?: string
}

// Group order is kube-apiserver's group priority order (what /apis lists); within a group-version, resources are
// alphabetical as in /api/v1 and the aggregated documents. autoscaling/v2 comes before v1 because it is preferred.
const ROWS: Row[] = [
  {g: '', v: 'v1', r: 'bindings', k: 'Binding', ns: true, verbs: CREATE},
  {g: '', v: 'v1', r: 'componentstatuses', k: 'ComponentStatus', ns: false, verbs: READ, short: ['cs']},
  {g: '', v: 'v1', r: 'configmaps', k: 'ConfigMap', ns: true, short: ['cm']},
  {g: '', v: 'v1', r: 'endpoints', k: 'Endpoints', ns: true, short: ['ep']},
  {g: '', v: 'v1', r: 'events', k: 'Event', ns: true, short: ['ev']},
  {g: '', v: 'v1', r: 'limitranges', k: 'LimitRange', ns: true, short: ['limits']},
  {g: '', v: 'v1', r: 'namespaces', k: 'Namespace', ns: false, verbs: NO_COLLECTION, short: ['ns'], sub: ['finalize', 'status']},
  {g: '', v: 'v1', r: 'nodes', k: 'Node', ns: false, short: ['no'], sub: ['proxy', 'status']},
  {g: '', v: 'v1', r: 'persistentvolumeclaims', k: 'PersistentVolumeClaim', ns: true, short: ['pvc'], sub: ['status']},
  {g: '', v: 'v1', r: 'persistentvolumes', k: 'PersistentVolume', ns: false, short: ['pv'], sub: ['status']},
  {g: '', v: 'v1', r: 'pods', k: 'Pod', ns: true, short: ['po'], cat: ['all'],
    sub: ['attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'resize', 'status']},
  {g: '', v: 'v1', r: 'podtemplates', k: 'PodTemplate', ns: true},
  {g: '', v: 'v1', r: 'replicationcontrollers', k: 'ReplicationController', ns: true, short: ['rc'], cat: ['all'], sub: ['scale', 'status']},
  {g: '', v: 'v1', r: 'resourcequotas', k: 'ResourceQuota', ns: true, short: ['quota'], sub: ['status']},
  {g: '', v: 'v1', r: 'secrets', k: 'Secret', ns: true},
  {g: '', v: 'v1', r: 'serviceaccounts', k: 'ServiceAccount', ns: true, short: ['sa'], sub: ['token']},
  {g: '', v: 'v1', r: 'services', k: 'Service', ns: true, short: ['svc'], cat: ['all'], sub: ['proxy', 'status']},
  {g: 'apiregistration.k8s.io', v: 'v1', r: 'apiservices', k: 'APIService', ns: false, cat: ['api-extensions'], sub: ['status']},
  {g: 'apps', v: 'v1', r: 'controllerrevisions', k: 'ControllerRevision', ns: true},
  {g: 'apps', v: 'v1', r: 'daemonsets', k: 'DaemonSet', ns: true, short: ['ds'], cat: ['all'], sub: ['status']},
  {g: 'apps', v: 'v1', r: 'deployments', k: 'Deployment', ns: true, short: ['deploy'], cat: ['all'], sub: ['scale', 'status']},
  {g: 'apps', v: 'v1', r: 'replicasets', k: 'ReplicaSet', ns: true, short: ['rs'], cat: ['all'], sub: ['scale', 'status']},
  {g: 'apps', v: 'v1', r: 'statefulsets', k: 'StatefulSet', ns: true, short: ['sts'], cat: ['all'], sub: ['scale', 'status']},
  {g: 'events.k8s.io', v: 'v1', r: 'events', k: 'Event', ns: true, short: ['ev']},
  {g: 'authentication.k8s.io', v: 'v1', r: 'selfsubjectreviews', k: 'SelfSubjectReview', ns: false, verbs: CREATE},
  {g: 'authentication.k8s.io', v: 'v1', r: 'tokenreviews', k: 'TokenReview', ns: false, verbs: CREATE},
  {g: 'authorization.k8s.io', v: 'v1', r: 'localsubjectaccessreviews', k: 'LocalSubjectAccessReview', ns: true, verbs: CREATE},
  {g: 'authorization.k8s.io', v: 'v1', r: 'selfsubjectaccessreviews', k: 'SelfSubjectAccessReview', ns: false, verbs: CREATE},
  {g: 'authorization.k8s.io', v: 'v1', r: 'selfsubjectrulesreviews', k: 'SelfSubjectRulesReview', ns: false, verbs: CREATE},
  {g: 'authorization.k8s.io', v: 'v1', r: 'subjectaccessreviews', k: 'SubjectAccessReview', ns: false, verbs: CREATE},
  {g: 'autoscaling', v: 'v2', r: 'horizontalpodautoscalers', k: 'HorizontalPodAutoscaler', ns: true, short: ['hpa'], cat: ['all'], sub: ['status']},
  {g: 'autoscaling', v: 'v1', r: 'horizontalpodautoscalers', k: 'HorizontalPodAutoscaler', ns: true, short: ['hpa'], cat: ['all'], sub: ['status']},
  {g: 'batch', v: 'v1', r: 'cronjobs', k: 'CronJob', ns: true, short: ['cj'], cat: ['all'], sub: ['status']},
  {g: 'batch', v: 'v1', r: 'jobs', k: 'Job', ns: true, cat: ['all'], sub: ['status']},
  {g: 'certificates.k8s.io', v: 'v1', r: 'certificatesigningrequests', k: 'CertificateSigningRequest', ns: false, short: ['csr'], sub: ['approval', 'status']},
  {g: 'networking.k8s.io', v: 'v1', r: 'ingressclasses', k: 'IngressClass', ns: false},
  {g: 'networking.k8s.io', v: 'v1', r: 'ingresses', k: 'Ingress', ns: true, short: ['ing'], sub: ['status']},
  {g: 'networking.k8s.io', v: 'v1', r: 'ipaddresses', k: 'IPAddress', ns: false, short: ['ip']},
  {g: 'networking.k8s.io', v: 'v1', r: 'networkpolicies', k: 'NetworkPolicy', ns: true, short: ['netpol']},
  {g: 'networking.k8s.io', v: 'v1', r: 'servicecidrs', k: 'ServiceCIDR', ns: false, sub: ['status']},
  {g: 'policy', v: 'v1', r: 'poddisruptionbudgets', k: 'PodDisruptionBudget', ns: true, short: ['pdb'], sub: ['status']},
  {g: 'rbac.authorization.k8s.io', v: 'v1', r: 'clusterrolebindings', k: 'ClusterRoleBinding', ns: false},
  {g: 'rbac.authorization.k8s.io', v: 'v1', r: 'clusterroles', k: 'ClusterRole', ns: false},
  {g: 'rbac.authorization.k8s.io', v: 'v1', r: 'rolebindings', k: 'RoleBinding', ns: true},
  {g: 'rbac.authorization.k8s.io', v: 'v1', r: 'roles', k: 'Role', ns: true},
  {g: 'storage.k8s.io', v: 'v1', r: 'csidrivers', k: 'CSIDriver', ns: false},
  {g: 'storage.k8s.io', v: 'v1', r: 'csinodes', k: 'CSINode', ns: false},
  {g: 'storage.k8s.io', v: 'v1', r: 'csistoragecapacities', k: 'CSIStorageCapacity', ns: true},
  {g: 'storage.k8s.io', v: 'v1', r: 'storageclasses', k: 'StorageClass', ns: false, short: ['sc']},
  {g: 'storage.k8s.io', v: 'v1', r: 'volumeattachments', k: 'VolumeAttachment', ns: false, sub: ['status']},
  {g: 'admissionregistration.k8s.io', v: 'v1', r: 'mutatingwebhookconfigurations', k: 'MutatingWebhookConfiguration', ns: false, cat: ['api-extensions']},
  {g: 'admissionregistration.k8s.io', v: 'v1', r: 'validatingadmissionpolicies', k: 'ValidatingAdmissionPolicy', ns: false, cat: ['api-extensions'], sub: ['status']},
  {g: 'admissionregistration.k8s.io', v: 'v1', r: 'validatingadmissionpolicybindings', k: 'ValidatingAdmissionPolicyBinding', ns: false, cat: ['api-extensions']},
  {g: 'admissionregistration.k8s.io', v: 'v1', r: 'validatingwebhookconfigurations', k: 'ValidatingWebhookConfiguration', ns: false, cat: ['api-extensions']},
  {g: 'apiextensions.k8s.io', v: 'v1', r: 'customresourcedefinitions', k: 'CustomResourceDefinition', ns: false, short: ['crd', 'crds'], cat: ['api-extensions'], sub: ['status']},
  {g: 'scheduling.k8s.io', v: 'v1', r: 'priorityclasses', k: 'PriorityClass', ns: false, short: ['pc']},
  {g: 'coordination.k8s.io', v: 'v1', r: 'leases', k: 'Lease', ns: true},
  {g: 'node.k8s.io', v: 'v1', r: 'runtimeclasses', k: 'RuntimeClass', ns: false},
  {g: 'discovery.k8s.io', v: 'v1', r: 'endpointslices', k: 'EndpointSlice', ns: true},
  {g: 'flowcontrol.apiserver.k8s.io', v: 'v1', r: 'flowschemas', k: 'FlowSchema', ns: false, sub: ['status']},
  {g: 'flowcontrol.apiserver.k8s.io', v: 'v1', r: 'prioritylevelconfigurations', k: 'PriorityLevelConfiguration', ns: false, sub: ['status']},
  {g: 'metrics.k8s.io', v: 'v1beta1', r: 'nodes', k: 'NodeMetrics', ns: false, verbs: READ, singular: ''},
  {g: 'metrics.k8s.io', v: 'v1beta1', r: 'pods', k: 'PodMetrics', ns: true, verbs: READ, singular: ''},
]

let cached: ResourceInfo[] | undefined
const knownCRDs = new Map<string, KObject>()

/** The last CRD seen by resourcesFromCRD for a group and plural resource name. */
export function crdFor(group: string, resource: string): KObject | undefined {
  return knownCRDs.get(`${group}/${resource}`)
}

/** Every served built-in type in discovery order (fresh copies; callers may keep them). */
export function builtinResources(): ResourceInfo[] {
  cached ??= ROWS.map(row => ({
    group: row.g,
    version: row.v,
    resource: row.r,
    kind: row.k,
    singular: row.singular ?? row.k.toLowerCase(),
    namespaced: row.ns,
    shortNames: row.short ?? [],
    categories: row.cat ?? [],
    verbs: row.verbs ?? ALL,
    subresources: row.sub ?? [],
  }))
  return cached.map(info => ({...info, shortNames: [...info.shortNames], categories: [...info.categories], verbs: [...info.verbs], subresources: [...info.subresources]}))
}

/** How discovery describes one subresource: its responseKind and verbs (as kube-apiserver 1.33 serves them). */
export function subresourceDiscovery(info: ResourceInfo, subresource: string): {kind: {group: string; version: string; kind: string}; verbs: string[]} {
  const own = {group: '', version: '', kind: info.kind}
  const connect = ['create', 'delete', 'get', 'patch', 'update']
  switch (subresource) {
    case 'status': return {kind: own, verbs: ['get', 'patch', 'update']}
    case 'scale': return {kind: {group: 'autoscaling', version: 'v1', kind: 'Scale'}, verbs: ['get', 'patch', 'update']}
    case 'log': return {kind: {group: '', version: '', kind: 'Pod'}, verbs: ['get']}
    case 'exec': return {kind: {group: '', version: '', kind: 'PodExecOptions'}, verbs: ['create', 'get']}
    case 'attach': return {kind: {group: '', version: '', kind: 'PodAttachOptions'}, verbs: ['create', 'get']}
    case 'portforward': return {kind: {group: '', version: '', kind: 'PodPortForwardOptions'}, verbs: ['create', 'get']}
    case 'binding': return {kind: {group: '', version: '', kind: 'Binding'}, verbs: ['create']}
    case 'eviction': return {kind: {group: 'policy', version: 'v1', kind: 'Eviction'}, verbs: ['create']}
    case 'ephemeralcontainers': return {kind: own, verbs: ['get', 'patch', 'update']}
    case 'resize': return {kind: own, verbs: ['get', 'patch', 'update']}
    case 'token': return {kind: {group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest'}, verbs: ['create']}
    case 'finalize': return {kind: own, verbs: ['update']}
    case 'approval': return {kind: own, verbs: ['get', 'patch', 'update']}
    case 'proxy':
      return {kind: {group: '', version: '', kind: info.resource === 'pods' ? 'PodProxyOptions' : info.resource === 'nodes' ? 'NodeProxyOptions' : 'ServiceProxyOptions'}, verbs: connect}
    default: return {kind: own, verbs: ['get']}
  }
}

/** The resource types one CRD serves: one entry per served version, preferred (highest-priority) version first. */
export function resourcesFromCRD(crd: KObject): ResourceInfo[] {
  const spec = crd.spec ?? {}
  const names = spec.names ?? {}
  // Remembered so that toTable can print additionalPrinterColumns without a CRD lookup of its own.
  if (spec.group && names.plural) knownCRDs.set(`${spec.group}/${names.plural}`, crd)
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : []
  return sortVersions(versions.filter(v => v && v.served !== false)).map(v => ({
    group: spec.group ?? '',
    version: v.name,
    resource: names.plural ?? '',
    kind: names.kind ?? '',
    singular: names.singular ?? String(names.kind ?? '').toLowerCase(),
    namespaced: spec.scope !== 'Cluster',
    shortNames: [...(names.shortNames ?? [])],
    categories: [...(names.categories ?? [])],
    verbs: [...ALL],
    subresources: [...(v.subresources?.scale ? ['scale'] : []), ...(v.subresources?.status ? ['status'] : [])],
  }))
}

// kube's version priority: GA > beta > alpha, higher numbers first, then non-kube-like names alphabetically.
function versionKey(name: string): [number, number, number, string] {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(name)
  if (!m) return [3, 0, 0, name]
  const level = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2
  return [level, -Number(m[1]), -Number(m[3] ?? 0), name]
}

/** Sort CRD versions in kube's priority order (the first is the preferred version). */
export function sortVersions<T extends {name: string}>(versions: T[]): T[] {
  return [...versions].sort((a, b) => {
    const ka = versionKey(a.name)
    const kb = versionKey(b.name)
    for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return (ka[i] as number) - (kb[i] as number)
    return ka[3] < kb[3] ? -1 : ka[3] > kb[3] ? 1 : 0
  })
}

/** Deprecation warnings kube-apiserver 1.33 sends (Warning header) for requests to a resource type. */
export function deprecationWarnings(info: Pick<ResourceInfo, 'group' | 'version' | 'resource'>): string[] {
  if (info.group === '' && info.resource === 'endpoints') return ['v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice']
  if (info.group === '' && info.resource === 'componentstatuses') return ['v1 ComponentStatus is deprecated in v1.19+']
  return []
}
