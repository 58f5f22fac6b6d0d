/**
 * Running a plain (non-Effect) library call from a command: the errors `isUserError` accepts
 * are the user's to fix and become one clear message with exit code 2; anything else is a bug
 * and is reported as an internal error by bin.ts.
 */
import { isSnapshotError } from "@alphabench/catalog"
import { Effect } from "effect"
import { invalidInput } from "./CliError.ts"

export const attemptWith =
  (isUserError: (error: unknown) => boolean) =>
  <A>(work: () => Promise<A> | A) =>
    Effect.tryPromise({ try: async () => work(), catch: (error) => error }).pipe(
      Effect.catch((error) =>
        isUserError(error) ? Effect.fail(invalidInput((error as Error).message)) : Effect.die(error)
      )
    )

/** A library call whose only user error is a SnapshotError (an unknown id, a damaged snapshot...). */
export const attempt = attemptWith(isSnapshotError)
