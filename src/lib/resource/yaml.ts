// kubectl reads YAML with sigs.k8s.io/yaml, which is go-yaml v2: plain scalars resolve as in YAML 1.1. js-yaml's default
// is YAML 1.2, where the same file means another object: `defaultMode: 0644` is 644 rather than 420 (an invalid mode),
// `readOnly: yes` the string "yes" rather than true, `2024-01-01` a Date printed back with a time. This schema resolves
// plain scalars as go-yaml v2 does when it decodes into interface{}, so that kctl sends what kubectl sends.
import type * as JsYaml from 'js-yaml'
import {KctlError} from '../cli/errors.js'
import {GO_INT, YAML_FLOAT} from '../printers/yaml.js'

/** The parts of js-yaml used here (callers pass the module they loaded lazily). */
type JsYamlModule = Pick<typeof JsYaml, 'load' | 'Type' | 'FAILSAFE_SCHEMA'>

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'])
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'])
/** Every plain word go-yaml v2 reads as a boolean. */
export const GO_YAML_BOOLEAN_WORDS: readonly string[] = [...TRUE, ...FALSE]
const NULL = new Set(['', '~', 'null', 'Null', 'NULL'])
const SPECIAL_FLOAT: Record<string, number> = {
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity, '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity, '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
}

/** A number as go-yaml v2 reads a plain scalar (underscores dropped; Go's base prefixes and leading-zero octal), else undefined. */
export function goYamlNumber(text: string): number | undefined {
  if (!'-+.0123456789'.includes(text[0] ?? '')) return undefined
  const plain = text.replace(/_/g, '')
  if (GO_INT.test(plain)) {
    const sign = plain[0] === '-' ? -1 : 1
    const digits = plain.replace(/^[+-]/, '')
    const m = /^0([xXbBoO]?)(.*)$/.exec(digits)
    if (!m || digits === '0') return sign * Number(digits)
    const radix = {x: 16, b: 2, o: 8, '': 8}[m[1].toLowerCase() as 'x' | 'b' | 'o' | '']
    return sign * parseInt(m[2], radix)
  }
  if (YAML_FLOAT.test(plain)) return Number(plain)
  return undefined
}

function implicit(yaml: JsYamlModule, tag: string, test: (s: string) => boolean, value: (s: string) => unknown): JsYaml.Type {
  return new yaml.Type(`tag:yaml.org,2002:${tag}`, {kind: 'scalar', resolve: (s: string | null) => test(s ?? ''), construct: (s: string | null) => value(s ?? '')})
}

let cached: JsYaml.Schema | undefined

/**
 * go-yaml v2's resolution as a js-yaml schema: YAML 1.1 booleans, nulls, integers (`0644`, `0x1F`, `0b101`, `1_000`) and
 * floats; timestamps stay strings (v2 keeps them so for interface{}); merge keys (`<<`) work.
 */
export function goYamlSchema(yaml: JsYamlModule): JsYaml.Schema {
  return (cached ??= yaml.FAILSAFE_SCHEMA.extend({
    implicit: [
      implicit(yaml, 'null', (s) => NULL.has(s), () => null),
      implicit(yaml, 'bool', (s) => TRUE.has(s) || FALSE.has(s), (s) => TRUE.has(s)),
      implicit(yaml, 'int', (s) => GO_INT.test(s.replace(/_/g, '')) && goYamlNumber(s) !== undefined, (s) => goYamlNumber(s)),
      implicit(yaml, 'float', (s) => s in SPECIAL_FLOAT || goYamlNumber(s) !== undefined, (s) => (s in SPECIAL_FLOAT ? SPECIAL_FLOAT[s] : goYamlNumber(s))),
      // js-yaml's loader merges a key whose tag is this one.
      implicit(yaml, 'merge', (s) => s === '<<', (s) => s),
    ],
  }))
}

/** The first value JSON cannot hold (±Inf, NaN), in Go's words, or undefined. */
function unsupported(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN'
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) {
      const bad = unsupported(v)
      if (bad) return bad
    }
  }
  return undefined
}

/**
 * One YAML document as kubectl reads it. `where` prefixes the JSON-conversion error (`error parsing FILE`), as kubectl's
 * does; js-yaml's syntax errors are thrown unchanged for the caller to word.
 */
export function loadKubectlYaml(yaml: JsYamlModule, text: string, where: string): unknown {
  const value = yaml.load(text, {schema: goYamlSchema(yaml)})
  const bad = unsupported(value)
  if (bad) throw new KctlError(`${where}: error converting YAML to JSON: json: unsupported value: ${bad}`)
  return value
}
