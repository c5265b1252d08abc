// `kctl create`: from manifests (-f) and from generators (deployment, namespace, service, configmap, secret).
// Generated objects are built in Go struct field order so that client dry-run JSON matches kubectl byte for byte.
import * as fs from 'node:fs'
import * as path from 'node:path'
import {AggregateKctlError, KctlError, StatusError, UsageError} from '../cli/errors.js'
import type {KubeClient, ResourceType} from '../client/index.js'
import {qualifiedKind} from '../client/discovery.js'
import {targetsFromFiles, type Target} from '../resource/builder.js'
import {withManifestHint, withSource} from '../resource/hints.js'
import {withLastApplied} from '../apply/last-applied.js'

import {parseDryRun, dryRunSuffix, type DryRun} from '../cli/dry-run.js'

export {parseDryRun, type DryRun}

/** Options shared by every create form. */
export interface CreateCommon {
  dryRun: DryRun
  output?: string
  saveConfig: boolean
  fieldManager: string
  validate: 'Strict' | 'Warn' | 'Ignore'
}


/** Parses --validate (strict|warn|ignore, true|false) into the server's fieldValidation. */
export function parseValidate(value: string | undefined): 'Strict' | 'Warn' | 'Ignore' {
  const v = (value ?? 'strict').toLowerCase()
  if (v === 'strict' || v === 'true') return 'Strict'
  if (v === 'warn') return 'Warn'
  if (v === 'ignore' || v === 'false') return 'Ignore'
  throw new KctlError(`invalid - validate option "${value}"; must be one of: strict (or true), warn, ignore (or false)`)
}

/** The common flags as options (pure). */
export function createCommon(f: Record<string, any>): CreateCommon {
  return {dryRun: parseDryRun(f['dry-run']), output: f.output || undefined, saveConfig: Boolean(f['save-config']), fieldManager: f['field-manager'] ?? 'kubectl-create', validate: parseValidate(f.validate)}
}

/** Writers for a create run. */
export interface CreateIO {
  out: (text: string) => Promise<void>
  err: (text: string) => Promise<void>
}

const suffix = dryRunSuffix

/** Prints one result: the object in the -o format, or `kind.group/name created`. */
async function printResult(obj: any, type: ResourceType, o: CreateCommon, io: CreateIO, typedOrder: boolean): Promise<void> {
  if (!o.output) {
    await io.out(`${qualifiedKind(type)}/${obj?.metadata?.name ?? ''} created${suffix(o.dryRun)}\n`)
    return
  }
  if (o.output === 'name') {
    await io.out(`${qualifiedKind(type)}/${obj?.metadata?.name ?? ''}\n`)
    return
  }
  // Client dry-run objects are Go structs in kubectl: JSON keeps field order; everything else is sorted.
  if (typedOrder && o.output === 'json') {
    await io.out(`${JSON.stringify(obj, null, 4)}\n`)
    return
  }
  const {printObjects} = await import('../printers/index.js')
  try {
    const {withoutManagedFields} = await import('../get/get.js')
    await io.out(printObjects([withoutManagedFields(obj)], o.output, {single: true}))
  } catch (error) {
    throw error instanceof KctlError ? error : new KctlError((error as Error).message)
  }
}

/** `create -f`: every object is created in order; failures are reported together at the end. */
export async function runCreateFromFiles(client: KubeClient, filenames: string[], recursive: boolean, o: CreateCommon, io: CreateIO, stdin?: () => Promise<string>): Promise<void> {
  if (filenames.length === 0) throw new KctlError('must specify one of -f and -k')
  const scope = {namespace: client.namespace, explicitNamespace: client.connection.namespaceExplicit, allNamespaces: false}
  const targets: Target[] = await targetsFromFiles(client, filenames, {recursive, stdin}, scope)
  if (targets.length === 0) throw new KctlError('no objects passed to create')
  const errors: Error[] = []
  let printed = 0
  for (const t of targets) {
    let obj = t.object
    if (t.type.namespaced && t.namespace) obj = {...obj, metadata: {...obj.metadata, namespace: t.namespace}}
    if (o.saveConfig) obj = withLastApplied(obj)
    try {
      const created = o.dryRun === 'client' ? obj : await client.create(t.type, t.namespace, obj, {dryRun: o.dryRun === 'server', fieldManager: o.fieldManager, fieldValidation: o.validate})
      // kubectl's YAML printer separates successive objects with a document marker.
      if (o.output === 'yaml' && printed > 0) await io.out('---\n')
      await printResult(created, t.type, o, io, false)
      printed++
    } catch (error) {
      errors.push(withManifestHint(withSource(error, 'creating', t.source), t) as Error)
    }
  }
  if (errors.length === 1) throw errors[0]
  if (errors.length > 1) throw new AggregateKctlError(errors)
}

/** Creates one generated object; server errors become `failed to create <what>: <message>` as kubectl words them. */
export async function createGenerated(client: KubeClient, typeWord: string, obj: any, what: string | undefined, o: CreateCommon, io: CreateIO): Promise<void> {
  const type = await client.resolve(typeWord)
  const namespace = type.namespaced ? client.namespace : undefined
  let body = obj
  if (o.saveConfig) body = withLastApplied(body, 'generated')
  let created: any
  if (o.dryRun === 'client') {
    created = body
  } else {
    try {
      created = await client.create(type, namespace, body, {dryRun: o.dryRun === 'server', fieldManager: o.fieldManager, fieldValidation: o.validate})
    } catch (error) {
      if (what && error instanceof StatusError) throw new KctlError(`failed to create ${what}: ${error.status.message ?? error.message}`)
      throw error
    }
  }
  await printResult(created, type, o, io, o.dryRun === 'client')
}

/** The NAME argument check every generator shares. */
export function exactlyOneName(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(`exactly one NAME is required, got ${positionals.length}`)
  return positionals[0]
}

/** Go ObjectMeta order: name, namespace (only when -n was given), creationTimestamp, labels. */
function meta(name: string, namespace: string | undefined, labels?: Record<string, string>): any {
  const m: any = {name}
  if (namespace) m.namespace = namespace
  m.creationTimestamp = null
  if (labels) m.labels = labels
  return m
}

/** Container name kubectl derives from an image: last path segment without tag/digest; `_`/`.` → `-` + random suffix. */
export function containerNameFromImage(image: string, random: () => string = randomSuffix): string {
  let name = image.split('/').pop() ?? image
  name = name.split('@')[0].split(':')[0]
  if (/[._]/.test(name)) name = `${name.replace(/[._]/g, '-')}-${random()}`
  return name
}

function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789'
  let s = ''
  for (let i = 0; i < 5; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)]
  return s
}

/** `create deployment NAME --image I... [--replicas N] [--port P] [-- command...]`. */
export function deploymentObject(name: string, images: string[], replicas: number, port: number, command: string[], namespace: string | undefined): any {
  if (images.length === 0) throw new KctlError('required flag(s) "image" not set')
  if (images.length > 1 && command.length > 0) throw new KctlError('cannot specify multiple --image options and command')
  const labels = {app: name}
  const containers = images.map((image, i) => {
    const c: any = {name: containerNameFromImage(image), image}
    if (i === 0 && command.length > 0) c.command = command
    if (i === 0 && port >= 0) c.ports = [{containerPort: port}]
    c.resources = {}
    return c
  })
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: meta(name, namespace, labels),
    spec: {replicas, selector: {matchLabels: {...labels}}, template: {metadata: {creationTimestamp: null, labels: {...labels}}, spec: {containers}}, strategy: {}},
    status: {},
  }
}

/** `create namespace NAME`. */
export function namespaceObject(name: string): any {
  return {kind: 'Namespace', apiVersion: 'v1', metadata: meta(name, undefined), spec: {}, status: {}}
}

/** Service types `create service` can make. */
export type ServiceKind = 'clusterip' | 'nodeport' | 'loadbalancer' | 'externalname'

/** `create service <kind> NAME --tcp=port[:targetPort]...`. */
export function serviceObject(kind: ServiceKind, name: string, o: {tcp: string[]; clusterIP?: string; nodePort?: number; externalName?: string}, namespace: string | undefined): any {
  const type = {clusterip: 'ClusterIP', nodeport: 'NodePort', loadbalancer: 'LoadBalancer', externalname: 'ExternalName'}[kind]
  if (kind === 'externalname' && !o.externalName) throw new KctlError('external name must be specified')
  if (kind !== 'externalname' && kind !== 'clusterip' && o.tcp.length === 0) throw new KctlError('at least one tcp port specifier must be provided')
  if (kind === 'clusterip' && o.tcp.length === 0 && o.clusterIP !== 'None') throw new KctlError('at least one tcp port specifier must be provided')
  const ports = o.tcp.map((spec) => {
    const [portText, targetText] = spec.split(':')
    const port = Number(portText)
    if (!/^\d+$/.test(portText)) throw new KctlError(`strconv.Atoi: parsing "${portText}": invalid syntax`)
    const target = targetText === undefined ? port : /^\d+$/.test(targetText) ? Number(targetText) : targetText
    const p: any = {name: targetText === undefined ? portText : `${portText}-${targetText}`, protocol: 'TCP', port, targetPort: target}
    if (o.nodePort && o.nodePort > 0 && kind === 'nodeport') p.nodePort = o.nodePort
    return p
  })
  const spec: any = {}
  if (ports.length) spec.ports = ports
  spec.selector = {app: name}
  if (o.clusterIP !== undefined && o.clusterIP !== '') spec.clusterIP = o.clusterIP
  spec.type = type
  if (kind === 'externalname') spec.externalName = o.externalName
  return {kind: 'Service', apiVersion: 'v1', metadata: meta(name, namespace, {app: name}), spec, status: {loadBalancer: {}}}
}

/** Reads --from-literal/--from-file/--from-env-file into a key → value map (Buffer values for files). */
export async function dataSources(o: {literals: string[]; files: string[]; envFiles: string[]}): Promise<Map<string, Buffer>> {
  if (o.envFiles.length > 0 && (o.files.length > 0 || o.literals.length > 0)) throw new KctlError('from-env-file cannot be combined with from-file or from-literal')
  const data = new Map<string, Buffer>()
  const put = (k: string, v: Buffer) => {
    if (data.has(k)) throw new KctlError(`cannot add key ${k}, another key by that name already exists in Data for ConfigMap "${''}"`)
    data.set(k, v)
  }
  for (const lit of o.literals) {
    const eq = lit.indexOf('=')
    if (eq <= 0) throw new KctlError(`invalid literal source ${lit}, expected key=value`)
    put(lit.slice(0, eq), Buffer.from(lit.slice(eq + 1)))
  }
  for (const spec of o.files) {
    const eq = spec.indexOf('=')
    const key = eq > 0 ? spec.slice(0, eq) : undefined
    const file = eq > 0 ? spec.slice(eq + 1) : spec
    let st
    try {
      st = fs.statSync(file)
    } catch {
      throw new KctlError(`error reading ${file}: no such file or directory`)
    }
    if (st.isDirectory()) {
      if (key) throw new KctlError('cannot give a key name for a directory path')
      for (const entry of fs.readdirSync(file, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (entry.isFile()) put(entry.name, fs.readFileSync(path.join(file, entry.name)))
      }
    } else {
      put(key ?? path.basename(file), fs.readFileSync(file))
    }
  }
  for (const file of o.envFiles) {
    let text: string
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch {
      throw new KctlError(`error reading ${file}: no such file or directory`)
    }
    for (const raw of text.split('\n')) {
      const line = raw.replace(/\r$/, '').replace(/^\s+/, '')
      if (line === '' || line.startsWith('#')) continue
      const eq = line.indexOf('=')
      const key = eq >= 0 ? line.slice(0, eq) : line
      // Never echo values: they may be secrets.
      if (eq < 0) {
        const fromEnv = process.env[key]
        if (fromEnv !== undefined) data.set(key, Buffer.from(fromEnv))
        continue
      }
      data.set(key, Buffer.from(line.slice(eq + 1)))
    }
  }
  return data
}

function sortedRecord<T>(entries: [string, T][]): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** `create configmap NAME --from-...`: UTF-8 values in data, others base64 in binaryData. */
export function configMapObject(name: string, data: Map<string, Buffer>, namespace: string | undefined): any {
  const text: [string, string][] = []
  const binary: [string, string][] = []
  for (const [k, v] of data) {
    const s = v.toString('utf8')
    if (Buffer.from(s, 'utf8').equals(v)) text.push([k, s])
    else binary.push([k, v.toString('base64')])
  }
  const obj: any = {kind: 'ConfigMap', apiVersion: 'v1', metadata: meta(name, namespace)}
  if (text.length) obj.data = sortedRecord(text)
  if (binary.length) obj.binaryData = sortedRecord(binary)
  return obj
}

/** `create secret generic NAME --from-... [--type T]`. */
export function secretObject(name: string, data: Map<string, Buffer>, type: string | undefined, namespace: string | undefined): any {
  const obj: any = {kind: 'Secret', apiVersion: 'v1', metadata: meta(name, namespace)}
  if (data.size) obj.data = sortedRecord([...data].map(([k, v]) => [k, v.toString('base64')]))
  if (type) obj.type = type
  return obj
}
