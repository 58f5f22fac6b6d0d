/**
 * What a run came to: each stage's status (ok, failed, skipped) with its duration, attempts
 * and a one-line detail, and the run's headline results (verdict, tear sheet, tracking run).
 * It is the pipeline workflow's result, so it is a schema of plain values.
 */
import { Schema } from "effect"
import { stageNames } from "./RunSpec.ts"

export const StageOutcome = Schema.Struct({
  stage: Schema.Literals(stageNames),
  status: Schema.Literals(["ok", "failed", "skipped"]),
  durationMs: Schema.Number,
  /** Attempts made (0 for a skipped stage). */
  attempts: Schema.Int,
  /** What the stage did, why it was skipped, or why it failed. */
  detail: Schema.String,
  error: Schema.NullOr(Schema.Struct({ tag: Schema.String, message: Schema.String, problems: Schema.Array(Schema.String) }))
})
export type StageOutcome = typeof StageOutcome.Type

export const RunOutcome = Schema.Struct({
  runId: Schema.String,
  workflow: Schema.String,
  file: Schema.String,
  signal: Schema.String,
  status: Schema.Literals(["ok", "failed"]),
  startedAt: Schema.Number,
  durationMs: Schema.Number,
  stages: Schema.Array(StageOutcome),
  snapshot: Schema.NullOr(Schema.Struct({ id: Schema.String, hash: Schema.String, created: Schema.Boolean })),
  verdict: Schema.NullOr(Schema.Struct({
    score: Schema.Number,
    grade: Schema.String,
    color: Schema.String,
    reasons: Schema.Array(Schema.String)
  })),
  report: Schema.NullOr(Schema.Struct({ dir: Schema.String, tearsheet: Schema.String })),
  tracking: Schema.NullOr(Schema.Struct({
    runId: Schema.String,
    experimentId: Schema.String,
    experiment: Schema.String,
    uri: Schema.String
  }))
})
export type RunOutcome = typeof RunOutcome.Type
