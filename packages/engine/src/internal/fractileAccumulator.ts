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
  /** The bin of average rank r among the day's names at index 2r - 2 (r is a multiple of 1/2). */
  binOfRank: Int8Array
}

export const createFractileAccumulator = (): FractileAccumulator => ({
  daySum: new Float64Array(BINS),
  dayCount: new Int32Array(BINS),
  returnSum: new Float64Array(BINS),
  daysWithNames: new Int32Array(BINS),
  countSum: new Float64Array(BINS),
  heldDays: 0,
  binOfRank: new Int8Array(0)
})

/** The bin of average rank r among m names: `floor(10 q)` with `q = (r - 0.5) / m`, clamped to 0..9. */
const binOf = (r: number, m: number): number => {
  const bin = Math.floor(10 * ((r - 0.5) / m))
  return bin < 0 ? 0 : bin > BINS - 1 ? BINS - 1 : bin
}

/**
 * Fills `acc.binOfRank` for the 2m - 1 possible average ranks 1, 1.5, ..., m among m names.
 * The bin is monotone in r, so each bin is a range found by bisection, each evaluated with the
 * very expression of `binOf`: the table gives the same bins as computing each name's.
 */
const fillBinTable = (acc: FractileAccumulator, m: number): Int8Array => {
  const size = 2 * m - 1
  if (acc.binOfRank.length < size) acc.binOfRank = new Int8Array(Math.max(size, 2 * acc.binOfRank.length))
  const table = acc.binOfRank
  let start = 0
  for (let bin = binOf(1, m); start < size;) {
    // The first index past `start` whose rank has a larger bin (size when none).
    let lo = start + 1
    let hi = size
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (binOf(mid / 2 + 1, m) > bin) hi = mid
      else lo = mid + 1
    }
    table.fill(bin, start, lo)
    start = lo
    if (start < size) bin = binOf(start / 2 + 1, m)
  }
  return table
}

/** Adds one held day: `ranks[members[k]]` are average ranks among `m` names, `forward` their `R[d + 1]`. */
export const addFractileDay = (
  acc: FractileAccumulator,
  ranks: Float64Array,
  forward: Float64Array,
  members: Int32Array,
  m: number
): void => {
  const daySum = acc.daySum
  const dayCount = acc.dayCount
  daySum.fill(0)
  dayCount.fill(0)
  const table = fillBinTable(acc, m)
  for (let k = 0; k < m; k++) {
    const i = members[k]
    const bin = table[(2 * ranks[i] - 2) | 0]
    daySum[bin] += forward[i]
    dayCount[bin]++
  }
  for (let b = 0; b < BINS; b++) {
    const count = dayCount[b]
    if (count === 0) continue
    acc.returnSum[b] += daySum[b] / count
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
