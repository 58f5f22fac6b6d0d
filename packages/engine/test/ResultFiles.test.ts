/** The CSV/JSON writers: spec column names, ISO dates, round-trip floats, atomic and deterministic. */
import { signalTableFromRows } from "@alphabench/contract"
import { mkdtempSync, readdirSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "vitest"
import { dailyCsv, formatNumber, runBacktest, summaryCsv, writeBacktestFiles } from "../src/index.ts"
import { randomPanel, randomSignal } from "./support/randomMarket.ts"

const panel = randomPanel({ seed: 21, nDays: 30, nSecurities: 80 })
const table = signalTableFromRows(randomSignal(panel, { seed: 22 }))
const result = runBacktest(panel, table, { mincos: 2 })

describe("result files", () => {
  it("formats numbers for a round trip", () => {
    assert.strictEqual(formatNumber(0.1 + 0.2), "0.30000000000000004")
    assert.strictEqual(formatNumber(-0), "0")
    assert.strictEqual(formatNumber(NaN), "")
    assert.strictEqual(formatNumber(1e-20), "1e-20")
  })

  it("daily.csv has the spec's columns, ISO dates, and reads back to the same doubles", () => {
    const lines = dailyCsv(result.daily).trimEnd().split("\n")
    assert.strictEqual(lines[0], "date,gross,cost,net,long,short,resid_net,turnover,n_long,n_short,cumret,drawdown,ic")
    assert.strictEqual(lines.length, result.daily.length + 1)
    assert.isAbove(result.daily.length, 10)
    lines.slice(1).forEach((line, r) => {
      const cells = line.split(",")
      assert.match(cells[0], /^\d{4}-\d{2}-\d{2}$/)
      assert.strictEqual(Date.UTC(+cells[0].slice(0, 4), +cells[0].slice(5, 7) - 1, +cells[0].slice(8)) / 864e5, result.daily.date[r])
      assert.strictEqual(Number(cells[3]), result.daily.net[r])
      assert.strictEqual(Number(cells[10]), result.daily.cumret[r])
      if (cells[12] === "") assert.isNaN(result.daily.ic[r])
      else assert.strictEqual(Number(cells[12]), result.daily.ic[r])
    })
  })

  it("summary.csv lists the groups in order", () => {
    const lines = summaryCsv(result.summary).trimEnd().split("\n")
    assert.strictEqual(
      lines[0],
      "group,days,ann_ret,ann_vol,sharpe,max_dd,turnover,hit_rate,t_stat,ic_mean,ic_ir,long_ann,short_ann,resid_sharpe,avg_n_long,avg_n_short"
    )
    assert.deepStrictEqual(lines.slice(1).map((l) => l.split(",")[0]), result.summary.map((s) => s.group))
    assert.strictEqual(Number(lines[1].split(",")[4]), result.summary[0].sharpe)
  })

  it("writes the files atomically and byte-identically for the same inputs", () => {
    const a = mkdtempSync(join(tmpdir(), "engine-files-"))
    const b = mkdtempSync(join(tmpdir(), "engine-files-"))
    writeBacktestFiles(a, result)
    writeBacktestFiles(b, runBacktest(panel, table, { mincos: 2 }))
    const names = readdirSync(a).sort()
    assert.deepStrictEqual(names, ["config.json", "daily.csv", "diagnostics.json", "fractile.csv", "summary.csv"])
    for (const name of names) assert.strictEqual(readFileSync(join(a, name), "utf8"), readFileSync(join(b, name), "utf8"), name)
    const diagnostics = JSON.parse(readFileSync(join(a, "diagnostics.json"), "utf8"))
    assert.strictEqual(diagnostics.daysHeld, result.diagnostics.daysHeld)
    assert.strictEqual(JSON.parse(readFileSync(join(a, "config.json"), "utf8")).mincos, 2)
    assert.strictEqual(readFileSync(join(a, "fractile.csv"), "utf8").split("\n")[0], "bin,ann_ret,avg_count,monotonicity")
  })
})
