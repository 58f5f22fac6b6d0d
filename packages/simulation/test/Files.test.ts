/**
 * Positions files (long and wide CSV) and the result files: same inputs, same bytes.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, describe, it } from "vitest"
import { readPositionsFile, simulate, writeSimulationFiles } from "../src/index.ts"
import { day, fixturePanel, free } from "./helpers/fixture.ts"

const scratch = mkdtempSync(join(tmpdir(), "alphabench-simulation-files-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const file = (name: string, text: string) => {
  const path = join(scratch, name)
  writeFileSync(path, text)
  return path
}

const panel = fixturePanel({
  dates: ["2024-01-01", "2024-01-02", "2024-01-03"],
  close: { 1: [10, 10, 11], 2: [20, 20, 18] }
})

describe("readPositionsFile", () => {
  it("reads a long table", () => {
    const positions = readPositionsFile(file("long.csv", "date,security_id,weight\n2024-01-01,2,0.5\n2024-01-01,1,0.5\n"))
    assert.strictEqual(positions.kind, "long")
    const report = simulate(panel, positions, free)
    // 0.5 * 1.1 + 0.5 * 0.9 = 1
    assert.approximately(report.creturn[2]!, 1, 1e-12)
  })

  it("reads a wide table of weights or booleans, one column per security id", () => {
    const weights = readPositionsFile(file("wide.csv", "date,1,2\n2024-01-01,0.75,\n"))
    assert.strictEqual(weights.kind, "dense")
    assert.approximately(simulate(panel, weights, free).creturn[2]!, 1.075, 1e-12)
    const booleans = readPositionsFile(file("bool.csv", "date,1,2\n2024-01-01,true,false\n"))
    assert.approximately(simulate(panel, booleans, free).creturn[2]!, 1.1, 1e-12)
  })

  it("names the file, column and line of a bad cell", () => {
    assert.throws(
      () => readPositionsFile(file("bad-weight.csv", "date,security_id,weight\n2024-01-01,1,0.5\n2024-01-01,2,abc\n")),
      /bad-weight\.csv column weight line 3: got "abc", expected a number/
    )
    assert.throws(
      () => readPositionsFile(file("bad-date.csv", "date,security_id,weight\n01/02/2024,1,0.5\n")),
      /bad-date\.csv column date line 2: got "01\/02\/2024", expected a date/
    )
    assert.throws(() => readPositionsFile(file("bad-wide.csv", "date,AAPL\n2024-01-01,1\n")), /column "AAPL"/)
    assert.throws(() => readPositionsFile(join(scratch, "none.csv")), /none\.csv/)
  })
})

describe("writeSimulationFiles", () => {
  it("writes the three files, byte-identical for the same inputs, and no temporary files", () => {
    const positions = readPositionsFile(file("again.csv", "date,security_id,weight\n2024-01-01,1,1\n"))
    const a = writeSimulationFiles(join(scratch, "a"), simulate(panel, positions, { resample: "D" }))
    const b = writeSimulationFiles(join(scratch, "b"), simulate(panel, positions, { resample: "D" }))
    assert.deepStrictEqual(readdirSync(join(scratch, "a")).sort(), ["creturn.csv", "stats.json", "trades.csv"])
    for (const key of ["creturn", "trades", "stats"] as const) {
      assert.strictEqual(readFileSync(a[key], "utf8"), readFileSync(b[key], "utf8"))
    }
    const curve = readFileSync(a.creturn, "utf8").split("\n")
    assert.strictEqual(curve[0], "date,creturn,cash,costs")
    assert.strictEqual(curve[1], "2024-01-01,1,1,0")
    const stats = JSON.parse(readFileSync(a.stats, "utf8"))
    assert.strictEqual(stats.next_trading_date, "2024-01-04")
    assert.strictEqual(stats.options.resample, "D")
    assert.strictEqual(day(stats.stats.start), day("2024-01-01"))
  })

  it("writes mae_mfe_windows.csv with mae_mfe_window, joined to trades.csv by row, and removes a stale one without", () => {
    // Entry at 10 on 01-02, closes 9, 11, 8, exit at 12 on 01-08 (the book empties on 01-05).
    // Window 0: ratio 1. Window 2: ratios 1, 0.9, 1.1 -> mae -0.1, gmfe 0.1, bmfe 0 (the max
    // before the min was 1), mdd -0.1, pdays 1. Window 4: bars up to 01-08 = the whole record
    // (ratios 1, 0.9, 1.1, 0.8, 1.2): mae -0.2, gmfe 0.2, bmfe 0.1, mdd 0.8 / 1.1 - 1, pdays 2.
    const mae = fixturePanel({
      dates: ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08"],
      close: { 7: [10, 10, 9, 11, 8, 12] }
    })
    const positions = readPositionsFile(file("mae.csv", "date,security_id,weight\n2024-01-01,7,1\n2024-01-05,7,0\n"))
    const dir = join(scratch, "windows")
    const files = writeSimulationFiles(dir, simulate(mae, positions, { ...free, mae_mfe_window: 6, mae_mfe_window_step: 2 }))
    assert.deepStrictEqual(readdirSync(dir).sort(), ["creturn.csv", "mae_mfe_windows.csv", "stats.json", "trades.csv"])
    const rows = readFileSync(files.maeMfeWindows!, "utf8").trimEnd().split("\n")
    assert.strictEqual(rows[0], "trade,security_id,entry_date,window,mae,gmfe,bmfe,mdd,pdays")
    const cells = rows.slice(1).map((line) => line.split(","))
    assert.deepStrictEqual(cells.map((c) => c.slice(0, 4)), [
      ["0", "7", "2024-01-02", "0"],
      ["0", "7", "2024-01-02", "2"],
      ["0", "7", "2024-01-02", "4"]
    ])
    const metrics = cells.map((c) => c.slice(4).map(Number))
    const expected = [
      [0, 0, 0, 0, 0],
      [-0.1, 0.1, 0, -0.1, 1],
      [-0.2, 0.2, 0.1, 0.8 / 1.1 - 1, 2]
    ]
    for (let w = 0; w < 3; w++) {
      for (let m = 0; m < 5; m++) assert.approximately(metrics[w]![m]!, expected[w]![m]!, 1e-12, `window row ${w}, column ${m}`)
    }
    const trades = readFileSync(files.trades, "utf8").trimEnd().split("\n")
    assert.strictEqual(trades.length, 2)
    assert.strictEqual(trades[1]!.split(",")[1], "2024-01-02")

    const again = writeSimulationFiles(dir, simulate(mae, positions, free))
    assert.strictEqual(again.maeMfeWindows, undefined)
    assert.deepStrictEqual(readdirSync(dir).sort(), ["creturn.csv", "stats.json", "trades.csv"])
  })
})
