// Differential cases for the user's own commands: run, scale, expose, apply (kubectl vs kctl on one sandbox).
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {describeDifferential, type DiffCase} from '../helpers/diff.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-manifests-'))
const manifest = (name: string, text: string) => {
  const file = path.join(dir, name)
  fs.writeFileSync(file, text)
  return file
}

const DEPLOYMENT = (replicas: number, image = 'nginx:1.27', extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-app
  labels:
    app: nginx-app
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: nginx-app
  template:
    metadata:
      labels:
        app: nginx-app
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports:
        - containerPort: 80
${extra}`

const files = {
  v1: manifest('nginx-app.yaml', DEPLOYMENT(1)),
  v2: manifest('nginx-app-v2.yaml', DEPLOYMENT(3, 'nginx:1.28', '        env:\n        - name: MODE\n          value: prod\n')),
  specUnderMetadata: manifest('bad-spec.yaml', `apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
  spec:
    replicas: 1
`),
  portTypo: manifest('port-typo.yaml', DEPLOYMENT(1).replace('- containerPort: 80', '- containerPort :80').replace('name: nginx-app\n  labels', 'name: typo\n  labels')),
  multi: manifest('multi.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: dev
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
`),
  pruneAB: manifest('prune-ab.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
  labels:
    group: p
data:
  k: v
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: b
  labels:
    group: p
data:
  k: v
`),
  pruneA: manifest('prune-a.yaml', `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
  labels:
    group: p
data:
  k: v
`),
  syntax: manifest('syntax.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: {}\n'),
}

const tree = path.join(dir, 'tree')
fs.mkdirSync(path.join(tree, 'nested'), {recursive: true})
fs.writeFileSync(path.join(tree, 'one.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  k: v\n')
fs.writeFileSync(path.join(tree, 'nested', 'two.json'), JSON.stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'two'}, data: {k: 'v'}}))
fs.writeFileSync(path.join(tree, 'notes.txt'), 'not a manifest')

const deploy = (name: string, extra: string[] = []) => ['create', 'deployment', name, '--image', 'nginx', '-n', 'NS', ...extra]

const cases: [string, DiffCase][] = [
  // run
  // The user's three lines exactly as typed: no -n (the namespace comes from each side's context), files by name.
  ['run: the user\'s line', {args: ['run', 'nginx-app', '--image', 'nginx', '--port=80'], contextNamespace: true, objects: ['get', 'pod', 'nginx-app', '-n', 'NS']}],
  ['run: env and labels', {args: ['run', 'web', '--image=nginx', '--env', 'A=1', '--env=B=two', '--labels=app=web,tier=fe', '-n', 'NS'], objects: ['get', 'pod', 'web', '-n', 'NS']}],
  ['run: client dry run yaml', {args: ['run', 'dry', '--image', 'nginx', '--port=80', '--dry-run=client', '-o', 'yaml', '-n', 'NS']}],
  ['run: client dry run json with expose', {args: ['run', 'dry', '--image', 'nginx', '--port=80', '--expose', '--dry-run=client', '-o', 'json']}],
  ['run: server dry run', {args: ['run', 'dry', '--image', 'nginx', '--dry-run=server', '-n', 'NS'], objects: ['get', 'pods', '-n', 'NS']}],
  ['run: command and args', {args: ['run', 'once', '--image', 'busybox', '--restart=Never', '--command', '-n', 'NS', '--', 'sh', '-c', 'echo hi'], objects: ['get', 'pod', 'once', '-n', 'NS', '-o', 'jsonpath={.spec}']}],
  ['run: invalid image name', {args: ['run', 'test2', '--image=InvalidImageName', '-n', 'NS']}],
  ['run: missing image', {args: ['run', 'x', '-n', 'NS']}],
  ['run: empty image', {args: ['run', 'x', '--image=', '-n', 'NS']}],
  ['run: --rm without attach', {args: ['run', 'x', '--image=nginx', '--rm', '-n', 'NS']}],
  ['run: -t without -i', {args: ['run', 'x', '--image=nginx', '-t', '-n', 'NS']}],
  ['run: --expose without --port', {args: ['run', 'x', '--image=nginx', '--expose', '-n', 'NS']}],
  ['run: --expose with --port', {args: ['run', 'x', '--image=nginx', '--port=8080', '--expose', '-n', 'NS'], objects: ['get', 'svc', 'x', '-n', 'NS']}],
  ['run: already exists', {setup: [['run', 'dup', '--image=nginx', '-n', 'NS']], args: ['run', 'dup', '--image=nginx', '-n', 'NS']}],
  ['run: bad restart policy', {args: ['run', 'x', '--image=nginx', '--restart=foo', '-n', 'NS']}],
  ['run: bad env', {args: ['run', 'x', '--image=nginx', '--env', 'WITH_OUT_EQUALS', '-n', 'NS']}],
  ['run: overrides', {args: ['run', 'ov', '--image=nginx', '--overrides={"metadata":{"annotations":{"zone":"a"}}}', '-n', 'NS'], objects: ['get', 'pod', 'ov', '-n', 'NS']}],
  ['run: -o name', {args: ['run', 'named', '--image=nginx', '-o', 'name', '-n', 'NS']}],
  ['run: pull policy and annotations', {args: ['run', 'pp', '--image=nginx', '--image-pull-policy=IfNotPresent', '--annotations=a=b', '-n', 'NS'], objects: ['get', 'pod', 'pp', '-n', 'NS']}],
  ['run: no name', {args: ['run', '--image=nginx', '-n', 'NS']}],
  // scale
  ['scale: deployment', {setup: [deploy('web')], args: ['scale', 'deploy', 'web', '--replicas=3', '-n', 'NS'], objects: ['get', 'deploy', 'web', '-n', 'NS', '-o', 'jsonpath={.spec.replicas}']}],
  ['scale: type/name to zero', {setup: [deploy('web')], args: ['scale', 'deployment/web', '--replicas=0', '-n', 'NS']}],
  ['scale: precondition mismatch', {setup: [deploy('web')], args: ['scale', 'deploy', 'web', '--current-replicas=3', '--replicas=2', '-n', 'NS']}],
  ['scale: precondition match', {setup: [deploy('web')], args: ['scale', 'deploy', 'web', '--current-replicas=1', '--replicas=2', '-n', 'NS']}],
  ['scale: not found', {args: ['scale', 'deploy', 'nope', '--replicas=2', '-n', 'NS']}],
  ['scale: the pod from run (learners\' mistake)', {setup: [['run', 'nginx-app', '--image=nginx', '-n', 'NS']], args: ['scale', 'deploy', 'nginx-app', '--replicas=2', '-n', 'NS']}],
  ['scale: negative replicas', {args: ['scale', 'deploy', 'web', '--replicas=-1', '-n', 'NS']}],
  ['scale: no replicas flag', {args: ['scale', 'deploy', 'web', '-n', 'NS']}],
  ['scale: client dry run', {setup: [deploy('web')], args: ['scale', 'deploy', 'web', '--replicas=4', '--dry-run=client', '-n', 'NS']}],
  ['scale: server dry run', {setup: [deploy('web')], args: ['scale', 'deploy', 'web', '--replicas=4', '--dry-run=server', '-n', 'NS'], objects: ['get', 'deploy', 'web', '-n', 'NS', '-o', 'jsonpath={.spec.replicas}']}],
  ['scale: by selector', {setup: [deploy('a'), deploy('b'), ['label', 'deploy', 'a', 'tier=fe', '-n', 'NS']], args: ['scale', 'deploy', '-l', 'tier=fe', '--replicas=2', '-n', 'NS']}],
  ['scale: --all', {setup: [deploy('a'), deploy('b')], args: ['scale', 'deploy', '--all', '--replicas=2', '-n', 'NS']}],
  ['scale: one found, one missing', {setup: [deploy('a')], args: ['scale', 'deploy/a', 'deploy/missing', '--replicas=2', '-n', 'NS']}],
  ['scale: a type word before TYPE/NAME (the builder\'s words)', {args: ['scale', 'deploy', 'deploy/web', '--replicas=1', '-n', 'NS']}],
  ['scale: TYPE/ without a name', {args: ['scale', 'deploy/', '--replicas=1', '-n', 'NS']}],
  ['scale: two slashes', {args: ['scale', 'a/b/c', '--replicas=1', '-n', 'NS']}],
  ['scale: -o name', {setup: [deploy('a')], args: ['scale', 'deploy', 'a', '--replicas=2', '-o', 'name', '-n', 'NS']}],
  ['scale: -f manifest', {setup: [['apply', '-f', files.v1, '-n', 'NS']], args: ['scale', '--replicas=2', '-f', files.v1, '-n', 'NS'], objects: ['get', 'deploy', 'nginx-app', '-n', 'NS', '-o', 'jsonpath={.spec.replicas}']}],
  // expose
  ['expose: -f manifest', {setup: [['apply', '-f', files.v1, '-n', 'NS']], args: ['expose', '-f', files.v1, '--port=80', '-n', 'NS'], objects: ['get', 'svc', 'nginx-app', '-n', 'NS']}],
  ['expose: the user\'s line', {setup: [deploy('nginx-app', ['--port=80'])], args: ['expose', 'deployment', 'nginx-app', '--type=NodePort'], contextNamespace: true, objects: ['get', 'svc', 'nginx-app', '-n', 'NS']}],
  ['expose: Nodeport typo', {setup: [deploy('web')], args: ['expose', 'deployment', 'web', '--type=Nodeport', '--port', '80', '-n', 'NS']}],
  ['expose: pod with port', {setup: [['run', 'p', '--image=nginx', '-n', 'NS']], args: ['expose', 'pod', 'p', '--port=444', '--name=frontend', '-n', 'NS'], objects: ['get', 'svc', 'frontend', '-n', 'NS']}],
  ['expose: target port and name', {setup: [deploy('web')], args: ['expose', 'deploy/web', '--port=80', '--target-port=8000', '--name=web-svc', '-n', 'NS'], objects: ['get', 'svc', 'web-svc', '-n', 'NS']}],
  ['expose: client dry run yaml', {setup: [deploy('web', ['--port=80'])], args: ['expose', 'deploy', 'web', '--dry-run=client', '-o', 'yaml', '-n', 'NS']}],
  ['expose: a type word before TYPE/NAME (the builder\'s words)', {args: ['expose', 'deploy', 'deploy/web', '--port=80', '-n', 'NS']}],
  ['expose: two slashes', {args: ['expose', 'a/b/c', '--port=80', '-n', 'NS']}],
  ['expose: not found', {args: ['expose', 'deploy', 'nope', '--port=80', '-n', 'NS']}],
  ['expose: no port anywhere', {setup: [deploy('web')], args: ['expose', 'deploy', 'web', '-n', 'NS']}],
  ['expose: a service', {setup: [deploy('web', ['--port=80']), ['expose', 'deploy', 'web', '-n', 'NS']], args: ['expose', 'svc', 'web', '--name=web2', '--type=LoadBalancer', '-n', 'NS'], objects: ['get', 'svc', 'web2', '-n', 'NS']}],
  ['expose: session affinity and labels', {setup: [deploy('web', ['--port=80'])], args: ['expose', 'deploy', 'web', '--session-affinity=ClientIP', '--labels=team=a', '-n', 'NS'], objects: ['get', 'svc', 'web', '-n', 'NS']}],
  // apply
  ['apply: the user\'s line (created)', {args: ['apply', '-f', 'nginx-app.yaml'], cwd: path.dirname(files.v1), contextNamespace: true, objects: ['get', 'deploy', 'nginx-app', '-n', 'NS']}],
  ['apply: unchanged', {setup: [['apply', '-f', files.v1, '-n', 'NS']], args: ['apply', '-f', files.v1, '-n', 'NS']}],
  ['apply: configured with merged containers and env', {setup: [['apply', '-f', files.v1, '-n', 'NS']], args: ['apply', '-f', files.v2, '-n', 'NS'], objects: ['get', 'deploy', 'nginx-app', '-n', 'NS']}],
  ['apply: dropped field removed live', {setup: [['apply', '-f', files.v2, '-n', 'NS']], args: ['apply', '-f', files.v1, '-n', 'NS'], objects: ['get', 'deploy', 'nginx-app', '-n', 'NS']}],
  ['apply: spec under metadata', {args: ['apply', '-f', files.specUnderMetadata, '-n', 'NS']}],
  ['apply: containerPort typo', {args: ['apply', '-f', files.portTypo, '-n', 'NS']}],
  ['apply: YAML syntax error (go-yaml\'s message and line)', {args: ['apply', '-f', files.syntax, '-n', 'NS']}],
  ['apply: client dry run', {args: ['apply', '-f', files.v1, '--dry-run=client', '-n', 'NS'], objects: ['get', 'deploy', '-n', 'NS']}],
  ['apply: server dry run', {args: ['apply', '-f', files.v1, '--dry-run=server', '-n', 'NS'], objects: ['get', 'deploy', '-n', 'NS']}],
  ['apply: server side', {args: ['apply', '--server-side', '-f', files.v1, '-n', 'NS'], objects: ['get', 'deploy', 'nginx-app', '-n', 'NS']}],
  ['apply: multi-document', {args: ['apply', '-f', files.multi, '-n', 'NS'], objects: ['get', 'cm/settings', 'svc/web', '-n', 'NS']}],
  ['apply: missing file', {args: ['apply', '-f', path.join(dir, 'nope.yaml'), '-n', 'NS']}],
  ['apply: stdin', {args: ['apply', '-f', '-', '-n', 'NS'], stdin: fs.readFileSync(files.multi, 'utf8')}],
  ['apply: no -f', {args: ['apply', '-n', 'NS']}],
  ['apply: a directory', {args: ['apply', '-f', tree, '-n', 'NS'], objects: ['get', 'configmaps', '-n', 'NS', '-o', 'name']}],
  ['apply: a directory, recursively', {args: ['apply', '-R', '-f', tree, '-n', 'NS'], objects: ['get', 'configmaps', '-n', 'NS', '-o', 'name']}],
  ['apply: prune by label', {setup: [['apply', '-f', files.pruneAB, '-n', 'NS']], args: ['apply', '--prune', '-l', 'group=p', '-f', files.pruneA, '-n', 'NS'], objects: ['get', 'configmaps', '-l', 'group=p', '-n', 'NS', '-o', 'name']}],
  ['apply: view-last-applied', {setup: [['apply', '-f', files.v1, '-n', 'NS']], args: ['apply', 'view-last-applied', 'deployment/nginx-app', '-n', 'NS']}],
  ['apply: view-last-applied as json', {setup: [['apply', '-f', files.v1, '-n', 'NS']], args: ['apply', 'view-last-applied', 'deployment', 'nginx-app', '-o', 'json', '-n', 'NS']}],
  ['create --save-config from a file: the annotation as kubectl writes it', {args: ['create', '-f', files.v1, '--save-config', '--dry-run=client', '-o', 'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}', '-n', 'NS']}],
  ['create deployment --save-config: the annotation as kubectl writes it', {args: ['create', 'deployment', 'web', '--image=nginx', '--save-config', '--dry-run=client', '-o', 'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}', '-n', 'NS']}],
  ['apply: created by create, then applied', {setup: [deploy('nginx-app')], args: ['apply', '-f', files.v1, '-n', 'NS']}],
]

describeDifferential('run, scale, expose, apply: kubectl vs kctl', cases)
