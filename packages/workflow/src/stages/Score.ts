/**
 * The `score` stage: the composite score, grade and verdict of spec/suite.md. The suite
 * computes them in the same run as the grid (they need the baselines' backtests, which the
 * `score` stage asks the backtest stage for), so this stage reads them from the suite result
 * and publishes them: into the journal, the run's outcome and the tracking tags.
 */
import { Effect, Schema } from "effect"
import { requireRunValue } from "../RunStore.ts"
import type { RunStore } from "../RunStore.ts"
import type { StageError } from "../StageError.ts"

export const ScoreOutput = Schema.Struct({
  score: Schema.Number,
  grade: Schema.String,
  verdict: Schema.String,
  reasons: Schema.Array(Schema.String),
  components: Schema.Record(Schema.String, Schema.Number),
  notes: Schema.Array(Schema.String)
})
export type ScoreOutput = typeof ScoreOutput.Type

export interface ScoreInput {
  readonly runId: string
}

export const runScore = (input: ScoreInput): Effect.Effect<ScoreOutput, StageError, RunStore> =>
  Effect.map(requireRunValue("score", input.runId, "suite"), (suite) => ({
    score: suite.score.total,
    grade: suite.grade,
    verdict: suite.verdict.color,
    reasons: [...suite.verdict.reasons],
    components: { ...suite.score.components },
    notes: [...suite.score.notes]
  }))
