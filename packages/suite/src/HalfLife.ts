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
import { createRanker, pearson } from "@alphabench/engine"
import { MeanOfDays } from "./internal/crossSections.ts"
import type { MappedSignal } from "./MappedSignal.ts"
import type { HalfLife } from "./SuiteResult.ts"

export const HALF_LIFE_NOISE_FLOOR = 0.05
export const DEFAULT_HALF_LIFE_MAX_LAG = 20

/** `rho(k)` for k = 1 .. maxLag (index k - 1), null where no day qualifies. */
export const rankAutocorrelation = (signal: MappedSignal, maxLag: number, mincos: number): Array<number | null> => {
  const { inForce, range } = signal
  const n = inForce.nSecurities
  // Each in-force row's rank within its day (rows outside the range stay 0 and are never read).
  const ranks = new Float64Array(inForce.length)
  const ranker = createRanker(n)
  const values = new Float64Array(n)
  const dayRanks = new Float64Array(n)
  for (let d = Math.max(0, range.from); d <= range.to; d++) {
    const first = inForce.dayOffsets[d]
    const m = inForce.dayOffsets[d + 1] - first
    for (let j = 0; j < m; j++) values[j] = inForce.value[first + j]
    ranker.averageRanks(values, m, dayRanks)
    for (let j = 0; j < m; j++) ranks[first + j] = dayRanks[j]
  }
  const xa = new Float64Array(n)
  const xb = new Float64Array(n)
  const out: Array<number | null> = []
  for (let k = 1; k <= maxLag; k++) {
    const mean = new MeanOfDays()
    for (let d = range.from + k; d <= range.to; d++) {
      let i = inForce.dayOffsets[d]
      const iEnd = inForce.dayOffsets[d + 1]
      let j = inForce.dayOffsets[d - k]
      const jEnd = inForce.dayOffsets[d - k + 1]
      let m = 0
      while (i < iEnd && j < jEnd) {
        const si = inForce.security[i]
        const sj = inForce.security[j]
        if (si < sj) i++
        else if (sj < si) j++
        else {
          xa[m] = ranks[i++]
          xb[m] = ranks[j++]
          m++
        }
      }
      if (m < mincos || m < 2) continue
      mean.add(pearson(xa, xb, m))
    }
    out.push(mean.result().corr)
  }
  return out
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
