// `kctl rollout status|restart|pause|resume|history|undo`: kubectl's polymorphic rollout helpers for
// Deployments, DaemonSets and StatefulSets, over the shared object visitor.
import * as readline from 'node:readline'
import {KctlError, AggregateKctlError, rawMessage} from '../cli/errors.js'
import type {KubeClient, ResourceType} from '../client/index.js'
import {printMutations} from '../cli/output.js'
import {createTwoWayMergePatch, patchSchemaFor, clone, deepEqual, sortKeys} from '../patch/index.js'
import {visitSelection, type Selection, type Visited} from '../label/targets.js'

/** Which objects a rollout subcommand acts on. */
export interface RolloutSelection {
  args: string[]
  filenames: string[]
  recursive?: boolean
  selector?: string
}

/** Builds the visitor selection; kubectl's rollout builder treats a bare type as "all of that type". */
export function rolloutSelection(sub: string, s: RolloutSelection): Selection {
  if (s.args.length === 0 && s.filenames.length === 0) throw new KctlError('required resource not specified')
  const named = s.args.some((a) => a.includes('/')) || s.args.length > 1
  return {positionals: s.args, filenames: s.filenames, recursive: s.recursive, selector: s.selector, all: !named, cmd: `kctl rollout ${sub}`}
}

const groupKind = (t: Pick<ResourceType, 'group' | 'kind'>) => (t.group ? `${t.kind}.${t.group}` : t.kind)
const groupResource = (t: Pick<ResourceType, 'group' | 'resource'>) => (t.group ? `${t.resource}.${t.group}` : t.resource)
const kindOf = (t: ResourceType) => (t.group === 'apps' || t.group === 'extensions' ? t.kind : '')

/** One status line and whether the rollout is complete (kubectl's StatusViewer). */
export function rolloutStatus(type: Pick<ResourceType, 'group' | 'kind'>, obj: any, revision: number): {status: string; done: boolean} {
  const name = obj.metadata?.name
  const gen = obj.metadata?.generation ?? 0
  const st = obj.status ?? {}
  const spec = obj.spec ?? {}
  switch (type.kind) {
    case 'Deployment': {
      if (revision > 0) {
        const current = Number(obj.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0)
        if (revision !== current) throw new KctlError(`desired revision (${revision}) is different from the running revision (${current})`)
      }
      if (gen <= (st.observedGeneration ?? 0)) {
        const progressing = (st.conditions ?? []).find((c: any) => c.type === 'Progressing')
        if (progressing?.reason === 'ProgressDeadlineExceeded') throw new KctlError(`deployment ${JSON.stringify(name)} exceeded its progress deadline`)
        const updated = st.updatedReplicas ?? 0
        if (spec.replicas !== undefined && updated < spec.replicas) return {status: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${updated} out of ${spec.replicas} new replicas have been updated...\n`, done: false}
        if ((st.replicas ?? 0) > updated) return {status: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false}
        if ((st.availableReplicas ?? 0) < updated) return {status: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false}
        return {status: `deployment ${JSON.stringify(name)} successfully rolled out\n`, done: true}
      }
      return {status: 'Waiting for deployment spec update to be observed...\n', done: false}
    }
    case 'DaemonSet': {
      if (spec.updateStrategy?.type !== 'RollingUpdate') throw new KctlError('rollout status is only available for RollingUpdate strategy type')
      if (gen <= (st.observedGeneration ?? 0)) {
        const desired = st.desiredNumberScheduled ?? 0
        if ((st.updatedNumberScheduled ?? 0) < desired) return {status: `Waiting for daemon set ${JSON.stringify(name)} rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`, done: false}
        if ((st.numberAvailable ?? 0) < desired) return {status: `Waiting for daemon set ${JSON.stringify(name)} rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...\n`, done: false}
        return {status: `daemon set ${JSON.stringify(name)} successfully rolled out\n`, done: true}
      }
      return {status: 'Waiting for daemon set spec update to be observed...\n', done: false}
    }
    case 'StatefulSet': {
      if (spec.updateStrategy?.type !== 'RollingUpdate') throw new KctlError('rollout status is only available for RollingUpdate strategy type')
      if (!st.observedGeneration || gen > st.observedGeneration) return {status: 'Waiting for statefulset spec update to be observed...\n', done: false}
      if (spec.replicas !== undefined && (st.readyReplicas ?? 0) < spec.replicas) return {status: `Waiting for ${spec.replicas - (st.readyReplicas ?? 0)} pods to be ready...\n`, done: false}
      const ru = spec.updateStrategy?.rollingUpdate
      if (ru) {
        if (spec.replicas !== undefined && ru.partition !== undefined && (st.updatedReplicas ?? 0) < spec.replicas - ru.partition) {
          return {status: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${spec.replicas - ru.partition} new pods have been updated...\n`, done: false}
        }
        return {status: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n`, done: true}
      }
      if (st.updateRevision !== st.currentRevision) return {status: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...\n`, done: false}
      return {status: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n`, done: true}
    }
  }
  throw new KctlError(`no status viewer has been implemented for ${groupKind(type)}`)
}

/** Options of `kctl rollout status`. */
export interface StatusOptions {
  selection: Selection
  revision: number
  watch: boolean
  timeoutMs: number
}

/** Runs one object's status loop: list by name, then watch until done (kubectl's UntilWithSync). */
async function statusOne(client: KubeClient, type: ResourceType, namespace: string | undefined, name: string, o: StatusOptions, out: (s: string) => void): Promise<void> {
  if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(kindOf(type))) throw new KctlError(`no status viewer has been implemented for ${groupKind(type)}`)
  const deadline = o.timeoutMs > 0 ? Date.now() + o.timeoutMs : Infinity
  const fieldSelector = `metadata.name=${name}`
  const handle = (obj: any): boolean => {
    const {status, done} = rolloutStatus(type, obj, o.revision)
    out(status)
    return done || !o.watch
  }
  for (;;) {
    const list = await client.list(type, namespace, {fieldSelector})
    for (const obj of list.items ?? []) if (handle(obj)) return
    const stream = await client.watch(type, namespace, {fieldSelector, resourceVersion: list.metadata?.resourceVersion})
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<'timeout'>((resolve) => {
      if (deadline !== Infinity) timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))
    })
    const lines = readline.createInterface({input: stream})
    const iterator = lines[Symbol.asyncIterator]()
    try {
      for (;;) {
        const next = await Promise.race([iterator.next(), timedOut])
        if (next === 'timeout') throw new KctlError('timed out waiting for the condition')
        if (next.done) break
        if (!next.value.trim()) continue
        const event = JSON.parse(next.value)
        if (event.type === 'ADDED' || event.type === 'MODIFIED') {
          if (handle(event.object)) return
        } else if (event.type === 'DELETED') {
          throw new KctlError('object has been deleted')
        } else if (event.type === 'ERROR') {
          break
        }
      }
    } finally {
      if (timer) clearTimeout(timer)
      lines.close()
      stream.destroy()
    }
    if (Date.now() > deadline) throw new KctlError('timed out waiting for the condition')
  }
}

/** `kctl rollout status`. */
export async function runStatus(client: KubeClient, o: StatusOptions, out: (s: string) => void): Promise<void> {
  await forEachSelected(client, o.selection, async (item) => {
    await statusOne(client, item.type, item.namespace, item.name, o, out)
  })
}

/** Runs fn on every selected object, carrying on past failures and reporting them all at the end (as kubectl). */
async function forEachSelected(client: KubeClient, selection: Selection, fn: (item: Exclude<Visited, {error: Error}>) => Promise<void>): Promise<void> {
  const {items} = await visitSelection(client, selection)
  const errors: Error[] = []
  for (const item of items) {
    if ('error' in item) {
      errors.push(item.error)
      continue
    }
    try {
      await fn(item)
    } catch (error) {
      errors.push(error as Error)
    }
  }
  finish(errors)
}

function finish(errors: Error[]): void {
  if (errors.length === 1) throw errors[0]
  if (errors.length > 1) throw new AggregateKctlError(errors)
}

/** Options of restart/pause/resume. */
export interface MutateOptions {
  selection: Selection
  output?: string
  fieldManager: string
}

/** kubectl's ObjectRestarter / Pauser / Resumer: the changed copy, or why the object cannot be changed. */
export function mutateForVerb(verb: 'restart' | 'pause' | 'resume', type: Pick<ResourceType, 'group' | 'kind'>, obj: any, now: Date): any {
  const kind = type.group === 'apps' || type.group === 'extensions' ? type.kind : ''
  const next = clone(obj)
  if (verb === 'restart') {
    if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(kind)) throw new Error('restarting is not supported')
    if (kind === 'Deployment' && obj.spec?.paused) throw new Error("can't restart paused deployment (run rollout resume first)")
    next.spec ??= {}
    next.spec.template ??= {}
    next.spec.template.metadata ??= {}
    next.spec.template.metadata.annotations = {...next.spec.template.metadata.annotations, 'kubectl.kubernetes.io/restartedAt': now.toISOString().replace(/\.\d+Z$/, 'Z')}
    return next
  }
  if (kind !== 'Deployment') throw new Error(`${verb === 'pause' ? 'pausing' : 'resuming'} is not supported`)
  if (verb === 'pause' && obj.spec?.paused) throw new Error('is already paused')
  if (verb === 'resume' && !obj.spec?.paused) throw new Error('is not paused')
  // Go omits a false `paused`, so resuming removes the field rather than writing false
  next.spec = {...next.spec, paused: true}
  if (verb === 'resume') delete next.spec.paused
  return next
}

/** `kctl rollout restart|pause|resume`: a strategic patch per object, errors gathered. */
export async function runMutate(client: KubeClient, verb: 'restart' | 'pause' | 'resume', o: MutateOptions, out: (s: string) => void): Promise<void> {
  const {items} = await visitSelection(client, o.selection)
  const errors: Error[] = []
  const word = {restart: 'restarted', pause: 'paused', resume: 'resumed'}[verb]
  for (const item of items) {
    if ('error' in item) {
      errors.push(item.error)
      continue
    }
    let next: any
    try {
      next = mutateForVerb(verb, item.type, item.obj, new Date())
    } catch (error) {
      errors.push(new KctlError(`${groupResource(item.type)} ${JSON.stringify(item.name)} ${rawMessage(error)}`))
      continue
    }
    const patch = createTwoWayMergePatch(item.obj, next, patchSchemaFor(String(item.obj.apiVersion ?? client.apiVersion(item.type)), item.type.kind))
    if (verb === 'restart' && Object.keys(patch ?? {}).length === 0) {
      errors.push(new KctlError(`failed to create patch for ${item.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`))
      continue
    }
    try {
      const result = await client.patch(item.type, item.namespace, item.name, 'strategic', patch, {fieldManager: o.fieldManager})
      if (result?.metadata) delete result.metadata.managedFields
      out(await printMutations([{obj: o.output === 'json' ? sortKeys(result) : result, type: item.type, operation: word}], o.output))
    } catch (error) {
      errors.push(verb === 'restart' ? new KctlError(`failed to patch: ${rawMessage(error)}`) : (error as Error))
    }
  }
  finish(errors)
}

/** One revision of a workload: its number, change cause and pod template. */
interface Revision {
  revision: number
  changeCause?: string
  template: any
}

/** The revisions kubectl's HistoryViewer reads: owned ReplicaSets or ControllerRevisions. */
async function revisionsOf(client: KubeClient, type: ResourceType, obj: any): Promise<Revision[]> {
  const ns = obj.metadata?.namespace
  const uid = obj.metadata?.uid
  const owned = (o: any) => (o.metadata?.ownerReferences ?? []).some((r: any) => r.controller && r.uid === uid)
  if (type.kind === 'Deployment') {
    const rsType = await client.resolve('replicasets.apps')
    const list = await client.listAll(rsType, ns)
    return (list.items ?? []).filter(owned).flatMap((rs: any) => {
      const v = rs.metadata?.annotations?.['deployment.kubernetes.io/revision']
      if (v === undefined || !/^\d+$/.test(v)) return []
      return [{revision: Number(v), changeCause: rs.metadata?.annotations?.['kubernetes.io/change-cause'], template: rs.spec?.template}]
    })
  }
  const crType = await client.resolve('controllerrevisions.apps')
  const list = await client.listAll(crType, ns)
  return (list.items ?? []).filter(owned).map((cr: any) => ({revision: Number(cr.revision ?? 0), changeCause: cr.metadata?.annotations?.['kubernetes.io/change-cause'], template: cr.data?.spec?.template}))
}

/** Options of `kctl rollout history`. */
export interface HistoryOptions {
  selection: Selection
  revision: number
  output?: string
}

/** `kctl rollout history` (the revision table; --revision=N checks the revision exists). */
export async function runHistory(client: KubeClient, o: HistoryOptions, out: (s: string) => void): Promise<void> {
  await forEachSelected(client, o.selection, async (item) => {
    if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(kindOf(item.type))) {
      throw new KctlError(`error retrieving history for ${JSON.stringify(item.type.kind)}, no visitor method exists for {${item.type.group} ${item.type.kind}}`)
    }
    const revs = (await revisionsOf(client, item.type, item.obj)).sort((a, b) => a.revision - b.revision)
    if (o.revision > 0) {
      if (!revs.some((r) => r.revision === o.revision)) throw new KctlError('unable to find the specified revision')
      const ref = await printMutations([{obj: item.obj, type: item.type, operation: `with revision #${o.revision}`}], undefined)
      out(`${ref}${await podTemplateText(revs.find((r) => r.revision === o.revision)!.template)}\n`)
      return
    }
    const ref = await printMutations([{obj: item.obj, type: item.type, operation: ''}], undefined)
    const table = revs.length === 0 ? 'No rollout history found.\n' : historyTable(revs)
    out(`${ref}${table}\n`)
  })
}

/** The REVISION / CHANGE-CAUSE table (kubectl's tabwriter with padding 2). */
export function historyTable(revs: {revision: number; changeCause?: string}[]): string {
  const rows = [['REVISION', 'CHANGE-CAUSE'], ...revs.map((r) => [String(r.revision), r.changeCause ?? '<none>'])]
  const width = Math.max(...rows.map((r) => r[0].length)) + 2
  return rows.map((r) => `${r[0].padEnd(width)}${r[1]}\n`).join('')
}

/** kubectl's printTemplate: describe's Pod Template block with its tabs as written. */
async function podTemplateText(template: any): Promise<string> {
  const [{DescribeWriter}, {describePodTemplate}] = await Promise.all([import('../describe/format.js'), import('../describe/describers.js')])
  const w = new DescribeWriter()
  describePodTemplate(w, template)
  // kubectl's continuation lines (second label, annotation…) start with the bare tab, not the indent
  return w.raw().replace(/^ +\t/gm, '\t')
}

const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision', 'deployment.kubernetes.io/revision-history', 'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to'])

/** Options of `kctl rollout undo`. */
export interface UndoOptions {
  selection: Selection
  toRevision: number
  dryRun: 'none' | 'client' | 'server'
  output?: string
}

const withoutHash = (template: any) => {
  const t = clone(template ?? {})
  if (t.metadata?.labels) delete t.metadata.labels['pod-template-hash']
  return t
}

/** `kctl rollout undo` for Deployments: the chosen ReplicaSet's template patched back in. */
export async function runUndo(client: KubeClient, o: UndoOptions, out: (s: string) => void): Promise<void> {
  await forEachSelected(client, o.selection, async (item) => {
    if (kindOf(item.type) !== 'Deployment') throw new KctlError(`no rollbacker has been implemented for ${JSON.stringify(groupKind(item.type))}`)
    const d = item.obj
    const revs = await revisionsOf(client, item.type, d)
    let target: Revision | undefined
    if (o.toRevision > 0) {
      target = revs.find((r) => r.revision === o.toRevision)
      if (!target) throw new KctlError(`unable to find specified revision ${o.toRevision} in history`)
    } else {
      const sorted = [...revs].sort((a, b) => b.revision - a.revision)
      target = sorted[1]
      if (!target) throw new KctlError(`no rollout history found for deployment ${JSON.stringify(d.metadata.name)}`)
    }
    // kubectl looks the revision up before refusing a paused deployment
    if (d.spec?.paused) throw new KctlError("you cannot rollback a paused deployment; resume it first with 'kctl rollout resume' and try again")
    if (o.dryRun === 'client') {
      out(await printMutations([{obj: d, type: item.type, operation: `${await podTemplateText(target.template)} (dry run)`}], o.output))
      return
    }
    let word = 'rolled back'
    if (deepEqual(withoutHash(target.template), withoutHash(d.spec?.template))) {
      word = `skipped rollback (current template already matches revision ${o.toRevision})`
    } else {
      const rsType = await client.resolve('replicasets.apps')
      const rsList = await client.listAll(rsType, d.metadata.namespace)
      const rs = (rsList.items ?? []).find((x: any) => x.metadata?.annotations?.['deployment.kubernetes.io/revision'] === String(target!.revision) && (x.metadata?.ownerReferences ?? []).some((r: any) => r.uid === d.metadata.uid))
      const annotations: Record<string, string> = {}
      for (const [k, v] of Object.entries<string>(d.metadata?.annotations ?? {})) if (SKIP_ANNOTATIONS.has(k)) annotations[k] = v
      for (const [k, v] of Object.entries<string>(rs?.metadata?.annotations ?? {})) if (!SKIP_ANNOTATIONS.has(k)) annotations[k] = v
      const ops = [{op: 'replace', path: '/spec/template', value: withoutHash(target.template)}, {op: 'replace', path: '/metadata/annotations', value: annotations}]
      await client.patch(item.type, item.namespace, item.name, 'json', ops, {dryRun: o.dryRun === 'server'})
    }
    out(await printMutations([{obj: d, type: item.type, operation: `${word}${o.dryRun === 'server' ? ' (server dry run)' : ''}`}], o.output))
  })
}
