// Differential cases for `rollout` (kubectl vs kctl on one sandbox, each in its own namespace). Cases wait for the
// rollout first (setup) so the status lines do not depend on timing.
import {describeDifferential, type DiffCase} from '../helpers/diff.js'

const deploy = (name: string) => ['create', 'deployment', name, '--image', 'nginx', '-n', 'NS']
const settled = (name: string) => ['rollout', 'status', `deploy/${name}`, '--timeout=60s', '-n', 'NS']
const image = (name: string, img: string) => ['patch', 'deploy', name, '-p', `{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"${img}"}]}}}}`, '-n', 'NS']
const r = (...a: string[]) => ['rollout', ...a, '-n', 'NS']
const cm = ['create', 'configmap', 'x', '-n', 'NS']
const twoRevisions = [deploy('web'), settled('web'), image('web', 'nginx:1.27'), settled('web')]

const cases: [string, DiffCase][] = [
  // status
  ['status: rolled out', {setup: [deploy('web'), settled('web')], args: r('status', 'deploy', 'web')}],
  ['status: type/name, --watch=false', {setup: [deploy('web'), settled('web')], args: r('status', 'deployment/web', '--watch=false')}],
  ['status: every deployment', {setup: [deploy('a'), deploy('b'), settled('a'), settled('b')], args: r('status', 'deploy')}],
  ['status: not found', {args: r('status', 'deploy', 'nope')}],
  ['status: no resource', {args: r('status')}],
  ['status: no status viewer', {setup: [cm], args: r('status', 'cm', 'x')}],
  ['status: wrong revision', {setup: [deploy('web'), settled('web')], args: r('status', 'deploy/web', '--revision=7')}],
  ['status: one missing', {setup: [deploy('web'), settled('web')], args: r('status', 'deploy/web', 'deploy/nope')}],
  // restart / pause / resume
  ['restart: deployment', {setup: [deploy('web')], args: r('restart', 'deploy', 'web')}],
  ['restart: -o name by selector', {setup: [deploy('web'), ['label', 'deploy', 'web', 'tier=fe', '-n', 'NS']], args: r('restart', 'deploy', '-l', 'tier=fe', '-o', 'name')}],
  ['restart: not supported', {setup: [cm], args: r('restart', 'cm', 'x')}],
  ['restart: paused', {setup: [deploy('web'), r('pause', 'deploy/web')], args: r('restart', 'deploy/web')}],
  ['restart: not found', {args: r('restart', 'deploy', 'nope')}],
  ['restart: no resource', {args: r('restart')}],
  ['pause: deployment', {setup: [deploy('web')], args: r('pause', 'deploy/web'), objects: ['get', 'deploy', 'web', '-n', 'NS', '-o', 'jsonpath={.spec.paused}']}],
  ['pause: already paused', {setup: [deploy('web'), r('pause', 'deploy/web')], args: r('pause', 'deploy/web')}],
  ['resume: paused deployment', {setup: [deploy('web'), r('pause', 'deploy/web')], args: r('resume', 'deploy/web'), objects: ['get', 'deploy', 'web', '-n', 'NS', '-o', 'jsonpath={.spec.paused}']}],
  ['resume: not paused', {setup: [deploy('web')], args: r('resume', 'deploy/web')}],
  // history
  ['history: one revision', {setup: [deploy('web'), settled('web')], args: r('history', 'deploy', 'web')}],
  ['history: two revisions', {setup: twoRevisions, args: r('history', 'deploy/web')}],
  ['history: every deployment', {setup: [deploy('a'), deploy('b'), settled('a'), settled('b')], args: r('history', 'deploy')}],
  ['history: one revision in detail', {setup: twoRevisions, args: r('history', 'deploy/web', '--revision=1'), normalize: (s) => s.replace(/pod-template-hash=\w+/g, 'pod-template-hash=HASH')}],
  ['history: missing revision', {setup: [deploy('web'), settled('web')], args: r('history', 'deploy/web', '--revision=9')}],
  ['history: not supported', {setup: [cm], args: r('history', 'cm', 'x')}],
  ['history: not found', {args: r('history', 'deploy', 'nope')}],
  // undo
  ['undo: previous revision', {setup: twoRevisions, args: r('undo', 'deploy/web'), objects: ['get', 'deploy', 'web', '-n', 'NS', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']}],
  ['undo: to a revision', {setup: twoRevisions, args: r('undo', 'deploy/web', '--to-revision=1'), objects: ['get', 'deploy', 'web', '-n', 'NS', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']}],
  ['undo: already at revision', {setup: twoRevisions, args: r('undo', 'deploy/web', '--to-revision=2')}],
  ['undo: unknown revision', {setup: twoRevisions, args: r('undo', 'deploy/web', '--to-revision=9')}],
  ['undo: no history', {setup: [deploy('web'), settled('web')], args: r('undo', 'deploy/web')}],
  ['undo: paused', {setup: [deploy('web'), r('pause', 'deploy/web')], args: r('undo', 'deploy/web')}],
  ['undo: client dry run prints the template', {setup: twoRevisions, args: r('undo', 'deploy/web', '--dry-run=client'), normalize: (s) => s.replace(/pod-template-hash=\w+/g, 'pod-template-hash=HASH')}],
  ['undo: server dry run', {setup: twoRevisions, args: r('undo', 'deploy/web', '--dry-run=server'), objects: ['get', 'deploy', 'web', '-n', 'NS', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']}],
]

describeDifferential('rollout: kubectl vs kctl', cases, {nodes: 2, timeoutMs: 120000})
