/**
 * The stage implementations the pipeline runs, as a service: the real ones by default
 * (`StageRegistry.layer`), and any of them replaceable (tests put a failing or slow stage in,
 * a deployment could put in a remote one) without touching the pipeline.
 */
import { Context, Layer } from "effect"
import type { Effect } from "effect"
import type { Progress } from "./Progress.ts"
import type { RunStore } from "./RunStore.ts"
import type { StageError } from "./StageError.ts"
import { runBacktest } from "./stages/Backtest.ts"
import type { BacktestInput, BacktestOutput } from "./stages/Backtest.ts"
import { runLoad } from "./stages/Load.ts"
import type { LoadInput, LoadOutput } from "./stages/Load.ts"
import { runLog } from "./stages/Log.ts"
import type { LogInput, LogOutput } from "./stages/Log.ts"
import { runReport } from "./stages/Report.ts"
import type { ReportInput, ReportOutput } from "./stages/Report.ts"
import { runScore } from "./stages/Score.ts"
import type { ScoreInput, ScoreOutput } from "./stages/Score.ts"
import { runSimulate } from "./stages/Simulate.ts"
import type { SimulateInput, SimulateOutput } from "./stages/Simulate.ts"
import { runSnapshot } from "./stages/Snapshot.ts"
import type { SnapshotInput, SnapshotOutput } from "./stages/Snapshot.ts"
import { runValidate } from "./stages/Validate.ts"
import type { ValidateInput, ValidateOutput } from "./stages/Validate.ts"

/** What a stage may use besides its input. */
export type StageServices = RunStore | Progress

type Stage<I, O> = (input: I) => Effect.Effect<O, StageError, StageServices>

export interface StageImplementations {
  readonly snapshot: Stage<SnapshotInput, SnapshotOutput>
  readonly validate: Stage<ValidateInput, ValidateOutput>
  readonly load: Stage<LoadInput, LoadOutput>
  readonly backtest: Stage<BacktestInput, BacktestOutput>
  readonly simulate: Stage<SimulateInput, SimulateOutput>
  readonly score: Stage<ScoreInput, ScoreOutput>
  readonly report: Stage<ReportInput, ReportOutput>
  readonly log: Stage<LogInput, LogOutput>
}

export const defaultStages: StageImplementations = {
  snapshot: runSnapshot,
  validate: runValidate,
  load: runLoad,
  backtest: runBacktest,
  simulate: runSimulate,
  score: runScore,
  report: runReport,
  log: runLog
}

export class StageRegistry extends Context.Service<StageRegistry, StageImplementations>()("@alphabench/workflow/StageRegistry") {
  static readonly layer = Layer.succeed(StageRegistry, StageRegistry.of(defaultStages))

  /** The real stages with some replaced. */
  static readonly layerWith = (overrides: Partial<StageImplementations>) =>
    Layer.succeed(StageRegistry, StageRegistry.of({ ...defaultStages, ...overrides }))
}
