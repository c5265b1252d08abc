// Differential test of the three-way patch: real kubectl apply computes the PATCH body against a sandbox; our
// createThreeWayMergePatch must produce the same bytes from the same inputs (last-applied, manifest, live object).
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {applyMergePatch, applyStrategicMergePatch, createThreeWayMergePatch, patchSchemaFor} from '../../src/lib/patch/index.js'
import {type Sandbox, disposeSandbox, kubectlAvailable, newSandbox} from './sandbox-core-fixture.js'

const LA = 'kubectl.kubernetes.io/last-applied-configuration'
const haveKubectl = kubectlAvailable()
let sb: Sandbox | undefined

beforeAll(async () => {
  if (!haveKubectl) return
  sb = newSandbox(['--nodes', '0'])
  await sb.start()
}, 90_000)

afterAll(async () => {
  await disposeSandbox(sb)
})

// klog prints the body as a Go-quoted string: "Request Body" body="{\"spec\":...}"
function patchBodies(stderr: string): string[] {
  const out: string[] = []
  const lines = stderr.split('\n')
  for (let i = 0; i < lines.length; i++) {
    // -v=9 logs the request as a curl command line (and, unlike -v=8, does not truncate bodies).
    if (!/curl -v -XPATCH/.test(lines[i])) continue
    for (let j = i - 1; j >= 0; j--) {
      const m = /"Request Body" body="(.*)"$/.exec(lines[j])
      if (m) {
        out.push(JSON.parse('"' + m[1] + '"'))
        break
      }
    }
  }
  return out
}

// First path where want (the manifest) is not contained in got, or undefined.
function subsetMismatch(want: any, got: any, at: string): string | undefined {
  if (want === null) return got === null || got === undefined ? undefined : at
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) return at
    for (let i = 0; i < want.length; i++) {
      const m = subsetMismatch(want[i], got[i], `${at}[${i}]`)
      if (m) return m
    }
    return undefined
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object') return at
    for (const k of Object.keys(want)) {
      const m = subsetMismatch(want[k], got[k], `${at}.${k}`)
      if (m) return m
    }
    return undefined
  }
  return want === got ? undefined : at
}

interface Step {
  manifest: string
}

async function live(path: string): Promise<any> {
  const r = await sb!.request('GET', path)
  return r.status === 200 ? r.body : undefined
}

// Applies each manifest in turn; from the second on, checks our patch against the body kubectl sent.
async function check(path: string, steps: Step[], custom = false): Promise<number> {
  let compared = 0
  for (const [i, step] of steps.entries()) {
    const before = await live(path)
    const r = await sb!.kubectl(['apply', '-f', '-', '-v=9'], {input: step.manifest})
    expect({code: r.code, stderr: r.code === 0 ? '' : r.stderr.split('\n').filter(l => !/^I\d{4} /.test(l)).join('\n')}).toEqual({code: 0, stderr: ''})
    if (i === 0) continue
    const bodies = patchBodies(r.stderr)
    const original = before.metadata.annotations?.[LA] ? JSON.parse(before.metadata.annotations[LA]) : undefined
    if (bodies.length === 0) {
      expect(r.stdout).toMatch(/unchanged/)
      continue
    }
    const sent = JSON.parse(bodies[0])
    const newLA: string = sent.metadata.annotations[LA]
    const modified = JSON.parse(newLA)
    modified.metadata.annotations = {...(modified.metadata.annotations ?? {}), [LA]: newLA}
    const schema = custom ? undefined : patchSchemaFor(before.apiVersion, before.kind)
    const ours = createThreeWayMergePatch(original, modified, before, schema)
    expect(JSON.stringify(ours)).toBe(bodies[0])
    // Applying it to the live object yields every value of the manifest.
    const mine = schema ? applyStrategicMergePatch(before, ours, schema) : applyMergePatch(before, ours)
    expect(subsetMismatch(modified, mine, '')).toBeUndefined()
    compared++
  }
  return compared
}

const deploy = (o: {replicas?: number; image?: string; labels?: string; containers?: string; strategy?: string; volumes?: string}) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  labels: {app: web${o.labels ?? ''}}
spec:
  replicas: ${o.replicas ?? 1}
  selector: {matchLabels: {app: web}}
${o.strategy ?? ''}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: ${o.image ?? 'nginx:1.27'}
        ports: [{containerPort: 80}]
        env: [{name: A, value: "1"}, {name: B, value: "2"}]
${o.containers ?? ''}
${o.volumes ?? ''}
`

describe('three-way patch equals kubectl apply', () => {
  test('deployment: scalars, labels, containers, env, strategy, volumes', async () => {
    if (!haveKubectl) return
    const n = await check('/apis/apps/v1/namespaces/default/deployments/web', [
      {manifest: deploy({labels: ', tier: web'})},
      {manifest: deploy({replicas: 3, image: 'nginx:1.28'})},
      {manifest: deploy({replicas: 3, containers: '      - name: side\n        image: busybox\n        command: [sleep, "3600"]'})},
      {manifest: deploy({replicas: 2, containers: '      - name: side\n        image: busybox\n        command: [sleep, "7200"]'}).replace('{name: A, value: "1"}, ', '')},
      {manifest: deploy({replicas: 2, strategy: '  strategy: {type: Recreate}'})},
      {manifest: deploy({replicas: 2, strategy: '  strategy: {type: Recreate}', volumes: '      volumes: [{name: data, emptyDir: {}}]'})},
      {manifest: deploy({replicas: 2, strategy: '  strategy: {type: Recreate}', volumes: '      volumes: [{name: data, hostPath: {path: /tmp}}]'})},
      {manifest: deploy({replicas: 2, strategy: '  strategy: {type: Recreate}', volumes: '      volumes: [{name: data, hostPath: {path: /tmp}}]'})},
    ])
    expect(n).toBeGreaterThanOrEqual(6)
  }, 120_000)

  test('service ports and configmap data/finalizers', async () => {
    if (!haveKubectl) return
    const svc = (ports: string, sel: string) => `
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  selector: {${sel}}
  ports: ${ports}
`
    const n1 = await check('/api/v1/namespaces/default/services/web', [
      {manifest: svc('[{port: 80, targetPort: 8080, name: http}]', 'app: web')},
      {manifest: svc('[{port: 443, targetPort: 8443, name: https}, {port: 80, targetPort: 8081, name: http}]', 'app: web2')},
      {manifest: svc('[{port: 443, targetPort: 8443, name: https}]', 'app: web2, x: z')},
    ])
    const cm = (data: string, fin: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: default, finalizers: [${fin}]}
data: {${data}}
`
    const n2 = await check('/api/v1/namespaces/default/configmaps/cfg', [
      {manifest: cm('a: "1", b: "2"', 'example.com/a, example.com/b')},
      {manifest: cm('a: "1", c: "3"', 'example.com/b, example.com/c')},
      {manifest: cm('a: "2"', '')},
    ])
    expect(n1 + n2).toBe(4)
  }, 120_000)

  test('custom resource: three-way JSON merge patch', async () => {
    if (!haveKubectl) return
    const crd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
`
    expect((await sb!.kubectl(['apply', '-f', '-'], {input: crd})).code).toBe(0)
    const w = (spec: string) => `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1, namespace: default}\nspec: ${spec}\n`
    let n = 0
    for (let attempt = 0; attempt < 20 && n === 0; attempt++) {
      const r = await sb!.kubectl(['get', 'widgets'])
      if (r.code === 0) n = 1
      else await new Promise(res => setTimeout(res, 250))
    }
    const compared = await check(
      '/apis/example.com/v1/namespaces/default/widgets/w1',
      [
        {manifest: w('{size: 1, list: [a, b], m: {p: 1, q: 2}}')},
        {manifest: w('{size: 2, list: [a], m: {p: 1}}')},
        {manifest: w('{list: [a], m: {p: 3, r: {s: 1}}}')},
      ],
      true,
    )
    expect(compared).toBe(2)
  }, 120_000)

  test('pod template details: reorder, ports, resources, tolerations, nulls', async () => {
    if (!haveKubectl) return
    const d = (body: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: tpl, namespace: default}
spec:
  selector: {matchLabels: {app: tpl}}
  template:
    metadata: {labels: {app: tpl}}
    spec:
${body}
`
    const n = await check('/apis/apps/v1/namespaces/default/deployments/tpl', [
      {manifest: d(`      containers:
      - {name: a, image: x, ports: [{containerPort: 80}, {containerPort: 81}], env: [{name: A, value: "1"}, {name: B, value: "2"}], args: [x, z]}
      - {name: b, image: busybox}
      tolerations: [{key: k1, operator: Exists}]`)},
      {manifest: d(`      containers:
      - {name: b, image: busybox}
      - {name: a, image: x, ports: [{containerPort: 80}, {containerPort: 81}], env: [{name: B, value: "2"}, {name: A, value: "1"}], args: [x, z]}
      tolerations: [{key: k1, operator: Exists}]`)},
      {manifest: d(`      containers:
      - {name: a, image: x, ports: [{containerPort: 81, name: alt}], env: [{name: B, value: "3"}], args: [z], resources: {limits: {cpu: "1"}}}
      tolerations: [{key: k2, operator: Exists}]`)},
      {manifest: d(`      containers:
      - {name: a, image: x, ports: [{containerPort: 81, name: alt}], env: [{name: B, value: "3"}], args: [z], resources: null}
      nodeSelector: {disk: ssd}`)},
    ])
    expect(n).toBe(3)
  }, 120_000)
})
