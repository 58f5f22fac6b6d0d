/**
 * Significance of a daily return series (shared/notes/metrics-and-mlflow.md, section 4.4).
 * Sharpe ratios here are per period (daily, not annualized): `SR = mean / std(ddof = 1)`; `T`
 * is the number of returns; skewness `g3 = m3 / m2^1.5` and raw kurtosis `g4 = m4 / m2^2`
 * (normal = 3) use the population moments `m_k = mean((x - mean)^k)`.
 *
 * - Standard error of SR (Mertens; Bailey and Lopez de Prado):
 *   `sigma(SR) = sqrt((1 - g3 SR + (g4 - 1) / 4 SR^2) / (T - 1))`.
 * - Probabilistic Sharpe ratio: `PSR(SR*) = Phi((SR - SR*) / sigma(SR))`.
 * - Deflated Sharpe ratio (Bailey and Lopez de Prado 2014): `PSR(SR0)` with the expected
 *   maximum of N null trials `SR0 = sqrt(V) ((1 - gamma) Phi^-1(1 - 1/N) + gamma Phi^-1(1 -
 *   1/(N e)))`, gamma the Euler-Mascheroni constant and V the variance of the trials' SRs.
 *   With N = 1 there is nothing to deflate: SR0 = 0.
 * - Newey-West t-statistic of the mean, Bartlett kernel:
 *   `var = (1/T) [sum e_t^2 + 2 sum_{l=1..L} (1 - l/(L+1)) sum_t e_t e_{t-l}]`, `se = sqrt(var /
 *   T)`, with `L = floor(4 (T/100)^(2/9))` (Newey and West 1994) unless given.
 *
 * Degenerate input never gives NaN: zero variance (or fewer than 2 values) gives SR, t and the
 * skewness 0 and kurtosis 3; a non-positive or non-finite sigma(SR) makes PSR a step (1 above
 * the benchmark, 0 below, 1/2 at it).
 */
import { isZeroVariance, mean, sampleStd, tStatistic } from "@alphabench/engine"
import { normalCdf, normalQuantile } from "./internal/normal.ts"

export const EULER_MASCHERONI = 0.5772156649015329

export interface Moments {
  readonly n: number
  readonly mean: number
  /** ddof = 1. */
  readonly std: number
  readonly skewness: number
  /** Raw (not excess) kurtosis. */
  readonly kurtosis: number
}

export const moments = (x: Float64Array): Moments => {
  const n = x.length
  const mu = mean(x)
  if (isZeroVariance(x)) return { n, mean: mu, std: 0, skewness: 0, kurtosis: 3 }
  let m2 = 0
  let m3 = 0
  let m4 = 0
  for (let i = 0; i < n; i++) {
    const e = x[i] - mu
    const e2 = e * e
    m2 += e2
    m3 += e2 * e
    m4 += e2 * e2
  }
  m2 /= n
  m3 /= n
  m4 /= n
  return { n, mean: mu, std: sampleStd(x), skewness: m3 / Math.pow(m2, 1.5), kurtosis: m4 / (m2 * m2) }
}

/** Per-period Sharpe ratio `mean / std(ddof = 1)`, 0 under zero variance. */
export const sharpePerPeriod = (x: Float64Array): number => {
  const sd = sampleStd(x)
  return sd === 0 ? 0 : mean(x) / sd
}

/** `sigma(SR)` for a per-period Sharpe `sr` over `n` returns with skewness and raw kurtosis. */
export const sharpeStandardError = (sr: number, n: number, skewness: number, kurtosis: number): number => {
  if (n < 2) return NaN
  const radicand = (1 - skewness * sr + ((kurtosis - 1) / 4) * sr * sr) / (n - 1)
  return radicand > 0 ? Math.sqrt(radicand) : 0
}

/** `PSR(benchmark) = Phi((sr - benchmark) / sigma)`, a step when sigma is not positive and finite. */
export const probabilisticSharpe = (sr: number, benchmark: number, sigma: number): number => {
  if (!(sigma > 0 && sigma < Infinity)) return sr > benchmark ? 1 : sr < benchmark ? 0 : 0.5
  return normalCdf((sr - benchmark) / sigma)
}

/** The expected maximum per-period SR of `trials` independent null trials whose SRs have variance `variance`. */
export const expectedMaxSharpe = (trials: number, variance: number): number => {
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`invalid number of trials: ${trials} (expected an integer >= 1)`)
  if (trials === 1 || !(variance > 0)) return 0
  const g = EULER_MASCHERONI
  return Math.sqrt(variance) * ((1 - g) * normalQuantile(1 - 1 / trials) + g * normalQuantile(1 - 1 / (trials * Math.E)))
}

/** The Newey-West lag rule of thumb `floor(4 (T / 100)^(2/9))`. */
export const defaultNeweyWestLags = (n: number): number => (n < 2 ? 0 : Math.floor(4 * Math.pow(n / 100, 2 / 9)))

/** t-statistic of the mean with a Newey-West (Bartlett) standard error; 0 under zero variance. */
export const neweyWestTStat = (x: Float64Array, lags: number): number => {
  const n = x.length
  if (!Number.isInteger(lags) || lags < 0) throw new RangeError(`invalid Newey-West lags: ${lags} (expected an integer >= 0)`)
  if (isZeroVariance(x)) return 0
  const mu = mean(x)
  let s = 0
  for (let t = 0; t < n; t++) s += (x[t] - mu) * (x[t] - mu)
  for (let l = 1; l <= Math.min(lags, n - 1); l++) {
    let c = 0
    for (let t = l; t < n; t++) c += (x[t] - mu) * (x[t - l] - mu)
    s += 2 * (1 - l / (lags + 1)) * c
  }
  const variance = s / n
  return variance > 0 ? mu / Math.sqrt(variance / n) : 0
}

export interface SharpeSignificance {
  /** Daily returns of the reference config that entered the statistics (its daily rows). */
  readonly periods: number
  /** Per-period (daily, not annualized) Sharpe ratio: mean / std(ddof = 1). */
  readonly sharpe_per_period: number
  /** Skewness and raw (non-excess, normal = 3) kurtosis of the daily net returns. */
  readonly skewness: number
  readonly kurtosis: number
  /** t-statistic of the mean daily net return: mean / (std / sqrt(T)). */
  readonly t_stat: number
  /** The same with a Newey-West (Bartlett kernel) standard error. */
  readonly t_stat_nw: number
  readonly nw_lags: number
  /** Standard error of the per-period Sharpe ratio (Mertens / Lo, with skewness and kurtosis). */
  readonly sharpe_se: number
  /** Probabilistic Sharpe ratio against a benchmark Sharpe of 0. */
  readonly psr: number
  /** Deflated Sharpe ratio: PSR against the expected maximum Sharpe of `dsr_trials` null trials. */
  readonly dsr: number
  readonly dsr_trials: number
  /** Variance of the trials' per-period Sharpe ratios (ddof = 1). */
  readonly dsr_trial_variance: number
  /** The benchmark per-period Sharpe SR0 of the deflation. */
  readonly dsr_benchmark: number
}

/**
 * The significance of `net` (the reference config's daily net returns), deflated over the
 * per-period Sharpe ratios of every config tried (`trialSharpes`, the reference among them).
 */
export const sharpeSignificance = (
  net: Float64Array,
  trialSharpes: ReadonlyArray<number>,
  nwLags: number | null
): SharpeSignificance => {
  const m = moments(net)
  const sr = sharpePerPeriod(net)
  const sigma = sharpeStandardError(sr, m.n, m.skewness, m.kurtosis)
  const lags = nwLags ?? defaultNeweyWestLags(m.n)
  const trials = Math.max(1, trialSharpes.length)
  const variance = trialVariance(trialSharpes)
  const benchmark = expectedMaxSharpe(trials, variance)
  return {
    periods: m.n,
    sharpe_per_period: sr,
    skewness: m.skewness,
    kurtosis: m.kurtosis,
    t_stat: tStatistic(net),
    t_stat_nw: neweyWestTStat(net, lags),
    nw_lags: lags,
    sharpe_se: Number.isFinite(sigma) ? sigma : 0,
    psr: probabilisticSharpe(sr, 0, sigma),
    dsr: probabilisticSharpe(sr, benchmark, sigma),
    dsr_trials: trials,
    dsr_trial_variance: variance,
    dsr_benchmark: benchmark
  }
}

/** Sample variance (ddof = 1) of the trials' Sharpe ratios; 0 with fewer than 2. */
export const trialVariance = (sharpes: ReadonlyArray<number>): number => {
  const x = Float64Array.from(sharpes)
  if (isZeroVariance(x)) return 0
  const mu = mean(x)
  let ss = 0
  for (let i = 0; i < x.length; i++) ss += (x[i] - mu) * (x[i] - mu)
  return ss / (x.length - 1)
}
