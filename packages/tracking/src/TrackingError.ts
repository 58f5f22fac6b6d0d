/**
 * The one error type of the tracker. Every failure says whether trying again may help
 * (`transient`), so a caller such as the workflow package can drive its own retry schedule
 * with `retry: false`.
 */

/**
 * What went wrong:
 * - `InvalidUri`: the tracking URI cannot be used (unknown scheme, missing host...).
 * - `InvalidInput`: a run record breaks MLflow's rules (bad key, duplicate param...).
 * - `NotFound`: no such run or experiment.
 * - `Http`: the server answered with an error status.
 * - `Network`: the server could not be reached or the connection broke.
 * - `Timeout`: the server did not answer in time.
 * - `Store`: the file store could not be read or written.
 */
export type TrackingErrorReason = "InvalidUri" | "InvalidInput" | "NotFound" | "Http" | "Network" | "Timeout" | "Store"

export interface TrackingErrorFields {
  readonly reason: TrackingErrorReason
  readonly message: string
  readonly transient?: boolean
  /** The request URL (credentials removed) or the store path. */
  readonly url?: string
  /** The HTTP status, when the server answered. */
  readonly status?: number
  /** MLflow's `error_code` (RESOURCE_DOES_NOT_EXIST, INVALID_PARAMETER_VALUE...), when given. */
  readonly errorCode?: string
  readonly cause?: unknown
}

export class TrackingError extends Error {
  readonly _tag = "TrackingError" as const
  readonly reason: TrackingErrorReason
  readonly transient: boolean
  readonly url: string | undefined
  readonly status: number | undefined
  readonly errorCode: string | undefined

  constructor(fields: TrackingErrorFields) {
    super(fields.message, fields.cause === undefined ? undefined : { cause: fields.cause })
    this.name = "TrackingError"
    this.reason = fields.reason
    this.transient = fields.transient ?? false
    this.url = fields.url
    this.status = fields.status
    this.errorCode = fields.errorCode
  }
}

/** True for a TrackingError (also across copies of this package). */
export const isTrackingError = (error: unknown): error is TrackingError =>
  typeof error === "object" && error !== null && (error as { _tag?: unknown })._tag === "TrackingError"

export const invalidInput = (message: string): TrackingError => new TrackingError({ reason: "InvalidInput", message })
