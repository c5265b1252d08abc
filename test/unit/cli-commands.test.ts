// The bundle's command table (src/lib/cli/commands.ts) must list every file under src/commands/, by the id oclif
// gives it, and the shipped manifest must hold the same ids: a command missing from the table would not run.
import {describe, expect, test} from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import {ROOT} from '../helpers/cli.js'
import {globalFlags} from '../../src/lib/cli/base.js'

function commandFiles(dir: string): string[] {
  return fs.readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? commandFiles(p) : e.name.endsWith('.ts') ? [p] : []
  })
}

/** oclif's id for a command file: directories are topics, `index` names the topic itself. */
function oclifId(file: string): string {
  return path.relative(path.join(ROOT, 'src', 'commands'), file).replace(/\.ts$/, '').replace(/\/index$/, '').split(path.sep).join(':')
}

const table = fs.readFileSync(path.join(ROOT, 'src', 'lib', 'cli', 'commands.ts'), 'utf8')
const entries = [...table.matchAll(/^ {2}'([^']+)': \(\) => require\('\.\.\/\.\.\/commands\/([^']+)\.js'\),$/gm)].map((m) => ({id: m[1], file: m[2]}))

describe('command table', () => {
  test('every command file is in the table under its oclif id, in id order, and nothing else is', () => {
    const expected = commandFiles(path.join(ROOT, 'src', 'commands')).map((f) => ({id: oclifId(f), file: path.relative(path.join(ROOT, 'src', 'commands'), f).replace(/\.ts$/, '')}))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
    expect(entries).toEqual(expected)
    expect(entries.length).toBeGreaterThan(60)
  })

  test('the built manifest holds the same command ids', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8'))
    expect(Object.keys(manifest.commands).sort()).toEqual(entries.map((e) => e.id))
  })

  test('the built manifest keeps the global flags once, on `options` (scripts/slim-manifest.js)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'oclif.manifest.json'), 'utf8'))
    const withGlobals = Object.entries<any>(manifest.commands).filter(([, c]) => Object.values<any>(c.flags).some((f) => f.helpGroup === 'GLOBAL')).map(([id]) => id)
    expect(withGlobals).toEqual(['options'])
    expect(Object.keys(manifest.commands.options.flags).sort()).toEqual(Object.keys(globalFlags).sort())
  })
})
