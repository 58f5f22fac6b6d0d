/**
 * The one error every refusal of the catalog throws: a bad snapshot id, a missing or tampered
 * file, an import whose tables do not fit together. The message says what is wrong, where (file,
 * column, row, value) and what was expected, so the command line can print it as it is.
 */
export class SnapshotError extends Error {
  readonly _tag = "SnapshotError" as const

  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options)
    this.name = "SnapshotError"
  }
}

/** Whether `error` is a SnapshotError (also across copies of this package). */
export const isSnapshotError = (error: unknown): error is SnapshotError =>
  typeof error === "object" && error !== null && (error as { _tag?: unknown })._tag === "SnapshotError"
