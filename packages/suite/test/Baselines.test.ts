/** The built-in baselines on tiny hand-made panels (spec/suite.md, "Baselines"). */
import { alignSignal } from "@alphabench/contract"
import { assert, describe, it } from "vitest"
import {
  alignedBaseline,
  baselineNames,
  baselineSignalTable,
  checkBaselineNames,
  momentum12_1Values,
  registerBaseline,
  reversal5dValues,
  unregisterBaseline,
  valueBaselineValues
} from "../src/index.ts"
import { assertClose, day, gridOf, tinyPanel, weekdays } from "./support/tiny.ts"

// Wed 3 .. Thu 11 January 2024, skipping the weekend of the 6th and 7th.
const dates = ["2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09", "2024-01-10", "2024-01-11"]
const ids = [10, 20, 30]
const panel = tinyPanel(dates, ids, {
  ret: [
    [0.01, 0.01, 0.02],
    [0.02, null, 0.02],
    [-0.01, 0.02, 0.02],
    [0.03, 0.01, 0.02],
    [0.0, 0.01, 0.02],
    [0.05, 0.01, 0.02],
    [0.01, 0.01, 0.02]
  ],
  value: gridOf(7, 3, (d, s) => (s === 0 ? 0.5 : s === 1 ? (d === 2 ? null : -1.25) : 0.75)),
  // Security 30 is never in the universe: baselines ignore the universe.
  in_universe: gridOf(7, 3, (_d, s) => (s === 2 ? 0 : 1))
})
const cell = (values: Float64Array, d: number, s: number) => values[d * 3 + s]

describe("reversal_5d", () => {
  const values = reversal5dValues(panel)

  it("is minus the 5-day compounded return, oldest first", () => {
    // d = 4, security 10: 1.01 * 1.02 = 1.0302; * 0.99 = 1.019898; * 1.03 = 1.05049494; * 1.00.
    assertClose(cell(values, 4, 0), -0.05049494, "d4 s10")
    assert.strictEqual(cell(values, 4, 0), -((((1.01 * 1.02) * 0.99) * 1.03) * 1.0 - 1), "oldest-first fold")
    // d = 5, security 10: 1.02 * 0.99 = 1.0098; * 1.03 = 1.040094; * 1.00; * 1.05 = 1.0920987.
    assertClose(cell(values, 5, 0), -0.0920987, "d5 s10")
    // Security 30 (never in the universe): 1.02^5 = 1.1040808032.
    assertClose(cell(values, 4, 2), -0.1040808032, "d4 s30")
  })

  it("needs every return of the window and a full window", () => {
    for (let d = 0; d < 4; d++) for (let s = 0; s < 3; s++) assert.isNaN(cell(values, d, s), `d${d} s${s}`)
    // Security 20 misses day 1, which is in the windows of days 4 (0..4) and 5 (1..5).
    assert.isNaN(cell(values, 4, 1))
    assert.isNaN(cell(values, 5, 1))
  })

  it("becomes a signal table with date_avail the next trading day and no row on the last day", () => {
    const table = baselineSignalTable(panel, values)
    // Rows: d4 {10, 30}, d5 {10, 30}; day 6 (the last) has none though its window is complete.
    assert.deepStrictEqual(Array.from(table.securityId), [10, 30, 10, 30])
    assert.deepStrictEqual(Array.from(table.dateSig), [day("2024-01-09"), day("2024-01-09"), day("2024-01-10"), day("2024-01-10")])
    assert.deepStrictEqual(Array.from(table.dateAvail), [day("2024-01-10"), day("2024-01-10"), day("2024-01-11"), day("2024-01-11")])
    assert.deepStrictEqual(Array.from(table.signal), [cell(values, 4, 0), cell(values, 4, 2), cell(values, 5, 0), cell(values, 5, 2)])
  })
})

describe("value", () => {
  it("is the value exposure on d, available the next trading day (Friday -> Monday)", () => {
    const values = valueBaselineValues(panel)
    const table = baselineSignalTable(panel, values)
    // Days 0..5 (not the last), 3 names a day except day 2 where security 20 has no exposure: 17 rows.
    assert.strictEqual(table.length, 17)
    const friday = Array.from({ length: table.length }, (_, i) => i).filter((i) => table.dateSig[i] === day("2024-01-05"))
    assert.deepStrictEqual(friday.map((i) => table.securityId[i]), [10, 30])
    assert.deepStrictEqual(friday.map((i) => table.dateAvail[i]), [day("2024-01-08"), day("2024-01-08")])
    assert.deepStrictEqual(friday.map((i) => table.signal[i]), [0.5, 0.75])
    assert.isFalse(Array.from(table.dateSig).includes(day("2024-01-11")), "no row on the last calendar day")
  })
})

describe("momentum_12_1", () => {
  // 254 weekdays. Security 1: 0.001 on days 1..231, 0.5 elsewhere, so only the window
  // d - 251 .. d - 21 can give exactly 1.001^231 - 1 on d = 252. Security 2: a hole on day 100.
  const n = 254
  const cal = weekdays("2020-01-01", n)
  const p = tinyPanel(cal, [1, 2], {
    ret: gridOf(n, 2, (d, s) => (s === 1 ? (d === 100 ? null : 0.001) : d >= 1 && d <= 231 ? 0.001 : 0.5))
  })
  const values = momentum12_1Values(p)

  it("compounds ret[d-251] .. ret[d-21] oldest first", () => {
    let fold = 1
    for (let k = 1; k <= 231; k++) fold *= 1.001
    assert.strictEqual(values[252 * 2], fold - 1)
    // 1.001^231 = exp(231 ln 1.001) = exp(0.23088457) = 1.2597085...
    assertClose(values[252 * 2], Math.pow(1.001, 231) - 1, "d252", 1e-12)
    // d = 251 reaches back to day 0 (0.5): 1.5 * 1.001^230 - 1.
    assertClose(values[251 * 2], 1.5 * Math.pow(1.001, 230) - 1, "d251", 1e-12)
  })

  it("has no value before a full year, with a hole in the window, or on the last day", () => {
    for (let d = 0; d < 251; d++) assert.isNaN(values[d * 2], `d${d}`)
    assert.isNaN(values[253 * 2], "last day")
    assert.isNaN(values[251 * 2 + 1])
    assert.isNaN(values[252 * 2 + 1])
    assert.strictEqual(baselineSignalTable(p, values).length, 2)
  })
})

describe("alignedBaseline", () => {
  it("is exactly alignSignal of the baseline's signal table, for several lags", () => {
    for (const values of [reversal5dValues(panel), valueBaselineValues(panel)]) {
      const table = baselineSignalTable(panel, values)
      for (const lag of [0, 1, 2, 6]) {
        const expected = alignSignal(table, panel.dates, panel.securityIds, { lag })
        const got = alignedBaseline(panel, values, lag, lag === 1)
        assert.deepStrictEqual(
          { ...got, dayOffsets: Array.from(got.dayOffsets), day: Array.from(got.day), security: Array.from(got.security), value: Array.from(got.value), dateSig: Array.from(got.dateSig) },
          { ...expected, dayOffsets: Array.from(expected.dayOffsets), day: Array.from(expected.day), security: Array.from(expected.security), value: Array.from(expected.value), dateSig: Array.from(expected.dateSig) },
          `lag ${lag}`
        )
      }
    }
  })
})

describe("registerBaseline", () => {
  it("adds a user baseline by name and refuses bad or built-in names", () => {
    assert.throws(() => registerBaseline("Bad Name", () => baselineSignalTable(panel, valueBaselineValues(panel))), /invalid baseline name/)
    assert.throws(() => registerBaseline("value", () => baselineSignalTable(panel, valueBaselineValues(panel))), /built in/)
    registerBaseline("my_value", (p) => baselineSignalTable(p, valueBaselineValues(p)))
    try {
      assert.deepStrictEqual(baselineNames(), ["reversal_5d", "momentum_12_1", "value", "my_value"])
      checkBaselineNames(["my_value", "value"])
    } finally {
      assert.isTrue(unregisterBaseline("my_value"))
    }
    assert.throws(() => checkBaselineNames(["my_value"]), /unknown baseline "my_value" \(known: reversal_5d, momentum_12_1, value\)/)
  })
})
