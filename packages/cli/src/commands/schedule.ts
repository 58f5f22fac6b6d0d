/**
 * `alphabench schedule [DIR] [--once]`: runs each workflow of DIR (default ./workflows) whose
 * cron `schedule` (UTC) is due, until interrupted. Slots missed while no scheduler ran are
 * caught up by one run at start-up; a workflow never runs twice at once; the last run of each
 * workflow is kept in a state file beside its tracking store. With `--once`, runs what is due
 * now and exits (for a system cron or CI): 1 when a run failed, 2 when a file is invalid.
 * With `--cluster postgres://...` the due runs execute on the cluster's workers; the schedule
 * itself (state file, locks) stays with this process.
 */
import type { RunOutcome, SchedulerEvent } from "@alphabench/workflow"
import { Console, Effect, Logger, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { CliError, EXIT_FAILED, EXIT_INVALID_INPUT } from "../CliError.ts"
import { makeProgressView } from "../RunProgressView.ts"
import { snapshotsFlag } from "../SharedFlags.ts"
import { describeOutcome, executionLayer, trackingFlag } from "./run.ts"
import { clusterFlag } from "./worker.ts"

const describeEvent = (event: SchedulerEvent): string => {
  switch (event.type) {
    case "waiting":
      return `schedule: ${event.workflow} next runs at ${event.next}`
    case "start":
      return `schedule: ${event.workflow} runs for its ${event.slot} slot${event.catchUp ? " (catching up)" : ""}`
    case "end":
      return `schedule: ${event.workflow} ${event.status === "ok" ? "finished" : "FAILED"} (slot ${event.slot})`
    case "busy":
      return `schedule: ${event.workflow} is running in process ${event.pid}; its ${event.slot} slot is skipped here`
    case "ran-elsewhere":
      return `schedule: ${event.workflow} already ran for its ${event.slot} slot in another process; skipped here`
    case "error":
      return `schedule: ${event.workflow}: ${event.message}`
  }
}

export const schedule = Command.make(
  "schedule",
  {
    folder: Argument.String("folder").pipe(
      Argument.withDescription("Folder of workflow files (default: workflows)"),
      Argument.withDefault("workflows")
    ),
    once: Flag.Boolean("once").pipe(
      Flag.withDescription("Run what is due now (and missed runs, once each), then exit"),
      Flag.withDefault(false)
    ),
    snapshots: snapshotsFlag,
    tracking: trackingFlag,
    cluster: clusterFlag
  },
  Effect.fn(function*({ folder, once, snapshots, tracking, cluster }) {
    const workflow = yield* Effect.promise(() => import("@alphabench/workflow"))
    const execution = yield* executionLayer(cluster)
    const view = makeProgressView()
    const outcomes: Array<RunOutcome> = []
    let invalid = 0
    const options = {
      once,
      ...(Option.isSome(snapshots) ? { snapshotsRoot: snapshots.value } : {}),
      ...(Option.isSome(tracking) ? { tracking: tracking.value } : {}),
      onEvent: (event: SchedulerEvent) => process.stderr.write(`${describeEvent(event)}\n`),
      onOutcome: (outcome: RunOutcome) => {
        outcomes.push(outcome)
        process.stdout.write(`${describeOutcome(outcome)}\n`)
      },
      onInvalid: (file: string, issues: ReadonlyArray<{ readonly file: string; readonly line: number; readonly col: number; readonly path: string; readonly message: string }>) => {
        invalid++
        process.stderr.write(`${issues.map(workflow.formatExperimentIssue).join("\n")}\n(${file} is not scheduled)\n`)
      }
    }
    const plan = yield* Effect.gen(function*() {
      const progress = yield* workflow.Progress
      const stop = progress.listen(view)
      const planned = workflow.planSchedule([folder], options)
      if (planned.scheduled.length === 0) return planned
      yield* Console.error(
        `schedule: ${planned.scheduled.map((w) => `${w.name} (${w.schedule})`).join(", ")}` +
          (planned.unscheduled.length === 0 ? "" : `; without a schedule: ${planned.unscheduled.join(", ")}`)
      )
      return yield* workflow.scheduleWorkflows([folder], options).pipe(Effect.ensuring(Effect.sync(stop)))
    }).pipe(Effect.provide(execution.layer), Effect.provideService(Logger.LogToStderr, true))

    if (plan.scheduled.length === 0) {
      return yield* Effect.fail(new CliError({ message: `no workflow in ${folder} has a schedule`, exitCode: EXIT_INVALID_INPUT }))
    }
    const failed = outcomes.filter((outcome) => outcome.status === "failed").length
    const message = `${outcomes.length} scheduled run${outcomes.length === 1 ? "" : "s"}, ${failed} failed` +
      (invalid > 0 ? `, ${invalid} invalid file${invalid === 1 ? "" : "s"}` : "")
    if (invalid > 0) return yield* Effect.fail(new CliError({ message, exitCode: EXIT_INVALID_INPUT }))
    if (failed > 0) return yield* Effect.fail(new CliError({ message, exitCode: EXIT_FAILED }))
    process.stderr.write(`${message}\n`)
  })
).pipe(
  Command.withDescription("Run the workflows of a folder on their cron schedules (UTC); --once runs what is due and exits"),
  Command.withExamples([
    { command: "alphabench schedule workflows", description: "Keep running; each workflow at its slots" },
    { command: "alphabench schedule workflows --once", description: "From a system cron: run what is due, catch up missed runs, exit" },
    { command: "alphabench schedule workflows --cluster postgres://alphabench@db:5432/alphabench", description: "Due runs execute on the cluster's workers" }
  ])
)
