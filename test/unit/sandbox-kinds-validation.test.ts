import {describe, expect, test} from '@jest/globals'
import {builtinResources, prepareForCreate, validate} from '../../src/sandbox/kinds/index.js'
import type {KObject, ResourceInfo, SandboxApi} from '../../src/sandbox/types.js'

const R = builtinResources()
const info = (group: string, resource: string): ResourceInfo => R.find(r => r.group === group && r.resource === resource)!
const api = {list: () => ({items: [], resourceVersion: '1'}), tryGet: () => undefined} as unknown as SandboxApi

function deployment(over: {selector?: unknown; labels?: Record<string, string>; replicas?: number; containers?: unknown[]; name?: string} = {}): KObject {
  return {kind: 'Deployment', apiVersion: 'apps/v1', metadata: {name: over.name ?? 'web', namespace: 'default'},
    spec: {replicas: over.replicas ?? 1, ...('selector' in over ? {selector: over.selector} : {selector: {matchLabels: {app: 'web'}}}),
      template: {metadata: {labels: over.labels ?? {app: 'web'}}, spec: {containers: over.containers ?? [{name: 'nginx', image: 'nginx'}]}}}}
}

function check(group: string, resource: string, obj: KObject, old?: KObject) {
  const i = info(group, resource)
  prepareForCreate(i, obj, {api})
  const err = validate(i, obj, old)
  return err && {code: err.code, reason: err.reason, message: err.message, details: err.details}
}

describe('validate', () => {
  test('valid objects pass', () => {
    expect(check('apps', 'deployments', deployment())).toBeUndefined()
    expect(check('', 'services', {kind: 'Service', apiVersion: 'v1', metadata: {name: 'web', namespace: 'default'}, spec: {ports: [{port: 80}], selector: {app: 'web'}}})).toBeUndefined()
  })

  test('negative replicas', () => {
    expect(check('apps', 'deployments', deployment({replicas: -1}))).toEqual({code: 422, reason: 'Invalid',
      message: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      details: {name: 'web', group: 'apps', kind: 'Deployment', causes: [{reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas'}]}})
  })

  test('missing image', () => {
    expect(check('apps', 'deployments', deployment({containers: [{name: 'nginx'}]}))).toEqual({code: 422, reason: 'Invalid',
      message: 'Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value',
      details: {name: 'web', group: 'apps', kind: 'Deployment', causes: [{reason: 'FieldValueRequired', message: 'Required value', field: 'spec.template.spec.containers[0].image'}]}})
  })

  test('missing selector reports both errors, joined as kube does', () => {
    const err = check('apps', 'deployments', deployment({selector: undefined, labels: {app: 'broken'}}))
    expect(err?.message).toBe('Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: {"app":"broken"}: `selector` does not match template `labels`]')
    expect(err?.details?.causes).toEqual([
      {reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector'},
      {reason: 'FieldValueInvalid', message: 'Invalid value: {"app":"broken"}: `selector` does not match template `labels`', field: 'spec.template.metadata.labels'},
    ])
  })

  test('selector mismatch and immutable selector on update', () => {
    expect(check('apps', 'deployments', deployment({labels: {app: 'other', tier: 'x'}}))?.message)
      .toBe('Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"other","tier":"x"}: `selector` does not match template `labels`')
    const old = deployment()
    const next = deployment({selector: {matchLabels: {app: 'web2'}}, labels: {app: 'web2'}})
    expect(check('apps', 'deployments', next, old)?.message)
      .toBe('Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"web2"}}: field is immutable')
  })

  test('names: DNS-1123 subdomain, label and DNS-1035', () => {
    expect(check('apps', 'deployments', deployment({name: 'Web_1'}))?.message).toBe(
      'Deployment.apps "Web_1" is invalid: metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')')
    expect(check('', 'namespaces', {kind: 'Namespace', apiVersion: 'v1', metadata: {name: 'my.ns'}})?.message).toBe(
      'Namespace "my.ns" is invalid: metadata.name: Invalid value: "my.ns": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')')
    expect(check('', 'services', {kind: 'Service', apiVersion: 'v1', metadata: {name: '1web', namespace: 'default'}, spec: {ports: [{port: 80}]}})?.message).toBe(
      'Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')')
  })

  test('service type, ports, nodePort', () => {
    const svc = (spec: Record<string, unknown>): KObject => ({kind: 'Service', apiVersion: 'v1', metadata: {name: 'web', namespace: 'default'}, spec})
    expect(validate(info('', 'services'), svc({type: 'Nodeport', ports: [{port: 80}]}))?.message).toBe(
      'Service "web" is invalid: spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"')
    expect(validate(info('', 'services'), svc({ports: []}))?.message).toBe('Service "web" is invalid: spec.ports: Required value')
    expect(validate(info('', 'services'), svc({ports: [{port: 70000}]}))?.message).toBe(
      'Service "web" is invalid: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive')
    expect(validate(info('', 'services'), svc({type: 'NodePort', ports: [{port: 80, nodePort: 80}]}))?.message).toBe(
      'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767')
    expect(validate(info('', 'services'), svc({ports: [{port: 80}, {port: 443}]}))?.message).toBe(
      'Service "web" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]')
    const old = svc({clusterIP: '10.96.10.10', clusterIPs: ['10.96.10.10'], ports: [{port: 80}]})
    expect(validate(info('', 'services'), svc({clusterIP: 'None', clusterIPs: ['None'], ports: [{port: 80}]}), old)?.message).toBe(
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set')
  })

  test('pod container rules and restartPolicy', () => {
    const pod = (spec: Record<string, unknown>): KObject => ({kind: 'Pod', apiVersion: 'v1', metadata: {name: 'p', namespace: 'default'}, spec})
    expect(check('', 'pods', pod({containers: [{name: 'a', image: 'x', ports: [{containerPort: 0}]}]}))?.message).toBe(
      'Pod "p" is invalid: spec.containers[0].ports[0].containerPort: Required value')
    expect(check('', 'pods', pod({containers: [{name: 'a', image: 'x', ports: [{containerPort: 70000}]}]}))?.message).toBe(
      'Pod "p" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive')
    expect(check('', 'pods', pod({restartPolicy: 'Sometimes', containers: [{name: 'a', image: 'x'}, {name: 'a', image: 'y'}]}))?.message).toBe(
      'Pod "p" is invalid: [spec.containers[1].name: Duplicate value: "a", spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"]')
    expect(check('', 'pods', pod({containers: []}))?.message).toBe('Pod "p" is invalid: spec.containers: Required value')
    const bad = validate(info('', 'pods'), pod({containers: [{name: 'a', image: 'x', ports: [{containerPort: '80'}]}]}))
    expect([bad?.code, bad?.reason, bad?.message]).toEqual([400, 'BadRequest',
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32'])
    expect(check('apps', 'deployments', {...deployment(), spec: {...deployment().spec, template: {metadata: {labels: {app: 'web'}}, spec: {restartPolicy: 'Never', containers: [{name: 'a', image: 'x'}]}}}})?.message)
      .toBe('Deployment.apps "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"')
  })

  test('wrong JSON types fail decoding with 400 as kube-apiserver does', () => {
    const msg = (group: string, resource: string, obj: KObject) => {
      const e = validate(info(group, resource), obj)
      return e && `${e.code} ${e.reason}: ${e.message}`
    }
    expect(msg('', 'secrets', {apiVersion: 'v1', kind: 'Secret', metadata: {name: 's', namespace: 'default'}, data: {password: 'mypassword'}}))
      .toBe('400 BadRequest: Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 8')
    expect(msg('', 'secrets', {apiVersion: 'v1', kind: 'Secret', metadata: {name: 's', namespace: 'default'}, data: {password: 'bXlwYXNz d29yZA=='}}))
      .toBe('400 BadRequest: Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 8')
    expect(msg('', 'secrets', {apiVersion: 'v1', kind: 'Secret', metadata: {name: 's', namespace: 'default'}, data: {password: 'bXlwYXNzd29yZA=='}})).toBeUndefined()
    expect(msg('apps', 'deployments', {...deployment(), metadata: {name: 'web', namespace: 'default', labels: {version: 1.5 as unknown as string}}}))
      .toBe('400 BadRequest: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string')
    expect(msg('', 'configmaps', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c', namespace: 'default'}, data: {replicas: 3 as unknown as string}}))
      .toBe('400 BadRequest: ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string')
    expect(msg('apps', 'deployments', deployment({containers: [{name: 'a', image: 'x', env: [{name: 'DEBUG', value: true}]}]})))
      .toBe('400 BadRequest: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal bool into Go struct field EnvVar.spec.template.spec.containers.env.value of type string')
    expect(msg('', 'pods', {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p', namespace: 'default'}, spec: {containers: [{name: 'a', image: 'x', resources: {limits: {memory: '500MB'}}}]}}))
      .toBe("400 BadRequest: Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
    expect(msg('', 'pods', {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p', namespace: 'default'}, spec: {containers: [{name: 'a', image: 'x', resources: {limits: {memory: '512Mi', cpu: 0.5}}}]}})).toBeUndefined()
    expect(msg('apps', 'deployments', {...deployment(), spec: {...deployment().spec, replicas: '3'}}))
      .toBe('400 BadRequest: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32')
    // `- containerPort :80` in YAML: a string where a ContainerPort belongs.
    expect(msg('apps', 'deployments', deployment({containers: [{name: 'a', image: 'x', ports: ['containerPort :80' as unknown as KObject]}]})))
      .toBe('400 BadRequest: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.ports of type v1.ContainerPort')
  })

  test('a Secret\'s stringData that is not a string is refused, not stored as its text', () => {
    const secret: KObject = {apiVersion: 'v1', kind: 'Secret', metadata: {name: 's', namespace: 'default'}, stringData: {enabled: true as unknown as string}}
    prepareForCreate(info('', 'secrets'), secret, {api})
    const e = validate(info('', 'secrets'), secret)
    expect(e && e.message).toBe('Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal bool into Go struct field Secret.stringData of type string')
  })

  test('pod spec updates are forbidden except images', () => {
    const pod: KObject = {kind: 'Pod', apiVersion: 'v1', metadata: {name: 'p', namespace: 'default'}, spec: {containers: [{name: 'a', image: 'x'}]}}
    prepareForCreate(info('', 'pods'), pod, {api})
    const imageOnly = structuredClone(pod)
    imageOnly.spec.containers[0].image = 'y'
    expect(validate(info('', 'pods'), imageOnly, pod)).toBeUndefined()
    const env = structuredClone(pod)
    env.spec.containers[0].env = [{name: 'A', value: '1'}]
    expect(validate(info('', 'pods'), env, pod)?.message).toBe(
      'Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)')
  })

  test('node taints and label values', () => {
    const node: KObject = {kind: 'Node', apiVersion: 'v1', metadata: {name: 'n1', labels: {'bad value': 'x y'}}, spec: {taints: [{key: 'k', value: 'v', effect: 'NoSchedul'}]}}
    expect(validate(info('', 'nodes'), node)?.message).toBe('Node "n1" is invalid: [' + [
      'metadata.labels: Invalid value: "bad value": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
      'metadata.labels: Invalid value: "x y": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
      'spec.taints[0].effect: Unsupported value: "NoSchedul": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ].join(', ') + ']')
  })

  test('job and cronjob', () => {
    const job: KObject = {kind: 'Job', apiVersion: 'batch/v1', metadata: {name: 'j', namespace: 'default', uid: 'u1'}, spec: {template: {spec: {containers: [{name: 'c', image: 'x'}]}}}}
    expect(check('batch', 'jobs', job)?.message).toBe('Job.batch "j" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"')
    const cj: KObject = {kind: 'CronJob', apiVersion: 'batch/v1', metadata: {name: 'c', namespace: 'default'},
      spec: {schedule: 'every minute', jobTemplate: {spec: {template: {spec: {restartPolicy: 'Never', containers: [{name: 'c', image: 'x'}]}}}}}}
    expect(check('batch', 'cronjobs', cj)?.message).toBe('CronJob.batch "c" is invalid: spec.schedule: Invalid value: "every minute": unparseable schedule "every minute"')
  })
})
