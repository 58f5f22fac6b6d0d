/**
 * The Pearson correlation of one fixed side with many others (a day's signal ranks against each
 * baseline and each factor): the fixed side's mean, deviations and sum of squares are computed
 * once. Every sum runs in the same order with the same operations as the engine's `pearson`,
 * so the result is the same number, bit for bit.
 */

export interface PreparedSide {
  n: number
  /** True when fewer than 2 values or all equal (the correlation is then undefined). */
  constant: boolean
  readonly deviation: Float64Array
  sumOfSquares: number
}

export const createPreparedSide = (capacity: number): PreparedSide => ({
  n: 0,
  constant: true,
  deviation: new Float64Array(capacity),
  sumOfSquares: 0
})

/** Prepares `x[0..n)` as the fixed side. */
export const prepareSide = (side: PreparedSide, x: Float64Array, n: number): PreparedSide => {
  side.n = n
  side.constant = true
  side.sumOfSquares = 0
  if (n < 2) return side
  const x0 = x[0]
  let varies = false
  let sx = 0
  for (let i = 0; i < n; i++) {
    sx += x[i]
    varies ||= x[i] !== x0
  }
  side.constant = !varies
  if (!varies) return side
  const mx = sx / n
  const deviation = side.deviation
  let sxx = 0
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx
    deviation[i] = dx
    sxx += dx * dx
  }
  side.sumOfSquares = sxx
  return side
}

/** `pearson(x, y, n)` for the prepared `x` and `y[0..n)`: NaN when undefined. */
export const pearsonWithPrepared = (side: PreparedSide, y: Float64Array): number => {
  const n = side.n
  if (n < 2 || side.constant) return NaN
  const y0 = y[0]
  let varies = false
  let sy = 0
  for (let i = 0; i < n; i++) {
    sy += y[i]
    varies ||= y[i] !== y0
  }
  if (!varies) return NaN
  const my = sy / n
  const deviation = side.deviation
  let sxy = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dy = y[i] - my
    sxy += deviation[i] * dy
    syy += dy * dy
  }
  const r = sxy / Math.sqrt(side.sumOfSquares * syy)
  return r > 1 ? 1 : r < -1 ? -1 : r
}
