// kctl's own tar reader and defensive extractor against hand-made hostile archives (the kubectl cp CVE lineage).
import {describe, expect, test, beforeEach} from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import {TarReader, safeExtractor, stripPathShortcuts, tarPrefix, unsafeName, isInside} from '../../src/lib/cp/untar.js'
import {parseFileSpec, cpOptions, untarCommand, tarCommand, missingTar} from '../../src/lib/cp/cp.js'
import {entry} from '../helpers/tar.js'


/** A complete archive (two zero blocks at the end). */
export function archive(...entries: Buffer[]): Buffer {
  return Buffer.concat([...entries, Buffer.alloc(1024)])
}

let root: string
let dest: string
let warnings: string[]

/** Feeds `buf` in pieces of `chunk` bytes through one reused buffer, as the download's socket reads arrive. */
async function extract(buf: Buffer, prefix: string, chunk = 97): Promise<void> {
  const reader = new TarReader(safeExtractor({dest, prefix, warn: (l) => warnings.push(l)}))
  const reads = Buffer.alloc(chunk)
  for (let i = 0; i < buf.length; i += chunk) {
    const n = buf.copy(reads, 0, i, i + chunk)
    reader.feed(reads.subarray(0, n))
    reads.fill(0xee) // whatever was kept without copying is now wrong
  }
  reader.finish()
}

function tree(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const n of fs.readdirSync(d).sort()) {
      const p = path.join(d, n)
      const st = fs.lstatSync(p)
      out.push(path.relative(root, p) + (st.isDirectory() ? '/' : st.isSymbolicLink() ? '@' : ''))
      if (st.isDirectory()) walk(p)
    }
  }
  walk(dir)
  return out
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-untar-'))
  dest = path.join(root, 'out')
  warnings = []
})

describe('safe extraction', () => {
  test('a directory lands under dest with its files', async () => {
    await extract(archive(entry('src/', {type: '5', mode: 0o755}), entry('src/a.txt', {data: 'a\n'}), entry('src/sub/b.txt', {data: 'bb\n'})), 'src')
    expect(tree(root)).toEqual(['out/', 'out/a.txt', 'out/sub/', 'out/sub/b.txt'])
    expect(fs.readFileSync(path.join(dest, 'sub/b.txt'), 'utf8')).toBe('bb\n')
    expect(warnings).toEqual([])
  })

  test('a single file becomes dest itself', async () => {
    await extract(archive(entry('etc/hosts', {data: '127.0.0.1 localhost\n'})), 'etc/hosts')
    expect(tree(root)).toEqual(['out'])
    expect(fs.readFileSync(dest, 'utf8')).toBe('127.0.0.1 localhost\n')
  })

  test.each([
    ['../../tmp/x', 'parent directory reference'],
    ['/etc/x', 'absolute path'],
    ['a/../../x', 'parent directory reference'],
    ['C:..\\x', 'drive-relative path'],
    ['\\\\server\\share\\x', 'UNC path'],
  ])('CP-1 entry %j is refused (%s)', async (name, why) => {
    expect(unsafeName(name)).toBe(why)
    await extract(archive(entry('src/ok', {data: 'ok'}), entry(name, {data: 'pwned'})), '')
    expect(tree(root)).toEqual(['out/', 'out/src/', 'out/src/ok'])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^warning: file ".*" is outside target destination, skipping\n$/)
  })

  test('CP-1 a pax path with NUL is refused', async () => {
    expect(unsafeName('a\0b')).toBe('contains NUL')
    const rec = (body: string) => {
      let n = body.length + 3
      if (String(n).length + body.length + 2 !== n) n = String(n + 1).length + body.length + 2
      return `${n} ${body}\n`
    }
    const pax = entry('PaxHeader', {type: 'x', data: rec('path=src/a\0/../../b')})
    await extract(archive(pax, entry('src/ignored', {data: 'N'})), 'src')
    expect(tree(root)).toEqual([])
    expect(warnings).toHaveLength(1)
  })

  test('CP-2 symlinks are skipped, including the CVE-2019-11251 chain a -> . , a/b -> ../.., a/b/pwn', async () => {
    await extract(archive(entry('src/a', {type: '2', linkname: '.'}), entry('src/a/b', {type: '2', linkname: '../..'}), entry('src/a/b/pwn', {data: 'x'})), 'src')
    expect(fs.existsSync(path.join(root, 'pwn'))).toBe(false)
    expect(fs.existsSync(path.join(path.dirname(root), 'pwn'))).toBe(false)
    expect(tree(root)).toEqual(['out/', 'out/a/', 'out/a/b/', 'out/a/b/pwn'])
    expect(warnings).toEqual([
      `warning: skipping symlink: "${path.join(dest, 'a')}" -> "."\n`,
      `warning: skipping symlink: "${path.join(dest, 'a/b')}" -> "../.."\n`,
    ])
  })

  test('CP-2/CP-6 nothing is written through a symlink already in the destination', async () => {
    fs.mkdirSync(dest)
    const outside = path.join(root, 'outside')
    fs.mkdirSync(outside)
    fs.symlinkSync(outside, path.join(dest, 'link'))
    fs.symlinkSync(path.join(outside, 'f'), path.join(dest, 'f'))
    await extract(archive(entry('src/link/pwn', {data: 'x'}), entry('src/f', {data: 'y'})), 'src')
    expect(fs.readdirSync(outside)).toEqual([])
    expect(warnings).toEqual([
      `warning: file "${path.join(dest, 'link/pwn')}" would be written through a symlink, skipping\n`,
      `warning: file "${path.join(dest, 'f')}" would be written through a symlink, skipping\n`,
    ])
  })

  test('CP-3 hardlinks are skipped', async () => {
    await extract(archive(entry('src/passwd', {type: '1', linkname: '../../etc/passwd'})), 'src')
    expect(tree(root)).toEqual([])
    expect(warnings).toEqual([`warning: skipping hardlink: "${path.join(dest, 'passwd')}" -> "../../etc/passwd"\n`])
  })

  test('CP-4 an entry outside the requested prefix aborts as corrupted', async () => {
    await expect(extract(archive(entry('etc/hosts', {data: 'h'}), entry('.profile', {data: 'evil'})), 'etc/hosts')).rejects.toThrow('tar contents corrupted')
    expect(fs.existsSync(path.join(root, '.profile'))).toBe(false)
  })

  test('CP-4 a sibling sharing the prefix string is not the requested file', async () => {
    await expect(extract(archive(entry('etc/hostsevil', {data: 'evil'})), 'etc/hosts')).rejects.toThrow('tar contents corrupted')
  })

  test('CP-5 setuid, setgid and sticky bits are dropped', async () => {
    await extract(archive(entry('src/', {type: '5'}), entry('src/suid', {data: '#!/bin/sh\n', mode: 0o4755}), entry('src/sgid', {data: 'x', mode: 0o2755}), entry('src/sticky', {data: 'x', mode: 0o1777})), 'src')
    const umask = process.umask()
    expect(fs.statSync(path.join(dest, 'suid')).mode & 0o7777).toBe(0o755 & ~umask)
    expect(fs.statSync(path.join(dest, 'sgid')).mode & 0o7777).toBe(0o755 & ~umask)
    expect(fs.statSync(path.join(dest, 'sticky')).mode & 0o7777).toBe(0o777 & ~umask)
  })

  test('devices and fifos are skipped', async () => {
    await extract(archive(entry('src/null', {type: '3'}), entry('src/fifo', {type: '6'})), 'src')
    expect(tree(root)).toEqual([])
    expect(warnings).toEqual([`warning: skipping special file "${path.join(dest, 'null')}"\n`, `warning: skipping special file "${path.join(dest, 'fifo')}"\n`])
  })

  test('CP-7 a stream cut anywhere before its end-of-archive is an error', async () => {
    const full = archive(entry('src/', {type: '5'}), entry('src/big', {data: Buffer.alloc(5000, 7)}), entry('src/small', {data: 'x'}))
    for (const cut of [1, 511, 512, 700, 3000, 5632, full.length - 1024]) {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-untar-'))
      dest = path.join(root, 'out')
      await expect(extract(full.subarray(0, cut), 'src')).rejects.toThrow('tar stream truncated: the copy is incomplete (the connection or the remote tar stopped early)')
    }
  })

  test('a corrupted header checksum is an error', async () => {
    const bad = archive(entry('src/a', {data: 'a'}))
    bad[10] ^= 0xff
    await expect(extract(bad, 'src')).rejects.toThrow('tar contents corrupted: bad header checksum')
  })

  test('GNU long names are honoured and still confined', async () => {
    const long = 'src/' + 'd'.repeat(120) + '/f'
    const longEntry = entry('././@LongLink', {type: 'L', data: long + '\0'})
    await extract(archive(longEntry, entry('ignored', {data: 'L'})), 'src')
    expect(fs.readFileSync(path.join(dest, 'd'.repeat(120), 'f'), 'utf8')).toBe('L')
    const escape = entry('././@LongLink', {type: 'L', data: 'src/../../../escape\0'})
    await extract(archive(escape, entry('ignored2', {data: 'E'})), 'src')
    expect(fs.existsSync(path.join(root, 'escape'))).toBe(false)
    expect(warnings).toEqual([`warning: file "${path.join(dest, 'src/../../../escape')}" is outside target destination, skipping\n`])
  })
})

describe('kubectl cp path helpers', () => {
  test.each([
    ['../foo/bar', 'foo/bar'], ['..\\foo\\bar', 'foo/bar'], ['/tmp/one/two/../../foo/bar', 'tmp/foo/bar'], ['../..', ''], ['../...foo', '...foo'], ['/', ''],
  ])('stripPathShortcuts(%j) = %j', (i, o) => expect(stripPathShortcuts(i)).toBe(o))

  test.each([['/etc/hosts', 'etc/hosts'], ['/tmp/dir/', 'tmp/dir'], ['relative/x', 'relative/x'], ['/', '']])('tarPrefix(%j) = %j', (i, o) => expect(tarPrefix(i)).toBe(o))

  test('isInside', () => {
    expect([isInside('/dir', '/dir/../link'), isInside('/dir', '/dir/int/../link'), isInside('/dir', '/dir'), isInside('/dir', '/dirx')]).toEqual([false, true, true, false])
  })

  test.each([
    ['namespace/pod:/some/file', {namespace: 'namespace', pod: 'pod', file: '/some/file'}],
    ['pod:/some/file', {pod: 'pod', file: '/some/file'}],
    ['/some/file', {file: '/some/file'}],
    ['pod:/some/filenamewith:in', {pod: 'pod', file: '/some/filenamewith:in'}],
  ])('parseFileSpec(%j)', (i, o) => expect(parseFileSpec(i)).toEqual(o))

  test.each([':file:x', 'namespace/pod/invalid:/some/file'])('parseFileSpec(%j) is refused', (i) => {
    expect(() => parseFileSpec(i)).toThrow('filespec must match the canonical format: [[namespace/]pod:]file/path')
  })

  test('cpOptions validation', () => {
    expect(() => cpOptions(['a'], {})).toThrow('source and destination are required')
    expect(() => cpOptions(['a', 'b'], {})).toThrow('one of src or dest must be a remote file specification')
    expect(() => cpOptions(['p:a', 'q:b'], {})).toThrow('one of src or dest must be a local file specification')
    expect(() => cpOptions(['x', 'p:'], {})).toThrow('filepath can not be empty')
    expect(cpOptions(['ns/p:/a', 'b'], {container: 'c', retries: 2})).toEqual({src: {namespace: 'ns', pod: 'p', file: '/a'}, dest: {file: 'b'}, container: 'c', noPreserve: false, retries: 2})
  })

  test('CP-10 remote commands are argv arrays; the retry form quotes the path for sh', () => {
    expect(untarCommand('.', false)).toEqual(['tar', '-xmf', '-', '-C', '.'])
    expect(untarCommand('/tmp', true)).toEqual(['tar', '--no-same-permissions', '--no-same-owner', '-xmf', '-', '-C', '/tmp'])
    expect(tarCommand('/tmp/foo', 0)).toEqual(['tar', 'cf', '-', '/tmp/foo'])
    expect(tarCommand("/tmp/path'with'quotes", 1)).toEqual(['sh', '-c', "tar cf - '/tmp/path'\\''with'\\''quotes' | tail -c+1"])
  })

  test('CP-8 missing tar is recognised from exit codes and runtime messages', () => {
    expect(missingTar({code: 127}, '')).toBe(true)
    expect(missingTar({code: 126}, '')).toBe(true)
    expect(missingTar({code: 1}, 'bwrap: execvp tar: No such file or directory\n')).toBe(true)
    expect(missingTar({code: 1, message: 'exec: "tar": executable file not found in $PATH'}, '')).toBe(true)
    expect(missingTar({code: 2}, "tar: /etc/nosuch: Cannot stat: No such file or directory\n")).toBe(false)
  })
})

describe('overwriting an existing local file', () => {
  test('a shorter copy over a longer file leaves exactly the new content, with the new mode', async () => {
    fs.writeFileSync(dest, 'old content that is much longer than the new one\n'.repeat(100))
    fs.chmodSync(dest, 0o600)
    await extract(archive(entry('etc/hosts', {data: 'new\n', mode: 0o644})), 'etc/hosts')
    expect(fs.readFileSync(dest, 'utf8')).toBe('new\n')
    expect(fs.statSync(dest).mode & 0o777).toBe(0o644 & ~process.umask())
  })
  test('a copy cut short over a longer file keeps what arrived and nothing of the old tail', async () => {
    fs.writeFileSync(dest, Buffer.alloc(5000, 0x6f))
    const ex = safeExtractor({dest, prefix: 'etc/hosts', warn: (l) => warnings.push(l)})
    const reader = new TarReader(ex)
    const full = archive(entry('etc/hosts', {data: Buffer.alloc(3000, 0x6e)}))
    reader.feed(full.subarray(0, 512 + 1000))
    expect(() => reader.finish()).toThrow('tar stream truncated')
    ex.abort()
    expect(fs.readFileSync(dest).equals(Buffer.alloc(1000, 0x6e))).toBe(true)
  })
})

describe('staged writes', () => {
  // Patterned bytes, so that a slice written twice, dropped or out of order shows.
  const pattern = (n: number) => Buffer.from(Array.from({length: n}, (_, i) => (i * 7 + (i >> 9)) & 0xff))

  test.each([
    ['16 KB reads (several 1 MB writes)', 3 * (1 << 20) + 123, 16384],
    ['100-byte reads', 300_000, 100],
  ])('a large file fed in %s arrives byte for byte', async (_what, size, chunk) => {
    const data = pattern(size)
    await extract(archive(entry('data/big.bin', {data})), 'data/big.bin', chunk)
    expect(fs.readFileSync(dest).equals(data)).toBe(true)
  })

  test('a name that appears twice ends with the later entry, as tar leaves it', async () => {
    fs.mkdirSync(dest)
    await extract(archive(entry('d/f', {data: pattern(2 * (1 << 20) + 5)}), entry('d/f', {data: 'second\n'})), 'd', 16384)
    expect(fs.readFileSync(path.join(dest, 'f'), 'utf8')).toBe('second\n')
  })
})
