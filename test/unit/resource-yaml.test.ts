// Plain scalars as kubectl reads them (go-yaml v2 through sigs.k8s.io/yaml). Expected values were taken from kubectl
// 1.33 itself (`kubectl create -f` of a one-key ConfigMap with --dry-run=client against the sandbox, and server errors
// for booleans and numbers); test/e2e/yaml11-diff.test.ts compares whole objects with kubectl's.
import {describe, expect, test} from '@jest/globals'
import yaml from 'js-yaml'
import {goYamlNumber, loadKubectlYaml} from '../../src/lib/resource/yaml.js'

const value = (text: string) => (loadKubectlYaml(yaml, `k: ${text}`, 'error parsing f') as {k: unknown}).k

describe('loadKubectlYaml', () => {
  test.each([
    ['0644', 420], ['-012', -10], ['0o17', 15], ['0x1F', 31], ['0X1f', 31], ['0b101', 5], ['0B11', 3], ['-0b11', -3],
    ['1_000', 1000], ['1__0', 10], ['0_8', 8], ['08', 8], ['+12', 12], ['1e3', 1000], ['12e03', 12000], ['.5', 0.5],
    ['1.0', 1], ['0.1_0', 0.1], ['0', 0],
  ])('%s is the number %d', (text, n) => {
    expect(value(text)).toBe(n)
  })

  test.each([
    ['yes', true], ['Yes', true], ['YES', true], ['y', true], ['Y', true], ['on', true], ['ON', true], ['true', true],
    ['no', false], ['N', false], ['off', false], ['Off', false], ['FALSE', false],
  ])('%s is %s', (text, b) => {
    expect(value(text)).toBe(b)
  })

  test.each(['~', 'null', 'Null', 'NULL', ''])('%j is null', (text) => {
    expect(value(text)).toBeNull()
  })

  test.each(['2024-01-01', '2024-01-01T10:00:00Z', '2024-1-1', '1:30', '<<', '"0644"', "'yes'", 'yess', '0x', '1.2.3', 'nginx:1.25'])('%s stays a string', (text) => {
    expect(value(text)).toBe(text.replace(/^["'](.*)["']$/, '$1'))
  })

  test('merge keys, and keys are resolved too (go-yaml makes `y` the key true)', () => {
    expect(loadKubectlYaml(yaml, 'base: &b {x: 1, z: 2}\nobj:\n  <<: *b\n  z: 3\n  y: 4\n', 'f')).toEqual({base: {x: 1, z: 2}, obj: {x: 1, z: 3, true: 4}})
  })

  test.each([['.inf', '+Inf'], ['-.Inf', '-Inf'], ['.nan', 'NaN']])('%s cannot become JSON: kubectl\'s error', (text, go) => {
    expect(() => loadKubectlYaml(yaml, `a:\n  b: [1, ${text}]\n`, 'error parsing f.yaml')).toThrow(`error parsing f.yaml: error converting YAML to JSON: json: unsupported value: ${go}`)
  })
})

describe('goYamlNumber', () => {
  test('only numbers Go parses: not words, not timestamps', () => {
    expect([goYamlNumber('12'), goYamlNumber('abc'), goYamlNumber('2024-01-01'), goYamlNumber('-'), goYamlNumber('0x1g')]).toEqual([12, undefined, undefined, undefined, undefined])
  })
})
