/**
 * Average ranks (spec/engine.md, "Each day d", point 2): ranks `1..n`, ties share the mean of
 * the ranks they span, so three names tied for places 4, 5 and 6 all get 5.
 */
import { createKeySorter } from "./internal/keySorter.ts"

/**
 * Average ranks of `values` (finite numbers) in `1..n`, written to `out` (allocated when
 * absent). Throws a RangeError naming the position of a NaN.
 */
export const averageRanks = (values: Float64Array, out: Float64Array = new Float64Array(values.length)): Float64Array => {
  const n = values.length
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i])) throw new RangeError(`averageRanks: value at position ${i} is NaN (ranks need numbers)`)
  }
  const positions = new Int32Array(n)
  for (let i = 0; i < n; i++) positions[i] = i
  const keys = new Float64Array(n)
  const order = new Int32Array(n)
  createKeySorter(n).sortInto(values, positions, n, keys, order)
  ranksFromSorted(keys, order, n, out)
  return out
}

/**
 * Given `keys[from .. from + n)` ascending and `order[from + k]` the position whose value is
 * `keys[from + k]`, writes the average rank (1..n) of each position to `out[order[from + k]]`.
 */
export const ranksFromSorted = (keys: Float64Array, order: Int32Array, n: number, out: Float64Array, from = 0): void => {
  // Distinct keys (the usual case) take places 1..n; one pass writes those and notes whether
  // any neighbours are equal, and only then a second pass gives each run of ties its mean place.
  let ties = false
  let previous = NaN
  for (let k = 0; k < n; k++) {
    const key = keys[from + k]
    ties ||= key === previous
    previous = key
    out[order[from + k]] = k + 1
  }
  if (!ties) return
  let i = 0
  while (i < n) {
    const key = keys[from + i]
    let j = i + 1
    while (j < n && keys[from + j] === key) j++
    // Places i + 1 .. j (1-based) share their mean.
    if (j > i + 1) {
      const rank = (i + 1 + j) / 2
      for (let k = i; k < j; k++) out[order[from + k]] = rank
    }
    i = j
  }
}

/**
 * Like `ranksFromSorted`, for an `order` of positions sorted by `values[position]` (the keys
 * read through the indirection): used when a subset's order is filtered out of a larger one.
 */
export const ranksFromOrder = (values: Float64Array, order: Int32Array, n: number, out: Float64Array): void => {
  let i = 0
  while (i < n) {
    const key = values[order[i]]
    let j = i + 1
    while (j < n && values[order[j]] === key) j++
    const rank = (i + 1 + j) / 2
    for (let k = i; k < j; k++) out[order[k]] = rank
    i = j
  }
}
