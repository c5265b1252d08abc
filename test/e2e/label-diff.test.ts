// Differential cases for label and annotate (kubectl vs kctl on one sandbox, each in its own namespace).
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {describeDifferential, type DiffCase} from '../helpers/diff.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-label-'))
const cmFile = path.join(dir, 'cm.yaml')
fs.writeFileSync(cmFile, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c1\n  labels:\n    app: web\ndata:\n  k: v\n')

const cm = (name: string, extra: string[] = []) => ['create', 'configmap', name, '-n', 'NS', ...extra]
const deploy = (name: string) => ['create', 'deployment', name, '--image', 'nginx', '-n', 'NS']
const lbl = (...a: string[]) => ['label', ...a, '-n', 'NS']
const ann = (...a: string[]) => ['annotate', ...a, '-n', 'NS']
const getCm = (name = 'c1') => ['get', 'cm', name, '-n', 'NS']

const cases: [string, DiffCase][] = [
  // label
  ['label: add', {setup: [deploy('web')], args: lbl('deploy', 'web', 'tier=fe'), objects: ['get', 'deploy', 'web', '-n', 'NS']}],
  ['label: type/name form', {setup: [cm('c1')], args: lbl('cm/c1', 'a=1', 'b=2'), objects: getCm()}],
  ['label: same value is not labeled', {setup: [cm('c1'), lbl('cm', 'c1', 'a=1')], args: lbl('cm', 'c1', 'a=1')}],
  ['label: overwrite refused', {setup: [cm('c1'), lbl('cm', 'c1', 'a=1')], args: lbl('cm', 'c1', 'a=2'), objects: getCm()}],
  ['label: --overwrite', {setup: [cm('c1'), lbl('cm', 'c1', 'a=1')], args: lbl('cm', 'c1', 'a=2', '--overwrite'), objects: getCm()}],
  ['label: remove key-', {setup: [cm('c1'), lbl('cm', 'c1', 'a=1', 'b=1')], args: lbl('cm', 'c1', 'a-'), objects: getCm()}],
  ['label: remove missing key', {setup: [cm('c1'), lbl('cm', 'c1', 'a=1')], args: lbl('cm', 'c1', 'a-', 'zz-'), objects: getCm()}],
  ['label: remove from unlabeled object', {setup: [cm('c1')], args: lbl('cm', 'c1', 'zz-'), objects: getCm()}],
  ['label: remove with --overwrite', {setup: [cm('c1'), lbl('cm', 'c1', 'a=1')], args: lbl('cm', 'c1', 'a-', '--overwrite')}],
  ['label: client dry run', {setup: [cm('c1')], args: lbl('cm', 'c1', 'a=1', '--dry-run=client'), objects: getCm()}],
  ['label: server dry run', {setup: [cm('c1')], args: lbl('cm', 'c1', 'a=1', '--dry-run=server'), objects: getCm()}],
  ['label: -o yaml', {setup: [cm('c1', ['--from-literal=k=v'])], args: lbl('cm', 'c1', 'a=1', '-o', 'yaml'), normalize: (s) => s.replace(/resourceVersion: "\d+"/g, 'RV').replace(/uid: \S+/g, 'UID').replace(/creationTimestamp: \S+/g, 'TS')}],
  ['label: -o json client dry run', {setup: [cm('c1')], args: lbl('cm', 'c1', 'a=1', '--dry-run=client', '-o', 'json'), normalize: (s) => s.replace(/"resourceVersion": "\d+"/g, 'RV').replace(/"uid": "\S+"/g, 'UID').replace(/"creationTimestamp": "\S+"/g, 'TS')}],
  ['label: -o name --all', {setup: [cm('c1'), cm('c2')], args: lbl('cm', '--all', 'x=1', '-o', 'name')}],
  ['label: --all', {setup: [cm('c1'), cm('c2')], args: lbl('cm', '--all', 'x=1'), objects: ['get', 'cm', '-n', 'NS']}],
  ['label: -l selector', {setup: [cm('c1'), cm('c2'), lbl('cm', 'c1', 'app=web')], args: lbl('cm', '-l', 'app=web', 'x=1'), objects: ['get', 'cm', '-n', 'NS']}],
  ['label: selector matches nothing', {setup: [cm('c1')], args: lbl('cm', '-l', 'app=none', 'x=1')}],
  ['label: --all with -l', {args: lbl('cm', '--all', '-l', 'a=b', 'x=1')}],
  ['label: several names', {setup: [cm('c1'), cm('c2')], args: lbl('cm', 'c1', 'c2', 'x=1')}],
  ['label: not found', {args: lbl('cm', 'nope', 'x=1')}],
  ['label: one found, one missing', {setup: [cm('c1')], args: lbl('cm/c1', 'cm/nope', 'x=1'), objects: getCm()}],
  ['label: unknown type', {args: lbl('foo', 'x', 'x=1')}],
  ['label: no resources', {args: lbl()}],
  ['label: no changes', {setup: [cm('c1')], args: lbl('cm', 'c1')}],
  ['label: type without name', {args: lbl('cm', 'x=1')}],
  ['label: resource after change', {args: lbl('cm', 'c1', 'x=1', 'c2')}],
  ['label: invalid spec', {args: lbl('cm', 'c1', 'a==1')}],
  ['label: modify and remove', {args: lbl('cm', 'c1', 'a=1', 'a-')}],
  ['label: invalid key rejected by server', {setup: [cm('c1')], args: lbl('cm', 'c1', 'bad key=1')}],
  ['label: --list', {setup: [cm('c1'), lbl('cm', 'c1', 'a=1')], args: lbl('cm', 'c1', '--list')}],
  ['label: --list several', {setup: [cm('c1'), cm('c2'), lbl('cm', 'c1', 'a=1'), lbl('cm', 'c2', 'a=2')], args: lbl('cm', '-l', 'a', '--list')}],
  ['label: --resource-version conflict', {setup: [cm('c1')], args: lbl('cm', 'c1', 'x=1', '--resource-version=1')}],
  ['label: --local without -f', {args: lbl('cm', 'c1', 'x=1', '--local')}],
  ['label: --local -f -o yaml', {args: lbl('-f', cmFile, 'x=1', '--local', '-o', 'yaml')}],
  ['label: -f', {setup: [['apply', '-f', cmFile, '-n', 'NS']], args: lbl('-f', cmFile, 'x=1'), objects: getCm()}],
  ['label: node', {args: ['label', 'node', 'nope-node', 'x=1']}],
  // annotate
  ['annotate: add', {setup: [cm('c1')], args: ann('cm', 'c1', 'description=my frontend'), objects: getCm()}],
  ['annotate: same value again', {setup: [cm('c1'), ann('cm', 'c1', 'a=1')], args: ann('cm', 'c1', 'a=1')}],
  ['annotate: overwrite refused', {setup: [cm('c1'), ann('cm', 'c1', 'a=1', 'b=1')], args: ann('cm', 'c1', 'a=2')}],
  ['annotate: --overwrite', {setup: [cm('c1'), ann('cm', 'c1', 'a=1')], args: ann('cm', 'c1', 'a=2', '--overwrite'), objects: getCm()}],
  ['annotate: remove and missing', {setup: [cm('c1'), ann('cm', 'c1', 'a=1')], args: ann('cm', 'c1', 'a-', 'b-'), objects: getCm()}],
  ['annotate: value with =', {setup: [cm('c1')], args: ann('cm', 'c1', 'a==2', 'u=http://x/?q=1'), objects: getCm()}],
  ['annotate: change-cause always overwritable', {setup: [cm('c1'), ann('cm', 'c1', 'kubernetes.io/change-cause=one')], args: ann('cm', 'c1', 'kubernetes.io/change-cause=two'), objects: getCm()}],
  ['annotate: client dry run -o name', {setup: [cm('c1')], args: ann('cm', 'c1', 'a=1', '--dry-run=client', '-o', 'name'), objects: getCm()}],
  ['annotate: server dry run', {setup: [cm('c1')], args: ann('cm', 'c1', 'a=1', '--dry-run=server'), objects: getCm()}],
  ['annotate: --all', {setup: [cm('c1'), cm('c2')], args: ann('cm', '--all', 'a=1')}],
  ['annotate: not found', {args: ann('cm', 'nope', 'a=1')}],
  ['annotate: no changes', {args: ann('cm', 'c1')}],
  ['annotate: no resources', {args: ann()}],
  ['annotate: modify and remove', {args: ann('cm', 'c1', 'a=1', 'a-')}],
  ['annotate: --list', {setup: [cm('c1'), ann('cm', 'c1', 'a=1')], args: ann('cm', 'c1', '--list')}],
  ['annotate: several names, one missing', {setup: [cm('c1')], args: ann('cm', 'c1', 'nope', 'a=1')}],
]

describeDifferential('label, annotate: kubectl vs kctl', cases, {nodes: 1})
