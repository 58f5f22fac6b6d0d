/**
 * The server's runs, as jobs in a queue worked one at a time (a run uses every core). A job
 * is a workflow file planned by packages/workflow and run with `runExperiment`, exactly as
 * `alphabench run FILE` would: the same stages, retries, reports and tracking. The Run tab's
 * form is first written as a workflow file (RunFormDocument.ts) beside the uploads.
 *
 * Each job runs on a workflow engine of its own (`pipelineLayer`, built for the job), so that
 * cancelling it closes that engine's scope: the run is interrupted as `alphabench run` is by
 * Ctrl-C (the backtest's worker threads stop, nothing is reported or logged). Interrupting only
 * the fiber waiting for the result would leave the engine's run going on its own.
 */
import { resolveSnapshotId } from "@alphabench/catalog"
import { formatExperimentIssue, pipelineLayer, planExperimentFile, planExperimentText, Progress, runExperiment } from "@alphabench/workflow"
import type { ExperimentIssue, ExperimentPlan, RunSpec } from "@alphabench/workflow"
import { Cause, Context, Effect, Fiber, Layer, Queue, Result } from "effect"
import { randomBytes } from "node:crypto"
import { mkdirSync, renameSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"
import type { Job, RunForm } from "../ApiTypes.ts"
import { runFormWorkflow } from "../RunFormDocument.ts"
import type { WebConfig } from "../WebOptions.ts"
import { fileUrl } from "./fileUrls.ts"
import { badRequest, HttpFailure, messageOf, notFound } from "./httpError.ts"
import { JobState } from "./jobState.ts"
import { lookupFile } from "./safePath.ts"
import { makeUploadId } from "./uploads.ts"
import { resolveSignalRef, signalNameOf } from "./signalFiles.ts"

/** Jobs kept in memory for the page (the tracking store keeps the runs themselves). */
const KEEP_JOBS = 100

export interface JobsService {
  readonly submitForm: (form: RunForm) => Effect.Effect<Job, HttpFailure>
  /** Runs `file`, a path inside the workflows folder. */
  readonly submitWorkflow: (file: string) => Effect.Effect<Job, HttpFailure>
  readonly list: () => ReadonlyArray<Job>
  readonly find: (id: string) => JobState | undefined
  /** Stops a queued or running job; answers the job once it has stopped. */
  readonly cancel: (id: string) => Effect.Effect<Job, HttpFailure>
}

export class Jobs extends Context.Service<Jobs, JobsService>()("@alphabench/web/Jobs") {}

/** A path as the user would type it from the server's folder. */
const shown = (config: WebConfig, path: string): string => {
  const rel = relative(config.cwd, path)
  return rel.startsWith("..") || rel === "" ? path : rel
}

const quoted = (text: string): string => (/^[A-Za-z0-9_./:@=-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`)

const issueFailure = (what: string, issues: ReadonlyArray<ExperimentIssue>): HttpFailure =>
  badRequest(`${what} has ${issues.length} problem${issues.length === 1 ? "" : "s"}`, issues.map(formatExperimentIssue))

const writeAtomically = (path: string, text: string): void => {
  const temporary = `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`
  writeFileSync(temporary, text)
  renameSync(temporary, path)
}

export const jobsLayer = (config: WebConfig) =>
  Layer.effect(
    Jobs,
    Effect.gen(function*() {
      const queue = yield* Queue.unbounded<{ readonly state: JobState; readonly runs: ReadonlyArray<RunSpec> }>()
      const jobs = new Map<string, JobState>()
      const running = new Map<string, Fiber.Fiber<void>>()
      const cancelRequested = new Set<string>()

      const remember = (state: JobState) => {
        jobs.set(state.id, state)
        for (const id of jobs.keys()) {
          if (jobs.size <= KEEP_JOBS) break
          if (jobs.get(id)!.finished) jobs.delete(id)
        }
      }

      const work = (state: JobState, runs: ReadonlyArray<RunSpec>) =>
        Effect.gen(function*() {
          state.setStatus("running")
          const progress = yield* Progress
          const stop = progress.listen((event) => state.apply(event))
          let failed = false
          yield* Effect.gen(function*() {
            for (const spec of runs) {
              const outcome = yield* runExperiment(spec)
              if (outcome.status === "failed") failed = true
              state.finishRun(outcome, outcome.report === null ? null : fileUrl(config, outcome.report.tearsheet))
              config.log(`run ${outcome.runId} (${outcome.workflow}/${outcome.signal}): ${outcome.verdict === null ? outcome.status : outcome.verdict.color}`)
            }
          }).pipe(Effect.ensuring(Effect.sync(stop)))
          state.setStatus(failed ? "failed" : "done")
        }).pipe(
          Effect.provide(pipelineLayer()),
          Effect.onInterrupt(() =>
            Effect.sync(() => {
              if (state.finished) return
              if (cancelRequested.has(state.id)) return state.cancel()
              state.fail("the server stopped before the run finished")
            })
          ),
          Effect.catchCause((cause) =>
            Effect.sync(() => {
              config.log(`job ${state.id} failed: ${Cause.pretty(cause)}`)
              state.fail(`internal error: ${messageOf(Cause.squash(cause))}`)
            })
          )
        )

      const next = Effect.gen(function*() {
        const { state, runs } = yield* Queue.take(queue)
        if (state.finished) return
        const fiber = yield* Effect.forkChild(work(state, runs))
        running.set(state.id, fiber)
        yield* Fiber.await(fiber).pipe(Effect.ensuring(Effect.sync(() => running.delete(state.id))))
      })
      yield* Effect.forkScoped(Effect.forever(next))

      const cancel = (id: string) =>
        Effect.gen(function*() {
          const state = jobs.get(id)
          if (state === undefined) return yield* notFound(`no job ${JSON.stringify(id)} (jobs are kept while the server runs)`)
          if (state.finished) return yield* new HttpFailure({ status: 409, message: `job ${id} has already ended (${state.status}); there is nothing to cancel` })
          cancelRequested.add(id)
          const fiber = running.get(id)
          // A queued job is marked here and skipped when its turn comes.
          if (fiber === undefined) state.cancel()
          else yield* Fiber.interrupt(fiber)
          config.log(`job ${id} cancelled`)
          return state.toJson()
        })

      const enqueue = (state: JobState, plan: ExperimentPlan) =>
        Effect.gen(function*() {
          remember(state)
          yield* Queue.offer(queue, { state, runs: plan.runs })
          return state.toJson()
        })

      const submitForm = (form: RunForm) =>
        Effect.gen(function*() {
          const signal = yield* Effect.try({ try: () => resolveSignalRef(config, form.signal), catch: asFailure })
          const snapshotId = yield* Effect.try({
            try: () => resolveSnapshotId(config.snapshotsRoot, form.snapshot),
            catch: (error) => badRequest(messageOf(error))
          })
          const signalName = signalNameOf(signal.file.name)
          const now = new Date()
          const text = runFormWorkflow(form, {
            signalPath: signal.path,
            signalName,
            snapshotId,
            artifactsDir: config.artifactsDir,
            tracking: config.tracking,
            createdAt: now.toISOString()
          })
          const dir = join(config.uploadsDir, "workflows")
          const file = join(dir, `${makeUploadId(now)}-${signalName}.yaml`)
          const planned = planExperimentText(text, file, { snapshotsRoot: config.snapshotsRoot, tracking: config.tracking, cwd: config.cwd })
          if (Result.isFailure(planned)) return yield* issueFailure("the run's settings", planned.failure)
          yield* Effect.try({
            try: () => {
              mkdirSync(dir, { recursive: true })
              writeAtomically(file, text)
            },
            catch: (error) => new HttpFailure({ status: 500, message: `cannot write the run's workflow file ${file}: ${messageOf(error)}` })
          })
          const state = new JobState({
            id: randomBytes(5).toString("hex"),
            kind: "form",
            title: `${signalName} on ${snapshotId}`,
            workflowFile: shown(config, file),
            command: `alphabench run ${quoted(shown(config, file))}`
          })
          return yield* enqueue(state, planned.success)
        })

      const submitWorkflow = (name: string) =>
        Effect.gen(function*() {
          const found = lookupFile(config.workflowsDir, name.split("/").map(encodeURIComponent).join("/"))
          if (!found.ok) return yield* new HttpFailure({ status: found.status, message: `workflow ${JSON.stringify(name)}: ${found.message}` })
          const display = `workflows/${name}`
          const planned = planExperimentFile(found.path, {
            snapshotsRoot: config.snapshotsRoot,
            tracking: config.tracking,
            cwd: config.cwd,
            display
          })
          if (Result.isFailure(planned)) return yield* issueFailure(`the workflow file ${display}`, planned.failure)
          const plan = planned.success
          const state = new JobState({
            id: randomBytes(5).toString("hex"),
            kind: "workflow",
            title: `${plan.name} (${display})`,
            workflowFile: shown(config, found.path),
            command: `alphabench run ${quoted(shown(config, found.path))} --snapshots ${quoted(shown(config, config.snapshotsRoot))} --tracking ${quoted(shown(config, config.tracking))}`
          })
          return yield* enqueue(state, plan)
        })

      return Jobs.of({
        submitForm,
        submitWorkflow,
        list: () => [...jobs.values()].reverse().map((state) => state.toJson()),
        find: (id) => jobs.get(id),
        cancel
      })
    })
  )

const asFailure = (error: unknown): HttpFailure => (error instanceof HttpFailure ? error : badRequest(messageOf(error)))
