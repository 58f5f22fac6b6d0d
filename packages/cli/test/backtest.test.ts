import { createSnapshot, loadPanel, signalPath } from "@alphabench/catalog"
import { checkSignalFile } from "@alphabench/contract"
import { backtestFields, dailyCsv, diagnosticsJson, fractileCsv, runBacktest, summaryCsv } from "@alphabench/engine"
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { runCli } from "./support/runCli.ts"

const scratch = mkdtempSync(join(tmpdir(), "alphabench-cli-backtest-"))
const root = join(scratch, "snapshots")
const ID = "2024-03-01-v1"
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const run = (args: ReadonlyArray<string>) => runCli(args, { env: { ALPHABENCH_SNAPSHOTS: root } })

beforeAll(async () => {
  await createSnapshot(root, { synthetic: { preset: "small" } }, { now: new Date("2024-03-01T12:00:00Z") })
})

/** The library's result for the same inputs, to compare the command's files with. */
const expected = async (config: Record<string, unknown>) => {
  const panel = await loadPanel(root, ID, { fields: backtestFields(config) })
  const path = signalPath(root, ID, "demo_alpha")
  const table = checkSignalFile(path, { id: ID, calendar: panel.dates, securityIds: panel.securityIds }, { lag: Number(config.lag ?? 0) }).validation.table!
  return runBacktest(panel, table, config)
}

describe.concurrent("alphabench backtest", () => {
  it("runs the reference config on an example signal, writes the files and prints the summary", async () => {
    const out = join(scratch, "reference")
    const { code, stdout, stderr } = await run(["backtest", "--snapshot", "latest", "--signal", "demo_alpha", "--out", out])
    assert.strictEqual(code, 0, stderr)
    assert.deepStrictEqual(readdirSync(out).sort(), ["config.json", "daily.csv", "diagnostics.json", "fractile.csv", "summary.csv"])
    const result = await expected({})
    assert.strictEqual(readFileSync(join(out, "daily.csv"), "utf8"), dailyCsv(result.daily))
    assert.strictEqual(readFileSync(join(out, "summary.csv"), "utf8"), summaryCsv(result.summary))
    assert.strictEqual(readFileSync(join(out, "fractile.csv"), "utf8"), fractileCsv(result.fractile))
    assert.strictEqual(readFileSync(join(out, "diagnostics.json"), "utf8"), diagnosticsJson(result.diagnostics))
    assert.match(stdout, new RegExp(`^backtest of .*demo_alpha\\.parquet on snapshot ${ID}$`, "m"))
    assert.match(stdout, /^ {2}lag 0, carry 0, residualize off, weight equal, fractile 10\/90, from the close, mincos 10, 5 bps, universe all$/m)
    assert.match(stdout, new RegExp(`^overall +${result.summary[0].days} +${result.summary[0].sharpe.toFixed(2)} `, "m"))
  })

  it("passes every config flag through", async () => {
    const out = join(scratch, "flags")
    const args = [
      "backtest", "--snapshot", ID, "--signal", signalPath(root, ID, "demo_alpha"), "--out", out,
      "--lag", "1", "--carry", "2", "--residualize", "industry", "--weight", "cap", "--fractile", "20,80",
      "--from-open", "--mincos", "3", "--tc-bps", "7.5", "--universe", "in", "--groups", "overall,year", "--json"
    ]
    const { code, stdout, stderr } = await run(args)
    assert.strictEqual(code, 0, stderr)
    const json = JSON.parse(stdout)
    const config = {
      lag: 1, carry: 2, residualize: "industry", weight: "cap", fractile: [20, 80], from_open: true, mincos: 3,
      tc_model: "naive", tc_bps: 7.5, universe: "in", start: null, end: null, groups: ["overall", "year"]
    }
    assert.deepStrictEqual(json.config, config)
    assert.deepStrictEqual(JSON.parse(readFileSync(join(out, "config.json"), "utf8")), config)
    const result = await expected(config)
    assert.deepStrictEqual(json.summary, result.summary)
    assert.strictEqual(readFileSync(join(out, "daily.csv"), "utf8"), dailyCsv(result.daily))
  })

  it("--start and --end cut the days traded, and the files equal the library's for that window", async () => {
    const out = join(scratch, "window")
    const { code, stderr } = await run([
      "backtest", "--snapshot", ID, "--signal", "demo_alpha", "--out", out, "--start", "2023-03-01", "--end", "2023-06-30", "--tc-model", "naive"
    ])
    assert.strictEqual(code, 0, stderr)
    const result = await expected({ start: "2023-03-01", end: "2023-06-30", tc_model: "naive" })
    const daily = readFileSync(join(out, "daily.csv"), "utf8")
    assert.strictEqual(daily, dailyCsv(result.daily))
    const dates = daily.trimEnd().split("\n").slice(1).map((line) => line.split(",")[0]!)
    assert.isAbove(dates.length, 60)
    assert.isTrue(dates[0]! >= "2023-03-01", dates[0])
    assert.isTrue(dates[dates.length - 1]! <= "2023-06-30", dates[dates.length - 1])
    assert.strictEqual(readFileSync(join(out, "fractile.csv"), "utf8"), fractileCsv(result.fractile))
  })

  it("exits 2 with one message for a bad flag value", async () => {
    const out = join(scratch, "bad")
    const badBps = await run(["backtest", "--snapshot", ID, "--signal", "demo_alpha", "--out", out, "--tc-bps", "-1"])
    assert.strictEqual(badBps.code, 2)
    assert.strictEqual(badBps.stderr, "alphabench: invalid --tc-bps '-1': expected a finite number >= 0 (basis points)\n")
    const badFractile = await run(["backtest", "--snapshot", ID, "--signal", "demo_alpha", "--out", out, "--fractile", "90,10"])
    assert.strictEqual(badFractile.code, 2)
    assert.match(badFractile.stderr, /invalid --fractile '90,10': expected \[lo, hi\] with 0 <= lo < hi <= 100/)
    const badMode = await run(["backtest", "--snapshot", ID, "--signal", "demo_alpha", "--out", out, "--residualize", "sector"])
    assert.strictEqual(badMode.code, 2)
  })

  it("exits 2 for an invalid signal file, an unknown example signal or snapshot", async () => {
    const path = join(scratch, "bad.csv")
    writeFileSync(path, "security_id,date_sig,date_avail,signal\n1,2000-01-03,2000-01-03,NaN\n")
    const bad = await run(["backtest", "--snapshot", ID, "--signal", path, "--out", join(scratch, "x")])
    assert.strictEqual(bad.code, 2)
    assert.match(bad.stderr, /is not a valid signal file/)
    assert.match(bad.stderr, /INVALID/)
    const unknown = await run(["backtest", "--snapshot", ID, "--signal", "alpha9", "--out", join(scratch, "x")])
    assert.strictEqual(unknown.code, 2)
    assert.match(unknown.stderr, /has no example signal "alpha9"/)
    const noSnapshot = await run(["backtest", "--snapshot", "2020-01-01-v9", "--signal", "demo_alpha", "--out", join(scratch, "x")])
    assert.strictEqual(noSnapshot.code, 2)
  })
})
