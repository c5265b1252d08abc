// describe layouts for storage: PersistentVolumeClaims, PersistentVolumes and StorageClasses (kubectl's
// PersistentVolumeClaimDescriber, PersistentVolumeDescriber and StorageClassDescriber).
import type {DescribeContext} from './describers.js'
import {DescribeWriter, annotationsMultiline, describeEvents, labelsMultiline, rfc1123z, rowsMultiline, since} from './format.js'
import {formatLabels} from '../printers/table.js'

const ACCESS_MODES: [string, string][] = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']]

/** storageutil.GetAccessModesAsString: short names in a fixed order, each once. */
export function accessModesString(modes: string[] | undefined): string {
  const set = new Set(modes ?? [])
  return ACCESS_MODES.filter(([long]) => set.has(long)).map(([, short]) => short).join(',')
}

/** The class of a claim or volume as kube reads it: the beta annotation first, then spec.storageClassName. */
export function storageClassOf(obj: any): string {
  return obj.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? obj.spec?.storageClassName ?? ''
}

// Go's %v of a []string: [a b]
const goList = (xs: string[] | undefined) => `[${(xs ?? []).join(' ')}]`

function status(w: DescribeWriter, obj: any, ctx: DescribeContext): void {
  const del = obj.metadata?.deletionTimestamp
  w.write(0, del ? `Status:\tTerminating (lasts ${since(del, ctx.now)})\n` : `Status:\t${obj.status?.phase ?? ''}\n`)
}

/** The pods that mount a claim (once per volume naming it), then pods owning it that do not mount it. */
export function podsUsingClaim(claim: any, pods: any[]): any[] {
  const name = claim.metadata?.name
  const out: any[] = []
  for (const p of pods) for (const v of p.spec?.volumes ?? []) if (v.persistentVolumeClaim?.claimName === name) out.push(p)
  for (const ref of claim.metadata?.ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue
    const owner = pods.find((p) => p.metadata?.uid === ref.uid)
    if (owner && !out.some((p) => p.metadata?.uid === owner.metadata?.uid)) out.push(owner)
  }
  return out
}

/** `describe pvc`; `ctx.pods` are the pods of its namespace. */
export function describePersistentVolumeClaim(pvc: any, ctx: DescribeContext & {pods?: any[]}): string {
  const w = new DescribeWriter()
  const m = pvc.metadata ?? {}
  const spec = pvc.spec ?? {}
  w.write(0, `Name:\t${m.name}\n`)
  w.write(0, `Namespace:\t${m.namespace}\n`)
  w.write(0, `StorageClass:\t${storageClassOf(pvc)}\n`)
  status(w, pvc, ctx)
  w.write(0, `Volume:\t${spec.volumeName ?? ''}\n`)
  labelsMultiline(w, 'Labels', m.labels)
  annotationsMultiline(w, 'Annotations', m.annotations)
  w.write(0, `Finalizers:\t${goList(m.finalizers)}\n`)
  const bound = !!spec.volumeName
  w.write(0, `Capacity:\t${bound ? pvc.status?.capacity?.storage ?? '0' : ''}\n`)
  w.write(0, `Access Modes:\t${bound ? accessModesString(pvc.status?.accessModes) : ''}\n`)
  if (spec.volumeMode) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`)
  if (spec.dataSource) {
    w.write(0, 'DataSource:\n')
    if (spec.dataSource.apiGroup) w.write(1, `APIGroup:\t${spec.dataSource.apiGroup}\n`)
    w.write(1, `Kind:\t${spec.dataSource.kind ?? ''}\n`)
    w.write(1, `Name:\t${spec.dataSource.name ?? ''}\n`)
  }
  rowsMultiline(w, 0, 'Used By', podsUsingClaim(pvc, ctx.pods ?? []).map((p) => p.metadata?.name ?? ''))
  const conds = pvc.status?.conditions ?? []
  if (conds.length) {
    w.write(0, 'Conditions:\n')
    w.write(1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n')
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n')
    for (const c of conds) w.write(1, `${c.type ?? ''} \t${c.status ?? ''} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`)
  }
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}

/** `describe pv`. */
export function describePersistentVolume(pv: any, ctx: DescribeContext): string {
  const w = new DescribeWriter()
  const m = pv.metadata ?? {}
  const spec = pv.spec ?? {}
  w.write(0, `Name:\t${m.name}\n`)
  labelsMultiline(w, 'Labels', m.labels)
  annotationsMultiline(w, 'Annotations', m.annotations)
  w.write(0, `Finalizers:\t${goList(m.finalizers)}\n`)
  w.write(0, `StorageClass:\t${storageClassOf(pv)}\n`)
  status(w, pv, ctx)
  w.write(0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}\n`)
  w.write(0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`)
  w.write(0, `Access Modes:\t${accessModesString(spec.accessModes)}\n`)
  if (spec.volumeMode) w.write(0, `VolumeMode:\t${spec.volumeMode}\n`)
  w.write(0, `Capacity:\t${spec.capacity?.storage ?? '0'}\n`)
  w.write(0, 'Node Affinity:\t')
  const terms = spec.nodeAffinity?.required?.nodeSelectorTerms
  if (!spec.nodeAffinity?.required) w.line('<none>')
  else {
    w.line('')
    w.write(1, 'Required Terms:\t')
    if (!terms?.length) w.line('<none>')
    else {
      w.line('')
      terms.forEach((term: any, i: number) => rowsMultiline(w, 2, `Term ${i}`, (term.matchExpressions ?? []).map((r: any) =>
        `${r.key} ${String(r.operator ?? '').toLowerCase()}${r.values?.length ? ` [${r.values.join(', ')}]` : ''}`)))
    }
  }
  w.write(0, `Message:\t${pv.status?.message ?? ''}\n`)
  w.write(0, 'Source:\n')
  volumeSource(w, spec)
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}

// The sources a learner meets (kind's hostPath, local disks, NFS, CSI drivers); the others print as <unknown> here.
function volumeSource(w: DescribeWriter, spec: any): void {
  if (spec.hostPath) {
    w.write(2, 'Type:\tHostPath (bare host directory volume)\n')
    w.write(2, `Path:\t${spec.hostPath.path ?? ''}\n`)
    w.write(2, `HostPathType:\t${spec.hostPath.type ?? ''}\n`)
  } else if (spec.nfs) {
    w.write(2, 'Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n')
    w.write(2, `Server:\t${spec.nfs.server ?? ''}\n`)
    w.write(2, `Path:\t${spec.nfs.path ?? ''}\n`)
    w.write(2, `ReadOnly:\t${Boolean(spec.nfs.readOnly)}\n`)
  } else if (spec.local) {
    w.write(2, 'Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n')
    w.write(2, `Path:\t${spec.local.path ?? ''}\n`)
  } else if (spec.csi) {
    const c = spec.csi
    w.write(2, 'Type:\tCSI (a Container Storage Interface (CSI) volume source)\n')
    w.write(2, `Driver:\t${c.driver ?? ''}\n`)
    w.write(2, `FSType:\t${c.fsType ?? ''}\n`)
    w.write(2, `VolumeHandle:\t${c.volumeHandle ?? ''}\n`)
    w.write(2, `ReadOnly:\t${Boolean(c.readOnly)}\n`)
    // kubectl writes every attribute, and the indent of each continuation line, at LEVEL_2: each gains 4 spaces
    w.write(2, 'VolumeAttributes:\t')
    const attrs = c.volumeAttributes ?? {}
    const keys = Object.keys(attrs).sort()
    if (keys.length === 0) w.line('<none>')
    keys.forEach((k, i) => {
      if (i !== 0) w.write(4, '\t')
      const line = `${k}=${attrs[k]}`
      w.write(2, `${line.length > 140 ? `${line.slice(0, 140)}...` : line}\n`)
    })
  } else {
    w.write(1, '<unknown>\n')
  }
}

/** `describe storageclass`. */
export function describeStorageClass(sc: any, ctx: DescribeContext): string {
  const w = new DescribeWriter()
  const ann = sc.metadata?.annotations ?? {}
  const isDefault = ann['storageclass.kubernetes.io/is-default-class'] === 'true' || ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
  w.write(0, `Name:\t${sc.metadata?.name}\n`)
  w.write(0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}\n`)
  w.write(0, `Annotations:\t${formatLabels(ann)}\n`)
  w.write(0, `Provisioner:\t${sc.provisioner ?? ''}\n`)
  w.write(0, `Parameters:\t${formatLabels(sc.parameters)}\n`)
  w.write(0, `AllowVolumeExpansion:\t${sc.allowVolumeExpansion === undefined ? '<unset>' : sc.allowVolumeExpansion ? 'True' : 'False'}\n`)
  const opts: string[] = sc.mountOptions ?? []
  if (opts.length === 0) w.write(0, 'MountOptions:\t<none>\n')
  else {
    w.write(0, 'MountOptions:\n')
    for (const o of opts) w.write(1, `${o}\n`)
  }
  if (sc.reclaimPolicy) w.write(0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`)
  if (sc.volumeBindingMode) w.write(0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`)
  if (sc.allowedTopologies) {
    w.write(0, 'AllowedTopologies:\t')
    const terms: any[] = sc.allowedTopologies
    if (terms.length === 0) w.line('<none>')
    else {
      w.line('')
      terms.forEach((t: any, i: number) => rowsMultiline(w, 1, `Term ${i}`, (t.matchLabelExpressions ?? []).map((e: any) => `${e.key} in [${(e.values ?? []).join(', ')}]`)))
    }
  }
  if (ctx.events) describeEvents(w, ctx.events, ctx.now)
  return w.text()
}
