/**
 * Progress of the runs: every stage reports when it starts, when it ends (with its duration
 * and outcome), its retries, and for long stages how many cells of work are done. The CLI
 * renders these events; the run keeps them too, and the log stage writes them to the
 * tracking run. Listeners are plain callbacks and must not throw.
 */
import { Context, Effect, Layer } from "effect"
import type { StageName } from "./RunSpec.ts"

export type StageStatus = "ok" | "failed" | "skipped"

export type ProgressEvent =
  | {
    readonly type: "run-start"
    readonly runId: string
    readonly workflow: string
    readonly signal: string
    readonly file: string
    readonly at: number
  }
  | { readonly type: "stage-start"; readonly runId: string; readonly stage: StageName; readonly at: number }
  | {
    readonly type: "stage-retry"
    readonly runId: string
    readonly stage: StageName
    /** The attempt that failed (1 = the first). */
    readonly attempt: number
    readonly error: string
    readonly at: number
  }
  | {
    readonly type: "stage-cells"
    readonly runId: string
    readonly stage: StageName
    readonly done: number
    readonly total: number
    readonly label: string
    readonly at: number
  }
  | {
    readonly type: "stage-end"
    readonly runId: string
    readonly stage: StageName
    readonly status: StageStatus
    readonly durationMs: number
    /** A one-line summary of what the stage did, why it was skipped, or why it failed. */
    readonly detail: string
    readonly at: number
  }
  | { readonly type: "run-end"; readonly runId: string; readonly status: "ok" | "failed"; readonly at: number }

export type ProgressListener = (event: ProgressEvent) => void

export class Progress extends Context.Service<Progress, {
  readonly emit: (event: ProgressEvent) => Effect.Effect<void>
  /** Adds a listener; returns the function that removes it. */
  readonly listen: (listener: ProgressListener) => () => void
}>()("@alphabench/workflow/Progress") {
  static readonly layer = Layer.sync(Progress, () => {
    const listeners = new Set<ProgressListener>()
    return Progress.of({
      emit: (event) =>
        Effect.sync(() => {
          for (const listener of listeners) listener(event)
        }),
      listen: (listener) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      }
    })
  })
}
