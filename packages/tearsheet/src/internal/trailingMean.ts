/**
 * Trailing mean over a window of rows, ignoring missing values (NaN); NaN where the window holds
 * fewer than `minCount` finite values.
 */
export const trailingMean = (values: ArrayLike<number>, window: number, minCount: number): Float64Array => {
  const n = values.length
  const out = new Float64Array(n)
  let sum = 0
  let count = 0
  for (let i = 0; i < n; i++) {
    const v = values[i]!
    if (v === v) {
      sum += v
      count++
    }
    if (i >= window) {
      const old = values[i - window]!
      if (old === old) {
        sum -= old
        count--
      }
    }
    out[i] = count >= minCount ? sum / count : NaN
  }
  return out
}
