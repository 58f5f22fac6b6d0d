/**
 * Reading an `mlruns/` folder, written by alphabench or by MLflow itself. Anything incomplete
 * is skipped rather than reported as a run: folders without a readable meta.yaml (a writer was
 * killed, or is still staging), hidden folders, and metric lines that do not parse.
 *
 * A run is dozens of tiny files. Synchronous reads of them are about 3.5 times faster than
 * fs/promises here (and never hit the open-file limit), so each run is read synchronously and
 * the event loop gets a turn between runs: a server listing runs stays responsive.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join, relative, sep } from "node:path"
import type { Experiment, MetricPoint, Run, RunInfo } from "../Run.ts"
import { latestPoint } from "../Run.ts"
import { storeError } from "./atomicFs.ts"
import {
  experimentFromMeta,
  META,
  parseMeta,
  RESERVED_EXPERIMENT_FOLDERS,
  RESERVED_ROOT_FOLDERS,
  runInfoFromMeta,
  TRASH
} from "./fileLayout.ts"

const isMissing = (error: unknown): boolean => {
  const code = (error as NodeJS.ErrnoException).code
  return code === "ENOENT" || code === "ENOTDIR"
}

/** Lets other work run (setImmediate) between blocks of synchronous reads. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** Sub-folder names of `dir`, sorted; [] when `dir` does not exist. */
const subfolders = (dir: string): ReadonlyArray<string> => {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()
  } catch (error) {
    if (isMissing(error)) return []
    throw storeError("cannot list", dir, error)
  }
}

/** The file's text, or undefined when it does not exist. */
export const readOptional = (path: string): string | undefined => {
  try {
    return readFileSync(path, "utf8")
  } catch (error) {
    if (isMissing(error)) return undefined
    throw storeError("cannot read", path, error)
  }
}

/** Every file under `folder` as key (its relative path with `/`) -> content; {} when absent. */
export const readKeyFiles = (folder: string): Record<string, string> => {
  let entries
  try {
    entries = readdirSync(folder, { recursive: true, withFileTypes: true })
  } catch (error) {
    if (isMissing(error)) return {}
    throw storeError("cannot list", folder, error)
  }
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort()
  const out: Record<string, string> = {}
  for (const file of files) {
    const text = readOptional(file)
    if (text !== undefined) out[relative(folder, file).split(sep).join("/")] = text
  }
  return out
}

const parseNumber = (text: string): number => {
  const lower = text.toLowerCase()
  if (lower === "inf" || lower === "infinity" || lower === "+inf") return Infinity
  if (lower === "-inf" || lower === "-infinity") return -Infinity
  if (lower === "nan") return NaN
  return text.trim() === "" ? NaN : Number(text)
}

/** The points of a metric file ("<ts> <value> [<step>]" per line); lines that do not parse are skipped. */
export const parseMetricLines = (text: string): ReadonlyArray<MetricPoint> => {
  const points: Array<MetricPoint> = []
  const lines = text.split("\n")
  // A last line without "\n" may have been cut by a killed writer; MLflow writes whole lines.
  if (!text.endsWith("\n")) lines.pop()
  for (const line of lines) {
    const fields = line.trim().split(" ")
    if (fields.length !== 2 && fields.length !== 3) continue
    const timestamp = Number(fields[0])
    const value = parseNumber(fields[1]!)
    const step = fields.length === 3 ? Number(fields[2]) : 0
    if (!Number.isInteger(timestamp) || !Number.isInteger(step) || (Number.isNaN(value) && fields[1]!.toLowerCase() !== "nan")) continue
    points.push({ timestamp, value, step })
  }
  return points
}

/** The latest value of each metric in a run's `metrics/` folder. */
const readLatestMetrics = (folder: string): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const [key, text] of Object.entries(readKeyFiles(folder))) {
    const latest = latestPoint(parseMetricLines(text))
    if (latest !== undefined) out[key] = latest.value
  }
  return out
}

export interface ExperimentDir {
  readonly experiment: Experiment
  readonly dir: string
}

const readExperimentDir = (dir: string, name: string): ExperimentDir | undefined => {
  const text = readOptional(join(dir, META))
  const meta = text === undefined ? undefined : parseMeta(text)
  if (meta === undefined) return undefined
  const experiment = experimentFromMeta(meta, readKeyFiles(join(dir, "tags")))
  // MLflow ignores an experiment whose recorded id differs from its folder name.
  return experiment !== undefined && experiment.experimentId === name ? { experiment, dir } : undefined
}

/** Experiments in `root` (active ones, plus the deleted ones in .trash when `withDeleted`). */
export const readExperiments = async (root: string, withDeleted: boolean): Promise<ReadonlyArray<ExperimentDir>> => {
  const found: Array<ExperimentDir | undefined> = subfolders(root)
    .filter((name) => !name.startsWith(".") && !RESERVED_ROOT_FOLDERS.has(name))
    .map((name) => readExperimentDir(join(root, name), name))
  if (withDeleted) {
    const trash = join(root, TRASH)
    for (const name of subfolders(trash)) if (!name.startsWith(".")) found.push(readExperimentDir(join(trash, name), name))
  }
  await yieldToEventLoop()
  return found.filter((entry): entry is ExperimentDir => entry !== undefined)
}

/** The run's info, or undefined when the folder is not a complete run of `experimentId`. */
export const readRunInfo = (runDir: string, experimentId: string): RunInfo | undefined => {
  const text = readOptional(join(runDir, META))
  const meta = text === undefined ? undefined : parseMeta(text)
  const info = meta === undefined ? undefined : runInfoFromMeta(meta)
  return info !== undefined && info.experimentId === experimentId ? info : undefined
}

export interface RunDir {
  readonly info: RunInfo
  readonly dir: string
}

const RUNS_PER_TURN = 200

/** Complete runs of an experiment folder, info only. */
export const readRunInfos = async (experimentDir: string, experimentId: string): Promise<ReadonlyArray<RunDir>> => {
  const names = subfolders(experimentDir).filter((name) => !name.startsWith(".") && !RESERVED_EXPERIMENT_FOLDERS.has(name))
  const found: Array<RunDir> = []
  for (let i = 0; i < names.length; i++) {
    if (i % RUNS_PER_TURN === RUNS_PER_TURN - 1) await yieldToEventLoop()
    const dir = join(experimentDir, names[i]!)
    const info = readRunInfo(dir, experimentId)
    // A folder whose name is not its run id is not where MLflow would look for that run.
    if (info !== undefined && info.runId === names[i]) found.push({ info, dir })
  }
  return found
}

/** A whole run: latest metrics, params and tags. */
export const readRun = async (runDir: string, info: RunInfo): Promise<Run> => {
  await yieldToEventLoop()
  const tags = readKeyFiles(join(runDir, "tags"))
  // MLflow fills a missing run_name from the mlflow.runName tag.
  const runName = info.runName !== "" ? info.runName : tags["mlflow.runName"] ?? ""
  return {
    info: { ...info, runName },
    metrics: readLatestMetrics(join(runDir, "metrics")),
    params: readKeyFiles(join(runDir, "params")),
    tags
  }
}
