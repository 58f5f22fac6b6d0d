/**
 * Running experiments: workflow files (or folders of them) -> plans -> one pipeline run per
 * signal, one after the other. A file with errors is reported and skipped; a run that fails
 * does not stop the others. Everything runs on the pipeline's layer (`pipelineLayer`), so the
 * caller decides the workflow engine and the stages.
 */
import { parseTrackingUri, randomIds, resolveTrackingUri } from "@alphabench/tracking"
import { Clock, Effect, Random, Result } from "effect"
import type { WorkflowEngine } from "effect/workflow"
import { existsSync, readdirSync, statSync } from "node:fs"
import { extname, join, resolve } from "node:path"
import type { ExperimentIssue } from "./ExperimentIssue.ts"
import { planExperimentFile } from "./LoadExperiment.ts"
import type { ExperimentPlan, PlanOptions } from "./LoadExperiment.ts"
import { ExperimentRun } from "./Pipeline.ts"
import type { RunOutcome } from "./RunOutcome.ts"
import type { RunSpec } from "./RunSpec.ts"
import { RunStore } from "./RunStore.ts"

export const WORKFLOW_EXTENSIONS = [".yaml", ".yml"]

/** One workflow file given on the command line, found in a folder, or a path that is neither. */
export interface WorkflowPath {
  /** As the user wrote it, or folder/name for files found in a folder. */
  readonly display: string
  readonly path: string
  /** Why it cannot be used, or null. */
  readonly problem: string | null
}

/** Files as given; folders as their `.yaml` / `.yml` files (not recursive), in name order. */
export const expandWorkflowPaths = (paths: ReadonlyArray<string>, cwd: string = process.cwd()): Array<WorkflowPath> => {
  const out: Array<WorkflowPath> = []
  for (const given of paths) {
    const path = resolve(cwd, given)
    if (!existsSync(path)) {
      out.push({ display: given, path, problem: "no such file or folder" })
      continue
    }
    if (!statSync(path).isDirectory()) {
      out.push({ display: given, path, problem: null })
      continue
    }
    const names = readdirSync(path).filter((name) => WORKFLOW_EXTENSIONS.includes(extname(name).toLowerCase())).sort()
    if (names.length === 0) out.push({ display: given, path, problem: "a folder without .yaml or .yml workflow files" })
    for (const name of names) out.push({ display: join(given, name), path: join(path, name), problem: null })
  }
  return out
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0")

/** `20260102T183000Z-3fa2b1c4`: sortable by start time, unique by its random part. */
export const makeRunId = Effect.gen(function*() {
  const now = new Date(yield* Clock.currentTimeMillis)
  const stamp = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}T` +
    `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}Z`
  const random = yield* Random.nextIntBetween(0, 0xffffffff)
  return `${stamp}-${random.toString(16).padStart(8, "0")}`
})

/** Whether the run logs to a file store (then its MLflow run id can be chosen up front and shown in the tear sheet). */
const logsToFileStore = (spec: RunSpec): boolean => {
  const log = spec.stages.log
  if (log === null) return false
  try {
    return parseTrackingUri(resolveTrackingUri(log.tracking ?? undefined)).kind === "file"
  } catch {
    return false
  }
}

/** Runs one signal of a workflow through the pipeline. */
export const runExperiment = (spec: RunSpec): Effect.Effect<RunOutcome, never, WorkflowEngine.WorkflowEngine | RunStore> =>
  Effect.gen(function*() {
    const runId = yield* makeRunId
    const startedAt = yield* Clock.currentTimeMillis
    const store = yield* RunStore
    return yield* ExperimentRun.execute({
      runId,
      trackingRunId: logsToFileStore(spec) ? randomIds.runId() : null,
      startedAt,
      spec
    }).pipe(Effect.ensuring(store.drop(runId)))
  })

export interface FileResult {
  readonly display: string
  readonly path: string
  /** The plan, or null when the file could not be used. */
  readonly plan: ExperimentPlan | null
  readonly issues: ReadonlyArray<ExperimentIssue>
  readonly outcomes: ReadonlyArray<RunOutcome>
}

export interface RunSummary {
  readonly files: ReadonlyArray<FileResult>
  /** Files that could not be used (missing, bad YAML, schema errors). */
  readonly invalidFiles: number
  readonly failedRuns: number
}

export interface RunExperimentsHooks {
  /** Called once a file is planned (or found invalid), before its runs start. */
  readonly onFile?: (file: FileResult) => void
  /**
   * Runs at once: 1 (the default) runs them one after the other; more (a cluster client) plans
   * every file first, then keeps that many runs going. Outcomes keep the files' and signals' order.
   */
  readonly concurrency?: number | "unbounded"
}

/** A file's plan (its outcomes still empty), or its problems. */
const planFile = (entry: WorkflowPath, options: PlanOptions): FileResult => {
  if (entry.problem !== null) {
    return {
      display: entry.display,
      path: entry.path,
      plan: null,
      issues: [{ file: entry.display, line: 1, col: 1, path: "", message: entry.problem }],
      outcomes: []
    }
  }
  const planned = planExperimentFile(entry.path, { ...options, display: entry.display })
  if (Result.isFailure(planned)) return { display: entry.display, path: entry.path, plan: null, issues: planned.failure, outcomes: [] }
  return { display: entry.display, path: entry.path, plan: planned.success, issues: planned.success.warnings, outcomes: [] }
}

/** Plans every file and runs every run of every valid file; never fails (failures are in the summary). */
export const runExperimentFiles = (
  paths: ReadonlyArray<string>,
  options: PlanOptions = {},
  hooks: RunExperimentsHooks = {}
): Effect.Effect<RunSummary, never, WorkflowEngine.WorkflowEngine | RunStore> =>
  Effect.gen(function*() {
    const sequential = (hooks.concurrency ?? 1) === 1
    const files: Array<FileResult> = []
    for (const entry of expandWorkflowPaths(paths, options.cwd)) {
      const file = planFile(entry, options)
      hooks.onFile?.(file)
      if (!sequential || file.plan === null) {
        files.push(file)
        continue
      }
      const outcomes: Array<RunOutcome> = []
      for (const spec of file.plan.runs) outcomes.push(yield* runExperiment(spec))
      files.push({ ...file, outcomes })
    }
    if (!sequential) {
      const runs = files.flatMap((file, f) => (file.plan?.runs ?? []).map((spec) => ({ f, spec })))
      const outcomes = yield* Effect.forEach(runs, ({ spec }) => runExperiment(spec), { concurrency: hooks.concurrency })
      files.forEach((file, f) => (files[f] = { ...file, outcomes: outcomes.filter((_, i) => runs[i]!.f === f) }))
    }
    return {
      files,
      invalidFiles: files.filter((file) => file.plan === null).length,
      failedRuns: files.reduce((n, file) => n + file.outcomes.filter((outcome) => outcome.status === "failed").length, 0)
    }
  })
