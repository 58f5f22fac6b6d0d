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
 *
 * On a durable engine a run may resume in another process: the stages that completed are
 * replayed from the journal, and the values they left in the RunStore are computed again on
 * demand (each successful stage registers how, with the journaled snapshot hash and signal file
 * hash to check against). The pipeline forgets the run's values when it ends.
 */
import { Cause, Clock, Effect, Layer, Schema } from "effect"
import { StageAttempt } from "./CellExecution.ts"
import { attempt } from "./internal/attempt.ts"
import { changedSignalFile, fileSha256 } from "./internal/runSignal.ts"
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
import type { RunValues } from "./RunStore.ts"
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
 * `work` as a sequence of attempts (for `withRetry`): each sees its number as StageAttempt,
 * defects become an InternalError, and `onError` sees each failure with its attempt's number.
 */
const attempts = <A, R>(
  work: Effect.Effect<A, StageError, R>,
  onError: (error: StageError, attempt: number) => Effect.Effect<void, never, R>,
  stage: StageName
): Effect.Effect<A, StageError, R> => {
  let attempt = 0
  return Effect.suspend(() => {
    const current = ++attempt
    return work.pipe(
      Effect.provideService(StageAttempt, current),
      Effect.catchDefect((defect) =>
        Effect.fail(new InternalError({ stage, message: defect instanceof Error ? defect.message : String(defect) }))
      ),
      Effect.tapError((error) => onError(error, current))
    )
  })
}

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
    const once = attempts(work, (error, attempt) =>
      isTransient(error) && attempt <= settings.retry.times
        ? Effect.flatMap(Clock.currentTimeMillis, (at) =>
          emit({ type: "stage-retry", runId, stage, attempt, error: `${error._tag}: ${error.message}`, at }))
        : Effect.void, stage)
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

/** The RunStore value each stage leaves for the later ones. */
const producedValue: Partial<Record<StageName, keyof RunValues>> = {
  validate: "signal",
  load: "panel",
  backtest: "suite",
  simulate: "simulation"
}

/** Fails when the signal file a run validated has changed since (a generated signal has nothing to check). */
const checkSignalUnchanged = (validated: Outputs["validate"]): Effect.Effect<void, StageError> =>
  validated.sha256 === null
    ? Effect.void
    : Effect.flatMap(attempt("validate", () => fileSha256(validated.source)), (found) =>
      found === validated.sha256 ? Effect.void : Effect.fail(changedSignalFile("validate", validated.source, validated.sha256!, found)))

type PipelineServices = StageRegistry | StageServices | WorkflowEngine.WorkflowInstance | WorkflowEngine.WorkflowEngine

/**
 * The run, forgetting its values when it ends. A run interrupted here (on a cluster: its shard
 * moved to another worker) keeps how to rebuild them, because the activity it was in is
 * uninterruptible and may still need them while it finishes.
 */
const pipeline = (payload: typeof ExperimentRun.payloadSchema.Type): Effect.Effect<RunOutcomeType, never, PipelineServices> =>
  stagesOf(payload).pipe(Effect.onExit((exit) =>
    Effect.gen(function*() {
      const store = yield* RunStore
      const interrupted = exit._tag === "Failure" && Cause.hasInterrupts(exit.cause)
      yield* (interrupted ? store.forget(payload.runId) : store.drop(payload.runId))
    })
  ))

const stagesOf = (payload: typeof ExperimentRun.payloadSchema.Type): Effect.Effect<RunOutcomeType, never, PipelineServices> => Effect.gen(function*() {
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

  /**
   * Runs `stage` as an activity; records its outcome; its output, or undefined when it failed.
   * The activity journals the output with the stage's own duration and attempts, so a run
   * replayed in another process reports them as they were.
   */
  const run = <K extends StageName>(stage: K, settings: StageSettings, work: Effect.Effect<Outputs[K], StageError, StageServices>) =>
    Effect.gen(function*() {
      const started = yield* Clock.currentTimeMillis
      // The schemas are concrete per stage; the cast only keeps the generic K from leaking
      // unresolved schema services into the requirements.
      const activity = Activity.make({
        name: stage,
        success: Schema.Struct({ output: outputSchemas[stage], durationMs: Schema.Number, attempts: Schema.Int }),
        error: StageError,
        execute: Effect.gen(function*() {
          const begin = yield* Clock.currentTimeMillis
          const output = yield* guarded(runId, stage, settings, work)
          const durationMs = (yield* Clock.currentTimeMillis) - begin
          return { output, durationMs, attempts: 1 + retriesOf(yield* store.events(runId), stage) }
        })
      }) as unknown as Effect.Effect<{ output: Outputs[K]; durationMs: number; attempts: number }, StageError, PipelineServices>
      const exit = yield* Effect.exit(activity)
      if (exit._tag === "Success") {
        const { output, durationMs, attempts } = exit.value
        results[stage] = output as never
        yield* record({ stage, status: "ok", durationMs, attempts, detail: describeStage(stage, output), error: null })
        return output
      }
      const durationMs = (yield* Clock.currentTimeMillis) - started
      const attempts = 1 + retriesOf(yield* store.events(runId), stage)
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

  /**
   * After `stage` succeeded: how to compute the value it left in the RunStore again, should a
   * later stage run in a process that lacks it (its attempts and retries as in the activity).
   * A signal file is first checked against the SHA-256 the run validated.
   */
  const registerRebuild = <K extends ConfigurableStage>(
    stage: K,
    output: Outputs[K],
    work: () => Effect.Effect<Outputs[K], StageError, StageServices>
  ) =>
    Effect.gen(function*() {
      const key = producedValue[stage]
      if (key === undefined) return
      const context = yield* Effect.context<StageServices>()
      const settings = spec.stages[stage]!.settings
      const precheck = stage === "validate" ? checkSignalUnchanged(output as Outputs["validate"]) : Effect.void
      const again = Effect.suspend(() => withRetry(attempts(work(), () => Effect.void, stage), settings.retry))
      yield* store.rebuildWith(runId, key, precheck.pipe(Effect.andThen(again), Effect.asVoid, Effect.provideContext(context)))
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
      const output = yield* run(stage, spec.stages[stage]!.settings, work())
      if (output !== undefined) yield* registerRebuild(stage, output, work)
    })

  const snapshot = yield* run("snapshot", spec.snapshotSettings, stages.snapshot({ runId, spec }))
  yield* step("validate", () => stages.validate({ runId, spec, snapshot: snapshot! }))
  yield* step("load", () => stages.load({ runId, spec, snapshot: snapshot! }))
  yield* step("backtest", () => stages.backtest({ runId, spec, snapshot: results.snapshot!, validate: results.validate! }))
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

export interface PipelineOptions {
  /**
   * Read snapshots from this folder instead of each run's `snapshotsRoot` (a cluster worker
   * whose copy of the snapshots is elsewhere; ids and content hashes are still checked).
   */
  readonly snapshotsRoot?: string
}

/** The pipeline's implementation of ExperimentRun, with options. */
export const experimentRunLayer = (options: PipelineOptions = {}) =>
  ExperimentRun.toLayer((payload) =>
    pipeline(
      options.snapshotsRoot === undefined ? payload : { ...payload, spec: { ...payload.spec, snapshotsRoot: options.snapshotsRoot } }
    )
  )

export const ExperimentRunLayer = experimentRunLayer()

/** Everything the pipeline needs, on the in-memory workflow engine, with the given stages. */
export const pipelineLayer = (stages: Layer.Layer<StageRegistry> = StageRegistry.layer) =>
  ExperimentRunLayer.pipe(
    Layer.provideMerge(WorkflowEngine.layerMemory),
    Layer.provideMerge(stages),
    Layer.provideMerge(RunStore.layer),
    Layer.provideMerge(Progress.layer)
  )
