/**
 * What a run resumed in another process relies on, checked in one process: a RunStore that
 * loses each value the first time it is stored (as if the stage that made it had run in a
 * process that died) still gives the same run, because each value is computed again from the
 * journaled facts; a signal file that changed since the run validated it, or a snapshot whose
 * content hash is not the journaled one, fails with a message saying so. Also: runs of several
 * files at once keep the files' order.
 */
import { createSnapshot, signalPath } from "@alphabench/catalog"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Logger, Result } from "effect"
import { WorkflowEngine } from "effect/workflow"
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll } from "vitest"
import {
  ExperimentRunLayer,
  pipelineLayer,
  planExperimentText,
  Progress,
  runExperiment,
  runExperimentFiles,
  runLoad,
  runLog,
  runSnapshot,
  RunStore,
  StageRegistry
} from "../src/index.ts"
import type { RunOutcome, RunSpec, RunValues, StageImplementations } from "../src/index.ts"

const scratch = mkdtempSync(join(tmpdir(), "alphabench-resume-"))
const snapshots = join(scratch, "snapshots")
let snapshotId = ""

beforeAll(async () => {
  const manifest = await createSnapshot(snapshots, {
    synthetic: { preset: "small", seed: 6, parameters: { days: 80, securities: 90, signal_names: 90 } }
  })
  snapshotId = manifest.id
  copyFileSync(signalPath(snapshots, snapshotId, "demo_alpha"), join(scratch, "signal.parquet"))
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const specOf = (yaml: string, file = "test.yaml"): RunSpec => {
  const planned = planExperimentText(yaml, join(scratch, file), { snapshotsRoot: snapshots })
  if (Result.isFailure(planned)) throw new Error(planned.failure.map((i) => i.message).join("\n"))
  return planned.success.runs[0]!
}

const workflow = (name: string, signal: string) => `name: ${name}
snapshot: latest
signal: ${signal}
stages:
  validate: {}
  load: {}
  backtest: { grid: { lags: [0, 1], residualize: [off, industry] }, decay: { lags: [0, 1], horizons: [1, 5] }, mincos: 3, workers: 1 }
  simulate: { positions: { method: top_n, n: 5, side: both } }
  score: { baselines: [value] }
  report: { out: ${join(scratch, "artifacts")} }
`

/**
 * A RunStore that drops the first value stored under each of `forget` (the process that made
 * it is gone) and counts every value stored.
 */
const forgetfulStore = (forget: ReadonlyArray<keyof RunValues>, stored: Map<string, number>) =>
  Layer.effect(RunStore, Effect.gen(function*() {
    const inner = yield* RunStore
    return RunStore.of({
      ...inner,
      put: (runId, key, value) => {
        const n = (stored.get(key) ?? 0) + 1
        stored.set(key, n)
        return n === 1 && forget.includes(key) ? Effect.void : inner.put(runId, key, value)
      }
    })
  })).pipe(Layer.provide(RunStore.layer))

const runWith = (spec: RunSpec, store: Layer.Layer<RunStore>, stages: Partial<StageImplementations> = {}) =>
  Effect.runPromise(runExperiment(spec).pipe(
    Effect.provide(ExperimentRunLayer.pipe(
      Layer.provideMerge(WorkflowEngine.layerMemory),
      Layer.provideMerge(StageRegistry.layerWith(stages)),
      Layer.provideMerge(store),
      Layer.provideMerge(Progress.layer)
    )),
    // The "computing its panel again" lines are for a worker's log, not the test output.
    Effect.provide(Logger.layer([]))
  ))

const stage = (outcome: RunOutcome, name: string) => outcome.stages.find((s) => s.stage === name)!
const suiteJson = (outcome: RunOutcome) => readFileSync(join(outcome.report!.dir, "suite.json"), "utf8")

describe("a run whose values are lost between stages", () => {
  it("computes each value again from the journal and ends as an uninterrupted run does", async () => {
    const spec = specOf(workflow("resumed", join(scratch, "signal.parquet")))
    const stored = new Map<string, number>()
    const resumed = await runWith(spec, forgetfulStore(["signal", "panel", "suite", "simulation"], stored))
    const plain = await runWith(spec, RunStore.layer)
    assert.strictEqual(resumed.status, "ok", JSON.stringify(resumed.stages))
    assert.strictEqual(suiteJson(resumed), suiteJson(plain))
    assert.deepStrictEqual(resumed.verdict, plain.verdict)
    // Each value was made by its stage, lost, and made once more when a later stage needed it.
    assert.deepStrictEqual(Object.fromEntries(stored), { signal: 2, panel: 2, suite: 2, simulation: 2 })
    // The journaled attempts and details are the stages' own.
    assert.deepStrictEqual(resumed.stages.map((s) => [s.stage, s.status, s.attempts]), plain.stages.map((s) => [s.stage, s.status, s.attempts]))
    assert.strictEqual(stage(resumed, "backtest").detail, stage(plain, "backtest").detail)
  })

  it("refuses a signal file that changed since the run validated it", async () => {
    const path = join(scratch, "changing.parquet")
    copyFileSync(join(scratch, "signal.parquet"), path)
    const spec = specOf(workflow("changed", path))
    // The load stage runs after validate: it swaps the file's content before loading.
    const load: StageImplementations["load"] = (input) =>
      Effect.andThen(Effect.sync(() => copyFileSync(signalPath(snapshots, snapshotId, "noise"), path)), runLoad(input))
    const outcome = await runWith(spec, forgetfulStore(["signal"], new Map()), { load })
    const backtest = stage(outcome, "backtest")
    assert.strictEqual(backtest.status, "failed")
    assert.strictEqual(backtest.error?.tag, "ValidationError")
    assert.match(backtest.detail, /the signal file .*changing\.parquet changed since the run validated it \(SHA-256 [0-9a-f]{12}\.\.\. then, [0-9a-f]{12}\.\.\. now\)/)
    assert.strictEqual(stage(outcome, "simulate").status, "failed", "simulate needs the signal too")
  })

  it("refuses a snapshot whose content hash is not the one the run resolved", async () => {
    const spec = specOf(workflow("hash", join(scratch, "signal.parquet")))
    const error = await Effect.runPromise(Effect.gen(function*() {
      const snapshot = yield* runSnapshot({ runId: "r", spec })
      return yield* runLoad({ runId: "r", spec, snapshot: { ...snapshot, hash: "0".repeat(64) } }).pipe(Effect.flip)
    }).pipe(Effect.provide(Layer.merge(RunStore.layer, Progress.layer))))
    assert.strictEqual(error._tag, "SnapshotError")
    assert.match(error.message, new RegExp(`^snapshot ${snapshotId} in .* has content hash [0-9a-f]{12}\\.\\.\\., but the run resolved it with 000000000000\\.\\.\\.: every process of a run must see the same snapshots`))
  })
})

describe("the log stage run again", () => {
  it("finds the tracking run an earlier attempt wrote under the same ids instead of failing on it", async () => {
    const tracking = join(scratch, "mlruns-again")
    const spec = specOf(`name: logged
snapshot: latest
signal: { example: demo_alpha }
stages: { validate: {}, load: {}, log: { tracking: ${tracking} } }
`)
    const input = {
      runId: "20260101T000000Z-0000abcd",
      spec,
      trackingRunId: "0123456789abcdef0123456789abcdef",
      startedAt: 0,
      stages: [],
      snapshot: null,
      score: null,
      report: null
    }
    const [first, second] = await Effect.runPromise(Effect.all([runLog(input), runLog(input)]).pipe(Effect.provide(RunStore.layer)))
    assert.strictEqual(first.runId, "0123456789abcdef0123456789abcdef")
    assert.deepStrictEqual(second, first)
    const other = await Effect.runPromise(runLog({ ...input, runId: "20260101T000000Z-ffff0000" }).pipe(Effect.provide(RunStore.layer), Effect.flip))
    assert.match(other.message, /a run with this id already exists/)
  })
})

describe("RunStore", () => {
  it("computes a missing value with its rebuild; forget keeps the rebuild, drop does not", async () => {
    const table = { length: 0 } as unknown as RunValues["signal"]
    let rebuilt = 0
    const result = await Effect.runPromise(Effect.gen(function*() {
      const store = yield* RunStore
      const rebuild = Effect.suspend(() => {
        rebuilt++
        return store.put("r", "signal", table)
      })
      const none = yield* store.find("r", "signal")
      yield* store.rebuildWith("r", "signal", rebuild)
      const first = yield* store.find("r", "signal")
      const cached = yield* store.find("r", "signal")
      yield* store.forget("r")
      const afterForget = yield* store.find("r", "signal")
      yield* store.drop("r")
      const afterDrop = yield* store.find("r", "signal")
      return { none, first, cached, afterForget, afterDrop }
    }).pipe(Effect.provide(RunStore.layer), Effect.provide(Logger.layer([]))))
    assert.deepStrictEqual(result, { none: undefined, first: table, cached: table, afterForget: table, afterDrop: undefined })
    // Once when first missing, once after forget; never while it was there.
    assert.strictEqual(rebuilt, 2)
  })
})

describe("runExperimentFiles with concurrency", () => {
  it("runs every file's runs at once and keeps the files' and signals' order", async () => {
    const paths = ["b.yaml", "a.yaml"].map((name) => {
      const path = join(scratch, name)
      writeFileSync(path, `name: ${name.slice(0, 1)}
snapshot: latest
signals: [{ example: noise }, { example: demo_alpha }]
stages: { validate: {}, load: {} }
`)
      return path
    })
    const seen: Array<string> = []
    const summary = await Effect.runPromise(runExperimentFiles(paths, { snapshotsRoot: snapshots }, {
      concurrency: "unbounded",
      onFile: (file) => seen.push(file.display)
    }).pipe(Effect.provide(pipelineLayer())))
    assert.deepStrictEqual(seen, paths)
    assert.deepStrictEqual(summary.files.map((file) => file.outcomes.map((o) => `${o.workflow}/${o.signal}`)), [
      ["b/noise", "b/demo_alpha"],
      ["a/noise", "a/demo_alpha"]
    ])
    assert.strictEqual(summary.failedRuns, 0)
  })
})
