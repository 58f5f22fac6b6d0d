/**
 * What a caller hands the tracker: a whole run (`RunRecord`, written by `tracker.logRun`) or
 * pieces of one (`startRun` + `ActiveRun.log*`). Keys and values are checked here against
 * MLflow's rules, once, for both backends, so a record that one backend accepts the other
 * accepts too.
 */
import type { EndStatus } from "./Run.ts"

/** A metric value: a number (step 0), one point, or a series of points. */
export type MetricInput = number | MetricValue | ReadonlyArray<MetricValue>

export interface MetricValue {
  readonly value: number
  /** Defaults to 0. */
  readonly step?: number
  /** Milliseconds since 1970-01-01 UTC; defaults to the record's metric time. */
  readonly timestamp?: number
}

/**
 * A file to store with the run, under `name` (a relative path such as `tearsheet.html` or
 * `plots/equity.svg`): copied from `path`, written from `bytes`, or streamed from `chunks`.
 */
export type ArtifactSource =
  | { readonly name: string; readonly path: string }
  | { readonly name: string; readonly bytes: Uint8Array | string }
  | { readonly name: string; readonly chunks: AsyncIterable<Uint8Array> }

export type ParamValue = string | number | boolean

export interface RunStart {
  /** Experiment name; created when missing. Defaults to MLflow's "Default" experiment. */
  readonly experiment?: string
  readonly runName: string
  readonly tags?: Readonly<Record<string, string>>
  /** Milliseconds since 1970-01-01 UTC; defaults to now. */
  readonly startTime?: number
  /** `mlflow.user`; defaults to the tracker's user (the OS user). */
  readonly user?: string
  /** `mlflow.source.name`; defaults to the tracker's source ("alphabench"). */
  readonly source?: string
  /** `mlflow.source.git.commit`; defaults to the `git_sha` tag when present. */
  readonly gitCommit?: string
  /** `mlflow.note.content`: the description the MLflow UI shows (Markdown). */
  readonly note?: string
  /**
   * Keys of `tags` that identify the run to its caller (alphabench: `alphabench_run_id`). They
   * are written together with the run's creation: a REST run is created and then filled, and a
   * run that fails half-way can be found again with `listRuns({ tags })` only if these tags
   * were on it from the start. (The file store writes every tag at creation anyway.)
   */
  readonly identityTags?: ReadonlyArray<string>
}

export interface RunRecord extends RunStart {
  readonly params?: Readonly<Record<string, ParamValue>>
  readonly metrics?: Readonly<Record<string, MetricInput>>
  readonly artifacts?: ReadonlyArray<ArtifactSource>
  /** Defaults to FINISHED. */
  readonly status?: EndStatus
  /** Milliseconds since 1970-01-01 UTC; defaults to now. */
  readonly endTime?: number
}

/** MLflow's `mlflow.*` tag names (mlflow/utils/mlflow_tags.py). */
export const MLFLOW_TAGS = {
  runName: "mlflow.runName",
  user: "mlflow.user",
  sourceName: "mlflow.source.name",
  sourceType: "mlflow.source.type",
  gitCommit: "mlflow.source.git.commit",
  note: "mlflow.note.content",
  parentRunId: "mlflow.parentRunId"
} as const
