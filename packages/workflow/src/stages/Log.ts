/**
 * The `log` stage (packages/tracking): records the run as an MLflow run. Tags `signal_name`,
 * `snapshot_id`, `snapshot_hash`, `git_sha`, `author`, `grade`, `verdict` (and MLflow's
 * `mlflow.*`); params from the workflow's configuration (config.yaml holds all of it);
 * metrics of the reference config without prefix (`sharpe`, `ann_ret`, `max_dd`,
 * `turnover`, `ic_mean`, `score`), the same per config and per baseline
 * (`lag1_industry.sharpe`), the simulation's and each stage's duration; artifacts: the report's
 * files and the progress log. A run in which a stage failed is recorded as FAILED, with the
 * stage and the error as tags. Non-finite metrics are left out and named in the stage's
 * warnings and the tag `dropped_metrics`; a baseline that never held a position gets a
 * `baseline.<name>` tag instead of metrics (internal/runMetrics.ts). The tracker is opened
 * without its own retries: the file's retry schedule drives them, and each attempt against a
 * server first deletes the half-written runs of earlier ones (internal/earlierTrackingRuns.ts).
 */
import { buildRunRecord, openTracker, randomIds } from "@alphabench/tracking"
import type { ArtifactSource } from "@alphabench/tracking"
import { Effect, Schema } from "effect"
import { userInfo } from "node:os"
import { attempt } from "../internal/attempt.ts"
import { deleteEarlierRuns, RUN_ID_TAG } from "../internal/earlierTrackingRuns.ts"
import { gitCommit } from "../internal/gitCommit.ts"
import { runMetrics } from "../internal/runMetrics.ts"
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
  status: Schema.String,
  /** What the user should know about the record: metrics left out, earlier attempts' runs deleted. */
  warnings: Schema.Array(Schema.String)
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

/** How many dropped metrics the warning names (the tag `dropped_metrics` names up to 100). */
const NAMED_IN_WARNING = 5
const NAMED_IN_TAG = 100

const listed = (items: ReadonlyArray<string>, most: number): string =>
  items.length <= most ? items.join(", ") : `${items.slice(0, most).join(", ")}, and ${items.length - most} more`

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

    const stageSeconds = Object.fromEntries(
      input.stages.filter((stage) => stage.status !== "skipped").map((stage) => [stage.stage, stage.durationMs / 1000])
    )
    const { metrics, dropped, tags: metricTags } = runMetrics(suite, simulation, stageSeconds)
    const warnings: Array<string> = []
    if (dropped.length > 0) {
      warnings.push(
        `left out ${dropped.length} non-finite metric${dropped.length === 1 ? "" : "s"} (MLflow cannot store NaN or infinity): ` +
          listed(dropped, NAMED_IN_WARNING)
      )
    }
    const failed = input.stages.find((stage) => stage.status === "failed")
    const tags: Record<string, string> = {
      workflow: spec.workflow,
      workflow_file: spec.file,
      [RUN_ID_TAG]: runId,
      ...metricTags,
      ...(dropped.length === 0 ? {} : { dropped_metrics: listed(dropped, NAMED_IN_TAG) })
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
        if (earlier !== null && earlier.tags[RUN_ID_TAG] === runId) return earlier
      } else {
        // The store chose the ids (a tracking server): delete what earlier attempts left.
        const deleted = await deleteEarlierRuns(tracker, log.experiment, runId)
        if (deleted.length > 0) {
          warnings.push(`deleted ${deleted.length} run${deleted.length === 1 ? "" : "s"} that earlier attempts left: ${deleted.join(", ")}`)
        }
      }
      return tracker.logRun({ ...record, identityTags: [RUN_ID_TAG] })
    })
    return {
      runId: run.info.runId,
      experimentId: run.info.experimentId,
      experiment: log.experiment,
      uri: tracker.uri,
      status: run.info.status,
      warnings
    }
  })

