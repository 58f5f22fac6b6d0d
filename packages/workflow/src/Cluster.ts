/**
 * Running experiments on a cluster (spec/workflow.md: `--cluster postgres://...`): Effect's
 * cluster over PostgreSQL. Workers (`clusterWorkerLayer`, `alphabench worker`) host shards:
 * each run is an ExperimentRun workflow executed by the worker holding its shard, and its grid
 * cells are persisted messages to entities spread over all workers (ClusterCells.ts). A client
 * (`clusterClientLayer`, `alphabench run --cluster`) hosts no shards: it submits runs, waits for
 * their outcomes and shows their progress, which workers write to the same database.
 *
 * Durability: every message, activity result and reply is in PostgreSQL. When a worker dies,
 * its shard locks lapse, another worker takes its shards, replays the interrupted runs from
 * their journals (finished stages are not run again; the values they left in memory are
 * computed again from the journaled facts) and runs the unanswered cell messages.
 */
import * as NodeClusterSocket from "@effect/platform-node/NodeClusterSocket"
import { PgClient } from "@effect/sql-pg"
import { Context, Duration, Effect, Layer, Option, Redacted, Schedule } from "effect"
import { ClusterWorkflowEngine, RunnerAddress, Sharding, ShardId } from "effect/cluster"
import type { ShardingConfig } from "effect/cluster"
import { SqlClient } from "effect/sql"
import { WorkflowEngine } from "effect/workflow"
import { clusterCellExecutionLayer, suiteCellsLayer } from "./ClusterCells.ts"
import type { CellsEvent } from "./ClusterCells.ts"
import { makeCellHost } from "./internal/cellHost.ts"
import { makeProgressFeed, progressPublisherLayer } from "./internal/clusterProgress.ts"
import type { ProgressFeed } from "./internal/clusterProgress.ts"
import { ExperimentRun, experimentRunLayer } from "./Pipeline.ts"
import { Progress } from "./Progress.ts"
import { RunStore } from "./RunStore.ts"
import { StageRegistry } from "./StageRegistry.ts"

export type { CellsEvent }
export { parseDuration } from "./internal/duration.ts"

export interface ClusterOptions {
  /** The PostgreSQL database every worker and client shares: `postgres://user[:password]@host[:port]/database`. */
  readonly url: string
  /** Shards; must be the same in every worker and client. Default 300. */
  readonly shards?: number
  /** How long a dead worker keeps its shards (lock expiry): the failover time. Default 35 s. */
  readonly lockExpirationMs?: number
  /** How often a worker renews its shard locks. Default 10 s (at most a third of the expiry). */
  readonly lockRefreshMs?: number
  /** How often workers look for stored messages nobody delivered to them (after a failover). Default 2 s. */
  readonly messagePollMs?: number
  /** How often workers refresh shard assignments (who joined, who left). Default 3 s. */
  readonly assignmentsMs?: number
}

export interface ClusterWorkerOptions extends ClusterOptions {
  /** The address other workers reach this one at; default 127.0.0.1 (a single machine). */
  readonly host?: string
  /** Default 34431. */
  readonly port?: number
  /** Read snapshots from this folder instead of each run's (ids and content hashes are still checked). */
  readonly snapshotsRoot?: string
  /** Threads for grid cells; default one per core, at least 2 (1 runs them on the main thread). */
  readonly threads?: number
  /** Called after each group of grid cells this worker ran. */
  readonly onCells?: (event: CellsEvent) => void
  /** Called when the number of shards this worker holds changes (of `total`). */
  readonly onShards?: (held: number, total: number) => void
}

/** Checks the URL and turns it into the SQL client's layer (the password never appears in messages). */
const sqlLayer = (url: string) => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new RangeError("invalid --cluster URL: expected postgres://user[:password]@host[:port]/database")
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new RangeError(`invalid --cluster URL: the scheme is ${parsed.protocol.replace(/:$/, "")}, expected postgres`)
  }
  return PgClient.layer({ url: Redacted.make(url), applicationName: "alphabench" })
}

/** Where the URL points, without its password (for messages). */
export const describeClusterUrl = (url: string): string => {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.username === "" ? "" : `${parsed.username}@`}${parsed.host}${parsed.pathname}`
  } catch {
    return "(an invalid URL)"
  }
}

const shardingConfig = (options: ClusterOptions): Partial<ShardingConfig.ShardingConfig["Service"]> => {
  const config: Partial<{ -readonly [K in keyof ShardingConfig.ShardingConfig["Service"]]: ShardingConfig.ShardingConfig["Service"][K] }> = {
    shardsPerGroup: options.shards ?? 300,
    entityMessagePollInterval: Duration.millis(options.messagePollMs ?? 2000),
    refreshAssignmentsInterval: Duration.millis(options.assignmentsMs ?? 3000)
  }
  if (options.lockExpirationMs !== undefined) config.shardLockExpiration = Duration.millis(options.lockExpirationMs)
  if (options.lockRefreshMs !== undefined) config.shardLockRefreshInterval = Duration.millis(options.lockRefreshMs)
  return config
}

/**
 * A worker: hosts shards of the cluster, runs the ExperimentRun workflows and grid cells of its
 * shards, and writes progress to the database. Provides the Progress of this process (for a
 * log of what it does); launch it with `Layer.launch` or keep it open in a scope.
 */
export const clusterWorkerLayer = (options: ClusterWorkerOptions) => {
  const host = options.host ?? "127.0.0.1"
  const port = options.port ?? 34431
  const sharding = NodeClusterSocket.layer({
    shardingConfig: {
      ...shardingConfig(options),
      runnerAddress: Option.some(RunnerAddress.make(host, port)),
      runnerListenAddress: Option.some(RunnerAddress.make(host, port))
    }
  })
  const cells = Layer.unwrap(Effect.gen(function*() {
    const cellHost = yield* Effect.acquireRelease(
      Effect.sync(() =>
        makeCellHost({
          ...(options.threads === undefined ? {} : { threads: options.threads }),
          ...(options.snapshotsRoot === undefined ? {} : { snapshotsRoot: options.snapshotsRoot })
        })
      ),
      (cellHost) => Effect.promise(() => cellHost.close())
    )
    return suiteCellsLayer(cellHost, options.onCells)
  }))
  const runs = experimentRunLayer(options.snapshotsRoot === undefined ? {} : { snapshotsRoot: options.snapshotsRoot }).pipe(
    Layer.provide(clusterCellExecutionLayer),
    Layer.provide(StageRegistry.layer),
    Layer.provide(RunStore.layer)
  )
  const shardWatch = Layer.effectDiscard(Effect.gen(function*() {
    const sharding = yield* Sharding.Sharding
    const total = options.shards ?? 300
    const ids = Array.from({ length: total }, (_, i) => ShardId.make("default", i + 1))
    let last = -1
    const check = Effect.sync(() => {
      const held = ids.filter((id) => sharding.hasShardId(id)).length
      if (held !== last) options.onShards?.(held, total)
      last = held
    })
    yield* check.pipe(Effect.repeat(Schedule.spaced("500 millis")), Effect.forkScoped)
  }))
  return Layer.mergeAll(runs, cells, progressPublisherLayer, shardWatch).pipe(
    Layer.provide(ClusterWorkflowEngine.layer),
    Layer.provide(sharding),
    Layer.provideMerge(Progress.layer),
    Layer.provide(sqlLayer(options.url))
  )
}

/** The client's feed of its runs' progress (read from the cluster's database). */
export class ClusterProgressFeed extends Context.Service<ClusterProgressFeed, ProgressFeed>()("@alphabench/workflow/ClusterProgressFeed") {}

/**
 * The client's workflow engine: ClusterWorkflowEngine on a client-only Sharding, which watches
 * the progress of each ExperimentRun it submits while it waits for its outcome.
 */
const watchingEngine = Layer.effect(WorkflowEngine.WorkflowEngine, Effect.gen(function*() {
  const engine = yield* WorkflowEngine.WorkflowEngine
  const feed = yield* ClusterProgressFeed
  return WorkflowEngine.WorkflowEngine.of({
    ...engine,
    execute: (workflow, options) => {
      const runId = (options.payload as { readonly runId?: unknown }).runId
      if (workflow._tag !== ExperimentRun._tag || typeof runId !== "string" || options.discard) return engine.execute(workflow, options)
      return feed.watch(runId).pipe(Effect.andThen(engine.execute(workflow, options)), Effect.ensuring(feed.unwatch(runId)))
    }
  })
})).pipe(Layer.provide(ClusterWorkflowEngine.layer))

export interface ClusterClientOptions extends ClusterOptions {
  /** Called once at the start with the number of workers alive (0: runs wait until one joins). */
  readonly onWorkers?: (count: number) => void
}

/** Workers that renewed their registration within the last minute. */
const countWorkers = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const rows = yield* sql<{ n: number }>`SELECT count(*)::int AS n FROM cluster_runners
    WHERE healthy AND last_heartbeat > now() - interval '1 minute'`
  return rows[0]?.n ?? 0
}).pipe(Effect.orElseSucceed(() => 0))

/**
 * A client: submits runs to the workers (`runExperiment`, `runExperimentFiles`) and waits for
 * their outcomes; the runs' progress events reach this process's Progress. Hosts no shards.
 */
export const clusterClientLayer = (options: ClusterClientOptions) =>
  watchingEngine.pipe(
    Layer.merge(Layer.effectDiscard(Effect.flatMap(countWorkers, (n) => Effect.sync(() => options.onWorkers?.(n))))),
    Layer.provideMerge(Layer.effect(ClusterProgressFeed, makeProgressFeed())),
    Layer.provide(NodeClusterSocket.layer({ clientOnly: true, shardingConfig: shardingConfig(options) })),
    Layer.provideMerge(RunStore.layer),
    Layer.provideMerge(Progress.layer),
    Layer.provide(sqlLayer(options.url))
  )
