/**
 * `alphabench run`, `check` and `schedule` through the real binary (./alphabench as a child
 * process), each in its own temporary folder: workflows/demo.yaml end to end (the snapshot
 * created on the way, the tear sheet on disk, the run read back from the tracking store), a
 * failing run among good ones (non-zero exit, after the others ran), the checker's exit codes,
 * and one scheduled run.
 */
import { openTracker } from "@alphabench/tracking"
import { execFile, spawn } from "node:child_process"
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, assert, describe, it } from "vitest"

const repo = fileURLToPath(new URL("../../../", import.meta.url))
const alphabench = join(repo, "alphabench")
const scratch = mkdtempSync(join(tmpdir(), "alphabench-cli-run-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const cli = (args: ReadonlyArray<string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const env = { ...process.env }
    delete env.ALPHABENCH_SNAPSHOTS
    delete env.MLFLOW_TRACKING_URI
    execFile(alphabench, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr })
    })
  })

const folder = (name: string): string => {
  const dir = join(scratch, name)
  mkdirSync(join(dir, "workflows"), { recursive: true })
  return dir
}

/** A fast workflow on a small synthetic market (made on first use). */
const tinyWorkflow = (name: string, signal: string, extra = ""): string => `name: ${name}
${extra}snapshot: { synthetic: { preset: small, seed: 4, parameters: { days: 60, securities: 80, signal_names: 80 } } }
signal: ${signal}
stages:
  validate: {}
  load: {}
  backtest: { grid: { lags: [0, 1], residualize: [off] }, decay: false, mincos: 3, workers: 1 }
  score: { baselines: [value] }
  report: { out: ../artifacts }
  log: { tracking: ../mlruns, experiment: tests }
`

describe.concurrent("alphabench run", () => {
  it("runs workflows/demo.yaml end to end: snapshot created, tear sheet written, run tracked", async () => {
    const dir = folder("demo")
    copyFileSync(join(repo, "workflows", "demo.yaml"), join(dir, "workflows", "demo.yaml"))
    const { code, stdout, stderr } = await cli(["run", "workflows/demo.yaml", "--snapshots", join(dir, "snapshots")], dir)
    assert.strictEqual(code, 0, stderr)
    assert.match(stderr, /^ {2}snapshot +ok .*\(created\): 250 days .*500 securities$/m)
    assert.match(stderr, /^ {2}backtest +ok .*6 configs, 3 baselines, 33 cells/m)
    // Grid progress on a terminal that is not a TTY: a line at most every second, and the last one.
    assert.match(stderr, /^ {2}backtest +33\/33 cells \(.+\)$/m)
    const cellLines = stderr.match(/^ {2}backtest +\d+\/33 cells/gm) ?? []
    assert.isAtLeast(cellLines.length, 1)
    assert.isAtMost(cellLines.length, 10)
    assert.match(stderr, /^1 run, 1 ok, 0 failed$/m)
    const verdict = /^demo-alpha\/demo_alpha: (GREEN|YELLOW|RED) \(grade ([A-F]), score (\d+\.\d)\)$/m.exec(stdout)
    assert.isNotNull(verdict, stdout)
    // The same inputs give the same verdict: the planted alpha of the default small market
    // (seed 4) is green there; a sign, lag or cost regression would turn it yellow or red.
    assert.strictEqual(verdict![1], "GREEN", stdout)
    const tearsheet = /^ {2}tear sheet {4}(.+)$/m.exec(stdout)![1]!
    assert.match(tearsheet, /^artifacts\/demo-alpha\/demo_alpha\/\d{8}T\d{6}Z-[0-9a-f]{8}\/tearsheet\.html$/)
    const html = readFileSync(join(dir, tearsheet), "utf8")
    assert.match(html, /^<!doctype html>/i)
    assert.include(html, "demo_alpha")
    for (const name of ["suite.json", "summary.csv", "daily.parquet", "trades.csv", "creturn.csv", "mae_mfe_windows.csv"]) {
      assert.isTrue(existsSync(join(dir, tearsheet, "..", name)), name)
    }
    // demo.yaml asks for MAE/MFE windows 0, 5, 10, 15: four rows per trade, joined by row number.
    const trades = readFileSync(join(dir, tearsheet, "..", "trades.csv"), "utf8").trimEnd().split("\n").slice(1)
    const windows = readFileSync(join(dir, tearsheet, "..", "mae_mfe_windows.csv"), "utf8").trimEnd().split("\n")
    assert.strictEqual(windows[0], "trade,security_id,entry_date,window,mae,gmfe,bmfe,mdd,pdays")
    assert.strictEqual(windows.length - 1, trades.length * 4)
    for (const row of [windows[1]!, windows[windows.length - 1]!]) {
      const [trade, security, entry] = row.split(",")
      assert.deepStrictEqual(trades[Number(trade)]!.split(",").slice(0, 2), [security, entry], row)
    }
    assert.deepStrictEqual(windows.slice(1, 5).map((row) => row.split(",")[3]), ["0", "5", "10", "15"])

    const runId = /^ {2}tracking run {2}([0-9a-f]{32}) /m.exec(stdout)![1]!
    const tracker = openTracker(join(dir, "mlruns"))
    const runs = await tracker.listRuns({ experiment: "demo" })
    assert.strictEqual(runs.length, 1)
    const run = runs[0]!
    assert.strictEqual(run.info.runId, runId)
    assert.strictEqual(run.info.status, "FINISHED")
    assert.strictEqual(run.tags.signal_name, "demo_alpha")
    assert.match(run.tags.snapshot_id ?? "", /^\d{4}-\d{2}-\d{2}-v1$/)
    assert.strictEqual(run.tags.verdict, verdict![1]!.toLowerCase())
    assert.strictEqual(run.tags.grade, verdict![2])
    assert.closeTo(run.metrics.score!, Number(verdict![3]), 0.05)
    for (const key of ["sharpe", "ann_ret", "max_dd", "turnover", "ic_mean", "lag1_industry.sharpe", "reversal_5d.sharpe", "simulation.total_return", "significance.pbo"]) {
      assert.isTrue(Number.isFinite(run.metrics[key]), key)
    }
    assert.strictEqual(run.params["stages.backtest.fractile"], "[10,90]")
    const artifacts = fileURLToPath(run.info.artifactUri)
    for (const name of ["tearsheet.html", "summary.csv", "daily.parquet", "suite.json", "config.yaml", "progress.jsonl"]) {
      assert.isTrue(existsSync(join(artifacts, name)), name)
    }
    // The tear sheet names the tracking run it was logged as.
    assert.include(html, runId)
  })

  it("runs the shipped noise.yaml (red) and user-data.yaml (imports the CSV market, simulates)", async () => {
    const dir = folder("shipped")
    copyFileSync(join(repo, "workflows", "noise.yaml"), join(dir, "workflows", "noise.yaml"))
    copyFileSync(join(repo, "workflows", "user-data.yaml"), join(dir, "workflows", "user-data.yaml"))
    cpSync(join(repo, "workflows", "data"), join(dir, "workflows", "data"), { recursive: true })
    const { code, stdout, stderr } = await cli(
      ["run", "workflows/noise.yaml", "workflows/user-data.yaml", "--json", "--snapshots", join(dir, "snapshots")],
      dir
    )
    assert.strictEqual(code, 0, stderr)
    const report = JSON.parse(stdout)
    const runs = report.files.flatMap((file: { runs: Array<unknown> }) => file.runs) as Array<{
      workflow: string
      status: string
      verdict: { color: string } | null
      stages: Array<{ stage: string; status: string; detail: string }>
    }>
    assert.deepStrictEqual(runs.map((r) => [r.workflow, r.status]), [["noise", "ok"], ["user-data", "ok"]])
    assert.strictEqual(runs[0]!.verdict?.color, "red", "pure noise must come out red")
    const stages = Object.fromEntries(runs[1]!.stages.map((s) => [s.stage, s]))
    assert.match(stages.snapshot!.detail, /^\d{4}-\d{2}-\d{2}-v\d+ \(created\): 60 days .*30 securities$/)
    assert.strictEqual(stages.simulate!.status, "ok")
    assert.strictEqual(stages.log!.status, "ok")
  })

  it("on Ctrl-C stops the run in progress, says so, exits 130, and leaves no report and no tracking run", async () => {
    const dir = folder("interrupted")
    copyFileSync(join(repo, "workflows", "demo.yaml"), join(dir, "workflows", "demo.yaml"))
    const env = { ...process.env }
    delete env.ALPHABENCH_SNAPSHOTS
    delete env.MLFLOW_TRACKING_URI
    const child = spawn(alphabench, ["run", "workflows/demo.yaml", "--snapshots", join(dir, "snapshots")], { cwd: dir, env })
    let stderr = ""
    let interrupted = false
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
      // The backtest (about a second here) starts right after the load: interrupt it there,
      // once (a second Ctrl-C would be a user insisting, and ends the process by the signal).
      if (!interrupted && /^ {2}load +ok/m.test(stderr)) {
        interrupted = true
        child.kill("SIGINT")
      }
    })
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on("close", (exit, by) => resolve([exit, by])))
    assert.deepStrictEqual([code, signal], [130, null], stderr)
    assert.match(stderr, /^alphabench: interrupted; the runs in progress were stopped/m)
    assert.notMatch(stderr, /^ {2}(report|log) +ok/m)
    assert.isFalse(existsSync(join(dir, "artifacts")), "no report folder")
    assert.isFalse(existsSync(join(dir, "mlruns")), "no tracking store")
  })

  it("finishes the other runs when one fails, then exits 1; --json prints one document", async () => {
    const dir = folder("mixed")
    writeFileSync(join(dir, "workflows", "bad-signal.csv"), "security_id,date_sig,date_avail,signal\n10001,2023-01-04,2023-01-03,0.5\n")
    writeFileSync(join(dir, "workflows", "a-good.yaml"), tinyWorkflow("first", "{ example: demo_alpha }"))
    writeFileSync(join(dir, "workflows", "b-bad.yaml"), tinyWorkflow("broken", "bad-signal.csv"))
    writeFileSync(join(dir, "workflows", "c-good.yaml"), tinyWorkflow("last", "{ example: monthly_alpha }"))
    const { code, stdout, stderr } = await cli(["run", "workflows", "--json", "--snapshots", join(dir, "snapshots")], dir)
    assert.strictEqual(code, 1, stderr)
    assert.match(stderr, /^alphabench: 3 runs, 2 ok, 1 failed$/m)
    const report = JSON.parse(stdout)
    assert.strictEqual(report.ok, false)
    const runs = report.files.flatMap((file: { runs: Array<{ workflow: string; status: string }> }) => file.runs)
    assert.deepStrictEqual(runs.map((r: { workflow: string; status: string }) => [r.workflow, r.status]), [["first", "ok"], ["broken", "failed"], ["last", "ok"]])
    const broken = runs[1]
    const validate = broken.stages.find((s: { stage: string }) => s.stage === "validate")
    assert.strictEqual(validate.error.tag, "ValidationError")
    assert.match(validate.error.problems[0], /date_avail/)
    // The failed run is recorded too, as FAILED, with the stage that failed.
    const tracked = await openTracker(join(dir, "mlruns")).listRuns({ experiment: "tests" })
    assert.deepStrictEqual(tracked.map((r) => [r.tags.workflow, r.info.status]).sort(), [["broken", "FAILED"], ["first", "FINISHED"], ["last", "FINISHED"]])
    assert.strictEqual(tracked.find((r) => r.tags.workflow === "broken")?.tags.failed_stage, "validate")
    assert.isTrue(existsSync(runs[2].report.tearsheet))
  })

  it("check: exit 0 for valid files, exit 2 with every problem located for an invalid one", async () => {
    const dir = folder("check")
    writeFileSync(join(dir, "workflows", "good.yaml"), tinyWorkflow("good", "{ example: demo_alpha }", `schedule: "0 6 * * 1-5"\n`))
    writeFileSync(join(dir, "workflows", "typo.yaml"), tinyWorkflow("typo", "{ example: demo_alpha }").replace("stages:", "stagse:"))
    const ok = await cli(["check", "workflows/good.yaml"], dir)
    assert.strictEqual(ok.code, 0, ok.stderr)
    assert.strictEqual(ok.stdout, "workflows/good.yaml: ok (1 run)\n")
    const bad = await cli(["check", "workflows"], dir)
    assert.strictEqual(bad.code, 2)
    assert.include(bad.stderr, `workflows/typo.yaml:4:1: stagse: unknown key "stagse"; did you mean "stages"?`)
    assert.include(bad.stderr, `workflows/typo.yaml:1:1: stages: missing required key "stages"`)
    assert.match(bad.stderr, /^alphabench: 1 of 2 workflow files invalid \(2 problems\)$/m)
  })

  it("schedule --once runs a due workflow, keeps its state beside the tracking store, and runs nothing when nothing is due", async () => {
    const dir = folder("schedule")
    writeFileSync(join(dir, "workflows", "nightly.yaml"), tinyWorkflow("nightly", "{ example: demo_alpha }", `schedule: "0 3 * * *"\n`))
    const first = await cli(["schedule", "workflows", "--once", "--snapshots", join(dir, "snapshots")], dir)
    assert.strictEqual(first.code, 0, first.stderr)
    assert.match(first.stderr, /^schedule: nightly runs for its \d{4}-\d{2}-\d{2}T03:00:00\.000Z slot \(catching up\)$/m)
    assert.match(first.stdout, /^nightly\/demo_alpha: (GREEN|YELLOW|RED) /m)
    const state = JSON.parse(readFileSync(join(dir, "mlruns.schedule.json"), "utf8"))
    assert.strictEqual(state.workflows.nightly.last_status, "ok")
    assert.match(state.workflows.nightly.last_slot, /T03:00:00\.000Z$/)
    const second = await cli(["schedule", "workflows", "--once", "--snapshots", join(dir, "snapshots")], dir)
    assert.strictEqual(second.code, 0, second.stderr)
    assert.match(second.stderr, /^0 scheduled runs, 0 failed$/m)
    assert.strictEqual((await openTracker(join(dir, "mlruns")).listRuns({ experiment: "tests" })).length, 1)
  })
})
