/**
 * One job of the server: a workflow file (written for the Run tab's form, or picked from the
 * workflows folder) and its runs, one per signal. The job follows the pipeline's progress
 * events (stage started, retried, cells done, ended) and keeps them, so a page that connects
 * late, or reconnects, is sent everything from the start. Plain state with listeners; the
 * runner (jobs.ts) feeds it.
 */
import { stageNames } from "@alphabench/workflow"
import type { ProgressEvent as WorkflowProgressEvent, RunOutcome } from "@alphabench/workflow"
import type { Job, JobRun, JobStatus, ProgressEvent, StageView } from "../ApiTypes.ts"

interface RunState {
  runId: string
  signal: string
  status: JobRun["status"]
  stages: Map<string, { -readonly [K in keyof StageView]: StageView[K] }>
  cells: JobRun["cells"]
  verdict: JobRun["verdict"]
  trackingRunId: string | null
  tearsheetUrl: string | null
  durationMs: number | null
}

export interface JobStart {
  readonly id: string
  readonly kind: Job["kind"]
  readonly title: string
  readonly workflowFile: string
  readonly command: string
}

/** The text of one server-sent event. */
export const sseMessage = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`

const KEEP_ALIVE_MS = 15_000

export class JobState {
  readonly start: JobStart
  readonly createdAt = new Date().toISOString()
  status: JobStatus = "queued"
  endedAt: string | null = null
  error: string | null = null
  problems: ReadonlyArray<string> = []
  readonly events: Array<ProgressEvent> = []
  private readonly runs = new Map<string, RunState>()
  private version = 0
  private readonly waiting = new Set<() => void>()

  constructor(start: JobStart) {
    this.start = start
  }

  get id(): string {
    return this.start.id
  }

  get finished(): boolean {
    return this.status === "done" || this.status === "failed" || this.status === "cancelled"
  }

  private changed(): void {
    this.version++
    for (const wake of this.waiting) wake()
    this.waiting.clear()
  }

  setStatus(status: JobStatus): void {
    this.status = status
    if (this.finished) this.endedAt = new Date().toISOString()
    this.changed()
  }

  /** The job could not run (a workflow file with errors): failed with the reason and its located problems. */
  fail(error: string, problems: ReadonlyArray<string> = []): void {
    this.error = error
    this.problems = problems
    this.setStatus("failed")
  }

  /**
   * The job was stopped before it ended: a run still going, and its stage still running, are
   * marked cancelled (a run that was interrupted wrote no report and no tracking run).
   */
  cancel(): void {
    for (const run of this.runs.values()) {
      if (run.status !== "running") continue
      run.status = "cancelled"
      for (const stage of run.stages.values()) if (stage.status === "running") stage.status = "cancelled"
      run.cells = null
    }
    this.setStatus("cancelled")
  }

  /** Applies a progress event of one of this job's runs. */
  apply(workflowEvent: WorkflowProgressEvent): void {
    // The assignment is the compile-time check that the API's type matches the workflow's.
    const event: ProgressEvent = workflowEvent
    this.events.push(event)
    if (event.type === "run-start") {
      const stages = new Map(stageNames.map((stage) => [stage, { stage, status: "waiting" as StageView["status"], durationMs: null, detail: null, retries: 0 }]))
      this.runs.set(event.runId, {
        runId: event.runId,
        signal: event.signal,
        status: "running",
        stages,
        cells: null,
        verdict: null,
        trackingRunId: null,
        tearsheetUrl: null,
        durationMs: null
      })
    }
    const run = this.runs.get(event.runId)
    if (run !== undefined) {
      switch (event.type) {
        case "stage-start": {
          const stage = run.stages.get(event.stage)!
          stage.status = "running"
          break
        }
        case "stage-retry": {
          run.stages.get(event.stage)!.retries = event.attempt
          break
        }
        case "stage-cells": {
          run.cells = { stage: event.stage, done: event.done, total: event.total, label: event.label }
          break
        }
        case "stage-end": {
          const stage = run.stages.get(event.stage)!
          stage.status = event.status
          stage.durationMs = event.durationMs
          stage.detail = event.detail
          break
        }
        case "run-end": {
          run.status = event.status
          break
        }
        case "run-start":
          break
      }
    }
    this.changed()
  }

  /** Records a run's outcome (the pipeline's result) with the URL of its tear sheet. */
  finishRun(outcome: RunOutcome, tearsheetUrl: string | null): void {
    const run = this.runs.get(outcome.runId)
    if (run === undefined) return
    run.status = outcome.status
    run.verdict = outcome.verdict === null ? null : { ...outcome.verdict, reasons: [...outcome.verdict.reasons] }
    run.trackingRunId = outcome.tracking?.runId ?? null
    run.tearsheetUrl = tearsheetUrl
    run.durationMs = outcome.durationMs
    for (const stage of outcome.stages) {
      const view = run.stages.get(stage.stage)
      if (view === undefined) continue
      view.status = stage.status
      view.durationMs = stage.durationMs
      view.detail = stage.detail
    }
    this.changed()
  }

  toJson(): Job {
    return {
      id: this.start.id,
      kind: this.start.kind,
      title: this.start.title,
      workflowFile: this.start.workflowFile,
      command: this.start.command,
      status: this.status,
      createdAt: this.createdAt,
      endedAt: this.endedAt,
      error: this.error,
      problems: this.problems,
      runs: [...this.runs.values()].map((run) => ({
        runId: run.runId,
        signal: run.signal,
        status: run.status,
        stages: [...run.stages.values()].map((stage) => ({ ...stage })),
        cells: run.cells,
        verdict: run.verdict,
        trackingRunId: run.trackingRunId,
        tearsheetUrl: run.tearsheetUrl,
        durationMs: run.durationMs
      }))
    }
  }

  /** Resolves true at the next change, false after `ms` without one. */
  private nextChange(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        resolve(true)
      }
      const timer = setTimeout(() => {
        this.waiting.delete(wake)
        resolve(false)
      }, ms)
      this.waiting.add(wake)
    })
  }

  /**
   * The job as server-sent events: every progress event so far and to come (`progress`), the
   * job after each change (`job`), a comment line every 15 s of silence; it ends once the job
   * has finished and its last state was sent.
   */
  async *eventStream(keepAliveMs = KEEP_ALIVE_MS): AsyncGenerator<string> {
    let sentEvents = 0
    let sentVersion = -1
    for (;;) {
      const version = this.version
      while (sentEvents < this.events.length) yield sseMessage("progress", this.events[sentEvents++])
      if (sentVersion !== version) {
        sentVersion = version
        yield sseMessage("job", this.toJson())
      }
      if (this.finished && sentVersion === this.version) return
      if (this.version !== version) continue
      if (!(await this.nextChange(keepAliveMs))) yield ": keep-alive\n\n"
    }
  }
}
