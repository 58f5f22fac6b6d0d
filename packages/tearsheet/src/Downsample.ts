/**
 * Downsampling of long series for charts. A tear sheet chart needs the shape of a series, and
 * for returns the shape that matters most is its extremes: the worst drawdown, the peak before
 * it. So the series is cut into equal buckets of consecutive points and each bucket keeps its
 * minimum and its maximum (in time order), plus the first and the last point. The result keeps
 * every local extreme wider than a bucket, and the global minimum and maximum exactly.
 */

/**
 * Indices (ascending) of at most `maxPoints` points of `values` that keep its extremes.
 * All indices when the series is short enough. Missing values (NaN) are never picked, except
 * that the first and last points are always kept so the time range stays the same.
 */
export const downsampleExtremes = (values: ArrayLike<number>, maxPoints: number): Int32Array => {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new RangeError(`invalid maxPoints: ${maxPoints} (expected an integer >= 2)`)
  }
  const n = values.length
  if (n <= maxPoints) return Int32Array.from({ length: n }, (_, i) => i)
  const inner = n - 2
  const buckets = Math.floor((maxPoints - 2) / 2)
  const out = new Int32Array(2 + 2 * buckets)
  let k = 0
  out[k++] = 0
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets)
    const to = 1 + Math.floor(((b + 1) * inner) / buckets)
    let lo = -1
    let hi = -1
    for (let i = from; i < to; i++) {
      const v = values[i]!
      if (v !== v) continue
      if (lo < 0 || v < values[lo]!) lo = i
      if (hi < 0 || v > values[hi]!) hi = i
    }
    if (lo < 0) continue
    if (lo === hi) {
      out[k++] = lo
    } else {
      out[k++] = Math.min(lo, hi)
      out[k++] = Math.max(lo, hi)
    }
  }
  out[k++] = n - 1
  return out.slice(0, k)
}

/**
 * Indices of at most `maxPoints` evenly spaced points (for scatter plots, where no point is more
 * telling than another): every `ceil(n / maxPoints)`-th point from the first.
 */
export const downsampleStride = (n: number, maxPoints: number): Int32Array => {
  if (!Number.isInteger(maxPoints) || maxPoints < 1) {
    throw new RangeError(`invalid maxPoints: ${maxPoints} (expected an integer >= 1)`)
  }
  if (n <= maxPoints) return Int32Array.from({ length: n }, (_, i) => i)
  const step = Math.ceil(n / maxPoints)
  return Int32Array.from({ length: Math.ceil(n / step) }, (_, i) => i * step)
}
