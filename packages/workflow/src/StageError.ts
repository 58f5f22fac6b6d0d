/**
 * The errors a stage fails with. Each is a tagged, schema-encodable error (the workflow
 * engine journals it), and each says whether another attempt may help: only transient ones
 * (an I/O hiccup, a tracking server that is down or overloaded) are retried, with the
 * schedule the workflow file declares. A signal that breaks the contract, a bad option, a
 * missing snapshot or a timeout is never retried.
 */
import { isSnapshotError } from "@alphabench/catalog"
import { BacktestConfigError } from "@alphabench/engine"
import { SimulationInputError } from "@alphabench/simulation"
import { SuiteOptionsError } from "@alphabench/suite"
import { isTrackingError } from "@alphabench/tracking"
import { Schema } from "effect"

/** The signal or an option breaks a rule the user must fix (the message says which). */
export class ValidationError extends Schema.TaggedError<ValidationError>()("ValidationError", {
  stage: Schema.String,
  message: Schema.String,
  /** The contract's problems, one line each, when the signal file is at fault. */
  problems: Schema.Array(Schema.String)
}) {}

/** The snapshot is missing, malformed or does not match its manifest. */
export class SnapshotError extends Schema.TaggedError<SnapshotError>()("SnapshotError", {
  stage: Schema.String,
  message: Schema.String
}) {}

/** A file could not be read or written. Transient unless the cause is one retrying cannot fix (no such file, no permission). */
export class IoError extends Schema.TaggedError<IoError>()("IoError", {
  stage: Schema.String,
  message: Schema.String,
  code: Schema.String,
  transient: Schema.Boolean
}) {}

/** The tracking server could not be reached or answered 5xx / 408 / 429: worth another attempt. */
export class TrackingUnavailable extends Schema.TaggedError<TrackingUnavailable>()("TrackingUnavailable", {
  stage: Schema.String,
  message: Schema.String,
  uri: Schema.String
}) {}

/** The tracking store refused the run (a 4xx, a bad URI, a store that cannot be written). */
export class TrackingRejected extends Schema.TaggedError<TrackingRejected>()("TrackingRejected", {
  stage: Schema.String,
  message: Schema.String,
  uri: Schema.String
}) {}

/** A stage ran past its time limit (retries included). */
export class StageTimeout extends Schema.TaggedError<StageTimeout>()("StageTimeout", {
  stage: Schema.String,
  timeoutMs: Schema.Number,
  message: Schema.String
}) {}

/** Something failed that should not have: a bug, reported with its message. */
export class InternalError extends Schema.TaggedError<InternalError>()("InternalError", {
  stage: Schema.String,
  message: Schema.String
}) {}

export const StageError = Schema.Union([
  ValidationError,
  SnapshotError,
  IoError,
  TrackingUnavailable,
  TrackingRejected,
  StageTimeout,
  InternalError
])
export type StageError = typeof StageError.Type

/** Whether another attempt may succeed. */
export const isTransient = (error: StageError): boolean =>
  error._tag === "TrackingUnavailable" || (error._tag === "IoError" && error.transient)

/** System error codes another attempt cannot fix. */
const PERMANENT_IO_CODES = new Set(["ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "EROFS", "EEXIST", "ENAMETOOLONG", "ENOSPC", "EINVAL"])

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** A `TypeError` a library throws for a panel that lacks a field the stage needs (an imported snapshot without that table). */
const isMissingPanelField = (error: unknown): boolean =>
  error instanceof TypeError && /panel field|needs the panel|were not loaded/.test(error.message)

/**
 * The stage error for anything a library call threw: its own error classes become
 * ValidationError / SnapshotError / Tracking*, system errors become IoError, anything else is
 * an InternalError.
 */
export const stageErrorOf = (stage: string, error: unknown): StageError => {
  if (
    error instanceof ValidationError || error instanceof SnapshotError || error instanceof IoError ||
    error instanceof TrackingUnavailable || error instanceof TrackingRejected || error instanceof StageTimeout ||
    error instanceof InternalError
  ) return error
  if (isSnapshotError(error)) return new SnapshotError({ stage, message: messageOf(error) })
  if (isTrackingError(error)) {
    const uri = error.url ?? ""
    return error.transient
      ? new TrackingUnavailable({ stage, message: error.message, uri })
      : new TrackingRejected({ stage, message: error.message, uri })
  }
  if (
    error instanceof SuiteOptionsError || error instanceof BacktestConfigError || error instanceof SimulationInputError ||
    isMissingPanelField(error)
  ) {
    return new ValidationError({ stage, message: messageOf(error), problems: [] })
  }
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) {
    return new IoError({ stage, message: messageOf(error), code, transient: !PERMANENT_IO_CODES.has(code) })
  }
  return new InternalError({ stage, message: messageOf(error) })
}
