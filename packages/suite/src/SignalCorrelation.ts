/**
 * Signal correlation (spec/suite.md, "Comparisons"): the mean over trade days of the Spearman
 * correlation between two signals on the securities both have that day. Both are mapped with
 * the reference timing (see MappedSignal.ts) and compared on their raw values. Days with
 * fewer than `mincos` common names, or where the correlation is undefined (a side constant),
 * are skipped; with no day left the correlation is undefined (null).
 */
import { createRanker } from "@alphabench/engine"
import { commonValues, type DailyMeanCorrelation, MeanOfDays } from "./internal/crossSections.ts"
import type { MappedSignal } from "./MappedSignal.ts"

export type { DailyMeanCorrelation } from "./internal/crossSections.ts"

/** Mean daily Spearman correlation of `a` and `b` over `a`'s trade-day range. */
export const signalCorrelation = (a: MappedSignal, b: MappedSignal, mincos: number): DailyMeanCorrelation => {
  const n = a.inForce.nSecurities
  const xa = new Float64Array(n)
  const xb = new Float64Array(n)
  const ranker = createRanker(n)
  const mean = new MeanOfDays()
  for (let d = a.range.from; d <= a.range.to; d++) {
    const m = commonValues(a.inForce, d, b.inForce, d, xa, xb)
    if (m < mincos || m < 2) continue
    mean.add(ranker.spearman(xa, xb, m))
  }
  return mean.result()
}

/** Max |corr| over the defined correlations; 0 with none (spec/suite.md). */
export const maxAbsCorrelation = (correlations: ReadonlyArray<number | null>): number => {
  let max = 0
  for (const c of correlations) if (c !== null && Math.abs(c) > max) max = Math.abs(c)
  return max
}
