/**
 * The fractile table (spec/engine.md, "Outputs", `fractile`): ten bins by `floor(10 q) + 1`;
 * on each held day a bin's return is the equal-weighted mean of `R[d + 1]` over its names.
 */
import type { FractileRow } from "../BacktestResult.ts"
import { spearman } from "../Correlation.ts"
import { TRADING_DAYS_PER_YEAR } from "../Metrics.ts"

export const BINS = 10

export interface FractileAccumulator {
  readonly daySum: Float64Array
  readonly dayCount: Int32Array
  readonly returnSum: Float64Array
  readonly daysWithNames: Int32Array
  readonly countSum: Float64Array
  heldDays: number
}

export const createFractileAccumulator = (): FractileAccumulator => ({
  daySum: new Float64Array(BINS),
  dayCount: new Int32Array(BINS),
  returnSum: new Float64Array(BINS),
  daysWithNames: new Int32Array(BINS),
  countSum: new Float64Array(BINS),
  heldDays: 0
})

/** Adds one held day: `ranks[members[k]]` are average ranks among `m` names, `forward` their `R[d + 1]`. */
export const addFractileDay = (
  acc: FractileAccumulator,
  ranks: Float64Array,
  forward: Float64Array,
  members: Int32Array,
  m: number
): void => {
  acc.daySum.fill(0)
  acc.dayCount.fill(0)
  for (let k = 0; k < m; k++) {
    const i = members[k]
    const q = (ranks[i] - 0.5) / m
    let bin = Math.floor(10 * q)
    if (bin < 0) bin = 0
    else if (bin > BINS - 1) bin = BINS - 1
    acc.daySum[bin] += forward[i]
    acc.dayCount[bin]++
  }
  for (let b = 0; b < BINS; b++) {
    const count = acc.dayCount[b]
    if (count === 0) continue
    acc.returnSum[b] += acc.daySum[b] / count
    acc.daysWithNames[b]++
    acc.countSum[b] += count
  }
  acc.heldDays++
}

/** The ten rows; a bin that never had names has ann_ret 0 and avg_count 0 and is left out of monotonicity. */
export const fractileRows = (acc: FractileAccumulator): Array<FractileRow> => {
  const annualized = new Float64Array(BINS)
  const withData: Array<number> = []
  for (let b = 0; b < BINS; b++) {
    if (acc.daysWithNames[b] > 0) {
      annualized[b] = (TRADING_DAYS_PER_YEAR * acc.returnSum[b]) / acc.daysWithNames[b]
      withData.push(b)
    }
  }
  const rho = spearman(
    Float64Array.from(withData, (b) => b + 1),
    Float64Array.from(withData, (b) => annualized[b])
  )
  const monotonicity = Number.isNaN(rho) ? 0 : rho
  return Array.from({ length: BINS }, (_, b) => ({
    bin: b + 1,
    ann_ret: annualized[b],
    avg_count: acc.heldDays > 0 ? acc.countSum[b] / acc.heldDays : 0,
    monotonicity
  }))
}
