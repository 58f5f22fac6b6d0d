/**
 * Each mapped signal's average ranks within its day, computed once and shared by the
 * comparisons that rank the signal over a whole day (signal correlations with every baseline,
 * factor exposures and the half-life): ranks depend only on the day's values, so every one of
 * them gets exactly the numbers it would have computed itself.
 */
import { createRanker } from "@alphabench/engine"
import type { MappedSignal } from "../MappedSignal.ts"

const cache = new WeakMap<MappedSignal, Float64Array>()

/** `ranks[row]` for the rows of the trade days in the signal's range (other rows stay 0). */
export const dayRanksOf = (signal: MappedSignal): Float64Array => {
  const cached = cache.get(signal)
  if (cached !== undefined) return cached
  const { inForce, range } = signal
  const n = inForce.nSecurities
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
  cache.set(signal, ranks)
  return ranks
}
