/**
 * What a run keeps in memory between its stages. The workflow engine journals only small,
 * schema-encodable stage results (ids, hashes, paths, metrics); the panel, the signal table and
 * the suite and simulation results are typed arrays that cannot go into a JSON journal, so they
 * live here, keyed by run id, for as long as the run lasts.
 *
 * A run resumed by a durable engine in another process (a cluster worker taking over from one
 * that died) finds them missing. For that, the pipeline registers with each value how to
 * compute it again from the journal (`rebuildWith`: the stage that made it, run again on the
 * journaled snapshot id, content hash and signal file hash); `find` runs it on a miss. A value
 * missing with no way to rebuild it is an InternalError naming the stage.
 */
import type { Panel } from "@alphabench/catalog"
import type { SignalTable } from "@alphabench/contract"
import type { SimulationReport } from "@alphabench/simulation"
import type { SuiteResult } from "@alphabench/suite"
import { Context, Effect, Layer } from "effect"
import type { ProgressEvent } from "./Progress.ts"
import { InternalError } from "./StageError.ts"
import type { StageError } from "./StageError.ts"

/** The in-memory values of one run, by name. */
export interface RunValues {
  readonly signal: SignalTable
  readonly panel: Panel
  readonly suite: SuiteResult
  readonly simulation: SimulationReport
}

export class RunStore extends Context.Service<RunStore, {
  readonly put: <K extends keyof RunValues>(runId: string, key: K, value: RunValues[K]) => Effect.Effect<void>
  /** The value, rebuilt first when it is missing and has a rebuild; undefined when the run has none. */
  readonly find: <K extends keyof RunValues>(runId: string, key: K) => Effect.Effect<RunValues[K] | undefined, StageError>
  /** How to compute `key` again (it must `put` it) when a later stage finds it missing. */
  readonly rebuildWith: <K extends keyof RunValues>(runId: string, key: K, rebuild: Effect.Effect<void, StageError>) => Effect.Effect<void>
  readonly record: (event: ProgressEvent) => Effect.Effect<void>
  readonly events: (runId: string) => Effect.Effect<ReadonlyArray<ProgressEvent>>
  /** Forgets everything of a run (call when it ends). */
  readonly drop: (runId: string) => Effect.Effect<void>
  /**
   * Forgets a run's values but keeps how to compute them again: for a run interrupted here
   * (its shard moved to another worker) whose uninterruptible activity may still be finishing.
   */
  readonly forget: (runId: string) => Effect.Effect<void>
}>()("@alphabench/workflow/RunStore") {
  static readonly layer = Layer.sync(RunStore, () => {
    const values = new Map<string, Partial<Record<keyof RunValues, unknown>>>()
    const rebuilds = new Map<string, Partial<Record<keyof RunValues, Effect.Effect<void, StageError>>>>()
    const events = new Map<string, Array<ProgressEvent>>()
    const current = <K extends keyof RunValues>(runId: string, key: K) => values.get(runId)?.[key] as RunValues[K] | undefined
    return RunStore.of({
      put: (runId, key, value) =>
        Effect.sync(() => {
          const entry = values.get(runId) ?? {}
          entry[key] = value
          values.set(runId, entry)
        }),
      find: <K extends keyof RunValues>(runId: string, key: K) =>
        Effect.suspend(() => {
          const value = current(runId, key)
          const rebuild = rebuilds.get(runId)?.[key]
          if (value !== undefined || rebuild === undefined) return Effect.succeed(value)
          return Effect.logInfo(`run ${runId}: computing its ${key} again (the stage that made it ran in another process)`).pipe(
            Effect.andThen(rebuild),
            Effect.andThen(Effect.sync(() => current(runId, key)))
          )
        }),
      rebuildWith: (runId, key, rebuild) =>
        Effect.sync(() => {
          const entry = rebuilds.get(runId) ?? {}
          entry[key] = rebuild
          rebuilds.set(runId, entry)
        }),
      record: (event) =>
        Effect.sync(() => {
          const list = events.get(event.runId) ?? []
          list.push(event)
          events.set(event.runId, list)
        }),
      events: (runId) => Effect.sync(() => [...(events.get(runId) ?? [])]),
      drop: (runId) =>
        Effect.sync(() => {
          values.delete(runId)
          rebuilds.delete(runId)
          events.delete(runId)
        }),
      forget: (runId) =>
        Effect.sync(() => {
          values.delete(runId)
        })
    })
  })
}

/** The value `key` of the run, failing with an InternalError naming the stage when it is missing. */
export const requireRunValue = <K extends keyof RunValues>(stage: string, runId: string, key: K) =>
  Effect.gen(function*() {
    const store = yield* RunStore
    const value = yield* store.find(runId, key)
    if (value === undefined) {
      return yield* new InternalError({ stage, message: `the ${key} of run ${runId} is not in memory, and nothing in its journal says how to compute it again` })
    }
    return value
  })
