/**
 * Factor exposures (spec/suite.md, "Comparisons"): for each style exposure (`size, value,
 * growth, leverage, volatility, momentum`), the mean daily Spearman correlation of the signal
 * with the exposure on the trade day, over the names with a value in force and a finite
 * exposure that day (a name missing one exposure is left out for that factor only). Same day
 * rule as the signal correlation: fewer than `mincos` names, or undefined, skips the day.
 *
 * On a day where every name with a value has all six exposures (the usual case), the signal is
 * ranked once and shared by the six correlations; otherwise each factor ranks its own subset.
 * Both give the same numbers: Spearman is the Pearson correlation of the ranks over one set.
 */
import type { Panel } from "@alphabench/catalog"
import { createRanker, pearson } from "@alphabench/engine"
import { type DailyMeanCorrelation, MeanOfDays } from "./internal/crossSections.ts"
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
  const { inForce, range } = signal
  const n = panel.nSecurities
  const ranker = createRanker(n)
  const xs = new Float64Array(n)
  const xf = new Float64Array(n)
  const rs = new Float64Array(n)
  const rf = new Float64Array(n)
  const means = factorNames.map(() => new MeanOfDays())
  for (let d = range.from; d <= range.to; d++) {
    const base = d * n
    const first = inForce.dayOffsets[d]
    const last = inForce.dayOffsets[d + 1]
    let complete = true
    for (let r = first; r < last && complete; r++) {
      const cell = base + inForce.security[r]
      for (const exposure of exposures) {
        if (exposure[cell] - exposure[cell] !== 0) {
          complete = false
          break
        }
      }
    }
    const m = last - first
    if (complete) {
      if (m < mincos || m < 2) continue
      for (let j = 0; j < m; j++) xs[j] = inForce.value[first + j]
      ranker.averageRanks(xs, m, rs)
      exposures.forEach((exposure, f) => {
        for (let j = 0; j < m; j++) xf[j] = exposure[base + inForce.security[first + j]]
        ranker.averageRanks(xf, m, rf)
        means[f].add(pearson(rs, rf, m))
      })
      continue
    }
    exposures.forEach((exposure, f) => {
      let k = 0
      for (let r = first; r < last; r++) {
        const x = exposure[base + inForce.security[r]]
        if (x - x !== 0) continue
        xs[k] = inForce.value[r]
        xf[k] = x
        k++
      }
      if (k >= mincos && k >= 2) means[f].add(ranker.spearman(xs, xf, k))
    })
  }
  return Object.fromEntries(factorNames.map((factor, f) => [factor, means[f].result()])) as Record<FactorName, DailyMeanCorrelation>
}
