/**
 * Finds rows whose `(a, b)` pair already appeared on an earlier row, in O(n): files sorted by
 * `(b, a)` or `(a, b)` (the usual case) are recognised in one pass; otherwise the row indices
 * are LSD radix sorted by the pair in 16-bit digits (passes whose digit never varies are
 * skipped), which keeps equal pairs adjacent and in file order.
 */

export interface RepeatedPairs {
  /** Rows repeating an earlier pair, ascending. */
  readonly rows: Int32Array
  /** For each of `rows`, the first row with the same pair. */
  readonly firstRows: Int32Array
}

const NONE: RepeatedPairs = { rows: new Int32Array(0), firstRows: new Int32Array(0) }

/** Whether the included rows are strictly increasing by `(major, minor)`. */
const strictlyIncreasing = (major: Int32Array, minor: Int32Array, include: Uint8Array | null): boolean => {
  let p = -1
  for (let i = 0; i < major.length; i++) {
    if (include !== null && include[i] === 0) continue
    if (p >= 0 && (major[i]! < major[p]! || (major[i] === major[p] && minor[i]! <= minor[p]!))) return false
    p = i
  }
  return true
}

/** One stable counting pass of `from` into `to` by the 16-bit digit `(key >>> shift) & 0xffff`. */
const radixPass = (key: Int32Array, shift: number, from: Int32Array, to: Int32Array, counts: Int32Array): boolean => {
  counts.fill(0)
  const m = from.length
  for (let k = 0; k < m; k++) counts[((key[from[k]!]! >>> shift) & 0xffff) + 1]!++
  for (let d = 0; d < 65536; d++) if (counts[d + 1] === m) return false // a single digit value: order unchanged
  for (let d = 0; d < 65536; d++) counts[d + 1]! += counts[d]!
  for (let k = 0; k < m; k++) {
    const i = from[k]!
    to[counts[(key[i]! >>> shift) & 0xffff]!++] = i
  }
  return true
}

/**
 * Rows (among those with `include[i] === 1`, or all when null) that repeat the `(a[i], b[i])`
 * of an earlier row.
 */
export const findRepeatedPairs = (a: Int32Array, b: Int32Array, include: Uint8Array | null): RepeatedPairs => {
  if (strictlyIncreasing(b, a, include) || strictlyIncreasing(a, b, include)) return NONE
  const n = a.length
  let m = 0
  for (let i = 0; i < n; i++) if (include === null || include[i] === 1) m++
  let idx = new Int32Array(m)
  for (let i = 0, k = 0; i < n; i++) if (include === null || include[i] === 1) idx[k++] = i

  let tmp = new Int32Array(m)
  const counts = new Int32Array(65537)
  for (const [key, shift] of [[b, 0], [b, 16], [a, 0], [a, 16]] as const) {
    if (radixPass(key, shift, idx, tmp, counts)) {
      const swap = idx
      idx = tmp
      tmp = swap
    }
  }

  const firstOf = new Int32Array(n).fill(-1)
  let repeats = 0
  for (let k = 1, first = idx[0]!; k < m; k++) {
    const i = idx[k]!
    if (a[i] === a[first] && b[i] === b[first]) {
      firstOf[i] = first
      repeats++
    } else {
      first = i
    }
  }
  if (repeats === 0) return NONE
  const rows = new Int32Array(repeats)
  for (let i = 0, k = 0; i < n; i++) if (firstOf[i]! >= 0) rows[k++] = i
  const firstRows = Int32Array.from(rows, (i) => firstOf[i]!)
  return { rows, firstRows }
}
