/**
 * The JSON the server's API sends and accepts, as TypeScript types. The browser app imports
 * these as types only, so server and page agree on every field. The file imports nothing: the
 * app's type check must not pull in the server's packages. Where a shape comes from another
 * package (the contract's validation report, the workflow's progress events), the server
 * assigns that package's value to the type declared here, so the compiler checks that they
 * agree. Dates are ISO strings (days `YYYY-MM-DD`, times with `Z`); numbers that may be
 * missing are null, never NaN.
 */

/** One problem of a signal file (packages/contract SignalProblem). */
export interface SignalProblemView {
  readonly code: string
  readonly severity: "error" | "warning"
  readonly column: string | null
  readonly count: number
  readonly examples: ReadonlyArray<{ readonly row: number; readonly value: string | null }>
  readonly expected: string
  readonly message: string
}

/** The contract's report on a signal file (packages/contract signalReportToJson). */
export interface SignalReportJson {
  readonly ok: boolean
  readonly file: string
  readonly format: "parquet" | "arrow-file" | "arrow-stream" | "csv" | null
  /** "csv-line" (rows are CSV line numbers) or "data-row" (1-based data rows). */
  readonly rowNumbering: string
  readonly rowsRead: number
  readonly rowsDropped: number
  readonly ignoredColumns: ReadonlyArray<string>
  readonly errors: number
  readonly warnings: number
  readonly problems: ReadonlyArray<SignalProblemView>
  readonly snapshot: {
    readonly id: string
    readonly firstDay: string | null
    readonly lastDay: string | null
    readonly tradingDays: number
    readonly securities: number
  } | null
  readonly alignment: {
    readonly lag: number
    readonly rowsRead: number
    readonly availAfterCalendarEnd: number
    readonly tradeDayPastEnd: number
    readonly unknownSecurity: number
    readonly nonFinite: number
    readonly superseded: number
    readonly rowsAligned: number
    readonly rowsDropped: number
    readonly firstTradeDay: string | null
    readonly lastTradeDay: string | null
    readonly tradeDays: number
    readonly namesPerDay: { readonly min: number; readonly median: number; readonly mean: number; readonly max: number } | null
  } | null
}

/** A progress event of a run (packages/workflow ProgressEvent). */
export type ProgressEvent =
  | { readonly type: "run-start"; readonly runId: string; readonly workflow: string; readonly signal: string; readonly file: string; readonly at: number }
  | { readonly type: "stage-start"; readonly runId: string; readonly stage: string; readonly at: number }
  | { readonly type: "stage-retry"; readonly runId: string; readonly stage: string; readonly attempt: number; readonly error: string; readonly at: number }
  | {
    readonly type: "stage-cells"
    readonly runId: string
    readonly stage: string
    readonly done: number
    readonly total: number
    readonly label: string
    readonly at: number
  }
  | {
    readonly type: "stage-end"
    readonly runId: string
    readonly stage: string
    readonly status: "ok" | "failed" | "skipped"
    readonly durationMs: number
    readonly detail: string
    readonly at: number
  }
  | { readonly type: "run-end"; readonly runId: string; readonly status: "ok" | "failed"; readonly at: number }

/** Every error answer: `{ error }` with a status of 400 (bad input), 403, 404, 413 or 500. */
export interface ApiError {
  readonly error: string
  /** Located problems, one line each (a workflow file's issues, a form's fields). */
  readonly details?: ReadonlyArray<string>
}

export interface SnapshotInfo {
  readonly id: string
  readonly createdAt: string
  /** "synthetic small (seed 8)" or "imported from /path". */
  readonly source: string
  readonly firstDate: string
  readonly lastDate: string
  readonly tradingDays: number
  readonly securities: number
  /** Example signals of a synthetic snapshot. */
  readonly signals: ReadonlyArray<string>
}

export interface SnapshotList {
  readonly root: string
  readonly snapshots: ReadonlyArray<SnapshotInfo>
  /** Folders named like snapshots whose manifest cannot be read. */
  readonly unreadable: ReadonlyArray<{ readonly id: string; readonly problem: string }>
}

/** A signal file the server can read: an upload, a snapshot's example signal or a data folder's file. */
export interface SignalFile {
  /** `upload:<id>` or `<area>/<path>` (for example `snapshots/2024-05-01-v1/signals/noise.parquet`). */
  readonly ref: string
  readonly name: string
  /** Where it comes from, in words: "upload", "example of 2024-05-01-v1", "data folder /x". */
  readonly origin: string
  readonly size: number
}

export interface SignalCheck {
  readonly file: SignalFile
  /** The contract's report (packages/contract signalReportToJson), its `file` shown as the name. */
  readonly report: SignalReportJson
}

export interface WorkflowInfo {
  /** The file name inside the workflows folder. */
  readonly file: string
  readonly name: string | null
  readonly description: string | null
  readonly signals: ReadonlyArray<string>
  /** Problems that keep the file from running, one line each. */
  readonly problems: ReadonlyArray<string>
}

export type Residualization = "off" | "industry" | "all"
export type Universe = "all" | "in" | "out"

export interface SimulationForm {
  readonly method: "top_n" | "fractile"
  /** Names held (top_n). */
  readonly n?: number
  /** [lo, hi] percentiles (fractile). */
  readonly fractile?: readonly [number, number]
  readonly side: "long" | "short" | "both"
  /** Rebalance calendar: D, W, M, Q, Y (pandas-style), as packages/simulation reads it. */
  readonly resample: string
  readonly fee_ratio: number
  readonly tax_ratio: number
  readonly stop_loss?: number
  readonly take_profit?: number
  readonly trail_stop?: number
}

/** `POST /api/runs`: a run built from the Run tab's form. */
export interface RunForm {
  /** A signal file ref (see SignalFile.ref). */
  readonly signal: string
  readonly snapshot: string
  readonly lags: ReadonlyArray<number>
  readonly residualize: ReadonlyArray<Residualization>
  readonly baselines: boolean
  readonly universe: Universe
  readonly start?: string
  readonly end?: string
  readonly simulate?: SimulationForm
  /** The tracking experiment; default "web". */
  readonly experiment?: string
}

/** `cancelled`: stopped by `POST /api/jobs/:id/cancel` before it ended. */
export type JobStatus = "queued" | "running" | "done" | "failed" | "cancelled"

export interface StageView {
  readonly stage: string
  readonly status: "waiting" | "running" | "ok" | "failed" | "skipped" | "cancelled"
  readonly durationMs: number | null
  readonly detail: string | null
  readonly retries: number
}

export interface Verdict {
  /** green, yellow or red. */
  readonly color: string
  readonly grade: string
  readonly score: number
  readonly reasons: ReadonlyArray<string>
}

/** One signal's run inside a job. */
export interface JobRun {
  /** The workflow's run id (`20260102T183000Z-3fa2b1c4`). */
  readonly runId: string
  readonly signal: string
  readonly status: "running" | "ok" | "failed" | "cancelled"
  readonly stages: ReadonlyArray<StageView>
  /** The latest work count of a long stage: grid cells done out of total. */
  readonly cells: { readonly stage: string; readonly done: number; readonly total: number; readonly label: string } | null
  readonly verdict: Verdict | null
  /** The MLflow run id, once logged. */
  readonly trackingRunId: string | null
  readonly tearsheetUrl: string | null
  readonly durationMs: number | null
}

export interface Job {
  readonly id: string
  readonly kind: "form" | "workflow"
  readonly title: string
  /** The workflow file that was run (for a form: the file written for it), relative when inside a served folder. */
  readonly workflowFile: string
  /** `alphabench run ...`: the same run from the command line. */
  readonly command: string
  readonly status: JobStatus
  readonly createdAt: string
  readonly endedAt: string | null
  readonly runs: ReadonlyArray<JobRun>
  /** Why the job could not run at all (a file with errors), else null. */
  readonly error: string | null
  readonly problems: ReadonlyArray<string>
}

/** Server-sent events of `GET /api/jobs/:id/events`: `progress` (a ProgressEvent) and `job` (the Job after each change). */
export type JobEvent =
  | { readonly type: "progress"; readonly event: ProgressEvent }
  | { readonly type: "job"; readonly job: Job }

/** One row of the History table. */
export interface RunRow {
  readonly runId: string
  readonly runName: string
  readonly experiment: string | null
  readonly signal: string | null
  readonly status: string
  readonly startTime: string
  readonly endTime: string | null
  readonly verdict: string | null
  readonly grade: string | null
  readonly sharpe: number | null
  readonly score: number | null
  readonly snapshot: string | null
  readonly workflow: string | null
  readonly tearsheetUrl: string | null
}

export interface RunList {
  readonly tracking: string
  readonly runs: ReadonlyArray<RunRow>
}

export interface RunDetail {
  readonly run: RunRow
  readonly metrics: Readonly<Record<string, number>>
  readonly params: Readonly<Record<string, string>>
  readonly tags: Readonly<Record<string, string>>
  /** The tear sheet as a download (Content-Disposition: attachment). */
  readonly downloadUrl: string | null
}

export interface Difference<T> {
  readonly key: string
  readonly a: T | null
  readonly b: T | null
}

export interface RunComparisonJson {
  readonly a: RunRow
  readonly b: RunRow
  /** Every metric of either run with b - a (null when one lacks it). */
  readonly metrics: ReadonlyArray<Difference<number> & { readonly difference: number | null }>
  readonly params: ReadonlyArray<Difference<string>>
  readonly sameParams: number
  readonly tags: ReadonlyArray<Difference<string>>
}

export interface ServerInfo {
  readonly version: string
  readonly tracking: string
  readonly snapshots: string
  readonly maxUploadBytes: number
  readonly folders: ReadonlyArray<{ readonly area: string; readonly path: string }>
  readonly lags: ReadonlyArray<number>
}
