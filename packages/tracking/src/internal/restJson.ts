/**
 * Reading MLflow REST answers (mlflow/protos/service.proto as JSON). Proto JSON leaves out
 * empty lists and zero values, may write int64 as strings, and writes non-finite doubles as
 * "NaN" / "Infinity"; all of that is accepted here.
 */
import { isRunStatus } from "../Run.ts"
import type { Experiment, MetricPoint, Run, RunInfo } from "../Run.ts"
import { TrackingError } from "../TrackingError.ts"

type Json = Record<string, unknown>

const object = (value: unknown): Json => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {})
const list = (value: unknown): ReadonlyArray<unknown> => (Array.isArray(value) ? value : [])
const text = (value: unknown): string => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "")

const int = (value: unknown): number | null => {
  const n = typeof value === "number" ? value : typeof value === "string" && value !== "" ? Number(value) : NaN
  return Number.isFinite(n) ? n : null
}

const double = (value: unknown): number => {
  if (typeof value === "number") return value
  if (value === "NaN") return NaN
  if (value === "Infinity") return Infinity
  if (value === "-Infinity") return -Infinity
  return typeof value === "string" ? Number(value) : NaN
}

const stage = (value: unknown): "active" | "deleted" => (value === "deleted" ? "deleted" : "active")

const keyValues = (value: unknown): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const entry of list(value)) {
    const { key, value: v } = object(entry)
    if (typeof key === "string") out[key] = text(v)
  }
  return out
}

export const malformed = (what: string, url: string): TrackingError =>
  new TrackingError({ reason: "Http", message: `the MLflow server at ${url} sent a malformed answer: ${what}`, url })

export const experimentFromJson = (value: unknown): Experiment | undefined => {
  const json = object(value)
  const experimentId = text(json.experiment_id)
  if (experimentId === "") return undefined
  return {
    experimentId,
    name: text(json.name),
    artifactLocation: text(json.artifact_location),
    lifecycleStage: stage(json.lifecycle_stage),
    creationTime: int(json.creation_time),
    lastUpdateTime: int(json.last_update_time),
    tags: keyValues(json.tags)
  }
}

export const runInfoFromJson = (value: unknown): RunInfo | undefined => {
  const json = object(value)
  const runId = text(json.run_id) || text(json.run_uuid)
  if (runId === "") return undefined
  const status = isRunStatus(json.status) ? json.status : "RUNNING"
  const endTime = int(json.end_time)
  return {
    runId,
    runName: text(json.run_name),
    experimentId: text(json.experiment_id),
    userId: text(json.user_id),
    status,
    startTime: int(json.start_time) ?? 0,
    // Proto2 writes 0 for "no end time".
    endTime: endTime === 0 ? null : endTime,
    artifactUri: text(json.artifact_uri),
    lifecycleStage: stage(json.lifecycle_stage)
  }
}

export const runFromJson = (value: unknown): Run | undefined => {
  const json = object(value)
  const info = runInfoFromJson(json.info)
  if (info === undefined) return undefined
  const data = object(json.data)
  const metrics: Record<string, number> = {}
  for (const entry of list(data.metrics)) {
    const { key, value: v } = object(entry)
    if (typeof key === "string") metrics[key] = double(v)
  }
  const tags = keyValues(data.tags)
  const runName = info.runName !== "" ? info.runName : tags["mlflow.runName"] ?? ""
  return { info: { ...info, runName }, metrics, params: keyValues(data.params), tags }
}

export const metricPointsFromJson = (value: unknown): ReadonlyArray<MetricPoint> =>
  list(value).map((entry) => {
    const json = object(entry)
    return { value: double(json.value), timestamp: int(json.timestamp) ?? 0, step: int(json.step) ?? 0 }
  })

export { list, object, text }
