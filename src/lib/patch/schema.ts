// Patch metadata of the built-in Kubernetes types: the Go struct tags patchStrategy / patchMergeKey (strategic merge
// patch) and the +listType / +listMapKey / +structType markers (server-side apply), as published in kube-apiserver's
// OpenAPI as x-kubernetes-patch-strategy, x-kubernetes-patch-merge-key, x-kubernetes-list-type, x-kubernetes-list-map-keys.

/** Metadata of one field. A field without an entry: maps merge key by key, lists are atomic. */
export interface PatchField {
  /** x-kubernetes-patch-strategy: 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys'. */
  strategy?: string
  /** x-kubernetes-patch-merge-key (lists of maps with strategy merge). */
  mergeKey?: string
  /** x-kubernetes-list-type (server-side apply); absent = atomic. */
  listType?: 'atomic' | 'set' | 'map'
  /** x-kubernetes-list-map-keys. */
  listMapKeys?: string[]
  /** Defaults of list-map key fields, filled in before items are identified (e.g. ports protocol TCP). */
  keyDefaults?: Record<string, unknown>
  /** x-kubernetes-map-type / structType: 'atomic' maps are owned and replaced as a whole by server-side apply. */
  mapType?: 'atomic' | 'granular'
  /** Always serialised by Go (value struct, list without omitempty): an update never "adds" it (managedFields '.'). */
  struct?: boolean
  /** Schema of the value (struct fields) or of the list items. */
  schema?: PatchSchema
}

/** Field metadata of one struct; fields not listed have no patch metadata. */
export interface PatchSchema {
  fields: Record<string, PatchField>
}

const S = (fields: Record<string, PatchField>): PatchSchema => ({fields})
const mapList = (key: string, schema?: PatchSchema, extra: Partial<PatchField> = {}): PatchField => ({
  strategy: 'merge',
  mergeKey: key,
  listType: 'map',
  listMapKeys: [key],
  ...(schema ? {schema} : {}),
  ...extra,
})
const atomicList: PatchField = {listType: 'atomic'}
const setList: PatchField = {strategy: 'merge', listType: 'set'}
const atomicMap: PatchField = {mapType: 'atomic'}
const conditions = mapList('type')

const objectMeta = S({
  finalizers: setList,
  ownerReferences: mapList('uid'),
  managedFields: atomicList,
})

const labelSelector: PatchField = {mapType: 'atomic', schema: S({matchExpressions: atomicList})}

const resources: PatchField = {struct: true, schema: S({claims: {listType: 'map', listMapKeys: ['name']}})}

const container = S({
  ports: mapList('containerPort', undefined, {listMapKeys: ['containerPort', 'protocol'], keyDefaults: {protocol: 'TCP'}}),
  env: mapList('name'),
  envFrom: atomicList,
  volumeMounts: mapList('mountPath'),
  volumeDevices: mapList('devicePath'),
  resizePolicy: atomicList,
  resources,
  command: atomicList,
  args: atomicList,
})

const podSpec = S({
  volumes: mapList('name', undefined, {strategy: 'merge,retainKeys'}),
  initContainers: mapList('name', container),
  containers: mapList('name', container, {struct: true}),
  ephemeralContainers: mapList('name', container),
  imagePullSecrets: mapList('name'),
  hostAliases: mapList('ip'),
  tolerations: atomicList,
  topologySpreadConstraints: mapList('topologyKey', undefined, {listMapKeys: ['topologyKey', 'whenUnsatisfiable']}),
  readinessGates: atomicList,
  schedulingGates: mapList('name'),
  resourceClaims: mapList('name', undefined, {strategy: 'merge,retainKeys'}),
  nodeSelector: {mapType: 'atomic'},
})

const podStatus = S({
  conditions,
  podIPs: mapList('ip'),
  hostIPs: {strategy: 'merge', mergeKey: 'ip', listType: 'atomic'},
  containerStatuses: atomicList,
  initContainerStatuses: atomicList,
  ephemeralContainerStatuses: atomicList,
  resourceClaimStatuses: mapList('name', undefined, {strategy: 'merge,retainKeys'}),
})

const podTemplateSpec = S({
  metadata: {struct: true, schema: objectMeta},
  spec: {struct: true, schema: podSpec},
})

const workloadStatus = S({conditions})

function obj(spec?: PatchSchema, status?: PatchSchema, extra: Record<string, PatchField> = {}): PatchSchema {
  return S({
    metadata: {struct: true, schema: objectMeta},
    ...(spec ? {spec: {struct: true, schema: spec}} : {}),
    ...(status ? {status: {struct: true, schema: status}} : {}),
    ...extra,
  })
}

const jobSpec = S({
  selector: labelSelector,
  template: {struct: true, schema: podTemplateSpec},
  podFailurePolicy: {schema: S({rules: atomicList})},
})

const serviceSpec = S({
  ports: mapList('port', undefined, {listMapKeys: ['port', 'protocol'], keyDefaults: {protocol: 'TCP'}}),
  selector: {mapType: 'atomic'},
  clusterIPs: atomicList,
  externalIPs: atomicList,
  ipFamilies: atomicList,
  loadBalancerSourceRanges: atomicList,
})

const metaOnly = obj()

const schemas: Record<string, PatchSchema> = {
  '/Pod': obj(podSpec, podStatus),
  '/PodTemplate': obj(undefined, undefined, {template: {struct: true, schema: podTemplateSpec}}),
  '/ReplicationController': obj(S({selector: {mapType: 'atomic'}, template: {schema: podTemplateSpec}}), workloadStatus),
  '/Service': obj(serviceSpec, S({conditions, loadBalancer: {struct: true, schema: S({ingress: atomicList})}})),
  '/Node': obj(
    S({taints: atomicList, podCIDRs: setList}),
    S({conditions, addresses: mapList('type'), images: atomicList, volumesInUse: atomicList, volumesAttached: atomicList}),
  ),
  '/Namespace': obj(S({finalizers: atomicList}), S({conditions})),
  '/ConfigMap': metaOnly,
  '/Secret': metaOnly,
  '/Endpoints': obj(undefined, undefined, {subsets: atomicList}),
  '/ServiceAccount': obj(undefined, undefined, {secrets: mapList('name'), imagePullSecrets: atomicList}),
  '/PersistentVolumeClaim': obj(S({accessModes: atomicList, selector: labelSelector}), S({conditions, accessModes: atomicList})),
  '/PersistentVolume': obj(S({accessModes: atomicList, mountOptions: atomicList})),
  '/Event': metaOnly,
  '/LimitRange': obj(S({limits: atomicList})),
  '/ResourceQuota': obj(S({scopes: atomicList})),
  'apps/Deployment': obj(
    S({selector: labelSelector, template: {struct: true, schema: podTemplateSpec}, strategy: {strategy: 'retainKeys', struct: true}}),
    workloadStatus,
  ),
  'apps/ReplicaSet': obj(S({selector: labelSelector, template: {struct: true, schema: podTemplateSpec}}), workloadStatus),
  'apps/StatefulSet': obj(
    S({
      selector: labelSelector,
      template: {struct: true, schema: podTemplateSpec},
      volumeClaimTemplates: atomicList,
      updateStrategy: {struct: true},
    }),
    workloadStatus,
  ),
  'apps/DaemonSet': obj(
    S({selector: labelSelector, template: {struct: true, schema: podTemplateSpec}, updateStrategy: {struct: true}}),
    workloadStatus,
  ),
  'apps/ControllerRevision': metaOnly,
  'batch/Job': obj(jobSpec, S({conditions: {strategy: 'merge', mergeKey: 'type', listType: 'atomic'}})),
  'batch/CronJob': obj(
    S({jobTemplate: {struct: true, schema: S({metadata: {struct: true, schema: objectMeta}, spec: {struct: true, schema: jobSpec}})}}),
    S({active: atomicList}),
  ),
  'policy/PodDisruptionBudget': obj(S({selector: {...labelSelector, strategy: 'replace'}}), S({conditions})),
  'policy/Eviction': metaOnly,
  'discovery.k8s.io/EndpointSlice': obj(undefined, undefined, {endpoints: atomicList, ports: atomicList}),
  'coordination.k8s.io/Lease': metaOnly,
  'events.k8s.io/Event': metaOnly,
  'rbac.authorization.k8s.io/Role': obj(undefined, undefined, {rules: atomicList}),
  'rbac.authorization.k8s.io/ClusterRole': obj(undefined, undefined, {rules: atomicList}),
  'rbac.authorization.k8s.io/RoleBinding': obj(undefined, undefined, {subjects: atomicList, roleRef: atomicMap}),
  'rbac.authorization.k8s.io/ClusterRoleBinding': obj(undefined, undefined, {subjects: atomicList, roleRef: atomicMap}),
  'networking.k8s.io/Ingress': obj(S({rules: atomicList, tls: atomicList})),
  'networking.k8s.io/IngressClass': metaOnly,
  'networking.k8s.io/NetworkPolicy': obj(S({ingress: atomicList, egress: atomicList, policyTypes: atomicList, podSelector: labelSelector})),
  'autoscaling/HorizontalPodAutoscaler': obj(S({metrics: atomicList}), S({conditions})),
  'apiextensions.k8s.io/CustomResourceDefinition': obj(S({versions: atomicList}), S({conditions})),
  'storage.k8s.io/StorageClass': obj(undefined, undefined, {mountOptions: atomicList, allowedTopologies: atomicList}),
  'scheduling.k8s.io/PriorityClass': metaOnly,
  'certificates.k8s.io/CertificateSigningRequest': obj(S({usages: atomicList}), S({conditions})),
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': obj(undefined, undefined, {webhooks: mapList('name')}),
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': obj(undefined, undefined, {webhooks: mapList('name')}),
}

// API groups served by kube-apiserver itself: every kind in them accepts strategic merge patch.
const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'rbac.authorization.k8s.io',
  'networking.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'certificates.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'node.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'resource.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'internal.apiserver.k8s.io',
  'storagemigration.k8s.io',
])

/** The patch metadata of a built-in type, or undefined for types kubectl knows no strategic merge for (CRDs). */
export function patchSchemaFor(apiVersion: string, kind: string): PatchSchema | undefined {
  const slash = apiVersion.indexOf('/')
  const group = slash < 0 ? '' : apiVersion.slice(0, slash)
  return schemas[`${group}/${kind}`] ?? (BUILTIN_GROUPS.has(group) ? metaOnly : undefined)
}

/** Metadata of a field of schema (an empty record when the field has none). */
export function fieldOf(schema: PatchSchema | undefined, name: string): PatchField {
  return schema?.fields[name] ?? NO_FIELD
}

const NO_FIELD: PatchField = {}

/** Split 'merge,retainKeys' into the main strategy and the retainKeys flag (apimachinery extractRetainKeysPatchStrategy). */
export function splitStrategy(strategy: string | undefined): {strategy: string; retainKeys: boolean} {
  if (!strategy) return {strategy: '', retainKeys: false}
  const parts = strategy.split(',')
  const retainKeys = parts.includes('retainKeys')
  const main = parts.find(p => p !== 'retainKeys') ?? ''
  return {strategy: main, retainKeys}
}
