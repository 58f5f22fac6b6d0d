/**
 * O(1) searches in an ascending Int32Array of distinct keys (a calendar, a panel's security
 * ids): a dense table of lower bounds over the key range when that range is not much wider
 * than memory allows, else binary search. Replaces two binary searches per signal row, which
 * cost more than the rest of alignment together (mispredicted branches).
 */
import { lowerBound } from "../Dates.ts"

/** Widest key range given a dense table (16 MiB of Int32). */
const MAX_TABLE = 1 << 22

export interface SortedLookup {
  readonly sorted: Int32Array
  readonly n: number
  readonly first: number
  readonly last: number
  /** `table[v - first]` = lower bound of `v`; null when the range is too wide. */
  readonly table: Int32Array | null
}

export const makeSortedLookup = (sorted: Int32Array): SortedLookup => {
  const n = sorted.length
  if (n === 0) return { sorted, n, first: 0, last: -1, table: null }
  const first = sorted[0]!
  const last = sorted[n - 1]!
  const range = last - first + 1
  if (range > MAX_TABLE) return { sorted, n, first, last, table: null }
  const table = new Int32Array(range)
  for (let v = 0, k = 0; v < range; v++) {
    while (sorted[k]! < first + v) k++
    table[v] = k
  }
  return { sorted, n, first, last, table }
}

/** Index of the first key `>= v` (`n` when none). */
export const lowerBoundIn = (lookup: SortedLookup, v: number): number => {
  if (v <= lookup.first) return 0
  if (v > lookup.last) return lookup.n
  return lookup.table !== null ? lookup.table[v - lookup.first]! : lowerBound(lookup.sorted, v)
}

/** Index of key `v`, or -1. */
export const indexIn = (lookup: SortedLookup, v: number): number => {
  if (v < lookup.first || v > lookup.last) return -1
  const i = lookup.table !== null ? lookup.table[v - lookup.first]! : lowerBound(lookup.sorted, v)
  return lookup.sorted[i] === v ? i : -1
}
