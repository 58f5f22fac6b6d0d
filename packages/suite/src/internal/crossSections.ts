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
 * on different days, `da` / `db`) to `xa`, `xb`; returns how many. Rows are ascending by
 * security within a day, so this is a merge.
 */
export const commonValues = (
  a: SignalInForce,
  da: number,
  b: SignalInForce,
  db: number,
  xa: Float64Array,
  xb: Float64Array
): number => {
  let i = a.dayOffsets[da]
  const iEnd = a.dayOffsets[da + 1]
  let j = b.dayOffsets[db]
  const jEnd = b.dayOffsets[db + 1]
  let m = 0
  while (i < iEnd && j < jEnd) {
    const sa = a.security[i]
    const sb = b.security[j]
    if (sa < sb) i++
    else if (sb < sa) j++
    else {
      xa[m] = a.value[i++]
      xb[m] = b.value[j++]
      m++
    }
  }
  return m
}
