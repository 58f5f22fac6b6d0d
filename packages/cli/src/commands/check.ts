/**
 * `alphabench check FILE|DIR... [--json]`: checks workflow files without running them: the
 * YAML, every key and value (unknown keys with a "did you mean"), signal files that must
 * exist, and the backtest, score and simulation options. Every problem of every file is
 * printed with its file, line and column; exit code 2 when any file has one.
 */
import type { ExperimentIssue } from "@alphabench/workflow"
import { Console, Effect, Option, Result } from "effect"
import { Argument, Command } from "effect/cli"
import { invalidInput } from "../CliError.ts"
import { jsonFlag, snapshotsFlag } from "../SharedFlags.ts"

export const check = Command.make(
  "check",
  {
    workflows: Argument.String("workflow").pipe(
      Argument.withDescription("Workflow files (.yaml) or folders of them"),
      Argument.atLeast(1)
    ),
    json: jsonFlag,
    snapshots: snapshotsFlag
  },
  Effect.fn(function*({ workflows, json, snapshots }) {
    const workflow = yield* Effect.promise(() => import("@alphabench/workflow"))
    const reports: Array<{ file: string; ok: boolean; issues: ReadonlyArray<ExperimentIssue>; warnings: ReadonlyArray<ExperimentIssue>; runs: number }> = []
    for (const entry of workflow.expandWorkflowPaths(workflows)) {
      if (entry.problem !== null) {
        reports.push({ file: entry.display, ok: false, issues: [{ file: entry.display, line: 1, col: 1, path: "", message: entry.problem }], warnings: [], runs: 0 })
        continue
      }
      const planned = workflow.planExperimentFile(entry.path, {
        display: entry.display,
        ...(Option.isSome(snapshots) ? { snapshotsRoot: snapshots.value } : {})
      })
      reports.push(
        Result.isSuccess(planned)
          ? { file: entry.display, ok: true, issues: [], warnings: planned.success.warnings, runs: planned.success.runs.length }
          : { file: entry.display, ok: false, issues: planned.failure, warnings: [], runs: 0 }
      )
    }
    const bad = reports.filter((report) => !report.ok)
    if (json) {
      yield* Console.log(JSON.stringify({ ok: bad.length === 0, files: reports }, null, 2))
    } else {
      for (const report of reports) {
        if (report.ok) {
          yield* Console.log(`${report.file}: ok (${report.runs} run${report.runs === 1 ? "" : "s"})`)
          for (const warning of report.warnings) yield* Console.log(`  warning: ${workflow.formatExperimentIssue(warning)}`)
        } else {
          for (const issue of report.issues) yield* Console.error(workflow.formatExperimentIssue(issue))
        }
      }
    }
    if (bad.length > 0) {
      const problems = bad.reduce((n, report) => n + report.issues.length, 0)
      return yield* Effect.fail(
        invalidInput(`${bad.length} of ${reports.length} workflow file${reports.length === 1 ? "" : "s"} invalid (${problems} problem${problems === 1 ? "" : "s"})`)
      )
    }
  })
).pipe(
  Command.withDescription("Check workflow files without running them; every problem with its file, line and column"),
  Command.withExamples([{ command: "alphabench check workflows/", description: "Every workflow file of the folder" }])
)
