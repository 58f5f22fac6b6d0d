/** What the tracker reads back: runs and experiments, as MLflow describes them. */

/** MLflow's run states; the file store keeps them as integers (RUNNING=1 ... KILLED=5). */
export type RunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED"

/** The states a run can be ended with. */
export type EndStatus = "FINISHED" | "FAILED" | "KILLED"

export const RUN_STATUS_CODES: Readonly<Record<RunStatus, number>> = {
  RUNNING: 1,
  SCHEDULED: 2,
  FINISHED: 3,
  FAILED: 4,
  KILLED: 5
}

export const runStatusFromCode = (code: number): RunStatus | undefined =>
  (Object.keys(RUN_STATUS_CODES) as Array<RunStatus>).find((status) => RUN_STATUS_CODES[status] === code)

export const isRunStatus = (value: unknown): value is RunStatus =>
  typeof value === "string" && Object.hasOwn(RUN_STATUS_CODES, value)

export interface RunInfo {
  /** 32 lowercase hex characters (uuid4 without dashes). */
  readonly runId: string
  readonly runName: string
  readonly experimentId: string
  readonly userId: string
  readonly status: RunStatus
  /** Milliseconds since 1970-01-01 UTC. */
  readonly startTime: number
  readonly endTime: number | null
  readonly artifactUri: string
  readonly lifecycleStage: "active" | "deleted"
}

export interface Run {
  readonly info: RunInfo
  /** The latest value of each metric (MLflow's rule: the largest (step, timestamp, value)). */
  readonly metrics: Readonly<Record<string, number>>
  readonly params: Readonly<Record<string, string>>
  readonly tags: Readonly<Record<string, string>>
}

/** One logged value of a metric. */
export interface MetricPoint {
  readonly value: number
  /** Milliseconds since 1970-01-01 UTC. */
  readonly timestamp: number
  readonly step: number
}

export interface Experiment {
  readonly experimentId: string
  readonly name: string
  readonly artifactLocation: string
  readonly lifecycleStage: "active" | "deleted"
  readonly creationTime: number | null
  readonly lastUpdateTime: number | null
  readonly tags: Readonly<Record<string, string>>
}

/** MLflow's "latest value" rule: the point with the largest (step, timestamp, value). */
export const latestPoint = (points: ReadonlyArray<MetricPoint>): MetricPoint | undefined => {
  let best: MetricPoint | undefined
  for (const point of points) {
    if (
      best === undefined || point.step > best.step ||
      (point.step === best.step && (point.timestamp > best.timestamp ||
        (point.timestamp === best.timestamp && point.value > best.value)))
    ) best = point
  }
  return best
}
