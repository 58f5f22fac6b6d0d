/**
 * spec/engine.md, "Each day d", points 2-5: average ranks with ties, q = (r - 0.5) / n,
 * strict thresholds, mincos, and the three weightings (with the equal fallback).
 * One trade day (Mon 2020-01-06); forward returns on Tue 07 are listed per test.
 */
import { assert, describe, it } from "vitest"
import { runBacktest } from "../src/index.ts"
import { assertClose } from "./support/compare.ts"
import { crossSection, fill, fixturePanel, signalOf } from "./support/fixture.ts"

const oneDay = (values: ReadonlyArray<number>, forward: ReadonlyArray<number>, extra: Record<string, unknown> = {}) => {
  const ids = values.map((_, i) => i + 1)
  const { mcap, ...config } = extra as { mcap?: ReadonlyArray<ReadonlyArray<number>> }
  const panel = fixturePanel({
    dates: ["2020-01-06", "2020-01-07", "2020-01-08"],
    ids,
    ret: [ids.map(() => 0), forward, ids.map(() => 0)],
    ...(mcap === undefined ? {} : { mcap })
  })
  return runBacktest(panel, signalOf(crossSection("2020-01-06", ids, values)), {
    mincos: 1,
    groups: ["overall"],
    tc_model: "none",
    ...config
  })
}

describe("ranks and thresholds", () => {
  it("ties share the mean rank and can sit between the sides", () => {
    // Values 1, 2, 2, 3: ranks 1, 2.5, 2.5, 4; q = 0.125, 0.5, 0.5, 0.875.
    // Fractile [40, 60]: short name 1, long name 4, the tied pair in neither.
    const result = oneDay([1, 2, 2, 3], [0.01, 0.1, 0.1, 0.04], { fractile: [40, 60] })
    assert.strictEqual(result.daily.n_long[0], 1)
    assert.strictEqual(result.daily.n_short[0], 1)
    assertClose(result.daily.gross[0], 0.04 - 0.01, "gross")
  })

  it("tied names land on the same side together", () => {
    // Values 1, 1, 2, 2: ranks 1.5, 1.5, 3.5, 3.5; q = 0.25, 0.25, 0.75, 0.75; fractile [30, 70].
    const result = oneDay([1, 1, 2, 2], [0.01, 0.03, 0.05, 0.07], { fractile: [30, 70] })
    assert.strictEqual(result.daily.n_long[0], 2)
    assert.strictEqual(result.daily.n_short[0], 2)
    // long = (0.05 + 0.07) / 2 = 0.06, short = -(0.01 + 0.03) / 2 = -0.02.
    assertClose(result.daily.long[0], 0.06, "long")
    assertClose(result.daily.short[0], -0.02, "short")
  })

  it("thresholds are strict: q equal to hi/100 or lo/100 is on neither side", () => {
    // Five names: q = 0.1, 0.3, 0.5, 0.7, 0.9. Fractile [10, 90]: q = 0.9 is not > 0.9 and
    // q = 0.1 is not < 0.1, so nothing is held.
    assert.strictEqual(oneDay([1, 2, 3, 4, 5], [0, 0, 0, 0, 0], { fractile: [10, 90] }).daily.length, 0)
    const wider = oneDay([1, 2, 3, 4, 5], [0.01, 0, 0, 0, 0.02], { fractile: [10.5, 89.5] })
    assert.strictEqual(wider.daily.n_long[0], 1)
    assertClose(wider.daily.gross[0], 0.02 - 0.01, "gross")
  })

  it("mincos: a side with fewer names skips the day", () => {
    // Four names, fractile [30, 70]: one name a side.
    const skipped = oneDay([1, 2, 3, 4], [0, 0, 0, 0], { fractile: [30, 70], mincos: 2 })
    assert.strictEqual(skipped.daily.length, 0)
    assert.strictEqual(skipped.diagnostics.daysSkippedMincos, 1)
    assert.strictEqual(skipped.diagnostics.daysHeld, 0)
    assert.strictEqual(oneDay([1, 2, 3, 4], [0, 0, 0, 0], { fractile: [30, 70], mincos: 1 }).daily.length, 1)
  })
})

describe("weights: each side sums to 1 in absolute value", () => {
  // Values 1, 2, 3, 4 with fractile [40, 60]: q = 0.125, 0.375, 0.625, 0.875, so names 3 and 4
  // are long and 1 and 2 short. Forward returns 0.01, 0.02, 0.03, 0.05.
  const forward = [0.01, 0.02, 0.03, 0.05]

  it("equal", () => {
    // long = (0.03 + 0.05) / 2 = 0.04; short = -(0.01 + 0.02) / 2 = -0.015.
    const result = oneDay([1, 2, 3, 4], forward, { fractile: [40, 60] })
    assertClose(result.daily.long[0], 0.04, "long")
    assertClose(result.daily.short[0], -0.015, "short")
    assertClose(result.daily.gross[0], 0.025, "gross")
  })

  it("cap: by mcap on d (not on d + 1)", () => {
    // mcap on d: 1, 3, 1, 3 -> long 1/4 x 0.03 + 3/4 x 0.05 = 0.045; short -(1/4 x 0.01 + 3/4 x 0.02) = -0.0175.
    // The mcap on d + 1 (9, 9, 9, 1) would give other weights and must be ignored.
    const mcap = [[1, 3, 1, 3], [9, 9, 9, 1], [1, 1, 1, 1]]
    const result = oneDay([1, 2, 3, 4], forward, { fractile: [40, 60], weight: "cap", mcap })
    assertClose(result.daily.long[0], 0.045, "long")
    assertClose(result.daily.short[0], -0.0175, "short")
  })

  it("signal: by the absolute (residualized) signal", () => {
    // Values -3, -1, 1, 3: long names 3 (1/4) and 4 (3/4): 0.0075 + 0.0375 = 0.045;
    // short names 1 (3/4) and 2 (1/4): -(0.0075 + 0.005) = -0.0125.
    const result = oneDay([-3, -1, 1, 3], forward, { fractile: [40, 60], weight: "signal" })
    assertClose(result.daily.long[0], 0.045, "long")
    assertClose(result.daily.short[0], -0.0125, "short")
  })

  it("signal: a side whose absolute values sum to 0 falls back to equal weights", () => {
    // Values 0, 0, 5, 7; ranks 1.5, 1.5, 3, 4; q = 0.25, 0.25, 0.625, 0.875; fractile [30, 70]:
    // short names 1 and 2 (|signal| sums to 0: equal halves), long name 4 alone.
    const result = oneDay([0, 0, 5, 7], forward, { fractile: [30, 70], weight: "signal" })
    assertClose(result.daily.short[0], -0.015, "short")
    assertClose(result.daily.long[0], 0.05, "long")
  })

  it("the short leg is positive when shorts fall", () => {
    const result = oneDay([1, 2, 3, 4], [-0.04, -0.02, 0, 0], { fractile: [40, 60] })
    assertClose(result.daily.short[0], 0.03, "short")
  })
})

describe("a day with no value in force holds nothing", () => {
  it("counts it among days without signal", () => {
    const panel = fixturePanel({ dates: ["2020-01-06", "2020-01-07", "2020-01-08"], ids: [1, 2], ret: fill(3, 2, 0) })
    const result = runBacktest(panel, signalOf([[1, "2020-01-06", "2020-01-06", 1], [2, "2020-01-06", "2020-01-06", 2]]), { mincos: 1, fractile: [40, 60], groups: ["overall"] })
    assert.strictEqual(result.diagnostics.tradeDays, 2)
    assert.strictEqual(result.diagnostics.daysHeld, 1)
    assert.strictEqual(result.diagnostics.daysWithoutSignal, 1)
  })
})
