import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { hostname, tmpdir } from "node:os"
import { join, relative } from "node:path"
import { afterAll, assert, describe, it } from "vitest"
import { isTrackingError, openTracker, randomIds, sequentialIds, sweepFileStore } from "../src/index.ts"
import type { TrackerOptions } from "../src/index.ts"

const scratch = mkdtempSync(join(tmpdir(), "alphabench-tracking-fs-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

let storeCount = 0
const newStore = (extra: TrackerOptions = {}) => {
  const root = join(scratch, `store-${storeCount++}`, "mlruns")
  const warnings: Array<string> = []
  const tracker = openTracker(`file:${root}`, {
    clock: () => 1_700_000_000_000,
    ids: sequentialIds(),
    user: "alice",
    onWarning: (message) => warnings.push(message),
    ...extra
  })
  return { root, tracker, warnings }
}

const filesUnder = (root: string): Array<string> =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort()

const read = (path: string) => readFileSync(path, "utf8")

const expectError = async (promise: Promise<unknown>, reason: string, fragment: string) => {
  try {
    await promise
  } catch (error) {
    assert.isTrue(isTrackingError(error), `expected a TrackingError, got ${String(error)}`)
    assert.strictEqual((error as { reason: string }).reason, reason)
    assert.include((error as Error).message, fragment)
    return
  }
  assert.fail(`expected a ${reason} error mentioning '${fragment}'`)
}

describe("file store layout", () => {
  it("writes MLflow's FileStore layout byte for byte", async () => {
    const { root, tracker } = newStore()
    const run = await tracker.logRun({
      experiment: "momentum",
      runName: "mom-12-1",
      tags: { signal_name: "mom" },
      params: { lag: 1, residualize: "industry", long_only: false },
      metrics: {
        sharpe: 1.5,
        small: 0.00001,
        "lag1_industry.sharpe": 0.25,
        curve: [{ value: 1, step: 0 }, { value: 2, step: 1 }]
      },
      artifacts: [{ name: "summary.csv", bytes: "a,b\n1,2\n" }, { name: "plots/x.svg", bytes: "<svg/>" }],
      startTime: 1_699_999_995_000,
      endTime: 1_700_000_000_000
    })
    const runId = "00000000000000000000000000000001"
    const experimentId = "100000000000000001"
    assert.strictEqual(run.info.runId, runId)
    assert.strictEqual(run.info.experimentId, experimentId)
    const runDir = `${experimentId}/${runId}`
    assert.deepStrictEqual(filesUnder(root), [
      "0/meta.yaml",
      `${runDir}/artifacts/plots/x.svg`,
      `${runDir}/artifacts/summary.csv`,
      `${runDir}/meta.yaml`,
      `${runDir}/metrics/curve`,
      `${runDir}/metrics/lag1_industry.sharpe`,
      `${runDir}/metrics/sharpe`,
      `${runDir}/metrics/small`,
      `${runDir}/params/lag`,
      `${runDir}/params/long_only`,
      `${runDir}/params/residualize`,
      `${runDir}/tags/mlflow.runName`,
      `${runDir}/tags/mlflow.source.name`,
      `${runDir}/tags/mlflow.source.type`,
      `${runDir}/tags/mlflow.user`,
      `${runDir}/tags/signal_name`,
      `${experimentId}/meta.yaml`
    ])
    assert.deepStrictEqual(readdirSync(join(root, ".trash")), [])
    // Keys sorted as PyYAML's sort_keys=True; ids that look like numbers quoted; '' for empty strings.
    assert.strictEqual(
      read(join(root, "0/meta.yaml")),
      `artifact_location: file://${root}/0
creation_time: 1700000000000
experiment_id: '0'
last_update_time: 1700000000000
lifecycle_stage: active
name: Default
`
    )
    assert.strictEqual(
      read(join(root, experimentId, "meta.yaml")),
      `artifact_location: file://${root}/${experimentId}
creation_time: 1700000000000
experiment_id: '${experimentId}'
last_update_time: 1700000000000
lifecycle_stage: active
name: momentum
`
    )
    // A finished run: MLflow's update_run_info rewrites meta.yaml without deleted_time; status 3 = FINISHED,
    // source_type 4 = LOCAL. The run id 000...01 is quoted because YAML 1.1 would read it as an octal int.
    assert.strictEqual(
      read(join(root, runDir, "meta.yaml")),
      `artifact_uri: file://${root}/${runDir}/artifacts
end_time: 1700000000000
entry_point_name: ''
experiment_id: '${experimentId}'
lifecycle_stage: active
run_id: '${runId}'
run_name: mom-12-1
run_uuid: '${runId}'
source_name: ''
source_type: 4
source_version: ''
start_time: 1699999995000
status: 3
tags: []
user_id: alice
`
    )
    // "<timestamp> <value> <step>\n", the value as Python's repr(float).
    assert.strictEqual(read(join(root, runDir, "metrics/sharpe")), "1700000000000 1.5 0\n")
    assert.strictEqual(read(join(root, runDir, "metrics/small")), "1700000000000 1e-05 0\n")
    assert.strictEqual(read(join(root, runDir, "metrics/curve")), "1700000000000 1.0 0\n1700000000000 2.0 1\n")
    // Params and tags: the value, no trailing newline.
    assert.strictEqual(read(join(root, runDir, "params/lag")), "1")
    assert.strictEqual(read(join(root, runDir, "params/long_only")), "false")
    assert.strictEqual(read(join(root, runDir, "params/residualize")), "industry")
    assert.strictEqual(read(join(root, runDir, "tags/mlflow.runName")), "mom-12-1")
    assert.strictEqual(read(join(root, runDir, "tags/mlflow.user")), "alice")
    assert.strictEqual(read(join(root, runDir, "tags/mlflow.source.name")), "alphabench")
    assert.strictEqual(read(join(root, runDir, "tags/mlflow.source.type")), "LOCAL")
    assert.strictEqual(read(join(root, runDir, "artifacts/summary.csv")), "a,b\n1,2\n")
  })

  it("reads back what it wrote", async () => {
    const { tracker } = newStore()
    const written = await tracker.logRun({
      experiment: "e",
      runName: "r",
      metrics: { curve: [{ value: 5, step: 0 }, { value: 3, step: 2 }, { value: 4, step: 1 }] },
      params: { x: 0.5 },
      note: "first try",
      gitCommit: "abc123"
    })
    const read = await tracker.getRun(written.info.runId)
    assert.deepStrictEqual(read, written)
    // The latest value is the one with the largest step, not the last one logged.
    assert.strictEqual(read.metrics.curve, 3)
    assert.strictEqual(read.tags["mlflow.note.content"], "first try")
    assert.strictEqual(read.tags["mlflow.source.git.commit"], "abc123")
    assert.deepStrictEqual(
      (await tracker.getMetricHistory(written.info.runId, "curve")).map((p) => [p.step, p.value]),
      [[0, 5], [2, 3], [1, 4]]
    )
  })

  it("uses the Default experiment 0 when none is named", async () => {
    const { tracker } = newStore()
    const run = await tracker.logRun({ runName: "plain" })
    assert.strictEqual(run.info.experimentId, "0")
    assert.deepStrictEqual((await tracker.listExperiments()).map((e) => e.name), ["Default"])
  })

  it("drops non-finite metrics with a warning", async () => {
    const { tracker, warnings } = newStore()
    const run = await tracker.logRun({ runName: "r", metrics: { ok: 1, bad: NaN, worse: Infinity } })
    assert.deepStrictEqual(run.metrics, { ok: 1 })
    assert.strictEqual(warnings.length, 1)
    assert.include(warnings[0]!, "bad=NaN")
    assert.include(warnings[0]!, "worse=Infinity")
  })

  it("creates an experiment once when many runs race for it", async () => {
    const { root, tracker } = newStore({ ids: randomIds })
    const runs = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => tracker.logRun({ experiment: "race", runName: `r${i}` })))
    assert.strictEqual(new Set(runs.map((r) => r.info.experimentId)).size, 1)
    const experiments = readdirSync(root).filter((name) => name !== "0" && !name.startsWith("."))
    assert.strictEqual(experiments.length, 1)
    assert.match(experiments[0]!, /^[1-9][0-9]{17}$/)
    assert.strictEqual((await tracker.listRuns({ experiment: "race" })).length, 6)
  })
})

describe("reading a store MLflow wrote", () => {
  it("accepts legacy ids, 2-field metric lines, and skips what is incomplete", async () => {
    const root = join(scratch, "mlflow-written")
    const runId = "0123456789abcdef0123456789abcdef"
    const runDir = join(root, "0", runId)
    mkdirSync(join(root, ".trash"), { recursive: true })
    mkdirSync(join(runDir, "metrics"), { recursive: true })
    mkdirSync(join(runDir, "params"), { recursive: true })
    mkdirSync(join(runDir, "tags"), { recursive: true })
    // Legacy MLflow wrote experiment_id as an int.
    writeFileSync(join(root, "0", "meta.yaml"), "artifact_location: ./mlruns/0\nexperiment_id: 0\nlifecycle_stage: active\nname: Default\n")
    writeFileSync(
      join(runDir, "meta.yaml"),
      `artifact_uri: ./mlruns/0/${runId}/artifacts\nend_time: null\nentry_point_name: ''\nexperiment_id: '0'\nlifecycle_stage: active\n` +
        `run_id: ${runId}\nrun_name: ''\nrun_uuid: ${runId}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: 1600000000000\n` +
        "status: 1\ntags: []\nuser_id: bob\n"
    )
    // Two fields (no step), nan, and a last line cut short by a killed writer.
    writeFileSync(join(runDir, "metrics", "loss"), "1600000000001 0.5\n1600000000002 nan 1\n1600000000003 0.25 2\n16000000")
    writeFileSync(join(runDir, "params", "lr"), "0.01")
    writeFileSync(join(runDir, "tags", "mlflow.runName"), "legacy-run")
    // Not runs: a staging folder, a folder without meta.yaml, a folder whose meta names another run.
    mkdirSync(join(root, "0", ".staging-abc"), { recursive: true })
    mkdirSync(join(root, "0", "ffffffffffffffffffffffffffffffff"), { recursive: true })
    const ghost = join(root, "0", "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee")
    mkdirSync(ghost)
    writeFileSync(join(ghost, "meta.yaml"), readFileSync(join(runDir, "meta.yaml")))
    // An experiment folder without meta.yaml is not an experiment.
    mkdirSync(join(root, "999"))
    const tracker = openTracker(root, { onWarning: () => undefined })
    const runs = await tracker.listRuns()
    assert.deepStrictEqual(runs.map((r) => r.info.runId), [runId])
    const run = runs[0]!
    assert.strictEqual(run.info.runName, "legacy-run")
    assert.strictEqual(run.info.status, "RUNNING")
    assert.strictEqual(run.info.endTime, null)
    assert.strictEqual(run.metrics.loss, 0.25)
    assert.deepStrictEqual(run.params, { lr: "0.01" })
    const history = await tracker.getMetricHistory(runId, "loss")
    assert.strictEqual(history.length, 3)
    assert.deepStrictEqual([history[0]!.step, history[0]!.value], [0, 0.5])
    assert.isTrue(Number.isNaN(history[1]!.value))
  })

  it("lists nothing for a store that does not exist, without creating it", async () => {
    const root = join(scratch, "never-written")
    const tracker = openTracker(`file:${root}`)
    assert.deepStrictEqual(await tracker.listRuns(), [])
    assert.isFalse(existsSync(root))
  })
})

describe("list, filter, sort, compare", () => {
  const seed = async () => {
    const store = newStore()
    let t = 1_700_000_000_000
    const log = (experiment: string, runName: string, signal: string, metrics: Record<string, number>, params: Record<string, string> = {}) =>
      store.tracker.logRun({ experiment, runName, tags: { signal_name: signal }, metrics, params, startTime: (t += 1000), endTime: t + 500 })
    const a = await log("alpha", "a", "mom", { sharpe: 1.2, ann_ret: 0.1 }, { lag: "1", resid: "none" })
    const b = await log("alpha", "b", "mom", { sharpe: 0.4 }, { lag: "5", resid: "none" })
    const c = await log("alpha", "c", "rev", { sharpe: 2.0 })
    const d = await log("alpha", "d", "mom", { ann_ret: 0.3 })
    const e = await log("beta", "e", "mom", { sharpe: 3.0 })
    return { ...store, a, b, c, d, e }
  }

  it("filters by experiment and signal and sorts by a metric, runs without it last", async () => {
    const { tracker, a, b, c, d, e } = await seed()
    const ids = (runs: ReadonlyArray<{ info: { runId: string } }>) => runs.map((r) => r.info.runId)
    // Default order: newest first.
    assert.deepStrictEqual(ids(await tracker.listRuns({ experiment: "alpha" })), ids([d, c, b, a]))
    assert.deepStrictEqual(ids(await tracker.listRuns({ experiment: "alpha", signal: "mom", orderBy: { metric: "sharpe" } })), ids([a, b, d]))
    assert.deepStrictEqual(
      ids(await tracker.listRuns({ experiment: "alpha", orderBy: { metric: "sharpe", ascending: true } })),
      ids([b, a, c, d])
    )
    assert.deepStrictEqual(ids(await tracker.listRuns({ orderBy: { metric: "sharpe" }, maxResults: 2 })), ids([e, c]))
    assert.deepStrictEqual(ids(await tracker.listRuns({ experiment: ["alpha", "beta"], signal: "rev" })), ids([c]))
    assert.deepStrictEqual(ids(await tracker.listRuns({ tags: { signal_name: "mom" }, status: "FINISHED", experiment: "beta" })), ids([e]))
    await expectError(tracker.listRuns({ experiment: "gamma" }), "NotFound", "no experiment named 'gamma'")
    await expectError(tracker.listRuns({ maxResults: 0 }), "InvalidInput", "maxResults")
  })

  it("compares two runs: metric differences and differing params", async () => {
    const { tracker, a, b } = await seed()
    const comparison = await tracker.compareRuns(a.info.runId, b.info.runId)
    assert.deepStrictEqual(comparison.metrics, [
      { key: "ann_ret", a: 0.1, b: undefined, difference: undefined },
      { key: "sharpe", a: 1.2, b: 0.4, difference: 0.4 - 1.2 }
    ])
    assert.deepStrictEqual(comparison.params, [{ key: "lag", a: "1", b: "5" }])
    assert.strictEqual(comparison.sameParams, 1)
    assert.deepStrictEqual(comparison.tags, [])
  })

  it("resolves unique run id prefixes", async () => {
    const { tracker, b } = await seed()
    // sequentialIds gives 000...01 to 000...05: "0000" matches all five, the full id one.
    await expectError(tracker.resolveRunId("0000"), "InvalidInput", "matches 5 runs")
    assert.strictEqual(await tracker.resolveRunId(b.info.runId.toUpperCase()), b.info.runId)
    await expectError(tracker.resolveRunId("abcd"), "NotFound", "no run id starts with 'abcd'")
    await expectError(tracker.resolveRunId("xyz!"), "InvalidInput", "is not a run id")
    const random = newStore({ ids: randomIds })
    const x = await random.tracker.logRun({ runName: "x" })
    const y = await random.tracker.logRun({ runName: "y" })
    const comparison = await random.tracker.compareRuns(x.info.runId.slice(0, 8), y.info.runId.slice(0, 10))
    assert.deepStrictEqual([comparison.a.info.runName, comparison.b.info.runName], ["x", "y"])
  })
})

describe("incremental runs", () => {
  it("is visible as RUNNING at once and finished by end()", async () => {
    const { root, tracker } = newStore()
    const active = await tracker.startRun({ experiment: "inc", runName: "live", tags: { signal_name: "s" } })
    const runDir = join(root, active.info.experimentId, active.info.runId)
    // MLflow's create_run writes deleted_time: null and status 1 (RUNNING).
    const meta = read(join(runDir, "meta.yaml"))
    assert.include(meta, "deleted_time: null\n")
    assert.include(meta, "status: 1\n")
    assert.include(meta, "end_time: null\n")
    assert.strictEqual((await tracker.listRuns({ status: "RUNNING" })).length, 1)
    await active.logMetrics({ progress: 0.25 }, { step: 1, timestamp: 1_700_000_000_100 })
    await active.logMetrics({ progress: 0.5 }, { step: 2, timestamp: 1_700_000_000_200 })
    await active.logParams({ lag: 1 })
    await active.logParams({ lag: 1 })
    await expectError(active.logParams({ lag: 2 }), "InvalidInput", "params cannot change")
    await active.setTags({ verdict: "green" })
    await active.logArtifacts([{ name: "notes/a.txt", bytes: "hello" }])
    assert.strictEqual(read(join(runDir, "metrics/progress")), "1700000000100 0.25 1\n1700000000200 0.5 2\n")
    const ended = await active.end()
    assert.strictEqual(ended.info.status, "FINISHED")
    assert.strictEqual(ended.info.endTime, 1_700_000_000_000)
    assert.strictEqual(ended.metrics.progress, 0.5)
    assert.strictEqual(ended.tags.verdict, "green")
    assert.strictEqual(read(join(runDir, "artifacts/notes/a.txt")), "hello")
    const finalMeta = read(join(runDir, "meta.yaml"))
    assert.notInclude(finalMeta, "deleted_time")
    assert.include(finalMeta, "status: 3\n")
    // No temporary files left where MLflow would read them as tags, params or metrics.
    assert.deepStrictEqual(filesUnder(join(runDir, "tags")).filter((f) => f.startsWith(".")), [])
    assert.deepStrictEqual(readdirSync(runDir).filter((f) => f.startsWith(".")), [])
  })
})

describe("deleting runs", () => {
  it("marks the run deleted in meta.yaml as MLflow's delete_run does, and drops it from listings", async () => {
    let now = 1_700_000_000_000
    const { root, tracker } = newStore({ clock: () => now })
    const kept = await tracker.logRun({ experiment: "del", runName: "kept", tags: { job: "j1" } })
    const gone = await tracker.logRun({ experiment: "del", runName: "gone", tags: { job: "j1" } })
    now = 1_700_000_123_000
    await tracker.deleteRun(gone.info.runId)
    const meta = read(join(root, gone.info.experimentId, gone.info.runId, "meta.yaml"))
    assert.include(meta, "lifecycle_stage: deleted\n")
    assert.include(meta, "deleted_time: 1700000123000\n")
    assert.include(meta, "status: 3\n")
    // Searches skip it (MLflow's ACTIVE_ONLY); it can still be read by id.
    assert.deepStrictEqual((await tracker.listRuns({ experiment: "del", tags: { job: "j1" } })).map((r) => r.info.runId), [kept.info.runId])
    assert.strictEqual((await tracker.getRun(gone.info.runId)).info.lifecycleStage, "deleted")
    // A second delete changes nothing; a deleted run cannot be written to.
    await tracker.deleteRun(gone.info.runId)
    assert.strictEqual(read(join(root, gone.info.experimentId, gone.info.runId, "meta.yaml")), meta)
    await expectError(tracker.deleteRun("f".repeat(32)), "NotFound", `no run '${"f".repeat(32)}'`)
  })
})

describe("bad input", () => {
  it("refuses an identity tag that is not one of the run's tags", async () => {
    const { tracker } = newStore()
    await expectError(
      tracker.logRun({ runName: "r", tags: { job: "1" }, identityTags: ["jobb"] }),
      "InvalidInput",
      "identityTags names 'jobb', which is not one of the run's tags (job)"
    )
  })

  it("refuses records MLflow would refuse, writing nothing", async () => {
    const { root, tracker } = newStore()
    await tracker.logRun({ runName: "ok" })
    const before = filesUnder(root)
    await expectError(tracker.logRun({ runName: "r", params: { "bad key!": 1 } }), "InvalidInput", "invalid param name 'bad key!'")
    await expectError(tracker.logRun({ runName: "r", metrics: { "../up": 1 } }), "InvalidInput", "invalid metric name '../up'")
    await expectError(tracker.logRun({ runName: "r", metrics: { a: 1, "a/b": 2 } }), "InvalidInput", "clash")
    await expectError(tracker.logRun({ runName: "r", tags: { "mlflow.runName": "other" } }), "InvalidInput", "differs from runName")
    await expectError(tracker.logRun({ runName: "" }), "InvalidInput", "non-empty runName")
    await expectError(tracker.logRun({ runName: "r", params: { long: "x".repeat(6001) } }), "InvalidInput", "more than MLflow's limit of 6000")
    await expectError(tracker.logRun({ runName: "r", artifacts: [{ name: "../escape", bytes: "x" }] }), "InvalidInput", "invalid artifact name")
    await expectError(
      tracker.logRun({ runName: "r", artifacts: [{ name: "a.csv", path: join(scratch, "does-not-exist.csv") }] }),
      "InvalidInput",
      "cannot read"
    )
    await expectError(tracker.logRun({ runName: "r", startTime: 10, endTime: 5 }), "InvalidInput", "before startTime")
    await expectError(tracker.logRun({ runName: "r", status: "DONE" as never }), "InvalidInput", "invalid run status 'DONE'")
    assert.deepStrictEqual(filesUnder(root), before)
  })

  it("refuses to log into a deleted experiment", async () => {
    const { root, tracker } = newStore()
    await tracker.logRun({ runName: "first" })
    const trashed = join(root, ".trash", "123456789012345678")
    mkdirSync(trashed, { recursive: true })
    writeFileSync(join(trashed, "meta.yaml"), "artifact_location: x\nexperiment_id: '123456789012345678'\nlifecycle_stage: deleted\nname: gone\n")
    await expectError(tracker.logRun({ experiment: "gone", runName: "r" }), "InvalidInput", "experiment 'gone' is deleted")
  })

  it("copies artifacts from files and folders", async () => {
    const { root, tracker } = newStore()
    const source = join(scratch, "artifact-source")
    mkdirSync(join(source, "charts"), { recursive: true })
    writeFileSync(join(source, "daily.parquet"), Buffer.from([1, 2, 3]))
    writeFileSync(join(source, "charts", "equity.svg"), "<svg/>")
    writeFileSync(join(source, "charts", "dd.svg"), "<svg id='dd'/>")
    const run = await tracker.logRun({
      runName: "art",
      artifacts: [{ name: "daily.parquet", path: join(source, "daily.parquet") }, { name: "plots", path: join(source, "charts") }]
    })
    const artifacts = join(root, "0", run.info.runId, "artifacts")
    assert.deepStrictEqual(filesUnder(artifacts), ["daily.parquet", "plots/dd.svg", "plots/equity.svg"])
    assert.deepStrictEqual([...readFileSync(join(artifacts, "daily.parquet"))], [1, 2, 3])
  })
})

describe("the experiment lock", () => {
  it("takes over a lock left by a process that died", async () => {
    const { root, tracker } = newStore()
    await tracker.logRun({ runName: "first" })
    // A pid that surely is not running: a child that has already exited.
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout
    writeFileSync(join(root, ".alphabench-experiments.lock"), `${hostname()} ${dead} ${Date.now()}`)
    const started = Date.now()
    const run = await tracker.logRun({ experiment: "after-crash", runName: "r" })
    assert.isBelow(Date.now() - started, 5000)
    assert.strictEqual((await tracker.getRun(run.info.runId)).info.runName, "r")
    assert.isFalse(existsSync(join(root, ".alphabench-experiments.lock")))
  })
})

describe("sweepFileStore", () => {
  it("publishes a run whose writer died between its last two renames, and leaves fresh leftovers alone", async () => {
    const { root, tracker } = newStore()
    const run = await tracker.logRun({ experiment: "e", runName: "almost" })
    const runDir = join(root, run.info.experimentId, run.info.runId)
    renameSync(join(runDir, "meta.yaml"), join(runDir, ".meta.yaml.pending"))
    writeFileSync(join(runDir, ".tmp-123-abc"), "half")
    assert.deepStrictEqual(await tracker.listRuns(), [])
    const young = await sweepFileStore(`file:${root}`, { now: Date.now() - 60_000 })
    assert.deepStrictEqual(young, { removedStaging: [], completedRuns: [], removedTempFiles: [] })
    const swept = await sweepFileStore(`file:${root}`, { olderThanMs: 0 })
    assert.deepStrictEqual(swept.completedRuns, [runDir])
    assert.deepStrictEqual(swept.removedTempFiles, [join(runDir, ".tmp-123-abc")])
    assert.deepStrictEqual((await tracker.listRuns()).map((r) => r.info.runName), ["almost"])
  })
})
