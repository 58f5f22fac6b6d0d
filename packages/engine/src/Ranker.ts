/**
 * Average ranks and Spearman correlations for loops over many cross-sections (a suite compares
 * a signal with baselines and factors day by day). A Ranker owns its scratch space, sized for
 * `capacity` values, so a call allocates nothing; it uses the same sorter, tie rule and Pearson
 * kernel as `averageRanks` and `spearman`, so it returns exactly what they return. Not
 * shareable between threads (make one per thread).
 */
import { pearson } from "./Correlation.ts"
import { ranksFromSorted } from "./Ranks.ts"
import { createKeySorter } from "./internal/keySorter.ts"

export interface Ranker {
  readonly capacity: number
  /** Average ranks (1..n, ties share their mean rank) of `values[0..n)` into `out[0..n)`; throws on NaN. */
  readonly averageRanks: (values: Float64Array, n: number, out: Float64Array) => Float64Array
  /** Spearman correlation of `x[0..n)` and `y[0..n)`; NaN when undefined (n < 2 or a side constant). */
  readonly spearman: (x: Float64Array, y: Float64Array, n: number) => number
}

export const createRanker = (capacity: number): Ranker => {
  if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`invalid ranker capacity: ${capacity}`)
  const sorter = createKeySorter(capacity)
  const positions = new Int32Array(capacity)
  for (let i = 0; i < capacity; i++) positions[i] = i
  const keys = new Float64Array(capacity)
  const order = new Int32Array(capacity)
  const rx = new Float64Array(capacity)
  const ry = new Float64Array(capacity)
  const averageRanks = (values: Float64Array, n: number, out: Float64Array): Float64Array => {
    if (n > capacity) throw new RangeError(`ranker of capacity ${capacity} asked to rank ${n} values`)
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(values[i])) throw new RangeError(`averageRanks: value at position ${i} is NaN (ranks need numbers)`)
    }
    sorter.sortInto(values, positions, n, keys, order)
    ranksFromSorted(keys, order, n, out)
    return out
  }
  const spearman = (x: Float64Array, y: Float64Array, n: number): number => {
    if (n < 2) return NaN
    averageRanks(x, n, rx)
    averageRanks(y, n, ry)
    return pearson(rx, ry, n)
  }
  return { capacity, averageRanks, spearman }
}
