// Real kubectl against the sandbox core: discovery, CRUD, protobuf creates, apply, patches, watch, auth.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {spawn} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {disposeSandbox, kubectlAvailable, newSandbox, normaliseAges, type Sandbox} from './sandbox-core-fixture.js'

const HAVE = kubectlAvailable()
const d = HAVE ? describe : describe.skip

d('sandbox core with real kubectl', () => {
  let sb: Sandbox
  beforeAll(async () => {
    sb = newSandbox(['--nodes', '0'])
    await sb.start()
  }, 90_000)
  afterAll(async () => {
    await disposeSandbox(sb)
  })

  test('version reports the server version and kubectl picks its 1.33 build', async () => {
    const r = await sb.kubectl(['version'])
    expect(r).toEqual({stdout: 'Client Version: v1.33.1\nKustomize Version: v5.6.0\nServer Version: v1.33.1\n', stderr: '', code: 0})
  })

  test('api-resources lists core, apps, policy and authorization types from aggregated discovery', async () => {
    const r = await sb.kubectl(['api-resources'])
    expect(r.code).toBe(0)
    const rows = r.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/))
    expect(rows[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'])
    expect(rows).toContainEqual(['pods', 'po', 'v1', 'true', 'Pod'])
    expect(rows).toContainEqual(['namespaces', 'ns', 'v1', 'false', 'Namespace'])
    expect(rows).toContainEqual(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment'])
    expect(rows).toContainEqual(['poddisruptionbudgets', 'pdb', 'policy/v1', 'true', 'PodDisruptionBudget'])
    expect(rows).toContainEqual(['selfsubjectaccessreviews', 'authorization.k8s.io/v1', 'false', 'SelfSubjectAccessReview'])
    expect(rows).toContainEqual(['customresourcedefinitions', 'crd,crds', 'apiextensions.k8s.io/v1', 'false', 'CustomResourceDefinition'])
  })

  test('legacy /api/v1 has pods/eviction in policy/v1 (drain needs it)', async () => {
    const r = await sb.request('GET', '/api/v1')
    expect(r.status).toBe(200)
    expect(r.body.resources.find((x: any) => x.name === 'pods/eviction')).toEqual({
      name: 'pods/eviction', singularName: '', namespaced: true, kind: 'Eviction', verbs: ['create'], group: 'policy', version: 'v1',
    })
    const agg = await sb.request('GET', '/apis', undefined, {Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json'})
    expect(agg.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')
    const apps = agg.body.items.find((g: any) => g.metadata.name === 'apps')
    const deploy = apps.versions[0].resources.find((x: any) => x.resource === 'deployments')
    expect(deploy.subresources.find((s: any) => s.subresource === 'scale')).toEqual({
      subresource: 'scale', responseKind: {group: 'autoscaling', version: 'v1', kind: 'Scale'}, verbs: ['get', 'patch', 'update'],
    })
  })

  test('namespaces and configmaps: create (protobuf), get in every format, errors, delete', async () => {
    expect(await sb.kubectl(['create', 'namespace', 'core-a'])).toEqual({stdout: 'namespace/core-a created\n', stderr: '', code: 0})
    expect(await sb.kubectl(['create', 'configmap', 'cm1', '--from-literal=k=v', '-n', 'core-a'])).toEqual({stdout: 'configmap/cm1 created\n', stderr: '', code: 0})
    expect(await sb.kubectl(['create', 'configmap', 'cm1', '-n', 'core-a'])).toEqual({
      stdout: '', stderr: 'error: failed to create configmap: configmaps "cm1" already exists\n', code: 1,
    })
    expect(await sb.kubectl(['create', 'configmap', 'cmx', '-n', 'nosuch'])).toEqual({
      stdout: '', stderr: 'error: failed to create configmap: namespaces "nosuch" not found\n', code: 1,
    })
    expect(await sb.kubectl(['get', 'configmap', 'cm1', '-n', 'core-a', '-o', 'name'])).toEqual({stdout: 'configmap/cm1\n', stderr: '', code: 0})
    const json = await sb.kubectl(['get', 'configmap', 'cm1', '-n', 'core-a', '-o', 'json'])
    const cm = JSON.parse(json.stdout)
    expect(cm).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: {k: 'v'},
      metadata: {name: 'cm1', namespace: 'core-a', uid: cm.metadata.uid, resourceVersion: cm.metadata.resourceVersion, creationTimestamp: cm.metadata.creationTimestamp},
    })
    expect(cm.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(cm.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const yaml = await sb.kubectl(['get', 'configmap', 'cm1', '-n', 'core-a', '-o', 'yaml'])
    expect(yaml.stdout).toBe(
      [
        'apiVersion: v1',
        'data:',
        '  k: v',
        'kind: ConfigMap',
        'metadata:',
        `  creationTimestamp: "${cm.metadata.creationTimestamp}"`,
        '  name: cm1',
        '  namespace: core-a',
        `  resourceVersion: "${cm.metadata.resourceVersion}"`,
        `  uid: ${cm.metadata.uid}`,
        '',
      ].join('\n'),
    )
    const ns = await sb.kubectl(['get', 'ns', 'core-a'])
    expect(normaliseAges(ns.stdout)).toBe('NAME STATUS AGE\ncore-a Active AGE\n')
    expect(await sb.kubectl(['get', 'configmap', 'nosuch', '-n', 'core-a'])).toEqual({
      stdout: '', stderr: 'Error from server (NotFound): configmaps "nosuch" not found\n', code: 1,
    })
    expect(await sb.kubectl(['delete', 'configmap', 'cm1', '-n', 'core-a'])).toEqual({stdout: 'configmap "cm1" deleted\n', stderr: '', code: 0})
    expect(await sb.kubectl(['delete', 'namespace', 'core-a'])).toEqual({stdout: 'namespace "core-a" deleted\n', stderr: '', code: 0})
    expect(await sb.kubectl(['get', 'namespace', 'core-a'])).toEqual({stdout: '', stderr: 'Error from server (NotFound): namespaces "core-a" not found\n', code: 1})
  })

  test('pods: run, table, label selectors, field selectors, AlreadyExists, delete', async () => {
    expect(await sb.kubectl(['run', 'p1', '--image', 'nginx', '--labels', 'app=one,tier=web'])).toEqual({stdout: 'pod/p1 created\n', stderr: '', code: 0})
    expect(await sb.kubectl(['run', 'p2', '--image', 'nginx', '--labels', 'app=two'])).toEqual({stdout: 'pod/p2 created\n', stderr: '', code: 0})
    expect(await sb.kubectl(['run', 'p1', '--image', 'nginx'])).toEqual({stdout: '', stderr: 'Error from server (AlreadyExists): pods "p1" already exists\n', code: 1})
    expect((await sb.kubectl(['get', 'pods', '-l', 'app in (one,three)', '-o', 'name'])).stdout).toBe('pod/p1\n')
    expect((await sb.kubectl(['get', 'pods', '-l', '!tier', '-o', 'name'])).stdout).toBe('pod/p2\n')
    expect((await sb.kubectl(['get', 'pods', '--field-selector', 'metadata.name=p2', '-o', 'name'])).stdout).toBe('pod/p2\n')
    expect(await sb.kubectl(['get', 'pods', '--field-selector', 'spec.nosuch=x'])).toEqual({
      stdout: '', stderr: 'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.nosuch=x": field label not supported: spec.nosuch\n', code: 1,
    })
    const names = await sb.kubectl(['get', 'pods', '-o', 'custom-columns=NAME:.metadata.name,GEN:.metadata.generation', '--sort-by=.metadata.name'])
    expect(names.stdout).toBe('NAME   GEN\np1     1\np2     1\n')
    expect(await sb.kubectl(['delete', 'pod', 'p1', 'p2'])).toEqual({stdout: 'pod "p1" deleted\npod "p2" deleted\n', stderr: '', code: 0})
    expect(await sb.kubectl(['get', 'pods'])).toEqual({stdout: '', stderr: 'No resources found in default namespace.\n', code: 0})
  })

  test('create deployment (protobuf body), scale, GC of dependents', async () => {
    expect(await sb.kubectl(['create', 'deployment', 'web', '--image', 'nginx'])).toEqual({stdout: 'deployment.apps/web created\n', stderr: '', code: 0})
    expect(await sb.kubectl(['create', 'deployment', 'web', '--image', 'nginx'])).toEqual({
      stdout: '', stderr: 'error: failed to create deployment: deployments.apps "web" already exists\n', code: 1,
    })
    const dep = JSON.parse((await sb.kubectl(['get', 'deploy', 'web', '-o', 'json'])).stdout)
    expect([dep.metadata.generation, dep.spec.replicas, dep.spec.template.spec.containers[0].image, dep.metadata.labels]).toEqual([1, 1, 'nginx', {app: 'web'}])
    expect(await sb.kubectl(['scale', 'deploy', 'web', '--replicas=3'])).toEqual({stdout: 'deployment.apps/web scaled\n', stderr: '', code: 0})
    expect(await sb.kubectl(['scale', 'deploy', 'web', '--current-replicas=5', '--replicas=2'])).toEqual({stdout: '', stderr: 'error: Expected replicas to be 5, was 3\n', code: 1})
    const scale = await sb.request('GET', '/apis/apps/v1/namespaces/default/deployments/web/scale')
    expect(scale.body.spec).toEqual({replicas: 3})
    expect(scale.body.status.selector).toBe('app=web')
    const after = JSON.parse((await sb.kubectl(['get', 'deploy', 'web', '-o', 'json'])).stdout)
    expect(after.metadata.generation).toBe(2)
    // a ReplicaSet owned by the deployment is collected with it
    const rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {name: 'owned', ownerReferences: [{apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: after.metadata.uid, controller: true, blockOwnerDeletion: true}]},
      spec: {replicas: 0, selector: {matchLabels: {x: 'owned'}}, template: {metadata: {labels: {x: 'owned'}}, spec: {containers: [{name: 'c', image: 'nginx'}]}}},
    }
    expect((await sb.request('POST', '/apis/apps/v1/namespaces/default/replicasets', rs)).status).toBe(201)
    expect(await sb.kubectl(['delete', 'deploy', 'web'])).toEqual({stdout: 'deployment.apps "web" deleted\n', stderr: '', code: 0})
    let gone = false
    for (let i = 0; i < 50 && !gone; i++) {
      gone = (await sb.request('GET', '/apis/apps/v1/namespaces/default/replicasets/owned')).status === 404
      if (!gone) await new Promise((r) => setTimeout(r, 100))
    }
    expect(gone).toBe(true)
  })

  test('apply: created, unchanged, configured (merge by key, dropped field removed)', async () => {
    const file = join(sb.dir, 'app.yaml')
    const manifest = (replicas: number, image: string, env: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  labels: {app: app}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers:
      - name: main
        image: ${image}
        ports: [{containerPort: 80}]
${env}`
    writeFileSync(file, manifest(1, 'nginx:1.27', '        env: [{name: A, value: "1"}, {name: B, value: "2"}]\n'))
    expect(await sb.kubectl(['apply', '-f', file, '--validate=false'])).toEqual({stdout: 'deployment.apps/app created\n', stderr: '', code: 0})
    expect(await sb.kubectl(['apply', '-f', file, '--validate=false'])).toEqual({stdout: 'deployment.apps/app unchanged\n', stderr: '', code: 0})
    writeFileSync(file, manifest(2, 'nginx:1.28', '        env: [{name: A, value: "1"}]\n'))
    expect(await sb.kubectl(['apply', '-f', file, '--validate=false'])).toEqual({stdout: 'deployment.apps/app configured\n', stderr: '', code: 0})
    const dep = JSON.parse((await sb.kubectl(['get', 'deploy', 'app', '-o', 'json'])).stdout)
    expect([dep.spec.replicas, dep.spec.template.spec.containers[0].image, dep.spec.template.spec.containers[0].env, dep.metadata.generation]).toEqual([
      2, 'nginx:1.28', [{name: 'A', value: '1'}], 2,
    ])
    expect(await sb.kubectl(['apply', '-f', file, '--validate=false', '--dry-run=server'])).toEqual({stdout: 'deployment.apps/app unchanged (server dry run)\n', stderr: '', code: 0})
    expect(await sb.kubectl(['delete', 'deploy', 'app', '--cascade=foreground'])).toEqual({stdout: 'deployment.apps "app" deleted\n', stderr: '', code: 0})
  })

  test('apply with OpenAPI validation: strict decoding error, server-side apply conflict and --force-conflicts', async () => {
    const bad = join(sb.dir, 'bad.yaml')
    writeFileSync(bad, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\n  spec:\n    replicas: 1\n')
    expect(await sb.kubectl(['apply', '-f', bad])).toEqual({
      stdout: '',
      stderr: `Error from server (BadRequest): error when creating "${bad}": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "metadata.spec"\n`,
      code: 1,
    })
    const file = join(sb.dir, 'ssa.yaml')
    const manifest = (replicas: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ssa\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: ssa}}\n  template:\n    metadata: {labels: {app: ssa}}\n    spec:\n      containers: [{name: c, image: nginx}]\n`
    writeFileSync(file, manifest(1))
    expect(await sb.kubectl(['apply', '--server-side', '-f', file])).toEqual({stdout: 'deployment.apps/ssa serverside-applied\n', stderr: '', code: 0})
    writeFileSync(file, manifest(3))
    const conflict = await sb.kubectl(['apply', '--server-side', '--field-manager', 'other', '-f', file])
    expect([conflict.code, conflict.stdout, conflict.stderr.split('\n')[0]]).toEqual([1, '', 'error: Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas'])
    expect(await sb.kubectl(['apply', '--server-side', '--field-manager', 'other', '--force-conflicts', '-f', file])).toEqual({stdout: 'deployment.apps/ssa serverside-applied\n', stderr: '', code: 0})
    expect((await sb.kubectl(['get', 'deploy', 'ssa', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('3')
  })

  test('a CRD serves its custom resources with schema validation and the scale subresource', async () => {
    const crd = join(sb.dir, 'crd.yaml')
    writeFileSync(
      crd,
      `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: string}
              replicas: {type: integer, maximum: 10}
          status:
            type: object
            properties:
              replicas: {type: integer}
`,
    )
    expect(await sb.kubectl(['apply', '-f', crd])).toEqual({stdout: 'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n', stderr: '', code: 0})
    const cr = join(sb.dir, 'cr.yaml')
    writeFileSync(cr, 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: big\n  replicas: 2\n')
    expect(await sb.kubectl(['apply', '-f', cr])).toEqual({stdout: 'widget.example.com/w1 created\n', stderr: '', code: 0})
    expect((await sb.kubectl(['get', 'wd', '-o', 'name'])).stdout).toBe('widget.example.com/w1\n')
    expect(await sb.kubectl(['scale', 'widget', 'w1', '--replicas=4'])).toEqual({stdout: 'widget.example.com/w1 scaled\n', stderr: '', code: 0})
    const w = JSON.parse((await sb.kubectl(['get', 'widget', 'w1', '-o', 'json'])).stdout)
    expect([w.spec, w.metadata.generation]).toEqual([{size: 'big', replicas: 4}, 2])
    expect(await sb.kubectl(['patch', 'widget', 'w1', '--type', 'merge', '-p', '{"spec":{"replicas":11}}'])).toEqual({
      stdout: '', stderr: 'The Widget "w1" is invalid: spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10\n', code: 1,
    })
    expect(await sb.kubectl(['delete', 'crd', 'widgets.example.com'])).toEqual({stdout: 'customresourcedefinition.apiextensions.k8s.io "widgets.example.com" deleted\n', stderr: '', code: 0})
    expect((await sb.request('GET', '/apis/example.com/v1/namespaces/default/widgets/w1')).status).toBe(404)
  })

  test('patch with each patch type', async () => {
    await sb.kubectl(['create', 'configmap', 'pt', '--from-literal=a=1'])
    expect(await sb.kubectl(['patch', 'configmap', 'pt', '-p', '{"data":{"b":"2"}}'])).toEqual({stdout: 'configmap/pt patched\n', stderr: '', code: 0})
    expect(await sb.kubectl(['patch', 'configmap', 'pt', '--type', 'merge', '-p', '{"data":{"a":null}}'])).toEqual({stdout: 'configmap/pt patched\n', stderr: '', code: 0})
    expect(await sb.kubectl(['patch', 'configmap', 'pt', '--type', 'json', '-p', '[{"op":"add","path":"/data/c","value":"3"}]'])).toEqual({stdout: 'configmap/pt patched\n', stderr: '', code: 0})
    expect(await sb.kubectl(['patch', 'configmap', 'pt', '--type', 'merge', '-p', '{"data":{"c":"3"}}'])).toEqual({stdout: 'configmap/pt patched (no change)\n', stderr: '', code: 0})
    expect(JSON.parse((await sb.kubectl(['get', 'configmap', 'pt', '-o', 'json'])).stdout).data).toEqual({b: '2', c: '3'})
    expect(await sb.kubectl(['label', 'configmap', 'pt', 'x=y'])).toEqual({stdout: 'configmap/pt labeled\n', stderr: '', code: 0})
    expect(await sb.kubectl(['annotate', 'configmap', 'pt', 'n=m'])).toEqual({stdout: 'configmap/pt annotated\n', stderr: '', code: 0})
    const ssa = await sb.request('PATCH', '/api/v1/namespaces/default/configmaps/pt?fieldManager=test', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'pt'}, data: {d: '4'}}, {'Content-Type': 'application/apply-patch+yaml'})
    expect([ssa.status, ssa.body.data]).toEqual([200, {b: '2', c: '3', d: '4'}])
    const created = await sb.request('PATCH', '/api/v1/namespaces/default/configmaps/pt2?fieldManager=test', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pt2\ndata:\n  e: "5"\n', {'Content-Type': 'application/apply-patch+yaml'})
    expect([created.status, created.body.data]).toEqual([201, {e: '5'}])
    const noManager = await sb.request('PATCH', '/api/v1/namespaces/default/configmaps/pt2', {apiVersion: 'v1', kind: 'ConfigMap'}, {'Content-Type': 'application/apply-patch+yaml'})
    expect(noManager.status).toBe(400)
  })

  test('fieldValidation Strict and Warn report unknown fields the way kube-apiserver does', async () => {
    const body = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'fv', spec: {replicas: 1}}}
    const strict = await sb.request('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', body)
    expect([strict.status, strict.body]).toEqual([400, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.spec"', reason: 'BadRequest', code: 400}])
    const warn = await sb.request('POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', body)
    expect([warn.status, warn.headers.warning]).toEqual([201, '299 - "unknown field \\"metadata.spec\\""'])
  })

  test('optimistic concurrency: stale resourceVersion is a 409 Conflict', async () => {
    const cm = await sb.request('POST', '/api/v1/namespaces/default/configmaps', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'occ'}})
    await sb.request('PUT', '/api/v1/namespaces/default/configmaps/occ', {...cm.body, data: {a: '1'}})
    const stale = await sb.request('PUT', '/api/v1/namespaces/default/configmaps/occ', {...cm.body, data: {a: '2'}})
    expect([stale.status, stale.body.reason, stale.body.message]).toEqual([
      409, 'Conflict', 'Operation cannot be fulfilled on configmaps "occ": the object has been modified; please apply your changes to the latest version and try again',
    ])
  })

  test('list chunking with limit/continue', async () => {
    for (const n of ['ch-a', 'ch-b', 'ch-c']) await sb.request('POST', '/api/v1/namespaces/default/secrets', {apiVersion: 'v1', kind: 'Secret', metadata: {name: n, labels: {chunk: 'yes'}}})
    const p1 = await sb.request('GET', '/api/v1/namespaces/default/secrets?labelSelector=chunk%3Dyes&limit=2')
    expect([p1.body.items.map((i: any) => i.metadata.name), p1.body.metadata.remainingItemCount]).toEqual([['ch-a', 'ch-b'], 1])
    const p2 = await sb.request('GET', `/api/v1/namespaces/default/secrets?labelSelector=chunk%3Dyes&limit=2&continue=${encodeURIComponent(p1.body.metadata.continue)}`)
    expect([p2.body.items.map((i: any) => i.metadata.name), p2.body.metadata.continue]).toEqual([['ch-c'], undefined])
  })

  test('get -w prints the list and then each event', async () => {
    await sb.kubectl(['create', 'namespace', 'watched'])
    const p = spawn('kubectl', ['get', 'configmaps', '-n', 'watched', '-w', '--output-watch-events'], {
      env: {...process.env, KUBECONFIG: sb.kubeconfig, HOME: sb.home, KUBECACHEDIR: join(sb.home, 'cache')},
    })
    let out = ''
    p.stdout.on('data', (dd) => (out += dd))
    const waitFor = async (re: RegExp) => {
      for (let i = 0; i < 100 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 100))
    }
    await waitFor(/kube-root-ca|No resources/)
    await sb.kubectl(['create', 'configmap', 'w1', '-n', 'watched'])
    await waitFor(/ADDED\s+w1/)
    await sb.kubectl(['label', 'configmap', 'w1', '-n', 'watched', 'a=b'])
    await waitFor(/MODIFIED\s+w1/)
    await sb.kubectl(['delete', 'configmap', 'w1', '-n', 'watched'])
    await waitFor(/DELETED\s+w1/)
    p.kill()
    const lines = normaliseAges(out).split('\n').filter((l) => / w1 /.test(` ${l} `))
    expect(lines).toEqual(['ADDED w1 0 AGE', 'MODIFIED w1 0 AGE', 'DELETED w1 0 AGE'])
  })

  test('auth can-i and whoami', async () => {
    expect(await sb.kubectl(['auth', 'can-i', 'create', 'deployments'])).toEqual({stdout: 'yes\n', stderr: '', code: 0})
    expect(await sb.kubectl(['auth', 'can-i', '*', '*'])).toEqual({stdout: 'yes\n', stderr: '', code: 0})
    const who = await sb.kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'])
    expect(who.stdout).toBe('kctl-admin')
  })

  test('create token mints a service account JWT that authenticates', async () => {
    let tok = {stdout: '', stderr: '', code: -1}
    for (let i = 0; i < 50 && tok.code !== 0; i++) {
      tok = await sb.kubectl(['create', 'token', 'default'])
      if (tok.code !== 0) await new Promise((r) => setTimeout(r, 100))
    }
    expect(tok.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    const claims = JSON.parse(Buffer.from(tok.stdout.split('.')[1], 'base64url').toString('utf8'))
    expect([claims.sub, claims.iss]).toEqual(['system:serviceaccount:default:default', 'https://kubernetes.default.svc.cluster.local'])
    const https = await import('node:https')
    const code = await new Promise<number>((resolve) => {
      https
        .get(`${sb.endpoint.server}/api/v1/namespaces/default/configmaps`, {ca: Buffer.from(sb.endpoint.caData, 'base64'), headers: {Authorization: `Bearer ${tok.stdout.trim()}`}, agent: false}, (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
        .end()
    })
    expect(code).toBe(200)
  })

  test('TLS 1.3 with AES-128-GCM, the suite kube-apiserver (Go) picks whenever the client offers it', async () => {
    const tls = await import('node:tls')
    const url = new URL(sb.endpoint.server)
    const negotiated = (ciphers?: string) => new Promise<string>((resolve, reject) => {
      const socket = tls.connect({host: url.hostname, port: Number(url.port), ca: Buffer.from(sb.endpoint.caData, 'base64'), ciphers}, () => {
        resolve(`${socket.getProtocol()} ${socket.getCipher().name}`)
        socket.destroy()
      })
      socket.once('error', reject)
    })
    // Node's default client order puts AES-256-GCM first.
    expect(await negotiated()).toBe('TLSv1.3 TLS_AES_128_GCM_SHA256')
    expect(await negotiated('TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256')).toBe('TLSv1.3 TLS_AES_256_GCM_SHA384')
  })

  test('unauthenticated requests get 401 Status', async () => {
    const https = await import('node:https')
    const status = await new Promise<{code: number; body: string}>((resolve) => {
      https
        .get(`${sb.endpoint.server}/api/v1/pods`, {ca: Buffer.from(sb.endpoint.caData, 'base64'), agent: false}, (res) => {
          let body = ''
          res.on('data', (c) => (body += c))
          res.on('end', () => resolve({code: res.statusCode ?? 0, body}))
        })
        .end()
    })
    expect(status).toEqual({code: 401, body: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}'})
  })
})
