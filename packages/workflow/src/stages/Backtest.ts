/**
 * The `backtest` stage (packages/suite): the grid of configs (lags x residualizations), the
 * baselines the `score` stage asks for and the decay surface, as one suite run on a pool of
 * worker threads sharing the panel. Every finished cell is reported as progress. The pool is
 * a scoped resource: a timeout or an interruption stops its threads.
 */
import { createSuitePool, resolveSuiteOptions, runSuite, suiteFields } from "@alphabench/suite"
import { Effect, Schema } from "effect"
import { attempt } from "../internal/attempt.ts"
import { preloadTearsheet } from "../internal/renderReport.ts"
import { suiteOptionsOf, workersOf } from "../internal/stageOptions.ts"
import { Progress } from "../Progress.ts"
import { requireRunValue, RunStore } from "../RunStore.ts"
import type { RunSpec } from "../RunSpec.ts"
import type { StageError } from "../StageError.ts"

export const BacktestOutput = Schema.Struct({
  /** Config keys of the grid, in order (`lag0_off`, ...). */
  configs: Schema.Array(Schema.String),
  reference: Schema.String,
  baselines: Schema.Array(Schema.String),
  /** Engine runs: configs, baselines and decay cells. */
  cells: Schema.Int,
  referenceSharpe: Schema.Number,
  workers: Schema.Int
})
export type BacktestOutput = typeof BacktestOutput.Type

export interface BacktestInput {
  readonly runId: string
  readonly spec: RunSpec
}

export const runBacktest = (input: BacktestInput): Effect.Effect<BacktestOutput, StageError, RunStore | Progress> =>
  Effect.scoped(Effect.gen(function*() {
    const { spec, runId } = input
    const panel = yield* requireRunValue("backtest", runId, "panel")
    const signal = yield* requireRunValue("backtest", runId, "signal")
    const progress = yield* Progress
    const options = suiteOptionsOf(spec)
    const used = yield* attempt("backtest", () => resolveSuiteOptions(options))
    const pool = yield* Effect.acquireRelease(
      attempt("backtest", () => createSuitePool(panel, { workers: workersOf(spec), fields: suiteFields(used) })),
      (pool) => Effect.promise(() => pool.close())
    )
    let cells = 0
    if (spec.stages.report !== null) preloadTearsheet()
    const suite = yield* attempt("backtest", () =>
      runSuite(panel, signal, { ...options, pool }, {
        onProgress: (done, total, label) => {
          cells = total
          Effect.runSync(progress.emit({ type: "stage-cells", runId, stage: "backtest", done, total, label, at: Date.now() }))
        }
      })
    )
    yield* (yield* RunStore).put(runId, "suite", suite)
    const reference = suite.configs[suite.reference]!
    return {
      configs: suite.grid.map((cell) => cell.key),
      reference: suite.reference,
      baselines: Object.keys(suite.baselines),
      cells,
      referenceSharpe: reference.summary.find((row) => row.group === "overall")?.sharpe ?? 0,
      workers: pool.workers
    }
  }))
