/** What a backend (file store or REST) provides to the Tracker. */
import type { EndStatus, Experiment, MetricPoint, Run, RunInfo } from "../Run.ts"
import type { ListRunsQuery } from "../RunQuery.ts"
import type { ArtifactFile } from "./artifactFiles.ts"
import type { KeyValue, MetricEntry, NormalizedRun, NormalizedStart } from "./normalize.ts"

export interface Batch {
  readonly metrics: ReadonlyArray<MetricEntry>
  readonly params: ReadonlyArray<KeyValue>
  readonly tags: ReadonlyArray<KeyValue>
}

export interface Store {
  readonly kind: "file" | "rest"
  /** The tracking URI as shown to people (no credentials). */
  readonly display: string
  /** Writes a whole run; the file store makes it appear all at once. */
  readonly writeRun: (run: NormalizedRun, artifacts: ReadonlyArray<ArtifactFile>) => Promise<Run>
  /** Creates a RUNNING run (visible at once, as in MLflow). */
  readonly createRun: (start: NormalizedStart) => Promise<RunInfo>
  readonly logBatch: (runId: string, batch: Batch) => Promise<void>
  readonly logArtifacts: (info: RunInfo, artifacts: ReadonlyArray<ArtifactFile>) => Promise<void>
  readonly endRun: (runId: string, status: EndStatus, endTime: number) => Promise<void>
  /** Marks the run deleted (MLflow's soft delete); a run already deleted stays as it is. */
  readonly deleteRun: (runId: string) => Promise<void>
  readonly getRun: (runId: string) => Promise<Run>
  readonly searchRuns: (query: ListRunsQuery) => Promise<ReadonlyArray<Run>>
  /** Active runs whose id starts with `prefix`. */
  readonly findRunsByIdPrefix: (prefix: string) => Promise<ReadonlyArray<RunInfo>>
  readonly listExperiments: () => Promise<ReadonlyArray<Experiment>>
  readonly getMetricHistory: (runId: string, key: string) => Promise<ReadonlyArray<MetricPoint>>
}
