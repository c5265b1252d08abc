// The sandbox kubelet's ConfigMap and Secret volumes: the atomic writer's layout, items and modes, and the FailedMount
// reasons in the kubelet's words.
import {describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {configVolumeProblem, configVolumeSource, writeConfigVolume} from '../../src/sandbox/kubelet/config-volumes.js'

const configMap: any = {metadata: {name: 'settings'}, data: {greeting: 'hello', color: 'blue'}, binaryData: {raw: Buffer.from([0, 1, 2]).toString('base64')}}
const secret: any = {metadata: {name: 'creds'}, data: {password: Buffer.from('s3cr3t').toString('base64')}}

function layout(dir: string): string[] {
  return fs.readdirSync(dir).sort().map((n) => {
    const p = path.join(dir, n)
    const st = fs.lstatSync(p)
    return st.isSymbolicLink() ? `${n} -> ${fs.readlinkSync(p)}` : `${n}/`
  })
}

describe('writeConfigVolume', () => {
  test('every key of a ConfigMap (data and binaryData), linked through ..data, mode 0644', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-cv-')), 'v')
    writeConfigVolume(dir, configVolumeSource({configMap: {name: 'settings'}})!, configMap, new Date('2026-11-27T00:20:01.123Z'))
    expect(layout(dir)).toEqual(['..2026_11_27_00_20_01.123000000/', '..data -> ..2026_11_27_00_20_01.123000000', 'color -> ..data/color', 'greeting -> ..data/greeting', 'raw -> ..data/raw'])
    expect(fs.readFileSync(path.join(dir, 'greeting'), 'utf8')).toBe('hello')
    expect([...fs.readFileSync(path.join(dir, 'raw'))]).toEqual([0, 1, 2])
    expect(fs.statSync(path.join(dir, 'color')).mode & 0o777).toBe(0o644)
  })

  test('a Secret\'s items: decoded, at their paths, with their modes; a second write replaces the first', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-cv-')), 'v')
    const src = configVolumeSource({secret: {secretName: 'creds', defaultMode: 0o440, items: [{key: 'password', path: 'app/pass', mode: 0o400}, {key: 'password', path: 'copy'}]}})!
    writeConfigVolume(dir, src, secret)
    writeConfigVolume(dir, src, secret)
    expect(layout(dir).filter((l) => !l.startsWith('..'))).toEqual(['app -> ..data/app', 'copy -> ..data/copy'])
    expect(fs.readFileSync(path.join(dir, 'app/pass'), 'utf8')).toBe('s3cr3t')
    expect(fs.statSync(path.join(dir, 'app/pass')).mode & 0o777).toBe(0o400)
    expect(fs.statSync(path.join(dir, 'copy')).mode & 0o777).toBe(0o440)
  })
})

describe('writeConfigVolume on an update', () => {
  test('swaps ..data to a new directory, links added keys, unlinks removed ones, removes the old directory, keeps dir itself', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-cv-')), 'v')
    const src = configVolumeSource({configMap: {name: 'settings'}})!
    writeConfigVolume(dir, src, configMap, new Date('2026-11-27T00:20:01.123Z'))
    const inode = fs.statSync(dir).ino
    writeConfigVolume(dir, src, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'settings'}, data: {greeting: 'hi', size: 'L'}}, new Date('2026-11-27T00:21:00.000Z'))
    expect(layout(dir)).toEqual(['..2026_11_27_00_21_00.000000000/', '..data -> ..2026_11_27_00_21_00.000000000', 'greeting -> ..data/greeting', 'size -> ..data/size'])
    expect([fs.readFileSync(path.join(dir, 'greeting'), 'utf8'), fs.statSync(dir).ino]).toEqual(['hi', inode])
  })

  test('two writes stamped in the same millisecond get two directories', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-cv-')), 'v')
    const src = configVolumeSource({configMap: {name: 'settings'}})!
    const at = new Date('2026-11-27T00:20:01.123Z')
    writeConfigVolume(dir, src, configMap, at)
    writeConfigVolume(dir, src, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'settings'}, data: {greeting: 'again'}}, at)
    expect(layout(dir)).toEqual(['..2026_11_27_00_20_01.123000001/', '..data -> ..2026_11_27_00_20_01.123000001', 'greeting -> ..data/greeting'])
    expect(fs.readFileSync(path.join(dir, 'greeting'), 'utf8')).toBe('again')
  })
})

describe('configVolumeProblem', () => {
  test.each([
    ['a missing ConfigMap', {configMap: {name: 'settings'}}, undefined, 'configmap "settings" not found'],
    ['a missing Secret', {secret: {secretName: 'creds'}}, undefined, 'secret "creds" not found'],
    ['an optional missing ConfigMap', {configMap: {name: 'settings', optional: true}}, undefined, undefined],
    ['an item naming no key', {configMap: {name: 'settings', items: [{key: 'nope', path: 'x'}]}}, configMap, 'configmap references non-existent config key: nope'],
    ['a Secret item naming no key', {secret: {secretName: 'creds', items: [{key: 'nope', path: 'x'}]}}, secret, 'secret references non-existent secret key: nope'],
    ['a present ConfigMap', {configMap: {name: 'settings'}}, configMap, undefined],
  ])('%s', (_name, vol, obj, message) => {
    expect(configVolumeProblem(configVolumeSource(vol)!, obj as any)).toBe(message)
  })

  test('other volumes are not config volumes', () => {
    expect(configVolumeSource({emptyDir: {}})).toBeUndefined()
  })
})
