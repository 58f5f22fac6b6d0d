/**
 * The signal's half-life from its rank autocorrelation.
 *
 * `rho(k)`, for k = 1 .. maxLag trade days, is alphalens' factor rank autocorrelation: each
 * trade day the signal in force (raw values, reference timing) is ranked across all its names
 * (average ranks), and `rho(k)` is the mean over trade days d (with d - k inside the range
 * too) of the Pearson correlation between the ranks on d and the ranks on d - k over the names
 * that have both. A day with fewer than `mincos` common names, or where the correlation is
 * undefined, is skipped.
 *
 * If the ranks decay like `rho(k) = c a^k` (an AR(1)-like signal observed with noise, where
 * the noise only lowers c), `ln rho(k)` is linear in k with slope `ln a`, and the half-life is
 * `-ln 2 / ln a` trade days. It is fitted by least squares on the leading run of lags whose
 * `rho(k)` exceeds a noise floor of 0.05 (a correlation this small is indistinguishable from 0
 * day to day, and its log is unstable):
 *
 * - the run has 2 or more lags: the fitted slope b; half-life `-ln 2 / b` when b < 0, else null
 *   (no decay within maxLag days);
 * - the run has 1 lag (only `rho(1)` above the floor): the slope through `rho(0) = 1`, `ln rho(1)`;
 * - the run is empty (`rho(1)` at or below the floor): 0 (the ranks do not persist even a day);
 * - `rho(1)` undefined (no pair of consecutive days with enough common names): null.
 */
import { pearson } from "@alphabench/engine"
import { MeanOfDays } from "./internal/crossSections.ts"
import { dayRanksOf } from "./internal/dayRanks.ts"
import type { MappedSignal } from "./MappedSignal.ts"
import type { HalfLife } from "./SuiteResult.ts"

export const HALF_LIFE_NOISE_FLOOR = 0.05
export const DEFAULT_HALF_LIFE_MAX_LAG = 20

/** `rho(k)` for k = 1 .. maxLag (index k - 1), null where no day qualifies. */
export const rankAutocorrelation = (signal: MappedSignal, maxLag: number, mincos: number): Array<number | null> => {
  const { inForce, range } = signal
  const n = inForce.nSecurities
  const rowSecurity = inForce.security
  const offsets = inForce.dayOffsets
  // Each in-force row's rank within its day (rows outside the range stay 0 and are never read).
  const ranks = dayRanksOf(signal)
  // Day d's ranks by security (NaN for a security without a value on d), so that pairing d with
  // each earlier day d - k is one pass over d - k's rows; the pairs come out in ascending
  // security order, as a merge of the two days would give them.
  const rankOnDay = new Float64Array(n).fill(NaN)
  const xa = new Float64Array(n)
  const xb = new Float64Array(n)
  const means = Array.from({ length: Math.max(0, maxLag) }, () => new MeanOfDays())
  for (let d = range.from + 1; d <= range.to; d++) {
    const first = offsets[d]
    const last = offsets[d + 1]
    for (let r = first; r < last; r++) rankOnDay[rowSecurity[r]] = ranks[r]
    const lags = Math.min(maxLag, d - range.from)
    for (let k = 1; k <= lags; k++) {
      let m = 0
      for (let r = offsets[d - k], end = offsets[d - k + 1]; r < end; r++) {
        const x = rankOnDay[rowSecurity[r]]
        xa[m] = x
        xb[m] = ranks[r]
        m += x === x ? 1 : 0
      }
      if (m < mincos || m < 2) continue
      means[k - 1].add(pearson(xa, xb, m))
    }
    for (let r = first; r < last; r++) rankOnDay[rowSecurity[r]] = NaN
  }
  return means.map((mean) => mean.result().corr)
}

/** The half-life (trade days) of an autocorrelation curve `rho[k - 1]`, per the module comment. */
export const halfLifeOf = (rho: ReadonlyArray<number | null>): { readonly days: number | null; readonly fitted: number } => {
  const ks: Array<number> = []
  const logs: Array<number> = []
  for (let k = 1; k <= rho.length; k++) {
    const r = rho[k - 1]
    if (r === null || !(r > HALF_LIFE_NOISE_FLOOR)) break
    ks.push(k)
    logs.push(Math.log(r))
  }
  if (ks.length === 0) return { days: rho.length === 0 || rho[0] === null ? null : 0, fitted: 0 }
  let slope: number
  if (ks.length === 1) slope = logs[0]
  else {
    const mk = ks.reduce((a, b) => a + b, 0) / ks.length
    const ml = logs.reduce((a, b) => a + b, 0) / logs.length
    let sxy = 0
    let sxx = 0
    for (let i = 0; i < ks.length; i++) {
      sxy += (ks[i] - mk) * (logs[i] - ml)
      sxx += (ks[i] - mk) * (ks[i] - mk)
    }
    slope = sxy / sxx
  }
  return { days: slope < 0 ? -Math.LN2 / slope : null, fitted: ks.length }
}

export const halfLife = (signal: MappedSignal, maxLag: number, mincos: number): HalfLife => {
  const autocorrelation = rankAutocorrelation(signal, maxLag, mincos)
  const { days, fitted } = halfLifeOf(autocorrelation)
  return { days, autocorrelation, fitted_lags: fitted }
}
