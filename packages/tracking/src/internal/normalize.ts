/**
 * Checks a run record against MLflow's rules (mlflow/utils/validation.py) and turns it into
 * the plain lists both backends write. Non-finite metric values are dropped with a warning:
 * JSON cannot carry them and MLflow's UI cannot plot them.
 */
import { MLFLOW_TAGS } from "../RunRecord.ts"
import type { ArtifactSource, MetricInput, ParamValue, RunRecord, RunStart } from "../RunRecord.ts"
import type { EndStatus } from "../Run.ts"
import { invalidInput } from "../TrackingError.ts"

/** MLflow's length limits; servers older than MLflow 2 allow only 250 (later 500) characters per param value. */
export interface TrackingLimits {
  /** Longest param value; MLflow >= 2.x: 6000. */
  readonly maxParamValueLength: number
  /** Longest tag value; MLflow >= 2.x: 8000 (longer values are cut, as MLflow does). */
  readonly maxTagValueLength: number
  /** Longest key of a param, tag or metric: 250. */
  readonly maxKeyLength: number
}

export const DEFAULT_LIMITS: TrackingLimits = { maxParamValueLength: 6000, maxTagValueLength: 8000, maxKeyLength: 250 }

export type Warn = (message: string) => void

export interface MetricEntry {
  readonly key: string
  readonly value: number
  readonly timestamp: number
  readonly step: number
}

export type KeyValue = readonly [key: string, value: string]

/** The latest value per key, by MLflow's rule (largest step, then timestamp, then value). */
export const latestByKey = (metrics: ReadonlyArray<MetricEntry>): Record<string, number> => {
  const best = new Map<string, MetricEntry>()
  for (const m of metrics) {
    const b = best.get(m.key)
    if (b === undefined || m.step > b.step || (m.step === b.step && (m.timestamp > b.timestamp || (m.timestamp === b.timestamp && m.value > b.value)))) {
      best.set(m.key, m)
    }
  }
  const out: Record<string, number> = {}
  for (const [key, m] of best) out[key] = m.value
  return out
}

export interface NormalizedStart {
  readonly experiment: string
  readonly runName: string
  readonly userId: string
  readonly startTime: number
  /** Sorted by key; includes the standard `mlflow.*` tags. */
  readonly tags: ReadonlyArray<KeyValue>
  /** Keys of `tags` to write with the run's creation (RunStart.identityTags). */
  readonly identityTags: ReadonlyArray<string>
}

export interface NormalizedRun extends NormalizedStart {
  readonly params: ReadonlyArray<KeyValue>
  readonly metrics: ReadonlyArray<MetricEntry>
  readonly artifacts: ReadonlyArray<ArtifactSource>
  readonly status: EndStatus
  readonly endTime: number
}

export interface NormalizeContext {
  readonly now: number
  readonly user: string
  readonly source: string
  readonly limits: TrackingLimits
  readonly warn: Warn
}

export const DEFAULT_EXPERIMENT_NAME = "Default"

// Python's \w is Unicode letters, digits and underscore.
const VALID_NAME = /^[/\p{L}\p{N}_.\- ]*$/u

/** posixpath.normpath. */
const pythonNormpath = (path: string): string => {
  if (path === "") return "."
  const absolute = path.startsWith("/")
  const parts: Array<string> = []
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue
    if (part !== ".." || (!absolute && parts.length === 0) || (parts.length > 0 && parts[parts.length - 1] === "..")) {
      parts.push(part)
    } else if (parts.length > 0) parts.pop()
  }
  const joined = (absolute ? "/" : "") + parts.join("/")
  return joined === "" ? "." : joined
}

const checkKey = (kind: string, key: string, limits: TrackingLimits): string => {
  if (!VALID_NAME.test(key)) {
    throw invalidInput(
      `invalid ${kind} name '${key}': names may only contain letters, digits, underscores (_), dashes (-), ` +
        "periods (.), spaces ( ) and slashes (/)"
    )
  }
  const norm = pythonNormpath(key)
  if (norm !== key || norm === "." || norm.startsWith("..") || norm.startsWith("/")) {
    throw invalidInput(`invalid ${kind} name '${key}': it would be stored as the file path '${norm}' (MLflow keeps each key in a file)`)
  }
  if (key.length > limits.maxKeyLength) {
    throw invalidInput(`${kind} name '${key.slice(0, 60)}...' has ${key.length} characters, more than MLflow's limit of ${limits.maxKeyLength}`)
  }
  return key
}

/** Keys become file paths in the file store, so `a` and `a/b` cannot both exist. */
const checkNoFileDirClash = (kind: string, keys: ReadonlyArray<string>): void => {
  const set = new Set(keys)
  for (const key of keys) {
    let slash = key.indexOf("/")
    while (slash >= 0) {
      const prefix = key.slice(0, slash)
      if (set.has(prefix)) throw invalidInput(`${kind} names '${prefix}' and '${key}' clash: one would be a file inside the other`)
      slash = key.indexOf("/", slash + 1)
    }
  }
}

const checkTime = (what: string, value: number): number => {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalidInput(`${what} must be a whole number of milliseconds since 1970-01-01 (>= 0), got ${value}`)
  }
  return value
}

const byKey = (a: KeyValue, b: KeyValue): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)

export const paramText = (key: string, value: ParamValue): string => {
  if (typeof value === "string") return value
  if (typeof value === "boolean") return value ? "true" : "false"
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw invalidInput(`param '${key}' is ${value}; params must be finite numbers, strings or booleans`)
    return String(value)
  }
  throw invalidInput(`param '${key}' has a value of type ${typeof value}; expected a string, number or boolean`)
}

export const normalizeParams = (
  params: Readonly<Record<string, ParamValue>> | undefined,
  limits: TrackingLimits
): ReadonlyArray<KeyValue> => {
  const out: Array<KeyValue> = []
  for (const [key, value] of Object.entries(params ?? {})) {
    checkKey("param", key, limits)
    const text = paramText(key, value)
    if (text.length > limits.maxParamValueLength) {
      throw invalidInput(
        `param '${key}' has ${text.length} characters, more than MLflow's limit of ${limits.maxParamValueLength}; ` +
          "log long values as an artifact (buildRunRecord drops such params with a warning)"
      )
    }
    out.push([key, text])
  }
  checkNoFileDirClash("param", out.map((entry) => entry[0]))
  return out.sort(byKey)
}

export const normalizeTags = (
  tags: Readonly<Record<string, string>> | undefined,
  limits: TrackingLimits,
  warn: Warn
): ReadonlyArray<KeyValue> => {
  const out: Array<KeyValue> = []
  for (const [key, value] of Object.entries(tags ?? {})) {
    checkKey("tag", key, limits)
    if (typeof value !== "string") throw invalidInput(`tag '${key}' must be a string, got ${typeof value}`)
    if (value.length > limits.maxTagValueLength) {
      warn(`tag '${key}' has ${value.length} characters; cut to MLflow's limit of ${limits.maxTagValueLength}`)
      out.push([key, value.slice(0, limits.maxTagValueLength)])
    } else out.push([key, value])
  }
  checkNoFileDirClash("tag", out.map((entry) => entry[0]))
  return out.sort(byKey)
}

export const normalizeMetrics = (
  metrics: Readonly<Record<string, MetricInput>> | undefined,
  defaults: { readonly timestamp: number; readonly step: number },
  limits: TrackingLimits,
  warn: Warn
): ReadonlyArray<MetricEntry> => {
  const out: Array<MetricEntry> = []
  const dropped: Array<string> = []
  const keys = Object.keys(metrics ?? {}).sort()
  for (const key of keys) {
    checkKey("metric", key, limits)
    const input = metrics![key]!
    const points = typeof input === "number" ? [{ value: input }] : Array.isArray(input) ? input : [input as MetricInput]
    for (const point of points as ReadonlyArray<number | { value: number; step?: number; timestamp?: number }>) {
      const value = typeof point === "number" ? point : point.value
      const step = typeof point === "number" ? defaults.step : point.step ?? defaults.step
      const timestamp = typeof point === "number" ? defaults.timestamp : point.timestamp ?? defaults.timestamp
      if (typeof value !== "number") throw invalidInput(`metric '${key}' has a value of type ${typeof value}; expected a number`)
      if (!Number.isSafeInteger(step)) throw invalidInput(`metric '${key}' has step ${step}; steps must be whole numbers`)
      checkTime(`the timestamp of metric '${key}'`, timestamp)
      if (!Number.isFinite(value)) {
        dropped.push(`${key}=${value}${step === 0 ? "" : ` (step ${step})`}`)
        continue
      }
      out.push({ key, value, timestamp, step })
    }
  }
  checkNoFileDirClash("metric", keys)
  if (dropped.length > 0) {
    warn(`dropped ${dropped.length} non-finite metric value(s), which MLflow cannot store: ${dropped.slice(0, 10).join(", ")}${dropped.length > 10 ? ", ..." : ""}`)
  }
  return out
}

/** A safe relative artifact path: no empty, `.` or `..` segments, no backslashes, not absolute. */
export const checkArtifactName = (name: string): string => {
  if (typeof name !== "string" || name === "") throw invalidInput("an artifact needs a non-empty name")
  const segments = name.split("/")
  if (name.startsWith("/") || name.includes("\\") || name.includes("\0") || segments.some((s) => s === "" || s === "." || s === "..")) {
    throw invalidInput(`invalid artifact name '${name}': expected a relative path such as 'tearsheet.html' or 'plots/equity.svg'`)
  }
  return name
}

export const normalizeArtifacts = (artifacts: ReadonlyArray<ArtifactSource> | undefined): ReadonlyArray<ArtifactSource> => {
  const seen = new Set<string>()
  for (const artifact of artifacts ?? []) {
    checkArtifactName(artifact.name)
    if (!("path" in artifact) && !("bytes" in artifact) && !("chunks" in artifact)) {
      throw invalidInput(`artifact '${(artifact as { name: string }).name}' needs a path, bytes or chunks`)
    }
    if (seen.has(artifact.name)) throw invalidInput(`artifact '${artifact.name}' is listed twice`)
    seen.add(artifact.name)
  }
  checkNoFileDirClash("artifact", [...seen])
  return artifacts ?? []
}

export const normalizeStart = (start: RunStart, context: NormalizeContext): NormalizedStart => {
  const experiment = start.experiment ?? DEFAULT_EXPERIMENT_NAME
  if (typeof experiment !== "string" || experiment.trim() === "" || experiment.length > 500) {
    throw invalidInput(`invalid experiment name '${String(experiment)}': expected 1 to 500 characters`)
  }
  const runName = start.runName
  if (typeof runName !== "string" || runName === "") throw invalidInput("a run needs a non-empty runName")
  if (runName.length > context.limits.maxTagValueLength) {
    throw invalidInput(`runName has ${runName.length} characters, more than MLflow's limit of ${context.limits.maxTagValueLength}`)
  }
  const userTags = Object.fromEntries(normalizeTags(start.tags, context.limits, context.warn))
  const given = userTags[MLFLOW_TAGS.runName]
  if (given !== undefined && given !== runName) {
    throw invalidInput(`the tag ${MLFLOW_TAGS.runName}='${given}' differs from runName '${runName}' (MLflow requires them equal)`)
  }
  const userId = start.user ?? context.user
  const gitCommit = start.gitCommit ?? userTags["git_sha"]
  const standard: Record<string, string> = {
    [MLFLOW_TAGS.runName]: runName,
    [MLFLOW_TAGS.user]: userId,
    [MLFLOW_TAGS.sourceName]: start.source ?? context.source,
    [MLFLOW_TAGS.sourceType]: "LOCAL",
    ...(gitCommit !== undefined && gitCommit !== "" ? { [MLFLOW_TAGS.gitCommit]: gitCommit } : {}),
    ...(start.note !== undefined ? { [MLFLOW_TAGS.note]: start.note } : {})
  }
  const tags = normalizeTags({ ...standard, ...userTags }, context.limits, context.warn)
  const identityTags = [...new Set(start.identityTags ?? [])]
  for (const key of identityTags) {
    if (typeof key !== "string" || !Object.hasOwn(userTags, key)) {
      throw invalidInput(`identityTags names '${String(key)}', which is not one of the run's tags (${Object.keys(userTags).join(", ") || "none"})`)
    }
  }
  return {
    experiment,
    runName,
    userId,
    startTime: checkTime("startTime", start.startTime ?? context.now),
    tags,
    identityTags
  }
}

const END_STATUSES: ReadonlyArray<EndStatus> = ["FINISHED", "FAILED", "KILLED"]

export const checkEndStatus = (status: EndStatus): EndStatus => {
  if (!END_STATUSES.includes(status)) throw invalidInput(`invalid run status '${String(status)}': expected FINISHED, FAILED or KILLED`)
  return status
}

export const normalizeRecord = (record: RunRecord, context: NormalizeContext): NormalizedRun => {
  const start = normalizeStart(record, context)
  const endTime = checkTime("endTime", record.endTime ?? Math.max(context.now, start.startTime))
  if (endTime < start.startTime) throw invalidInput(`endTime ${endTime} is before startTime ${start.startTime}`)
  return {
    ...start,
    params: normalizeParams(record.params, context.limits),
    metrics: normalizeMetrics(record.metrics, { timestamp: endTime, step: 0 }, context.limits, context.warn),
    artifacts: normalizeArtifacts(record.artifacts),
    status: checkEndStatus(record.status ?? "FINISHED"),
    endTime
  }
}
