/**
 * What the log stage records on a tracking server (packages/tracking's in-memory MLflow
 * server): a retried stage leaves exactly one visible run, non-finite metrics are named rather
 * than dropped in silence, and a baseline that never held a position gets a tag in plain words
 * instead of metrics that read like zeros. The runs use a 60-day synthetic market, too short
 * for `momentum_12_1` (252 days of history).
 */
import { assert, describe, it } from "@effect/vitest"
import type { BacktestResult, SummaryRow } from "@alphabench/engine"
import { Effect, Result } from "effect"
import { join } from "node:path"
import { planExperimentText, runScore, RunStore } from "../src/index.ts"
import type { RunOutcome, RunSpec, StageImplementations } from "../src/index.ts"
import { pipelineWorld, runInVirtualTime } from "./support/pipelineWorld.ts"

const world = pipelineWorld("alphabench-log-stage-")
const { scratch, snapshots } = world

/** A run of demo_alpha through a small grid, scored against two baselines, logged to the server under `experiment`. */
const spec = (experiment: string): RunSpec => {
  const planned = planExperimentText(`
name: logged
snapshot: latest
signal: { example: demo_alpha }
stages:
  validate: {}
  load: {}
  backtest: { grid: { lags: [0, 1], residualize: [off] }, decay: false, mincos: 3, workers: 1 }
  score: { baselines: [momentum_12_1, value], bootstrap: { draws: 50 } }
  log: { tracking: "${world.server.url}", experiment: ${experiment}, retry: { times: 2, base: 1s } }
`, join(scratch, "logged.yaml"), { snapshotsRoot: snapshots })
  if (Result.isFailure(planned)) throw new Error(planned.failure.map((i) => i.message).join("\n"))
  return planned.success.runs[0]!
}

const logStage = (outcome: RunOutcome) => outcome.stages.find((s) => s.stage === "log")!

/** Every run the server holds in `experiment`, deleted ones included. */
const runsIn = (experiment: string) => {
  const id = [...world.server.experiments.values()].find((e) => e.name === experiment)?.experiment_id
  return [...world.server.runs.values()].filter((run) => run.info.experiment_id === id)
}

const latestMetrics = (run: ReturnType<typeof runsIn>[number]): Record<string, number> =>
  Object.fromEntries(run.metrics.map((m) => [m.key, m.value]))

const active = (runs: ReturnType<typeof runsIn>) => runs.filter((run) => run.info.lifecycle_stage === "active")

/** The keys a run logs when nothing fails (stage durations vary, their keys do not). */
let controlKeys: Array<string> = []

describe("log stage on a tracking server", () => {
  it.effect("logs a never-held baseline as a tag in plain words, without metrics", () =>
    Effect.gen(function*() {
      const outcome = yield* runInVirtualTime(spec("control"))
      assert.strictEqual(logStage(outcome).status, "ok", logStage(outcome).detail)
      const [run, ...others] = runsIn("control")
      assert.deepStrictEqual(others, [])
      assert.strictEqual(
        run!.tags.get("baseline.momentum_12_1"),
        "never held a position: it has no value on any of the 59 trade days (needs more history than the window has); " +
          "its metrics are not logged"
      )
      controlKeys = Object.keys(latestMetrics(run!)).sort()
      assert.deepStrictEqual(controlKeys.filter((key) => key.startsWith("momentum_12_1")), [])
      // The baseline that did trade is logged as before, and gets no tag.
      assert.include(controlKeys, "value.sharpe")
      assert.isUndefined(run!.tags.get("baseline.value"))
      // Nothing was dropped or deleted: the detail is the plain one.
      assert.match(logStage(outcome).detail, /^run [0-9a-f]{32} in http:\/\/127\.0\.0\.1:\d+ \(experiment control\)$/)
    }))

  for (const [what, failing] of [["a log-batch request", "runs/log-batch"], ["an artifact upload", "config.yaml"]] as const) {
    it.effect(`retried after ${what} failed with 503: exactly one run remains, FINISHED, with every metric`, () =>
      Effect.gen(function*() {
        assert.isAbove(controlKeys.length, 30, "the control run logged its metrics first")
        const experiment = `retried-${failing.replace(/\W/g, "-")}`
        world.server.fail(failing, { status: 503 })
        const outcome = yield* runInVirtualTime(spec(experiment))
        const log = logStage(outcome)
        assert.strictEqual(log.status, "ok", log.detail)
        assert.strictEqual(log.attempts, 2)

        const runs = runsIn(experiment)
        assert.strictEqual(runs.length, 2, "the first attempt created a run before the failure")
        const [kept, ...more] = active(runs)
        assert.deepStrictEqual(more, [], "exactly one run is visible")
        assert.strictEqual(kept!.info.run_id, outcome.tracking?.runId)
        assert.strictEqual(kept!.info.status, "FINISHED")
        assert.deepStrictEqual(Object.keys(latestMetrics(kept!)).sort(), controlKeys)
        for (const name of ["progress.jsonl", "config.yaml"]) {
          assert.isTrue(world.server.artifacts.has(`${kept!.info.experiment_id}/${kept!.info.run_id}/artifacts/${name}`), name)
        }
        // The first attempt's run was marked FAILED by the tracker, then deleted (soft) by the retry.
        const half = runs.find((run) => run !== kept)!
        assert.strictEqual(half.info.lifecycle_stage, "deleted")
        assert.strictEqual(half.info.status, "FAILED")
        assert.strictEqual(half.tags.get("alphabench_run_id"), outcome.runId)
        assert.isTrue(log.detail.endsWith(`; deleted 1 run that earlier attempts left: ${half.info.run_id}`), log.detail)
      }))
  }

  it.effect("names the non-finite metrics it leaves out in the stage's detail and a tag", () =>
    Effect.gen(function*() {
      // The real score stage, after planting NaN and infinity in two configs' summaries.
      const score: StageImplementations["score"] = (input) =>
        Effect.gen(function*() {
          const store = yield* RunStore
          const suite = (yield* store.find(input.runId, "suite"))!
          assert.strictEqual(suite.reference, "lag0_off")
          yield* store.put(input.runId, "suite", {
            ...suite,
            configs: {
              ...suite.configs,
              lag0_off: withOverall(suite.configs.lag0_off!, { ic_mean: Number.NaN }),
              lag1_off: withOverall(suite.configs.lag1_off!, { t_stat: Number.POSITIVE_INFINITY })
            }
          })
          return yield* runScore(input)
        })
      const outcome = yield* runInVirtualTime(spec("nonfinite"), { score })
      const log = logStage(outcome)
      assert.strictEqual(log.status, "ok", log.detail)
      const dropped = "ic_mean=NaN, lag0_off.ic_mean=NaN, lag1_off.t_stat=Infinity"
      assert.isTrue(log.detail.endsWith(`; left out 3 non-finite metrics (MLflow cannot store NaN or infinity): ${dropped}`), log.detail)
      const [run] = runsIn("nonfinite")
      assert.strictEqual(run!.tags.get("dropped_metrics"), dropped)
      const keys = Object.keys(latestMetrics(run!)).sort()
      assert.deepStrictEqual(controlKeys.filter((key) => !keys.includes(key)), ["ic_mean", "lag0_off.ic_mean", "lag1_off.t_stat"])
    }))
})

const withOverall = (result: BacktestResult, change: Partial<SummaryRow>): BacktestResult => ({
  ...result,
  summary: result.summary.map((row) => (row.group === "overall" ? { ...row, ...change } : row))
})
