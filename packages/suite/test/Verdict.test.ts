/** Each verdict rule and its reason in plain words (spec/suite.md, "Verdict"). */
import { assert, describe, it } from "vitest"
import { computeVerdict, defaultVerdictThresholds, lagWords, type ScoreFacts, scoreComponents } from "../src/index.ts"
import { goodFacts } from "./support/facts.ts"

const green: ScoreFacts = { ...goodFacts, sharpe_industry: 1.2, positive_years: 4, max_baseline: { name: "value", corr: 0.1 } }
const verdict = (facts: ScoreFacts, thresholds = defaultVerdictThresholds) =>
  computeVerdict(facts, scoreComponents(facts), thresholds)

describe("verdict", () => {
  it("is green with no reasons when every check passes", () => {
    assert.deepStrictEqual(verdict(green), { color: "green", reasons: [] })
  })

  it("is yellow for each failed green check, with its reason", () => {
    const cases: Array<[Partial<ScoreFacts>, string]> = [
      [{ sharpe: 0.8, sharpe_lag2: 0.7, sharpe_industry: 0.7, sharpe_lag1: 0.7 }, "Sharpe 0.80 is below 1.00"],
      [{ sharpe: 1.4, sharpe_lag2: 0.3 }, "Sharpe falls from 1.40 to 0.30 with a two-day lag (lag stability 21, needs 50)"],
      [{ sharpe: 1.6, sharpe_industry: 0.4 }, "Sharpe falls from 1.60 to 0.40 with industry residualization (resid stability 25, needs 50)"],
      [{ sharpe_industry: 0.4, industry_mode: "all" }, "Sharpe falls from 1.60 to 0.40 with full residualization (resid stability 25, needs 50)"],
      [{ max_baseline: { name: "momentum_12_1", corr: -0.55 } }, "Signal correlates -0.55 with the momentum_12_1 baseline (|corr| must stay below 0.50)"],
      [{ max_factor: { name: "size", corr: 0.3 } }, "Signal correlates 0.30 with the size factor (|corr| must stay below 0.30)"],
      [{ positive_years: 1, years: 3 }, "Positive in 1 of 3 years (33%, needs 60%)"],
      [{ positive_years: 0, years: 0 }, "No year of results to judge consistency across years"],
      [{ sharpe_large: -0.2 }, "Large-cap Sharpe is -0.20 (needs to be positive)"],
      [{ sharpe_small: 0 }, "Small-cap Sharpe is 0.00 (needs to be positive)"],
      [{ sharpe_large: null }, "Large-cap tier (cap1) never holds a position, so its Sharpe is not positive"],
      [{ sharpe_lag2: null }, "No config with residualize off at a longer lag to measure lag stability"]
    ]
    for (const [change, reason] of cases) {
      assert.deepStrictEqual(verdict({ ...green, ...change }), { color: "yellow", reasons: [reason] }, reason)
    }
  })

  it("keeps the boundary values: 60% of years, lag stability exactly 50", () => {
    assert.strictEqual(verdict({ ...green, positive_years: 3, years: 5 }).color, "green")
    assert.strictEqual(verdict({ ...green, sharpe: 1.6, sharpe_lag2: 0.8 }).color, "green")
  })

  it("is red for each red rule, and red overrides green", () => {
    const cases: Array<[Partial<ScoreFacts>, string]> = [
      [{ sharpe: 0.4, sharpe_lag1: 0.4, sharpe_lag2: 0.4, sharpe_industry: 0.4 }, "Sharpe 0.40 is below 0.50"],
      [{ sharpe_lag1: 0 }, "Sharpe with a one-day lag is 0.00 (not positive)"],
      [{ days_below_mincos: 351, trade_days: 700 }, "Fewer than 10 eligible signal names on 351 of 700 trade days (more than 50%)"],
      [{ trade_days: 0, days_below_mincos: 0 }, "The signal has no trade day in the date range"]
    ]
    for (const [change, reason] of cases) {
      const v = verdict({ ...green, ...change })
      assert.strictEqual(v.color, "red", reason)
      assert.strictEqual(v.reasons[0], reason)
    }
    // Exactly half the days thin is not "more than half".
    assert.strictEqual(verdict({ ...green, days_below_mincos: 350, trade_days: 700 }).color, "green")
  })

  it("reports a red Sharpe once, red reasons first, then the other failed checks", () => {
    const v = verdict({ ...green, sharpe: 0.3, sharpe_lag1: -0.1, sharpe_lag2: 0.2, sharpe_industry: 0.3, sharpe_small: -0.5 })
    assert.deepStrictEqual(v, {
      color: "red",
      reasons: [
        "Sharpe 0.30 is below 0.50",
        "Sharpe with a one-day lag is -0.10 (not positive)",
        "Small-cap Sharpe is -0.50 (needs to be positive)"
      ]
    })
  })

  it("flags a lag-0 Sharpe above 4 that loses more than 75% at lag 1 as possible look-ahead", () => {
    const leak = { ...green, sharpe: 6, sharpe_lag1: 0.9, sharpe_lag2: 6, sharpe_industry: 6 }
    assert.deepStrictEqual(verdict(leak), {
      color: "yellow",
      reasons: ["Possible look-ahead: Sharpe 6.00 at lag 0 falls 85% to 0.90 with a one-day lag; check that date_avail is when the signal was really known"]
    })
    // A 70% drop, or a lag-0 Sharpe of 4 or less, is not flagged.
    assert.strictEqual(verdict({ ...leak, sharpe_lag1: 1.8 }).color, "green")
    assert.strictEqual(verdict({ ...leak, sharpe: 4, sharpe_lag2: 4, sharpe_industry: 4, sharpe_lag1: 0.5 }).color, "green")
  })

  it("takes its thresholds from the options", () => {
    const strict = { ...defaultVerdictThresholds, green_sharpe: 2, factor_corr: 0.1 }
    assert.deepStrictEqual(verdict(green, strict).reasons, [
      "Sharpe 1.60 is below 2.00",
      "Signal correlates 0.15 with the size factor (|corr| must stay below 0.10)"
    ])
    assert.deepStrictEqual([lagWords(1), lagWords(2), lagWords(12)], ["one-day", "two-day", "12-day"])
  })

  it("ignores the t-statistic by default, and with green_min_t_stat set needs it for green", () => {
    // goodFacts' t is 2.6: green under the spec's thresholds, which have no t check.
    assert.strictEqual(green.t_stat, 2.6)
    assert.notProperty(defaultVerdictThresholds, "green_min_t_stat")
    assert.deepStrictEqual(verdict(green), { color: "green", reasons: [] })
    const hurdle = { ...defaultVerdictThresholds, green_min_t_stat: 3 }
    assert.deepStrictEqual(verdict(green, hurdle), {
      color: "yellow",
      reasons: ["The t-statistic of the mean daily net return is 2.60, below the 3.00 required"]
    })
    // The bound is inclusive, and the check only keeps a signal from green: red stays red.
    assert.strictEqual(verdict({ ...green, t_stat: 3 }, hurdle).color, "green")
    assert.strictEqual(verdict({ ...green, t_stat: 2.6 }, { ...hurdle, green_min_t_stat: 2.5 }).color, "green")
    const red = verdict({ ...green, sharpe_lag1: -0.1 }, hurdle)
    assert.deepStrictEqual(red, {
      color: "red",
      reasons: ["Sharpe with a one-day lag is -0.10 (not positive)", "The t-statistic of the mean daily net return is 2.60, below the 3.00 required"]
    })
  })
})
