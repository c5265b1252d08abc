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

/**
 * Writes the volume's files into dir as kubelet's atomic writer does, first time and on every update alike: the new
 * contents go into a fresh timestamped directory, `..data` is swapped to it by a rename, visible links are added or
 * removed to match, and the old directory goes last, so a reader in the container never sees a half-written volume.
 * dir itself is kept (a container may have it bind-mounted).
 */
export function writeConfigVolume(dir: string, src: ConfigVolumeSource, obj: KObject | undefined, now = new Date()): void {
  fs.mkdirSync(dir, {recursive: true})
  const data = contents(src, obj)
  const files: [string, Buffer, number][] = src.items
    ? src.items.filter((i) => data.has(i.key)).map((i) => [safeRelative(i.path), data.get(i.key)!, i.mode ?? src.defaultMode ?? 0o644])
    : [...data].map(([k, v]) => [k, v, src.defaultMode ?? 0o644])
  let stamp = `..${now.toISOString().replace(/[-:]/g, '_').replace('T', '_').replace(/\.(\d+)Z$/, '.$1000000')}`
  for (let n = 1; fs.existsSync(path.join(dir, stamp)); n++) stamp = stamp.replace(/\d{6}$/, String(n).padStart(6, '0'))
  for (const [rel, bytes, mode] of files) {
    const file = path.join(dir, stamp, rel)
    fs.mkdirSync(path.dirname(file), {recursive: true})
    fs.writeFileSync(file, bytes, {mode: mode & 0o777})
    fs.chmodSync(file, mode & 0o777)
  }
  fs.mkdirSync(path.join(dir, stamp), {recursive: true})
  const dataLink = path.join(dir, '..data')
  const old = fs.existsSync(dataLink) ? fs.readlinkSync(dataLink) : undefined
  fs.rmSync(path.join(dir, '..data_tmp'), {force: true})
  fs.symlinkSync(stamp, path.join(dir, '..data_tmp'))
  fs.renameSync(path.join(dir, '..data_tmp'), dataLink)
  // The visible names: each top-level entry links through ..data; names of keys that went away go too.
  const tops = new Set(files.map(([rel]) => rel.split('/')[0]))
  for (const entry of fs.readdirSync(dir)) if (!entry.startsWith('..') && !tops.has(entry)) fs.rmSync(path.join(dir, entry), {recursive: true, force: true})
  for (const top of tops) if (!present(path.join(dir, top))) fs.symlinkSync(path.join('..data', top), path.join(dir, top))
  if (old && old !== stamp) fs.rmSync(path.join(dir, old), {recursive: true, force: true})
}

function present(p: string): boolean {
  try {
    fs.lstatSync(p)
    return true
  } catch {
    return false
  }
}

/** An `items[].path` kept inside the volume (the API refuses `..` and absolute paths; this only guards the sandbox). */
function safeRelative(p: string): string {
  return path.posix.normalize(`/${p}`).slice(1) || '_'
}
