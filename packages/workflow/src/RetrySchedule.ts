/**
 * A stage's retry schedule from the workflow file's `retry: { times, backoff, base, max }`:
 * exponential (`base`, 2 x `base`, 4 x `base`, ...) or constant delays, each capped at `max`,
 * at most `times` retries, and only while the error is transient.
 */
import { Duration, Effect, Schedule } from "effect"
import type { RetrySettings } from "./RunSpec.ts"
import { isTransient } from "./StageError.ts"
import type { StageError } from "./StageError.ts"

/** The delays between attempts, without the retry limit. */
export const retryDelays = (settings: RetrySettings): Schedule.Schedule<unknown, unknown> => {
  const base = Duration.millis(settings.baseMs)
  const delays: Schedule.Schedule<unknown, unknown> = settings.backoff === "exponential" ? Schedule.exponential(base, 2) : Schedule.spaced(base)
  return settings.maxMs === null ? delays : Schedule.min([delays, Schedule.spaced(Duration.millis(settings.maxMs))])
}

/** The delay before retry `n` (1 = the first retry), as `retryDelays` waits it. */
export const retryDelayMs = (settings: RetrySettings, n: number): number => {
  const raw = settings.backoff === "exponential" ? settings.baseMs * 2 ** (n - 1) : settings.baseMs
  return settings.maxMs === null ? raw : Math.min(raw, settings.maxMs)
}

/** Retries `effect` on transient errors with the schedule of `settings`. */
export const withRetry = <A, R>(
  effect: Effect.Effect<A, StageError, R>,
  settings: RetrySettings
): Effect.Effect<A, StageError, R> =>
  settings.times === 0
    ? effect
    : Effect.retry(effect, { schedule: retryDelays(settings), times: settings.times, while: isTransient })
