// Manifests are YAML 1.1 to kubectl (sigs.k8s.io/yaml, go-yaml v2): `defaultMode: 0644` is 420, `readOnly: yes` is
// true, `2024-01-01` stays a string. kctl must send the same objects; these cases compare what each tool leaves behind.
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {describeDifferential} from '../helpers/diff.js'
import {requireKubectl} from '../helpers/cli.js'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    released: 2024-01-01
  annotations:
    built: 2024-01-01T10:00:00Z
    window: 1:30
spec:
  replicas: 0
  revisionHistoryLimit: 012
  progressDeadlineSeconds: 1_000
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      terminationGracePeriodSeconds: 0x1E
      containers:
      - name: web
        image: nginx
        stdin: yes
        tty: off
        volumeMounts:
        - {name: cfg, mountPath: /etc/cfg, readOnly: on}
        - {name: key, mountPath: /etc/key, readOnly: Y}
      volumes:
      - name: cfg
        configMap:
          name: cfg
          defaultMode: 0644
          items:
          - {key: a, path: a, mode: 0o400}
      - name: key
        secret:
          secretName: key
          defaultMode: 0b111101101
`

describeDifferential('YAML 1.1 manifests: kubectl vs kctl', [
  ['apply: octal, binary, hex and underscored numbers, yes/on/off booleans, dates kept as strings',
    {args: ['apply', '-f', '-', '-n', 'NS'], stdin: DEPLOYMENT, objects: ['get', 'deployment', 'web', '-n', 'NS']}],
  ['create: the same manifest', {args: ['create', '-f', '-', '-n', 'NS'], stdin: DEPLOYMENT, objects: ['get', 'deployment', 'web', '-n', 'NS']}],
  ['patch: a YAML patch is read the same way',
    {setup: [['create', 'deployment', 'web', '--image=nginx', '--replicas=0', '-n', 'NS']],
      args: ['patch', 'deployment', 'web', '-n', 'NS', '-p', 'spec: {paused: yes, revisionHistoryLimit: 010, minReadySeconds: 0x10}'],
      objects: ['get', 'deployment', 'web', '-n', 'NS']}],
  ['an unquoted yes where a string is meant: the server\'s error',
    {args: ['apply', '-f', '-', '-n', 'NS'], stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n  debug: yes\n', objects: ['get', 'configmaps', '-n', 'NS', '--field-selector=metadata.name=flags']}],
  ['an unquoted 0644 where a string is meant: the server\'s error',
    {args: ['create', '-f', '-', '-n', 'NS'], stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: modes\ndata:\n  mode: 0644\n'}],
  ['.inf cannot be JSON', {args: ['apply', '-f', '-', '-n', 'NS'], stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inf\n  annotations: {x: .inf}\n'}],
])

describe('the hint after a YAML 1.1 surprise', () => {
  const haveKubectl = requireKubectl('YAML 1.1 hint')
  let sb: TestSandbox | undefined
  beforeAll(async () => {
    sb = await startTestSandbox({nodes: 1})
  }, 120000)
  afterAll(async () => {
    await sb?.stop()
  })

  test('kubectl\'s error first, then where the boolean is and how to keep it a string', async () => {
    const file = path.join(sb!.home, 'flags.yaml')
    fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n  verbose: "true"\n  debug: yes\n')
    const r = await sb!.kctl(['apply', '-f', file])
    const error = `Error from server (BadRequest): error when creating "${file}": ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal bool into Go struct field ConfigMap.data of type string\n`
    expect(r).toEqual({stdout: '', stderr: `${error}hint: ${file}:7: YAML reads an unquoted yes as a boolean; quote it ("yes") where a string is meant\n`, code: 1})
    if (!haveKubectl) return
    const theirs = await sb!.kubectl(['apply', '-f', file])
    expect(theirs).toEqual({stdout: '', stderr: error, code: 1})
  })

  test('from stdin (no line to point at): the same advice in general words', async () => {
    const r = await sb!.kctl(['create', '-f', '-'], {stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: modes\ndata:\n  mode: 0644\n'})
    expect(r.stderr.split('\n').slice(1)).toEqual(['hint: STDIN: YAML reads unquoted numbers (and 0644 as octal) as numbers; quote the value where a string is meant', ''])
    expect(r.code).toBe(1)
  })
})
