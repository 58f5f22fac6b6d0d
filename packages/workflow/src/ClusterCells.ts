/**
 * The suite's grid cells as cluster work. Each group of cells (one config, one baseline, or
 * every lag of one decay horizon) is a persisted message to an entity of its own, so the
 * cluster spreads the groups over the workers by shard. The message is small (the snapshot id
 * and content hash, the signal file and its SHA-256, the panel's fields and window, the cells'
 * configs) and the reply is each cell's BacktestResult in exact JSON.
 *
 * The message's primary key is the run, the group and the backtest stage's attempt: a backtest
 * activity that runs again after its worker died sends the same messages, so the groups that
 * were done come back from storage at once and the rest are (re)done by whichever worker holds
 * their shard now. A retried attempt sends new messages, so a transient failure is not replayed.
 */
import type { BacktestResult } from "@alphabench/engine"
import type { SuiteCell, SuiteCellExecutor } from "@alphabench/suite"
import { Cause, Effect, Layer, Schema } from "effect"
import { ClusterSchema, Entity } from "effect/cluster"
import type { Sharding } from "effect/cluster"
import { Rpc } from "effect/rpc"
import type { CellExecutorFactory, CellRunFacts } from "./CellExecution.ts"
import { CellExecution } from "./CellExecution.ts"
import type { CellHost, CellWork } from "./internal/cellHost.ts"
import { decodeExactJson, encodeExactJson } from "./internal/exactJson.ts"
import { fieldsFor } from "./stages/Load.ts"
import { InternalError, IoError, StageError, stageErrorOf } from "./StageError.ts"

const SignalFactsSchema = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("file"), path: Schema.String, sha256: Schema.String, dropNonfinite: Schema.Boolean }),
  Schema.Struct({ kind: Schema.Literal("baseline"), name: Schema.String })
])

export const RunCellsRpc = Rpc.make("RunCells", {
  payload: {
    /** Unique per run, group and attempt: a message sent again is answered from storage. */
    key: Schema.String,
    runId: Schema.String,
    snapshot: Schema.Struct({ root: Schema.String, id: Schema.String, hash: Schema.String }),
    fields: Schema.Array(Schema.String),
    start: Schema.NullOr(Schema.String),
    end: Schema.NullOr(Schema.String),
    signal: SignalFactsSchema,
    /** The cells (`SuiteCell[]`) as JSON: plain configs, nothing else. */
    cells: Schema.String
  },
  primaryKey: ({ key }) => key,
  /** Each cell's BacktestResult in exact JSON (typed arrays and NaN kept bit for bit). */
  success: Schema.Array(Schema.String),
  error: StageError
}).annotate(ClusterSchema.Persisted, true)

export const SuiteCellsEntity = Entity.make("alphabench/SuiteCells", [RunCellsRpc])

/** What a worker reports about the cells it ran. */
export interface CellsEvent {
  readonly runId: string
  readonly labels: ReadonlyArray<string>
  readonly status: "ok" | "failed"
  readonly durationMs: number
  readonly error: string | null
}

/** The worker side: runs the cell groups whose shards this worker holds, on `host`. */
export const suiteCellsLayer = (host: CellHost, onCells: (event: CellsEvent) => void = () => undefined) =>
  SuiteCellsEntity.toLayer(SuiteCellsEntity.of({
    RunCells: ({ payload }) =>
      Effect.gen(function*() {
        const cells = yield* Effect.try({
          try: () => JSON.parse(payload.cells) as Array<SuiteCell>,
          catch: () => new InternalError({ stage: "backtest", message: `run ${payload.runId}: a cell message that is not JSON` })
        })
        const work: CellWork = { ...payload, cells }
        const started = Date.now()
        const report = (status: "ok" | "failed", error: string | null) =>
          Effect.sync(() => onCells({ runId: payload.runId, labels: cells.map((c) => c.label), status, durationMs: Date.now() - started, error }))
        const results = yield* Effect.tryPromise({ try: () => host.run(work), catch: (error) => stageErrorOf("backtest", error) }).pipe(
          Effect.tapError((error) => report("failed", `${error._tag}: ${error.message}`))
        )
        yield* report("ok", null)
        return results.map((result) => encodeExactJson(result))
      })
  }), { maxIdleTime: "1 minute" })

/** The groups a suite run's cells are sent in: each config and baseline alone, each decay horizon's lags together. */
export const cellGroups = (cells: ReadonlyArray<SuiteCell>): Array<{ readonly name: string; readonly indices: Array<number> }> => {
  const groups = new Map<string, Array<number>>()
  cells.forEach((cell, i) => {
    const name = cell.kind === "decay" ? `decay h${cell.horizon}` : cell.label
    const list = groups.get(name) ?? []
    list.push(i)
    groups.set(name, list)
  })
  return [...groups].map(([name, indices]) => ({ name, indices }))
}

const entityIdOf = (runId: string, group: string): string => `${runId}/${group.replaceAll(" ", "_")}`

/** A cluster failure on the way (storage, routing) is worth another attempt of the stage. */
const clusterFailure = (error: { readonly _tag: string; readonly message?: string }) =>
  new IoError({
    stage: "backtest",
    message: `the cluster could not deliver a grid cell (${error._tag}${error.message ? `: ${error.message}` : ""})`,
    code: "ECLUSTER",
    transient: true
  })

const isStageError = Schema.is(StageError)

/**
 * The executor factory of a worker: each run's cells go out as persisted messages through
 * this worker's Sharding, and the promises settle when their replies come back (from any worker).
 */
export const clusterCellExecution = Effect.gen(function*() {
  const clientFor = yield* SuiteCellsEntity.client
  const context = yield* Effect.context<Sharding.Sharding>()
  const factory: CellExecutorFactory = (facts: CellRunFacts): SuiteCellExecutor => {
    const load = facts.spec.stages.load
    const base = {
      runId: facts.runId,
      snapshot: facts.snapshot,
      fields: fieldsFor(facts.spec),
      start: load?.start ?? null,
      end: load?.end ?? null,
      signal: facts.signal
    }
    return {
      workers: 0,
      run: (cells) => {
        const results = new Array<Promise<BacktestResult>>(cells.length)
        for (const group of cellGroups(cells)) {
          const send = clientFor(entityIdOf(facts.runId, group.name)).RunCells({
            ...base,
            key: `attempt-${facts.attempt}`,
            cells: JSON.stringify(group.indices.map((i) => cells[i]))
          }).pipe(
            Effect.catchTags({
              MailboxFull: (e) => Effect.fail(clusterFailure(e)),
              AlreadyProcessingMessage: (e) => Effect.fail(clusterFailure(e)),
              PersistenceError: (e) => Effect.fail(clusterFailure(e)),
              EntityNotAssignedToRunner: (e) => Effect.fail(clusterFailure(e))
            }),
            Effect.map((encoded) => encoded.map((text) => decodeExactJson<BacktestResult>(text))),
            Effect.catchCause((cause) => {
              const error = Cause.squash(cause)
              return Effect.fail(isStageError(error) ? error : new InternalError({ stage: "backtest", message: String(error) }))
            })
          )
          const reply = Effect.runPromiseWith(context)(send)
          reply.catch(() => undefined)
          group.indices.forEach((cellIndex, k) => {
            results[cellIndex] = reply.then((decoded) => {
              const result = decoded[k]
              if (result === undefined) throw new InternalError({ stage: "backtest", message: `a cell reply lacks ${cells[cellIndex]!.label}` })
              return result
            })
            results[cellIndex]!.catch(() => undefined)
          })
        }
        return results
      }
    }
  }
  return factory
})

/** Provides CellExecution with the cluster's executor (needs Sharding). */
export const clusterCellExecutionLayer = Layer.effect(CellExecution, clusterCellExecution)
