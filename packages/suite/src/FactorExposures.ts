/**
 * Factor exposures (spec/suite.md, "Comparisons"): for each style exposure (`size, value,
 * growth, leverage, volatility, momentum`), the mean daily Spearman correlation of the signal
 * with the exposure on the trade day, over the names with a value in force and a finite
 * exposure that day (a name missing one exposure is left out for that factor only). Same day
 * rule as the signal correlation: fewer than `mincos` names, or undefined, skips the day.
 *
 * On a day where every name with a value has all six exposures (the usual case), the signal's
 * ranks over the whole day (computed once per signal, shared with the other comparisons) serve
 * all six correlations; otherwise each factor ranks its own subset.
 * Both give the same numbers: Spearman is the Pearson correlation of the ranks over one set.
 */
import type { Panel } from "@alphabench/catalog"
import { createRanker } from "@alphabench/engine"
import { type DailyMeanCorrelation, MeanOfDays } from "./internal/crossSections.ts"
import { dayRanksOf } from "./internal/dayRanks.ts"
import { createPreparedSide, pearsonWithPrepared, prepareSide } from "./internal/preparedPearson.ts"
import type { MappedSignal } from "./MappedSignal.ts"
import { type FactorName, factorNames } from "./SuiteResult.ts"

export const factorExposures = (
  panel: Panel,
  signal: MappedSignal,
  mincos: number
): Record<FactorName, DailyMeanCorrelation> => {
  const exposures = factorNames.map((factor) => {
    const column = panel.columns[factor]
    if (column === undefined) throw new TypeError(`the factor exposures need the panel field ${factor}, which was not loaded`)
    return column
  })
  const [e0, e1, e2, e3, e4, e5] = exposures as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array]
  const { inForce, range } = signal
  const rowSecurity = inForce.security
  const n = panel.nSecurities
  const ranker = createRanker(n)
  const signalRanks = dayRanksOf(signal)
  const xs = new Float64Array(n)
  const xf = new Float64Array(n)
  const rs = new Float64Array(n)
  const rf = new Float64Array(n)
  const side = createPreparedSide(n)
  const means = factorNames.map(() => new MeanOfDays())
  for (let d = range.from; d <= range.to; d++) {
    const base = d * n
    const first = inForce.dayOffsets[d]
    const last = inForce.dayOffsets[d + 1]
    let complete = true
    for (let r = first; r < last; r++) {
      const cell = base + rowSecurity[r]
      // x - x is 0 for a finite x and NaN otherwise.
      if (
        e0[cell] - e0[cell] !== 0 || e1[cell] - e1[cell] !== 0 || e2[cell] - e2[cell] !== 0 ||
        e3[cell] - e3[cell] !== 0 || e4[cell] - e4[cell] !== 0 || e5[cell] - e5[cell] !== 0
      ) {
        complete = false
        break
      }
    }
    const m = last - first
    if (complete) {
      if (m < mincos || m < 2) continue
      // The signal's ranks over the whole day (shared with the other comparisons), prepared
      // once for the six correlations.
      for (let j = 0; j < m; j++) rs[j] = signalRanks[first + j]
      prepareSide(side, rs, m)
      for (let f = 0; f < exposures.length; f++) {
        const exposure = exposures[f]
        for (let j = 0; j < m; j++) xf[j] = exposure[base + rowSecurity[first + j]]
        ranker.averageRanks(xf, m, rf)
        means[f].add(pearsonWithPrepared(side, rf))
      }
      continue
    }
    for (let f = 0; f < exposures.length; f++) {
      const exposure = exposures[f]
      let k = 0
      for (let r = first; r < last; r++) {
        const x = exposure[base + rowSecurity[r]]
        if (x - x !== 0) continue
        xs[k] = inForce.value[r]
        xf[k] = x
        k++
      }
      if (k >= mincos && k >= 2) means[f].add(ranker.spearman(xs, xf, k))
    }
  }
  return Object.fromEntries(factorNames.map((factor, f) => [factor, means[f].result()])) as Record<FactorName, DailyMeanCorrelation>
}
