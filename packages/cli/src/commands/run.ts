/**
 * `alphabench run FILE|DIR... [--json] [--snapshots DIR] [--tracking URI]`: runs experiments
 * written as workflow files (spec/workflow.md): every signal of every file, one after the
 * other, through the file's stages (packages/workflow). Progress goes to stderr; each run's
 * verdict, tear sheet and tracking run to stdout (with --json: one JSON document). A file with
 * errors is reported and skipped; a failed run does not stop the others. Exit code 0 when
 * everything ran, 1 when a run failed, 2 when a file was invalid.
 *
 * The workflow package (and with it the suite, the tear sheet and the tracker) is imported
 * when the command runs, so other commands start without loading it.
 */
import type { FileResult, RunOutcome, RunSummary } from "@alphabench/workflow"
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { relative } from "node:path"
import { CliError, EXIT_FAILED, EXIT_INVALID_INPUT } from "../CliError.ts"
import { makeProgressView } from "../RunProgressView.ts"
import { jsonFlag, snapshotsFlag } from "../SharedFlags.ts"

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
    tracking: trackingFlag
  },
  Effect.fn(function*({ workflows, json, snapshots, tracking }) {
    const workflow = yield* Effect.promise(() => import("@alphabench/workflow"))
    const view = makeProgressView()
    const options = {
      ...(Option.isSome(snapshots) ? { snapshotsRoot: snapshots.value } : {}),
      ...(Option.isSome(tracking) ? { tracking: tracking.value } : {})
    }
    const summary = yield* Effect.gen(function*() {
      const progress = yield* workflow.Progress
      const stop = progress.listen(view)
      return yield* workflow.runExperimentFiles(workflows, options, {
        onFile: (file) => {
          if (file.plan === null) process.stderr.write(`${fileProblems(file, workflow.formatExperimentIssue)}\n`)
          else if (file.issues.length > 0) {
            process.stderr.write(`${fileProblems(file, (issue) => `warning: ${workflow.formatExperimentIssue(issue)}`)}\n`)
          }
        }
      }).pipe(Effect.ensuring(Effect.sync(stop)))
    }).pipe(Effect.provide(workflow.pipelineLayer()))

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
    { command: "alphabench run workflows/ --json", description: "Every workflow of a folder; one JSON document on stdout" }
  ])
)
