// persistentvolume-binder, pvc/pv-protection and kind's local-path provisioner: claims bind to matching volumes or get
// a new hostPath volume on the node the scheduler picked (WaitForFirstConsumer) or at once (Immediate); released
// volumes are deleted or kept as their reclaim policy says.
import {randomUUID} from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type {GVR, KObject} from '../types.js'
import {ApiError, GVRS} from '../types.js'
import type {Ctx} from './context.js'
import {parseQuantity} from './quantity.js'
import {WorkQueue, isNotFound, keyOf, nowTime, podIsTerminal, randomSuffix, selectorMatches, splitKey} from './runtime.js'
import {nodeSelectorTermMatches, tolerated, type Taint} from './scheduler.js'
import {claimIsBound, kubeletDir, nodeHostPath, podClaimNames} from '../volumes.js'

/** core/v1 PersistentVolumes. */
export const PVS: GVR = GVRS.persistentvolumes
/** storage.k8s.io/v1 StorageClasses. */
export const SCS: GVR = {group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses'}

/** The provisioner kind installs, and the one this controller implements. */
export const LOCAL_PATH = 'rancher.io/local-path'
const LOCAL_PATH_ROOT = '/var/local-path-provisioner'
const COMPONENT = 'persistentvolume-controller'
const SELECTED_NODE = 'volume.kubernetes.io/selected-node'
const PVC_PROTECTION = 'kubernetes.io/pvc-protection'
const PV_PROTECTION = 'kubernetes.io/pv-protection'

/** The class a claim or volume asks for: the beta annotation wins over spec.storageClassName, as kube reads it. */
export function classOf(obj: KObject): string {
  const ann = obj.metadata.annotations?.['volume.beta.kubernetes.io/storage-class']
  return ann ?? obj.spec?.storageClassName ?? ''
}

/** What the scheduler's VolumeBinding plugin concludes for a pod before and during filtering. */
export interface VolumeCheck {
  /** PreFilter failure: no node can help (message in kube-scheduler's words). */
  preFilter?: string
  /** Filter failure for one node, if any. */
  filter(node: KObject): string | undefined
  /** Unbound claims of WaitForFirstConsumer classes: provisioned for the chosen node before the pod is bound. */
  delayed: KObject[]
}

/** VolumeBinding for one pod over cached claims, volumes and classes. */
export function checkPodVolumes(pod: KObject, getClaim: (ns: string, name: string) => KObject | undefined, getPV: (name: string) => KObject | undefined, getClass: (name: string) => KObject | undefined): VolumeCheck {
  const ns = pod.metadata.namespace ?? 'default'
  const delayed: KObject[] = []
  const bound: KObject[] = []
  let immediateUnbound = false
  let missingPV = false
  for (const name of podClaimNames(pod)) {
    const claim = getClaim(ns, name)
    if (!claim) return {preFilter: `persistentvolumeclaim "${name}" not found`, filter: () => undefined, delayed}
    if (claim.metadata.deletionTimestamp) return {preFilter: `persistentvolumeclaim "${name}" is being deleted`, filter: () => undefined, delayed}
    if (claim.spec?.volumeName) {
      const pv = getPV(claim.spec.volumeName)
      if (pv) bound.push(pv)
      else missingPV = true
      continue
    }
    const cls = getClass(classOf(claim))
    if (cls?.volumeBindingMode === 'WaitForFirstConsumer') delayed.push(claim)
    else immediateUnbound = true
  }
  if (immediateUnbound) return {preFilter: 'pod has unbound immediate PersistentVolumeClaims', filter: () => undefined, delayed}
  return {
    delayed,
    filter(node) {
      if (missingPV) return 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)'
      for (const pv of bound) if (!volumeFitsNode(pv, node)) return 'node(s) had volume node affinity conflict'
      return undefined
    },
  }
}

/** A volume's required node affinity admits the node (no affinity admits every node). */
export function volumeFitsNode(pv: KObject, node: KObject): boolean {
  const terms: any[] | undefined = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms
  if (!terms) return true
  return terms.some((t) => nodeSelectorTermMatches(t, node))
}

function accessModesCover(have: string[] | undefined, want: string[] | undefined): boolean {
  const h = new Set(have ?? [])
  return (want ?? []).every((m) => h.has(m))
}

/** The local-path provisioner plus the parts of kube-controller-manager that bind and release volumes. */
export class PersistentVolumeController {
  readonly claims: WorkQueue
  readonly volumes: WorkQueue
  /** Identity the provisioner signs its events with, as an external provisioner's leader-election id. */
  private readonly identity = `${LOCAL_PATH}_local-path-provisioner-${randomSuffix(10)}-${randomSuffix(5)}_${randomUUID()}`
  private readonly reported = new Set<string>()

  constructor(private readonly ctx: Ctx) {
    this.claims = new WorkQueue('persistentvolume-binder-claims', (k) => this.syncClaim(k), (l) => ctx.log(l))
    this.volumes = new WorkQueue('persistentvolume-binder-volumes', (k) => this.syncVolume(k), (l) => ctx.log(l))
    ctx.informer(GVRS.persistentvolumeclaims).onChange((ev) => {
      this.claims.add(keyOf(ev.object))
      const vn = ev.object.spec?.volumeName
      if (vn) this.volumes.add(vn)
      // a claim going away releases the volumes that point at it
      if (ev.type === 'DELETED') for (const pv of ctx.informer(PVS).byIndex('claim', keyOf(ev.object))) this.volumes.add(pv.metadata.name!)
    })
    ctx.informer(PVS).addIndex('claim', (o) => (o.spec?.claimRef?.name ? [`${o.spec.claimRef.namespace ?? ''}/${o.spec.claimRef.name}`] : []))
    ctx.informer(PVS).onChange((ev) => {
      this.volumes.add(ev.object.metadata.name!)
      const ref = ev.object.spec?.claimRef
      if (ref?.name) this.claims.add(`${ref.namespace ?? ''}/${ref.name}`)
      // a volume that becomes Available may match a waiting claim
      if (ev.type !== 'DELETED' && ev.object.status?.phase === 'Available') this.requeuePending()
    })
    ctx.informer(SCS).onChange(() => this.requeuePending())
    ctx.informer(GVRS.pods).onChange((ev, old) => {
      // the last pod using a deleted claim is gone: pvc-protection may let go
      if (ev.type === 'DELETED' || (podIsTerminal(ev.object) && !(old && podIsTerminal(old)))) {
        for (const n of podClaimNames(ev.object)) this.claims.add(`${ev.object.metadata.namespace}/${n}`)
      }
    })
  }

  start(): void {
    for (const c of this.ctx.informer(GVRS.persistentvolumeclaims).all()) this.claims.add(keyOf(c))
    for (const v of this.ctx.informer(PVS).all()) this.volumes.add(v.metadata.name!)
  }

  stop(): void {
    this.claims.stop()
    this.volumes.stop()
  }

  private requeuePending(): void {
    for (const c of this.ctx.informer(GVRS.persistentvolumeclaims).all()) if (c.status?.phase !== 'Bound') this.claims.add(keyOf(c))
  }

  /** Events the controller repeats on every resync in kube are written once per claim here. */
  private eventOnce(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, component = COMPONENT): void {
    const k = `${obj.metadata.uid}|${reason}|${message}`
    if (this.reported.has(k)) return
    this.reported.add(k)
    if (this.reported.size > 10_000) this.reported.delete(this.reported.values().next().value!)
    this.ctx.event(obj, type, reason, message, component)
  }

  private syncClaim(key: string): void {
    const claim = this.ctx.informer(GVRS.persistentvolumeclaims).get(key)
    if (!claim) return
    const [ns, name] = splitKey(key)
    if (claim.metadata.deletionTimestamp) return this.releaseClaimFinalizer(claim)
    if (claim.spec?.volumeName) return this.syncBoundClaim(claim)
    // retroactive default class: a claim created before any default class existed gets one now
    if (claim.spec?.storageClassName === undefined && claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] === undefined) {
      const def = this.defaultClass()
      if (def) {
        this.ctx.api.mutate(GVRS.persistentvolumeclaims, ns, name, (c) => {
          if (c.metadata.uid !== claim.metadata.uid || c.spec?.storageClassName !== undefined) return false
          c.spec.storageClassName = def
        })
        return
      }
    }
    const className = classOf(claim)
    const cls = className ? this.ctx.informer(SCS).get(className) : undefined
    const selectedNode = claim.metadata.annotations?.[SELECTED_NODE]
    const delayed = cls?.volumeBindingMode === 'WaitForFirstConsumer'
    if (delayed && !selectedNode) {
      this.eventOnce(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding')
      return
    }
    const node = selectedNode ? this.ctx.informer(GVRS.nodes).get(selectedNode) : undefined
    const match = this.findMatch(claim, delayed ? node : undefined)
    if (match) return this.bind(claim, match)
    if (!className) {
      this.eventOnce(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set')
      return
    }
    if (!cls) {
      this.eventOnce(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`)
      return
    }
    this.provision(claim, cls, selectedNode)
  }

  private defaultClass(): string | undefined {
    const marked = this.ctx.informer(SCS).all().filter((c) => {
      const a = c.metadata.annotations ?? {}
      return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
    })
    marked.sort((a, b) => String(b.metadata.creationTimestamp ?? '').localeCompare(String(a.metadata.creationTimestamp ?? '')))
    return marked[0]?.metadata.name
  }

  /** The smallest Available volume that satisfies the claim (kube's findBestMatchForClaim). */
  private findMatch(claim: KObject, node: KObject | undefined): KObject | undefined {
    const want = parseQuantity(claim.spec?.resources?.requests?.storage ?? '0')
    const cls = classOf(claim)
    const mode = claim.spec?.volumeMode ?? 'Filesystem'
    let best: KObject | undefined
    let bestSize = Infinity
    for (const pv of this.ctx.informer(PVS).all()) {
      if (pv.metadata.deletionTimestamp) continue
      const ref = pv.spec?.claimRef
      if (claim.spec?.volumeName && claim.spec.volumeName !== pv.metadata.name) continue
      if (ref) {
        if (ref.name !== claim.metadata.name || (ref.namespace ?? '') !== claim.metadata.namespace) continue
        if (ref.uid && ref.uid !== claim.metadata.uid) continue
      } else if (pv.status?.phase && pv.status.phase !== 'Available' && pv.status.phase !== 'Pending') continue
      if (classOf(pv) !== cls) continue
      if ((pv.spec?.volumeMode ?? 'Filesystem') !== mode) continue
      if (!accessModesCover(pv.spec?.accessModes, claim.spec?.accessModes)) continue
      const size = parseQuantity(pv.spec?.capacity?.storage ?? '0')
      if (!(size >= want)) continue
      if (claim.spec?.selector && !selectorMatches(claim.spec.selector, pv.metadata.labels)) continue
      if (node && !volumeFitsNode(pv, node)) continue
      // a volume pre-bound to this claim wins outright
      if (ref) return pv
      if (size < bestSize) {
        best = pv
        bestSize = size
      }
    }
    return best
  }

  /** Binds volume and claim both ways, volume first, as the binder does. */
  private bind(claim: KObject, pv: KObject): void {
    const pvName = pv.metadata.name!
    const [ns, name] = splitKey(keyOf(claim))
    const byController = !pv.spec?.claimRef
    const updatedPV = this.ctx.api.mutate(PVS, undefined, pvName, (v) => {
      const ref = v.spec?.claimRef
      if (ref?.uid === claim.metadata.uid && ref?.resourceVersion) return false
      v.spec.claimRef = {kind: 'PersistentVolumeClaim', namespace: ns, name, uid: claim.metadata.uid, apiVersion: 'v1', resourceVersion: claim.metadata.resourceVersion}
      if (byController) v.metadata.annotations = {...(v.metadata.annotations ?? {}), 'pv.kubernetes.io/bound-by-controller': 'yes'}
    })
    if (!updatedPV) return
    this.setVolumePhase(pvName, 'Bound')
    const updated = this.ctx.api.mutate(GVRS.persistentvolumeclaims, ns, name, (c) => {
      if (c.metadata.uid !== claim.metadata.uid) return false
      const ann = c.metadata.annotations ?? {}
      if (c.spec.volumeName === pvName && ann['pv.kubernetes.io/bind-completed'] === 'yes') return false
      const controllerSet = !c.spec.volumeName
      c.spec.volumeName = pvName
      c.metadata.annotations = {...ann, 'pv.kubernetes.io/bind-completed': 'yes', ...(controllerSet ? {'pv.kubernetes.io/bound-by-controller': 'yes'} : {})}
    })
    if (!updated) return
    this.setClaimBound(updated, updatedPV)
  }

  private setClaimBound(claim: KObject, pv: KObject): void {
    const [ns, name] = splitKey(keyOf(claim))
    this.ctx.api.mutate(GVRS.persistentvolumeclaims, ns, name, (c) => {
      if (c.metadata.uid !== claim.metadata.uid) return false
      const status = {...(c.status ?? {}), phase: 'Bound', accessModes: [...(pv.spec?.accessModes ?? [])], capacity: {...(pv.spec?.capacity ?? {})}}
      if (JSON.stringify(status) === JSON.stringify(c.status)) return false
      c.status = status
    }, {subresource: 'status'})
  }

  private syncBoundClaim(claim: KObject): void {
    const pv = this.ctx.informer(PVS).get(claim.spec.volumeName)
    if (!pv) {
      if (claim.status?.phase === 'Bound') {
        const [ns, name] = splitKey(keyOf(claim))
        this.ctx.api.mutate(GVRS.persistentvolumeclaims, ns, name, (c) => {
          if (c.metadata.uid !== claim.metadata.uid) return false
          c.status = {phase: 'Lost'}
        }, {subresource: 'status'})
        this.eventOnce(claim, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!')
      }
      return
    }
    const ref = pv.spec?.claimRef
    const ours = ref && ref.name === claim.metadata.name && ref.namespace === claim.metadata.namespace && (!ref.uid || ref.uid === claim.metadata.uid)
    if (!ref || ours) {
      if (!ref?.uid || pv.status?.phase !== 'Bound' || claim.metadata.annotations?.['pv.kubernetes.io/bind-completed'] !== 'yes') return this.bind(claim, pv)
      if (claim.status?.phase !== 'Bound') this.setClaimBound(claim, pv)
    }
  }

  private releaseClaimFinalizer(claim: KObject): void {
    if (!(claim.metadata.finalizers ?? []).includes(PVC_PROTECTION)) return
    const ns = claim.metadata.namespace!
    const inUse = this.ctx.informer(GVRS.pods).inNamespace(ns).some((p) => !podIsTerminal(p) && podClaimNames(p).includes(claim.metadata.name!))
    if (inUse) return
    this.ctx.api.mutate(GVRS.persistentvolumeclaims, ns, claim.metadata.name!, (c) => {
      if (c.metadata.uid !== claim.metadata.uid || !(c.metadata.finalizers ?? []).includes(PVC_PROTECTION)) return false
      c.metadata.finalizers = (c.metadata.finalizers ?? []).filter((f: string) => f !== PVC_PROTECTION)
    })
  }

  private setVolumePhase(name: string, phase: string): void {
    this.ctx.api.mutate(PVS, undefined, name, (v) => {
      if (v.status?.phase === phase) return false
      v.status = {...(v.status ?? {}), phase, lastPhaseTransitionTime: nowTime()}
    }, {subresource: 'status'})
  }

  private syncVolume(name: string): void {
    const pv = this.ctx.informer(PVS).get(name)
    if (!pv) return
    const ref = pv.spec?.claimRef
    const claim = ref?.name ? this.ctx.informer(GVRS.persistentvolumeclaims).get(`${ref.namespace ?? ''}/${ref.name}`) : undefined
    const claimGone = !claim || (ref?.uid && claim.metadata.uid !== ref.uid)
    if (pv.metadata.deletionTimestamp) {
      // pv-protection: a volume no claim is bound to may go
      if ((pv.metadata.finalizers ?? []).includes(PV_PROTECTION) && (pv.status?.phase !== 'Bound' || (ref?.uid && claimGone))) {
        this.ctx.api.mutate(PVS, undefined, name, (v) => {
          if (!(v.metadata.finalizers ?? []).includes(PV_PROTECTION)) return false
          v.metadata.finalizers = (v.metadata.finalizers ?? []).filter((f: string) => f !== PV_PROTECTION)
        })
      }
      return
    }
    if (!ref?.name) {
      if (pv.status?.phase !== 'Available') this.setVolumePhase(name, 'Available')
      return
    }
    if (!ref.uid) {
      // pre-bound to a claim by name only: waits as Available until that claim binds to it
      if (pv.status?.phase !== 'Available' && pv.status?.phase !== 'Bound') this.setVolumePhase(name, 'Available')
      if (claim && !claim.spec?.volumeName) this.claims.add(keyOf(claim))
      return
    }
    if (!claimGone) {
      if (claim!.spec?.volumeName === name) {
        if (pv.status?.phase !== 'Bound') this.setVolumePhase(name, 'Bound')
      } else this.claims.add(keyOf(claim!))
      return
    }
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed') this.setVolumePhase(name, 'Released')
    if (pv.spec?.persistentVolumeReclaimPolicy === 'Delete') this.reclaimDelete(pv)
  }

  /** The Delete reclaim policy: the provisioner removes the data, then the object. */
  private reclaimDelete(pv: KObject): void {
    const provisionedBy = pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by']
    if (provisionedBy !== LOCAL_PATH) {
      this.eventOnce(pv, 'Warning', 'VolumeFailedDelete', `error getting deleter volume plugin for volume "${pv.metadata.name}": no deletable volume plugin matched`)
      return
    }
    const node = pv.metadata.annotations?.['local.path.provisioner/selected-node']
    const p = pv.spec?.hostPath?.path ?? pv.spec?.local?.path
    if (this.ctx.opts.dataDir && node && p) {
      try {
        fs.rmSync(nodeHostPath(kubeletDir(this.ctx.opts.dataDir), node, p), {recursive: true, force: true})
      } catch (err) {
        this.ctx.log(`local-path: remove ${pv.metadata.name}: ${(err as Error).message}`)
      }
    }
    try {
      this.ctx.api.delete(PVS, undefined, pv.metadata.name!)
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }

  private provision(claim: KObject, cls: KObject, selectedNode: string | undefined): void {
    const provisioner = String(cls.provisioner ?? '')
    const [ns, name] = splitKey(keyOf(claim))
    const ann = claim.metadata.annotations ?? {}
    if (ann['volume.kubernetes.io/storage-provisioner'] !== provisioner) {
      this.ctx.api.mutate(GVRS.persistentvolumeclaims, ns, name, (c) => {
        if (c.metadata.uid !== claim.metadata.uid) return false
        c.metadata.annotations = {...(c.metadata.annotations ?? {}), 'volume.beta.kubernetes.io/storage-provisioner': provisioner, 'volume.kubernetes.io/storage-provisioner': provisioner}
      })
      this.eventOnce(claim, 'Normal', 'ExternalProvisioning', `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`)
      // the annotation change brings the claim back here
      return
    }
    if (provisioner !== LOCAL_PATH) return
    const pvName = `pvc-${claim.metadata.uid}`
    if (this.ctx.informer(PVS).get(pvName) || this.ctx.api.tryGet(PVS, undefined, pvName)) return
    const node = selectedNode ?? this.pickNode()
    if (!node) {
      this.eventOnce(claim, 'Warning', 'ProvisioningFailed', 'failed to provision volume with StorageClass "' + cls.metadata.name + '": configuration error, no node was specified', this.identity)
      this.claims.addAfter(keyOf(claim), 5000)
      return
    }
    this.ctx.event(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${ns}/${name}"`, this.identity)
    const hostPath = path.posix.join(LOCAL_PATH_ROOT, `${pvName}_${ns}_${name}`)
    if (this.ctx.opts.dataDir) {
      const dir = nodeHostPath(kubeletDir(this.ctx.opts.dataDir), node, hostPath)
      fs.mkdirSync(dir, {recursive: true})
      fs.chmodSync(dir, 0o777)
    }
    const pv: KObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {name: pvName, annotations: {'local.path.provisioner/selected-node': node, 'pv.kubernetes.io/provisioned-by': LOCAL_PATH}},
      spec: {
        accessModes: [...(claim.spec?.accessModes ?? [])],
        capacity: {storage: claim.spec?.resources?.requests?.storage},
        claimRef: {apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, namespace: ns, resourceVersion: claim.metadata.resourceVersion, uid: claim.metadata.uid},
        hostPath: {path: hostPath, type: 'DirectoryOrCreate'},
        nodeAffinity: {required: {nodeSelectorTerms: [{matchExpressions: [{key: 'kubernetes.io/hostname', operator: 'In', values: [node]}]}]}},
        persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
        storageClassName: cls.metadata.name,
        volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
        ...(cls.mountOptions ? {mountOptions: [...cls.mountOptions]} : {}),
      },
    }
    try {
      this.ctx.api.create(PVS, pv, {fieldManager: 'local-path-provisioner'})
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 409)) throw err
      return
    }
    this.ctx.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`, this.identity)
  }

  /** A node for an Immediate claim: any node that takes ordinary pods. */
  private pickNode(): string | undefined {
    const nodes = this.ctx.informer(GVRS.nodes).all().filter((n) => !n.metadata.deletionTimestamp)
    const open = nodes.filter((n) => !n.spec?.unschedulable && !((n.spec?.taints ?? []) as Taint[]).some((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerated([], t)))
    const from = open.length ? open : nodes
    if (!from.length) return undefined
    return from[Math.floor(Math.random() * from.length)].metadata.name
  }
}
