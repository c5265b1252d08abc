// kubectl's --sort-by comparisons (kubectl/pkg/cmd/get/sorter.go): natural string order, numbers numerically,
// strings that both parse as resource quantities by value; missing values sort first.
import {parseJsonPath, findResults, relaxedJsonPathExpression} from './jsonpath.js'

/** fvbommel/sortorder.NaturalLess: runs of digits compare numerically, everything else bytewise. */
export function naturalLess(a: string, b: string): boolean {
  const s1 = Buffer.from(a, 'utf8'), s2 = Buffer.from(b, 'utf8')
  const isDigit = (c: number) => c >= 0x30 && c <= 0x39
  let i1 = 0, i2 = 0
  while (i1 < s1.length && i2 < s2.length) {
    const c1 = s1[i1], c2 = s2[i2]
    const d1 = isDigit(c1), d2 = isDigit(c2)
    if (d1 !== d2) return d1
    if (!d1) {
      if (c1 !== c2) return c1 < c2
      i1++; i2++
      continue
    }
    while (i1 < s1.length && s1[i1] === 0x30) i1++
    while (i2 < s2.length && s2[i2] === 0x30) i2++
    const nz1 = i1, nz2 = i2
    while (i1 < s1.length && isDigit(s1[i1])) i1++
    while (i2 < s2.length && isDigit(s2[i2])) i2++
    const len1 = i1 - nz1, len2 = i2 - nz2
    if (len1 !== len2) return len1 < len2
    const n1 = s1.toString('latin1', nz1, i1), n2 = s2.toString('latin1', nz2, i2)
    if (n1 !== n2) return n1 < n2
    if (nz1 !== nz2) return nz1 < nz2
  }
  return s1.length < s2.length
}

const SUFFIX: Record<string, [number, number]> = {
  // [base, exponent]: binary suffixes are powers of 1024 (base 2), decimal suffixes powers of 10
  Ki: [2, 10], Mi: [2, 20], Gi: [2, 30], Ti: [2, 40], Pi: [2, 50], Ei: [2, 60],
  n: [10, -9], u: [10, -6], m: [10, -3], '': [10, 0], k: [10, 3], M: [10, 6], G: [10, 9], T: [10, 12], P: [10, 15], E: [10, 18],
}

/** resource.ParseQuantity, reduced to a comparable number; undefined when the string is not a quantity. */
export function parseQuantity(s: string): number | undefined {
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?[0-9]+))?$/.exec(s)
  if (!m) return undefined
  const n = Number(m[1])
  if (m[3] !== undefined) return n * 10 ** Number(m[3])
  const [base, exp] = SUFFIX[m[2] ?? '']
  return n * base ** exp
}

/** kubectl's isLess for two values found by the sort-by JSONPath in unstructured objects. */
export function isLess(a: unknown, b: unknown, path = ''): boolean {
  if (a === null || a === undefined) return !(b === null || b === undefined) ? true : false
  if (b === null || b === undefined) return false
  if (typeof a === 'number' && typeof b === 'number') return a < b
  if (typeof a === 'boolean' && typeof b === 'boolean') return !a && b
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = parseQuantity(a), qb = qa === undefined ? undefined : parseQuantity(b)
    if (qa !== undefined && qb !== undefined) return qa < qb
    return naturalLess(a, b)
  }
  if (typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean') return true
  const kind = Array.isArray(a) ? '[]interface {}' : 'map[string]interface {}'
  throw new Error(`Field ${path} in ${kind} is an unsortable type: interface, err: unsortable type: ${kind}`)
}

/** Sorts items by a --sort-by JSONPath (kubectl's relaxed syntax: `.a.b`, `a.b` or `{.a.b}`); stable. */
export function sortByJsonPath<T>(items: T[], sortBy: string, objectOf: (item: T) => unknown = x => x): T[] {
  const expr = relaxedJsonPathExpression(sortBy)
  const parsed = parseJsonPath(expr)
  const keys = items.map(it => {
    const results = findResults(parsed, objectOf(it), true)
    return results.length > 0 && results[0].length > 0 ? {found: true, value: results[0][0]} : {found: false, value: undefined}
  })
  if (items.length > 0 && !keys.some(k => k.found)) {
    throw new Error(`couldn't find any field with path "${expr}" in the list of objects`)
  }
  const idx = items.map((_, i) => i)
  idx.sort((i, j) => {
    const ki = keys[i], kj = keys[j]
    const lessIJ = !ki.found ? true : !kj.found ? false : isLess(ki.value, kj.value, sortBy)
    const lessJI = !kj.found ? true : !ki.found ? false : isLess(kj.value, ki.value, sortBy)
    return lessIJ && !lessJI ? -1 : lessJI && !lessIJ ? 1 : 0
  })
  return idx.map(i => items[i])
}
