/**
 * PnL correlation (spec/suite.md, "Comparisons"): the Pearson correlation of two daily `net`
 * series over their common return dates, zero days included (a day inside a series' range that
 * holds nothing is a row with net 0). Undefined (null) with fewer than 2 common dates or a
 * constant side.
 */
import { type DailySeries, pearson } from "@alphabench/engine"

export interface PnlCorrelation {
  readonly corr: number | null
  readonly days: number
}

/** The positions of the common dates of two ascending date columns. */
export const commonDates = (a: Int32Array, b: Int32Array): { readonly ia: Int32Array; readonly ib: Int32Array } => {
  const ia: Array<number> = []
  const ib: Array<number> = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) i++
    else if (b[j] < a[i]) j++
    else {
      ia.push(i++)
      ib.push(j++)
    }
  }
  return { ia: Int32Array.from(ia), ib: Int32Array.from(ib) }
}

export const pnlCorrelation = (a: DailySeries, b: DailySeries): PnlCorrelation => {
  const { ia, ib } = commonDates(a.date, b.date)
  const n = ia.length
  const x = new Float64Array(n)
  const y = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    x[k] = a.net[ia[k]]
    y[k] = b.net[ib[k]]
  }
  const corr = pearson(x, y, n)
  return { corr: Number.isNaN(corr) ? null : corr, days: n }
}
