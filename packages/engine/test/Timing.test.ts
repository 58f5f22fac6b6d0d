/**
 * spec/engine.md, "Timing": t0 on weekends and holidays, lag, which R[d + 1] is earned,
 * deduplication after mapping to d, carry, the rows dropped and counted, and the leak test.
 *
 * Calendar (Thursday 2020-01-09 is a holiday):
 *   d:    0      1      2      3      4      5      6
 *       Mon06  Tue07  Wed08  Fri10  Mon13  Tue14  Wed15
 * ret of security 10 on day d is +0.01 d and of security 20 is -0.01 d, so a book long 10 and
 * short 20 (signal 10 > 20; 2 names, fractile [40, 60]: q = 0.75 long and 0.25 short) earns
 * long = 0.01 (d+1), short = -1 x (-0.01 (d+1)) = 0.01 (d+1), gross = 0.02 (d+1): the gross
 * return names the day that was earned.
 */
import { makePanel } from "@alphabench/catalog"
import { alignSignal } from "@alphabench/contract"
import { assert, describe, it } from "vitest"
import { runBacktest, valuesInForce } from "../src/index.ts"
import { assertClose } from "./support/compare.ts"
import { day, fixturePanel, type FixtureRow, iso, signalOf } from "./support/fixture.ts"
import { normal, rng } from "./support/randomMarket.ts"

const dates = ["2020-01-06", "2020-01-07", "2020-01-08", "2020-01-10", "2020-01-13", "2020-01-14", "2020-01-15"]
const panel = fixturePanel({ dates, ids: [10, 20], ret: dates.map((_, d) => [0.01 * d, -0.01 * d]) })
const config = { mincos: 1, fractile: [40, 60], groups: ["overall"] } as const

/** Security 10 above security 20, both rows dated `sig` and available on `avail`. */
const pair = (sig: string, avail: string): Array<FixtureRow> => [[10, sig, avail, 1], [20, sig, avail, 0]]

const onlyRow = (rows: ReadonlyArray<FixtureRow>, extra: object = {}) => {
  const result = runBacktest(panel, signalOf(rows), { ...config, ...extra })
  assert.strictEqual(result.daily.length, 1)
  return { date: iso(result.daily.date[0]), gross: result.daily.gross[0], result }
}

describe("t0 is the first trading day on or after date_avail", () => {
  it("a Saturday date_avail trades Monday and earns Tuesday", () => {
    // t0 = Mon 13 (d = 4), earns R[5] = Tue 14: gross = 0.02 x 5 = 0.1.
    const { date, gross } = onlyRow(pair("2020-01-10", "2020-01-11"))
    assert.strictEqual(date, "2020-01-14")
    assertClose(gross, 0.1, "gross")
  })

  it("a holiday date_avail trades the next trading day", () => {
    // Thu 09 is not a trading day: t0 = Fri 10 (d = 3), earns Mon 13 (R[4]): gross 0.08.
    const { date, gross } = onlyRow(pair("2020-01-08", "2020-01-09"))
    assert.strictEqual(date, "2020-01-13")
    assertClose(gross, 0.08, "gross")
  })

  it("a trading-day date_avail trades that day and earns the next", () => {
    // t0 = Tue 07 (d = 1), earns Wed 08 (R[2]): gross 0.04.
    const { date, gross } = onlyRow(pair("2020-01-07", "2020-01-07"))
    assert.strictEqual(date, "2020-01-08")
    assertClose(gross, 0.04, "gross")
  })
})

describe("lag adds trading days to t0", () => {
  it("lag 1 skips the holiday, lag 2 goes one further", () => {
    // t0 = Wed 08 (d = 2); lag 1: d = 3 (Fri 10), earns Mon 13 (0.08); lag 2: d = 4, earns Tue 14 (0.1).
    const one = onlyRow(pair("2020-01-08", "2020-01-08"), { lag: 1 })
    assert.strictEqual(one.date, "2020-01-13")
    assertClose(one.gross, 0.08, "gross lag 1")
    const two = onlyRow(pair("2020-01-08", "2020-01-08"), { lag: 2 })
    assert.strictEqual(two.date, "2020-01-14")
    assertClose(two.gross, 0.1, "gross lag 2")
  })

  it("an AlignedSignal must carry the config's lag", () => {
    const aligned = alignSignal(signalOf(pair("2020-01-08", "2020-01-08")), panel.dates, panel.securityIds, { lag: 1 })
    assert.strictEqual(runBacktest(panel, aligned, { ...config, lag: 1 }).daily.length, 1)
    assert.throws(() => runBacktest(panel, aligned, config), /aligned with lag 1 but the config asks for lag 0/)
  })
})

describe("rows dropped before trading are counted, each reason on its own", () => {
  it("date_avail after the calendar, a trade day on the last calendar day, unknown ids", () => {
    const rows: Array<FixtureRow> = [
      ...pair("2020-01-07", "2020-01-07"), // fine: traded on d = 1
      [10, "2020-01-15", "2020-01-16", 3], // date_avail after Wed 15, the calendar end
      [20, "2020-01-15", "2020-01-15", 3], // t0 = Wed 15, the last day: no d + 1
      [20, "2020-01-14", "2020-01-14", 3], // t0 = Tue 14 but lag 1 pushes d onto Wed 15 (with lag 1 below)
      [99, "2020-01-07", "2020-01-07", 3] // unknown security
    ]
    const zero = runBacktest(panel, signalOf(rows), config).diagnostics.rows
    assert.strictEqual(zero.rowsRead, 6)
    assert.strictEqual(zero.availAfterCalendarEnd, 1)
    assert.strictEqual(zero.tradeDayPastEnd, 1)
    assert.strictEqual(zero.unknownSecurity, 1)
    assert.strictEqual(zero.rowsAligned, 3)
    const one = runBacktest(panel, signalOf(rows), { ...config, lag: 1 }).diagnostics.rows
    assert.strictEqual(one.tradeDayPastEnd, 2)
  })
})

describe("deduplication after mapping to d", () => {
  it("the latest date_sig wins, even when its date_avail is earlier", () => {
    // Both rows of security 10 land on Mon 13: (sig Fri 10, avail Mon 13, -5) and (sig Sat 11,
    // avail Sun 12, +5). The Saturday row wins, so 10 (5) is long against 20 (0): gross 0.1.
    // Had the Friday row won, 10 (-5) would be short and gross -0.1.
    const rows: Array<FixtureRow> = [
      [10, "2020-01-10", "2020-01-13", -5],
      [10, "2020-01-11", "2020-01-12", 5],
      [20, "2020-01-13", "2020-01-13", 0]
    ]
    const { gross, result } = onlyRow(rows)
    assertClose(gross, 0.1, "gross")
    assert.strictEqual(result.diagnostics.rows.superseded, 1)
  })

  it("on equal date_sig the latest date_avail wins", () => {
    const rows: Array<FixtureRow> = [
      [10, "2020-01-10", "2020-01-13", 5],
      [10, "2020-01-10", "2020-01-11", -5],
      [20, "2020-01-13", "2020-01-13", 0]
    ]
    assertClose(onlyRow(rows).gross, 0.1, "gross")
  })
})

describe("carry keeps a value in force for k trading days", () => {
  const monday = pair("2020-01-06", "2020-01-06")

  it("carry 0: a value counts only on its own trade day", () => {
    const result = runBacktest(panel, signalOf(monday), config)
    assert.deepStrictEqual(Array.from(result.daily.date, iso), ["2020-01-07"])
  })

  it("carry 2: in force on d, d + 1, d + 2, with no trades while the book is unchanged", () => {
    // Held on d = 0, 1, 2 -> return days Tue 07, Wed 08, Fri 10; gross 0.02, 0.04, 0.06.
    // Turnover: entering is sum |dw| = 2 -> 0.5, then 0 and 0. Cost 5 bps x 2 = 0.001 on day one.
    const result = runBacktest(panel, signalOf(monday), { ...config, carry: 2 })
    assert.deepStrictEqual(Array.from(result.daily.date, iso), ["2020-01-07", "2020-01-08", "2020-01-10"])
    assert.deepStrictEqual(Array.from(result.daily.turnover), [0.5, 0, 0])
    assertClose(result.daily.cost[0], 0.001, "cost")
    assertClose(result.daily.gross[2], 0.06, "gross")
  })

  it("a newer row replaces the carried one", () => {
    // On Tue 07 security 10 gets -1, below 20's carried 0: the book flips, so d = 1 earns
    // long 20: -0.02, short 10: -0.02 -> gross -0.04 and trades sum |dw| = 4 (turnover 1).
    const rows = [...monday, [10, "2020-01-07", "2020-01-07", -1] as const]
    const result = runBacktest(panel, signalOf(rows), { ...config, carry: 2 })
    assertClose(result.daily.gross[1], -0.04, "gross")
    assert.strictEqual(result.daily.turnover[1], 1)
  })

  it("the CSR of values in force records where each value came from", () => {
    const aligned = alignSignal(signalOf(monday), panel.dates, panel.securityIds)
    const inForce = valuesInForce(aligned, 2)
    // Days 0, 1, 2 hold both securities (indices 0, 1), all from day 0; nothing after.
    assert.deepStrictEqual(Array.from(inForce.dayOffsets), [0, 2, 4, 6, 6, 6, 6, 6])
    assert.deepStrictEqual(Array.from(inForce.security), [0, 1, 0, 1, 0, 1])
    assert.deepStrictEqual(Array.from(inForce.sourceDay), [0, 0, 0, 0, 0, 0])
  })

  it("a value from before start stays in force inside the range", () => {
    // Start Fri 10 means the first return day is Fri 10, so the first trade day is d = 2 (Wed 08).
    // The Monday value (d = 0) is still in force there with carry 2: one held day, entered
    // from an empty book (turnover 0.5).
    const result = runBacktest(panel, signalOf(monday), { ...config, carry: 2, start: "2020-01-10" })
    assert.deepStrictEqual(Array.from(result.daily.date, iso), ["2020-01-10"])
    assert.strictEqual(result.daily.turnover[0], 0.5)
    assert.strictEqual(result.diagnostics.rowsOutsideDateRange, 2)
  })

  it("end bounds the return day", () => {
    const result = runBacktest(panel, signalOf(monday), { ...config, carry: 5, end: "2020-01-13" })
    assert.strictEqual(iso(result.daily.date[result.daily.length - 1]), "2020-01-13")
  })
})

describe("the spec's leak test", () => {
  // 300 trading days x 100 securities of iid returns. The signal on day d is ret[d + 1].
  const nDays = 300
  const nSec = 100
  const random = rng(42)
  const calendar = Int32Array.from({ length: nDays }, (_, d) => day("2019-01-01") + d)
  const ret = new Float64Array(nDays * nSec).map(() => 0.01 * normal(random))
  const leakPanel = makePanel({
    dates: calendar,
    securityIds: Int32Array.from({ length: nSec }, (_, s) => s + 1),
    columns: { ret, resret: ret }
  })
  const rowsWithAvail = (availOffset: number) => {
    const rows: Array<FixtureRow> = []
    for (let d = 0; d + 1 < nDays; d++) {
      for (let s = 0; s < nSec; s++) {
        const avail = iso(calendar[Math.min(d + availOffset, nDays - 1)])
        rows.push([s + 1, avail, avail, ret[(d + 1) * nSec + s]])
      }
    }
    return rows
  }

  it("value = ret[d+1] available on d + 1 has no edge", () => {
    const overall = runBacktest(leakPanel, signalOf(rowsWithAvail(1)), { tc_model: "none", groups: ["overall"] }).summary[0]
    // The IC of independent draws: mean near 0 (standard error ~ 0.1 / sqrt(298) = 0.006).
    assert.isBelow(Math.abs(overall.ic_mean), 0.03)
    assert.isBelow(Math.abs(overall.sharpe), 3)
  })

  it("the same value declared available on d has a huge one", () => {
    const overall = runBacktest(leakPanel, signalOf(rowsWithAvail(0)), { tc_model: "none", groups: ["overall"] }).summary[0]
    // The signal is the very return it earns: a perfect rank correlation every day.
    assertClose(overall.ic_mean, 1, "ic_mean")
    assert.isAbove(overall.sharpe, 50)
  })
})

describe("valuesInForce against a brute-force lookup", () => {
  it("every carry from 0 to 6 on a random signal", () => {
    const random = rng(9)
    const nDays = 40
    const nSec = 30
    const calendar = Int32Array.from({ length: nDays }, (_, d) => day("2020-01-01") + d)
    const rows: Array<FixtureRow> = []
    for (let s = 0; s < nSec; s++) {
      for (let d = 0; d < nDays; d++) if (random() < 0.15) rows.push([s, iso(calendar[d]), iso(calendar[d]), random()])
    }
    const aligned = alignSignal(signalOf(rows), calendar, Int32Array.from({ length: nSec }, (_, s) => s))
    for (let carry = 0; carry <= 6; carry++) {
      const inForce = valuesInForce(aligned, carry)
      for (let d = 0; d < nDays; d++) {
        const expected: Array<[number, number, number]> = []
        for (let s = 0; s < nSec; s++) {
          for (let src = d; src >= Math.max(0, d - carry) && d < nDays - 1; src--) {
            const row = rows.find((r) => r[0] === s && r[1] === iso(calendar[src]))
            if (row !== undefined && src < nDays - 1) {
              expected.push([s, row[3], src])
              break
            }
          }
        }
        const actual: Array<[number, number, number]> = []
        for (let j = inForce.dayOffsets[d]; j < inForce.dayOffsets[d + 1]; j++) {
          actual.push([inForce.security[j], inForce.value[j], inForce.sourceDay[j]])
        }
        assert.deepStrictEqual(actual, expected, `carry ${carry} day ${d}`)
      }
    }
  })
})
