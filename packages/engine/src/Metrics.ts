/**
 * Performance metrics of a daily return series (spec/engine.md, "Outputs", summary columns),
 * usable on any `Float64Array` of daily returns, over the slice `[from, to)`. Every statistic
 * averages over all values of the slice, zero days included. Zero variance (fewer than 2
 * values, or all equal, tested exactly) gives a volatility, Sharpe and t-statistic of 0, never
 * NaN or Infinity; an empty slice gives 0 everywhere.
 */

/** Trading days per year, for annualization. */
export const TRADING_DAYS_PER_YEAR = 252

export const mean = (x: Float64Array, from = 0, to = x.length): number => {
  const n = to - from
  if (n <= 0) return 0
  let s = 0
  for (let i = from; i < to; i++) s += x[i]
  return s / n
}

/** True when the slice has fewer than 2 values or all its values are equal. */
export const isZeroVariance = (x: Float64Array, from = 0, to = x.length): boolean => {
  if (to - from < 2) return true
  const first = x[from]
  for (let i = from + 1; i < to; i++) if (x[i] !== first) return false
  return true
}

/** Standard deviation with ddof = 1 (two-pass); 0 under zero variance. */
export const sampleStd = (x: Float64Array, from = 0, to = x.length): number => {
  if (isZeroVariance(x, from, to)) return 0
  const mu = mean(x, from, to)
  let ss = 0
  for (let i = from; i < to; i++) {
    const e = x[i] - mu
    ss += e * e
  }
  return Math.sqrt(ss / (to - from - 1))
}

/** `252 * mean`. */
export const annualizedReturn = (x: Float64Array, from = 0, to = x.length): number =>
  TRADING_DAYS_PER_YEAR * mean(x, from, to)

/** `sqrt(252) * std(ddof = 1)`. */
export const annualizedVolatility = (x: Float64Array, from = 0, to = x.length): number =>
  Math.sqrt(TRADING_DAYS_PER_YEAR) * sampleStd(x, from, to)

/** `annualizedReturn / annualizedVolatility`, 0 under zero variance. */
export const sharpeRatio = (x: Float64Array, from = 0, to = x.length): number => {
  const vol = annualizedVolatility(x, from, to)
  return vol === 0 ? 0 : annualizedReturn(x, from, to) / vol
}

/** `mean / (std / sqrt(n))`, 0 under zero variance. */
export const tStatistic = (x: Float64Array, from = 0, to = x.length): number => {
  const sd = sampleStd(x, from, to)
  return sd === 0 ? 0 : mean(x, from, to) / (sd / Math.sqrt(to - from))
}

/** Share of values `> 0`; 0 for an empty slice. */
export const hitRate = (x: Float64Array, from = 0, to = x.length): number => {
  const n = to - from
  if (n <= 0) return 0
  let hits = 0
  for (let i = from; i < to; i++) if (x[i] > 0) hits++
  return hits / n
}

/**
 * Compounds the slice from wealth 1: `cumret[i] = prod(1 + x) - 1` and `drawdown[i] = W /
 * max(1, running max of W) - 1` with `W = 1 + cumret` (the starting wealth counts, so a loss
 * on the first day is a drawdown). Writes positions `from .. to - 1` of the outputs.
 */
export const compound = (
  x: Float64Array,
  cumret: Float64Array,
  drawdown: Float64Array,
  from = 0,
  to = x.length
): void => {
  let wealth = 1
  let peak = 1
  for (let i = from; i < to; i++) {
    wealth *= 1 + x[i]
    if (wealth > peak) peak = wealth
    cumret[i] = wealth - 1
    drawdown[i] = wealth / peak - 1
  }
}

/** The most negative drawdown of the slice compounded from wealth 1 (0 when it never falls). */
export const maxDrawdown = (x: Float64Array, from = 0, to = x.length): number => {
  let wealth = 1
  let peak = 1
  let worst = 0
  for (let i = from; i < to; i++) {
    wealth *= 1 + x[i]
    if (wealth > peak) peak = wealth
    const dd = wealth / peak - 1
    if (dd < worst) worst = dd
  }
  return worst
}

/**
 * Mean and `mean / std(ddof = 1)` (not annualized) of the finite values of the slice (NaN
 * marks a day where the IC was undefined); 0 and 0 when there are none, IR 0 under zero
 * variance.
 */
export const meanAndInformationRatio = (
  x: Float64Array,
  from = 0,
  to = x.length
): { readonly mean: number; readonly ir: number } => {
  let n = 0
  let s = 0
  let first = NaN
  let constant = true
  for (let i = from; i < to; i++) {
    const v = x[i]
    if (Number.isNaN(v)) continue
    if (n === 0) first = v
    else if (v !== first) constant = false
    s += v
    n++
  }
  if (n === 0) return { mean: 0, ir: 0 }
  const mu = s / n
  if (n < 2 || constant) return { mean: mu, ir: 0 }
  let ss = 0
  for (let i = from; i < to; i++) {
    const v = x[i]
    if (Number.isNaN(v)) continue
    ss += (v - mu) * (v - mu)
  }
  return { mean: mu, ir: mu / Math.sqrt(ss / (n - 1)) }
}
