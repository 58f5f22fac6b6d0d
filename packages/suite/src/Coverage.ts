/**
 * Coverage (spec/suite.md, "Comparisons"), per trade day with at least one mapped row:
 *
 * - `avg_securities_per_day`: the mean number of mapped rows (values in force under the
 *   reference timing, carry included);
 * - universe size: names with a finite `ret` on the day that pass the base config's universe
 *   filter; `coverage_pct` = 100 x the mean over trade days of mapped rows / universe size
 *   (days whose universe is empty are left out of that mean: the ratio is undefined there);
 * - `unique_securities`: distinct securities among the mapped rows; `trade_days`.
 *
 * It also counts the days with fewer than `mincos` eligible signal names under the reference
 * config's eligibility rules (the verdict's red rule).
 */
import type { Panel } from "@alphabench/catalog"
import {
  type BacktestConfig,
  ELIGIBLE,
  type EligibilityColumns,
  eligibilityColumns,
  eligibilityRulesOf,
  ineligibilityCode
} from "@alphabench/engine"
import type { MappedSignal } from "./MappedSignal.ts"
import type { Coverage } from "./SuiteResult.ts"

export const coverage = (panel: Panel, signal: MappedSignal, reference: BacktestConfig): Coverage => {
  const { inForce, range } = signal
  const n = panel.nSecurities
  const universe = eligibilityColumns(panel, { universe: reference.universe, industry: false, styles: false, mcap: false, capTier: 0 })
  const eligible = eligibilityColumns(panel, eligibilityRulesOf(reference))
  const seen = new Uint8Array(n)
  let tradeDays = 0
  let rows = 0
  let ratioSum = 0
  let ratioDays = 0
  let unique = 0
  let thin = 0
  for (let d = range.from; d <= range.to; d++) {
    const first = inForce.dayOffsets[d]
    const last = inForce.dayOffsets[d + 1]
    if (last === first) continue
    tradeDays++
    rows += last - first
    let names = 0
    for (let r = first; r < last; r++) {
      const s = inForce.security[r]
      if (seen[s] === 0) {
        seen[s] = 1
        unique++
      }
      if (ineligibilityCode(eligible, d * n + s) === ELIGIBLE) names++
    }
    if (names < reference.mincos) thin++
    const size = universeSize(universe, d * n, n)
    if (size > 0) {
      ratioSum += (last - first) / size
      ratioDays++
    }
  }
  return {
    avg_securities_per_day: tradeDays === 0 ? 0 : rows / tradeDays,
    coverage_pct: ratioDays === 0 ? 0 : (100 * ratioSum) / ratioDays,
    unique_securities: unique,
    trade_days: tradeDays,
    days_below_mincos: thin
  }
}

/** Names of the day starting at panel cell `from` that pass the universe rule (a finite ret, the filter). */
const universeSize = (universe: EligibilityColumns, from: number, n: number): number => {
  let size = 0
  if (universe.universeMode === 0) {
    // No filter: the rule is a finite ret (x - x is 0 exactly then).
    const ret = universe.ret
    for (let cell = from, end = from + n; cell < end; cell++) size += ret[cell] - ret[cell] === 0 ? 1 : 0
    return size
  }
  for (let cell = from, end = from + n; cell < end; cell++) if (ineligibilityCode(universe, cell) === ELIGIBLE) size++
  return size
}
