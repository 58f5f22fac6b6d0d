/**
 * `alphabench worker --cluster postgres://... [--host H] [--port P] [--snapshots DIR]`: joins
 * the cluster as a worker (a runner hosting shards) and works until stopped (Ctrl-C or
 * SIGTERM hand its shards to the other workers at once; a worker that dies is replaced after
 * the lock expiry). It runs the experiment runs and grid cells of its shards and logs one line
 * per stage and per group of cells on stderr; `alphabench run --cluster` and `schedule
 * --cluster` submit the work.
 */
import type { CellsEvent, ClusterWorkerOptions } from "@alphabench/workflow/Cluster"
import type { ProgressEvent } from "@alphabench/workflow"
import { Cause, Context, Effect, Layer, Logger, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { CliError, EXIT_FAILED, invalidInput } from "../CliError.ts"
import { snapshotsFlag } from "../SharedFlags.ts"

export const clusterFlag = Flag.String("cluster").pipe(
  Flag.withDescription("The cluster's PostgreSQL database, postgres://user[:password]@host[:port]/database"),
  Flag.optional
)

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Why the worker could not start, in words: a port in use says which, not just "Open". */
const joinFailure = (error: unknown, host: string, port: number): string => {
  if ((error as { _tag?: unknown } | null)?._tag === "SocketServerError") {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause
    const why = typeof cause?.code === "string" ? cause.code : typeof cause?.message === "string" ? cause.message : messageOf(error)
    return `cannot listen on ${host}:${port} (${why}${why === "EADDRINUSE" ? ": another process uses the port; pick another with --port" : ""})`
  }
  return messageOf(error)
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`

const describeProgress = (address: string, event: ProgressEvent): string | null => {
  switch (event.type) {
    case "run-start":
      return `${address}: run ${event.runId} (${event.workflow}/${event.signal}) runs here`
    case "stage-start":
      return `${address}: run ${event.runId} ${event.stage} started`
    case "stage-retry":
      return `${address}: run ${event.runId} ${event.stage} attempt ${event.attempt} failed (${event.error}); retrying`
    case "stage-end":
      return `${address}: run ${event.runId} ${event.stage} ${event.status} ${seconds(event.durationMs)} ${event.detail}`
    case "run-end":
      return `${address}: run ${event.runId} ended: ${event.status}`
    case "stage-cells":
      return null
  }
}

const describeCells = (address: string, event: CellsEvent): string =>
  `${address}: run ${event.runId} cells ${event.labels.join(", ")}: ${event.status} ${seconds(event.durationMs)}` +
  (event.error === null ? "" : ` (${event.error})`)

const positive = (name: string, value: Option.Option<number>, max: number): number | undefined => {
  if (Option.isNone(value)) return undefined
  if (!Number.isInteger(value.value) || value.value < 1 || value.value > max) {
    throw invalidInput(`--${name} ${value.value}: expected an integer from 1 to ${max}`)
  }
  return value.value
}

export const worker = Command.make(
  "worker",
  {
    cluster: clusterFlag,
    host: Flag.String("host").pipe(
      Flag.withDescription("The address other workers reach this one at (default 127.0.0.1: one machine)"),
      Flag.withDefault("127.0.0.1")
    ),
    port: Flag.Int("port").pipe(Flag.withDescription("The port this worker listens on (default 34431)"), Flag.withDefault(34431)),
    snapshots: snapshotsFlag,
    threads: Flag.Int("threads").pipe(Flag.withDescription("Threads for grid cells (default: one per core, at least 2; 1 runs them on the main thread)"), Flag.optional),
    lockExpiration: Flag.String("lock-expiration").pipe(
      Flag.withDescription("How long a dead worker keeps its shards before another takes them (default 35s); a third of it must exceed the longest pause of this worker's main thread"),
      Flag.optional
    )
  },
  Effect.fn(function*({ cluster, host, port, snapshots, threads, lockExpiration }) {
    if (Option.isNone(cluster)) return yield* Effect.fail(invalidInput("worker needs --cluster postgres://user@host:port/database"))
    const { clusterWorkerLayer, describeClusterUrl, parseDuration } = yield* Effect.promise(() => import("@alphabench/workflow/Cluster"))
    const { Progress } = yield* Effect.promise(() => import("@alphabench/workflow"))
    const address = `worker ${host}:${port}`
    const options: ClusterWorkerOptions = yield* Effect.try({
      try: () => {
        if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalidInput(`--port ${port}: expected an integer from 1 to 65535`)
        const expiry = Option.isNone(lockExpiration) ? undefined : parseDuration(lockExpiration.value)
        if (expiry !== undefined && expiry < 3000 || Option.isSome(lockExpiration) && expiry === undefined) {
          throw invalidInput(`--lock-expiration ${Option.getOrElse(lockExpiration, () => "")}: expected a duration of at least 3s, like 10s or 2m`)
        }
        const threadCount = positive("threads", threads, 256)
        return {
          url: cluster.value,
          host,
          port,
          ...(Option.isSome(snapshots) ? { snapshotsRoot: snapshots.value } : {}),
          ...(threadCount === undefined ? {} : { threads: threadCount }),
          // A refresh that takes longer than its interval gives up every shard, so the interval is
          // the longest a third of the expiry allows (the refresh must also fit in the expiry).
          ...(expiry === undefined ? {} : { lockExpirationMs: expiry, lockRefreshMs: Math.floor(expiry / 3) }),
          onCells: (event: CellsEvent) => process.stderr.write(`${describeCells(address, event)}\n`),
          onShards: (held: number, total: number) => process.stderr.write(`${address} holds ${held} of ${total} shards\n`)
        }
      },
      catch: (error) => (error instanceof CliError ? error : invalidInput(error instanceof Error ? error.message : String(error)))
    })
    yield* Effect.scoped(Effect.gen(function*() {
      const context = yield* Layer.build(clusterWorkerLayer(options)).pipe(
        Effect.catchCause((cause) =>
          Effect.fail(
            new CliError({
              message: `${address} could not join the cluster at ${describeClusterUrl(cluster.value)}: ${joinFailure(Cause.squash(cause), host, port)}`,
              exitCode: EXIT_FAILED
            })
          )
        )
      )
      const progress = Context.get(context, Progress)
      progress.listen((event) => {
        const line = describeProgress(address, event)
        if (line !== null) process.stderr.write(`${line}\n`)
      })
      process.stderr.write(`${address} joined the cluster at ${describeClusterUrl(cluster.value)} (pid ${process.pid})\n`)
      return yield* Effect.never
    }).pipe(Effect.provideService(Logger.LogToStderr, true)))
  })
).pipe(
  Command.withDescription("Work for a cluster: run the experiment runs and grid cells that `run --cluster` and `schedule --cluster` submit"),
  Command.withExamples([
    { command: "alphabench worker --cluster postgres://alphabench@db:5432/alphabench --host 10.0.0.5", description: "One worker per machine" },
    { command: "alphabench worker --cluster postgres://postgres@127.0.0.1:5432/postgres --port 34432", description: "A second worker on this machine" }
  ])
)
