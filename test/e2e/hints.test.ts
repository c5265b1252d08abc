// kctl's hints for the learners' classic mistakes, end to end: the real CLI against a sandbox, asserting the whole
// stderr (kubectl's message first, then exactly one `hint:` line), stdout and exit code; and, where kubectl is present,
// that the same argv through kubectl (same sandbox, its own namespace) prints the same minus the hint line. The runs
// happen in a work directory so that files are named as the user typed them (relative paths).
import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {BIN, haveKubectl, requireKubectl, runProcess, type RunResult} from '../helpers/cli.js'
import {startTestSandbox, type TestSandbox} from '../helpers/sandbox.js'

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-hints-'))
const write = (name: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(work, name)), {recursive: true})
  fs.writeFileSync(path.join(work, name), text)
  return name
}

const DEPLOYMENT = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
`
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: dev\n'

const files = {
  specUnderMetadata: write('bad-spec.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\n  spec:\n    replicas: 1\n'),
  // The mistake in the second document of a file under a directory: the hint names the file's own line (12).
  specInSecondDoc: write('manifests/app.yaml', `${CONFIGMAP}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\n  spec:\n    replicas: 1\n`),
  portTypo: write('port-typo.yaml', DEPLOYMENT('typo').replace('- containerPort: 80', '- containerPort :80')),
  syntax: write('syntax.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: {}\n'),
  syntaxInSecondDoc: write('two.yaml', `${CONFIGMAP}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  labels: {a: b\n`),
  secretSyntax: write('secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\ndata:\n  password: c2VjcmV0\n   token: dG9rZW4=\n'),
  secretQuote: write('secret-quote.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  password: "hunter2\n'),
}

const SPEC_HINT = '"spec" is indented under "metadata"; move it back to the top level (same indentation as "metadata")'
const SPEC_ERROR = (file: string) => `Error from server (BadRequest): error when creating "${file}": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "metadata.spec"\n`

let sb: TestSandbox
const kubectlHere = haveKubectl()

function env(): NodeJS.ProcessEnv {
  return {PATH: process.env.PATH, HOME: sb.home, KUBECONFIG: sb.kubeconfig, LANG: 'C.UTF-8', TERM: 'dumb'}
}
const kctl = (args: string[], stdin?: string) => runProcess(process.execPath, [BIN, ...args], env(), {cwd: work, stdin})
const kubectl = (args: string[], stdin?: string) => runProcess('kubectl', args, env(), {cwd: work, stdin})

const withoutHint = (stderr: string) => stderr.split('\n').filter((l) => !l.startsWith('hint: ')).join('\n')
const hintLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('hint: '))

interface Case {
  args: string[]
  setup?: string[][]
  stdin?: string
}

/**
 * Runs a case through kctl in one namespace and, when kubectl is present, through kubectl in another; kctl's result
 * comes back with namespace names replaced by NS, and kubectl's is already compared with it (hint lines aside).
 */
async function run(c: Case): Promise<RunResult> {
  const sub = (argv: string[], ns: string) => argv.map((a) => (a === 'NS' ? ns : a))
  const nsC = await sb.namespace('hint-c')
  for (const s of c.setup ?? []) {
    const r = await sb.kctl(sub(s, nsC))
    if (r.code !== 0) throw new Error(`setup ${s.join(' ')}: ${r.stderr}`)
  }
  const mine = await kctl(sub(c.args, nsC), c.stdin)
  const norm = (r: RunResult, ns: string) => ({stdout: r.stdout.split(ns).join('NS'), stderr: r.stderr.split(ns).join('NS'), code: r.code})
  const m = norm(mine, nsC)
  if (kubectlHere) {
    const nsK = await sb.namespace('hint-k')
    for (const s of c.setup ?? []) {
      const r = await sb.kubectl(sub(s, nsK))
      if (r.code !== 0) throw new Error(`setup ${s.join(' ')}: ${r.stderr}`)
    }
    const k = norm(await kubectl(sub(c.args, nsK), c.stdin), nsK)
    expect({stdout: m.stdout, stderr: withoutHint(m.stderr), code: m.code}).toEqual(k)
  }
  return m
}

beforeAll(async () => {
  requireKubectl('hints: kctl minus its hint line equals kubectl')
  sb = await startTestSandbox({nodes: 1})
}, 120000)

afterAll(async () => {
  await sb?.stop()
  fs.rmSync(work, {recursive: true, force: true})
})

describe('the five mistakes: kubectl\'s message and exit code, then one hint line', () => {
  test('spec under metadata: the file as typed, its line, and where spec belongs', async () => {
    const r = await run({args: ['apply', '-f', files.specUnderMetadata, '-n', 'NS']})
    expect(r).toEqual({stdout: '', stderr: `${SPEC_ERROR('bad-spec.yaml')}hint: bad-spec.yaml:5: ${SPEC_HINT}\n`, code: 1})
  }, 60000)

  test('spec under metadata in the second document of manifests/app.yaml: the first is applied, the hint names line 12', async () => {
    const r = await run({args: ['apply', '-f', files.specInSecondDoc, '-n', 'NS']})
    expect(r).toEqual({stdout: 'configmap/settings created\n', stderr: `${SPEC_ERROR('manifests/app.yaml')}hint: manifests/app.yaml:12: ${SPEC_HINT}\n`, code: 1})
  }, 60000)

  test('containerPort :80: the line, and the mapping it should be', async () => {
    const r = await run({args: ['apply', '-f', files.portTypo, '-n', 'NS']})
    expect(r).toEqual({
      stdout: '',
      stderr: 'Error from server (BadRequest): error when creating "port-typo.yaml": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.ports of type v1.ContainerPort\n'
        + 'hint: port-typo.yaml:21: "containerPort :80" is a string; write "containerPort: 80" (the colon goes right after the key)\n',
      code: 1,
    })
  }, 60000)

  test('--type=Nodeport: did you mean NodePort', async () => {
    const r = await run({setup: [['create', 'deployment', 'web', '--image', 'nginx', '-n', 'NS']], args: ['expose', 'deployment', 'web', '--type=Nodeport', '--port', '80', '-n', 'NS']})
    expect(r).toEqual({
      stdout: '',
      stderr: 'The Service "web" is invalid: spec.type: Unsupported value: "Nodeport": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"\n'
        + 'hint: did you mean --type=NodePort? (service types are case-sensitive)\n',
      code: 1,
    })
  }, 60000)

  test('scale deploy NAME when run made a Pod NAME: create a Deployment instead', async () => {
    const r = await run({setup: [['run', 'nginx-app', '--image', 'nginx', '-n', 'NS']], args: ['scale', 'deploy', 'nginx-app', '--replicas=2', '-n', 'NS']})
    expect(r).toEqual({
      stdout: '',
      stderr: 'error: no objects passed to scale deployments.apps "nginx-app" not found\n'
        + 'hint: "nginx-app" is a Pod, not a Deployment (kctl run creates a single Pod, which cannot be scaled); to get a Deployment you can scale: kctl create deployment nginx-app --image nginx\n',
      code: 1,
    })
  }, 60000)

  test('a YAML syntax error: kubectl\'s go-yaml message, then file:line:column and the line', async () => {
    const r = await run({args: ['apply', '-f', files.syntax, '-n', 'NS']})
    expect(r).toEqual({
      stdout: '',
      stderr: 'error: error parsing syntax.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key\n'
        + 'hint: syntax.yaml:5:2: bad indentation of a mapping entry: " data: {}"\n',
      code: 1,
    })
  }, 60000)
})

describe('where the hint goes, and where it does not', () => {
  test('--no-hints: kubectl\'s output only', async () => {
    const r = await kctl(['apply', '-f', files.specUnderMetadata, '-n', 'default', '--no-hints'])
    expect(r).toEqual({stdout: '', stderr: SPEC_ERROR('bad-spec.yaml'), code: 1})
  }, 60000)

  test('-o json (output for machines): no hint, same as kubectl', async () => {
    const spec = await run({args: ['apply', '-f', files.specUnderMetadata, '-o', 'json', '-n', 'NS']})
    expect(spec).toEqual({stdout: '', stderr: SPEC_ERROR('bad-spec.yaml'), code: 1})
    const syntax = await run({args: ['apply', '-f', files.syntax, '-o', 'json', '-n', 'NS']})
    expect(syntax).toEqual({stdout: '', stderr: 'error: error parsing syntax.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key\n', code: 1})
    const scale = await run({setup: [['run', 'nginx-app', '--image', 'nginx', '-n', 'NS']], args: ['scale', 'deploy', 'nginx-app', '--replicas=2', '-o', 'name', '-n', 'NS']})
    expect(hintLines(scale.stderr)).toEqual([])
  }, 60000)

  test('a syntax error in the second document: kubectl\'s line counts from the document, the hint\'s from the file', async () => {
    const r = await run({args: ['apply', '-f', files.syntaxInSecondDoc, '-n', 'NS']})
    expect(r).toEqual({
      stdout: 'configmap/settings created\n',
      stderr: 'error: error parsing two.yaml: error converting YAML to JSON: yaml: line 5: did not find expected \',\' or \'}\'\n'
        + 'hint: two.yaml:12:11: this \'{\' is never closed: "  labels: {a: b"\n',
      code: 1,
    })
  }, 60000)

  test('a syntax error read from stdin (-f -): STDIN and the stream\'s own line', async () => {
    const r = await run({args: ['apply', '-f', '-', '-n', 'NS'], stdin: `${CONFIGMAP}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: {}\n`})
    expect(r).toEqual({
      stdout: 'configmap/settings created\n',
      stderr: 'error: error parsing STDIN: error converting YAML to JSON: yaml: line 4: did not find expected key\n'
        + 'hint: STDIN:12:2: bad indentation of a mapping entry: " data: {}"\n',
      code: 1,
    })
  }, 60000)

  test('a syntax error in a Secret: the hint names the key, never the value', async () => {
    const r = await run({args: ['apply', '-f', files.secretSyntax, '-n', 'NS']})
    expect(r).toEqual({
      stdout: '',
      stderr: 'error: error parsing secret.yaml: error converting YAML to JSON: yaml: line 7: mapping values are not allowed in this context\n'
        + 'hint: secret.yaml:7:9: a ": " where no key can start (check the indentation of this line, or quote a value holding ": "): "   token: …" (the value is not shown: it is in a Secret)\n',
      code: 1,
    })
    const quote = await run({args: ['apply', '-f', files.secretQuote, '-n', 'NS']})
    expect(quote).toEqual({
      stdout: '',
      stderr: 'error: error parsing secret-quote.yaml: error converting YAML to JSON: yaml: line 7: found unexpected end of stream\n'
        + 'hint: secret-quote.yaml:6:13: this double-quoted value is never closed: "  password: …" (the value is not shown: it is in a Secret)\n',
      code: 1,
    })
    for (const secret of ['c2VjcmV0', 'dG9rZW4', 'hunter2']) expect(r.stderr + quote.stderr).not.toContain(secret)
  }, 60000)
})
