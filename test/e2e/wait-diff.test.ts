// Differential cases for `wait` (kubectl vs kctl on one sandbox, each in its own namespace).
import {describeDifferential, type DiffCase} from '../helpers/diff.js'

const dropKlog = (s: string) => s.split('\n').filter((l) => !/^(<klog> |[IWE]\d{4} )/.test(l)).join('\n')
const cm = (name: string) => ['create', 'configmap', name, '--from-literal=a=1', '-n', 'NS']
const w = (...a: string[]) => ['wait', ...a, '-n', 'NS']

const cases: [string, DiffCase][] = [
  ['wait: jsonpath value met', {setup: [cm('c1')], args: w('cm/c1', '--for=jsonpath={.data.a}=1')}],
  ['wait: jsonpath exists, --all', {setup: [cm('c1'), cm('c2')], args: w('cm', '--all', '--for=jsonpath={.data.a}', '--timeout=2s')}],
  ['wait: jsonpath times out', {setup: [cm('c1')], args: w('cm/c1', '--for=jsonpath={.data.a}=2', '--timeout=1s')}],
  ['wait: second object times out', {setup: [cm('c1'), ['create', 'configmap', 'c2', '-n', 'NS']], args: w('cm', 'c1', 'c2', '--for=jsonpath={.data.a}=1', '--timeout=1s')}],
  ['wait: condition times out', {setup: [cm('c1')], args: w('cm/c1', '--for=condition=Ready', '--timeout=1s')}],
  ['wait: condition on a missing object', {args: w('cm/nope', '--for=condition=Ready', '--timeout=1s')}],
  ['wait: delete of a missing object', {args: w('cm/nope', '--for=delete', '--timeout=1s')}],
  // kubectl's informer may log a klog warning when its 1s watch ends early; that line is not part of the contract
  ['wait: delete times out', {setup: [cm('c1')], args: w('cm/c1', '--for=delete', '--timeout=1s'), normalize: dropKlog}],
  ['wait: delete, selector matches nothing', {args: w('cm', '-l', 'x=y', '--for=delete', '--timeout=1s')}],
  ['wait: create', {setup: [cm('c1')], args: w('cm/c1', '--for=create')}],
  ['wait: -o name', {setup: [cm('c1')], args: w('cm/c1', '--for=create', '-o', 'name')}],
  ['wait: no --for', {setup: [cm('c1')], args: w('cm/c1')}],
  ['wait: unknown --for', {args: w('cm/c1', '--for=foo')}],
  ['wait: no resources', {args: w('--for=condition=Ready', '--timeout=1s')}],
  ['wait: deployment Available', {setup: [['create', 'deployment', 'web', '--image=nginx', '-n', 'NS'], ['rollout', 'status', 'deploy/web', '--timeout=60s', '-n', 'NS']], args: w('deploy/web', '--for=condition=Available', '--timeout=30s')}],
]

describeDifferential('wait: kubectl vs kctl', cases, {nodes: 1, timeoutMs: 90000})
