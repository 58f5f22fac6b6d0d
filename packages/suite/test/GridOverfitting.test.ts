/** The grid's PBO: the configs' daily net returns on their common dates, and the significance fields. */
import type { DailySeries } from "@alphabench/engine"
import { assert, describe, it } from "vitest"
import { commonDateReturns, gridOverfitting, probabilityOfBacktestOverfitting } from "../src/index.ts"
import { mulberry32 } from "../src/internal/random.ts"

const noise = (seed: number, nPeriods: number, nConfigs: number): Float64Array => {
  const u = mulberry32(seed)
  return Float64Array.from({ length: nPeriods * nConfigs }, () => 0.01 * (u() - 0.5))
}

describe("the grid's PBO on common dates", () => {
  const series = (dates: ReadonlyArray<number>, net: ReadonlyArray<number>): DailySeries =>
    ({ length: dates.length, date: Int32Array.from(dates), net: Float64Array.from(net) }) as unknown as DailySeries

  it("keeps only the dates every config has, row-major in grid order", () => {
    const a = series([1, 2, 3, 4, 5], [0.1, 0.2, 0.3, 0.4, 0.5])
    const b = series([2, 3, 5, 6], [-2, -3, -5, -6])
    const c = series([3, 4, 5, 6], [30, 40, 50, 60])
    const { dates, returns } = commonDateReturns([a, b, c])
    assert.deepStrictEqual(Array.from(dates), [3, 5])
    assert.deepStrictEqual(Array.from(returns), [0.3, -3, 30, 0.5, -5, 50])
    assert.deepStrictEqual(Array.from(commonDateReturns([]).dates), [])
  })

  it("gives the significance fields, with a reason when a config never held a position", () => {
    const dates = Array.from({ length: 40 }, (_, t) => 100 + t)
    const x = noise(2, 40, 3)
    const configs = [0, 1, 2].map((n) => series(dates, dates.map((_, t) => x[t * 3 + n]!)))
    const direct = probabilityOfBacktestOverfitting(x, 40, 3)
    assert.deepStrictEqual(gridOverfitting(configs), {
      pbo: direct.pbo,
      pbo_configs: 3,
      pbo_periods: 40,
      pbo_blocks: 16,
      pbo_splits: 12_870,
      pbo_logit_median: direct.logitMedian,
      pbo_reason: null
    })
    const never = gridOverfitting([...configs, series([], [])])
    assert.deepStrictEqual([never.pbo, never.pbo_periods, never.pbo_splits, never.pbo_logit_median], [null, 0, 0, null])
    assert.strictEqual(never.pbo_reason, "PBO with 16 blocks needs at least 16 periods (each half at least 2); there are 0")
  })
})
