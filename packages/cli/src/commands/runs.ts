/**
 * `alphabench runs list|compare`: the run history in the tracking store (MLflow's file store or
 * an MLflow server), as a table or as JSON.
 */
import {
  defaultMetricColumns,
  formatRunComparison,
  formatRunsTable,
  isTrackingError,
  openTracker
} from "@alphabench/tracking"
import type { Run, RunComparison, Tracker } from "@alphabench/tracking"
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { CliError, EXIT_FAILED, EXIT_INVALID_INPUT } from "../CliError.ts"
import { jsonFlag } from "../SharedFlags.ts"

const trackingFlag = Flag.String("tracking").pipe(
  Flag.withDescription("Tracking URI: file:./mlruns, a folder, or http://host:port (default: $MLFLOW_TRACKING_URI, else file:./mlruns)"),
  Flag.optional
)

/** Input the user can fix exits with 2; an unreachable or failing server with 1. */
const trackingFailure = (error: unknown): CliError => {
  if (isTrackingError(error)) {
    const userFixable = error.reason === "InvalidUri" || error.reason === "InvalidInput" || error.reason === "NotFound"
    return new CliError({ message: error.message, exitCode: userFixable ? EXIT_INVALID_INPUT : EXIT_FAILED })
  }
  return new CliError({ message: error instanceof Error ? error.message : String(error), exitCode: EXIT_FAILED })
}

const attempt = <A>(work: () => Promise<A>) => Effect.tryPromise({ try: work, catch: trackingFailure })

/** A person is waiting: two quick retries of a flaky server, not the library's patient default. */
const openStore = (tracking: Option.Option<string>) =>
  Effect.try({
    try: () => openTracker(Option.getOrUndefined(tracking), { retry: { retries: 2, baseDelayMs: 300 } }),
    catch: trackingFailure
  })

/** `sharpe`, `sharpe:desc` or `sharpe:asc`. */
const parseSort = (text: string): Effect.Effect<{ readonly metric: string; readonly ascending: boolean }, CliError> => {
  const match = /^([^:]+?)(?::(asc|desc))?$/i.exec(text.trim())
  if (match === null || match[1]!.trim() === "") {
    return Effect.fail(new CliError({ message: `invalid --sort '${text}': expected a metric name, optionally with :asc or :desc (e.g. sharpe, max_dd:asc)`, exitCode: EXIT_INVALID_INPUT }))
  }
  return Effect.succeed({ metric: match[1]!.trim(), ascending: match[2]?.toLowerCase() === "asc" })
}

const isoTime = (millis: number | null): string | null => (millis === null ? null : new Date(millis).toISOString())

const runJson = (run: Run, experimentNames: ReadonlyMap<string, string>) => ({
  runId: run.info.runId,
  runName: run.info.runName,
  experimentId: run.info.experimentId,
  experiment: experimentNames.get(run.info.experimentId) ?? null,
  status: run.info.status,
  startTime: isoTime(run.info.startTime),
  endTime: isoTime(run.info.endTime),
  user: run.info.userId,
  signal: run.tags["signal_name"] ?? null,
  artifactUri: run.info.artifactUri,
  metrics: run.metrics,
  params: run.params,
  tags: run.tags
})

const experimentNamesOf = (tracker: Tracker) =>
  attempt(() => tracker.listExperiments()).pipe(
    Effect.map((experiments) => new Map(experiments.map((e) => [e.experimentId, e.name] as const)))
  )

const list = Command.make(
  "list",
  {
    experiment: Flag.String("experiment").pipe(Flag.withDescription("Only runs of this experiment"), Flag.optional),
    signal: Flag.String("signal").pipe(Flag.withDescription("Only runs of this signal (tag signal_name)"), Flag.optional),
    sort: Flag.String("sort").pipe(
      Flag.withDescription("Sort by a metric, largest first (e.g. sharpe, score); metric:asc for smallest first. Default: newest first"),
      Flag.optional
    ),
    limit: Flag.Int("limit").pipe(Flag.withDescription("Show at most this many runs"), Flag.withDefault(50)),
    tracking: trackingFlag,
    json: jsonFlag
  },
  Effect.fn(function*({ experiment, json, limit, signal, sort, tracking }) {
    if (!Number.isInteger(limit) || limit < 1 || limit > 50000) {
      return yield* Effect.fail(new CliError({ message: `invalid --limit ${limit}: expected 1 to 50000`, exitCode: EXIT_INVALID_INPUT }))
    }
    const orderBy = Option.isSome(sort) ? yield* parseSort(sort.value) : undefined
    const tracker = yield* openStore(tracking)
    const runs = yield* attempt(() =>
      tracker.listRuns({
        maxResults: limit,
        ...(Option.isSome(experiment) ? { experiment: experiment.value } : {}),
        ...(Option.isSome(signal) ? { signal: signal.value } : {}),
        ...(orderBy === undefined ? {} : { orderBy })
      })
    )
    const names = yield* experimentNamesOf(tracker)
    if (json) {
      yield* Console.log(JSON.stringify({ tracking: tracker.uri, runs: runs.map((run) => runJson(run, names)) }, null, 2))
      return
    }
    if (runs.length === 0) {
      yield* Console.log(`No runs in ${tracker.uri}${Option.isSome(experiment) ? ` (experiment '${experiment.value}')` : ""}${Option.isSome(signal) ? ` for signal '${signal.value}'` : ""}.`)
      return
    }
    const table = formatRunsTable(runs, { metrics: defaultMetricColumns(runs, orderBy?.metric), experimentNames: names })
    yield* Console.log(`${table}${runs.length} run${runs.length === 1 ? "" : "s"} in ${tracker.uri}`)
  })
).pipe(
  Command.withDescription("List tracked runs with their headline metrics"),
  Command.withExamples([
    { command: "alphabench runs list --signal mom_12_1 --sort sharpe", description: "Runs of one signal, best Sharpe first" },
    { command: "alphabench runs list --tracking http://127.0.0.1:5000 --json", description: "Runs on an MLflow server, as JSON" }
  ])
)

const comparisonJson = (comparison: RunComparison, names: ReadonlyMap<string, string>) => ({
  a: runJson(comparison.a, names),
  b: runJson(comparison.b, names),
  metrics: comparison.metrics.map((m) => ({ key: m.key, a: m.a ?? null, b: m.b ?? null, difference: m.difference ?? null })),
  params: comparison.params.map((p) => ({ key: p.key, a: p.a ?? null, b: p.b ?? null })),
  sameParams: comparison.sameParams,
  tags: comparison.tags.map((t) => ({ key: t.key, a: t.a ?? null, b: t.b ?? null }))
})

const compare = Command.make(
  "compare",
  {
    a: Argument.String("run-a").pipe(Argument.withDescription("Run id, or a unique prefix of one (at least 4 characters)")),
    b: Argument.String("run-b").pipe(Argument.withDescription("Run id, or a unique prefix of one")),
    tracking: trackingFlag,
    json: jsonFlag
  },
  Effect.fn(function*({ a, b, json, tracking }) {
    const tracker = yield* openStore(tracking)
    const comparison = yield* attempt(() => tracker.compareRuns(a, b))
    if (json) {
      const names = yield* experimentNamesOf(tracker)
      yield* Console.log(JSON.stringify(comparisonJson(comparison, names), null, 2))
      return
    }
    yield* Console.log(formatRunComparison(comparison).trimEnd())
  })
).pipe(
  Command.withDescription("Compare two runs: metric differences (B - A) and the params that differ"),
  Command.withExamples([{ command: "alphabench runs compare 3f2a9c1b 77d0e4aa", description: "Compare two runs by id prefix" }])
)

export const runs = Command.make("runs").pipe(
  Command.withDescription("Run history from the tracking store ($MLFLOW_TRACKING_URI or file:./mlruns)"),
  Command.withSubcommands([list, compare])
)
