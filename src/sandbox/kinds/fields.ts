// Field selectors: the fields kube-apiserver lets each kind be filtered by, and their string values.
import type {KObject, ResourceInfo} from '../types.js'
import {kindKey} from './util.js'
import {simpleJSONPath} from './tables.js'

type FieldGetter = (obj: KObject) => string

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v))

const EVENT_FIELDS: Record<string, FieldGetter> = {
  'involvedObject.kind': o => str(o.involvedObject?.kind ?? o.regarding?.kind),
  'involvedObject.namespace': o => str(o.involvedObject?.namespace ?? o.regarding?.namespace),
  'involvedObject.name': o => str(o.involvedObject?.name ?? o.regarding?.name),
  'involvedObject.uid': o => str(o.involvedObject?.uid ?? o.regarding?.uid),
  'involvedObject.apiVersion': o => str(o.involvedObject?.apiVersion ?? o.regarding?.apiVersion),
  'involvedObject.resourceVersion': o => str(o.involvedObject?.resourceVersion ?? o.regarding?.resourceVersion),
  'involvedObject.fieldPath': o => str(o.involvedObject?.fieldPath ?? o.regarding?.fieldPath),
  reason: o => str(o.reason),
  reportingComponent: o => str(o.reportingComponent ?? o.reportingController),
  source: o => str(o.source?.component ?? o.deprecatedSource?.component),
  type: o => str(o.type),
}

const FIELDS: Record<string, Record<string, FieldGetter>> = {
  pods: {
    'spec.nodeName': o => str(o.spec?.nodeName),
    'spec.restartPolicy': o => str(o.spec?.restartPolicy),
    'spec.schedulerName': o => str(o.spec?.schedulerName),
    'spec.serviceAccountName': o => str(o.spec?.serviceAccountName),
    'spec.hostNetwork': o => String(o.spec?.hostNetwork === true),
    'status.phase': o => str(o.status?.phase),
    'status.podIP': o => str(o.status?.podIPs?.[0]?.ip),
    'status.nominatedNodeName': o => str(o.status?.nominatedNodeName),
  },
  events: EVENT_FIELDS,
  'events.events.k8s.io': EVENT_FIELDS,
  secrets: {type: o => str(o.type)},
  nodes: {'spec.unschedulable': o => String(o.spec?.unschedulable === true)},
  namespaces: {'status.phase': o => str(o.status?.phase)},
  services: {'spec.clusterIP': o => str(o.spec?.clusterIP), 'spec.type': o => str(o.spec?.type)},
  replicationcontrollers: {'status.replicas': o => String(o.status?.replicas ?? 0)},
  'replicasets.apps': {'status.replicas': o => String(o.status?.replicas ?? 0)},
  'jobs.batch': {'status.successful': o => String(o.status?.succeeded ?? 0)},
  'certificatesigningrequests.certificates.k8s.io': {'spec.signerName': o => str(o.spec?.signerName)},
}

/**
 * The value of a field-selector field for obj, or undefined when kube-apiserver does not support that field for
 * the type (the caller answers 400 `field label not supported: <field>`). Cluster-scoped types support only
 * metadata.name, as in kube. selectableFields: jsonPaths a CRD version declares (spec.versions[].selectableFields).
 */
export function fieldSelectorValue(info: ResourceInfo, obj: KObject, field: string, selectableFields?: string[]): string | undefined {
  if (field === 'metadata.name') return str(obj.metadata?.name)
  if (field === 'metadata.namespace') return info.namespaced ? str(obj.metadata?.namespace) : undefined
  const getter = FIELDS[kindKey(info)]?.[field]
  if (getter) return getter(obj)
  if (selectableFields?.some(p => p.replace(/^\./, '') === field)) {
    const v = simpleJSONPath(obj, '.' + field)
    return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
  }
  return undefined
}
