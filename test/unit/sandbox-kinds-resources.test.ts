import {describe, expect, test} from '@jest/globals'
import {builtinResources, resourcesFromCRD, subresourceDiscovery} from '../../src/sandbox/kinds/index.js'

// `kubectl api-resources` of a v1.33 kube-apiserver with metrics-server: preferred versions, sorted by group then name.
const API_RESOURCES = `
bindings		v1	true	Binding
componentstatuses	cs	v1	false	ComponentStatus
configmaps	cm	v1	true	ConfigMap
endpoints	ep	v1	true	Endpoints
events	ev	v1	true	Event
limitranges	limits	v1	true	LimitRange
namespaces	ns	v1	false	Namespace
nodes	no	v1	false	Node
persistentvolumeclaims	pvc	v1	true	PersistentVolumeClaim
persistentvolumes	pv	v1	false	PersistentVolume
pods	po	v1	true	Pod
podtemplates		v1	true	PodTemplate
replicationcontrollers	rc	v1	true	ReplicationController
resourcequotas	quota	v1	true	ResourceQuota
secrets		v1	true	Secret
serviceaccounts	sa	v1	true	ServiceAccount
services	svc	v1	true	Service
mutatingwebhookconfigurations		admissionregistration.k8s.io/v1	false	MutatingWebhookConfiguration
validatingadmissionpolicies		admissionregistration.k8s.io/v1	false	ValidatingAdmissionPolicy
validatingadmissionpolicybindings		admissionregistration.k8s.io/v1	false	ValidatingAdmissionPolicyBinding
validatingwebhookconfigurations		admissionregistration.k8s.io/v1	false	ValidatingWebhookConfiguration
customresourcedefinitions	crd,crds	apiextensions.k8s.io/v1	false	CustomResourceDefinition
apiservices		apiregistration.k8s.io/v1	false	APIService
controllerrevisions		apps/v1	true	ControllerRevision
daemonsets	ds	apps/v1	true	DaemonSet
deployments	deploy	apps/v1	true	Deployment
replicasets	rs	apps/v1	true	ReplicaSet
statefulsets	sts	apps/v1	true	StatefulSet
selfsubjectreviews		authentication.k8s.io/v1	false	SelfSubjectReview
tokenreviews		authentication.k8s.io/v1	false	TokenReview
localsubjectaccessreviews		authorization.k8s.io/v1	true	LocalSubjectAccessReview
selfsubjectaccessreviews		authorization.k8s.io/v1	false	SelfSubjectAccessReview
selfsubjectrulesreviews		authorization.k8s.io/v1	false	SelfSubjectRulesReview
subjectaccessreviews		authorization.k8s.io/v1	false	SubjectAccessReview
horizontalpodautoscalers	hpa	autoscaling/v2	true	HorizontalPodAutoscaler
cronjobs	cj	batch/v1	true	CronJob
jobs		batch/v1	true	Job
certificatesigningrequests	csr	certificates.k8s.io/v1	false	CertificateSigningRequest
leases		coordination.k8s.io/v1	true	Lease
endpointslices		discovery.k8s.io/v1	true	EndpointSlice
events	ev	events.k8s.io/v1	true	Event
flowschemas		flowcontrol.apiserver.k8s.io/v1	false	FlowSchema
prioritylevelconfigurations		flowcontrol.apiserver.k8s.io/v1	false	PriorityLevelConfiguration
nodes		metrics.k8s.io/v1beta1	false	NodeMetrics
pods		metrics.k8s.io/v1beta1	true	PodMetrics
ingressclasses		networking.k8s.io/v1	false	IngressClass
ingresses	ing	networking.k8s.io/v1	true	Ingress
ipaddresses	ip	networking.k8s.io/v1	false	IPAddress
networkpolicies	netpol	networking.k8s.io/v1	true	NetworkPolicy
servicecidrs		networking.k8s.io/v1	false	ServiceCIDR
runtimeclasses		node.k8s.io/v1	false	RuntimeClass
poddisruptionbudgets	pdb	policy/v1	true	PodDisruptionBudget
clusterrolebindings		rbac.authorization.k8s.io/v1	false	ClusterRoleBinding
clusterroles		rbac.authorization.k8s.io/v1	false	ClusterRole
rolebindings		rbac.authorization.k8s.io/v1	true	RoleBinding
roles		rbac.authorization.k8s.io/v1	true	Role
priorityclasses	pc	scheduling.k8s.io/v1	false	PriorityClass
csidrivers		storage.k8s.io/v1	false	CSIDriver
csinodes		storage.k8s.io/v1	false	CSINode
csistoragecapacities		storage.k8s.io/v1	true	CSIStorageCapacity
storageclasses	sc	storage.k8s.io/v1	false	StorageClass
volumeattachments		storage.k8s.io/v1	false	VolumeAttachment`.trim().split('\n').map(l => l.split('\t'))

describe('builtinResources', () => {
  test('preferred versions render exactly like kubectl api-resources on a 1.33 cluster', () => {
    const all = builtinResources()
    // The first version of a group in discovery order is the preferred one.
    const preferred = new Map<string, string>()
    for (const r of all) if (!preferred.has(r.group)) preferred.set(r.group, r.version)
    const rows = all
      .filter(r => preferred.get(r.group) === r.version)
      .map(r => [r.resource, r.shortNames.join(','), r.group ? `${r.group}/${r.version}` : r.version, String(r.namespaced), r.kind])
      .sort((a, b) => {
        const ga = a[2]!.includes('/') ? a[2]! : ''
        const gb = b[2]!.includes('/') ? b[2]! : ''
        return ga < gb ? -1 : ga > gb ? 1 : a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0
      })
    expect(rows).toEqual(API_RESOURCES)
  })

  test('the pods entry matches discovery (verbs, categories, subresources)', () => {
    const pods = builtinResources().find(r => r.group === '' && r.resource === 'pods')
    expect(pods).toEqual({
      group: '', version: 'v1', resource: 'pods', kind: 'Pod', singular: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'],
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      subresources: ['attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'resize', 'status'],
    })
    expect(subresourceDiscovery(pods!, 'eviction')).toEqual({kind: {group: 'policy', version: 'v1', kind: 'Eviction'}, verbs: ['create']})
    expect(subresourceDiscovery(pods!, 'exec')).toEqual({kind: {group: '', version: '', kind: 'PodExecOptions'}, verbs: ['create', 'get']})
  })

  test('category all and verbs of special types', () => {
    const all = builtinResources()
    expect(all.filter(r => r.categories.includes('all')).map(r => `${r.resource}.${r.group}/${r.version}`)).toEqual([
      'pods./v1', 'replicationcontrollers./v1', 'services./v1', 'daemonsets.apps/v1', 'deployments.apps/v1', 'replicasets.apps/v1', 'statefulsets.apps/v1',
      'horizontalpodautoscalers.autoscaling/v2', 'horizontalpodautoscalers.autoscaling/v1', 'cronjobs.batch/v1', 'jobs.batch/v1',
    ])
    const find = (g: string, r: string) => all.find(x => x.group === g && x.resource === r)!
    expect(find('authorization.k8s.io', 'selfsubjectaccessreviews').verbs).toEqual(['create'])
    expect(find('metrics.k8s.io', 'pods').verbs).toEqual(['get', 'list'])
    expect(find('', 'namespaces').verbs).toEqual(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'])
    expect(find('apps', 'deployments').subresources).toEqual(['scale', 'status'])
    expect(subresourceDiscovery(find('apps', 'deployments'), 'scale')).toEqual({kind: {group: 'autoscaling', version: 'v1', kind: 'Scale'}, verbs: ['get', 'patch', 'update']})
  })

  test('returns fresh copies', () => {
    const a = builtinResources()
    a[0]!.verbs.push('bogus')
    expect(builtinResources()[0]!.verbs).toEqual(['create'])
  })
})

describe('resourcesFromCRD', () => {
  test('served versions in priority order with names, scope and subresources', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: 'crontabs.stable.example.com'},
      spec: {
        group: 'stable.example.com', scope: 'Namespaced',
        names: {plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'], categories: ['all']},
        versions: [
          {name: 'v1beta1', served: true, storage: false},
          {name: 'v1', served: true, storage: true, subresources: {status: {}, scale: {specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas'}}},
          {name: 'v2alpha1', served: false, storage: false},
        ],
      },
    }
    expect(resourcesFromCRD(crd)).toEqual([
      {group: 'stable.example.com', version: 'v1', resource: 'crontabs', kind: 'CronTab', singular: 'crontab', namespaced: true, shortNames: ['ct'], categories: ['all'],
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], subresources: ['scale', 'status']},
      {group: 'stable.example.com', version: 'v1beta1', resource: 'crontabs', kind: 'CronTab', singular: 'crontab', namespaced: true, shortNames: ['ct'], categories: ['all'],
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], subresources: []},
    ])
  })
})
