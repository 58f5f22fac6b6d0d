/**
 * Positions from an aligned signal: selection, weights, and the timing that makes a row usable
 * from its aligned trade day, executed on that day (no look-ahead, no extra lag).
 */
import { assert, describe, it } from "vitest"
import { alignSignal, signalTableFromRows } from "@alphabench/contract"
import { type LongPositions, positionsFromSignal, simulate, tradeRows } from "../src/index.ts"
import { day, fixturePanel, free } from "./helpers/fixture.ts"

const dates = ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"]
const flat = [10, 10, 10, 10, 10]
const panel = fixturePanel({
  dates,
  close: { 1: flat, 2: flat, 3: flat, 4: flat, 5: [10, 10, 10, 11, 11] },
  inUniverse: { 1: [1, 1, 1, 1, 1], 2: [1, 1, 1, 1, 1], 3: [1, 1, 0, 1, 1], 4: [1, 1, 1, 1, 1], 5: [1, 1, 1, 1, 1] }
})

/** One cross-section of signal values on `sig`, available on `avail`. */
const aligned = (sig: string, avail: string, values: Record<number, number>) =>
  alignSignal(
    signalTableFromRows(Object.entries(values).map(([id, signal]) => ({
      securityId: Number(id),
      dateSig: day(sig),
      dateAvail: day(avail),
      signal
    }))),
    panel.dates,
    panel.securityIds
  )

const rowsOf = (positions: LongPositions) =>
  Array.from({ length: positions.date.length }, (_, i) => [positions.date[i]!, positions.securityId[i]!, positions.weight[i]!])

describe("positionsFromSignal", () => {
  const signal = aligned("2024-01-02", "2024-01-03", { 1: 0.1, 2: 0.5, 3: 0.9, 4: -0.7, 5: 0.3 })

  it("dates a trade day's row on the bar before it, so it executes on the trade day", () => {
    // date_avail 01-03 -> trade day 01-03 -> row dated 01-02 -> executes 01-03 at the close.
    const positions = positionsFromSignal(panel, signal, { method: "top_n", n: 2 })
    // Equal weights as whole numbers: normalized, each is exactly 1 / 2.
    assert.deepStrictEqual(rowsOf(positions), [[day("2024-01-02"), 2, 1], [day("2024-01-02"), 3, 1]])
    const report = simulate(panel, positions, free)
    assert.deepStrictEqual(tradeRows(report.trades).map((t) => [t.entry_date, t.position]), [["2024-01-03", 0.5], ["2024-01-03", 0.5]])
  })

  it("skips a name without a price on its trade day and takes the next best", () => {
    // Name 3 (the best, 0.9) has no close on the trade day 01-03: top 2 are then 2 (0.5) and 5 (0.3).
    const halted = fixturePanel({ dates, close: { 1: flat, 2: flat, 3: [10, 10, NaN, 10, 10], 4: flat, 5: flat } })
    const positions = positionsFromSignal(halted, signal, { method: "top_n", n: 2 })
    assert.deepStrictEqual(rowsOf(positions), [[day("2024-01-02"), 2, 1], [day("2024-01-02"), 5, 1]])
    // A trade day whose only name has no price makes an empty row: the book is emptied, not kept.
    const alone = aligned("2024-01-02", "2024-01-03", { 3: 0.9 })
    assert.deepStrictEqual(rowsOf(positionsFromSignal(halted, alone, { method: "top_n", n: 1 })), [[day("2024-01-02"), 1, 0]])
  })

  it("never trades before date_avail: a later availability moves the entry", () => {
    const late = aligned("2024-01-02", "2024-01-04", { 1: 0.1, 2: 0.5 })
    const report = simulate(panel, positionsFromSignal(panel, late, { method: "top_n", n: 1 }), free)
    assert.strictEqual(tradeRows(report.trades)[0]!.entry_date, "2024-01-04")
  })

  it("shorts the lowest values, and splits the book between sides with both", () => {
    assert.deepStrictEqual(rowsOf(positionsFromSignal(panel, signal, { method: "top_n", n: 2, side: "short" })).map((r) => [r[1], r[2]]), [
      [1, -1],
      [4, -1]
    ])
    // Top 2 long (3, 2) and bottom 2 short (4, 1): each long weighs the number of shorts, each
    // short minus the number of longs, so normalized every name is 1 / 4 of the book.
    const both = positionsFromSignal(panel, signal, { method: "top_n", n: 2, side: "both" })
    assert.deepStrictEqual(rowsOf(both).map((r) => [r[1], r[2]]), [[1, -2], [2, 2], [3, 2], [4, -2]])
    assert.deepStrictEqual(tradeRows(simulate(panel, both, free).trades).map((t) => t.position), [-0.25, 0.25, 0.25, -0.25])
  })

  it("weights by |signal| within a side", () => {
    // Top 2: 0.9 and 0.5 -> 0.9 / 1.4 and 0.5 / 1.4.
    const rows = rowsOf(positionsFromSignal(panel, signal, { method: "top_n", n: 2, weight: "signal" }))
    assert.approximately(rows[0]![2]!, 0.5 / 1.4, 1e-15)
    assert.approximately(rows[1]![2]!, 0.9 / 1.4, 1e-15)
  })

  it("keeps only names in the universe on the trade day with universe: in", () => {
    // Name 3 is out of the universe on 01-03: the top 2 become 2 and 5.
    const rows = rowsOf(positionsFromSignal(panel, signal, { method: "top_n", n: 2, universe: "in" }))
    assert.deepStrictEqual(rows.map((r) => r[1]), [2, 5])
  })

  it("fractile uses the engine's rank rule: q = (r - 0.5) / m, long above hi, short below lo", () => {
    // m = 5: q = 0.1, 0.3, 0.5, 0.7, 0.9 for ranks 1..5 (4, 1, 5, 2, 3 by value).
    // [20, 80]: long q > 0.8 -> name 3; short q < 0.2 -> name 4.
    const rows = rowsOf(positionsFromSignal(panel, signal, { method: "fractile", fractile: [20, 80], side: "both" }))
    assert.deepStrictEqual(rows.map((r) => [r[1], r[2]]), [[3, 1], [4, -1]])
  })

  it("breaks ties by security id and refuses a bad n", () => {
    const tied = aligned("2024-01-02", "2024-01-02", { 1: 1, 2: 1, 3: 1 })
    assert.deepStrictEqual(rowsOf(positionsFromSignal(panel, tied, { method: "top_n", n: 2 })).map((r) => r[1]), [1, 2])
    assert.throws(() => positionsFromSignal(panel, tied, { method: "top_n", n: 0 }), /n: got 0, expected an integer >= 1/)
  })
})
