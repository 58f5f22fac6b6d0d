/** Each score component, clamping, non-positive denominators, grade boundaries and the stand-in rule (spec/suite.md). */
import { assert, describe, it } from "vitest"
import { clampScore, computeScore, configKey, gradeOf, gridConfigs, ratioScore, scoreComponents, standIn } from "../src/index.ts"
import { goodFacts } from "./support/facts.ts"
import { assertClose } from "./support/tiny.ts"

describe("score components", () => {
  it("follows each formula", () => {
    const c = scoreComponents(goodFacts)
    assertClose(c.sharpe, 80, "sharpe = 100 * 1.6 / 2")
    assertClose(c.lag_stability, 75, "lag = 100 * 1.2 / 1.6")
    assertClose(c.resid_stability, 62.5, "resid = 100 * 1.0 / 1.6")
    assertClose(c.baseline_uniqueness, 60, "baseline = 100 - 100 * 0.2 / 0.5")
    assertClose(c.cap_consistency, 50, "cap = 100 * min(0.8, 1.6) / max(0.8, 1.6)")
    assertClose(c.year_consistency, 75, "years = 100 * 3 / 4")
    assertClose(c.factor_uniqueness, 50, "factor = 100 - 100 * 0.15 / 0.3")
  })

  it("weights them into the total: 25/15/15/15/10/10/10", () => {
    // (25 * 80 + 15 * 75 + 15 * 62.5 + 15 * 60 + 10 * 50 + 10 * 75 + 10 * 50) / 100 = 6712.5 / 100.
    const score = computeScore(goodFacts, ["a note"])
    assertClose(score.total, 67.125, "total")
    assert.deepStrictEqual(score.notes, ["a note"])
    assert.strictEqual(Object.values(score.weights).reduce((a, b) => a + b, 0), 100)
  })

  it("clamps to [0, 100]", () => {
    const c = scoreComponents({
      ...goodFacts,
      sharpe: 3,
      sharpe_lag2: 4,
      sharpe_industry: -1,
      max_baseline: { name: "value", corr: 0.7 },
      max_factor: { name: "size", corr: -0.45 }
    })
    assert.strictEqual(c.sharpe, 100, "Sharpe 3 -> 150 -> 100")
    assert.strictEqual(c.lag_stability, 100, "133 -> 100")
    assert.strictEqual(c.resid_stability, 0, "-33 -> 0")
    assert.strictEqual(c.baseline_uniqueness, 0, "100 - 140 -> 0")
    assert.strictEqual(c.factor_uniqueness, 0, "100 - 150 -> 0")
    assert.deepStrictEqual([clampScore(NaN), clampScore(-0.1), clampScore(100.1)], [0, 0, 100])
  })

  it("scores 0 where a denominator is not positive", () => {
    const c = scoreComponents({ ...goodFacts, sharpe: -0.5, sharpe_lag2: -1, sharpe_industry: -1, positive_years: 0, years: 0 })
    // -1 / -0.5 would be +200%: a negative reference Sharpe must not earn stability.
    assert.deepStrictEqual([c.sharpe, c.lag_stability, c.resid_stability, c.year_consistency], [0, 0, 0, 0])
    assert.strictEqual(ratioScore(5, 0), 0)
  })

  it("gives cap consistency 0 unless both tiers are positive, and treats a missing tier as not positive", () => {
    assert.strictEqual(scoreComponents({ ...goodFacts, sharpe_large: -0.1 }).cap_consistency, 0)
    assert.strictEqual(scoreComponents({ ...goodFacts, sharpe_small: null }).cap_consistency, 0)
    // Symmetric: small 0.8 / large 1.6 scores like large 0.8 / small 1.6.
    assert.strictEqual(scoreComponents({ ...goodFacts, sharpe_large: 1.6, sharpe_small: 0.8 }).cap_consistency, 50)
  })

  it("treats no defined correlation as 0 (full uniqueness) and a missing config as 0", () => {
    const c = scoreComponents({ ...goodFacts, max_baseline: null, max_factor: null, sharpe_lag2: null, sharpe_industry: null })
    assert.deepStrictEqual([c.baseline_uniqueness, c.factor_uniqueness, c.lag_stability, c.resid_stability], [100, 100, 0, 0])
  })
})

describe("grades", () => {
  it("has boundaries A >= 80, B >= 65, C >= 50, D >= 35, else F", () => {
    const cases: Array<[number, string]> = [[100, "A"], [80, "A"], [79.999, "B"], [65, "B"], [64.99, "C"], [50, "C"], [49.9, "D"], [35, "D"], [34.99, "F"], [0, "F"]]
    for (const [total, grade] of cases) assert.strictEqual(gradeOf(total), grade, String(total))
  })
})

describe("grid and stand-ins", () => {
  it("keys cells lagL_mode in lag order", () => {
    assert.deepStrictEqual(gridConfigs([0, 1, 2], ["off", "industry"]).map((c) => c.key), [
      "lag0_off", "lag0_industry", "lag1_off", "lag1_industry", "lag2_off", "lag2_industry"
    ])
    assert.strictEqual(configKey(3, "all"), "lag3_all")
  })

  it("finds the config itself without a note", () => {
    const found = standIn(gridConfigs([0, 1, 2], ["off", "industry"]), 2, "off")!
    assert.deepStrictEqual([found.config.key, found.note], ["lag2_off", null])
  })

  it("uses the nearest lag of the same residualization, a tie going to the larger lag", () => {
    const grid = gridConfigs([0, 1, 3], ["off"])
    assert.deepStrictEqual(standIn(grid, 2, "off"), { config: grid[2], note: "lag2_off is not in the grid; lag3_off stands in for it" })
    assert.strictEqual(standIn(gridConfigs([0, 4], ["off"]), 2, "off")!.config.key, "lag4_off")
    assert.strictEqual(standIn(gridConfigs([0, 1], ["off"]), 5, "off")!.config.key, "lag1_off")
  })

  it("lets all stand in for industry, and nothing for a missing residualization", () => {
    const grid = gridConfigs([0, 2], ["off", "all"])
    assert.strictEqual(standIn(grid, 0, "industry")!.config.key, "lag0_all")
    assert.isUndefined(standIn(gridConfigs([0], ["off"]), 0, "industry"))
  })
})
