/** Signal and PnL correlations, factor exposures and coverage on hand-computed fixtures (spec/suite.md, "Comparisons"). */
import { signalTableFromRows } from "@alphabench/contract"
import { type DailySeries, decodeBacktestConfig } from "@alphabench/engine"
import { assert, describe, it } from "vitest"
import { coverage, factorExposures, mapSignal, maxAbsCorrelation, pnlCorrelation, signalCorrelation } from "../src/index.ts"
import { assertClose, gridOf, tinyPanel, weekdays } from "./support/tiny.ts"

const cal = weekdays("2024-03-04", 5)
const ids = [1, 2, 3, 4]
/** Rows traded on their own day (date_avail = date_sig = the day), lag 0. */
const signalOf = (days: ReadonlyArray<ReadonlyArray<number | null>>) =>
  signalTableFromRows(
    days.flatMap((row, d) =>
      row.flatMap((v, s) => (v === null ? [] : [{ securityId: ids[s], dateSig: cal[d], dateAvail: cal[d], signal: v }]))
    )
  )

describe("signal correlation", () => {
  const panel = tinyPanel(cal, ids, { ret: gridOf(5, 4, () => 0.01) })
  const config = decodeBacktestConfig({ mincos: 3 })
  const a = signalOf([
    [1, 2, 3, 4],
    [3, 2, 1, null],
    [1, 2, null, null],
    [5, 5, 5, null],
    [1, 2, 3, 4]
  ])
  const b = signalOf([
    [10, 20, 40, 30],
    [1, 2, 3, 7],
    [1, 3, 2, 4],
    [1, 2, 3, 4],
    [4, 3, 2, 1]
  ])

  it("is the mean daily Spearman on common names, skipping thin and undefined days", () => {
    // Day 0: ranks 1,2,3,4 vs 1,2,4,3: sum d^2 = 2, rho = 1 - 6 * 2 / (4 * 15) = 0.8.
    // Day 1: common {1,2,3}: 3,2,1 vs 1,2,3: rho = -1.
    // Day 2: 2 common names < mincos 3: skipped. Day 3: a is constant: undefined, skipped.
    // Day 4 is the calendar's last day: no trade day. Mean (0.8 - 1) / 2 = -0.1 over 2 days.
    const result = signalCorrelation(mapSignal(panel, a, config), mapSignal(panel, b, config), config.mincos)
    assert.strictEqual(result.days, 2)
    assertClose(result.corr, -0.1, "corr")
  })

  it("is undefined (null) when no day qualifies", () => {
    const strict = decodeBacktestConfig({ mincos: 5 })
    const result = signalCorrelation(mapSignal(panel, a, strict), mapSignal(panel, b, strict), strict.mincos)
    assert.deepStrictEqual(result, { corr: null, days: 0 })
  })

  it("uses the reference timing: carry keeps a value in force, start/end bound the trade days", () => {
    // With carry 1, a has 1, 2 on day 2 and day 1's value 1 for security 3 stays in force
    // (security 4 had none on day 1). Common with b: {1,2,3}: a = 1,2,1 (ranks 1.5,3,1.5, deviations
    // -0.5,1,-0.5) vs b = 1,3,2 (deviations -1,1,0): 1.5 / sqrt(1.5 * 2) = sqrt(3)/2.
    const carry = decodeBacktestConfig({ mincos: 3, carry: 1, start: "2024-03-07", end: "2024-03-07" })
    // start = end = the return day of trade day 2, so only day 2 counts.
    const result = signalCorrelation(mapSignal(panel, a, carry), mapSignal(panel, b, carry), carry.mincos)
    assert.strictEqual(result.days, 1)
    assertClose(result.corr, Math.sqrt(3) / 2, "corr")
  })
})

describe("PnL correlation", () => {
  const series = (date: ReadonlyArray<number>, net: ReadonlyArray<number>) =>
    ({ length: date.length, date: Int32Array.from(date), net: Float64Array.from(net) }) as unknown as DailySeries

  it("is Pearson of daily net over the common return dates", () => {
    // Common dates 2, 3, 5: x = 2, 0, 3 and y = 1, -1, 4 (in %). Deviations 1/3, -5/3, 4/3 and
    // -1/3, -7/3, 8/3: sxy = 66/9, sxx = 42/9, syy = 114/9, r = 66 / sqrt(42 * 114) = 0.9538...
    const a = series([1, 2, 3, 5], [0.01, 0.02, 0, 0.03])
    const b = series([2, 3, 4, 5], [0.01, -0.01, 0.5, 0.04])
    const result = pnlCorrelation(a, b)
    assert.strictEqual(result.days, 3)
    assertClose(result.corr, 66 / Math.sqrt(42 * 114), "corr", 1e-12)
  })

  it("is null with a constant side or fewer than 2 common dates", () => {
    assert.deepStrictEqual(pnlCorrelation(series([1, 2, 3], [0, 0, 0]), series([1, 2, 3], [1, 2, 3])), { corr: null, days: 3 })
    assert.deepStrictEqual(pnlCorrelation(series([1, 2], [1, 2]), series([2, 3], [1, 2])), { corr: null, days: 1 })
  })
})

describe("factor exposures", () => {
  const ids3 = [1, 2, 3]
  const cal3 = weekdays("2024-03-04", 3)
  const row = (d0: ReadonlyArray<number | null>, d1: ReadonlyArray<number | null>) => [d0, d1, [0, 0, 0]]
  const panel = tinyPanel(cal3, ids3, {
    ret: gridOf(3, 3, () => 0.01),
    size: row([3, 2, 1], [1, 2, 3]),
    value: row([1, null, 3], [1, 2, 3]),
    growth: row([1, 2, 3], [3, 1, 2]),
    leverage: row([1, 1, 1], [1, 2, 3]),
    volatility: row([2, 1, 3], [1, 1, 2]),
    momentum: row([null, null, null], [2, 3, 1])
  })
  const signal = signalTableFromRows([
    ...[1, 2, 3].map((v, s) => ({ securityId: ids3[s], dateSig: cal3[0], dateAvail: cal3[0], signal: v })),
    ...[3, 1, 2].map((v, s) => ({ securityId: ids3[s], dateSig: cal3[1], dateAvail: cal3[1], signal: v }))
  ])

  it("is the mean daily Spearman with each exposure; a missing exposure drops the name for that factor only", () => {
    const config = decodeBacktestConfig({ mincos: 2 })
    const result = factorExposures(panel, mapSignal(panel, signal, config), 2)
    // size: day 0 1,2,3 vs 3,2,1 = -1; day 1 3,1,2 vs 1,2,3: sum d^2 = 6, 1 - 36/24 = -0.5; mean -0.75.
    assertClose(result.size.corr, -0.75, "size")
    // value: day 0 on names {1,3}: 1,3 vs 1,3 = 1; day 1 = -0.5; mean 0.25.
    assertClose(result.value.corr, 0.25, "value")
    assertClose(result.growth.corr, 1, "growth")
    // leverage is constant on day 0 (undefined, skipped): day 1 only, -0.5.
    assert.strictEqual(result.leverage.days, 1)
    assertClose(result.leverage.corr, -0.5, "leverage")
    // volatility: day 0 ranks 1,2,3 vs 2,1,3: 1 - 12/24 = 0.5; day 1 3,1,2 vs 1.5,1.5,3: covariance 0; mean 0.25.
    assertClose(result.volatility.corr, 0.25, "volatility")
    // momentum: no exposure on day 0; day 1 3,1,2 vs 2,3,1: sum d^2 = 6, -0.5.
    assert.deepStrictEqual(result.momentum, { corr: -0.5, days: 1 })
  })

  it("needs the style exposures in the panel", () => {
    const bare = tinyPanel(cal3, ids3, { ret: gridOf(3, 3, () => 0.01) })
    assert.throws(() => factorExposures(bare, mapSignal(bare, signal, decodeBacktestConfig({})), 2), /panel field size/)
  })
})

describe("max |correlation|", () => {
  it("is taken over the defined correlations, 0 with none", () => {
    assert.strictEqual(maxAbsCorrelation([null, 0.3, -0.6]), 0.6)
    assert.strictEqual(maxAbsCorrelation([null, null]), 0)
    assert.strictEqual(maxAbsCorrelation([]), 0)
  })
})

describe("coverage", () => {
  // ret: day 1 misses security 4, day 3 misses everything. Security 3 is never in the universe.
  const panel = tinyPanel(cal, ids, {
    ret: gridOf(5, 4, (d, s) => (d === 3 || (d === 1 && s === 3) ? null : 0.01)),
    in_universe: gridOf(5, 4, (_d, s) => (s === 2 ? 0 : 1))
  })
  const signal = signalOf([
    [1, 2, 3, null],
    [1, null, null, null],
    [null, null, null, null],
    [1, null, null, null],
    [1, 2, 3, 4]
  ])

  it("counts mapped rows, the universe ratio, unique names, trade days and thin days", () => {
    const config = decodeBacktestConfig({ universe: "in", mincos: 2 })
    const result = coverage(panel, mapSignal(panel, signal, config), config)
    // Trade days with rows: 0, 1, 3 (day 2 has none; day 4 is the last calendar day).
    // Rows 3, 1, 1: avg 5/3. Universe (finite ret, in_universe): day 0 {1,2,4} = 3, day 1 {1,2} = 2,
    // day 3 none (ratio undefined, left out): coverage 100 * (3/3 + 1/2) / 2 = 75.
    // Eligible names (value in force, finite ret, in universe): day 0 {1,2} = 2, day 1 {1}, day 3 none:
    // 2 of 3 days below mincos 2.
    assert.deepStrictEqual(result, {
      avg_securities_per_day: 5 / 3,
      coverage_pct: 75,
      unique_securities: 3,
      trade_days: 3,
      days_below_mincos: 2
    })
  })
})
