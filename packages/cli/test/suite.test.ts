import { createSnapshot, loadPanel, signalPath } from "@alphabench/catalog"
import { checkSignalFile } from "@alphabench/contract"
import { decodeBacktestConfig } from "@alphabench/engine"
import { formatSuiteJson, resolveSuiteOptions, runSuite, suiteFields, suiteSummaryCsv } from "@alphabench/suite"
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { runCli } from "./support/runCli.ts"

const scratch = mkdtempSync(join(tmpdir(), "alphabench-cli-suite-"))
const root = join(scratch, "snapshots")
const ID = "2024-03-01-v1"
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const run = (args: ReadonlyArray<string>) => runCli(args, { env: { ALPHABENCH_SNAPSHOTS: root } })

beforeAll(async () => {
  await createSnapshot(root, { synthetic: { preset: "small" } }, { now: new Date("2024-03-01T12:00:00Z") })
})

describe.concurrent("alphabench suite", () => {
  it("writes the library's suite.json and summary.csv byte for byte, shows progress and prints the verdict", async () => {
    const out = join(scratch, "demo")
    const { code, stdout, stderr } = await run(["suite", "--snapshot", "latest", "--signal", "demo_alpha", "--out", out, "--workers", "2", "--carry", "1"])
    assert.strictEqual(code, 0, stderr)
    assert.deepStrictEqual(readdirSync(out).sort(), ["suite.json", "summary.csv"])
    // 6 configs + 3 baselines + 24 decay cells, one stderr line each (not a terminal).
    assert.match(stderr, /^suite: 1\/33 cells \(/m)
    assert.match(stderr, /^suite: 33\/33 cells \(/m)

    const options = { base: decodeBacktestConfig({ carry: 1 }), workers: 1, snapshotsRoot: root, decay: true }
    const panel = await loadPanel(root, ID, { fields: suiteFields(resolveSuiteOptions(options)) })
    const signal = checkSignalFile(signalPath(root, ID, "demo_alpha"), { id: ID, calendar: panel.dates, securityIds: panel.securityIds }).validation.table!
    const result = await runSuite(panel, signal, options)
    assert.strictEqual(readFileSync(join(out, "suite.json"), "utf8"), formatSuiteJson(result))
    assert.strictEqual(readFileSync(join(out, "summary.csv"), "utf8"), suiteSummaryCsv(result))
    assert.match(stdout, new RegExp(`^verdict: ${result.verdict.color.toUpperCase()}$`, "m"))
    assert.match(stdout, new RegExp(`^grade ${result.grade}, score ${result.score.total.toFixed(1)}$`, "m"))
    for (const reason of result.verdict.reasons) assert.include(stdout, `  - ${reason}\n`)
    assert.match(stdout, /^ {2}base: carry 1, weight equal, fractile 10\/90, from the close, mincos 10, 5 bps, universe all$/m)
    const s = result.significance
    assert.isNotNull(s.pbo)
    assert.include(
      stdout,
      `probability of backtest overfitting: ${(100 * s.pbo!).toFixed(2)}% over 6 configs, 12870 splits of ${s.pbo_periods} days (coarse with so few configs)\n`
    )
  })

  it("passes every base-config flag through to the library", async () => {
    const out = join(scratch, "base")
    const { code, stdout, stderr } = await run([
      "suite", "--snapshot", ID, "--signal", "demo_alpha", "--out", out, "--lags", "0,1", "--residualize", "off,industry",
      "--baselines", "value", "--no-decay", "--workers", "1", "--carry", "2", "--mincos", "5", "--tc-bps", "7.5", "--weight", "cap",
      "--fractile", "20,80", "--universe", "in", "--start", "2023-02-01", "--end", "2023-11-30", "--from-open"
    ])
    assert.strictEqual(code, 0, stderr)
    const base = decodeBacktestConfig({
      carry: 2, mincos: 5, tc_bps: 7.5, weight: "cap", fractile: [20, 80], universe: "in", start: "2023-02-01", end: "2023-11-30", from_open: true
    })
    const options = { base, lags: [0, 1], residualize: ["off", "industry"] as const, baselines: ["value"], decay: false, workers: 1, snapshotsRoot: root }
    const panel = await loadPanel(root, ID, { fields: suiteFields(resolveSuiteOptions(options)) })
    const signal = checkSignalFile(signalPath(root, ID, "demo_alpha"), { id: ID, calendar: panel.dates, securityIds: panel.securityIds }).validation.table!
    const result = await runSuite(panel, signal, options)
    assert.strictEqual(readFileSync(join(out, "suite.json"), "utf8"), formatSuiteJson(result))
    assert.match(stdout, /^ {2}base: carry 2, weight cap, fractile 20\/80, from the open, mincos 5, 7\.5 bps, universe in/m)
    // The window reached the engine: no daily row outside it.
    const days = result.configs.lag0_off!.daily.date
    assert.isTrue(days.length > 100 && days[0]! >= Date.parse("2023-02-01") / 86_400_000 && days[days.length - 1]! <= Date.parse("2023-11-30") / 86_400_000)
  })

  it("exits 2 with one message for bad grid flags", async () => {
    const out = join(scratch, "bad")
    const lags = await run(["suite", "--snapshot", ID, "--signal", "noise", "--out", out, "--lags", "0,x"])
    assert.strictEqual(lags.code, 2)
    assert.strictEqual(lags.stderr, "alphabench: invalid --lags '0,x': expected a comma list of integers >= 0 such as 0,1,2\n")
    const both = await run(["suite", "--snapshot", ID, "--signal", "noise", "--out", out, "--no-baselines", "--baselines", "value"])
    assert.strictEqual(both.code, 2)
    assert.strictEqual(both.stderr, "alphabench: --baselines and --no-baselines exclude each other\n")
    const unknown = await run(["suite", "--snapshot", ID, "--signal", "noise", "--out", out, "--baselines", "value,carry", "--residualize", "industry"])
    assert.strictEqual(unknown.code, 2)
    assert.match(unknown.stderr, /^alphabench: invalid --residualize \["industry"\]: expected a list that includes off .*; invalid --baselines \["value","carry"\]: expected a list of distinct baseline names among reversal_5d, momentum_12_1, value\n$/)
  })

  it("runs a narrow grid without baselines or decay and reports the noise signal red", async () => {
    const out = join(scratch, "noise")
    const { code, stdout, stderr } = await run([
      "suite", "--snapshot", ID, "--signal", "noise", "--out", out, "--lags", "0,1", "--residualize", "off", "--no-baselines", "--no-decay", "--workers", "1", "--json"
    ])
    assert.strictEqual(code, 0, stderr)
    const json = JSON.parse(stdout)
    assert.strictEqual(json.verdict.color, "red")
    assert.strictEqual(json.reference, "lag0_off")
    const suite = JSON.parse(readFileSync(join(out, "suite.json"), "utf8"))
    assert.deepStrictEqual(Object.keys(suite.configs), ["lag0_off", "lag1_off"])
    assert.deepStrictEqual(suite.baselines, {})
    assert.isNull(suite.decay)
    assert.include(suite.score.notes, "lag2_off is not in the grid; lag1_off stands in for it")
    assert.strictEqual(readFileSync(join(out, "summary.csv"), "utf8").trimEnd().split("\n").length, 3)
  })
})
