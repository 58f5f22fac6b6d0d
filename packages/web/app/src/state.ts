/** What the tabs share: the server's settings, the jobs started from this page, and where to go next. */
import type { Job, JobRun, ServerInfo } from "../../src/ApiTypes.ts"

export const state: {
  info: ServerInfo | null
  /** Jobs seen by this page, by id, newest last. */
  readonly jobs: Map<string, Job>
} = {
  info: null,
  jobs: new Map()
}

export const rememberJob = (job: Job): void => {
  state.jobs.delete(job.id)
  state.jobs.set(job.id, job)
}

/** The Results link of a finished run: its tracking run, or the job's copy when it was not logged. */
export const resultHref = (job: Job, run: JobRun): string | null => {
  // A cancelled run has no result: it stopped before its report.
  if (run.status === "running" || run.status === "cancelled") return null
  if (run.trackingRunId !== null) return `#/results/${encodeURIComponent(run.trackingRunId)}`
  return `#/results/job/${encodeURIComponent(job.id)}/${encodeURIComponent(run.runId)}`
}

/** The job run logged as `trackingRunId`, when this page followed it (it knows the verdict's reasons). */
export const jobRunOf = (trackingRunId: string): { job: Job; run: JobRun } | null => {
  for (const job of [...state.jobs.values()].reverse()) {
    const run = job.runs.find((r) => r.trackingRunId === trackingRunId)
    if (run !== undefined) return { job, run }
  }
  return null
}
