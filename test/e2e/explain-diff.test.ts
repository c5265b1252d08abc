// `explain` differential tests: the same argv through real kubectl and kctl against one sandbox; whole stdout, stderr
// (kctl's hint lines aside) and exit code must match. The sandbox's /openapi/v3 documents are the shared source.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'
import {requireKubectl, type RunResult} from '../helpers/cli.js'

const haveKubectl = requireKubectl('explain differential tests')
let sb: TestSandbox

// A structural CRD with one served version, so that explain shows this schema (a second version would be preferred).
const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.explain.example.com
spec:
  group: explain.example.com
  names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gdg]}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        description: "Gadget is a test resource.\\nIts second line is long enough that kubectl has to wrap it at seventy-six columns."
        required: [spec]
        properties:
          spec:
            type: object
            description: The desired state of the gadget.
            required: [size]
            properties:
              size: {type: integer, description: How big the gadget is., minimum: 1}
              color: {type: string, enum: [red, green, blue, "", black], description: The colour.}
              ratio: {type: number, enum: [1, 2.5, 1000000]}
              labels: {type: object, additionalProperties: {type: string}}
              parts:
                type: array
                items:
                  type: object
                  properties:
                    name: {type: string}
                    count: {type: integer, format: int32}
              port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}
          status:
            type: object
            properties:
              ready: {type: boolean}
`

// kctl names itself where kubectl names itself in hints.
function norm(r: RunResult): RunResult {
  const n = (s: string) => s.replace(/\bkubectl (api-resources|explain)\b/g, 'kctl $1')
  return {stdout: n(r.stdout), stderr: n(r.stderr).split('\n').filter((l) => !l.startsWith('hint: ')).join('\n'), code: r.code}
}

async function same(args: string[]): Promise<RunResult> {
  const k = norm(await sb.kubectl(args))
  const c = norm(await sb.kctl(args))
  expect({args, ...c}).toEqual({args, ...k})
  return c
}

beforeAll(async () => {
  if (!haveKubectl) return
  sb = await startTestSandbox({nodes: 1})
  const r = await sb.kubectl(['apply', '-f', '-'], {stdin: CRD})
  if (r.code !== 0) throw new Error(r.stderr)
  for (let i = 0; i < 60; i++) {
    const e = await sb.kubectl(['explain', 'gadgets'])
    if (e.code === 0) break
    await new Promise((res) => setTimeout(res, 500))
  }
}, 180000)

afterAll(async () => {
  if (sb) await sb.stop()
})

describe('explain', () => {
  const cases: string[][] = [
    ['explain', 'pods'],
    ['explain', 'pods.spec'],
    ['explain', 'pods.spec.containers'],
    ['explain', 'pods.spec.containers.ports.protocol'],
    ['explain', 'po.spec.containers.resources.limits'],
    ['explain', 'deployment.spec.replicas'],
    ['explain', 'deploy.spec.strategy'],
    ['explain', 'deployments.apps.spec.template.metadata.labels'],
    ['explain', 'svc.spec.type'],
    ['explain', 'service', '--recursive'],
    ['explain', 'pods.spec.securityContext', '--recursive'],
    ['explain', 'cm'],
    ['explain', 'nodes.status.conditions'],
    ['explain', 'jobs.spec.template.spec.restartPolicy'],
    ['explain', '--api-version=apps/v1', 'deployments'],
    ['explain', 'hpa.spec', '--api-version=autoscaling/v1'],
    ['explain', 'ev.note'],
    ['explain', 'gadgets'],
    ['explain', 'gadget.spec'],
    ['explain', 'gdg.spec.color'],
    ['explain', 'gadgets.explain.example.com.spec.ratio'],
    ['explain', 'gadgets', '--recursive'],
    ['explain', 'gadgets.spec.parts'],
    ['explain', 'gadgets.spec.port'],
    ['explain', 'nope'],
    ['explain', 'Nope.spec'],
    ['explain', 'pods.nope'],
    ['explain', 'pods.spec.nope.deeper'],
    ['explain'],
    ['explain', 'pods', 'svc'],
    ['explain', 'pods', '--api-version=apps/v1'],
    ['explain', 'pods', '--api-version=v2'],
    ['explain', 'deploy', '--api-version=a/b/c'],
    ['explain', 'pods', '--output=yaml'],
    ['explain', 'pods', '-o', 'plaintext'],
    ['explain', 'pods[0]'],
    ['explain', '[0]'],
    ['explain', 'deploy', '--output=plaintext-openapiv2'],
    ['explain', 'pods.spec.containers', '--output', 'plaintext-openapiv2'],
    ['explain', 'svc.spec.type', '--output=plaintext-openapiv2'],
    ['explain', 'svc', '--recursive', '--output=plaintext-openapiv2'],
    ['explain', 'gadgets.spec', '--output=plaintext-openapiv2'],
    ['explain', 'hpa', '--api-version=autoscaling/v1', '--output=plaintext-openapiv2'],
    ['explain', 'pods.nope', '--output=plaintext-openapiv2'],
  ]
  test.each(cases.map((args) => [args.join(' '), args] as const))('%s', async (_name, args) => {
    if (!haveKubectl) return
    await same([...args])
  })

  test('the CRD is explained from its own schema', async () => {
    if (!haveKubectl) return
    const r = await same(['explain', 'gadgets.spec.size'])
    expect(r).toEqual({stdout: 'GROUP:      explain.example.com\nKIND:       Gadget\nVERSION:    v1\n\nFIELD: size <integer>\n\n\nDESCRIPTION:\n    How big the gadget is.\n    \n\n', stderr: '', code: 0})
  })
})
