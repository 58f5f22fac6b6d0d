/**
 * Incremental alpha over the baselines: the OLS of the reference config's daily net return on
 * the baselines' daily net returns (with an intercept), over the reference config's return
 * dates (zero days included). A baseline earns 0 on a date outside its own daily rows (it held
 * nothing then), so a baseline that never holds a position (momentum on less than a year of
 * data) does not shrink the sample; it is constant and dropped. `alpha_ann = 252 x intercept`;
 * its t-statistic uses the classical OLS standard error; `r2` is the share of the signal's
 * daily variance the baselines explain. A baseline whose PnL is constant or a combination of
 * the others gets beta 0. With no baselines, or no more dates than parameters, there is
 * nothing to report (null).
 */
import { type DailySeries, TRADING_DAYS_PER_YEAR } from "@alphabench/engine"
import { ols } from "./internal/ols.ts"
import type { IncrementalAlpha } from "./SuiteResult.ts"

/** `series.net` on each of `dates` (ascending), 0 where the series has no row. */
const onDates = (dates: Int32Array, series: DailySeries): Float64Array => {
  const out = new Float64Array(dates.length)
  let j = 0
  for (let i = 0; i < dates.length; i++) {
    while (j < series.length && series.date[j] < dates[i]) j++
    if (j < series.length && series.date[j] === dates[i]) out[i] = series.net[j]
  }
  return out
}

export const incrementalAlpha = (
  signal: DailySeries,
  baselines: ReadonlyArray<{ readonly name: string; readonly daily: DailySeries }>
): IncrementalAlpha | null => {
  const n = signal.length
  if (baselines.length === 0 || n <= baselines.length + 1) return null
  const fit = ols(signal.net.subarray(0, n), baselines.map((b) => onDates(signal.date, b.daily)))
  return {
    baselines: baselines.map((b) => b.name),
    alpha_ann: TRADING_DAYS_PER_YEAR * fit.intercept,
    t_stat: fit.interceptSe > 0 ? fit.intercept / fit.interceptSe : 0,
    r2: fit.r2,
    betas: Object.fromEntries(baselines.map((b, i) => [b.name, fit.slopes[i]])),
    days: n
  }
}
