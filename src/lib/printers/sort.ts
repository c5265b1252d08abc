// kubectl's --sort-by comparisons (kubectl/pkg/cmd/get/sorter.go) and Go's sort.Sort, whose element order for
// equal keys is part of kubectl's output. Measured against kubectl 1.33: strings from unstructured objects compare
// bytewise ("10.244.1.10" < "10.244.1.5", "pod-10" < "pod-2") unless both parse as quantities (500Mi < 1Gi);
// numbers numerically; a row without the field is "less" than anything, even another row without it.
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
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')) < 0
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
  const less = (i: number, j: number): boolean => {
    const ki = keys[idx[i]], kj = keys[idx[j]]
    if (!ki.found) return true
    if (!kj.found) return false
    return isLess(ki.value, kj.value, sortBy)
  }
  goSort(idx, less)
  return idx.map(i => items[i])
}

/** Go's sort.Sort on an array with a Less over positions (insertion sort up to 12 elements, as pdqsort does). */
export function goSort<T>(data: T[], less: (i: number, j: number) => boolean): void {
  const swap = (i: number, j: number) => { const t = data[i]; data[i] = data[j]; data[j] = t }
  pdqsort(data.length, less, swap)
}

// Go's pattern-defeating quicksort (sort.Sort since Go 1.19), reproduced so that rows with equal keys end up in
// the same order as kubectl's. Indices are positions; less/swap act on the caller's array.
function pdqsort(n: number, less: (i: number, j: number) => boolean, swap: (i: number, j: number) => void): void {
  if (n <= 1) return
  const bitsLen = (x: number) => x === 0 ? 0 : Math.floor(Math.log2(x)) + 1
  const insertionSort = (a: number, b: number) => {
    for (let i = a + 1; i < b; i++) for (let j = i; j > a && less(j, j - 1); j--) swap(j, j - 1)
  }
  const siftDown = (lo: number, hi: number, first: number) => {
    let root = lo
    for (;;) {
      let child = 2 * root + 1
      if (child >= hi) return
      if (child + 1 < hi && less(first + child, first + child + 1)) child++
      if (!less(first + root, first + child)) return
      swap(first + root, first + child)
      root = child
    }
  }
  const heapSort = (a: number, b: number) => {
    const hi = b - a
    for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(i, hi, a)
    for (let i = hi - 1; i >= 0; i--) { swap(a, a + i); siftDown(0, i, a) }
  }
  const breakPatterns = (a: number, b: number) => {
    const length = b - a
    if (length < 8) return
    const mask = (1n << 64n) - 1n
    let random = BigInt(length)
    const next = () => {
      random ^= (random << 13n) & mask
      random ^= random >> 7n
      random ^= (random << 17n) & mask
      return random
    }
    const modulus = BigInt(2 ** bitsLen(length))
    for (let idx = a + Math.trunc(length / 4) * 2 - 1; idx <= a + Math.trunc(length / 4) * 2 + 1; idx++) {
      let other = Number(next() & (modulus - 1n))
      if (other >= length) other -= length
      swap(idx, a + other)
    }
  }
  const choosePivot = (a: number, b: number): [number, 'unknown' | 'increasing' | 'decreasing'] => {
    const l = b - a
    let swaps = 0
    let i = a + Math.trunc(l / 4) * 1, j = a + Math.trunc(l / 4) * 2, k = a + Math.trunc(l / 4) * 3
    const order2 = (x: number, y: number): [number, number] => less(y, x) ? (swaps++, [y, x]) : [x, y]
    const median = (x: number, y: number, z: number) => {
      [x, y] = order2(x, y);
      [y, z] = order2(y, z);
      [x, y] = order2(x, y)
      return y
    }
    if (l >= 8) {
      if (l >= 50) { i = median(i - 1, i, i + 1); j = median(j - 1, j, j + 1); k = median(k - 1, k, k + 1) }
      j = median(i, j, k)
    }
    return [j, swaps === 0 ? 'increasing' : swaps === 12 ? 'decreasing' : 'unknown']
  }
  const partialInsertionSort = (a: number, b: number): boolean => {
    let i = a + 1
    for (let step = 0; step < 5; step++) {
      while (i < b && !less(i, i - 1)) i++
      if (i === b) return true
      if (b - a < 50) return false
      swap(i, i - 1)
      if (i - a >= 2) for (let j = i - 1; j >= 1; j--) { if (!less(j, j - 1)) break; swap(j, j - 1) }
      if (b - i >= 2) for (let j = i + 1; j < b; j++) { if (!less(j, j - 1)) break; swap(j, j - 1) }
    }
    return false
  }
  const partitionEqual = (a: number, b: number, pivot: number): number => {
    swap(a, pivot)
    let i = a + 1, j = b - 1
    for (;;) {
      while (i <= j && !less(a, i)) i++
      while (i <= j && less(a, j)) j--
      if (i > j) break
      swap(i, j); i++; j--
    }
    return i
  }
  const partition = (a: number, b: number, pivot: number): [number, boolean] => {
    swap(a, pivot)
    let i = a + 1, j = b - 1
    while (i <= j && less(i, a)) i++
    while (i <= j && !less(j, a)) j--
    if (i > j) { swap(j, a); return [j, true] }
    swap(i, j); i++; j--
    for (;;) {
      while (i <= j && less(i, a)) i++
      while (i <= j && !less(j, a)) j--
      if (i > j) break
      swap(i, j); i++; j--
    }
    swap(j, a)
    return [j, false]
  }
  const sort = (a: number, b: number, limit: number) => {
    let wasBalanced = true, wasPartitioned = true
    for (;;) {
      const length = b - a
      if (length <= 12) { insertionSort(a, b); return }
      if (limit === 0) { heapSort(a, b); return }
      if (!wasBalanced) { breakPatterns(a, b); limit-- }
      let [pivot, hint] = choosePivot(a, b)
      if (hint === 'decreasing') {
        for (let i = a, j = b - 1; i < j; i++, j--) swap(i, j)
        pivot = (b - 1) - (pivot - a)
        hint = 'increasing'
      }
      if (wasBalanced && wasPartitioned && hint === 'increasing' && partialInsertionSort(a, b)) return
      if (a > 0 && !less(a - 1, pivot)) { a = partitionEqual(a, b, pivot); continue }
      const [mid, already] = partition(a, b, pivot)
      wasPartitioned = already
      const leftLen = mid - a, rightLen = b - mid, threshold = Math.trunc(length / 8)
      if (leftLen < rightLen) { wasBalanced = leftLen >= threshold; sort(a, mid, limit); a = mid + 1 }
      else { wasBalanced = rightLen >= threshold; sort(mid + 1, b, limit); b = mid }
    }
  }
  sort(0, n, bitsLen(n))
}
