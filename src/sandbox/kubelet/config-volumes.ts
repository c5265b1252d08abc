// ConfigMap and Secret volumes as the kubelet writes them: one file per key (or per `items` entry) under the mount, in
// the atomic writer's layout, so that `ls -la` in a container shows what it shows on a real node: a timestamped
// directory holding the files, `..data` pointing at it, and each visible name a symlink through `..data`.
import * as fs from 'node:fs'
import * as path from 'node:path'
import type {KObject} from '../types.js'

/** A pod volume backed by a ConfigMap or a Secret. */
export interface ConfigVolumeSource {
  kind: 'configmap' | 'secret'
  name: string
  optional: boolean
  defaultMode?: number
  items?: {key: string; path: string; mode?: number}[]
}

/** The ConfigMap or Secret behind a pod volume, if the volume is one. */
export function configVolumeSource(vol: Record<string, any> | undefined): ConfigVolumeSource | undefined {
  if (vol?.configMap) return {kind: 'configmap', name: vol.configMap.name ?? '', optional: Boolean(vol.configMap.optional), defaultMode: vol.configMap.defaultMode, items: vol.configMap.items}
  if (vol?.secret) return {kind: 'secret', name: vol.secret.secretName ?? '', optional: Boolean(vol.secret.optional), defaultMode: vol.secret.defaultMode, items: vol.secret.items}
  return undefined
}

/** Key → bytes of a ConfigMap (data and binaryData) or a Secret (data, base64). */
function contents(src: ConfigVolumeSource, obj: KObject | undefined): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  if (!obj) return out
  if (src.kind === 'secret') {
    for (const [k, v] of Object.entries<string>(obj.data ?? {})) out.set(k, Buffer.from(v, 'base64'))
  } else {
    for (const [k, v] of Object.entries<string>(obj.data ?? {})) out.set(k, Buffer.from(v, 'utf8'))
    for (const [k, v] of Object.entries<string>(obj.binaryData ?? {})) out.set(k, Buffer.from(v, 'base64'))
  }
  return out
}

/**
 * Why the kubelet cannot set the volume up yet (the FailedMount message after `MountVolume.SetUp failed for volume
 * "NAME" : `), or undefined when it can.
 */
export function configVolumeProblem(src: ConfigVolumeSource, obj: KObject | undefined): string | undefined {
  if (!obj) return src.optional ? undefined : `${src.kind} "${src.name}" not found`
  const data = contents(src, obj)
  for (const item of src.items ?? []) {
    if (!data.has(item.key) && !src.optional) return `${src.kind === 'secret' ? 'secret' : 'configmap'} references non-existent ${src.kind === 'secret' ? 'secret' : 'config'} key: ${item.key}`
  }
  return undefined
}

/** Writes the volume's files into dir (replacing what an earlier start wrote); `now` names the timestamped directory. */
export function writeConfigVolume(dir: string, src: ConfigVolumeSource, obj: KObject | undefined, now = new Date()): void {
  fs.rmSync(dir, {recursive: true, force: true})
  fs.mkdirSync(dir, {recursive: true})
  const data = contents(src, obj)
  const files: [string, Buffer, number][] = src.items
    ? src.items.filter((i) => data.has(i.key)).map((i) => [safeRelative(i.path), data.get(i.key)!, i.mode ?? src.defaultMode ?? 0o644])
    : [...data].map(([k, v]) => [k, v, src.defaultMode ?? 0o644])
  const stamp = `..${now.toISOString().replace(/[-:]/g, '_').replace('T', '_').replace(/\.(\d+)Z$/, '.$1000000')}`
  for (const [rel, bytes, mode] of files) {
    const file = path.join(dir, stamp, rel)
    fs.mkdirSync(path.dirname(file), {recursive: true})
    fs.writeFileSync(file, bytes, {mode: mode & 0o777})
    fs.chmodSync(file, mode & 0o777)
  }
  fs.symlinkSync(stamp, path.join(dir, '..data'))
  // The visible names: each top-level entry links through ..data.
  for (const top of new Set(files.map(([rel]) => rel.split('/')[0]))) fs.symlinkSync(path.join('..data', top), path.join(dir, top))
}

/** An `items[].path` kept inside the volume (the API refuses `..` and absolute paths; this only guards the sandbox). */
function safeRelative(p: string): string {
  return path.posix.normalize(`/${p}`).slice(1) || '_'
}
