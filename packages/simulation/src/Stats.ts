/**
 * Performance statistics of an equity curve (spec/simulation.md, "Report"), with the ffn /
 * Finlab names. Daily returns are `v[t] / v[t-1] - 1` over the curve's bars; a month's (a
 * year's) return runs from the previous month's (year's) last value, the first from the
 * curve's first value. Risk-free rate 0; 252 days and 12 months a year; `cagr` over calendar
 * time (days / 365.25). A statistic that is undefined (too few points, zero variance) is null.
 */
import { isoDateFromDay } from "@alphabench/contract"
import type { TradeTable } from "./TradeTable.ts"

/** One drawdown: from the first bar below the running peak to the first bar back at it. */
export interface DrawdownPeriod {
  readonly start: string
  /** The bar of the deepest point. */
  readonly valley: string
  /** The recovery bar, or the last bar when not recovered. */
  readonly end: string
  readonly recovered: boolean
  /** Calendar days from start to end. */
  readonly days: number
  /** The deepest `value / peak - 1` (negative). */
  readonly drawdown: number
}

export interface MonthlyReturnRow {
  readonly year: number
  /** January .. December; null for months outside the curve. */
  readonly months: ReadonlyArray<number | null>
  readonly ytd: number
}

export interface SimulationStats {
  readonly start: string
  readonly end: string
  readonly days: number
  readonly total_return: number
  readonly cagr: number | null
  readonly max_drawdown: number
  readonly avg_drawdown: number | null
  readonly avg_drawdown_days: number | null
  readonly calmar: number | null
  readonly daily_mean: number | null
  readonly daily_vol: number | null
  readonly daily_sharpe: number | null
  readonly daily_sortino: number | null
  readonly monthly_mean: number | null
  readonly monthly_vol: number | null
  readonly monthly_sharpe: number | null
  readonly monthly_sortino: number | null
  readonly best_day: number | null
  readonly worst_day: number | null
  readonly best_month: number | null
  readonly worst_month: number | null
  readonly best_year: number | null
  readonly worst_year: number | null
  /** Share of trades with a known return that made money (pending entries excluded). */
  readonly win_ratio: number | null
  readonly trades: number
  /** Sum of positive daily returns over the absolute sum of negative ones. */
  readonly profit_factor: number | null
  /** |95th percentile / 5th percentile| of daily returns. */
  readonly tail_ratio: number | null
  /** Historical 95% one-day value at risk: the 5th percentile of daily returns. */
  readonly value_at_risk: number | null
  /** Mean of the daily returns at or below `value_at_risk`. */
  readonly cvalue_at_risk: number | null
  readonly alpha: number | null
  readonly beta: number | null
  readonly return_table: ReadonlyArray<MonthlyReturnRow>
  readonly drawdown_details: ReadonlyArray<DrawdownPeriod>
}

/** A benchmark level series (e.g. an index close), dated by day numbers ascending. */
export interface BenchmarkSeries {
  readonly dates: Int32Array
  readonly values: Float64Array
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null)

const mean = (xs: ArrayLike<number>): number => {
  let sum = 0
  for (let i = 0; i < xs.length; i++) sum += xs[i]!
  return xs.length === 0 ? NaN : sum / xs.length
}

/** Sample standard deviation (ddof = 1). */
const std = (xs: ArrayLike<number>): number => {
  if (xs.length < 2) return NaN
  const m = mean(xs)
  let sum = 0
  for (let i = 0; i < xs.length; i++) sum += (xs[i]! - m) ** 2
  return Math.sqrt(sum / (xs.length - 1))
}

/** Root mean square of the negative part (downside deviation against 0). */
const downside = (xs: ArrayLike<number>): number => {
  let sum = 0
  for (let i = 0; i < xs.length; i++) if (xs[i]! < 0) sum += xs[i]! ** 2
  return xs.length === 0 ? NaN : Math.sqrt(sum / xs.length)
}

/** Linear-interpolation quantile (numpy's default) of the values. */
export const quantile = (xs: ArrayLike<number>, q: number): number => {
  if (xs.length === 0) return NaN
  const sorted = Float64Array.from(xs).sort()
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}

const maxOrNull = (xs: ArrayLike<number>): number | null => {
  let best = -Infinity
  for (let i = 0; i < xs.length; i++) if (xs[i]! > best) best = xs[i]!
  return xs.length === 0 ? null : best
}

const minOrNull = (xs: ArrayLike<number>): number | null => {
  let worst = Infinity
  for (let i = 0; i < xs.length; i++) if (xs[i]! < worst) worst = xs[i]!
  return xs.length === 0 ? null : worst
}

const ratioOrNull = (numerator: number, denominator: number, scale: number): number | null =>
  denominator > 0 && Number.isFinite(numerator) ? (numerator / denominator) * scale : null

/** `year * 12 + month` (month 0-based) of each day. */
const monthKeys = (dates: Int32Array): Int32Array =>
  Int32Array.from(dates, (day) => {
    const date = new Date(day * 86_400_000)
    return date.getUTCFullYear() * 12 + date.getUTCMonth()
  })

/**
 * Period returns between the last values of consecutive calendar periods (`key` groups bars);
 * the first period runs from the first value, and is left out when the curve starts on its
 * last bar (it then has no return in it).
 */
const periodReturns = (periodOf: Int32Array, values: Float64Array) => {
  const keys: Array<number> = []
  const returns: Array<number> = []
  let base = values[0]!
  for (let t = 0; t < values.length; t++) {
    const k = periodOf[t]!
    const lastOfPeriod = t === values.length - 1 || periodOf[t + 1] !== k
    if (!lastOfPeriod || t === 0) continue
    keys.push(k)
    returns.push(values[t]! / base - 1)
    base = values[t]!
  }
  return { keys, returns }
}

export const computeStats = (
  dates: Int32Array,
  values: Float64Array,
  extras: { readonly trades?: TradeTable; readonly benchmark?: BenchmarkSeries } = {}
): SimulationStats => {
  const n = values.length
  if (n === 0 || dates.length !== n) throw new RangeError(`stats need a non-empty curve with one date per value (got ${n} values, ${dates.length} dates)`)
  const daily = new Float64Array(Math.max(n - 1, 0))
  for (let t = 1; t < n; t++) daily[t - 1] = values[t]! / values[t - 1]! - 1

  let peak = -Infinity
  let maxDrawdown = 0
  const details: Array<DrawdownPeriod> = []
  let ddStart = -1
  let ddValley = -1
  let ddDepth = 0
  for (let t = 0; t < n; t++) {
    if (values[t]! >= peak) {
      peak = values[t]!
      if (ddStart >= 0) {
        details.push(drawdownPeriod(dates, ddStart, ddValley, t, true, ddDepth))
        ddStart = -1
      }
      continue
    }
    const dd = values[t]! / peak - 1
    if (ddStart < 0) {
      ddStart = t
      ddValley = t
      ddDepth = dd
    }
    if (dd < ddDepth) {
      ddDepth = dd
      ddValley = t
    }
    if (dd < maxDrawdown) maxDrawdown = dd
  }
  if (ddStart >= 0) details.push(drawdownPeriod(dates, ddStart, ddValley, n - 1, false, ddDepth))

  const totalReturn = values[n - 1]! / values[0]! - 1
  const years = (dates[n - 1]! - dates[0]!) / 365.25
  const cagr = years > 0 ? (values[n - 1]! / values[0]!) ** (1 / years) - 1 : NaN
  const months = monthKeys(dates)
  const monthly = periodReturns(months, values)
  const yearly = periodReturns(months.map((m) => Math.floor(m / 12)), values)
  const dailyStd = std(daily)
  const monthlyStd = std(monthly.returns)

  let tradesKnown = 0
  let tradesWon = 0
  const trades = extras.trades
  if (trades !== undefined) {
    for (let i = 0; i < trades.length; i++) {
      const r = trades.return[i]!
      if (trades.entryIndex[i]! < 0 || !Number.isFinite(r)) continue
      tradesKnown++
      if (r > 0) tradesWon++
    }
  }
  let gains = 0
  let losses = 0
  for (const r of daily) {
    if (r > 0) gains += r
    else losses -= r
  }
  const q05 = quantile(daily, 0.05)
  const q95 = quantile(daily, 0.95)
  let tailSum = 0
  let tailCount = 0
  for (const r of daily) {
    if (r <= q05) {
      tailSum += r
      tailCount++
    }
  }
  const { alpha, beta } = extras.benchmark === undefined
    ? { alpha: NaN, beta: NaN }
    : alphaBeta(dates, daily, extras.benchmark)

  return {
    start: isoDateFromDay(dates[0]!),
    end: isoDateFromDay(dates[n - 1]!),
    days: n,
    total_return: totalReturn,
    cagr: finiteOrNull(cagr),
    max_drawdown: maxDrawdown,
    avg_drawdown: details.length === 0 ? null : mean(details.map((p) => p.drawdown)),
    avg_drawdown_days: details.length === 0 ? null : mean(details.map((p) => p.days)),
    calmar: maxDrawdown < 0 ? finiteOrNull(cagr / -maxDrawdown) : null,
    daily_mean: finiteOrNull(mean(daily) * 252),
    daily_vol: finiteOrNull(dailyStd * Math.sqrt(252)),
    daily_sharpe: ratioOrNull(mean(daily), dailyStd, Math.sqrt(252)),
    daily_sortino: ratioOrNull(mean(daily), downside(daily), Math.sqrt(252)),
    monthly_mean: finiteOrNull(mean(monthly.returns) * 12),
    monthly_vol: finiteOrNull(monthlyStd * Math.sqrt(12)),
    monthly_sharpe: ratioOrNull(mean(monthly.returns), monthlyStd, Math.sqrt(12)),
    monthly_sortino: ratioOrNull(mean(monthly.returns), downside(monthly.returns), Math.sqrt(12)),
    best_day: maxOrNull(daily),
    worst_day: minOrNull(daily),
    best_month: maxOrNull(monthly.returns),
    worst_month: minOrNull(monthly.returns),
    best_year: maxOrNull(yearly.returns),
    worst_year: minOrNull(yearly.returns),
    win_ratio: tradesKnown === 0 ? null : tradesWon / tradesKnown,
    trades: tradesKnown,
    profit_factor: losses > 0 ? gains / losses : null,
    tail_ratio: q05 < 0 ? finiteOrNull(Math.abs(q95 / q05)) : null,
    value_at_risk: finiteOrNull(q05),
    cvalue_at_risk: tailCount === 0 ? null : tailSum / tailCount,
    alpha: finiteOrNull(alpha),
    beta: finiteOrNull(beta),
    return_table: returnTable(monthly.keys, monthly.returns, yearly.keys, yearly.returns),
    drawdown_details: details
  }
}

const drawdownPeriod = (
  dates: Int32Array,
  start: number,
  valley: number,
  end: number,
  recovered: boolean,
  depth: number
): DrawdownPeriod => ({
  start: isoDateFromDay(dates[start]!),
  valley: isoDateFromDay(dates[valley]!),
  end: isoDateFromDay(dates[end]!),
  recovered,
  days: dates[end]! - dates[start]!,
  drawdown: depth
})

const returnTable = (
  monthKeys: ReadonlyArray<number>,
  monthReturns: ReadonlyArray<number>,
  yearKeys: ReadonlyArray<number>,
  yearReturns: ReadonlyArray<number>
): Array<MonthlyReturnRow> =>
  yearKeys.map((year, y) => {
    const months: Array<number | null> = Array.from({ length: 12 }, () => null)
    for (let m = 0; m < monthKeys.length; m++) {
      if (Math.floor(monthKeys[m]! / 12) === year) months[monthKeys[m]! % 12] = monthReturns[m]!
    }
    return { year, months, ytd: yearReturns[y]! }
  })

/** Beta of the daily returns on the benchmark's, and the annualized alpha (benchmark forward-filled). */
const alphaBeta = (dates: Int32Array, daily: Float64Array, benchmark: BenchmarkSeries) => {
  const level = new Float64Array(dates.length).fill(NaN)
  let j = -1
  for (let t = 0; t < dates.length; t++) {
    while (j + 1 < benchmark.dates.length && benchmark.dates[j + 1]! <= dates[t]!) j++
    if (j >= 0) level[t] = benchmark.values[j]!
  }
  const xs: Array<number> = []
  const ys: Array<number> = []
  for (let t = 1; t < dates.length; t++) {
    const b = level[t]! / level[t - 1]! - 1
    if (Number.isFinite(b)) {
      xs.push(b)
      ys.push(daily[t - 1]!)
    }
  }
  if (xs.length < 2) return { alpha: NaN, beta: NaN }
  const mx = mean(xs)
  const my = mean(ys)
  let cov = 0
  let varX = 0
  for (let i = 0; i < xs.length; i++) {
    cov += (xs[i]! - mx) * (ys[i]! - my)
    varX += (xs[i]! - mx) ** 2
  }
  if (varX === 0) return { alpha: NaN, beta: NaN }
  const beta = cov / varX
  return { alpha: (my - beta * mx) * 252, beta }
}
