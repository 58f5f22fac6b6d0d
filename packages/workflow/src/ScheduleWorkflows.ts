/**
 * The scheduler over workflow files: finds the files of a folder that have a `schedule`,
 * keeps each one's state beside its tracking store, and runs a due workflow through the
 * pipeline like `alphabench run` would (every signal; each run logged to tracking by its
 * `log` stage). The file is read again before each run, so an edit takes effect at its next
 * slot without restarting the scheduler.
 */
import { Effect, Result } from "effect"
import type { WorkflowEngine } from "effect/workflow"
import { dirname } from "node:path"
import type { ExperimentIssue } from "./ExperimentIssue.ts"
import { planExperimentFile } from "./LoadExperiment.ts"
import type { PlanOptions } from "./LoadExperiment.ts"
import { expandWorkflowPaths, runExperiment } from "./RunExperiments.ts"
import type { RunOutcome } from "./RunOutcome.ts"
import type { RunStore } from "./RunStore.ts"
import { runSchedule } from "./Scheduler.ts"
import type { ScheduledWorkflow, SchedulerOptions } from "./Scheduler.ts"
import { stateFileFor } from "./SchedulerState.ts"

export interface ScheduleFolderOptions extends PlanOptions, SchedulerOptions {
  /** Called with the outcome of every run the scheduler starts. */
  readonly onOutcome?: (outcome: RunOutcome) => void
  /** Called with the problems of a file that cannot be scheduled or run. */
  readonly onInvalid?: (file: string, issues: ReadonlyArray<ExperimentIssue>) => void
}

export interface ScheduleFolderPlan {
  readonly scheduled: ReadonlyArray<ScheduledWorkflow>
  /** Valid files without a `schedule` key (never run by the scheduler). */
  readonly unscheduled: ReadonlyArray<string>
  readonly invalid: ReadonlyArray<{ readonly file: string; readonly issues: ReadonlyArray<ExperimentIssue> }>
}

/** The scheduled workflows of `paths` (files or folders); duplicate workflow names are invalid. */
export const planSchedule = (paths: ReadonlyArray<string>, options: PlanOptions = {}): ScheduleFolderPlan => {
  const scheduled: Array<ScheduledWorkflow> = []
  const unscheduled: Array<string> = []
  const invalid: Array<{ file: string; issues: ReadonlyArray<ExperimentIssue> }> = []
  for (const entry of expandWorkflowPaths(paths, options.cwd)) {
    if (entry.problem !== null) {
      invalid.push({ file: entry.display, issues: [{ file: entry.display, line: 1, col: 1, path: "", message: entry.problem }] })
      continue
    }
    const planned = planExperimentFile(entry.path, { ...options, display: entry.display })
    if (Result.isFailure(planned)) {
      invalid.push({ file: entry.display, issues: planned.failure })
      continue
    }
    const plan = planned.success
    if (plan.schedule === null) {
      unscheduled.push(entry.display)
      continue
    }
    const twin = scheduled.find((workflow) => workflow.name === plan.name)
    if (twin !== undefined) {
      invalid.push({
        file: entry.display,
        issues: [{ file: entry.display, line: 1, col: 1, path: "name", message: `workflow name "${plan.name}" is also used by ${twin.file}; the scheduler keeps its state by name` }]
      })
      continue
    }
    scheduled.push({
      name: plan.name,
      file: plan.file,
      schedule: plan.schedule,
      stateFile: stateFileFor(plan.runs[0]?.stages.log?.tracking ?? options.tracking ?? null, dirname(plan.file), options.cwd)
    })
  }
  return { scheduled, unscheduled, invalid }
}

/** Runs the scheduled workflows of `paths` until interrupted (or until what is due has run, with `once`). */
export const scheduleWorkflows = (
  paths: ReadonlyArray<string>,
  options: ScheduleFolderOptions = {}
): Effect.Effect<ScheduleFolderPlan, never, WorkflowEngine.WorkflowEngine | RunStore> =>
  Effect.gen(function*() {
    const plan = planSchedule(paths, options)
    for (const file of plan.invalid) options.onInvalid?.(file.file, file.issues)
    const run = (workflow: ScheduledWorkflow) =>
      Effect.gen(function*() {
        const planned = planExperimentFile(workflow.file, options)
        if (Result.isFailure(planned)) {
          options.onInvalid?.(workflow.file, planned.failure)
          return "failed" as const
        }
        let failed = false
        for (const spec of planned.success.runs) {
          const outcome = yield* runExperiment(spec)
          options.onOutcome?.(outcome)
          if (outcome.status === "failed") failed = true
        }
        return failed ? "failed" as const : "ok" as const
      })
    yield* runSchedule(plan.scheduled, run, options)
    return plan
  })
