/**
 * Errors the command line reports in words. Each carries its process exit code and is printed
 * once by `bin.ts` (no stack trace: the message names the file, column, row or value at fault).
 */
import { Data, Runtime } from "effect"

/** Exit code for input the user can fix: a bad file, flag value or snapshot id. */
export const EXIT_INVALID_INPUT = 2
/** Exit code when the work ran and failed (a run that did not complete). */
export const EXIT_FAILED = 1

export class CliError extends Data.TaggedError("CliError")<{
  readonly message: string
  readonly exitCode: number
}> {
  override get [Runtime.errorExitCode](): number {
    return this.exitCode
  }
  override readonly [Runtime.errorReported] = false
}

/** A CliError for input the user must fix (exit code 2). */
export const invalidInput = (message: string): CliError => new CliError({ message, exitCode: EXIT_INVALID_INPUT })

/** Turns anything thrown by a plain (non-Effect) library call into a CliError with its message. */
export const fromThrown = (error: unknown, exitCode = EXIT_INVALID_INPUT): CliError =>
  error instanceof CliError
    ? error
    : new CliError({ message: error instanceof Error ? error.message : String(error), exitCode })
