/**
 * What a run keeps in memory between its stages. The workflow engine journals only small,
 * schema-encodable stage results (ids, paths, metrics); the panel, the signal table and the
 * suite and simulation results are typed arrays that cannot go into a JSON journal, so they
 * live here, keyed by run id, for as long as the run lasts. A stage that needs a value it
 * finds missing fails with an InternalError (a durable engine resuming a run in a new process
 * would have to recompute them; see the README).
 */
import type { Panel } from "@alphabench/catalog"
import type { SignalTable } from "@alphabench/contract"
import type { SimulationReport } from "@alphabench/simulation"
import type { SuiteResult } from "@alphabench/suite"
import { Context, Effect, Layer } from "effect"
import type { ProgressEvent } from "./Progress.ts"
import { InternalError } from "./StageError.ts"

/** The in-memory values of one run, by name. */
export interface RunValues {
  readonly signal: SignalTable
  readonly panel: Panel
  readonly suite: SuiteResult
  readonly simulation: SimulationReport
}

export class RunStore extends Context.Service<RunStore, {
  readonly put: <K extends keyof RunValues>(runId: string, key: K, value: RunValues[K]) => Effect.Effect<void>
  /** The value, or undefined when the run has none. */
  readonly find: <K extends keyof RunValues>(runId: string, key: K) => Effect.Effect<RunValues[K] | undefined>
  readonly record: (event: ProgressEvent) => Effect.Effect<void>
  readonly events: (runId: string) => Effect.Effect<ReadonlyArray<ProgressEvent>>
  /** Forgets everything of a run (call when it ends). */
  readonly drop: (runId: string) => Effect.Effect<void>
}>()("@alphabench/workflow/RunStore") {
  static readonly layer = Layer.sync(RunStore, () => {
    const values = new Map<string, Partial<Record<keyof RunValues, unknown>>>()
    const events = new Map<string, Array<ProgressEvent>>()
    return RunStore.of({
      put: (runId, key, value) =>
        Effect.sync(() => {
          const entry = values.get(runId) ?? {}
          entry[key] = value
          values.set(runId, entry)
        }),
      find: <K extends keyof RunValues>(runId: string, key: K) =>
        Effect.sync(() => values.get(runId)?.[key] as RunValues[K] | undefined),
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
          events.delete(runId)
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
      return yield* new InternalError({ stage, message: `the ${key} of run ${runId} is not in memory (was its stage run in this process?)` })
    }
    return value
  })
