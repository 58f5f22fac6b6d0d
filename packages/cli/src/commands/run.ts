/**
 * `alphabench run FILE|DIR... [--json] [--snapshots DIR] [--tracking URI]`: runs experiments
 * written as workflow files (spec/workflow.md): every signal of every file, one after the
 * other, through the file's stages (packages/workflow). Progress goes to stderr; each run's
 * verdict, tear sheet and tracking run to stdout (with --json: one JSON document). A file with
 * errors is reported and skipped; a failed run does not stop the others. Exit code 0 when
 * everything ran, 1 when a run failed, 2 when a file was invalid.
 *
 * With `--cluster postgres://...` the runs go to the cluster's workers (`alphabench worker`),
 * all at once; this process waits for their outcomes and shows the progress the workers write
 * to the cluster's database.
 *
 * The workflow package (and with it the suite, the tear sheet and the tracker) is imported
 * when the command runs, so other commands start without loading it.
 */
import type { FileResult, RunOutcome, RunStore, RunSummary } from "@alphabench/workflow"
import type { Progress } from "@alphabench/workflow"
import { Cause, Console, Effect, Layer, Logger, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import type { WorkflowEngine } from "effect/workflow"
import { relative } from "node:path"
import { CliError, EXIT_FAILED, EXIT_INVALID_INPUT, invalidInput } from "../CliError.ts"
import { makeProgressView } from "../RunProgressView.ts"
import { jsonFlag, snapshotsFlag } from "../SharedFlags.ts"
import { clusterFlag } from "./worker.ts"

export const trackingFlag = Flag.String("tracking").pipe(
  Flag.withDescription("Tracking store for every run (a folder, file:PATH or http://host:port); overrides the files' log.tracking"),
  Flag.optional
)

const shown = (path: string): string => {
  const rel = relative(process.cwd(), path)
  return rel.startsWith("..") || rel === "" ? path : rel
}

/** The lines stdout gets for one run. */
export const describeOutcome = (outcome: RunOutcome): string => {
  const name = `${outcome.workflow}/${outcome.signal}`
  const lines: Array<string> = []
  if (outcome.status === "failed") {
    const failed = outcome.stages.filter((stage) => stage.status === "failed")
    lines.push(`${name}: FAILED (${failed.map((stage) => `${stage.stage}: ${stage.detail}`).join("; ")})`)
    for (const stage of failed) for (const problem of stage.error?.problems ?? []) lines.push(`  - ${problem}`)
  } else if (outcome.verdict !== null) {
    const v = outcome.verdict
    lines.push(`${name}: ${v.color.toUpperCase()} (grade ${v.grade}, score ${v.score.toFixed(1)})`)
    for (const reason of v.reasons) lines.push(`  - ${reason}`)
  } else {
    lines.push(`${name}: ok`)
  }
  if (outcome.report !== null) lines.push(`  tear sheet    ${shown(outcome.report.tearsheet)}`)
  if (outcome.tracking !== null) {
    lines.push(`  tracking run  ${outcome.tracking.runId} (experiment ${outcome.tracking.experiment}, ${outcome.tracking.uri})`)
  }
  return lines.join("\n")
}

/** The exit code and one-line summary of a whole `run`. */
export const verdictOf = (summary: RunSummary): { readonly code: number; readonly message: string } => {
  const runs = summary.files.reduce((n, file) => n + file.outcomes.length, 0)
  const parts = [`${runs} run${runs === 1 ? "" : "s"}`, `${runs - summary.failedRuns} ok`, `${summary.failedRuns} failed`]
  if (summary.invalidFiles > 0) parts.push(`${summary.invalidFiles} invalid file${summary.invalidFiles === 1 ? "" : "s"}`)
  const message = parts.join(", ")
  if (summary.invalidFiles > 0) return { code: EXIT_INVALID_INPUT, message }
  if (summary.failedRuns > 0) return { code: EXIT_FAILED, message }
  return { code: 0, message }
}

/**
 * Where runs execute: in this process (the in-memory workflow engine), or with `--cluster URL`
 * on the cluster's workers, this process only submitting them and showing their progress.
 */
export const executionLayer = (cluster: Option.Option<string>) =>
  Effect.gen(function*() {
    if (Option.isNone(cluster)) {
      const workflow = yield* Effect.promise(() => import("@alphabench/workflow"))
      return { layer: workflow.pipelineLayer() as Layer.Layer<WorkflowEngine.WorkflowEngine | RunStore | Progress, CliError>, concurrency: 1 as const }
    }
    const { clusterClientLayer, describeClusterUrl } = yield* Effect.promise(() => import("@alphabench/workflow/Cluster"))
    const where = describeClusterUrl(cluster.value)
    const layer = yield* Effect.try({
      try: () =>
        clusterClientLayer({
          url: cluster.value,
          onWorkers: (n) =>
            process.stderr.write(
              n === 0
                ? `cluster: no worker has joined ${where}; the runs wait until one does (alphabench worker --cluster ...)\n`
                : `cluster: submitting to ${n} worker${n === 1 ? "" : "s"} of ${where}\n`
            )
        }),
      catch: (error) => invalidInput(error instanceof Error ? error.message : String(error))
    })
    return {
      layer: layer.pipe(
        Layer.catchCause((cause) => {
          const error = Cause.squash(cause)
          return Layer.effectDiscard(Effect.fail(
            new CliError({ message: `cannot use the cluster at ${where}: ${error instanceof Error ? error.message : String(error)}`, exitCode: EXIT_FAILED })
          ))
        })
      ) as Layer.Layer<WorkflowEngine.WorkflowEngine | RunStore | Progress, CliError>,
      concurrency: "unbounded" as const
    }
  })

const fileProblems = (file: FileResult, format: (issue: FileResult["issues"][number]) => string): string =>
  file.issues.map(format).join("\n")

export const run = Command.make(
  "run",
  {
    workflows: Argument.String("workflow").pipe(
      Argument.withDescription("Workflow files (.yaml) or folders of them"),
      Argument.atLeast(1)
    ),
    json: jsonFlag,
    snapshots: snapshotsFlag,
    tracking: trackingFlag,
    cluster: clusterFlag
  },
  Effect.fn(function*({ workflows, json, snapshots, tracking, cluster }) {
    const workflow = yield* Effect.promise(() => import("@alphabench/workflow"))
    const execution = yield* executionLayer(cluster)
    const view = makeProgressView()
    const options = {
      ...(Option.isSome(snapshots) ? { snapshotsRoot: snapshots.value } : {}),
      ...(Option.isSome(tracking) ? { tracking: tracking.value } : {})
    }
    const summary = yield* Effect.gen(function*() {
      const progress = yield* workflow.Progress
      const stop = progress.listen(view)
      return yield* workflow.runExperimentFiles(workflows, options, {
        concurrency: execution.concurrency,
        onFile: (file) => {
          if (file.plan === null) process.stderr.write(`${fileProblems(file, workflow.formatExperimentIssue)}\n`)
          else if (file.issues.length > 0) {
            process.stderr.write(`${fileProblems(file, (issue) => `warning: ${workflow.formatExperimentIssue(issue)}`)}\n`)
          }
        }
      }).pipe(Effect.ensuring(Effect.sync(stop)))
    }).pipe(
      Effect.provide(execution.layer),
      Effect.provideService(Logger.LogToStderr, true),
      // Ctrl-C: the engine's runs are interrupted with the layer; say so rather than stop mute.
      Effect.onInterrupt(() =>
        Effect.sync(() =>
          process.stderr.write(
            Option.isSome(cluster)
              ? "\nalphabench: interrupted; the runs already submitted go on on the cluster's workers\n"
              : "\nalphabench: interrupted; the runs in progress were stopped (a run's report and tracking run are written only when it gets that far)\n"
          )
        )
      )
    )

    const { code, message } = verdictOf(summary)
    if (json) {
      yield* Console.log(JSON.stringify(
        {
          ok: code === 0,
          files: summary.files.map((file) => ({
            file: file.display,
            valid: file.plan !== null,
            issues: file.issues,
            runs: file.outcomes
          }))
        },
        null,
        2
      ))
    } else {
      for (const file of summary.files) for (const outcome of file.outcomes) yield* Console.log(describeOutcome(outcome))
    }
    if (code !== 0) return yield* Effect.fail(new CliError({ message, exitCode: code }))
    process.stderr.write(`${message}\n`)
  })
).pipe(
  Command.withDescription("Run experiments written as workflow files: every signal through the file's stages, with progress, tear sheets and tracking"),
  Command.withExamples([
    { command: "alphabench run workflows/demo.yaml", description: "The whole pipeline on the small synthetic market" },
    { command: "alphabench run workflows/ --json", description: "Every workflow of a folder; one JSON document on stdout" },
    {
      command: "alphabench run workflows/ --cluster postgres://alphabench@db:5432/alphabench",
      description: "On the cluster's workers (alphabench worker), this process waiting for the outcomes"
    }
  ])
)
