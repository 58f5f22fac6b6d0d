/**
 * `alphabench schedule`: runs each workflow whose cron `schedule` (UTC) is due.
 *
 * - Each workflow has its own fiber, so one workflow never runs twice at the same time: a slot
 *   that comes while its previous run is still going is not started alongside it.
 * - What a run covers is the latest slot at or before its start; the next run is due at the
 *   first slot after that. Slots missed while the scheduler was down (or while a run went on)
 *   are caught up by one run, not one per missed slot. A workflow never run before counts as
 *   missed, so it runs at start-up.
 * - The last slot of each workflow is kept in the state file beside its tracking store,
 *   written when a run starts and ends; another process running the same workflow (its lock
 *   file is held by a live process) makes this one skip the slot, and so does a slot another
 *   process ran before this one took the lock (the state is read again under the lock).
 * - `once`: run what is due now (and the catch-ups), then stop.
 *
 * Time comes from Effect's Clock, so tests drive the scheduler with the TestClock.
 */
import { Clock, Cron, Effect, Result, Semaphore } from "effect"
import type { ScheduleState, WorkflowState } from "./SchedulerState.ts"
import { readScheduleState, tryLock, unlock, updateScheduleState, workflowLockFile } from "./SchedulerState.ts"

export interface ScheduledWorkflow {
  /** The workflow's name (the state file's key). */
  readonly name: string
  readonly file: string
  /** A five-field cron expression, read in UTC. */
  readonly schedule: string
  readonly stateFile: string
}

export type SchedulerEvent =
  | { readonly type: "waiting"; readonly workflow: string; readonly next: string; readonly at: number }
  | { readonly type: "start"; readonly workflow: string; readonly slot: string; readonly catchUp: boolean; readonly at: number }
  | { readonly type: "end"; readonly workflow: string; readonly slot: string; readonly status: "ok" | "failed"; readonly at: number }
  | { readonly type: "busy"; readonly workflow: string; readonly slot: string; readonly pid: number; readonly at: number }
  | { readonly type: "ran-elsewhere"; readonly workflow: string; readonly slot: string; readonly at: number }
  | { readonly type: "error"; readonly workflow: string; readonly message: string; readonly at: number }

export interface SchedulerOptions {
  /** Run what is due now (and the catch-ups), then return. */
  readonly once?: boolean
  readonly onEvent?: (event: SchedulerEvent) => void
}

/** Runs one workflow's runs; succeeds with "failed" when one of them failed. */
export type RunWorkflow<R> = (workflow: ScheduledWorkflow) => Effect.Effect<"ok" | "failed", never, R>

const iso = (ms: number): string => new Date(ms).toISOString()

/** The latest slot at or before `now` (ms), or null when the expression has none. */
export const latestSlot = (cron: Cron.Cron, now: number): number | null => {
  try {
    return Cron.prev(cron, new Date(now + 1)).getTime()
  } catch {
    return null
  }
}

export const nextSlot = (cron: Cron.Cron, after: number): number => Cron.next(cron, new Date(after)).getTime()

/**
 * Whether the workflow is due at `now` given the slot its last run covered: the latest slot
 * is after it (or it never ran).
 */
export const dueSlot = (cron: Cron.Cron, lastSlot: number | null, now: number): number | null => {
  const latest = latestSlot(cron, now)
  if (latest === null) return null
  return lastSlot === null || latest > lastSlot ? latest : null
}

const stateLocks = new Map<string, Semaphore.Semaphore>()
const stateLock = (path: string): Semaphore.Semaphore => {
  let lock = stateLocks.get(path)
  if (lock === undefined) {
    lock = Semaphore.makeUnsafe(1)
    stateLocks.set(path, lock)
  }
  return lock
}

const update = (workflow: ScheduledWorkflow, change: (current: WorkflowState | undefined) => WorkflowState) =>
  stateLock(workflow.stateFile).withPermit(Effect.try({
    try: () =>
      updateScheduleState(workflow.stateFile, (state: ScheduleState) => ({
        ...state,
        workflows: { ...state.workflows, [workflow.name]: change(state.workflows[workflow.name]) }
      })),
    catch: (error) => error as Error
  }))

const lastSlotOf = (workflow: ScheduledWorkflow): Effect.Effect<number | null, Error> =>
  Effect.try({
    try: () => {
      const entry = readScheduleState(workflow.stateFile).workflows[workflow.name]
      return entry === undefined ? null : Date.parse(entry.last_slot)
    },
    catch: (error) => error as Error
  })

/** One workflow's loop. */
const scheduleOne = <R>(workflow: ScheduledWorkflow, run: RunWorkflow<R>, options: SchedulerOptions): Effect.Effect<void, never, R> =>
  Effect.gen(function*() {
    const emit = (event: SchedulerEvent) => Effect.sync(() => options.onEvent?.(event))
    const parsed = Cron.parse(workflow.schedule, "UTC")
    if (Result.isFailure(parsed)) {
      return yield* emit({ type: "error", workflow: workflow.name, message: `bad schedule: ${parsed.failure.message}`, at: yield* Clock.currentTimeMillis })
    }
    const cron = parsed.success
    let last = yield* lastSlotOf(workflow)
    while (true) {
      const now = yield* Clock.currentTimeMillis
      const slot = dueSlot(cron, last, now)
      if (slot === null) {
        if (options.once) return
        const next = nextSlot(cron, Math.max(now, last ?? now))
        yield* emit({ type: "waiting", workflow: workflow.name, next: iso(next), at: now })
        yield* Effect.sleep(Math.max(0, next - now))
        continue
      }
      const lockFile = workflowLockFile(workflow.stateFile, workflow.name)
      const lock = yield* Effect.try({ try: () => tryLock(lockFile), catch: (error) => error as Error })
      if (!lock.ok) {
        yield* emit({ type: "busy", workflow: workflow.name, slot: iso(slot), pid: lock.pid, at: now })
        if (options.once) return
        last = slot
        continue
      }
      // Another process may have run this slot and released the lock since `last` was read.
      const stored = yield* lastSlotOf(workflow).pipe(Effect.tapError(() => Effect.sync(() => unlock(lockFile))))
      if (stored !== null && stored >= slot) {
        unlock(lockFile)
        yield* emit({ type: "ran-elsewhere", workflow: workflow.name, slot: iso(slot), at: now })
        last = stored
        continue
      }
      // A run that starts more than a second after its slot is making up for lost time.
      const catchUp = now - slot > 1000
      const runSlot = slot
      yield* Effect.gen(function*() {
        yield* update(workflow, (current) => ({
          last_slot: iso(runSlot),
          last_start: iso(now),
          last_end: current?.last_end ?? null,
          last_status: "running",
          file: workflow.file
        }))
        yield* emit({ type: "start", workflow: workflow.name, slot: iso(runSlot), catchUp, at: now })
        const status = yield* run(workflow)
        const ended = yield* Clock.currentTimeMillis
        yield* update(workflow, () => ({
          last_slot: iso(runSlot),
          last_start: iso(now),
          last_end: iso(ended),
          last_status: status,
          file: workflow.file
        }))
        yield* emit({ type: "end", workflow: workflow.name, slot: iso(runSlot), status, at: ended })
      }).pipe(Effect.ensuring(Effect.sync(() => unlock(lockFile))))
      last = runSlot
      if (options.once) {
        // Only a slot that passed while this run went on is still due: catch it up, once.
        const after = yield* Clock.currentTimeMillis
        if (dueSlot(cron, last, after) === null) return
      }
    }
  }).pipe(
    Effect.catch((error: Error) =>
      Effect.flatMap(Clock.currentTimeMillis, (at) =>
        Effect.sync(() => options.onEvent?.({ type: "error", workflow: workflow.name, message: error.message, at })))
    )
  )

/**
 * Runs the workflows on their schedules until interrupted (or, with `once`, until what is
 * due has run). Workflows run concurrently with each other, never with themselves.
 */
export const runSchedule = <R>(
  workflows: ReadonlyArray<ScheduledWorkflow>,
  run: RunWorkflow<R>,
  options: SchedulerOptions = {}
): Effect.Effect<void, never, R> =>
  Effect.forEach(workflows, (workflow) => scheduleOne(workflow, run, options), { concurrency: "unbounded", discard: true })
