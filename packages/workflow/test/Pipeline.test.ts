/**
 * The pipeline's execution rules, in virtual time: transient failures are retried with the
 * file's schedule (a tracking server that answers 503 twice, then accepts), a validation error
 * is never retried, a stage past its time limit fails with StageTimeout, and stages that need
 * a failed or left-out stage are skipped with the reason.
 *
 * The runs use a tiny synthetic snapshot (created once, outside virtual time) and the real
 * stages, except where a test puts its own stage in through the StageRegistry.
 */
import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Result } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { IoError, planExperimentText, ValidationError } from "../src/index.ts"
import type { RunOutcome, RunSpec, StageImplementations } from "../src/index.ts"
import { pipelineWorld, runInVirtualTime } from "./support/pipelineWorld.ts"

const world = pipelineWorld("alphabench-pipeline-")
const { scratch, snapshots } = world

const spec = (yaml: string): RunSpec => {
  const planned = planExperimentText(yaml, join(scratch, "test.yaml"), { snapshotsRoot: snapshots })
  if (Result.isFailure(planned)) throw new Error(planned.failure.map((i) => i.message).join("\n"))
  return planned.success.runs[0]!
}

const stage = (outcome: RunOutcome, name: string) => outcome.stages.find((s) => s.stage === name)!

describe("pipeline", () => {
  it.effect("retries a tracking server that fails twice with 503, then logs the run", () =>
    Effect.gen(function*() {
      world.server.fail("runs/create", { status: 503 }, { status: 503 })
      const before = world.server.runs.size
      const outcome = yield* runInVirtualTime(spec(`
name: retried
snapshot: latest
signal: { example: demo_alpha }
stages:
  validate: {}
  load: {}
  log: { tracking: "${world.server.url}", retry: { times: 3, backoff: exponential, base: 1s } }
`))
      const log = stage(outcome, "log")
      assert.strictEqual(log.status, "ok", log.detail)
      assert.strictEqual(log.attempts, 3)
      assert.strictEqual(world.server.runs.size, before + 1)
      assert.strictEqual(outcome.tracking?.runId, [...world.server.runs.keys()].at(-1))
      const creates = world.server.requests.filter((r) => r.path.endsWith("runs/create"))
      assert.strictEqual(creates.length, 3)
    }))

  it.effect("waits the declared backoff between attempts of a transient failure", () =>
    Effect.gen(function*() {
      const times: Array<number> = []
      const flakyLoad: StageImplementations["load"] = () =>
        Effect.gen(function*() {
          times.push(yield* Clock.currentTimeMillis)
          return yield* new IoError({ stage: "load", message: "EBUSY: resource busy", code: "EBUSY", transient: true })
        })
      const outcome = yield* runInVirtualTime(
        spec(`
name: flaky
snapshot: latest
signal: { example: demo_alpha }
retry: { times: 2, backoff: exponential, base: 500ms }
stages: { validate: {}, load: {} }
`),
        { load: flakyLoad },
        50
      )
      assert.strictEqual(stage(outcome, "load").status, "failed")
      assert.strictEqual(stage(outcome, "load").attempts, 3)
      // Attempts at t, t + 500 ms, t + 500 + 1000 ms (exponential from 500 ms).
      assert.deepStrictEqual(times.map((t) => t - times[0]!), [0, 500, 1500])
      assert.strictEqual(stage(outcome, "load").error?.tag, "IoError")
    }))

  it.effect("never retries a validation error, and skips what needs the failed stage", () =>
    Effect.gen(function*() {
      const bad = join(scratch, "bad-signal.csv")
      writeFileSync(bad, "security_id,date_sig,date_avail,signal\n1,2023-01-03,2023-01-02,0.5\n")
      const outcome = yield* runInVirtualTime(spec(`
name: invalid
snapshot: latest
signal: ${bad}
retry: { times: 5, base: 10ms }
stages: { validate: {}, load: {}, backtest: {}, score: {} }
`))
      const validate = stage(outcome, "validate")
      assert.strictEqual(validate.status, "failed")
      assert.strictEqual(validate.attempts, 1)
      assert.strictEqual(validate.error?.tag, "ValidationError")
      assert.match(validate.error?.problems[0] ?? "", /date_avail/)
      assert.strictEqual(outcome.status, "failed")
      assert.deepStrictEqual(
        outcome.stages.filter((s) => s.status === "skipped").map((s) => [s.stage, s.detail]),
        [
          ["load", "needs validate, which failed"],
          ["backtest", "needs validate, which failed"],
          ["simulate", "not in the workflow file"],
          ["score", "needs backtest, which was skipped"],
          ["report", "not in the workflow file"],
          ["log", "not in the workflow file"]
        ]
      )
    }))

  it.effect("fails a stage that runs past its time limit with StageTimeout", () =>
    Effect.gen(function*() {
      const outcome = yield* runInVirtualTime(
        spec(`
name: slow
snapshot: latest
signal: { example: demo_alpha }
stages: { validate: {}, load: { timeout: 5s }, backtest: {} }
`),
        { load: () => Effect.never },
        250
      )
      const load = stage(outcome, "load")
      assert.strictEqual(load.status, "failed")
      assert.strictEqual(load.error?.tag, "StageTimeout")
      assert.strictEqual(load.detail, "StageTimeout: load did not finish within 5s")
      assert.isAtLeast(load.durationMs, 5000)
      assert.isBelow(load.durationMs, 5500)
      assert.strictEqual(stage(outcome, "backtest").detail, "needs load, which failed")
    }))

  it.effect("a replaced stage's typed error reaches the outcome as it was", () =>
    Effect.gen(function*() {
      const outcome = yield* runInVirtualTime(
        spec(`
name: replaced
snapshot: latest
signal: { example: demo_alpha }
stages: { validate: {}, load: {} }
`),
        { validate: () => Effect.fail(new ValidationError({ stage: "validate", message: "rejected by the test", problems: ["one", "two"] })) }
      )
      assert.deepStrictEqual(stage(outcome, "validate").error, { tag: "ValidationError", message: "rejected by the test", problems: ["one", "two"] })
    }))

  it.effect("runs the real stages end to end and reports what each did", () =>
    Effect.gen(function*() {
      const outcome = yield* runInVirtualTime(spec(`
name: real
snapshot: latest
signal: { example: demo_alpha }
stages:
  validate: {}
  load: {}
  backtest: { grid: { lags: [0, 1], residualize: [off] }, decay: false, mincos: 3, workers: 1 }
  simulate: { positions: { method: top_n, n: 5, side: both } }
  score: { baselines: [value] }
`))
      assert.strictEqual(outcome.status, "ok", JSON.stringify(outcome.stages))
      assert.deepStrictEqual(outcome.stages.map((s) => [s.stage, s.status]), [
        ["snapshot", "ok"],
        ["validate", "ok"],
        ["load", "ok"],
        ["backtest", "ok"],
        ["simulate", "ok"],
        ["score", "ok"],
        ["report", "skipped"],
        ["log", "skipped"]
      ])
      assert.match(stage(outcome, "backtest").detail, /^2 configs, 1 baseline, 3 cells on 1 worker; lag0_off Sharpe -?\d+\.\d\d$/)
      assert.isNotNull(outcome.verdict)
      assert.include(["green", "yellow", "red"], outcome.verdict?.color)
    }))
})
