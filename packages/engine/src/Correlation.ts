/**
 * Pearson and Spearman correlation kernels. Both return NaN when the correlation is undefined
 * (fewer than 2 pairs, or one side constant); callers skip those (spec/engine.md: "days where
 * it is undefined are skipped"). A constant side is detected exactly (all values equal), not
 * from a variance that rounding left at 1e-33.
 */
import { averageRanks } from "./Ranks.ts"

/** Pearson correlation of `x[0..n)` and `y[0..n)` (n defaults to the shorter length). */
export const pearson = (x: Float64Array, y: Float64Array, n = Math.min(x.length, y.length)): number => {
  if (n < 2) return NaN
  // The sums and the test for a constant side in one pass.
  const x0 = x[0]
  const y0 = y[0]
  let xVaries = false
  let yVaries = false
  let sx = 0
  let sy = 0
  for (let i = 0; i < n; i++) {
    const a = x[i]
    const b = y[i]
    sx += a
    sy += b
    xVaries ||= a !== x0
    yVaries ||= b !== y0
  }
  if (!xVaries || !yVaries) return NaN
  const mx = sx / n
  const my = sy / n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx
    const dy = y[i] - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  return clampCorrelation(sxy / Math.sqrt(sxx * syy))
}

/** Spearman rank correlation: Pearson of the average ranks (ties share their mean rank). */
export const spearman = (x: Float64Array, y: Float64Array, n = Math.min(x.length, y.length)): number => {
  if (n < 2) return NaN
  return pearson(averageRanks(x.subarray(0, n)), averageRanks(y.subarray(0, n)), n)
}

/**
 * Pearson correlation of two average-rank vectors over the positions `members[0..m)`: the
 * mean of average ranks in 1..m is exactly (m + 1) / 2, so one pass suffices, and a constant
 * side (all tied) has every deviation exactly 0. NaN when undefined.
 */
export const rankCorrelation = (
  rankA: Float64Array,
  rankB: Float64Array,
  members: Int32Array,
  m: number
): number => {
  if (m < 2) return NaN
  const mean = (m + 1) / 2
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let k = 0; k < m; k++) {
    const i = members[k]
    const da = rankA[i] - mean
    const db = rankB[i] - mean
    sab += da * db
    saa += da * da
    sbb += db * db
  }
  if (saa === 0 || sbb === 0) return NaN
  return clampCorrelation(sab / Math.sqrt(saa * sbb))
}

/** Rounding can push a perfect correlation a hair past 1. */
const clampCorrelation = (r: number): number => (r > 1 ? 1 : r < -1 ? -1 : r)
