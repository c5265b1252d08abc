// `kctl run`: the Pod (and with --expose the Service) kubectl's run generator builds, created with fieldManager
// kubectl-run; the same validation messages.
import {KctlError, UsageError} from '../cli/errors.js'
import type {KubeClient} from '../client/index.js'
import {dryRunSuffix, type DryRun} from '../nodes/select.js'
import {printMutations, type Mutation} from '../cli/output.js'
import {applyOverrides, parseLabelSpec} from '../expose/expose.js'
import type {IO} from '../cli/io.js'

/** Options of `kctl run`. */
export interface RunOptions {
  name: string
  image: string
  port?: string
  env: string[]
  labels?: string
  annotations: string[]
  restart: 'Always' | 'OnFailure' | 'Never'
  imagePullPolicy?: string
  command: boolean
  args: string[]
  overrides?: string
  overrideType: 'json' | 'merge' | 'strategic'
  expose: boolean
  privileged: boolean
  stdin: boolean
  tty: boolean
  attach: boolean
  rm: boolean
  dryRun: DryRun
  output?: string
  fieldManager: string
  /** -q: no prompt lines while attached. */
  quiet?: boolean
}

// Docker's reference grammar (distribution/reference): [domain/]path[:tag][@digest], path components lowercase.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*'
const DOMAIN = '(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?'
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`)

/** True when the image name is a valid docker reference, as kubectl checks before creating anything. */
export function validImageReference(image: string): boolean {
  if (image.length > 255) return false
  return REFERENCE.test(image)
}

/** Flags, the NAME positional and the words after `--` → options, with kubectl's messages. */
export function runOptions(positionals: string[], dashArgs: string[], f: Record<string, any>, dryRun: DryRun): RunOptions {
  const name = positionals[0]
  if (!name) throw new UsageError('NAME is required for run')
  // kubectl takes words after NAME (before --) as args too.
  const args = [...positionals.slice(1), ...dashArgs]
  if (f.image === undefined) throw new KctlError('required flag(s) "image" not set')
  if (f.image === '') throw new KctlError('--image is required')
  if (!validImageReference(f.image)) throw new KctlError(`Invalid image name "${f.image}": invalid reference format`)
  const stdin = Boolean(f.stdin)
  const tty = Boolean(f.tty)
  if (tty && !stdin) throw new UsageError('-i/--stdin is required for containers with -t/--tty=true')
  const attach = f.attach ?? stdin
  if (f.rm && !attach) throw new UsageError('--rm should only be used for attached containers')
  if (dryRun !== 'none' && (attach || stdin || tty)) throw new UsageError(`--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)`)
  let restart = f.restart
  if (restart === undefined || restart === '') restart = f.restart === '' && stdin ? 'OnFailure' : 'Always'
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw new UsageError(`invalid restart policy: ${restart}`)
  if (f['image-pull-policy'] && !['Always', 'IfNotPresent', 'Never'].includes(f['image-pull-policy'])) {
    throw new KctlError(`invalid image pull policy: ${f['image-pull-policy']}`)
  }
  if (f.expose && !f.port) throw new UsageError('--port must be set when exposing a service')
  for (const e of f.env ?? []) {
    const eq = e.indexOf('=')
    if (eq <= 0) throw new KctlError(`invalid env: ${e}`)
  }
  if (f.port !== undefined && !/^\d+$/.test(f.port)) throw new KctlError(`strconv.Atoi: parsing "${f.port}": invalid syntax`)
  return {
    name, image: f.image, port: f.port, env: f.env ?? [], labels: f.labels, annotations: f.annotations ?? [], restart,
    imagePullPolicy: f['image-pull-policy'], command: Boolean(f.command), args, overrides: f.overrides, overrideType: f['override-type'] ?? 'merge',
    expose: Boolean(f.expose), privileged: Boolean(f.privileged), stdin, tty, attach, rm: Boolean(f.rm), dryRun, output: f.output,
    fieldManager: f['field-manager'] ?? 'kubectl-run',
  }
}

/** The Pod kubectl's run generator builds, with keys in Go struct order (kubectl prints typed objects that way). */
export function buildPod(o: RunOptions): any {
  const labels = o.labels ? parseLabelSpec(o.labels) : {run: o.name}
  const container: any = {name: o.name, image: o.image}
  if (o.args.length > 0) container[o.command ? 'command' : 'args'] = o.args
  if (o.port) container.ports = [{containerPort: Number(o.port)}]
  if (o.env.length > 0) {
    container.env = o.env.map((e) => {
      const eq = e.indexOf('=')
      return {name: e.slice(0, eq), value: e.slice(eq + 1)}
    })
  }
  container.resources = {}
  if (o.imagePullPolicy) container.imagePullPolicy = o.imagePullPolicy
  if (o.privileged) container.securityContext = {privileged: true}
  if (o.stdin) {
    container.stdin = true
    container.stdinOnce = true
  }
  if (o.tty) container.tty = true
  const annotations: Record<string, string> = {}
  for (const a of o.annotations) {
    const eq = a.indexOf('=')
    if (eq <= 0) throw new KctlError(`invalid annotation spec: ${a}`)
    annotations[a.slice(0, eq)] = a.slice(eq + 1)
  }
  const pod: any = {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {name: o.name, creationTimestamp: null, labels, ...(Object.keys(annotations).length > 0 ? {annotations} : {})},
    spec: {containers: [container], restartPolicy: o.restart, dnsPolicy: 'ClusterFirst'},
    status: {},
  }
  return o.overrides ? applyOverrides(pod, o.overrides, o.overrideType) : pod
}

/** The Service `run --expose` builds: the user's labels only, selector = the pod's labels. */
export function buildRunService(o: RunOptions): any {
  const selector = o.labels ? parseLabelSpec(o.labels) : {run: o.name}
  const port = Number(o.port)
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: {name: o.name, creationTimestamp: null, ...(o.labels ? {labels: parseLabelSpec(o.labels)} : {})},
    spec: {ports: [{protocol: 'TCP', port, targetPort: port}], selector},
    status: {loadBalancer: {}},
  }
}

/** Creates (or, with --dry-run=client, only prints) the Pod and optional Service. */
export async function runRun(client: KubeClient, o: RunOptions, out: (s: string) => void, io?: IO, podRunningTimeoutMs = 60000): Promise<void> {
  const namespace = client.namespace
  const results: Mutation[] = []
  const podType = await client.resolve('pods')
  let svc = o.expose ? buildRunService(o) : undefined
  let pod = buildPod(o)
  const explicitNs = o.dryRun === 'client' && client.connection.namespaceExplicit
  // kubectl creates (and prints) the Service before the Pod.
  if (svc) {
    const svcType = await client.resolve('services')
    if (explicitNs) svc.metadata = insertAfterName(svc.metadata, namespace)
    if (o.dryRun !== 'client') svc = await client.create(svcType, namespace, svc, {dryRun: o.dryRun === 'server', fieldManager: o.fieldManager})
    results.push({obj: svc, type: svcType, operation: `created${dryRunSuffix(o.dryRun)}`})
  }
  if (explicitNs) pod.metadata = insertAfterName(pod.metadata, namespace)
  if (o.dryRun !== 'client') pod = await client.create(podType, namespace, pod, {dryRun: o.dryRun === 'server', fieldManager: o.fieldManager})
  results.push({obj: pod, type: podType, operation: `created${dryRunSuffix(o.dryRun)}`})
  if (o.attach && io) {
    if (svc) svc = await client.create(await client.resolve('services'), namespace, svc, {fieldManager: o.fieldManager})
    const {runAttachedPod} = await import('../attach/attach.js')
    await runAttachedPod(client, {name: o.name, namespace, stdin: o.stdin, tty: o.tty, quiet: o.quiet ?? false, rm: o.rm, restart: o.restart, podRunningTimeoutMs}, io)
    return
  }
  out(await printMutations(results, o.output))
}

/** ObjectMeta with namespace right after name (Go struct order). */
function insertAfterName(meta: any, namespace: string): any {
  const {name, ...rest} = meta
  return {name, namespace, ...rest}
}
