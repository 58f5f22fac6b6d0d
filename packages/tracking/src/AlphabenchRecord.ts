/**
 * What a run of alphabench records, and a helper that builds that record from plain objects:
 *
 * - tags: `signal_name`, `snapshot_id`, `snapshot_hash`, `git_sha`, `author`, `grade`,
 *   `verdict` (plus MLflow's standard `mlflow.*` tags, added by the tracker);
 * - params: every scalar of the config, nested keys joined with dots (`costs.fee_bps`);
 *   the full config is stored as the artifact `config.yaml`;
 * - metrics: as given, nested objects joined with dots, so a headline `sharpe` sits next to
 *   `lag1_industry.sharpe` for each config and baseline;
 * - artifacts: `tearsheet.html`, `summary.csv`, `daily.parquet`, `suite.json` (by convention)
 *   and `config.yaml`.
 *
 * Params MLflow would refuse (a value over its length limit) are left out with a warning; the
 * config artifact keeps every value.
 */
import { stringify } from "yaml"
import type { EndStatus } from "./Run.ts"
import type { ArtifactSource, MetricInput, RunRecord } from "./RunRecord.ts"
import { invalidInput } from "./TrackingError.ts"
import { DEFAULT_LIMITS } from "./internal/normalize.ts"

/** Tag names alphabench writes. */
export const ALPHABENCH_TAGS = {
  signalName: "signal_name",
  snapshotId: "snapshot_id",
  snapshotHash: "snapshot_hash",
  gitSha: "git_sha",
  author: "author",
  grade: "grade",
  verdict: "verdict"
} as const

/** Artifact names alphabench writes. */
export const ALPHABENCH_ARTIFACTS = {
  tearsheet: "tearsheet.html",
  summary: "summary.csv",
  daily: "daily.parquet",
  suite: "suite.json",
  config: "config.yaml"
} as const

/** Headline metrics of the primary config, logged without a prefix. */
export const HEADLINE_METRICS = ["score", "sharpe", "ann_ret", "max_dd", "turnover", "ic_mean"] as const

/** Metrics, possibly nested by config or baseline: `{ sharpe: 1.1, lag1_industry: { sharpe: 0.9 } }`. */
export interface NestedMetrics {
  readonly [key: string]: number | NestedMetrics
}

export interface AlphabenchRunInput {
  readonly experiment?: string
  /** Defaults to the signal name. */
  readonly runName?: string
  readonly signalName: string
  readonly snapshotId?: string
  readonly snapshotHash?: string
  readonly gitSha?: string
  readonly author?: string
  /** The experiment config; its scalars become params and all of it becomes config.yaml. */
  readonly config?: Readonly<Record<string, unknown>>
  readonly metrics?: NestedMetrics
  readonly grade?: string
  readonly verdict?: string
  /** Further tags, written as given. */
  readonly tags?: Readonly<Record<string, string>>
  readonly artifacts?: ReadonlyArray<ArtifactSource>
  /** The run description shown by the MLflow UI (`mlflow.note.content`). */
  readonly note?: string
  readonly status?: EndStatus
  readonly startTime?: number
  readonly endTime?: number
  /** The param value limit of the target server (default MLflow's 6000 characters). */
  readonly maxParamValueLength?: number
  readonly onWarning?: (message: string) => void
}

const INVALID_KEY_CHARS = /[^/\p{L}\p{N}_.\- ]/gu
const MAX_KEY_LENGTH = DEFAULT_LIMITS.maxKeyLength

const isPlainObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date) && !ArrayBuffer.isView(value)

const scalarText = (value: unknown): string | undefined => {
  if (typeof value === "string") return value
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : undefined
  if (typeof value === "boolean") return value ? "true" : "false"
  if (typeof value === "bigint") return value.toString()
  if (value instanceof Date) return value.toISOString()
  return undefined
}

const joinKey = (prefix: string, key: string): string => (prefix === "" ? key : `${prefix}.${key}`)

/**
 * A config's scalars as MLflow params: nested keys joined with dots, arrays of scalars as one
 * JSON-like value (`[1,5,20]`), arrays of objects by index (`stages.0.name`); nulls skipped.
 * Key characters MLflow refuses become `_`.
 */
export const flattenConfig = (
  config: Readonly<Record<string, unknown>>,
  warn: (message: string) => void = () => undefined
): Record<string, string> => {
  const out: Record<string, string> = {}
  const put = (rawKey: string, value: string) => {
    const key = rawKey.replace(INVALID_KEY_CHARS, "_")
    if (key !== rawKey) warn(`config key '${rawKey}' has characters MLflow does not allow; logged as param '${key}'`)
    if (key.length > MAX_KEY_LENGTH) {
      warn(`config key '${key.slice(0, 60)}...' is longer than MLflow's ${MAX_KEY_LENGTH} characters; left out of the params`)
      return
    }
    out[key] = value
  }
  const visit = (prefix: string, value: unknown): void => {
    if (value === null || value === undefined) return
    const text = scalarText(value)
    if (text !== undefined) return put(prefix, text)
    if (Array.isArray(value)) {
      const texts = value.map(scalarText)
      if (texts.every((t) => t !== undefined)) return put(prefix, JSON.stringify(value.map((v) => (v instanceof Date ? v.toISOString() : typeof v === "bigint" ? v.toString() : v))))
      value.forEach((item, i) => visit(joinKey(prefix, String(i)), item))
      return
    }
    if (isPlainObject(value)) {
      for (const [key, child] of Object.entries(value)) visit(joinKey(prefix, key), child)
      return
    }
    if (typeof value === "number") return // NaN or ±Infinity: config.yaml keeps it
    warn(`config value at '${prefix}' (${typeof value}) is not a scalar; left out of the params`)
  }
  for (const [key, value] of Object.entries(config)) visit(key, value)
  return out
}

/** `{ a: { b: 1 } }` -> `{ "a.b": 1 }`. */
export const flattenMetrics = (metrics: NestedMetrics): Record<string, MetricInput> => {
  const out: Record<string, MetricInput> = {}
  const visit = (prefix: string, value: unknown): void => {
    if (typeof value === "number") {
      out[prefix] = value
      return
    }
    if (!isPlainObject(value)) throw invalidInput(`metric '${prefix}' must be a number or an object of metrics, got ${value === null ? "null" : typeof value}`)
    for (const [key, child] of Object.entries(value)) visit(joinKey(prefix, key), child)
  }
  for (const [key, value] of Object.entries(metrics)) visit(key, value)
  return out
}

/** Builds the record `tracker.logRun` takes for one alphabench evaluation. */
export const buildRunRecord = (input: AlphabenchRunInput): RunRecord => {
  const warn = input.onWarning ?? ((message: string) => process.stderr.write(`alphabench tracking: warning: ${message}\n`))
  const limit = input.maxParamValueLength ?? DEFAULT_LIMITS.maxParamValueLength
  const params: Record<string, string> = {}
  for (const [key, value] of Object.entries(flattenConfig(input.config ?? {}, warn))) {
    if (value.length > limit) {
      warn(`param '${key}' has ${value.length} characters, over MLflow's limit of ${limit}; left out (config.yaml has it)`)
    } else params[key] = value
  }
  const optionalTags: Record<string, string | undefined> = {
    [ALPHABENCH_TAGS.snapshotId]: input.snapshotId,
    [ALPHABENCH_TAGS.snapshotHash]: input.snapshotHash,
    [ALPHABENCH_TAGS.gitSha]: input.gitSha,
    [ALPHABENCH_TAGS.author]: input.author,
    [ALPHABENCH_TAGS.grade]: input.grade,
    [ALPHABENCH_TAGS.verdict]: input.verdict
  }
  const tags: Record<string, string> = { ...input.tags, [ALPHABENCH_TAGS.signalName]: input.signalName }
  for (const [key, value] of Object.entries(optionalTags)) if (value !== undefined) tags[key] = value
  const artifacts: Array<ArtifactSource> = [...(input.artifacts ?? [])]
  if (input.config !== undefined && !artifacts.some((a) => a.name === ALPHABENCH_ARTIFACTS.config)) {
    artifacts.push({ name: ALPHABENCH_ARTIFACTS.config, bytes: stringify(input.config) })
  }
  return {
    runName: input.runName ?? input.signalName,
    tags,
    params,
    metrics: flattenMetrics(input.metrics ?? {}),
    artifacts,
    ...(input.experiment === undefined ? {} : { experiment: input.experiment }),
    ...(input.gitSha === undefined ? {} : { gitCommit: input.gitSha }),
    ...(input.note === undefined ? {} : { note: input.note }),
    ...(input.status === undefined ? {} : { status: input.status }),
    ...(input.startTime === undefined ? {} : { startTime: input.startTime }),
    ...(input.endTime === undefined ? {} : { endTime: input.endTime })
  }
}
