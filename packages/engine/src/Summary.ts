/**
 * Summary rows of a daily series (spec/engine.md, "Outputs", `summary`): one per slice, with
 * every column the spec lists. A year row is a slice of the overall series, its drawdown
 * recompounded from the slice's first day.
 */
import { yearOfDay } from "@alphabench/contract/Dates"
import type { DailySeries, SummaryRow } from "./BacktestResult.ts"
import {
  annualizedReturn,
  annualizedVolatility,
  hitRate,
  maxDrawdown,
  mean,
  meanAndInformationRatio,
  sharpeRatio,
  tStatistic
} from "./Metrics.ts"

/** The summary row of `daily[from, to)` labelled `group`. */
export const summarizeDaily = (daily: DailySeries, group: string, from = 0, to = daily.length): SummaryRow => {
  const ic = meanAndInformationRatio(daily.ic, from, to)
  return {
    group,
    days: to - from,
    ann_ret: annualizedReturn(daily.net, from, to),
    ann_vol: annualizedVolatility(daily.net, from, to),
    sharpe: sharpeRatio(daily.net, from, to),
    max_dd: maxDrawdown(daily.net, from, to),
    turnover: mean(daily.turnover, from, to),
    hit_rate: hitRate(daily.net, from, to),
    t_stat: tStatistic(daily.net, from, to),
    ic_mean: ic.mean,
    ic_ir: ic.ir,
    long_ann: annualizedReturn(daily.long, from, to),
    short_ann: annualizedReturn(daily.short, from, to),
    resid_sharpe: sharpeRatio(daily.resid_net, from, to),
    avg_n_long: meanOfInts(daily.n_long, from, to),
    avg_n_short: meanOfInts(daily.n_short, from, to)
  }
}

/** One row per calendar year of the return dates, ascending, labelled `"2019"` etc. */
export const summarizeByYear = (daily: DailySeries): Array<SummaryRow> => {
  const rows: Array<SummaryRow> = []
  let from = 0
  while (from < daily.length) {
    const year = yearOfDay(daily.date[from])
    let to = from + 1
    while (to < daily.length && yearOfDay(daily.date[to]) === year) to++
    rows.push(summarizeDaily(daily, String(year), from, to))
    from = to
  }
  return rows
}

const meanOfInts = (x: Int32Array, from: number, to: number): number => {
  const n = to - from
  if (n <= 0) return 0
  let s = 0
  for (let i = from; i < to; i++) s += x[i]
  return s / n
}
