/**
 * Progress across processes. A run on a cluster executes on a worker while the user watches a
 * client elsewhere, so workers write every progress event into a table of the cluster's
 * PostgreSQL database (a batch every quarter second) and a client reads the events of the runs
 * it submitted back into its own Progress service. A run resumed on another worker replays its
 * finished stages, which report their end again; the client shows each stage's end once. The
 * client deletes a run's rows once it has its outcome; workers delete rows older than two days.
 */
import { Effect, Layer, Schedule } from "effect"
import { SqlClient } from "effect/sql"
import type { ProgressEvent } from "../Progress.ts"
import { Progress } from "../Progress.ts"

const TABLE = "alphabench_progress"

/** Creates the table once (an advisory lock keeps two workers starting at once from racing). */
const ensureTable = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql.withTransaction(Effect.gen(function*() {
    yield* sql`SELECT pg_advisory_xact_lock(hashtext(${TABLE}))`
    yield* sql`CREATE TABLE IF NOT EXISTS ${sql(TABLE)} (
      seq BIGSERIAL PRIMARY KEY,
      run_id TEXT NOT NULL,
      event TEXT NOT NULL,
      at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`
    yield* sql`CREATE INDEX IF NOT EXISTS ${sql(`${TABLE}_run`)} ON ${sql(TABLE)} (run_id, seq)`
  }))
})

/** On a worker: every event of this process's Progress goes to the table. */
export const progressPublisherLayer = Layer.effectDiscard(Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const progress = yield* Progress
  yield* ensureTable
  yield* sql`DELETE FROM ${sql(TABLE)} WHERE at < now() - interval '2 days'`
  const buffer: Array<ProgressEvent> = []
  const stop = progress.listen((event) => buffer.push(event))
  const flush = Effect.suspend(() => {
    if (buffer.length === 0) return Effect.void
    const batch = buffer.splice(0)
    const rows = batch.map((event) => ({ run_id: event.runId, event: JSON.stringify(event) }))
    return sql`INSERT INTO ${sql(TABLE)} ${sql.insert(rows as [typeof rows[0], ...typeof rows])}`.pipe(
      Effect.asVoid,
      Effect.catch((error) => Effect.logWarning(`progress events not written to the cluster database: ${error.message}`))
    )
  })
  yield* Effect.addFinalizer(() => Effect.andThen(Effect.sync(stop), flush))
  yield* flush.pipe(Effect.repeat(Schedule.spaced("250 millis")), Effect.forkScoped)
}))

interface Watched {
  after: number
  ended: boolean
  readonly endedStages: Set<string>
  started: boolean
}

/**
 * On a client: the events of the runs being watched are read every `pollMs` and emitted on
 * this process's Progress. `watch` / `unwatch` bracket a run (unwatch waits briefly for the
 * run's last events, then deletes its rows).
 */
export const makeProgressFeed = (pollMs = 300) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const progress = yield* Progress
    yield* ensureTable
    const watched = new Map<string, Watched>()

    const deliver = (runId: string, state: Watched, event: ProgressEvent) => {
      if (event.type === "run-start") {
        if (state.started) return Effect.void
        state.started = true
      }
      if (event.type === "stage-end") {
        if (state.endedStages.has(event.stage)) return Effect.void
        state.endedStages.add(event.stage)
      }
      if (event.type === "run-end") state.ended = true
      return event.runId === runId ? progress.emit(event) : Effect.void
    }

    const poll = Effect.gen(function*() {
      for (const [runId, state] of watched) {
        const rows = yield* sql<{ seq: string; event: string }>`SELECT seq, event FROM ${sql(TABLE)}
          WHERE run_id = ${runId} AND seq > ${state.after} ORDER BY seq`
        for (const row of rows) {
          state.after = Number(row.seq)
          yield* deliver(runId, state, JSON.parse(row.event) as ProgressEvent)
        }
      }
    }).pipe(Effect.catch((error) => Effect.logWarning(`progress events not read from the cluster database: ${error.message}`)))

    yield* poll.pipe(Effect.repeat(Schedule.spaced(pollMs)), Effect.forkScoped)

    return {
      watch: (runId: string) =>
        Effect.sync(() => {
          if (!watched.has(runId)) watched.set(runId, { after: 0, ended: false, endedStages: new Set(), started: false })
        }),
      unwatch: (runId: string) =>
        Effect.gen(function*() {
          const state = watched.get(runId)
          if (state === undefined) return
          for (let i = 0; i < 10 && !state.ended; i++) {
            yield* Effect.sleep(pollMs)
          }
          watched.delete(runId)
          yield* sql`DELETE FROM ${sql(TABLE)} WHERE run_id = ${runId}`.pipe(Effect.ignore)
        })
    }
  })

export type ProgressFeed = Effect.Success<ReturnType<typeof makeProgressFeed>>
