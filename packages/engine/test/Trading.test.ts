/**
 * spec/engine.md, "Each day d", point 6 and the daily/summary outputs: trades against the
 * previous trading day's weights, turnover = sum |dw| / 4, cost = tc_bps / 1e4 x sum |dw|,
 * net, resid_net, cumret and drawdown, and the summary row of a small series.
 *
 * Calendar Mon 06 .. Fri 10 January 2020 (d = 0..4), securities A = 1 and B = 2, fractile
 * [40, 60] with 2 names: the higher signal is long, the other short.
 *   d 0: A > B   -> hold +A -B (enter from nothing: sum |dw| = 2, turnover 0.5, cost 0.001)
 *   d 1: no rows -> skipped: liquidate (sum |dw| = 2, turnover 0.5, cost 0.001, net -0.001)
 *   d 2: A > B   -> re-enter (turnover 0.5, cost 0.001)
 *   d 3: B > A   -> flip: |-1 - 1| + |1 - (-1)| = 4, turnover 1, cost 0.002
 * ret[d]: d1 (A 0.01, B 0), d2 (A 0.5, B -0.5: earned by nobody), d3 (A 0.02, B 0.01), d4 (A 0.03, B 0.01)
 *   row Tue 07: long 0.01, short 0, gross 0.01, net 0.009
 *   row Wed 08: gross 0, net -0.001, n_long = n_short = 0
 *   row Thu 09: long 0.02, short -0.01, gross 0.01, net 0.009
 *   row Fri 10: long (B) 0.01, short (A) -0.03, gross -0.02, net -0.022
 */
import { assert, describe, it } from "vitest"
import { runBacktest } from "../src/index.ts"
import { assertClose } from "./support/compare.ts"
import { type FixtureRow, fixturePanel, iso, signalOf } from "./support/fixture.ts"

const dates = ["2020-01-06", "2020-01-07", "2020-01-08", "2020-01-09", "2020-01-10"]
const ret = [[0, 0], [0.01, 0], [0.5, -0.5], [0.02, 0.01], [0.03, 0.01]]
const resret = [[0, 0], [0.005, 0.002], [0, 0], [0, 0], [0, 0]]
const panel = fixturePanel({ dates, ids: [1, 2], ret, resret })
const rows: Array<FixtureRow> = [
  [1, "2020-01-06", "2020-01-06", 1],
  [2, "2020-01-06", "2020-01-06", 0],
  [1, "2020-01-08", "2020-01-08", 1],
  [2, "2020-01-08", "2020-01-08", 0],
  [1, "2020-01-09", "2020-01-09", 0],
  [2, "2020-01-09", "2020-01-09", 1]
]
const config = { mincos: 1, fractile: [40, 60], groups: ["overall"] } as const
const result = runBacktest(panel, signalOf(rows), config)
const daily = result.daily

const assertColumn = (actual: ArrayLike<number>, expected: ReadonlyArray<number>, what: string) => {
  assert.strictEqual(actual.length, expected.length, `${what} length`)
  expected.forEach((v, i) => assertClose(actual[i], v, `${what} row ${i}`))
}

describe("trades, turnover and cost", () => {
  it("rows run from the first to the last held return day, skipped days included", () => {
    assert.deepStrictEqual(Array.from(daily.date, iso), ["2020-01-07", "2020-01-08", "2020-01-09", "2020-01-10"])
    assert.deepStrictEqual(Array.from(daily.n_long), [1, 0, 1, 1])
    assert.deepStrictEqual(Array.from(daily.n_short), [1, 0, 1, 1])
  })

  it("entering, liquidating on a skipped day, re-entering and flipping", () => {
    assertColumn(daily.turnover, [0.5, 0.5, 0.5, 1], "turnover")
    assertColumn(daily.cost, [0.001, 0.001, 0.001, 0.002], "cost")
    assertColumn(daily.long, [0.01, 0, 0.02, 0.01], "long")
    assertColumn(daily.short, [0, 0, -0.01, -0.03], "short")
    assertColumn(daily.gross, [0.01, 0, 0.01, -0.02], "gross")
    assertColumn(daily.net, [0.009, -0.001, 0.009, -0.022], "net")
  })

  it("resid_net uses resret and the same cost", () => {
    // Row Tue 07: 0.005 - 0.002 - 0.001 = 0.002; later rows earn 0 residual: -cost.
    assertColumn(daily.resid_net, [0.002, -0.001, -0.001, -0.002], "resid_net")
  })

  it("cumret compounds net, drawdown counts the starting wealth", () => {
    // W = 1.009, 1.007991, 1.017062919, 1.017062919 x 0.978 = 0.994687534782.
    assertColumn(daily.cumret, [0.009, 0.007991, 0.017062919, -0.005312465218], "cumret")
    // Peaks 1.009, 1.009, 1.017062919, 1.017062919: drawdowns 0, -0.001, 0, -0.022.
    assertColumn(daily.drawdown, [0, -0.001, 0, -0.022], "drawdown")
  })

  it("a loss on the first day is a drawdown", () => {
    const losing = runBacktest(panel, signalOf(rows.slice(0, 2).map(([id, s, a, v]) => [id, s, a, -v] as const)), config)
    // Long B, short A on d 0: gross 0 - 0.01 = -0.01, net -0.011: W = 0.989, drawdown -0.011.
    assertClose(losing.daily.drawdown[0], -0.011, "drawdown")
  })

  it("tc_bps scales the cost; tc_model none removes it", () => {
    const ten = runBacktest(panel, signalOf(rows), { ...config, tc_bps: 10 })
    assertColumn(ten.daily.cost, [0.002, 0.002, 0.002, 0.004], "cost at 10 bps")
    const none = runBacktest(panel, signalOf(rows), { ...config, tc_model: "none", tc_bps: 10 })
    assertColumn(none.daily.cost, [0, 0, 0, 0], "cost none")
    assertColumn(none.daily.net, [0.01, 0, 0.01, -0.02], "net none")
    assertColumn(none.daily.turnover, [0.5, 0.5, 0.5, 1], "turnover none")
  })

  it("from_open earns openret[d + 1]", () => {
    const openret = [[0, 0], [0.03, 0.01], [0, 0], [0, 0], [0, 0]]
    const open = runBacktest(fixturePanel({ dates, ids: [1, 2], ret, openret }), signalOf(rows), { ...config, from_open: true })
    // Row Tue 07: long A 0.03, short B -0.01: gross 0.02.
    assertClose(open.daily.gross[0], 0.02, "gross")
  })
})

describe("the summary row of this series", () => {
  // net = 0.009, -0.001, 0.009, -0.022: mean -0.00125, ann_ret = 252 x mean = -0.315.
  // Deviations 0.01025, 0.00025, 0.01025, -0.02075; squares sum 6.4075e-4; / 3 = 2.1358333e-4;
  // std = 0.014614490525958587; ann_vol = sqrt(252) x std = 0.23199784481757582;
  // sharpe = -0.315 / 0.23199784481757582 = -1.3577712338133578;
  // t_stat = -0.00125 / (0.014614490525958587 / 2) = -0.171063096285118.
  const row = result.summary[0]

  it("has every column the spec lists", () => {
    assert.strictEqual(row.group, "overall")
    assert.strictEqual(row.days, 4)
    assertClose(row.ann_ret, -0.315, "ann_ret")
    assertClose(row.ann_vol, 0.23199784481757582, "ann_vol")
    assertClose(row.sharpe, -1.3577712338133578, "sharpe")
    assertClose(row.t_stat, -0.171063096285118, "t_stat")
    assertClose(row.max_dd, -0.022, "max_dd")
    assertClose(row.turnover, 0.625, "turnover") // (0.5 + 0.5 + 0.5 + 1) / 4
    assertClose(row.hit_rate, 0.5, "hit_rate") // 2 of 4 rows have net > 0
    assertClose(row.long_ann, 252 * 0.01, "long_ann") // mean(0.01, 0, 0.02, 0.01) = 0.01
    assertClose(row.short_ann, -252 * 0.01, "short_ann") // mean(0, 0, -0.01, -0.03) = -0.01
    assertClose(row.avg_n_long, 0.75, "avg_n_long") // zero days included
    assertClose(row.avg_n_short, 0.75, "avg_n_short")
    // IC on the 3 held days, 2 names each: d0 signal (A 2, B 1) vs R (0.01, 0): +1;
    // d2 (A 2, B 1) vs (0.02, 0.01): +1; d3 (A 1, B 2) vs (0.03, 0.01): -1.
    // mean 1/3; std(1, 1, -1) = sqrt(((2/3)^2 x 2 + (4/3)^2) / 2) = sqrt(4/3); ic_ir = (1/3) / sqrt(4/3).
    assert.deepStrictEqual(Array.from(daily.ic), [1, NaN, 1, -1])
    assertClose(row.ic_mean, 1 / 3, "ic_mean")
    assertClose(row.ic_ir, 1 / 3 / Math.sqrt(4 / 3), "ic_ir")
  })
})
