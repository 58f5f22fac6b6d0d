/**
 * The `validate` stage (packages/contract): reads the signal and checks it against the data
 * contract and the snapshot's calendar and securities, every problem at once. A file signal
 * (or a synthetic snapshot's example signal) is read and validated; a registered generator
 * (`baseline: reversal_5d`) is computed from the snapshot by the suite package. The table is
 * kept in memory for the later stages; the journal gets the alignment summary.
 */
import { signalPath } from "@alphabench/catalog"
import { alignSignal, isoDateFromDay, summarizeAlignment } from "@alphabench/contract"
import type { AlignmentSummary } from "@alphabench/contract"
import { Effect, Schema } from "effect"
import { attempt } from "../internal/attempt.ts"
import { baselineRunSignal, checkRunSignalFile, fileSha256 } from "../internal/runSignal.ts"
import { RunStore } from "../RunStore.ts"
import type { RunSpec } from "../RunSpec.ts"
import { ValidationError } from "../StageError.ts"
import type { StageError } from "../StageError.ts"
import type { SnapshotOutput } from "./Snapshot.ts"

export const ValidateOutput = Schema.Struct({
  /** The file read, or `baseline:<name>` for a generated signal. */
  source: Schema.String,
  /** The SHA-256 of the file read (null for a generated signal): another process reading it again checks it. */
  sha256: Schema.NullOr(Schema.String),
  rowsRead: Schema.Int,
  rowsDropped: Schema.Int,
  rowsAligned: Schema.Int,
  tradeDays: Schema.Int,
  firstTradeDay: Schema.NullOr(Schema.String),
  lastTradeDay: Schema.NullOr(Schema.String),
  warnings: Schema.Array(Schema.String)
})
export type ValidateOutput = typeof ValidateOutput.Type

export interface ValidateInput {
  readonly runId: string
  readonly spec: RunSpec
  readonly snapshot: SnapshotOutput
}

const iso = (day: number | null): string | null => (day === null ? null : isoDateFromDay(day))

const summaryOutput = (
  source: string,
  sha256: string | null,
  rowsRead: number,
  rowsDropped: number,
  alignment: AlignmentSummary,
  warnings: ReadonlyArray<string>
): ValidateOutput => ({
  source,
  sha256,
  rowsRead,
  rowsDropped,
  rowsAligned: alignment.diagnostics.rowsAligned,
  tradeDays: alignment.tradeDays,
  firstTradeDay: iso(alignment.firstTradeDay),
  lastTradeDay: iso(alignment.lastTradeDay),
  warnings: [...warnings]
})

export const runValidate = (input: ValidateInput): Effect.Effect<ValidateOutput, StageError, RunStore> =>
  Effect.gen(function*() {
    const { spec, snapshot, runId } = input
    const root = spec.snapshotsRoot
    const store = yield* RunStore
    const source = spec.signal.source
    const dropNonfinite = spec.stages.validate?.dropNonfinite ?? false
    if (source.kind === "baseline") {
      const { panel, table } = yield* attempt("validate", () => baselineRunSignal(root, snapshot.id, source.name))
      const alignment = summarizeAlignment(alignSignal(table, panel.dates, panel.securityIds, { lag: 0 }), panel.dates)
      yield* store.put(runId, "signal", table)
      return summaryOutput(`baseline:${source.name}`, null, table.length, 0, alignment, [])
    }
    const path = source.kind === "file" ? source.path : yield* attempt("validate", () => signalPath(root, snapshot.id, source.name))
    const report = yield* attempt("validate", () => checkRunSignalFile(root, snapshot.id, path, dropNonfinite))
    const v = report.validation
    const errors = v.problems.filter((p) => p.severity === "error")
    if (!v.ok || v.table === null || report.alignment === null) {
      return yield* new ValidationError({
        stage: "validate",
        message: `${path} is not a valid signal file: ${errors.length} error${errors.length === 1 ? "" : "s"}` +
          (errors.length > 0 ? `; ${errors[0]!.message}` : ""),
        problems: errors.map((p) => p.message)
      })
    }
    const sha256 = yield* attempt("validate", () => fileSha256(path))
    yield* store.put(runId, "signal", v.table)
    const warnings = v.problems.filter((p) => p.severity === "warning").map((p) => p.message)
    return summaryOutput(path, sha256, v.rowsRead, v.rowsDropped, report.alignment, warnings)
  })
