/**
 * The `backtest` stage (packages/suite): the grid of configs (lags x residualizations), the
 * baselines the `score` stage asks for and the decay surface, as one suite run on a pool of
 * worker threads sharing the panel. Every finished cell is reported as progress. The pool is
 * a scoped resource: a timeout or an interruption stops its threads. When `CellExecution` is
 * set (a cluster worker), the cells go to its executor instead, made from the run's journaled
 * facts (the snapshot and validate outputs in the input), and no pool is started here.
 */
import { createSuitePool, resolveSuiteOptions, runSuite, suiteFields } from "@alphabench/suite"
import type { SuiteResult } from "@alphabench/suite"
import { Effect, Schema } from "effect"
import { cellRunFacts, CellExecution, StageAttempt } from "../CellExecution.ts"
import { attempt } from "../internal/attempt.ts"
import { preloadTearsheet } from "../internal/renderReport.ts"
import { suiteOptionsOf, workersOf } from "../internal/stageOptions.ts"
import { Progress } from "../Progress.ts"
import { requireRunValue, RunStore } from "../RunStore.ts"
import type { RunSpec } from "../RunSpec.ts"
import type { StageError } from "../StageError.ts"
import type { SnapshotOutput } from "./Snapshot.ts"
import type { ValidateOutput } from "./Validate.ts"

export const BacktestOutput = Schema.Struct({
  /** Config keys of the grid, in order (`lag0_off`, ...). */
  configs: Schema.Array(Schema.String),
  reference: Schema.String,
  baselines: Schema.Array(Schema.String),
  /** Engine runs: configs, baselines and decay cells. */
  cells: Schema.Int,
  referenceSharpe: Schema.Number,
  /** Threads of this process that ran the cells; 0 when they ran on the cluster's workers. */
  workers: Schema.Int
})
export type BacktestOutput = typeof BacktestOutput.Type

export interface BacktestInput {
  readonly runId: string
  readonly spec: RunSpec
  /** The run's snapshot and validate results: the facts another process reads the same inputs from. */
  readonly snapshot?: SnapshotOutput
  readonly validate?: ValidateOutput
}

export const runBacktest = (input: BacktestInput): Effect.Effect<BacktestOutput, StageError, RunStore | Progress> =>
  Effect.scoped(Effect.gen(function*() {
    const { spec, runId } = input
    const panel = yield* requireRunValue("backtest", runId, "panel")
    const signal = yield* requireRunValue("backtest", runId, "signal")
    const progress = yield* Progress
    const options = suiteOptionsOf(spec)
    const used = yield* attempt("backtest", () => resolveSuiteOptions(options))
    let cells = 0
    const onProgress = (done: number, total: number, label: string) => {
      cells = total
      Effect.runSync(progress.emit({ type: "stage-cells", runId, stage: "backtest", done, total, label, at: Date.now() }))
    }
    if (spec.stages.report !== null) preloadTearsheet()
    const factory = yield* CellExecution
    const facts = factory === null ? null : cellRunFacts(runId, spec, input.snapshot, input.validate, yield* StageAttempt)
    let suite: SuiteResult
    let workers: number
    if (factory !== null && facts !== null) {
      const executor = factory(facts)
      suite = yield* attempt("backtest", () => runSuite(panel, signal, { ...options, executor }, { onProgress }))
      workers = executor.workers
    } else {
      const pool = yield* Effect.acquireRelease(
        attempt("backtest", () => createSuitePool(panel, { workers: workersOf(spec), fields: suiteFields(used) })),
        (pool) => Effect.promise(() => pool.close())
      )
      suite = yield* attempt("backtest", () => runSuite(panel, signal, { ...options, pool }, { onProgress }))
      workers = pool.workers
    }
    yield* (yield* RunStore).put(runId, "suite", suite)
    const reference = suite.configs[suite.reference]!
    return {
      configs: suite.grid.map((cell) => cell.key),
      reference: suite.reference,
      baselines: Object.keys(suite.baselines),
      cells,
      referenceSharpe: reference.summary.find((row) => row.group === "overall")?.sharpe ?? 0,
      workers
    }
  }))
