import { buildRunRecord, openTracker, sequentialIds } from "@alphabench/tracking"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { runCli } from "./support/runCli.ts"

const scratch = mkdtempSync(join(tmpdir(), "alphabench-cli-runs-"))
const store = join(scratch, "mlruns")
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const run = (args: ReadonlyArray<string>) => runCli(args, { env: { MLFLOW_TRACKING_URI: `file:${store}` } })

beforeAll(async () => {
  const tracker = openTracker(`file:${store}`, { ids: sequentialIds(), user: "ana", onWarning: () => undefined })
  let start = Date.UTC(2026, 0, 5, 9, 0)
  const seeds = [["mom_12_1", 1.31, "B"], ["mom_12_1", 0.82, "C"], ["value_bm", 2.05, "A"]] as const
  for (const [signal, sharpe, grade] of seeds) {
    await tracker.logRun(buildRunRecord({
      experiment: "signals",
      signalName: signal,
      config: { lag: signal === "value_bm" ? 5 : 1 },
      metrics: { sharpe, lag1_industry: { sharpe: sharpe / 2 } },
      grade,
      startTime: (start += 3_600_000),
      endTime: start + 60_000
    }))
  }
})

describe("alphabench runs", () => {
  it("lists runs of a signal sorted by a metric, as a table", async () => {
    const { code, stdout } = await run(["runs", "list", "--signal", "mom_12_1", "--sort", "sharpe"])
    assert.strictEqual(code, 0)
    const lines = stdout.trimEnd().split("\n")
    assert.match(lines[0]!, /^RUN\s+STARTED \(UTC\)\s+EXPERIMENT\s+NAME\s+SIGNAL\s+STATUS\s+GRADE\s+VERDICT\s+sharpe$/)
    // sequentialIds: the first seeded run is ...001 (sharpe 1.31), the second ...002 (0.82).
    assert.match(lines[1]!, /^000000000000\s+2026-01-05 10:00\s+signals\s+mom_12_1\s+mom_12_1\s+FINISHED\s+B\s+1\.310$/)
    assert.match(lines[2]!, /^000000000000\s+2026-01-05 11:00\s+signals\s+mom_12_1\s+mom_12_1\s+FINISHED\s+C\s+0\.820$/)
    assert.strictEqual(lines[3], `2 runs in file:${store}`)
  })

  it("prints JSON with --json", async () => {
    const { code, stdout } = await run(["runs", "list", "--experiment", "signals", "--json"])
    assert.strictEqual(code, 0)
    const parsed = JSON.parse(stdout) as { tracking: string; runs: Array<{ runId: string; signal: string; metrics: Record<string, number>; params: Record<string, string> }> }
    assert.strictEqual(parsed.tracking, `file:${store}`)
    assert.deepStrictEqual(parsed.runs.map((r) => r.signal), ["value_bm", "mom_12_1", "mom_12_1"])
    assert.deepStrictEqual(parsed.runs[0]!.metrics, { "lag1_industry.sharpe": 1.025, sharpe: 2.05 })
    assert.deepStrictEqual(parsed.runs[0]!.params, { lag: "5" })
  })

  it("compares two runs", async () => {
    const a = "00000000000000000000000000000001"
    const b = "00000000000000000000000000000003"
    const { code, stdout } = await run(["runs", "compare", a, b, "--tracking", store])
    assert.strictEqual(code, 0)
    // sharpe: 2.05 - 1.31 = 0.74; lag1_industry.sharpe: 1.025 - 0.655 = 0.37 (3 decimals: the largest
    // value of the row is above 1); lag 1 -> 5.
    assert.match(stdout, /^sharpe\s+1\.310\s+2\.050\s+\+0\.740$/m)
    assert.match(stdout, /^lag1_industry\.sharpe\s+0\.655\s+1\.025\s+\+0\.370$/m)
    assert.match(stdout, /^lag\s+1\s+5$/m)
    assert.match(stdout, /^signal_name\s+mom_12_1\s+value_bm$/m)
  })

  it("reports bad input once, with exit code 2", async () => {
    const unknown = await run(["runs", "list", "--experiment", "nope"])
    assert.strictEqual(unknown.code, 2)
    assert.strictEqual(unknown.stderr, `alphabench: no experiment named 'nope' in file:${store}\n`)
    const badUri = await run(["runs", "compare", "abcd", "ef01", "--tracking", "s3://bucket/mlruns"])
    assert.strictEqual(badUri.code, 2)
    assert.include(badUri.stderr, "unsupported scheme 's3:'")
  })
})
