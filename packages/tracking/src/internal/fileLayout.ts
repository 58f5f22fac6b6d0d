/**
 * MLflow's FileStore layout (mlflow/store/tracking/file_store.py): the names of things in
 * `mlruns/` and the exact `meta.yaml` contents MLflow writes, plus how to read them back.
 *
 * mlruns/
 *   .trash/                      deleted experiments
 *   0/meta.yaml                  the "Default" experiment
 *   <experiment_id>/meta.yaml
 *   <experiment_id>/tags/<key>
 *   <experiment_id>/<run_id>/meta.yaml, metrics/<key>, params/<key>, tags/<key>, artifacts/
 */
import { join } from "node:path"
import { parse } from "yaml"
import { RUN_STATUS_CODES, runStatusFromCode } from "../Run.ts"
import type { Experiment, RunInfo, RunStatus } from "../Run.ts"
import { pythonFloatRepr } from "./pythonFloat.ts"
import { dumpFlatYaml, resolvesAsNonString } from "./pyyaml.ts"

export const META = "meta.yaml"
export const TRASH = ".trash"
export const DEFAULT_EXPERIMENT_ID = "0"
/** Folders inside an experiment folder that are not runs. */
export const RESERVED_EXPERIMENT_FOLDERS: ReadonlySet<string> = new Set(["tags", "datasets", "traces"])
/** Folders at the root that are not experiments. */
export const RESERVED_ROOT_FOLDERS: ReadonlySet<string> = new Set([TRASH, "models"])
/** The file the run's meta.yaml is staged in; it is renamed to meta.yaml last. */
export const PENDING_META = ".meta.yaml.pending"
export const STAGING_PREFIX = ".staging-"
export const LOCK_FILE = ".alphabench-experiments.lock"
/** MLflow's SourceType.LOCAL. */
const SOURCE_TYPE_LOCAL = 4

const URI_SAFE = /^[A-Za-z0-9_.\-~/]$/

/**
 * `file:///abs/path` as MLflow writes it (`pathlib.Path(path).as_uri()`): every UTF-8 byte other
 * than letters, digits, `_.-~` and `/` is %-escaped.
 */
export const fileUri = (absolutePath: string): string => {
  let out = "file://"
  for (const ch of absolutePath) {
    if (URI_SAFE.test(ch)) out += ch
    else for (const byte of new TextEncoder().encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`
  }
  return out
}

export const experimentMetaYaml = (experiment: Experiment): string =>
  dumpFlatYaml({
    artifact_location: experiment.artifactLocation,
    creation_time: experiment.creationTime,
    experiment_id: experiment.experimentId,
    last_update_time: experiment.lastUpdateTime,
    lifecycle_stage: experiment.lifecycleStage,
    name: experiment.name
  })

/**
 * The run's meta.yaml. MLflow's `create_run` adds `deleted_time: null`; its later rewrites
 * (ending the run) drop the key, so a finished run has none; `delete_run` writes the time of
 * the deletion. `deletedTime`: undefined leaves the key out, null or a time writes it.
 */
export const runMetaYaml = (info: RunInfo, deletedTime?: number | null): string =>
  dumpFlatYaml({
    artifact_uri: info.artifactUri,
    ...(deletedTime === undefined ? {} : { deleted_time: deletedTime }),
    end_time: info.endTime,
    entry_point_name: "",
    experiment_id: info.experimentId,
    lifecycle_stage: info.lifecycleStage,
    run_id: info.runId,
    run_name: info.runName,
    run_uuid: info.runId,
    source_name: "",
    source_type: SOURCE_TYPE_LOCAL,
    source_version: "",
    start_time: info.startTime,
    status: RUN_STATUS_CODES[info.status],
    tags: [],
    user_id: info.userId
  })

/** One line of a metric file: "<timestamp_ms> <value> <step>\n", value as Python prints a float. */
export const metricLine = (timestamp: number, value: number, step: number): string =>
  `${timestamp} ${pythonFloatRepr(value)} ${step}\n`

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined

const asText = (value: unknown): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined

const asMillis = (value: unknown): number | null => {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN
  return Number.isFinite(n) ? n : null
}

const stage = (value: unknown): "active" | "deleted" => (value === "deleted" ? "deleted" : "active")

const SIMPLE_LINE = /^([A-Za-z_][A-Za-z0-9_]*): (.+)$/
const DECIMAL_INT = /^[-+]?(?:0|[1-9][0-9]*)$/
const PLAIN_UNSAFE = /^[-?:,[\]{}#&*!|>'"%@`]| #|: |\s$/

/**
 * The common case of meta.yaml, one `key: value` per line as MLflow writes it, without a YAML
 * parser (listing many runs reads many of these); undefined when the text needs the full parser.
 */
const parseSimpleMeta = (text: string): Record<string, unknown> | undefined => {
  const out: Record<string, unknown> = {}
  const lines = text.split("\n")
  if (lines[lines.length - 1] === "") lines.pop()
  for (const line of lines) {
    const match = SIMPLE_LINE.exec(line)
    if (match === null) return undefined
    const raw = match[2]!
    let value: unknown
    if (raw === "null" || raw === "~") value = null
    else if (raw === "[]") value = []
    else if (raw.startsWith("'")) {
      const inner = raw.slice(1, -1)
      if (raw.length < 2 || !raw.endsWith("'") || inner.replaceAll("''", "").includes("'")) return undefined
      value = inner.replaceAll("''", "'")
    } else if (DECIMAL_INT.test(raw)) value = Number(raw)
    else if (PLAIN_UNSAFE.test(raw) || resolvesAsNonString(raw)) return undefined
    else value = raw
    out[match[1]!] = value
  }
  return out
}

/** Parses meta.yaml as PyYAML (YAML 1.1) would; undefined when it is not a mapping. */
export const parseMeta = (text: string): Record<string, unknown> | undefined => {
  const simple = parseSimpleMeta(text)
  if (simple !== undefined) return simple
  try {
    return asRecord(parse(text, { version: "1.1" }))
  } catch {
    return undefined
  }
}

export const experimentFromMeta = (
  meta: Record<string, unknown>,
  tags: Readonly<Record<string, string>>
): Experiment | undefined => {
  const experimentId = asText(meta.experiment_id)
  const name = asText(meta.name)
  if (experimentId === undefined || name === undefined) return undefined
  return {
    experimentId,
    name,
    artifactLocation: asText(meta.artifact_location) ?? "",
    lifecycleStage: stage(meta.lifecycle_stage),
    creationTime: asMillis(meta.creation_time),
    lastUpdateTime: asMillis(meta.last_update_time),
    tags
  }
}

export const runInfoFromMeta = (meta: Record<string, unknown>): RunInfo | undefined => {
  const runId = asText(meta.run_id) ?? asText(meta.run_uuid)
  const experimentId = asText(meta.experiment_id)
  const startTime = asMillis(meta.start_time)
  if (runId === undefined || experimentId === undefined) return undefined
  const code = typeof meta.status === "number" ? meta.status : RUN_STATUS_CODES.RUNNING
  const status: RunStatus = runStatusFromCode(code) ?? "RUNNING"
  return {
    runId,
    runName: asText(meta.run_name) ?? "",
    experimentId,
    userId: asText(meta.user_id) ?? "",
    status,
    startTime: startTime ?? 0,
    endTime: asMillis(meta.end_time),
    artifactUri: asText(meta.artifact_uri) ?? "",
    lifecycleStage: stage(meta.lifecycle_stage)
  }
}

export const experimentDir = (root: string, experimentId: string): string => join(root, experimentId)
