/** Helpers of the daily cross-sectional comparisons: common names of two signals, means over days. */
import type { SignalInForce } from "@alphabench/engine"

/** A mean of daily correlations and how many days entered it. */
export interface DailyMeanCorrelation {
  readonly corr: number | null
  readonly days: number
}

/** Mean of the finite values pushed; null when none. */
export class MeanOfDays {
  sum = 0
  days = 0
  add(x: number): void {
    if (Number.isNaN(x)) return
    this.sum += x
    this.days++
  }
  result(): DailyMeanCorrelation {
    return { corr: this.days === 0 ? null : this.sum / this.days, days: this.days }
  }
}

/**
 * Writes the values of the securities `a` and `b` both have on day `d` (and, for `a` and `b`
 * on different days, `da` / `db`) to `xa`, `xb`, in ascending security order; returns how
 * many. Rows are ascending by security within a day, so this is a merge; since security
 * indices are distinct integers, `b`'s row of security s is at most s - sb rows past a row of
 * security sb, so the merge jumps there (bisecting back over gaps) instead of walking every
 * row of a nearly full `b` (a baseline covers almost every security).
 */
export const commonValues = (
  a: SignalInForce,
  da: number,
  b: SignalInForce,
  db: number,
  xa: Float64Array,
  xb: Float64Array
): number => {
  const aSecurity = a.security
  const bSecurity = b.security
  const aValue = a.value
  const bValue = b.value
  let i = a.dayOffsets[da]
  const iEnd = a.dayOffsets[da + 1]
  let j = b.dayOffsets[db]
  const jEnd = b.dayOffsets[db + 1]
  let m = 0
  while (i < iEnd && j < jEnd) {
    const sa = aSecurity[i]
    const sb = bSecurity[j]
    if (sa < sb) i++
    else if (sb < sa) {
      // The first row of b with a security >= sa lies in (j, j + sa - sb]: it is the end of
      // that range when b has no gap there (checked first), else found by bisection.
      let hi = j + (sa - sb)
      if (hi >= jEnd) {
        if (bSecurity[jEnd - 1] < sa) break
        hi = jEnd - 1
      }
      let lo = j + 1
      if (bSecurity[hi - 1] < sa) lo = hi
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (bSecurity[mid] >= sa) hi = mid
        else lo = mid + 1
      }
      j = lo
    } else {
      xa[m] = aValue[i++]
      xb[m] = bValue[j++]
      m++
    }
  }
  return m
}
