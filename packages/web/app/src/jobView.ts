/**
 * A job as it runs: each signal's stages in order with their state (waiting, running, ok,
 * failed, skipped), duration and one-line detail, the grid cells done of a long stage as a
 * progress bar, and at the end the verdict with a link to the result.
 */
import type { Job, JobRun, StageView } from "../../src/ApiTypes.ts"
import { h } from "./dom.ts"
import { duration, fixed } from "./format.ts"

const STAGE_LABELS: Readonly<Record<string, string>> = {
  snapshot: "Snapshot",
  validate: "Validate",
  load: "Load",
  backtest: "Backtest",
  simulate: "Simulate",
  score: "Score",
  report: "Report",
  log: "Log"
}

const STATUS_WORDS: Readonly<Record<StageView["status"], string>> = {
  waiting: "waiting",
  running: "running",
  ok: "done",
  failed: "failed",
  skipped: "skipped",
  cancelled: "cancelled"
}

const JOB_STATUS_WORDS: Readonly<Record<Job["status"], string>> = {
  queued: "Waiting for the run before it",
  running: "Running",
  done: "Finished",
  failed: "Finished with a failure",
  cancelled: "Cancelled"
}

const RUN_STATE_WORDS: Readonly<Record<JobRun["status"], string>> = {
  running: "running",
  ok: "done",
  failed: "failed",
  cancelled: "cancelled"
}

export const verdictBadge = (color: string | null, grade: string | null, score: number | null): HTMLElement =>
  h(
    "span",
    { class: `verdict verdict-${color ?? "none"}`, attrs: { "data-testid": "verdict" } },
    h("span", { class: "verdict-color" }, color === null ? "no verdict" : color.toUpperCase()),
    grade === null ? null : h("span", { class: "verdict-part" }, ` · grade ${grade}`),
    score === null ? null : h("span", { class: "verdict-part" }, ` · score ${fixed(score, 1)}`)
  )

const stageRow = (stage: StageView): HTMLElement =>
  h(
    "li",
    { class: `stage stage-${stage.status}`, attrs: { "data-stage": stage.stage } },
    h("span", { class: "stage-dot", attrs: { "aria-hidden": "true" } }),
    h("span", { class: "stage-name" }, STAGE_LABELS[stage.stage] ?? stage.stage),
    h("span", { class: "stage-status" }, STATUS_WORDS[stage.status], stage.retries > 0 ? ` (retried ${stage.retries}×)` : null),
    h("span", { class: "stage-time" }, stage.durationMs === null ? "" : duration(stage.durationMs)),
    stage.detail === null || stage.status === "waiting" ? null : h("span", { class: "stage-detail" }, stage.detail)
  )

const cellsBar = (run: JobRun): HTMLElement | null => {
  const cells = run.cells
  if (cells === null || run.status !== "running") return null
  const stage = run.stages.find((s) => s.stage === cells.stage)
  if (stage?.status !== "running") return null
  return h(
    "div",
    { class: "cells" },
    h("label", null, `${STAGE_LABELS[cells.stage] ?? cells.stage}: ${cells.done} of ${cells.total} ${cells.label}`,
      h("progress", { attrs: { max: cells.total, value: cells.done, "data-testid": "cells-progress" } }))
  )
}

const runView = (run: JobRun, resultHref: (run: JobRun) => string | null): HTMLElement => {
  const href = resultHref(run)
  return h(
    "article",
    { class: `job-run job-run-${run.status}`, attrs: { "data-run": run.runId } },
    h(
      "header",
      null,
      h("h4", null, run.signal),
      run.verdict === null
        ? h("span", { class: `run-state run-state-${run.status}` }, RUN_STATE_WORDS[run.status])
        : verdictBadge(run.verdict.color, run.verdict.grade, run.verdict.score),
      href === null ? null : h("a", { class: "button small", attrs: { href } }, "Open the result")
    ),
    cellsBar(run),
    h("ol", { class: "stages", attrs: { "aria-label": `Stages of ${run.signal}` } }, run.stages.map(stageRow))
  )
}

/** The job, rendered; `resultHref` gives the Results link of a finished run. */
export const jobView = (job: Job, resultHref: (run: JobRun) => string | null): HTMLElement =>
  h(
    "div",
    { class: `job job-${job.status}`, attrs: { "data-testid": "job", "data-status": job.status } },
    h(
      "div",
      { class: "job-head" },
      h("p", { class: "job-status", attrs: { role: "status" } }, h("strong", null, JOB_STATUS_WORDS[job.status]), ` · ${job.title}`),
      h("p", { class: "hint" }, "Same run from a terminal: ", h("code", null, job.command))
    ),
    job.error === null ? null : h("div", { class: "job-error" }, h("p", null, job.error), job.problems.length === 0 ? null : h("ul", null, job.problems.map((p) => h("li", null, p)))),
    job.status === "queued" && job.runs.length === 0 ? h("p", { class: "hint" }, "The run starts when the one before it ends.") : null,
    job.runs.map((run) => runView(run, resultHref))
  )
