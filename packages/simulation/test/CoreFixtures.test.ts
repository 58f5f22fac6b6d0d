/**
 * Hand-computed fixtures for the core rules: T+1 execution, where creturn starts,
 * normalization, position_limit, fees and taxes (entry, decrease, flip, close), resample null
 * versus D, and trade splits on rolls with their fee attribution. The arithmetic is in the
 * comments; creturn must agree to 1e-12, trades exactly.
 */
import { assert, describe, it } from "vitest"
import { isoDateFromDay } from "@alphabench/contract"
import { simulate, tradeRows } from "../src/index.ts"
import { assertCurve, assertTrades, day, fixturePanel, free, rowsOf } from "./helpers/fixture.ts"

// Mon 2024-01-01 .. Fri 2024-01-05.
const week = ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"]
const twoNames = fixturePanel({
  dates: week,
  close: { 1: [10, 10, 11, 12, 12], 2: [20, 20, 18, 18, 19.8] }
})

describe("T+1 execution and normalization", () => {
  it("executes a row on the next bar and starts creturn at 1 on the signal bar", () => {
    // Row 2024-01-01 {1: 1, 2: 1} -> w / max(2, 1) = 0.5 each; executes 01-02 at the close.
    // 01-02: pos 0.5 / 0.5, cash 0            -> 1
    // 01-03: 0.5 * 1.1 + 0.5 * 0.9 = 1.0       -> 1
    // 01-04: 0.5 * 1.2 + 0.45 = 1.05
    // 01-05: 0.6 + 0.5 * 0.99 = 1.095
    const report = simulate(twoNames, rowsOf({ "2024-01-01": { 1: 1, 2: 1 } }), free)
    assert.strictEqual(report.startIndex, 0)
    assertCurve(report, [1, 1, 1, 1.05, 1.095])
    assertTrades(report, [
      {
        security_id: 1,
        entry_date: "2024-01-02",
        exit_date: null,
        entry_sig_date: "2024-01-01",
        exit_sig_date: null,
        position: 0.5,
        period: 4, // 5 bars - entry index 1
        entry_index: 1,
        exit_index: null,
        return: 0.2, // 12 / 10 - 1 at the last close, no exit cost
        entry_price: 10,
        exit_reason: "end"
      },
      { security_id: 2, entry_price: 20, return: 19.8 / 20 - 1, exit_reason: "end" }
    ])
  })

  it("a signal on a weekend executes on Monday", () => {
    // Row dated Sat 2024-01-06 -> first bar after it is Mon 01-08; creturn starts Fri 01-05.
    const panel = fixturePanel({
      dates: ["2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09"],
      close: { 1: [10, 10, 10, 11] }
    })
    const report = simulate(panel, rowsOf({ "2024-01-06": { 1: 1 } }), free)
    assert.strictEqual(isoDateFromDay(report.dates[0]!), "2024-01-05")
    assertCurve(report, [1, 1, 1.1])
    assertTrades(report, [{ entry_date: "2024-01-08", entry_sig_date: "2024-01-05" }])
  })

  it("keeps the unused weight in cash when the row sums below 1", () => {
    // {1: 0.3, 2: 0.2}: max(0.5, 1) = 1, weights unchanged, 0.5 in cash.
    // 01-03: 0.33 + 0.18 + 0.5 = 1.01; 01-04: 0.36 + 0.18 + 0.5 = 1.04; 01-05: 0.36 + 0.198 + 0.5 = 1.058
    const report = simulate(twoNames, rowsOf({ "2024-01-01": { 1: 0.3, 2: 0.2 } }), free)
    assertCurve(report, [1, 1, 1.01, 1.04, 1.058])
    assert.approximately(report.cash[4]!, 0.5, 1e-15)
  })

  it("clips to position_limit after normalizing and leaves the excess in cash", () => {
    // {1: 3, 2: 1} -> 0.75 / 0.25; limit 0.6 clips name 1 to 0.6; cash 0.15.
    // 01-03: 0.66 + 0.225 + 0.15 = 1.035; 01-04: 0.72 + 0.225 + 0.15 = 1.095; 01-05: 0.72 + 0.2475 + 0.15 = 1.1175
    const report = simulate(twoNames, rowsOf({ "2024-01-01": { 1: 3, 2: 1 } }), { ...free, position_limit: 0.6 })
    assertCurve(report, [1, 1, 1.035, 1.095, 1.1175])
    assertTrades(report, [{ security_id: 1, position: 0.6 }, { security_id: 2, position: 0.25 }])
  })

  it("treats a boolean matrix as equal weights", () => {
    const report = simulate(twoNames, {
      kind: "dense",
      dates: Int32Array.from([day("2024-01-01")]),
      securityIds: Int32Array.from([2, 1]),
      weights: Uint8Array.from([1, 1])
    }, free)
    assertCurve(report, [1, 1, 1, 1.05, 1.095])
  })

  it("lets a signal dated before the calendar execute on its first bar", () => {
    // Row 2023-12-29 precedes 2024-01-01: it executes on bar 0, whose close already shows the entry fee.
    // fee 0.01: buy 1 -> pos 0.99, cash 0 -> 0.99; 01-02: 0.99; 01-03: 0.99 * 1.1 = 1.089
    const panel = fixturePanel({ dates: week.slice(0, 3), close: { 1: [10, 10, 11] } })
    const report = simulate(panel, rowsOf({ "2023-12-29": { 1: 1 } }), { fee_ratio: 0.01, tax_ratio: 0 })
    assert.strictEqual(report.startIndex, 0)
    assertCurve(report, [0.99, 0.99, 1.089])
    assertTrades(report, [{ entry_date: "2024-01-01", entry_sig_date: "2023-12-29", entry_index: 0 }])
  })
})

describe("fees and taxes", () => {
  // One name, closes 10, 10, 11, 12, 12, 12.6 (Mon 01-01 .. Mon 01-08); fee 0.001, tax 0.003.
  const panel = fixturePanel({
    dates: [...week, "2024-01-08"],
    close: { 1: [10, 10, 11, 12, 12, 12.6] }
  })
  const positions = rowsOf({
    "2024-01-01": { 1: 1 },
    "2024-01-03": { 1: 0.5 },
    "2024-01-04": { 1: -0.5 },
    "2024-01-05": {}
  })
  const report = simulate(panel, positions, { fee_ratio: 0.001, tax_ratio: 0.003 })

  it("charges the fee on increases, fee + tax on decreases, only the fee on a flip", () => {
    // 01-02 buy 1: cost 0.001, pos 0.999, cash 0                                  -> 0.999
    // 01-03: 0.999 * 1.1 = 1.0989                                                  -> 1.0989
    // 01-04: mark 1.0989 * 12 / 11 = 1.1988; target 0.5 * 1.1988 = 0.5994, sell 0.5994
    //        paying 0.5994 * 0.004 = 0.0023976: cash 0.5970024                    -> 1.1964024
    // 01-05: target -0.5 * 1.1964024 = -0.5982012; amount -1.1976012 is an entry (target <= 0,
    //        amount < 0): fee only, 0.0011976012; cash 0.5970024 + 1.1976012 - 0.0011976012
    //        = 1.7934059988, pos -0.5982012                                        -> 1.1952047988
    // 01-08: short marked -0.5982012 * 1.05 = -0.62811126; close to zero pays
    //        0.62811126 * 0.004 = 0.00251244504: cash 1.1652947388 - 0.00251244504 = 1.16278229376
    assertCurve(report, [1, 0.999, 1.0989, 1.1964024, 1.1952047988, 1.16278229376])
    // The costs of each bar, as paid above.
    const costs = [0, 0.001, 0, 0.0023976, 0.0011976012, 0.00251244504]
    costs.forEach((c, t) => assert.approximately(report.costs[t]!, c, 1e-15, `costs[${t}]`))
  })

  it("records the flip as an exit and an entry, and a weight change as no split", () => {
    assertTrades(report, [
      {
        position: 1,
        entry_date: "2024-01-02",
        exit_date: "2024-01-05",
        exit_sig_date: "2024-01-04",
        exit_reason: "signal",
        exit_price: 12,
        // (12 / 10) * (1 - 0.001) * (1 - 0.001 - 0.003) - 1
        return: 1.2 * 0.999 * 0.996 - 1,
        period: 3
      },
      {
        position: -0.5,
        entry_date: "2024-01-05",
        exit_date: "2024-01-08",
        exit_reason: "signal",
        // (2 - 12.6 / 12) * 0.999 * 0.996 - 1
        return: 0.95 * 0.999 * 0.996 - 1
      }
    ])
  })
})

describe("resample null versus D", () => {
  const sameRows = rowsOf(Object.fromEntries(week.map((d) => [d, { 1: 1, 2: 1 }])))

  it("null does not rebalance an unchanged row, even though holdings drifted", () => {
    const report = simulate(twoNames, sameRows, free)
    assertCurve(report, [1, 1, 1, 1.05, 1.095])
    assert.strictEqual(report.diagnostics.signals, 1)
    assert.strictEqual(report.trades.length, 2)
  })

  it("D rebalances to the targets every day and splits the records on each roll", () => {
    // 01-03: 0.55 + 0.45 = 1.0, back to 0.5 / 0.5
    // 01-04: 0.5 * 12 / 11 + 0.5 = 1.0454545454545454, back to half each
    // 01-05: 0.5227272727272727 * (1 + 1.1) = 1.0977272727272727
    const report = simulate(twoNames, sameRows, { ...free, resample: "D" })
    assertCurve(report, [1, 1, 1, 1.0454545454545454, 1.0977272727272727])
    const rows = tradeRows(report.trades)
    // Each name: rolls at 01-03, 01-04, 01-05, then one open record; the pending signal of
    // 01-05 keeps both names, so it adds no record.
    assert.strictEqual(rows.length, 8)
    assert.deepStrictEqual(rows.map((r) => r.exit_reason), [
      "rebalance_roll",
      "rebalance_roll",
      "rebalance_roll",
      "rebalance_roll",
      "rebalance_roll",
      "rebalance_roll",
      "end",
      "end"
    ])
    assert.deepStrictEqual(rows.slice(0, 2).map((r) => r.exit_date), ["2024-01-03", "2024-01-03"])
  })
})

describe("trade splits on a monthly roll", () => {
  // Tue 01-30 .. Mon 03-04; M gives 01-31, 02-29 (03-31 is after the data: next_trading_date).
  const panel = fixturePanel({
    dates: ["2024-01-30", "2024-01-31", "2024-02-01", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-04"],
    close: { 1: [9, 10, 10, 11, 12, 12, 13.2] }
  })
  const report = simulate(panel, rowsOf({ "2024-01-30": { 1: 1 } }), { resample: "M", fee_ratio: 0.001, tax_ratio: 0.003 })

  it("starts at the month end, executes the next bar, rolls without trading", () => {
    // 01-31: 1; 02-01 buy 1: 0.999; 02-28: 1.0989; 02-29: 1.1988; 03-01 roll, target = balance,
    // nothing to trade: 1.1988; 03-04: 1.1988 * 1.1 = 1.31868
    assert.strictEqual(report.startIndex, 1)
    assertCurve(report, [1, 0.999, 1.0989, 1.1988, 1.1988, 1.31868])
    assert.strictEqual(isoDateFromDay(report.nextTradingDate!), "2024-03-31")
  })

  it("gives the entry fee to the first record and no cost to either side of the roll", () => {
    assertTrades(report, [
      {
        entry_date: "2024-02-01",
        exit_date: "2024-03-01",
        entry_sig_date: "2024-01-31",
        exit_sig_date: "2024-02-29",
        exit_reason: "rebalance_roll",
        period: 3,
        return: 1.2 * 0.999 - 1, // real entry, roll exit
        // ratios 0.999, 1.0989, 1.1988, exit 1.1988: mae = -0.001, gmfe = 0.1988
        mae: 0.999 - 1,
        gmfe: 1.2 * 0.999 - 1,
        bmfe: 0.999 - 1,
        mdd: 0,
        pdays: 3
      },
      {
        entry_date: "2024-03-01",
        exit_date: null,
        entry_sig_date: "2024-02-29",
        exit_reason: "end",
        period: 2,
        return: 13.2 / 12 - 1 // roll entry: no fee; open: no exit cost
      }
    ])
  })
})
