// Server-side apply and patch errors seen through real kubectl against the sandbox.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {type Sandbox, disposeSandbox, kubectlAvailable, newSandbox} from './sandbox-core-fixture.js'

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

const HELP = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
`

const dep = (replicas: number, image: string, labels = '') => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default, labels: {app: web${labels}}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: "${image}"}]
`

describe('kubectl apply --server-side', () => {
  test('conflicts with the client-side apply manager, then force', async () => {
    if (!haveKubectl) return
    expect((await sb!.kubectl(['apply', '-f', '-'], {input: dep(1, 'nginx:1.27')})).stdout).toBe('deployment.apps/web created\n')
    const r = await sb!.kubectl(['apply', '--server-side', '--field-manager=other', '-f', '-'], {input: dep(3, 'nginx:1.28')})
    expect({code: r.code, stdout: r.stdout, stderr: r.stderr}).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n' +
        '- .spec.replicas\n' +
        '- .spec.template.spec.containers[name="nginx"].image\n' +
        HELP,
    })
    const same = await sb!.kubectl(['apply', '--server-side', '--field-manager=other', '-f', '-'], {input: dep(1, 'nginx:1.27')})
    expect(same.stdout).toBe('deployment.apps/web serverside-applied\n')
    const forced = await sb!.kubectl(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], {input: dep(3, 'nginx:1.28')})
    expect(forced.stdout).toBe('deployment.apps/web serverside-applied\n')
    const got = await sb!.request('GET', '/apis/apps/v1/namespaces/default/deployments/web')
    expect([got.body.spec.replicas, got.body.spec.template.spec.containers[0].image]).toEqual([3, 'nginx:1.28'])
    const managers = got.body.metadata.managedFields.map((e: any) => `${e.manager}/${e.operation}`)
    expect(managers).toContain('other/Apply')
  }, 60_000)

  test('a label no longer applied is removed', async () => {
    if (!haveKubectl) return
    const cm = (labels: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa1, namespace: default, labels: {${labels}}}\ndata: {k: v}\n`
    expect((await sb!.kubectl(['apply', '--server-side', '-f', '-'], {input: cm('a: "1", b: "2"')})).code).toBe(0)
    expect((await sb!.kubectl(['apply', '--server-side', '-f', '-'], {input: cm('a: "1"')})).code).toBe(0)
    const got = await sb!.request('GET', '/api/v1/namespaces/default/configmaps/ssa1')
    expect(got.body.metadata.labels).toEqual({a: '1'})
  }, 60_000)
})

describe('kubectl patch errors', () => {
  test('failing JSON patch test operation and bad strategic merge patches', async () => {
    if (!haveKubectl) return
    await sb!.kubectl(['create', 'configmap', 'pe', '--from-literal=a=1'])
    const t = await sb!.kubectl(['patch', 'configmap', 'pe', '--type=json', '-p', '[{"op":"test","path":"/data/a","value":"2"}]'])
    expect({code: t.code, stderr: t.stderr}).toEqual({code: 1, stderr: 'The request is invalid: the server rejected our request due to an error in our request\n'})
    const ok = await sb!.kubectl(['patch', 'configmap', 'pe', '--type=json', '-p', '[{"op":"test","path":"/data/a","value":"1"},{"op":"replace","path":"/data/a","value":"3"}]'])
    expect(ok.stdout).toBe('configmap/pe patched\n')
    const m = await sb!.kubectl(['patch', 'configmap', 'pe', '-p', '{"data":{"a":null,"b":"2"}}'])
    expect(m.stdout).toBe('configmap/pe patched\n')
    const got = await sb!.request('GET', '/api/v1/namespaces/default/configmaps/pe')
    expect(got.body.data).toEqual({b: '2'})
  }, 60_000)
})
