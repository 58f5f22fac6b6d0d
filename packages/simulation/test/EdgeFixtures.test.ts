/**
 * Hand-computed fixtures for the edges: missing prices, trade_at_price other than close,
 * adjusted versus raw prices, pending entries and exits, the delisting policy, the universe
 * mask, waiting orders, per-security costs, MAE/MFE windows and a prices-less panel.
 */
import { assert, describe, it } from "vitest"
import { isoDateFromDay } from "@alphabench/contract"
import { simulate, tradeRows } from "../src/index.ts"
import { assertCurve, assertTrades, fixturePanel, free, rowsOf } from "./helpers/fixture.ts"

const days = ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08"]
const halfHalf = rowsOf({ "2024-01-01": { 1: 0.5, 2: 0.5 } })

describe("missing prices", () => {
  it("freezes a held name's value and keeps its previous price", () => {
    // Name 1: 10, 10, NaN, 12: 01-03 r = 1 (value 0.5, the close is missing so pos counts);
    // 01-04 r = 12 / 10 against the kept price: 0.6.     equity 1, 1, 1, 1.1
    const panel = fixturePanel({ dates: days.slice(0, 4), close: { 1: [10, 10, NaN, 12], 2: [10, 10, 10, 10] } })
    assertCurve(simulate(panel, halfHalf, free), [1, 1, 1, 1.1])
  })

  it("exits at the frozen value with a missing exit price and return", () => {
    // Row 01-02 {2: 1} executes 01-03, where name 1 has no price: it leaves at 0.5; name 2
    // gets the whole balance 1.0. MAE/MFE skip the unpriced exit bar: ratio 1 only.
    const panel = fixturePanel({ dates: days.slice(0, 4), close: { 1: [10, 10, NaN, 12], 2: [10, 10, 10, 11] } })
    const report = simulate(panel, rowsOf({ "2024-01-01": { 1: 0.5, 2: 0.5 }, "2024-01-02": { 2: 1 } }), free)
    assertCurve(report, [1, 1, 1, 1.1])
    assertTrades(report, [
      { security_id: 1, exit_date: "2024-01-03", exit_price: null, return: null, mae: 0, gmfe: 0, pdays: 0 },
      { security_id: 2, exit_reason: "end" }
    ])
  })

  it("enters at the last known price when the entry bar has none", () => {
    // Row 01-02 {1: 1} executes 01-03 (no price): the position is bought at its value and
    // marked from the last price 10, so 01-04 at 12 is worth 1.2; the entry price is missing.
    const panel = fixturePanel({ dates: days.slice(0, 4), close: { 1: [10, 10, NaN, 12] } })
    const report = simulate(panel, rowsOf({ "2024-01-02": { 1: 1 } }), free)
    assertCurve(report, [1, 1, 1.2])
    assertTrades(report, [{ entry_date: "2024-01-03", entry_price: null, return: null }])
  })
})

describe("trade prices", () => {
  it("trades at the open and marks the close through close / price", () => {
    // Bought at the open of 01-02 (10): pos 1, close 10.5 -> 1 * 10.5 / 10 = 1.05;
    // 01-03: r = 11 / 10, pos 1.1, close 11.5 -> 1.15; 01-04: pos 1.2 at open 12 = close -> 1.2
    const panel = fixturePanel({
      dates: days.slice(0, 4),
      open: { 1: [10, 10, 11, 12] },
      close: { 1: [10, 10.5, 11.5, 12] }
    })
    const report = simulate(panel, rowsOf({ "2024-01-01": { 1: 1 } }), { ...free, trade_at_price: "open" })
    assertCurve(report, [1, 1.05, 1.15, 1.2])
    assertTrades(report, [{ entry_price: 10, return: 0.2 }])
  })

  it("averages adjusted fields, simulates on adjusted prices and reports raw ones", () => {
    // A 2:1 split on 01-03: raw close 20 -> 11 with adj_factor 1 -> 2, adjusted 20 -> 22.
    // open_close_avg with open = close: adjusted entry 20, exit (held) last close 22.
    const panel = fixturePanel({
      dates: days.slice(0, 4),
      close: { 1: [20, 20, 11, 11] },
      adj: { 1: [1, 1, 2, 2] }
    })
    const report = simulate(panel, rowsOf({ "2024-01-01": { 1: 1 }, "2024-01-03": {} }), { ...free, trade_at_price: "open_close_avg" })
    assertCurve(report, [1, 1, 1.1, 1.1])
    assertTrades(report, [{ entry_price: 20, entry_raw_price: 20, exit_price: 22, exit_raw_price: 11, return: 0.1 }])
  })

  it("uses close_adj for every price field without a prices table", () => {
    const panel = fixturePanel({ dates: days.slice(0, 4), close: { 1: [10, 10, 9, 11] }, pricesTable: false })
    const report = simulate(panel, rowsOf({ "2024-01-01": { 1: 1 } }), { ...free, trade_at_price: "open", touched_exit: true, stop_loss: 0.2 })
    assertCurve(report, [1, 1, 0.9, 1.1])
    assertTrades(report, [{ entry_price: 10, entry_raw_price: 10, exit_reason: "end" }])
  })
})

describe("pending records from a rebalance signalled on the last bar", () => {
  const panel = fixturePanel({ dates: days.slice(0, 5), close: { 1: [10, 10, 10, 10, 9], 2: [10, 10, 10, 10, 10] } })

  it("lists new names as pending entries and dropped names as pending exits", () => {
    const report = simulate(panel, rowsOf({ "2024-01-01": { 1: 1 }, "2024-01-05": { 2: 1 } }), free)
    assertTrades(report, [
      { security_id: 1, entry_date: "2024-01-02", exit_date: null, exit_sig_date: "2024-01-05", exit_reason: "signal", return: -0.1 },
      { security_id: 2, entry_date: null, entry_sig_date: "2024-01-05", position: 1, period: null, exit_reason: null }
    ])
    assert.deepStrictEqual(report.actions, [{ security_id: 1, action: "exit" }, { security_id: 2, action: "enter" }])
    assert.deepStrictEqual(Array.from(report.nextWeights!.securityId), [2])
    assert.strictEqual(report.diagnostics.pendingRebalance, true)
  })

  it("gives a pending exit the reason of a stop queued on the last bar", () => {
    // 01-05: name 1 at 9 < 0.95 queues a stop_loss; the pending row drops it.
    const report = simulate(panel, rowsOf({ "2024-01-01": { 1: 1 }, "2024-01-05": { 2: 1 } }), { ...free, stop_loss: 0.05 })
    assertTrades(report, [{ security_id: 1, exit_sig_date: "2024-01-05", exit_reason: "stop_loss" }, { security_id: 2, entry_date: null }])
    assert.deepStrictEqual(report.actions.map((a) => a.action), ["sl", "enter"])
  })

  it("keeps a stopped name open when the pending row keeps it (sl_enter), and when nothing is pending (sl)", () => {
    const kept = simulate(panel, rowsOf({ "2024-01-01": { 1: 1 }, "2024-01-05": { 1: 0.5 } }), { ...free, stop_loss: 0.05 })
    assertTrades(kept, [{ exit_reason: "end", exit_sig_date: null }])
    assert.deepStrictEqual(kept.actions, [{ security_id: 1, action: "sl_enter" }])
    const alone = simulate(panel, rowsOf({ "2024-01-01": { 1: 1 } }), { ...free, stop_loss: 0.05 })
    assertTrades(alone, [{ exit_reason: "end" }])
    assert.deepStrictEqual(alone.actions, [{ security_id: 1, action: "sl" }])
    assert.strictEqual(alone.positionInfo[0]!.status, "sl")
    assert.approximately(alone.positionInfo[0]!.return!, -0.1, 1e-12)
  })

  it("creates no records for a periodic date after the data, only next_trading_date", () => {
    // W-FRI from Mon 01-01: the first Friday 01-05 is after the data (which ends 01-04).
    const short = fixturePanel({ dates: days.slice(0, 4), close: { 1: [10, 10, 10, 10] } })
    const report = simulate(short, rowsOf({ "2024-01-01": { 1: 1 } }), { ...free, resample: "W-FRI" })
    assert.strictEqual(isoDateFromDay(report.nextTradingDate!), "2024-01-05")
    assert.strictEqual(report.trades.length, 0)
    assert.deepStrictEqual(report.actions, [])
    assert.deepStrictEqual(Array.from(report.nextWeights!.weight), [1])
    // With the data running to Friday 01-05, that date is signalled on the last bar: pending.
    const pending = simulate(panel, rowsOf({ "2024-01-01": { 1: 1 } }), { ...free, resample: "W-FRI" })
    assert.strictEqual(isoDateFromDay(pending.nextTradingDate!), "2024-01-12")
    assertTrades(pending, [{ security_id: 1, entry_date: null, entry_sig_date: "2024-01-05" }])
    assert.deepStrictEqual(pending.actions, [{ security_id: 1, action: "enter" }])
  })
})

describe("delisting", () => {
  // Name 1: 10, 10, 11, then no prices. Half in each name.
  const panel = fixturePanel({ dates: days, close: { 1: [10, 10, 11, NaN, NaN, NaN], 2: [10, 10, 10, 10, 10, 10] } })

  it("carry (Finlab) freezes the value", () => {
    assertCurve(simulate(panel, halfHalf, free), [1, 1, 1.05, 1.05, 1.05, 1.05])
  })

  it("close_after_n_missing pays out the last value times 1 + delisting_return", () => {
    // Second missing bar 01-05: 0.55 * (1 - 0.5) = 0.275 to cash; exit price 11 * 0.5 = 5.5,
    // return 5.5 / 10 - 1 = -0.45, no exit cost.       equity 0.275 + 0.5 = 0.775
    const report = simulate(panel, halfHalf, {
      ...free,
      delisting: "close_after_n_missing",
      delisting_after_missing: 2,
      delisting_return: -0.5
    })
    assertCurve(report, [1, 1, 1.05, 1.05, 0.775, 0.775])
    assertTrades(report, [
      { security_id: 1, exit_date: "2024-01-05", exit_price: 5.5, exit_reason: "delisted", return: -0.45 },
      { security_id: 2, exit_reason: "end" }
    ])
  })
})

describe("universe mask, waiting orders, per-security costs", () => {
  it("universe_mask blocks entries outside the universe but keeps held names", () => {
    // Name 2 is out of the universe on 01-02: not bought, its half stays in cash.
    // Name 1 leaves the universe on 01-04 but is held, so the rebalance of 01-04 keeps it.
    const panel = fixturePanel({
      dates: days.slice(0, 5),
      close: { 1: [10, 10, 11, 11, 11], 2: [10, 10, 10, 10, 10] },
      inUniverse: { 1: [1, 1, 1, 0, 0], 2: [1, 0, 1, 1, 1] }
    })
    const rows = rowsOf({ "2024-01-01": { 1: 0.5, 2: 0.5 }, "2024-01-03": { 1: 0.6, 2: 0.4 } })
    const report = simulate(panel, rows, { ...free, universe_mask: true })
    // 01-03: 0.55 + 0.5 cash = 1.05; 01-04: name 1 -> 0.63, name 2 (in universe) -> 0.42.
    assertCurve(report, [1, 1, 1.05, 1.05, 1.05])
    assertTrades(report, [
      { security_id: 1, entry_date: "2024-01-02" },
      { security_id: 2, entry_date: "2024-01-04", position: 0.4 }
    ])
    const unmasked = simulate(panel, rows, free)
    assert.strictEqual(tradeRows(unmasked.trades)[1]!.entry_date, "2024-01-02")
  })

  it("wait_when_untradable fills an order on the name's next priced bar", () => {
    // Name 1 has no price on 01-02: the order waits and fills on 01-03 at 11, with the
    // balance of that day (1.0): pos 1, equity 1; 01-04 at 12.1: 1.1.
    const panel = fixturePanel({ dates: days.slice(0, 4), close: { 1: [10, NaN, 11, 12.1] } })
    const report = simulate(panel, rowsOf({ "2024-01-01": { 1: 1 } }), { ...free, wait_when_untradable: true })
    assertCurve(report, [1, 1, 1, 1.1])
    assertTrades(report, [{ entry_date: "2024-01-03", entry_sig_date: "2024-01-02", entry_price: 11, return: 0.1 }])
    // Without waiting Finlab buys at the frozen value and marks from the last price 10.
    assertCurve(simulate(panel, rowsOf({ "2024-01-01": { 1: 1 } }), free), [1, 1, 1.1, 1.21])
  })

  it("honours an untradable flag from the context the same way", () => {
    const panel = fixturePanel({ dates: days.slice(0, 4), close: { 1: [10, 10, 11, 12.1] } })
    const untradable = Uint8Array.from([0, 1, 0, 0])
    const report = simulate(panel, rowsOf({ "2024-01-01": { 1: 1 } }), { ...free, wait_when_untradable: true }, { untradable })
    assertTrades(report, [{ entry_date: "2024-01-03", entry_price: 11 }])
  })

  // Seven bars 01-01 .. 01-09; name 1 is bought (signal 01-01), sold (signal 01-02) and bought
  // again (signal 01-04): rebalances on 01-02, 01-03 and 01-05.
  const sevenDays = [...days, "2024-01-09"]
  const outAndBackIn = rowsOf({ "2024-01-01": { 1: 1 }, "2024-01-02": {}, "2024-01-04": { 1: 1 } })

  it("gives a re-entry after a waited exit fresh stop levels (take_profit)", () => {
    // Close 10, 10, 10, 13, 13, 13, 13; name 1 cannot trade on 01-03 (flag), take_profit 0.2.
    // 01-02: buy at 10, pos 1.
    // 01-03: exit signalled, untradable: the order waits (cr reset to 1 by the rebalance).
    // 01-04: r = 13 / 10, pos 1.3, cr 1.3 >= 1.2 queues a take_profit for 01-05; the waiting
    //        exit fills first at 13: cash 1.3, record 1 closes as `signal`, return 0.3.
    // 01-05: rebalance to name 1 at weight 1: yesterday's queued exit is skipped (new target
    //        non-zero); buy 1.3 at 13 with fresh levels, cr = maxcr = 1.
    // 01-08, 01-09: flat, cr 1 < 1.2: no stop; record 2 stays open (`end`, return 0).
    // Equity 1, 1, 1, 1.3, 1.3, 1.3, 1.3. (With the stale cr 1.3 of the first record the
    // second one was taken out on 01-09 as `take_profit` at 13.)
    const panel = fixturePanel({ dates: sevenDays, close: { 1: [10, 10, 10, 13, 13, 13, 13] } })
    const untradable = Uint8Array.from([0, 0, 1, 0, 0, 0, 0])
    const expected = [
      { security_id: 1, entry_date: "2024-01-02", exit_date: "2024-01-04", exit_sig_date: "2024-01-03", exit_price: 13, exit_reason: "signal", return: 0.3 },
      { security_id: 1, entry_date: "2024-01-05", exit_date: null, entry_price: 13, exit_reason: "end", return: 0 }
    ] as const
    for (const retain of [false, true]) {
      const options = { ...free, take_profit: 0.2, wait_when_untradable: true, retain_cost_when_rebalance: retain }
      const report = simulate(panel, outAndBackIn, options, { untradable })
      assertCurve(report, [1, 1, 1, 1.3, 1.3, 1.3, 1.3])
      assertTrades(report, expected)
    }
  })

  it("gives a re-entry after a waited exit fresh stop levels (stop_loss, missing price)", () => {
    // Close 10, 10, NaN, 13, 13, 11, 11; stop_loss 0.1.
    // 01-03: no price: r = 1, the exit order waits. 01-04: r = 13 / 10, pos 1.3, cr 1.3; the
    // exit fills at 13: cash 1.3, record 1 `signal`, return 0.3.
    // 01-05: buy 1.3 at 13, cr = maxcr = 1. 01-08: r = 11 / 13, pos 1.1, cr 11/13 = 0.846 < 0.9:
    // stop_loss queued. 01-09: exit at 11, cash 1.1, return 11 / 13 - 1.
    // Equity 1, 1, 1, 1.3, 1.3, 1.1, 1.1. (A stale cr 1.3 made it 1.1 on 01-08: no stop.)
    const panel = fixturePanel({ dates: sevenDays, close: { 1: [10, 10, NaN, 13, 13, 11, 11] } })
    const report = simulate(panel, outAndBackIn, { ...free, stop_loss: 0.1, wait_when_untradable: true })
    assertCurve(report, [1, 1, 1, 1.3, 1.3, 1.1, 1.1])
    assertTrades(report, [
      { security_id: 1, entry_date: "2024-01-02", exit_date: "2024-01-04", exit_price: 13, exit_reason: "signal", return: 0.3 },
      { security_id: 1, entry_date: "2024-01-05", exit_date: "2024-01-09", exit_sig_date: "2024-01-08", exit_price: 11, exit_reason: "stop_loss", return: 11 / 13 - 1 }
    ])
  })

  it("starts the stop levels of a waited resize at its fill, as the rebalance would have", () => {
    // Close 10, 10, 10, 10, 9.6, 9.3, 9.3; stop_loss 0.05; rows 01-01 {1: 0.5}, 01-03 {1: 1}.
    // 01-02: buy 0.5 at 10. 01-04: the resize is due and cr resets to 1, but name 1 is flagged
    // untradable: the order waits. 01-05: r = 0.96, pos 0.48, cr 0.96 (not < 0.95); the order
    // fills at 9.6 with that bar's balance 0.98: buy 0.5, pos 0.98, cash 0, and cr restarts at 1.
    // 01-08: pos 0.98 * 9.3 / 9.6 = 0.949375, cr 9.3 / 9.6 = 0.96875 >= 0.95: no stop (from
    // the rebalance bar's price it was 0.93 < 0.95). resample null: the resize is no roll, so
    // one record, open at the end, return 9.3 / 10 - 1.
    const panel = fixturePanel({ dates: sevenDays, close: { 1: [10, 10, 10, 10, 9.6, 9.3, 9.3] } })
    const rows = rowsOf({ "2024-01-01": { 1: 0.5 }, "2024-01-03": { 1: 1 } })
    const options = { ...free, stop_loss: 0.05, wait_when_untradable: true }
    const waited = simulate(panel, rows, options, { untradable: Uint8Array.from([0, 0, 0, 1, 0, 0, 0]) })
    assertCurve(waited, [1, 1, 1, 1, 0.98, 0.949375, 0.949375])
    assertTrades(waited, [{ security_id: 1, entry_date: "2024-01-02", exit_reason: "end", return: -0.07 }])
    // Tradable on 01-04: resized at 10 (pos 1), 01-05 0.96, 01-08 cr 0.93 < 0.95 queues the
    // stop, sold 01-09 at 9.3.
    const traded = simulate(panel, rows, options)
    assertCurve(traded, [1, 1, 1, 1, 0.96, 0.93, 0.93])
    assertTrades(traded, [{ security_id: 1, exit_date: "2024-01-09", exit_reason: "stop_loss", return: -0.07 }])
  })

  it("a waiting stop exit keeps its reason when the name is detected again while it waits", () => {
    // Close 10, 10, 11.5, 10.8, 10.8; take_profit 0.1, trail_stop 0.05; name 1 flagged on 01-04.
    // 01-02: buy at 10. 01-03: cr 1.15 >= 1.1 queues a take_profit for 01-04.
    // 01-04: flagged, so the queued exit waits. cr 1.08 is detected again, now below the trail
    //        level max(-inf, 1.15 - 0.05) = 1.1 (a trail_stop): a duplicate of the waiting exit.
    // 01-05: the waiting take_profit fills at 10.8: return 0.08, signalled the bar before.
    // Equity 1, 1, 1.15, 1.08, 1.08. The reason is the one it has without the flag (sold 01-04).
    const panel = fixturePanel({ dates: days.slice(0, 5), close: { 1: [10, 10, 11.5, 10.8, 10.8] } })
    const rows = rowsOf({ "2024-01-01": { 1: 1 } })
    const options = { ...free, take_profit: 0.1, trail_stop: 0.05, wait_when_untradable: true }
    const waited = simulate(panel, rows, options, { untradable: Uint8Array.from([0, 0, 0, 1, 0]) })
    assertCurve(waited, [1, 1, 1.15, 1.08, 1.08])
    assertTrades(waited, [
      { exit_date: "2024-01-05", exit_sig_date: "2024-01-04", exit_price: 10.8, exit_reason: "take_profit", return: 0.08 }
    ])
    assertTrades(simulate(panel, rows, options), [{ exit_date: "2024-01-04", exit_reason: "take_profit", return: 0.08 }])
    // Data ending 01-04: the exit still waits at the end, so the action is tp (not sl).
    const short = fixturePanel({ dates: days.slice(0, 4), close: { 1: [10, 10, 11.5, 10.8] } })
    const open = simulate(short, rows, options, { untradable: Uint8Array.from([0, 0, 0, 1]) })
    assert.deepStrictEqual(open.actions, [{ security_id: 1, action: "tp" }])
  })

  it("charges per-security fee and tax vectors", () => {
    // fee [0.01, 0.02]: buying 0.5 each costs 0.005 and 0.01: equity 0.985 on 01-02.
    // Selling everything on 01-03 at flat prices: tax [0, 0.01]:
    // name 1: 0.495 * (1 - 0.01), name 2: 0.49 * (1 - 0.02 - 0.01): 0.49005 + 0.4753 = 0.96535
    const panel = fixturePanel({ dates: days.slice(0, 3), close: { 1: [10, 10, 10], 2: [10, 10, 10] } })
    const rows = rowsOf({ "2024-01-01": { 1: 0.5, 2: 0.5 }, "2024-01-02": {} })
    const report = simulate(panel, rows, { fee_ratio: [0.01, 0.02], tax_ratio: [0, 0.01] })
    assertCurve(report, [1, 0.985, 0.96535])
    assertTrades(report, [
      { security_id: 1, return: 0.99 * 0.99 - 1 },
      { security_id: 2, return: 0.98 * 0.97 - 1 }
    ])
  })
})

describe("MAE / MFE", () => {
  // Entry at 10, closes 9, 11, 8, then sold at 12 (row of 01-05 empties the book on 01-08).
  const panel = fixturePanel({ dates: days, close: { 1: [10, 10, 9, 11, 8, 12] } })
  const rows = rowsOf({ "2024-01-01": { 1: 1 }, "2024-01-05": {} })

  it("follows the running ratio from entry to exit", () => {
    // Ratios 1, 0.9, 1.1, 0.8, 1.2: mae -0.2, gmfe 0.2, bmfe 1.1 - 1 (max when the min
    // happened), mdd 0.8 / 1.1 - 1, pdays 2.
    assertTrades(simulate(panel, rows, free), [{ mae: -0.2, gmfe: 0.2, bmfe: 0.1, mdd: 0.8 / 1.1 - 1, pdays: 2, return: 0.2 }])
  })

  it("includes the entry fee and the exit fee + tax, and mirrors shorts", () => {
    // fee 0.01, tax 0.02: ratios 0.99, 0.891, 1.089, 0.792, 1.2 * 0.99 * 0.97.
    const report = simulate(panel, rows, { fee_ratio: 0.01, tax_ratio: 0.02 })
    assertTrades(report, [{ mae: 0.792 - 1, gmfe: 1.2 * 0.99 * 0.97 - 1, pdays: 2 }])
    // Short: 2 - ratio: 1, 1.1, 0.9, 1.2, 0.8 -> mae -0.2, gmfe 0.2, bmfe 0.2 (min last).
    const short = simulate(panel, rowsOf({ "2024-01-01": { 1: -1 }, "2024-01-05": {} }), free)
    assertTrades(short, [{ mae: -0.2, gmfe: 0.2, bmfe: 0.2, pdays: 2, return: -0.2 }])
  })

  it("reports windows 0, step, ... < mae_mfe_window bars after entry", () => {
    // Window 4, step 2: windows 0 (ratio 1) and 2 (ratios 1, 0.9, 1.1).
    const report = simulate(panel, rows, { ...free, mae_mfe_window: 4, mae_mfe_window_step: 2 })
    const w = report.maeMfeWindows!
    assert.deepStrictEqual(Array.from(w.windows), [0, 2])
    assert.deepStrictEqual(Array.from(w.mae).map((x) => +x.toFixed(12)), [0, -0.1])
    assert.deepStrictEqual(Array.from(w.gmfe).map((x) => +x.toFixed(12)), [0, 0.1])
    assert.deepStrictEqual(Array.from(w.bmfe).map((x) => +x.toFixed(12)), [0, 0])
    assert.deepStrictEqual(Array.from(w.mdd).map((x) => +x.toFixed(12)), [0, -0.1])
    assert.deepStrictEqual(Array.from(w.pdays), [0, 1])
  })
})
