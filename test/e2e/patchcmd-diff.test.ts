// Differential cases for `patch` (kubectl vs kctl on one sandbox, each in its own namespace).
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {describeDifferential, type DiffCase} from '../helpers/diff.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-patch-'))
const cmFile = path.join(dir, 'cm.yaml')
fs.writeFileSync(cmFile, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c1\ndata:\n  a: "1"\n')
const patchFile = path.join(dir, 'patch.yaml')
fs.writeFileSync(patchFile, 'data:\n  fromfile: "yes"\n')

const cm = (name: string) => ['create', 'configmap', name, '--from-literal=a=1', '-n', 'NS']
const deploy = (name: string) => ['create', 'deployment', name, '--image', 'nginx', '-n', 'NS']
const p = (...a: string[]) => ['patch', ...a, '-n', 'NS']
const volatile = (s: string) => s.replace(/resourceVersion: "\d+"/g, 'RV').replace(/"resourceVersion": "\d+"/g, 'RV').replace(/uid: \S+/g, 'UID').replace(/"uid": "\S+"/g, 'UID')
  .replace(/creationTimestamp: \S+/g, 'TS').replace(/"creationTimestamp": "\S+"/g, 'TS')

const cases: [string, DiffCase][] = [
  ['patch: strategic replicas', {setup: [deploy('web')], args: p('deploy', 'web', '-p', '{"spec":{"replicas":2}}'), objects: ['get', 'deploy', 'web', '-n', 'NS', '-o', 'jsonpath={.spec.replicas}']}],
  ['patch: no change', {setup: [deploy('web'), p('deploy', 'web', '-p', '{"spec":{"replicas":2}}')], args: p('deploy', 'web', '-p', '{"spec":{"replicas":2}}')}],
  ['patch: container image by merge key', {setup: [deploy('web')], args: p('deploy/web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}', '-o', 'jsonpath={.spec.template.spec.containers[*].image}')}],
  ['patch: YAML patch', {setup: [cm('c1')], args: p('cm', 'c1', '-p', 'data:\n  b: "2"'), objects: ['get', 'cm', 'c1', '-n', 'NS']}],
  ['patch: merge -o yaml', {setup: [cm('c1')], args: p('cm', 'c1', '--type=merge', '-p', '{"data":{"a":null,"b":"2"}}', '-o', 'yaml'), normalize: volatile}],
  ['patch: json patch', {setup: [cm('c1')], args: p('cm', 'c1', '--type=json', '-p', '[{"op":"add","path":"/data/c","value":"3"}]'), objects: ['get', 'cm', 'c1', '-n', 'NS']}],
  ['patch: json patch remove missing path', {setup: [cm('c1')], args: p('cm', 'c1', '--type=json', '-p', '[{"op":"remove","path":"/data/zz"}]')}],
  ['patch: json patch not an array', {setup: [cm('c1')], args: p('cm', 'c1', '--type=json', '-p', '{"op":"remove"}')}],
  ['patch: client dry run', {setup: [cm('c1')], args: p('cm', 'c1', '--type=merge', '-p', '{"data":{"b":"2"}}', '--dry-run=client'), objects: ['get', 'cm', 'c1', '-n', 'NS']}],
  ['patch: client dry run -o json', {setup: [cm('c1')], args: p('cm', 'c1', '--type=merge', '-p', '{"data":{"b":"2"}}', '--dry-run=client', '-o', 'json'), normalize: volatile}],
  ['patch: client dry run json test fails', {setup: [cm('c1')], args: p('cm', 'c1', '--type=json', '-p', '[{"op":"test","path":"/data/a","value":"9"}]', '--dry-run=client')}],
  ['patch: server dry run -o name', {setup: [cm('c1')], args: p('cm', 'c1', '-p', '{"data":{"b":"2"}}', '--dry-run=server', '-o', 'name'), objects: ['get', 'cm', 'c1', '-n', 'NS']}],
  ['patch: server dry run', {setup: [cm('c1')], args: p('cm', 'c1', '-p', '{"data":{"b":"2"}}', '--dry-run=server')}],
  ['patch: not found', {args: p('deploy', 'nope', '-p', '{"spec":{"replicas":2}}')}],
  ['patch: several names, some missing', {setup: [cm('c1')], args: p('cm', 'c1', 'cm', 'c2', '-p', '{}')}],
  ['patch: no patch', {args: p('deploy', 'web')}],
  ['patch: patch and patch-file', {args: p('cm/c1', '-p', '{}', '--patch-file', patchFile)}],
  ['patch: patch-file', {setup: [cm('c1')], args: p('cm/c1', '--patch-file', patchFile), objects: ['get', 'cm', 'c1', '-n', 'NS']}],
  ['patch: missing patch-file', {args: p('cm/c1', '--patch-file', path.join(dir, 'nope.yaml'))}],
  ['patch: bad type', {args: p('deploy', 'web', '--type=foo', '-p', '{}')}],
  ['patch: broken JSON reaches the server', {setup: [cm('c1')], args: p('cm', 'c1', '-p', '{bad')}],
  ['patch: no resources', {args: p('-p', '{}')}],
  ['patch: type without name', {args: p('cm', '-p', '{}')}],
  ['patch: --local with resources', {args: p('cm', 'c1', '-p', '{}', '--local')}],
  ['patch: --local -f -o yaml', {args: p('-f', cmFile, '-p', '{"data":{"f":"1"}}', '--local', '-o', 'yaml')}],
  ['patch: -f', {setup: [['apply', '-f', cmFile, '-n', 'NS']], args: p('-f', cmFile, '-p', '{"data":{"f":"1"}}'), objects: ['get', 'cm', 'c1', '-n', 'NS']}],
  ['patch: scale subresource', {setup: [deploy('web')], args: p('deploy', 'web', '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":3}}'), objects: ['get', 'deploy', 'web', '-n', 'NS', '-o', 'jsonpath={.spec.replicas}']}],
  ['patch: rename refused', {setup: [cm('c1')], args: p('cm', 'c1', '-p', '{"metadata":{"name":"other"}}')}],
  ['patch: unknown flag -l', {args: p('cm', 'c1', '-l', 'a=b', '-p', '{}')}],
]

describeDifferential('patch: kubectl vs kctl', cases, {nodes: 1})
