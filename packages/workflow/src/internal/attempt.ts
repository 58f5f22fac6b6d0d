/** Runs a plain library call (sync or async) inside a stage, turning what it throws into a StageError. */
import { Effect } from "effect"
import { stageErrorOf } from "../StageError.ts"
import type { StageError } from "../StageError.ts"

export const attempt = <A>(stage: string, work: () => A | Promise<A>): Effect.Effect<A, StageError> =>
  Effect.tryPromise({ try: async () => work(), catch: (error) => stageErrorOf(stage, error) })
