/**
 * The `log` stage (packages/tracking): records the run as an MLflow run. Tags `signal_name`,
 * `snapshot_id`, `snapshot_hash`, `git_sha`, `author`, `grade`, `verdict` (and MLflow's
 * `mlflow.*`); params from the workflow's configuration (config.yaml holds all of it);
 * metrics of the reference config without prefix (`sharpe`, `ann_ret`, `max_dd`,
 * `turnover`, `ic_mean`, `score`), the same per config and per baseline
 * (`lag1_industry.sharpe`), the simulation's and each stage's duration; artifacts: the report's
 * files and the progress log. A run in which a stage failed is recorded as FAILED, with the
 * stage and the error as tags. The tracker is opened without its own retries: the file's
 * retry schedule drives them.
 */
import type { BacktestResult } from "@alphabench/engine"
import { buildRunRecord, openTracker, randomIds } from "@alphabench/tracking"
import type { ArtifactSource, NestedMetrics } from "@alphabench/tracking"
import { Effect, Schema } from "effect"
import { userInfo } from "node:os"
import { attempt } from "../internal/attempt.ts"
import { gitCommit } from "../internal/gitCommit.ts"
import type { StageOutcome } from "../RunOutcome.ts"
import { RunStore } from "../RunStore.ts"
import type { RunSpec } from "../RunSpec.ts"
import type { StageError } from "../StageError.ts"
import type { ReportOutput } from "./Report.ts"
import type { ScoreOutput } from "./Score.ts"
import type { SnapshotOutput } from "./Snapshot.ts"

export const LogOutput = Schema.Struct({
  runId: Schema.String,
  experimentId: Schema.String,
  experiment: Schema.String,
  uri: Schema.String,
  status: Schema.String
})
export type LogOutput = typeof LogOutput.Type

export interface LogInput {
  readonly runId: string
  readonly spec: RunSpec
  /** The MLflow run id to use (file store), or null to let the store choose. */
  readonly trackingRunId: string | null
  readonly startedAt: number
  /** The stages before this one, in order. */
  readonly stages: ReadonlyArray<StageOutcome>
  readonly snapshot: SnapshotOutput | null
  readonly score: ScoreOutput | null
  readonly report: ReportOutput | null
}

const headline = (result: BacktestResult): Record<string, number> => {
  const overall = result.summary.find((row) => row.group === "overall")
  if (overall === undefined) return {}
  const metrics: Record<string, number> = {
    sharpe: overall.sharpe,
    ann_ret: overall.ann_ret,
    ann_vol: overall.ann_vol,
    max_dd: overall.max_dd,
    turnover: overall.turnover,
    ic_mean: overall.ic_mean,
    t_stat: overall.t_stat,
    hit_rate: overall.hit_rate
  }
  return Object.fromEntries(Object.entries(metrics).filter(([, value]) => Number.isFinite(value)))
}

const finite = (entries: Record<string, number | null>): Record<string, number> =>
  Object.fromEntries(Object.entries(entries).filter((entry): entry is [string, number] => entry[1] !== null && Number.isFinite(entry[1])))

const author = (): string => {
  for (const name of ["ALPHABENCH_AUTHOR", "GIT_AUTHOR_NAME", "USER", "LOGNAME"]) {
    const value = process.env[name]
    if (value !== undefined && value !== "") return value
  }
  try {
    return userInfo().username
  } catch {
    return "unknown"
  }
}

export const runLog = (input: LogInput): Effect.Effect<LogOutput, StageError, RunStore> =>
  Effect.gen(function*() {
    const { spec, runId } = input
    const log = spec.stages.log!
    const store = yield* RunStore
    const suite = yield* store.find(runId, "suite")
    const simulation = yield* store.find(runId, "simulation")
    const events = yield* store.events(runId)

    const metrics: Record<string, number | NestedMetrics> = {}
    if (suite !== undefined) {
      Object.assign(metrics, headline(suite.configs[suite.reference]!))
      metrics.score = suite.score.total
      for (const cell of suite.grid) metrics[cell.key] = headline(suite.configs[cell.key]!)
      for (const [name, result] of Object.entries(suite.baselines)) metrics[name] = headline(result)
      metrics.significance = finite({ t_stat: suite.significance.t_stat, psr: suite.significance.psr, dsr: suite.significance.dsr })
    }
    if (simulation !== undefined) {
      const s = simulation.stats
      metrics.simulation = finite({
        total_return: s.total_return,
        cagr: s.cagr,
        max_drawdown: s.max_drawdown,
        sharpe: s.daily_sharpe,
        sortino: s.daily_sortino,
        win_ratio: s.win_ratio,
        trades: s.trades
      })
    }
    metrics.stage_seconds = Object.fromEntries(
      input.stages.filter((stage) => stage.status !== "skipped").map((stage) => [stage.stage, stage.durationMs / 1000])
    )
    const failed = input.stages.find((stage) => stage.status === "failed")
    const tags: Record<string, string> = {
      workflow: spec.workflow,
      workflow_file: spec.file,
      alphabench_run_id: runId
    }
    if (failed !== undefined) {
      tags.failed_stage = failed.stage
      tags.error = failed.detail
    }
    const artifacts: Array<ArtifactSource> = [
      { name: "progress.jsonl", bytes: events.map((event) => JSON.stringify(event)).join("\n") + "\n" }
    ]
    if (input.report !== null) {
      for (const [name, path] of Object.entries(input.report.files)) artifacts.push({ name, path })
    }
    const sha = gitCommit(spec.file)
    const record = buildRunRecord({
      experiment: log.experiment,
      runName: spec.signal.name,
      signalName: spec.signal.name,
      ...(input.snapshot === null ? {} : { snapshotId: input.snapshot.id, snapshotHash: input.snapshot.hash }),
      ...(sha === null ? {} : { gitSha: sha }),
      author: author(),
      config: spec.config as Record<string, unknown>,
      metrics,
      ...(input.score === null ? {} : { grade: input.score.grade, verdict: input.score.verdict }),
      tags,
      artifacts,
      ...(spec.description === null ? {} : { note: spec.description }),
      status: failed === undefined ? "FINISHED" : "FAILED",
      startTime: input.startedAt,
      endTime: Date.now()
    })
    const tracker = yield* attempt("log", () =>
      openTracker(log.tracking ?? undefined, {
        retry: false,
        ...(input.trackingRunId === null ? {} : { ids: { runId: () => input.trackingRunId!, experimentId: randomIds.experimentId } })
      })
    )
    const run = yield* attempt("log", async () => {
      // A run resumed on another worker may find its tracking run already written by the worker
      // that died before the journal recorded it: that run is this one's (same ids), not a clash.
      if (input.trackingRunId !== null) {
        const earlier = await tracker.getRun(input.trackingRunId).catch(() => null)
        if (earlier !== null && earlier.tags.alphabench_run_id === runId) return earlier
      }
      return tracker.logRun(record)
    })
    return {
      runId: run.info.runId,
      experimentId: run.info.experimentId,
      experiment: log.experiment,
      uri: tracker.uri,
      status: run.info.status
    }
  })

