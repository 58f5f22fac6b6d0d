/**
 * Option decoding and input validation: defaults, canonical forms, and errors that name the
 * field, the value and what was expected.
 */
import { assert, describe, it } from "vitest"
import {
  configHash,
  decodeSimulationOptions,
  defaultSimulationOptions,
  densePositions,
  SimulationInputError,
  simulate,
  validateSimulationOptions
} from "../src/index.ts"
import { day, fixturePanel, rowsOf } from "./helpers/fixture.ts"

const errorOf = (f: () => unknown): SimulationInputError => {
  try {
    f()
  } catch (error) {
    if (error instanceof SimulationInputError) return error
    throw error
  }
  throw new Error("expected a SimulationInputError")
}

describe("decodeSimulationOptions", () => {
  it("fills Finlab's defaults", () => {
    const options = decodeSimulationOptions({})
    assert.deepStrictEqual(options, defaultSimulationOptions)
    assert.strictEqual(options.fee_ratio, 0.001425)
    assert.strictEqual(options.tax_ratio, 0.003)
    assert.strictEqual(options.stop_trading_next_period, true)
    assert.deepStrictEqual(decodeSimulationOptions(undefined), defaultSimulationOptions)
  })

  it("canonicalizes resample rules, offsets, explicit dates and off stops", () => {
    const options = decodeSimulationOptions({
      resample: "w",
      resample_offset: "-2d",
      stop_loss: 0,
      take_profit: null
    })
    assert.strictEqual(options.resample, "W-SUN")
    assert.strictEqual(options.resample_offset, -2)
    assert.strictEqual(options.stop_loss, null)
    assert.strictEqual(decodeSimulationOptions({ resample: "W-Wed" }).resample, "W-WED")
    assert.strictEqual(decodeSimulationOptions({ resample: "ME" }).resample, "M")
    assert.deepStrictEqual(
      decodeSimulationOptions({ resample: ["2024-02-01", "2024-01-01", "2024-02-01"] }).resample,
      [day("2024-01-01"), day("2024-02-01")]
    )
  })

  it("reports every bad field at once, naming value and expectation", () => {
    const result = validateSimulationOptions({
      resample: "2M",
      trade_at_price: "vwap",
      fee_ratio: -0.1,
      stop_loss: -0.05,
      mae_mfe_window_step: 0,
      stop_los: 0.1
    })
    assert.isFalse(result.ok)
    if (result.ok) return
    const fields = result.issues.map((i) => i.field).sort()
    assert.deepStrictEqual(fields, ["fee_ratio", "mae_mfe_window_step", "resample", "stop_loss", "stop_los", "trade_at_price"].sort())
    const tradeAt = result.issues.find((i) => i.field === "trade_at_price")!
    assert.strictEqual(tradeAt.value, "\"vwap\"")
    assert.include(tradeAt.expected, "open_close_avg")
    assert.match(errorOf(() => decodeSimulationOptions({ position_limit: 0 })).message, /position_limit: got 0, expected a finite number > 0/)
  })

  it("refuses an offset with resample null, which would move signals before their date", () => {
    assert.match(errorOf(() => decodeSimulationOptions({ resample_offset: "-1D" })).message, /resample_offset/)
  })

  it("hashes the decoded options stably", () => {
    const a = configHash(decodeSimulationOptions({ stop_loss: 0.1, resample: "M" }))
    const b = configHash(decodeSimulationOptions({ resample: "M", stop_loss: 0.1 }))
    const c = configHash(decodeSimulationOptions({ resample: "M", stop_loss: 0.2 }))
    assert.strictEqual(a, b)
    assert.notStrictEqual(a, c)
    assert.match(a, /^[0-9a-f]{64}$/)
  })
})

describe("input validation in simulate", () => {
  const panel = fixturePanel({ dates: ["2024-01-01", "2024-01-02"], close: { 1: [10, 10], 2: [5, 5] } })

  it("names an unknown security with a weight", () => {
    const error = errorOf(() => simulate(panel, rowsOf({ "2024-01-01": { 3: 1 } }), {}))
    assert.match(error.message, /positions row 0 security_id: got 3, expected a security of the snapshot/)
  })

  it("names a duplicate (date, security) row", () => {
    const error = errorOf(() =>
      simulate(panel, {
        kind: "long",
        date: Int32Array.from([day("2024-01-01"), day("2024-01-01")]),
        securityId: Int32Array.from([1, 1]),
        weight: Float64Array.from([0.5, 0.5])
      }, {})
    )
    assert.match(error.message, /one row per \(date, security_id\)/)
  })

  it("names a non-finite weight and unsorted dense dates", () => {
    assert.match(
      errorOf(() =>
        simulate(panel, {
          kind: "long",
          date: Int32Array.from([day("2024-01-01")]),
          securityId: Int32Array.from([1]),
          weight: Float64Array.from([Infinity])
        }, {})
      ).message,
      /positions row 0 weight: got Infinity, expected a finite number/
    )
    const unsorted = densePositions({
      dates: Int32Array.from([day("2024-01-02"), day("2024-01-01")]),
      securityIds: Int32Array.from([1]),
      weights: Float64Array.from([1, 1])
    })
    assert.match(errorOf(() => simulate(panel, unsorted, {})).message, /positions.dates\[1\]: got 2024-01-01/)
  })

  it("checks the length of per-security cost vectors against the panel", () => {
    assert.match(
      errorOf(() => simulate(panel, rowsOf({ "2024-01-01": { 1: 1 } }), { fee_ratio: [0.001, 0.001, 0.001] })).message,
      /fee_ratio: got 3 values, expected a single ratio or one per panel security \(2\)/
    )
  })

  it("names the missing panel field a price rule needs", () => {
    const closeOnly = fixturePanel({ dates: ["2024-01-01", "2024-01-02"], close: { 1: [10, 10] } })
    const stripped = { ...closeOnly, columns: { close: closeOnly.columns.close!, adj_factor: closeOnly.columns.adj_factor! } }
    assert.throws(() => simulate(stripped, rowsOf({ "2024-01-01": { 1: 1 } }), { trade_at_price: "open" }), /needs the panel field open/)
  })
})
