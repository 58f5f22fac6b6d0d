/**
 * Hand-computed fixtures for stops: close-based stop_loss / take_profit / trail_stop with their
 * T+1 exit and reasons, the strict `<` and Finlab's `(cr * close) / price` rounding, a stop and
 * a rebalance on the same day, stop_trading_next_period, retain_cost_when_rebalance,
 * touched_exit (gap opens, levels, both levels in one bar under both priorities, shorts) and
 * short_trailing.
 */
import { assert, describe, it } from "vitest"
import { simulate, tradeRows } from "../src/index.ts"
import { assertCurve, assertTrades, fixturePanel, free, rowsOf } from "./helpers/fixture.ts"

// Mon 2024-01-01 .. Fri 01-05, Mon 01-08.
const days = ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08"]
const halfHalf = rowsOf({ "2024-01-01": { 1: 0.5, 2: 0.5 } })
const allIn = rowsOf({ "2024-01-01": { 1: 1 } })

describe("close-based stops, exit the next bar", () => {
  it("stop_loss: a ratio exactly at 1 - sl does not fire (strict <), below it does", () => {
    // Name 1: 10, 10, 8, 7.5, ...; sl 0.2 -> min_r = 0.8.
    // 01-03: cr = 0.8, (0.8 * 8) / 8 = 0.8, not < 0.8: held.        equity 0.4 + 0.5 = 0.9
    // 01-04: cr = 0.8 * 0.9375 = 0.75 < 0.8: queued.                  equity 0.375 + 0.5 = 0.875
    // 01-05: exits at the close 7.5, value 0.375 to cash.             equity 0.875
    const panel = fixturePanel({ dates: days, close: { 1: [10, 10, 8, 7.5, 7.5, 7.5], 2: [10, 10, 10, 10, 10, 10] } })
    const report = simulate(panel, halfHalf, { ...free, stop_loss: 0.2 })
    assertCurve(report, [1, 1, 0.9, 0.875, 0.875, 0.875])
    assertTrades(report, [
      {
        security_id: 1,
        exit_date: "2024-01-05",
        exit_sig_date: "2024-01-04",
        exit_price: 7.5,
        exit_reason: "stop_loss",
        return: -0.25
      },
      { security_id: 2, exit_reason: "end" }
    ])
    assert.approximately(report.cash[4]!, 0.375, 1e-15)
  })

  it("evaluates cr_at_close as (cr * close) / price, so a 10% fall meets a 10% stop as in Finlab", () => {
    // cr = 9 / 10 = 0.9 and 1 - 0.1 = 0.9, but (0.9 * 9) / 9 = 0.8999999999999999 < 0.9.
    const panel = fixturePanel({ dates: days.slice(0, 4), close: { 1: [10, 10, 9, 9] } })
    const report = simulate(panel, allIn, { ...free, stop_loss: 0.1 })
    assertTrades(report, [{ exit_date: "2024-01-04", exit_reason: "stop_loss", return: -0.1 }])
  })

  it("take_profit fires at >= 1 + tp", () => {
    // cr = 1.2, (1.2 * 12) / 12 = 1.2 >= 1.2: queued on 01-03, sold on 01-04 at 12.
    const panel = fixturePanel({ dates: days.slice(0, 5), close: { 1: [10, 10, 12, 12, 12] } })
    const report = simulate(panel, allIn, { ...free, take_profit: 0.2 })
    assertTrades(report, [{ exit_date: "2024-01-04", exit_sig_date: "2024-01-03", exit_reason: "take_profit", return: 0.2 }])
    assertCurve(report, [1, 1, 1.2, 1.2, 1.2])
    assert.approximately(report.cash[4]!, 1.2, 1e-15)
  })

  it("trail_stop trails maxcr; the reason is the binding level", () => {
    // sl 0.2, trail 0.1: 01-03 cr = maxcr = 1.2; 01-04 cr = 1.2 * 0.9 = 1.08,
    // min_r = max(0.8, 1.2 - 0.1) = 1.1 > 1.08: queued; 1 - sl = 0.8 < 1.1 so trail_stop.
    const panel = fixturePanel({ dates: days, close: { 1: [10, 10, 12, 10.8, 10.8, 10.8] } })
    const report = simulate(panel, allIn, { ...free, stop_loss: 0.2, trail_stop: 0.1 })
    assertTrades(report, [{ exit_date: "2024-01-05", exit_reason: "trail_stop", exit_price: 10.8, return: 0.08 }])
    // With sl 0.05 and trail 0.3, 9.4 / 10 = 0.94 < max(0.95, 0.7): the fixed stop binds.
    const fixed = fixturePanel({ dates: days.slice(0, 4), close: { 1: [10, 10, 9.4, 9.4] } })
    assertTrades(simulate(fixed, allIn, { ...free, stop_loss: 0.05, trail_stop: 0.3 }), [{ exit_reason: "stop_loss" }])
  })

  it("shorts mirror the thresholds: a rise to 1 + sl stops, a fall to 1 - tp takes profit", () => {
    // Short 1 at 10: cash 2, pos -1. 01-03 at 11: cr 1.1 >= min(1 + 0.1, maxcr + inf): stop_loss,
    // bought back 01-04 at 11.5: value -1.15, cash 0.85. Return (2 - 11.5 / 10) - 1 = -0.15.
    const up = fixturePanel({ dates: days.slice(0, 5), close: { 1: [10, 10, 11, 11.5, 11.5] } })
    const short = rowsOf({ "2024-01-01": { 1: -1 } })
    const report = simulate(up, short, { ...free, stop_loss: 0.1, take_profit: 0.1 })
    assertCurve(report, [1, 1, 0.9, 0.85, 0.85])
    assertTrades(report, [{ position: -1, exit_date: "2024-01-04", exit_reason: "stop_loss", return: -0.15 }])
    // 01-03 at 8.5: cr 0.85 < 1 - 0.2: take_profit, bought back 01-04 at 8.5: return 0.15.
    const down = fixturePanel({ dates: days.slice(0, 4), close: { 1: [10, 10, 8.5, 8.5] } })
    assertTrades(simulate(down, short, { ...free, take_profit: 0.1 }), [{ exit_reason: "take_profit", return: 0.15 }])
  })
})

describe("a stop and a rebalance on the same day", () => {
  // Name 1 falls 20% on 01-03 (sl 0.1 queues it); name 2 gains 10% on 01-05.
  const panel = fixturePanel({ dates: days, close: { 1: [10, 10, 8, 8, 8, 8], 2: [10, 10, 10, 10, 11, 11] } })

  it("skips the queued exit when the rebalance keeps the name; the stop seen that day exits the next", () => {
    // Row 01-03 {1: 0.4, 2: 0.6} rebalances on 01-04. Yesterday's queued exit of name 1 is
    // skipped (its new target 0.4 is non-zero) and does not count as stopped; the rebalance
    // resets cr, but name 1 was detected again on 01-04 before it, so it exits on 01-05.
    // 01-04: balance 0.4 + 0.5 = 0.9 -> name 1 0.36, name 2 0.54               -> 0.9
    // 01-05: name 1 sold at 8 for 0.36; name 2 0.54 * 1.1 = 0.594              -> 0.954
    const rows = rowsOf({ "2024-01-01": { 1: 0.5, 2: 0.5 }, "2024-01-03": { 1: 0.4, 2: 0.6 } })
    const report = simulate(panel, rows, { ...free, stop_loss: 0.1 })
    assertCurve(report, [1, 1, 0.9, 0.9, 0.954, 0.954])
    assertTrades(report, [
      // resample null: the weight change on 01-04 does not split the record
      { security_id: 1, position: 0.5, exit_date: "2024-01-05", exit_sig_date: "2024-01-04", exit_reason: "stop_loss", return: -0.2 },
      { security_id: 2, exit_reason: "end", return: 0.1 }
    ])
  })

  it("executes the queued exit before the rebalance when the new target is 0", () => {
    // Row 01-03 {2: 1}: on 01-04 name 1 leaves by its stop (cash 0.4), then the rebalance puts
    // the whole balance 0.9 into name 2.   01-05: 0.9 * 1.1 = 0.99
    const rows = rowsOf({ "2024-01-01": { 1: 0.5, 2: 0.5 }, "2024-01-03": { 2: 1 } })
    const report = simulate(panel, rows, { ...free, stop_loss: 0.1 })
    assertCurve(report, [1, 1, 0.9, 0.9, 0.99, 0.99])
    assertTrades(report, [
      { security_id: 1, exit_date: "2024-01-04", exit_sig_date: "2024-01-03", exit_reason: "stop_loss" },
      { security_id: 2, exit_reason: "end" }
    ])
  })
})

describe("stop_trading_next_period", () => {
  // Name 1: stop on 01-03, sold 01-04 at 8; rebounds to 8.8 on 01-08. Name 2: +10% on 01-05.
  // Row 01-04 {1: 0.5, 2: 0.4} rebalances on 01-05.
  const panel = fixturePanel({ dates: days, close: { 1: [10, 10, 8, 8, 8, 8.8], 2: [10, 10, 10, 10, 11, 11] } })
  const rows = rowsOf({ "2024-01-01": { 1: 0.5, 2: 0.5 }, "2024-01-04": { 1: 0.5, 2: 0.4 } })

  it("zeroes a stopped name at the next rebalance without renormalizing (default)", () => {
    // 01-05: balance 0.4 + 0.55 = 0.95; name 1 zeroed, name 2 -> 0.4 * 0.95 = 0.38; cash 0.57.
    const report = simulate(panel, rows, { ...free, stop_loss: 0.1 })
    assertCurve(report, [1, 1, 0.9, 0.9, 0.95, 0.95])
    assert.approximately(report.cash[5]!, 0.57, 1e-15)
    assert.strictEqual(tradeRows(report.trades).filter((t) => t.security_id === 1).length, 1)
  })

  it("buys the stopped name back when false", () => {
    // 01-05: name 1 -> 0.5 * 0.95 = 0.475 at 8, name 2 -> 0.38, cash 0.095.
    // 01-08: 0.475 * 1.1 + 0.38 + 0.095 = 0.9975
    const report = simulate(panel, rows, { ...free, stop_loss: 0.1, stop_trading_next_period: false })
    assertCurve(report, [1, 1, 0.9, 0.9, 0.95, 0.9975])
    assertTrades(report, [
      { security_id: 1, exit_reason: "stop_loss" },
      { security_id: 2, exit_reason: "end" },
      { security_id: 1, entry_date: "2024-01-05", entry_price: 8, exit_reason: "end" }
    ])
  })
})

describe("retain_cost_when_rebalance", () => {
  // Name 1: 10, 10, 9.2, 9.2, 8.5; the row of 01-03 rebalances on 01-04; sl 0.1.
  const panel = fixturePanel({ dates: days, close: { 1: [10, 10, 9.2, 9.2, 8.5, 8.5], 2: [10, 10, 10, 10, 10, 10] } })
  const rows = rowsOf({ "2024-01-01": { 1: 0.5, 2: 0.5 }, "2024-01-03": { 1: 0.6, 2: 0.4 } })

  it("off: the rebalance resets the stop reference to 9.2, and 8.5 / 9.2 = 0.924 holds", () => {
    const report = simulate(panel, rows, { ...free, stop_loss: 0.1 })
    assert.deepStrictEqual(tradeRows(report.trades).map((t) => t.exit_reason), ["end", "end"])
  })

  it("on: the reference stays 10, and 8.5 / 10 = 0.85 stops", () => {
    const report = simulate(panel, rows, { ...free, stop_loss: 0.1, retain_cost_when_rebalance: true })
    assertTrades(report, [
      { security_id: 1, exit_date: "2024-01-08", exit_reason: "stop_loss", return: -0.15 },
      { security_id: 2, exit_reason: "end" }
    ])
  })
})

describe("touched_exit", () => {
  // One name bought at the close of 01-02 at 10; the bar of 01-03 decides.
  const bar = (open: number, high: number, low: number, close: number) =>
    fixturePanel({
      dates: days.slice(0, 4),
      close: { 1: [10, 10, close, close] },
      open: { 1: [10, 10, open, close] },
      high: { 1: [10, 10, high, close] },
      low: { 1: [10, 10, low, close] }
    })
  const touched = { ...free, touched_exit: true }

  it("a gap through the stop exits at the open, the same bar", () => {
    // cr = 8.8 / 10 = 0.88; o_r = (0.88 * 8.5) / 8.8 = 0.85 <= 0.9: exit at 8.5, value 0.85.
    const report = simulate(bar(8.5, 9, 8.2, 8.8), allIn, { ...touched, stop_loss: 0.1 })
    assertCurve(report, [1, 1, 0.85, 0.85])
    assertTrades(report, [{ exit_date: "2024-01-03", exit_sig_date: "2024-01-03", exit_price: 8.5, exit_reason: "touched_open", return: -0.15 }])
  })

  it("a touched low exits at the stop level", () => {
    // cr = 0.96; o_r = 0.95, h_r = 0.98, l_r = 0.88 <= 0.9: exit at 9.6 * 0.9 / 0.96 = 9, value 0.9.
    const report = simulate(bar(9.5, 9.8, 8.8, 9.6), allIn, { ...touched, stop_loss: 0.1 })
    assertCurve(report, [1, 1, 0.9, 0.9])
    assertTrades(report, [{ exit_price: 9, exit_reason: "stop_loss", return: -0.1 }])
  })

  it("a touched high exits at the take-profit level; a gap over it at the open", () => {
    // cr = 1.05, h_r = 1.15 >= 1.1: exit at 10.5 * 1.1 / 1.05 = 11.
    assertTrades(simulate(bar(10.2, 11.5, 10.1, 10.5), allIn, { ...touched, take_profit: 0.1 }), [
      { exit_price: 11, exit_reason: "take_profit", return: 0.1 }
    ])
    // open 11.5: o_r = 1.15 >= 1.1: exit at the open.
    assertTrades(simulate(bar(11.5, 12, 11.2, 11.6), allIn, { ...touched, take_profit: 0.1 }), [
      { exit_price: 11.5, exit_reason: "touched_open", return: 0.15 }
    ])
  })

  it("when one bar touches both levels, finlab takes the high and stop_first the low", () => {
    // open 10, high 11.5, low 8.5, close 10: h_r = 1.15 >= 1.1 and l_r = 0.85 <= 0.9.
    const both = bar(10, 11.5, 8.5, 10)
    const finlab = simulate(both, allIn, { ...touched, stop_loss: 0.1, take_profit: 0.1 })
    assertCurve(finlab, [1, 1, 1.1, 1.1])
    assertTrades(finlab, [{ exit_price: 11, exit_reason: "take_profit" }])
    const stopFirst = simulate(both, allIn, { ...touched, stop_loss: 0.1, take_profit: 0.1, intrabar_priority: "stop_first" })
    assertCurve(stopFirst, [1, 1, 0.9, 0.9])
    assertTrades(stopFirst, [{ exit_price: 9, exit_reason: "stop_loss" }])
  })

  it("a short touching both levels stops out at the high under either priority", () => {
    // Short 1 at 10: cash 2, pos -1; max_r = 1.1 is the loss side: exit at 11, value -1.1,
    // cash 2 - 1.1 = 0.9; return (2 - 11 / 10) - 1 = -0.1.
    const short = rowsOf({ "2024-01-01": { 1: -1 } })
    for (const intrabar_priority of ["finlab", "stop_first"] as const) {
      const report = simulate(bar(10, 11.5, 8.5, 10), short, { ...touched, stop_loss: 0.1, take_profit: 0.1, intrabar_priority })
      assertCurve(report, [1, 1, 0.9, 0.9])
      assertTrades(report, [{ exit_price: 11, exit_reason: "stop_loss", return: -0.1 }])
    }
  })

  it("does not check a bar without a trade price", () => {
    const panel = fixturePanel({
      dates: days.slice(0, 4),
      close: { 1: [10, 10, NaN, 10] },
      low: { 1: [10, 10, 5, 10] }
    })
    const report = simulate(panel, allIn, { ...touched, stop_loss: 0.1 })
    assertTrades(report, [{ exit_reason: "end" }])
  })

  it("counts as a stop for stop_trading_next_period", () => {
    // Touched out on 01-03; the row of 01-03 rebalances on 01-04 and must not buy it back.
    const panel = fixturePanel({
      dates: days.slice(0, 5),
      close: { 1: [10, 10, 9.6, 9.6, 9.6], 2: [10, 10, 10, 10, 10] },
      low: { 1: [10, 10, 8.8, 9.6, 9.6] }
    })
    const rows = rowsOf({ "2024-01-01": { 1: 0.5, 2: 0.5 }, "2024-01-03": { 1: 0.5, 2: 0.4 } })
    const report = simulate(panel, rows, { ...touched, stop_loss: 0.1 })
    assert.deepStrictEqual(tradeRows(report.trades).map((t) => [t.security_id, t.exit_reason]), [[1, "stop_loss"], [2, "end"]])
  })
})

describe("short_trailing", () => {
  // Short at 10; falls to 8 (mincr 0.8), rebounds to 8.9 (cr 0.89); trail 0.05.
  const panel = fixturePanel({ dates: days, close: { 1: [10, 10, 8, 8.9, 8.9, 8.9] } })
  const short = rowsOf({ "2024-01-01": { 1: -1 } })

  it("finlab trails from maxcr = 1, so max_r = 1.05 and nothing fires", () => {
    assertTrades(simulate(panel, short, { ...free, trail_stop: 0.05 }), [{ exit_reason: "end" }])
  })

  it("symmetric trails from the running min: 0.89 >= 0.8 + 0.05 stops", () => {
    // Queued 01-04, bought back 01-05 at 8.9: return (2 - 0.89) - 1 = 0.11.
    assertTrades(simulate(panel, short, { ...free, trail_stop: 0.05, short_trailing: "symmetric" }), [
      { exit_date: "2024-01-05", exit_reason: "trail_stop", return: 0.11 }
    ])
  })
})
