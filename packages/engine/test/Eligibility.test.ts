/**
 * spec/engine.md, "Timing", point 5: who may be held on d. Three securities on one trade day
 * (Mon 2020-01-06), signals 3, 2, 1; forward returns (Tue 07) 0.5, 0.02, 0.01. With all three
 * eligible, ranks are 3, 2, 1 and q = 5/6, 1/2, 1/6, so fractile [40, 60] holds 1 long and 3
 * short: gross = 0.5 - 0.01 = 0.49. With security 1 excluded, 2 is long and 3 short:
 * gross = 0.02 - 0.01 = 0.01.
 */
import { assert, describe, it } from "vitest"
import { eligibilityMask, eligibilityRulesOf, decodeBacktestConfig, runBacktest } from "../src/index.ts"
import { assertClose } from "./support/compare.ts"
import { type FixtureSpec, fixturePanel, signalOf } from "./support/fixture.ts"

const dates = ["2020-01-06", "2020-01-07", "2020-01-08"]
const ids = [1, 2, 3]
const base: FixtureSpec = {
  dates,
  ids,
  ret: [[0.001, 0.001, 0.001], [0.5, 0.02, 0.01], [0, 0, 0]]
}
const rows = signalOf([[1, "2020-01-06", "2020-01-06", 3], [2, "2020-01-06", "2020-01-06", 2], [3, "2020-01-06", "2020-01-06", 1]])
const config = { mincos: 1, fractile: [40, 60], groups: ["overall"], tc_model: "none" } as const

describe("eligibility on d", () => {
  it("all three eligible", () => {
    const result = runBacktest(fixturePanel(base), rows, config)
    assertClose(result.daily.gross[0], 0.49, "gross")
    assert.strictEqual(result.diagnostics.eligible, 3)
  })

  it("a security that did not trade on d (NaN ret on d) is not eligible", () => {
    const panel = fixturePanel({ ...base, ret: [[null, 0.001, 0.001], ...base.ret.slice(1)] })
    const result = runBacktest(panel, rows, config)
    assertClose(result.daily.gross[0], 0.01, "gross")
    assert.strictEqual(result.diagnostics.valuesInForce, 3)
    assert.strictEqual(result.diagnostics.eligible, 2)
    assert.strictEqual(result.diagnostics.ineligible.no_trade, 1)
  })

  it("a missing R[d+1] counts as 0 and is counted; the name is still held", () => {
    // Security 1 is long and its Tuesday return is missing: long = 0, short = -0.01.
    // IC over 3 names: signal ranks 3, 2, 1 against forward ranks of (0, 0.02, 0.01) = 1, 3, 2:
    // deviations from 2: (1, 0, -1) and (-1, 1, 0): r = -1 / sqrt(2 x 2) = -0.5.
    const panel = fixturePanel({ ...base, ret: [base.ret[0], [null, 0.02, 0.01], base.ret[2]] })
    const result = runBacktest(panel, rows, config)
    assert.strictEqual(result.daily.n_long[0], 1)
    assertClose(result.daily.long[0], 0, "long")
    assertClose(result.daily.short[0], -0.01, "short")
    assertClose(result.daily.ic[0], -0.5, "ic")
    assert.strictEqual(result.diagnostics.missingForwardReturnHeld, 1)
    assert.strictEqual(result.diagnostics.missingForwardReturnEligible, 1)
  })

  it("a missing residual return counts as 0 in resid_net and is counted", () => {
    const panel = fixturePanel({ ...base, resret: [base.ret[0], [null, 0.02, 0.003], base.ret[2]] })
    const result = runBacktest(panel, rows, config)
    // resid_net = 1 x 0 (missing) - 1 x 0.003 = -0.003 (tc none).
    assertClose(result.daily.resid_net[0], -0.003, "resid_net")
    assert.strictEqual(result.diagnostics.missingResidualReturnHeld, 1)
  })

  describe("the universe filter on d", () => {
    const inUniverse = [[0, 1, 1], [1, 1, 1], [1, 1, 1]]
    const panel = fixturePanel({ ...base, inUniverse })

    it("in: only in_universe names", () => {
      const result = runBacktest(panel, rows, { ...config, universe: "in" })
      assertClose(result.daily.gross[0], 0.01, "gross")
      assert.strictEqual(result.diagnostics.ineligible.universe, 1)
    })

    it("out: only the others (one name holds no position)", () => {
      const result = runBacktest(panel, rows, { ...config, universe: "out" })
      assert.strictEqual(result.daily.length, 0)
      assert.strictEqual(result.diagnostics.ineligible.universe, 2)
      assert.strictEqual(result.diagnostics.daysSkippedMincos, 1)
    })

    it("without a universe table every security is in the universe", () => {
      const noTable = fixturePanel(base)
      assertClose(runBacktest(noTable, rows, { ...config, universe: "in" }).daily.gross[0], 0.49, "gross in")
      assert.strictEqual(runBacktest(noTable, rows, { ...config, universe: "out" }).daily.length, 0)
    })
  })

  it("residualize industry/all and weight cap need their risk data on d", () => {
    const industry = [[null, 0, 0], [0, 0, 0], [0, 0, 0]]
    const styles = Array.from({ length: 6 }, (_, k) => [[1, k === 3 ? null : 2, 3], [1, 2, 3], [1, 2, 3]])
    const mcap = [[10, 20, 0], [10, 20, 30], [10, 20, 30]]
    const panel = fixturePanel({ ...base, industry, styles, mcap })
    const industryRun = runBacktest(panel, rows, { ...config, residualize: "industry" })
    assert.strictEqual(industryRun.diagnostics.ineligible.industry, 1)
    const allRun = runBacktest(panel, rows, { ...config, residualize: "all" })
    assert.strictEqual(allRun.diagnostics.ineligible.industry, 1)
    assert.strictEqual(allRun.diagnostics.ineligible.styles, 1)
    const capRun = runBacktest(panel, rows, { ...config, weight: "cap" })
    assert.strictEqual(capRun.diagnostics.ineligible.mcap, 1) // mcap 0 is not > 0
    assert.throws(
      () => runBacktest(fixturePanel(base), rows, { ...config, weight: "cap" }),
      /weight: cap needs the panel field mcap/
    )
  })

  it("from_open still needs a finite ret on d", () => {
    // Security 1 has an open-to-open return but no close-to-close one on d: not eligible.
    const panel = fixturePanel({
      ...base,
      ret: [[null, 0.001, 0.001], ...base.ret.slice(1)],
      openret: [[0.001, 0.001, 0.001], [0.7, 0.04, 0.03], [0, 0, 0]]
    })
    const result = runBacktest(panel, rows, { ...config, from_open: true })
    // Long 2, short 3 on openret[d + 1]: 0.04 - 0.03 = 0.01.
    assertClose(result.daily.gross[0], 0.01, "gross")
  })

  it("eligibilityMask gives the same rule as a dense mask", () => {
    const panel = fixturePanel({ ...base, ret: [[null, 0.001, 0.001], ...base.ret.slice(1)], inUniverse: [[1, 0, 1], [1, 1, 1], [1, 1, 1]] })
    const mask = eligibilityMask(panel, eligibilityRulesOf(decodeBacktestConfig({ universe: "in" })))
    assert.deepStrictEqual(Array.from(mask.subarray(0, 3)), [0, 0, 1])
  })
})
