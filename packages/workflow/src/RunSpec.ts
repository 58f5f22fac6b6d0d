/**
 * One run of an experiment: one signal of a workflow file through its stages, with every path
 * resolved and every default filled. It is the payload of the pipeline workflow, so it is a
 * schema (journaled as JSON by the workflow engine) holding only small plain values.
 */
import { Schema } from "effect"

export const stageNames = ["snapshot", "validate", "load", "backtest", "simulate", "score", "report", "log"] as const
export type StageName = (typeof stageNames)[number]

/** The stages a file may configure (`snapshot` always runs: it resolves the file's `snapshot` key). */
export const configurableStages = ["validate", "load", "backtest", "simulate", "score", "report", "log"] as const
export type ConfigurableStage = (typeof configurableStages)[number]

export const RetrySettings = Schema.Struct({
  /** Retries after the first attempt. */
  times: Schema.Int,
  backoff: Schema.Literals(["exponential", "constant"]),
  baseMs: Schema.Number,
  maxMs: Schema.NullOr(Schema.Number)
})
export type RetrySettings = typeof RetrySettings.Type

export const StageSettings = Schema.Struct({ retry: RetrySettings, timeoutMs: Schema.Number })
export type StageSettings = typeof StageSettings.Type

export const SnapshotSpec = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("id"), id: Schema.String }),
  Schema.Struct({
    kind: Schema.Literal("synthetic"),
    preset: Schema.Literals(["small", "seed", "large"]),
    seed: Schema.NullOr(Schema.Int),
    parameters: Schema.Record(Schema.String, Schema.Union([Schema.Number, Schema.String]))
  }),
  /** A folder of the user's tables, imported (an earlier import with the same content is reused). */
  Schema.Struct({ kind: Schema.Literal("import"), dir: Schema.String })
])
export type SnapshotSpec = typeof SnapshotSpec.Type

export const SignalSpec = Schema.Struct({
  name: Schema.String,
  source: Schema.Union([
    Schema.Struct({ kind: Schema.Literal("file"), path: Schema.String }),
    Schema.Struct({ kind: Schema.Literal("baseline"), name: Schema.String }),
    Schema.Struct({ kind: Schema.Literal("example"), name: Schema.String })
  ])
})
export type SignalSpec = typeof SignalSpec.Type

const Json = Schema.Unknown

export const RunStages = Schema.Struct({
  validate: Schema.NullOr(Schema.Struct({ dropNonfinite: Schema.Boolean, settings: StageSettings })),
  load: Schema.NullOr(Schema.Struct({
    universe: Schema.Literals(["all", "in", "out"]),
    start: Schema.NullOr(Schema.String),
    end: Schema.NullOr(Schema.String),
    verify: Schema.Boolean,
    settings: StageSettings
  })),
  backtest: Schema.NullOr(Schema.Struct({
    /** `runSuite` options without baselines and thresholds (those come from `score`). */
    suite: Json,
    workers: Schema.NullOr(Schema.Int),
    settings: StageSettings
  })),
  simulate: Schema.NullOr(Schema.Struct({
    positions: Json,
    /** The simulation's options as written (checked by packages/simulation). */
    options: Json,
    settings: StageSettings
  })),
  score: Schema.NullOr(Schema.Struct({
    baselines: Schema.Array(Schema.String),
    thresholds: Schema.Record(Schema.String, Schema.Number),
    bootstrap: Json,
    settings: StageSettings
  })),
  report: Schema.NullOr(Schema.Struct({ out: Schema.String, settings: StageSettings })),
  log: Schema.NullOr(Schema.Struct({ tracking: Schema.NullOr(Schema.String), experiment: Schema.String, settings: StageSettings }))
})
export type RunStages = typeof RunStages.Type

export const RunSpec = Schema.Struct({
  workflow: Schema.String,
  description: Schema.NullOr(Schema.String),
  /** The workflow file (absolute). */
  file: Schema.String,
  schedule: Schema.NullOr(Schema.String),
  snapshot: SnapshotSpec,
  /** The snapshots folder (absolute). */
  snapshotsRoot: Schema.String,
  signal: SignalSpec,
  stages: RunStages,
  /** The settings of the `snapshot` step (the file's retry and timeout). */
  snapshotSettings: StageSettings,
  /** The file's content as decoded, for the tracking run's params and config.yaml. */
  config: Json
})
export type RunSpec = typeof RunSpec.Type
