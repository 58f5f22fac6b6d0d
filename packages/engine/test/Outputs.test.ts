/**
 * spec/engine.md, "Outputs": the zero-variance rules, year rows (recompounded slices), cap-tier
 * rows (the whole selection redone within the tier), the fractile table and monotonicity.
 */
import { assert, describe, it } from "vitest"
import { runBacktest } from "../src/index.ts"
import { assertClose } from "./support/compare.ts"
import { crossSection, type FixtureRow, fixturePanel, signalOf } from "./support/fixture.ts"

describe("zero variance gives 0, never NaN or Infinity", () => {
  // A long, B short every day; A earns 0.01 and B 0 every day, tc none: net = 0.01 every row.
  const dates = ["2020-01-06", "2020-01-07", "2020-01-08", "2020-01-09", "2020-01-10"]
  const panel = fixturePanel({ dates, ids: [1, 2], ret: dates.map(() => [0.01, 0]) })
  const rows: Array<FixtureRow> = dates.slice(0, 4).flatMap((d) => crossSection(d, [1, 2], [1, 0]))
  const config = { mincos: 1, fractile: [40, 60], groups: ["overall"], tc_model: "none" } as const

  it("a constant series", () => {
    const row = runBacktest(panel, signalOf(rows), config).summary[0]
    assert.strictEqual(row.days, 4)
    assertClose(row.ann_ret, 2.52, "ann_ret")
    assert.strictEqual(row.ann_vol, 0)
    assert.strictEqual(row.sharpe, 0)
    assert.strictEqual(row.t_stat, 0)
    assert.strictEqual(row.resid_sharpe, 0)
    // IC is +1 every day (2 names, ranks agree): mean 1, IR 0.
    assert.strictEqual(row.ic_mean, 1)
    assert.strictEqual(row.ic_ir, 0)
    assert.strictEqual(row.hit_rate, 1)
    assert.strictEqual(row.max_dd, 0)
  })

  it("a single row", () => {
    const row = runBacktest(panel, signalOf(rows.slice(0, 2)), config).summary[0]
    assert.strictEqual(row.days, 1)
    assert.strictEqual(row.sharpe, 0)
    assert.strictEqual(row.ann_vol, 0)
    assert.strictEqual(row.t_stat, 0)
  })

  it("a run that never holds has an all-zero overall row and no other", () => {
    const result = runBacktest(panel, signalOf(rows), { ...config, mincos: 5, groups: ["overall", "year"] })
    assert.strictEqual(result.daily.length, 0)
    assert.deepStrictEqual(result.summary.map((s) => s.group), ["overall"])
    for (const [key, value] of Object.entries(result.summary[0])) {
      if (key !== "group") assert.strictEqual(value, 0, key)
    }
    assert.isTrue(result.fractile.every((f) => f.ann_ret === 0 && f.avg_count === 0 && f.monotonicity === 0))
  })
})

describe("year rows are slices of the overall daily, recompounded", () => {
  // Return days Tue 2019-12-31, Thu 2020-01-02, Fri 2020-01-03 (Jan 1 is a holiday).
  // A long, B short, B earns 0, A earns -0.1, 0.05, -0.02: net (tc none) = the same.
  // Overall W: 0.9, 0.945, 0.9261 -> drawdowns -0.1, -0.055, -0.0739: max_dd -0.1.
  // 2020 from wealth 1: 1.05, 1.029 -> drawdowns 0, -0.02: max_dd -0.02.
  const dates = ["2019-12-30", "2019-12-31", "2020-01-02", "2020-01-03"]
  const panel = fixturePanel({ dates, ids: [1, 2], ret: [[0, 0], [-0.1, 0], [0.05, 0], [-0.02, 0]] })
  const rows = dates.slice(0, 3).flatMap((d) => crossSection(d, [1, 2], [1, 0]))
  const result = runBacktest(panel, signalOf(rows), { mincos: 1, fractile: [40, 60], tc_model: "none", groups: ["overall", "year"] })

  it("labels the years and slices the rows", () => {
    assert.deepStrictEqual(result.summary.map((s) => s.group), ["overall", "2019", "2020"])
    assert.deepStrictEqual(result.summary.map((s) => s.days), [3, 1, 2])
    assertClose(result.summary[0].max_dd, -0.1, "overall max_dd")
    assertClose(result.summary[1].max_dd, -0.1, "2019 max_dd")
    assertClose(result.summary[2].max_dd, -0.02, "2020 max_dd")
    assertClose(result.summary[2].ann_ret, 252 * 0.015, "2020 ann_ret") // mean(0.05, -0.02)
    assertClose(result.daily.drawdown[2], -0.0739, "overall drawdown on Jan 3")
  })
})

describe("cap rows redo the whole selection within the tier", () => {
  // Six names, signals 6..1 (name 1 highest), cap tiers 1, 1, 2, 2, 3 and missing (name 6).
  // Overall, fractile [40, 60]: q = 11/12, 9/12, 7/12, 5/12, 3/12, 1/12 -> long 1, 2; short 5, 6.
  // Tier 1 (names 1, 2): long 1, short 2. Tier 2 (3, 4): long 3, short 4 (neither is held
  // overall). Tier 3 has one name only: it never holds and has no row.
  // Forward returns 0.01, 0.02, 0.05, 0.03, 0.05, 0.06 (tc none, one day):
  //   overall gross = (0.01 + 0.02) / 2 - (0.05 + 0.06) / 2 = -0.04
  //   cap1 gross = 0.01 - 0.02 = -0.01; cap2 gross = 0.05 - 0.03 = 0.02.
  const ids = [1, 2, 3, 4, 5, 6]
  const tiers = [1, 1, 2, 2, 3, null]
  const panel = fixturePanel({
    dates: ["2020-01-06", "2020-01-07", "2020-01-08"],
    ids,
    ret: [[0, 0, 0, 0, 0, 0], [0.01, 0.02, 0.05, 0.03, 0.05, 0.06], [0, 0, 0, 0, 0, 0]],
    cap: [tiers, tiers, tiers]
  })
  const result = runBacktest(panel, signalOf(crossSection("2020-01-06", ids, [6, 5, 4, 3, 2, 1])), {
    mincos: 1,
    fractile: [40, 60],
    tc_model: "none"
  })

  it("has cap1 and cap2 rows, no cap3 row", () => {
    assert.deepStrictEqual(result.summary.map((s) => s.group), ["overall", "2020", "cap1", "cap2"])
    assertClose(result.summary[0].ann_ret, 252 * -0.04, "overall")
    assertClose(result.summary[2].ann_ret, 252 * -0.01, "cap1")
    assertClose(result.summary[3].ann_ret, 252 * 0.02, "cap2")
    assert.strictEqual(result.summary[3].avg_n_long, 1)
  })

  it("applies mincos within the tier", () => {
    const strict = runBacktest(panel, signalOf(crossSection("2020-01-06", ids, [6, 5, 4, 3, 2, 1])), {
      mincos: 2,
      fractile: [40, 60],
      tc_model: "none"
    })
    assert.deepStrictEqual(strict.summary.map((s) => s.group), ["overall", "2020"])
  })
})

describe("fractile table", () => {
  it("twenty names: two a bin, a perfectly monotone spread", () => {
    // Signal i and R[d+1] = i / 1000 for names i = 1..20: bin b holds names 2b - 1 and 2b
    // (q = (2b - 1.5) / 20 and (2b - 0.5) / 20, floor(10 q) = b - 1), mean R = (4b - 1) / 2000.
    const ids = Array.from({ length: 20 }, (_, i) => i + 1)
    const panel = fixturePanel({
      dates: ["2020-01-06", "2020-01-07", "2020-01-08"],
      ids,
      ret: [ids.map(() => 0), ids.map((i) => i / 1000), ids.map(() => 0)]
    })
    const result = runBacktest(panel, signalOf(crossSection("2020-01-06", ids, ids)), { mincos: 1, groups: ["overall"] })
    assert.strictEqual(result.fractile.length, 10)
    result.fractile.forEach((row, b) => {
      assert.strictEqual(row.bin, b + 1)
      assertClose(row.ann_ret, (252 * (4 * (b + 1) - 1)) / 2000, `bin ${b + 1} ann_ret`)
      assert.strictEqual(row.avg_count, 2)
      assert.strictEqual(row.monotonicity, 1)
    })
  })

  it("five names: bins without names and a Spearman monotonicity over the bins with data", () => {
    // q = 0.1, 0.3, 0.5, 0.7, 0.9 -> bins 2, 4, 6, 8, 10; R = 0.05, 0.01, 0.03, 0.02, 0.04.
    // Ranks of R: 5, 1, 3, 2, 4 against bins 1..5: sum d^2 = 16 + 1 + 0 + 4 + 1 = 22,
    // rho = 1 - 6 x 22 / (5 x 24) = -0.1.
    const ids = [1, 2, 3, 4, 5]
    const panel = fixturePanel({
      dates: ["2020-01-06", "2020-01-07", "2020-01-08"],
      ids,
      ret: [[0, 0, 0, 0, 0], [0.05, 0.01, 0.03, 0.02, 0.04], [0, 0, 0, 0, 0]]
    })
    const result = runBacktest(panel, signalOf(crossSection("2020-01-06", ids, ids)), { mincos: 1, fractile: [30, 70], groups: ["overall"] })
    assert.deepStrictEqual(result.fractile.map((f) => f.avg_count), [0, 1, 0, 1, 0, 1, 0, 1, 0, 1])
    assertClose(result.fractile[1].ann_ret, 252 * 0.05, "bin 2")
    assert.strictEqual(result.fractile[0].ann_ret, 0)
    assertClose(result.fractile[0].monotonicity, -0.1, "monotonicity")
  })
})

describe("diagnostics", () => {
  it("counts every reason", () => {
    // Three trade days in range (d = 0, 1, 2; Thu 09 is the last day). Day 0: names 1..4 with
    // values, name 4 did not trade. Day 1: nothing in force. Day 2: two names, fractile [30, 70]
    // with mincos 1 needs one a side: 2 names give q = 0.25, 0.75: held.
    const dates = ["2020-01-06", "2020-01-07", "2020-01-08", "2020-01-09"]
    const panel = fixturePanel({
      dates,
      ids: [1, 2, 3, 4],
      ret: [[0, 0, 0, null], [0, 0, 0, 0], [0, 0, 0, 0], [null, 0, 0, 0]]
    })
    const rows: Array<FixtureRow> = [
      ...crossSection("2020-01-06", [1, 2, 3, 4], [1, 2, 3, 4]),
      ...crossSection("2020-01-08", [1, 2], [2, 1]),
      [77, "2020-01-06", "2020-01-06", 1],
      [1, "2020-01-09", "2020-01-10", 1]
    ]
    const d = runBacktest(panel, signalOf(rows), { mincos: 1, fractile: [30, 70], groups: ["overall"] }).diagnostics
    assert.deepStrictEqual(d.rows, {
      rowsRead: 8,
      availAfterCalendarEnd: 1,
      tradeDayPastEnd: 0,
      unknownSecurity: 1,
      nonFinite: 0,
      superseded: 0,
      rowsAligned: 6
    })
    assert.strictEqual(d.tradeDays, 3)
    assert.strictEqual(d.daysHeld, 2)
    assert.strictEqual(d.daysWithoutSignal, 1)
    assert.strictEqual(d.daysSkippedMincos, 0)
    assert.strictEqual(d.valuesInForce, 6)
    assert.strictEqual(d.eligible, 5)
    assert.deepStrictEqual(d.ineligible, { no_trade: 1, universe: 0, industry: 0, styles: 0, mcap: 0, cap_tier: 0 })
    // Name 1 is long on day 2 and its R on Thu 09 is missing.
    assert.strictEqual(d.missingForwardReturnHeld, 1)
    assert.strictEqual(d.missingForwardReturnEligible, 1)
    assert.strictEqual(d.rowsOutsideDateRange, 0)
  })
})
