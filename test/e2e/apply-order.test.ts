// kctl applies many objects at once, in waves: namespaces and CRDs, then what pods name (claims, service accounts,
// config maps, secrets…), then the rest. kubectl applies one object at a time in file order. A file that lists a pod
// before its claim therefore leaves the same objects with both tools, and with kctl the scheduler never reports the
// claim missing.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'
import {requireKubectl} from '../helpers/cli.js'
import {until} from '../helpers/wait.js'

const haveKubectl = requireKubectl('apply order differential test')
let sb: TestSandbox

const MANIFEST = `apiVersion: v1
kind: Pod
metadata: {name: user}
spec:
  terminationGracePeriodSeconds: 1
  serviceAccountName: runner
  containers:
  - name: main
    image: busybox
    command: [sh, -c, 'echo $GREETING; sleep 3600']
    env: [{name: GREETING, valueFrom: {configMapKeyRef: {name: settings, key: greeting}}}]
    volumeMounts: [{name: data, mountPath: /data}]
  volumes:
  - {name: data, persistentVolumeClaim: {claimName: data}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {greeting: hello}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: runner}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
`

const OUTPUT = 'pod/user created\nconfigmap/settings created\nserviceaccount/runner created\npersistentvolumeclaim/data created\n'

beforeAll(async () => {
  if (haveKubectl) sb = await startTestSandbox({nodes: 2})
}, 120000)

afterAll(async () => {
  if (sb) await sb.stop()
})

describe('apply of a pod listed before what it names', () => {
  test('kubectl and kctl print the same lines and leave the same running pod; kctl\'s scheduler never misses the claim', async () => {
    if (!haveKubectl) return
    const results: Record<string, {stdout: string; stderr: string; code: number}> = {}
    const namespaces: Record<string, string> = {}
    for (const tool of ['kubectl', 'kctl'] as const) {
      const ns = await sb.namespace(`order-${tool}`)
      namespaces[tool] = ns
      const r = await sb[tool](['apply', '-n', ns, '-f', '-'], {stdin: MANIFEST})
      results[tool] = {stdout: r.stdout, stderr: r.stderr, code: r.code}
    }
    expect(results).toEqual({kubectl: {stdout: OUTPUT, stderr: '', code: 0}, kctl: {stdout: OUTPUT, stderr: '', code: 0}})
    const state = async (ns: string) => {
      const r = await sb.kubectl(['get', 'pod/user', 'pvc/data', '-n', ns, '-o', 'jsonpath={.items[0].status.phase} {.items[0].spec.serviceAccountName} {.items[1].status.phase}'])
      return r.stdout
    }
    for (const ns of Object.values(namespaces)) await until(`pod running in ${ns}`, async () => (await state(ns)) === 'Running runner Bound', 60000, 500)
    const logs = await sb.kubectl(['logs', 'user', '-n', namespaces.kctl])
    expect(logs.stdout).toBe('hello\n')
    const events = await sb.kubectl(['get', 'events', '-n', namespaces.kctl, '--field-selector', 'involvedObject.name=user,reason=FailedScheduling', '-o', 'name'])
    expect({stdout: events.stdout, code: events.code}).toEqual({stdout: '', code: 0})
  }, 120000)
})
