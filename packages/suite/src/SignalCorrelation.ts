/**
 * Signal correlation (spec/suite.md, "Comparisons"): the mean over trade days of the Spearman
 * correlation between two signals on the securities both have that day. Both are mapped with
 * the reference timing (see MappedSignal.ts) and compared on their raw values. Days with
 * fewer than `mincos` common names, or where the correlation is undefined (a side constant),
 * are skipped; with no day left the correlation is undefined (null).
 *
 * On a day where every name of `a` is also in `b` (the usual case against a baseline), `a`'s
 * ranks over the common names are its ranks over the whole day, computed once per signal and
 * shared with the other comparisons; otherwise both sides are ranked over the common names.
 */
import { createRanker } from "@alphabench/engine"
import { commonValues, type DailyMeanCorrelation, MeanOfDays } from "./internal/crossSections.ts"
import { dayRanksOf } from "./internal/dayRanks.ts"
import { createPreparedSide, pearsonWithPrepared, prepareSide } from "./internal/preparedPearson.ts"
import type { MappedSignal } from "./MappedSignal.ts"

export type { DailyMeanCorrelation } from "./internal/crossSections.ts"

/** Mean daily Spearman correlation of `a` and `b` over `a`'s trade-day range. */
export const signalCorrelation = (a: MappedSignal, b: MappedSignal, mincos: number): DailyMeanCorrelation => {
  const n = a.inForce.nSecurities
  const xa = new Float64Array(n)
  const xb = new Float64Array(n)
  const ra = new Float64Array(n)
  const rb = new Float64Array(n)
  const side = createPreparedSide(n)
  const ranker = createRanker(n)
  const ranksA = dayRanksOf(a)
  const offsets = a.inForce.dayOffsets
  const mean = new MeanOfDays()
  for (let d = a.range.from; d <= a.range.to; d++) {
    const m = commonValues(a.inForce, d, b.inForce, d, xa, xb)
    if (m < mincos || m < 2) continue
    const first = offsets[d]
    if (m === offsets[d + 1] - first) {
      for (let j = 0; j < m; j++) ra[j] = ranksA[first + j]
    } else ranker.averageRanks(xa, m, ra)
    ranker.averageRanks(xb, m, rb)
    mean.add(pearsonWithPrepared(prepareSide(side, ra, m), rb))
  }
  return mean.result()
}

/** Max |corr| over the defined correlations; 0 with none (spec/suite.md). */
export const maxAbsCorrelation = (correlations: ReadonlyArray<number | null>): number => {
  let max = 0
  for (const c of correlations) if (c !== null && Math.abs(c) > max) max = Math.abs(c)
  return max
}
