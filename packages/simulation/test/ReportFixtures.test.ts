/**
 * Hand-computed fixtures for the report beyond the curve and the trades: `actions` (every
 * value of the vocabulary), `weights` / `nextWeights` / `positionInfo` after price moves, and
 * the reproducibility stamp (snapshot id and hash from the panel's source, the config hash).
 */
import { readFileSync } from "node:fs"
import { assert, describe, it } from "vitest"
import {
  configHash,
  decodeSimulationOptions,
  positionActions,
  type SimulationReport,
  simulate
} from "../src/index.ts"
import { assertCurve, assertTrades, day, fixturePanel, free, rowsOf } from "./helpers/fixture.ts"

// Mon 2024-01-01 .. Fri 01-05.
const days = ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"]

const actionMap = (report: SimulationReport) => Object.fromEntries(report.actions.map((a) => [a.security_id, a.action]))

const weightMap = (weights: { securityId: Int32Array; weight: Float64Array }) =>
  Object.fromEntries(Array.from(weights.securityId, (id, k) => [id, weights.weight[k]!]))

/** positionInfo lists the same names as actions, with the action as status. */
const assertInfoMatchesActions = (report: SimulationReport) => {
  assert.deepStrictEqual(
    report.positionInfo.map((p) => [p.security_id, p.status]),
    report.actions.map((a) => [a.security_id, a.action])
  )
}

describe("actions", () => {
  // Name 1 (long) 10 -> 12 on the last bar; name 2 (long) flat; name 3 never held, flat;
  // name 4 (short) 10 -> 8 on the last bar. take_profit 0.1: long max_r = 1.1, short min_r = 0.9.
  // Row 01-01 {1: 0.25, 2: 0.25, 4: -0.25} (sum 0.75, 0.25 stays in cash), bought 01-02 at 10.
  // 01-02: cash 1 - 0.25 - 0.25 + 0.25 (the short's proceeds) = 0.75, equity 1.
  // 01-03, 01-04: flat, cr 1: no stop (1 < 1.1, 1 >= 0.9).
  // 01-05 (last bar): name 1 cr 1.2 >= 1.1 queues take_profit; name 4 cr 0.8 < 0.9 queues
  // take_profit (the short's low side); both would exit the next bar, which does not exist.
  // Equity 0.75 + 0.25 * 1.2 + 0.25 - 0.25 * 0.8 = 0.75 + 0.3 + 0.25 - 0.2 = 1.1.
  const panel = fixturePanel({
    dates: days,
    close: { 1: [10, 10, 10, 10, 12], 2: [10, 10, 10, 10, 10], 3: [10, 10, 10, 10, 10], 4: [10, 10, 10, 10, 8] }
  })
  const held = { 1: 0.25, 2: 0.25, 4: -0.25 }
  const options = { ...free, take_profit: 0.1 }

  it("hold and tp without a pending rebalance (long and short take profits)", () => {
    const report = simulate(panel, rowsOf({ "2024-01-01": held }), options)
    assertCurve(report, [1, 1, 1, 1, 1.1])
    assert.deepStrictEqual(report.actions, [
      { security_id: 1, action: "tp" },
      { security_id: 2, action: "hold" },
      { security_id: 4, action: "tp" }
    ])
    assertInfoMatchesActions(report)
    // No pending row, no periodic date: next weights unknown.
    assert.isNull(report.nextWeights)
    for (const info of report.positionInfo) assert.isNull(info.next_weight)
    // Weights at the last close: 0.3 / 1.1, 0.25 / 1.1, -0.2 / 1.1.
    const w = weightMap(report.weights)
    assert.deepStrictEqual(Object.keys(w).map(Number), [1, 2, 4])
    assert.approximately(w[1]!, 0.3 / 1.1, 1e-15)
    assert.approximately(w[2]!, 0.25 / 1.1, 1e-15)
    assert.approximately(w[4]!, -0.2 / 1.1, 1e-15)
    // The stops leave the records open (`end`); returns 12 / 10 - 1 and (2 - 8 / 10) - 1.
    assertTrades(report, [
      { security_id: 1, exit_reason: "end", return: 0.2 },
      { security_id: 2, exit_reason: "end", return: 0 },
      { security_id: 4, exit_reason: "end", return: 0.2 }
    ])
  })

  it("tp_enter when the pending rebalance keeps a name with a queued take profit; enter for a new name", () => {
    // Row 01-05 (signalled on the last bar, pending): the same book plus name 3.
    const rows = rowsOf({ "2024-01-01": held, "2024-01-05": { ...held, 3: 0.25 } })
    const report = simulate(panel, rows, options)
    assert.deepStrictEqual(report.actions, [
      { security_id: 1, action: "tp_enter" },
      { security_id: 2, action: "hold" },
      { security_id: 3, action: "enter" },
      { security_id: 4, action: "tp_enter" }
    ])
    assertInfoMatchesActions(report)
    // next_weight: the pending targets (nothing stopped in the period, so none zeroed).
    assert.deepStrictEqual(report.positionInfo.map((p) => p.next_weight), [0.25, 0.25, 0.25, -0.25])
    // The kept names stay open records; name 3 is a pending entry.
    assertTrades(report, [
      { security_id: 1, exit_reason: "end", exit_sig_date: null },
      { security_id: 2, exit_reason: "end" },
      { security_id: 4, exit_reason: "end", exit_sig_date: null },
      { security_id: 3, entry_date: null, entry_sig_date: "2024-01-05", position: 0.25 }
    ])
  })

  it("tp when the pending rebalance drops the name; a sign flip shows as exit (its entry is pending)", () => {
    // Row 01-05: {2: -0.5, 3: 0.5}: names 1 and 4 dropped (queued take profits), name 2 flips
    // to short, name 3 enters.
    const rows = rowsOf({ "2024-01-01": held, "2024-01-05": { 2: -0.5, 3: 0.5 } })
    const report = simulate(panel, rows, options)
    assert.deepStrictEqual(actionMap(report), { 1: "tp", 2: "exit", 3: "enter", 4: "tp" })
    assertInfoMatchesActions(report)
    assert.deepStrictEqual(report.positionInfo.map((p) => p.next_weight), [0, -0.5, 0.5, 0])
    assertTrades(report, [
      { security_id: 1, exit_date: null, exit_sig_date: "2024-01-05", exit_reason: "take_profit" },
      { security_id: 2, exit_date: null, exit_sig_date: "2024-01-05", exit_reason: "signal" },
      { security_id: 4, exit_date: null, exit_sig_date: "2024-01-05", exit_reason: "take_profit" },
      { security_id: 2, entry_date: null, entry_sig_date: "2024-01-05", position: -0.5 },
      { security_id: 3, entry_date: null, entry_sig_date: "2024-01-05", position: 0.5 }
    ])
  })

  it("a trailing stop queued on the last bar is sl (sl_enter when the pending row keeps the name)", () => {
    // trail 0.1: closes 10, 10, 12, 12, 10.5: maxcr 1.2, min_r = 1.1; 01-05 cr 1.05 < 1.1.
    const trail = fixturePanel({ dates: days, close: { 1: [10, 10, 12, 12, 10.5] } })
    const alone = simulate(trail, rowsOf({ "2024-01-01": { 1: 1 } }), { ...free, trail_stop: 0.1 })
    assert.deepStrictEqual(alone.actions, [{ security_id: 1, action: "sl" }])
    const kept = simulate(trail, rowsOf({ "2024-01-01": { 1: 1 }, "2024-01-05": { 1: 0.5 } }), { ...free, trail_stop: 0.1 })
    assert.deepStrictEqual(kept.actions, [{ security_id: 1, action: "sl_enter" }])
  })

  it("every action of the vocabulary is pinned by a fixture in this package", () => {
    // enter, exit, sl, sl_enter: above and in EdgeFixtures ("pending records ..."); hold, tp,
    // tp_enter: above. The vocabulary itself must not grow without a fixture.
    assert.deepStrictEqual([...positionActions], ["enter", "exit", "hold", "sl", "tp", "sl_enter", "tp_enter"])
  })
})

describe("weights, nextWeights and positionInfo after price moves", () => {
  // trade_at_price open, no costs. Row 01-01 {1: 0.5, 2: 0.3} (0.2 in cash); row 01-04 (the
  // last bar, pending) {1: 0.2, 2: 0.3, 3: 0.5}.
  //            open 1  close 1   open 2  close 2
  // 01-02        10      11        10      10     buy at the open: pos 0.5 and 0.3
  // 01-03        12      12         9       8
  // 01-04        13      15         8       6
  // 01-02 close: 0.2 + 0.5 * 11 / 10 + 0.3 * 10 / 10 = 1.05
  // 01-03: pos (marked at the trade price) 0.5 * 12 / 10 = 0.6, 0.3 * 9 / 10 = 0.27;
  //        close 0.2 + 0.6 * 12 / 12 + 0.27 * 8 / 9 = 0.2 + 0.6 + 0.24 = 1.04
  // 01-04: pos 0.6 * 13 / 12 = 0.65, 0.27 * 8 / 9 = 0.24;
  //        values at the close 0.65 * 15 / 13 = 0.75, 0.24 * 6 / 8 = 0.18; equity 1.13.
  // weights = value / equity: 0.75 / 1.13 and 0.18 / 1.13 (not the targets 0.5 and 0.3).
  const panel = fixturePanel({
    dates: days.slice(0, 4),
    open: { 1: [10, 10, 12, 13], 2: [10, 10, 9, 8], 3: [10, 10, 10, 10] },
    close: { 1: [10, 11, 12, 15], 2: [10, 10, 8, 6], 3: [10, 10, 10, 10] }
  })
  const rows = rowsOf({ "2024-01-01": { 1: 0.5, 2: 0.3 }, "2024-01-04": { 1: 0.2, 2: 0.3, 3: 0.5 } })
  const report = simulate(panel, rows, { ...free, trade_at_price: "open" })

  it("weights are the values at the last close over the equity", () => {
    assertCurve(report, [1, 1.05, 1.04, 1.13])
    const w = weightMap(report.weights)
    assert.deepStrictEqual(Object.keys(w).map(Number), [1, 2])
    assert.approximately(w[1]!, 0.75 / 1.13, 1e-15)
    assert.approximately(w[2]!, 0.18 / 1.13, 1e-15)
    // Held weights plus cash make the whole equity: 0.2 / 1.13 in cash.
    assert.approximately(w[1]! + w[2]! + report.cash[3]! / report.creturn[3]!, 1, 1e-15)
  })

  it("nextWeights are the pending targets", () => {
    assert.deepStrictEqual(weightMap(report.nextWeights!), { 1: 0.2, 2: 0.3, 3: 0.5 })
  })

  it("positionInfo carries weight, next_weight, entry and the open return per name", () => {
    assert.strictEqual(report.positionInfo.length, 3)
    const [one, two, three] = report.positionInfo
    // Name 1: held, kept by the pending row (smaller, same sign): hold. Return 15 / 10 - 1.
    assert.deepInclude(one, { security_id: 1, status: "hold", next_weight: 0.2, entry_date: "2024-01-02", entry_price: 10 })
    assert.approximately(one!.weight, 0.75 / 1.13, 1e-15)
    assert.approximately(one!.return!, 0.5, 1e-15)
    // Name 2: hold, return 6 / 10 - 1.
    assert.deepInclude(two, { security_id: 2, status: "hold", next_weight: 0.3, entry_date: "2024-01-02", entry_price: 10 })
    assert.approximately(two!.weight, 0.18 / 1.13, 1e-15)
    assert.approximately(two!.return!, -0.4, 1e-15)
    // Name 3: not held, entered by the pending row: weight 0, no record yet.
    assert.deepStrictEqual(three, {
      security_id: 3,
      status: "enter",
      weight: 0,
      next_weight: 0.5,
      entry_date: null,
      entry_price: null,
      return: null
    })
  })

  it("with costs the weights still divide the close values by the equity", () => {
    // Same market and rows, fee 0.01, tax 0.02, trade at the close this time.
    // 01-02: buy 0.5 and 0.3 at the close: pos 0.495 and 0.297, cash 0.2, equity 0.992.
    // 01-03: 0.495 * 12 / 11 = 0.54, 0.297 * 8 / 10 = 0.2376; equity 0.9776.
    // 01-04: 0.54 * 15 / 12 = 0.675, 0.2376 * 6 / 8 = 0.1782; equity 1.0532.
    const costly = simulate(panel, rows, { fee_ratio: 0.01, tax_ratio: 0.02 })
    assertCurve(costly, [1, 0.992, 0.9776, 1.0532])
    const w = weightMap(costly.weights)
    assert.approximately(w[1]!, 0.675 / 1.0532, 1e-14)
    assert.approximately(w[2]!, 0.1782 / 1.0532, 1e-14)
    // Returns include the entry fee, no exit cost: 15 / 11 * 0.99 - 1, 6 / 10 * 0.99 - 1.
    assert.approximately(costly.positionInfo[0]!.return!, (15 / 11) * 0.99 - 1, 1e-14)
    assert.approximately(costly.positionInfo[1]!.return!, 0.6 * 0.99 - 1, 1e-14)
  })

  it("next_weight of a periodic run is the row in force at nextTradingDate, stopped names zeroed", () => {
    // W-FRI from Mon 01-01, data to Wed 01-10: Friday 01-05 is signalled, executes Mon 01-08
    // (creturn starts at 1 on 01-05); the next Friday 01-12 is after the data:
    // nextTradingDate, no pending records. stop_loss 0.1: name 2 falls 10 -> 8 on 01-09
    // (cr 0.8 < 0.9), exits 01-10 at 8: stopped in the period, so its next target is 0 and it
    // leaves nextWeights. Name 1 flat, held and not stopped: hold.
    const weekly = fixturePanel({
      dates: ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09", "2024-01-10"],
      close: { 1: [10, 10, 10, 10, 10, 10, 10, 10], 2: [10, 10, 10, 10, 10, 10, 8, 8] }
    })
    const periodic = simulate(weekly, rowsOf({ "2024-01-01": { 1: 0.5, 2: 0.5 } }), { ...free, resample: "W-FRI", stop_loss: 0.1 })
    assertCurve(periodic, [1, 1, 0.9, 0.9])
    assertTrades(periodic, [
      { security_id: 1, entry_date: "2024-01-08", exit_reason: "end" },
      { security_id: 2, entry_date: "2024-01-08", exit_date: "2024-01-10", exit_reason: "stop_loss" }
    ])
    assert.strictEqual(periodic.nextTradingDate, day("2024-01-12"))
    assert.isFalse(periodic.diagnostics.pendingRebalance)
    assert.deepStrictEqual(weightMap(periodic.nextWeights!), { 1: 0.5 })
    assert.deepStrictEqual(periodic.actions, [{ security_id: 1, action: "hold" }])
    assert.strictEqual(periodic.positionInfo[0]!.next_weight, 0.5)
    // Equity 0.5 + 0.4 (name 2 sold at 8) = 0.9; name 1 weighs 0.5 / 0.9.
    assert.approximately(weightMap(periodic.weights)[1]!, 0.5 / 0.9, 1e-15)
  })
})

describe("reproducibility stamp", () => {
  const base = fixturePanel({ dates: days.slice(0, 3), close: { 1: [10, 10, 11] } })
  const rows = rowsOf({ "2024-01-01": { 1: 1 } })

  it("takes snapshot_id and snapshot_hash from the panel's source", () => {
    const source = { snapshotId: "2024-01-05T120000Z-abc123", snapshotHash: "f".repeat(64) }
    const report = simulate({ ...base, source }, rows, free)
    assert.strictEqual(report.stamp.snapshot_id, source.snapshotId)
    assert.strictEqual(report.stamp.snapshot_hash, source.snapshotHash)
    assert.strictEqual(report.stamp.package, "@alphabench/simulation")
    const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
    assert.strictEqual(report.stamp.version, packageJson.version)
    // The source changes nothing else: same config hash and curve as without one.
    const plain = simulate(base, rows, free)
    assert.isNull(plain.stamp.snapshot_id)
    assert.isNull(plain.stamp.snapshot_hash)
    assert.strictEqual(plain.stamp.config_hash, report.stamp.config_hash)
    assert.deepStrictEqual(Array.from(plain.creturn), Array.from(report.creturn))
  })

  const hashOf = (options: Record<string, unknown>) => simulate(base, rows, options).stamp.config_hash

  it("config_hash is the hash of the decoded options", () => {
    const options = { fee_ratio: 0.002, stop_loss: 0.1 }
    assert.strictEqual(hashOf(options), configHash(decodeSimulationOptions(options)))
    assert.strictEqual(hashOf({}), configHash(decodeSimulationOptions(undefined)))
  })

  it("config_hash changes when any one option changes", () => {
    const changes: Array<Record<string, unknown>> = [
      { resample: "M" },
      { resample: "W", resample_offset: "1D" },
      { trade_at_price: "open" },
      { position_limit: 0.5 },
      { fee_ratio: 0.002 },
      { tax_ratio: 0.001 },
      { stop_loss: 0.1 },
      { take_profit: 0.1 },
      { trail_stop: 0.1 },
      { touched_exit: true },
      { retain_cost_when_rebalance: true },
      { stop_trading_next_period: false },
      { mae_mfe_window: 5 },
      { mae_mfe_window_step: 2 },
      { intrabar_priority: "stop_first" },
      { short_trailing: "symmetric" },
      { delisting: "close_after_n_missing" },
      { delisting_after_missing: 3 },
      { delisting_return: -0.5 },
      { universe_mask: true },
      { wait_when_untradable: true }
    ]
    const hashes = new Set([hashOf({}), ...changes.map(hashOf)])
    // Every change gives its own hash (`W` with an offset differs from plain `W` too).
    assert.strictEqual(hashes.size, changes.length + 1)
    assert.notStrictEqual(hashOf({ resample: "W" }), hashOf({ resample: "W", resample_offset: "1D" }))
    assert.notStrictEqual(hashOf({ stop_loss: 0.1 }), hashOf({ stop_loss: 0.1000001 }))
  })

  it("config_hash is the same for the same options in another order or form", () => {
    const same: Array<ReadonlyArray<Record<string, unknown>>> = [
      // Key order.
      [{ stop_loss: 0.1, resample: "M", fee_ratio: 0.002 }, { fee_ratio: 0.002, resample: "M", stop_loss: 0.1 }],
      // Defaults given or left out; null and 0 switch a stop off.
      [{}, { resample: null, fee_ratio: 0.001425, tax_ratio: 0.003, stop_loss: null, take_profit: 0, trail_stop: 0 }],
      // Rule spellings.
      [{ resample: "W" }, { resample: "W-SUN" }, { resample: " w-sun " }],
      [{ resample: "M" }, { resample: "ME" }, { resample: "m" }],
      [{ resample: "Q" }, { resample: "QE" }],
      // Offsets: "1D", 1, "+1d"; no offset, null and 0.
      [{ resample: "M", resample_offset: "1D" }, { resample: "M", resample_offset: 1 }, { resample: "M", resample_offset: "+1d" }],
      [{ resample: "M" }, { resample: "M", resample_offset: null }, { resample: "M", resample_offset: 0 }],
      // Explicit dates as ISO strings or day numbers, in any order, with duplicates.
      [
        { resample: ["2024-01-02", "2024-01-03"] },
        { resample: [day("2024-01-03"), "2024-01-02", day("2024-01-02")] }
      ],
      // Cost vectors as arrays or typed arrays.
      [{ fee_ratio: [0.001] }, { fee_ratio: Float64Array.from([0.001]) }]
    ]
    for (const group of same) {
      const hashes = group.map(hashOf)
      for (const h of hashes) assert.strictEqual(h, hashes[0], JSON.stringify(group))
    }
  })
})
