/**
 * Where the backtest stage runs the suite's grid cells. By default (`CellExecution` unset)
 * they run on a pool of worker threads in this process. A cluster worker sets it to a factory
 * that, given the run's journaled facts (snapshot id and content hash, the signal file and its
 * SHA-256), returns an executor sending each cell to whichever worker hosts its shard.
 */
import type { SuiteCellExecutor } from "@alphabench/suite"
import { Context } from "effect"
import type { SignalFacts } from "./internal/runSignal.ts"
import type { SnapshotFacts } from "./internal/snapshotFacts.ts"
import type { RunSpec } from "./RunSpec.ts"
import type { SnapshotOutput } from "./stages/Snapshot.ts"
import type { ValidateOutput } from "./stages/Validate.ts"

export type { SignalFacts, SnapshotFacts }

/** What a cell needs to know about its run: small, journaled facts only. */
export interface CellRunFacts {
  readonly runId: string
  readonly spec: RunSpec
  readonly snapshot: SnapshotFacts
  readonly signal: SignalFacts
  /** The backtest stage's attempt: cells of a retried attempt run again rather than replaying a failure. */
  readonly attempt: number
}

export type CellExecutorFactory = (facts: CellRunFacts) => SuiteCellExecutor

export const CellExecution = Context.Reference<CellExecutorFactory | null>("@alphabench/workflow/CellExecution", {
  defaultValue: () => null
})

/** The attempt of the stage running now (1 = the first); set by the pipeline around each attempt. */
export const StageAttempt = Context.Reference<number>("@alphabench/workflow/StageAttempt", { defaultValue: () => 1 })

/** The facts of a run's signal from its validate stage's output, or null when they do not say enough. */
export const signalFactsOf = (spec: RunSpec, validate: ValidateOutput): SignalFacts | null => {
  if (validate.source.startsWith("baseline:")) return { kind: "baseline", name: validate.source.slice("baseline:".length) }
  if (validate.sha256 === null) return null
  return { kind: "file", path: validate.source, sha256: validate.sha256, dropNonfinite: spec.stages.validate?.dropNonfinite ?? false }
}

/** The facts a cell executor is made from, or null when the run's journal lacks them. */
export const cellRunFacts = (
  runId: string,
  spec: RunSpec,
  snapshot: SnapshotOutput | undefined,
  validate: ValidateOutput | undefined,
  attempt: number
): CellRunFacts | null => {
  if (snapshot === undefined || validate === undefined) return null
  const signal = signalFactsOf(spec, validate)
  if (signal === null) return null
  return { runId, spec, snapshot: { root: spec.snapshotsRoot, id: snapshot.id, hash: snapshot.hash }, signal, attempt }
}
