/**
 * The pipeline: one run of an experiment (one signal through the file's stages) as an
 * `effect/workflow` Workflow whose stages are Activities. It runs on the in-memory workflow
 * engine by default (`WorkflowEngine.layerMemory`); a durable, distributed engine
 * (`ClusterWorkflowEngine`) can replace it without touching the stages.
 *
 * Each stage activity runs its implementation from the StageRegistry with the file's retry
 * schedule inside the activity (Effect.retry around an Activity would replay its journaled
 * failure instead of retrying), under the stage's time limit. Activity results are the
 * stages' small outputs; the large values live in the RunStore. A stage left out of the file
 * is skipped, and so is every stage that needs a stage that was skipped or failed; the log
 * stage runs whenever the file has it, recording a failed run as FAILED.
 */
import { Cause, Clock, Effect, Layer, Schema } from "effect"
import { Activity, Workflow, WorkflowEngine } from "effect/workflow"
import { formatDuration } from "./internal/duration.ts"
import { stageNeeds } from "./LoadExperiment.ts"
import { Progress } from "./Progress.ts"
import type { ProgressEvent, StageStatus } from "./Progress.ts"
import { withRetry } from "./RetrySchedule.ts"
import { RunOutcome } from "./RunOutcome.ts"
import type { RunOutcome as RunOutcomeType } from "./RunOutcome.ts"
import type { StageOutcome } from "./RunOutcome.ts"
import { RunSpec } from "./RunSpec.ts"
import type { ConfigurableStage, StageName, StageSettings } from "./RunSpec.ts"
import { RunStore } from "./RunStore.ts"
import { InternalError, isTransient, StageError, StageTimeout } from "./StageError.ts"
import { StageRegistry } from "./StageRegistry.ts"
import type { StageServices } from "./StageRegistry.ts"
import { BacktestOutput } from "./stages/Backtest.ts"
import { LoadOutput } from "./stages/Load.ts"
import { LogOutput } from "./stages/Log.ts"
import { ReportOutput } from "./stages/Report.ts"
import { ScoreOutput } from "./stages/Score.ts"
import { SimulateOutput } from "./stages/Simulate.ts"
import { SnapshotOutput } from "./stages/Snapshot.ts"
import { ValidateOutput } from "./stages/Validate.ts"
import { describeStage } from "./internal/describeStage.ts"

export const ExperimentRun = Workflow.make("alphabench/ExperimentRun", {
  payload: {
    runId: Schema.String,
    /** The MLflow run id to log under when it can be chosen up front (file store), else null. */
    trackingRunId: Schema.NullOr(Schema.String),
    startedAt: Schema.Number,
    spec: RunSpec
  },
  success: RunOutcome,
  idempotencyKey: ({ runId }) => runId
})

/** Emits a progress event and keeps it with the run (the log stage writes them). */
const emit = (event: ProgressEvent) =>
  Effect.gen(function*() {
    yield* (yield* RunStore).record(event)
    yield* (yield* Progress).emit(event)
  })

/**
 * A stage's work as it runs inside its activity: progress start, retries of transient errors
 * with the file's schedule, the time limit, and defects turned into InternalError.
 */
const guarded = <A>(
  runId: string,
  stage: StageName,
  settings: StageSettings,
  work: Effect.Effect<A, StageError, StageServices>
): Effect.Effect<A, StageError, StageServices> =>
  Effect.gen(function*() {
    yield* emit({ type: "stage-start", runId, stage, at: yield* Clock.currentTimeMillis })
    let attempt = 0
    const once = Effect.suspend(() => {
      attempt++
      return work
    }).pipe(
      Effect.catchDefect((defect) =>
        Effect.fail(new InternalError({ stage, message: defect instanceof Error ? defect.message : String(defect) }))
      ),
      Effect.tapError((error) =>
        isTransient(error) && attempt <= settings.retry.times
          ? Effect.flatMap(Clock.currentTimeMillis, (at) =>
            emit({ type: "stage-retry", runId, stage, attempt, error: `${error._tag}: ${error.message}`, at }))
          : Effect.void
      )
    )
    return yield* withRetry(once, settings.retry).pipe(
      Effect.timeoutOrElse({
        duration: settings.timeoutMs,
        orElse: () =>
          Effect.fail(
            new StageTimeout({
              stage,
              timeoutMs: settings.timeoutMs,
              message: `${stage} did not finish within ${formatDuration(settings.timeoutMs)}`
            })
          )
      })
    )
  })

const outputSchemas = {
  snapshot: SnapshotOutput,
  validate: ValidateOutput,
  load: LoadOutput,
  backtest: BacktestOutput,
  simulate: SimulateOutput,
  score: ScoreOutput,
  report: ReportOutput,
  log: LogOutput
} as const

type Outputs = { readonly [K in StageName]: (typeof outputSchemas)[K]["Type"] }

const retriesOf = (events: ReadonlyArray<ProgressEvent>, stage: StageName): number =>
  events.filter((event) => event.type === "stage-retry" && event.stage === stage).length

type PipelineServices = StageRegistry | StageServices | WorkflowEngine.WorkflowInstance | WorkflowEngine.WorkflowEngine

const pipeline = (payload: typeof ExperimentRun.payloadSchema.Type): Effect.Effect<RunOutcomeType, never, PipelineServices> => Effect.gen(function*() {
  const { runId, spec, trackingRunId, startedAt } = payload
  const stages = yield* StageRegistry
  const store = yield* RunStore
  const outcomes: Array<StageOutcome> = []
  const status: Partial<Record<StageName, StageStatus>> = {}
  const results: { -readonly [K in StageName]?: Outputs[K] } = {}

  yield* emit({ type: "run-start", runId, workflow: spec.workflow, signal: spec.signal.name, file: spec.file, at: yield* Clock.currentTimeMillis })

  const record = (outcome: StageOutcome) =>
    Effect.gen(function*() {
      outcomes.push(outcome)
      status[outcome.stage] = outcome.status
      yield* emit({
        type: "stage-end",
        runId,
        stage: outcome.stage,
        status: outcome.status,
        durationMs: outcome.durationMs,
        detail: outcome.detail,
        at: yield* Clock.currentTimeMillis
      })
    })

  const skip = (stage: StageName, detail: string) =>
    record({ stage, status: "skipped", durationMs: 0, attempts: 0, detail, error: null })

  /** Runs `stage` as an activity; records its outcome; its output, or undefined when it failed. */
  const run = <K extends StageName>(stage: K, settings: StageSettings, work: Effect.Effect<Outputs[K], StageError, StageServices>) =>
    Effect.gen(function*() {
      const started = yield* Clock.currentTimeMillis
      // The schemas are concrete per stage; the cast only keeps the generic K from leaking
      // unresolved schema services into the requirements.
      const activity = Activity.make({
        name: stage,
        success: outputSchemas[stage],
        error: StageError,
        execute: guarded(runId, stage, settings, work)
      }) as unknown as Effect.Effect<Outputs[K], StageError, PipelineServices>
      const exit = yield* Effect.exit(activity)
      const durationMs = (yield* Clock.currentTimeMillis) - started
      const attempts = 1 + retriesOf(yield* store.events(runId), stage)
      if (exit._tag === "Success") {
        const value = exit.value as Outputs[K]
        results[stage] = value as never
        yield* record({ stage, status: "ok", durationMs, attempts, detail: describeStage(stage, value), error: null })
        return value
      }
      const failure = Cause.findErrorOption(exit.cause)
      const error = failure._tag === "Some"
        ? failure.value
        : new InternalError({ stage, message: Cause.pretty(exit.cause).split("\n")[0] ?? "unknown failure" })
      yield* record({
        stage,
        status: "failed",
        durationMs,
        attempts,
        detail: `${error._tag}: ${error.message}`,
        error: { tag: error._tag, message: error.message, problems: error._tag === "ValidationError" ? [...error.problems] : [] }
      })
      return undefined as Outputs[K] | undefined
    })

  /** Why `stage` cannot run, or null when it can. */
  const blocked = (stage: ConfigurableStage): string | null => {
    if (spec.stages[stage] === null) return "not in the workflow file"
    if (stage === "log") return null
    if (status.snapshot !== "ok") return "needs the snapshot, which failed"
    for (const need of stageNeeds[stage]) {
      const state = status[need]
      if (state !== "ok") return `needs ${need}, which ${state === "failed" ? "failed" : "was skipped"}`
    }
    return null
  }

  const step = <K extends ConfigurableStage>(stage: K, work: () => Effect.Effect<Outputs[K], StageError, StageServices>) =>
    Effect.gen(function*() {
      const reason = blocked(stage)
      if (reason !== null) return yield* skip(stage, reason)
      yield* run(stage, spec.stages[stage]!.settings, work())
    })

  const snapshot = yield* run("snapshot", spec.snapshotSettings, stages.snapshot({ runId, spec }))
  yield* step("validate", () => stages.validate({ runId, spec, snapshot: snapshot! }))
  yield* step("load", () => stages.load({ runId, spec, snapshot: snapshot! }))
  yield* step("backtest", () => stages.backtest({ runId, spec }))
  yield* step("simulate", () => stages.simulate({ runId, spec }))
  yield* step("score", () => stages.score({ runId }))
  yield* step("report", () => stages.report({ runId, spec, trackingRunId, startedAt, signalSource: results.validate!.source }))
  yield* step("log", () =>
    stages.log({
      runId,
      spec,
      trackingRunId,
      startedAt,
      stages: [...outcomes],
      snapshot: results.snapshot ?? null,
      score: results.score ?? null,
      report: results.report ?? null
    }))

  const failed = outcomes.some((outcome) => outcome.status === "failed")
  const ended = yield* Clock.currentTimeMillis
  yield* emit({ type: "run-end", runId, status: failed ? "failed" : "ok", at: ended })
  const score = results.score
  return {
    runId,
    workflow: spec.workflow,
    file: spec.file,
    signal: spec.signal.name,
    status: failed ? "failed" as const : "ok" as const,
    startedAt,
    durationMs: ended - startedAt,
    stages: outcomes,
    snapshot: results.snapshot === undefined ? null : { id: results.snapshot.id, hash: results.snapshot.hash, created: results.snapshot.created },
    verdict: score === undefined ? null : { score: score.score, grade: score.grade, color: score.verdict, reasons: [...score.reasons] },
    report: results.report === undefined ? null : { dir: results.report.dir, tearsheet: results.report.tearsheet },
    tracking: results.log === undefined
      ? null
      : { runId: results.log.runId, experimentId: results.log.experimentId, experiment: results.log.experiment, uri: results.log.uri }
  }
})

export const ExperimentRunLayer = ExperimentRun.toLayer(pipeline)

/** Everything the pipeline needs, on the in-memory workflow engine, with the given stages. */
export const pipelineLayer = (stages: Layer.Layer<StageRegistry> = StageRegistry.layer) =>
  ExperimentRunLayer.pipe(
    Layer.provideMerge(WorkflowEngine.layerMemory),
    Layer.provideMerge(stages),
    Layer.provideMerge(RunStore.layer),
    Layer.provideMerge(Progress.layer)
  )
