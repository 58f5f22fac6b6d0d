/**
 * Incremental alpha over the baselines: the OLS of the reference config's daily net return on
 * the baselines' daily net returns (with an intercept), over the return dates all of them
 * share (zero days included). `alpha_ann = 252 x intercept`; its t-statistic uses the classical
 * OLS standard error; `r2` is the share of the signal's daily variance the baselines explain.
 * A baseline whose PnL is constant or a combination of the others gets beta 0 (dropped). With
 * no baselines, or no more common dates than parameters, there is nothing to report (null).
 */
import { type DailySeries, TRADING_DAYS_PER_YEAR } from "@alphabench/engine"
import { ols } from "./internal/ols.ts"
import type { IncrementalAlpha } from "./SuiteResult.ts"

export const incrementalAlpha = (
  signal: DailySeries,
  baselines: ReadonlyArray<{ readonly name: string; readonly daily: DailySeries }>
): IncrementalAlpha | null => {
  if (baselines.length === 0) return null
  const series = [signal, ...baselines.map((b) => b.daily)]
  const positions = series.map(() => [] as Array<number>)
  const cursor = series.map(() => 0)
  // k-way intersection of ascending date columns.
  outer: while (cursor.every((c, i) => c < series[i].length)) {
    let max = -Infinity
    for (let i = 0; i < series.length; i++) max = Math.max(max, series[i].date[cursor[i]])
    for (let i = 0; i < series.length; i++) {
      while (cursor[i] < series[i].length && series[i].date[cursor[i]] < max) cursor[i]++
      if (cursor[i] >= series[i].length) break outer
      if (series[i].date[cursor[i]] !== max) continue outer
    }
    for (let i = 0; i < series.length; i++) positions[i].push(cursor[i]++)
  }
  const n = positions[0].length
  if (n <= baselines.length + 1) return null
  const column = (i: number): Float64Array => Float64Array.from(positions[i], (p) => series[i].net[p])
  const fit = ols(column(0), baselines.map((_, i) => column(i + 1)))
  return {
    baselines: baselines.map((b) => b.name),
    alpha_ann: TRADING_DAYS_PER_YEAR * fit.intercept,
    t_stat: fit.interceptSe > 0 ? fit.intercept / fit.interceptSe : 0,
    r2: fit.r2,
    betas: Object.fromEntries(baselines.map((b, i) => [b.name, fit.slopes[i]])),
    days: n
  }
}
