// What the kubelets and the controllers agree on about persistent volumes: which claims a pod mounts, when a claim is
// ready to mount, and where a node's path lives on this machine.
import * as path from 'node:path'
import type {KObject} from './types.js'

/** Claim names a pod's volumes refer to. */
export function podClaimNames(pod: KObject): string[] {
  return (pod.spec?.volumes ?? []).map((v: any) => v?.persistentVolumeClaim?.claimName).filter((n: unknown): n is string => typeof n === 'string' && n !== '')
}

/** Whether a claim is bound to a volume (what the scheduler and the kubelet wait for before mounting). */
export function claimIsBound(claim: KObject | undefined): boolean {
  return !!claim && claim.status?.phase === 'Bound' && !!claim.spec?.volumeName
}

/** The kubelets' directory under the sandbox's data directory (DATA/kubelet): pod directories and the nodes' roots. */
export function kubeletDir(sandboxDataDir: string): string {
  return path.join(sandboxDataDir, 'kubelet')
}

/** Where a node's path lives on this machine: every simulated node has its own root under DATA/kubelet/nodes. */
export function nodeHostPath(kubeletDataDir: string, node: string, p: string): string {
  return path.join(kubeletDataDir, 'nodes', node, path.resolve('/', p))
}
