/**
 * Reading an `mlruns/` folder, written by alphabench or by MLflow itself. Anything incomplete
 * is skipped rather than reported as a run: folders without a readable meta.yaml (a writer was
 * killed, or is still staging), hidden folders, and metric lines that do not parse.
 */
import { readdir, readFile } from "node:fs/promises"
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

/** Sub-folder names of `dir`, sorted; [] when `dir` does not exist. */
const subfolders = async (dir: string): Promise<ReadonlyArray<string>> => {
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()
  } catch (error) {
    if (isMissing(error)) return []
    throw storeError("cannot list", dir, error)
  }
}

const readText = async (path: string): Promise<string | undefined> => {
  try {
    return await readFile(path, "utf8")
  } catch (error) {
    if (isMissing(error)) return undefined
    throw storeError("cannot read", path, error)
  }
}

/** Every file under `folder` as key (its relative path with `/`) -> content; {} when absent. */
export const readKeyFiles = async (folder: string): Promise<Record<string, string>> => {
  let entries
  try {
    entries = await readdir(folder, { recursive: true, withFileTypes: true })
  } catch (error) {
    if (isMissing(error)) return {}
    throw storeError("cannot list", folder, error)
  }
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort()
  const out: Record<string, string> = {}
  const texts = await Promise.all(files.map((file) => readText(file)))
  files.forEach((file, i) => {
    const text = texts[i]
    if (text !== undefined) out[relative(folder, file).split(sep).join("/")] = text
  })
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

export const readMetrics = async (folder: string): Promise<Record<string, ReadonlyArray<MetricPoint>>> => {
  const files = await readKeyFiles(folder)
  const out: Record<string, ReadonlyArray<MetricPoint>> = {}
  for (const [key, text] of Object.entries(files)) {
    const points = parseMetricLines(text)
    if (points.length > 0) out[key] = points
  }
  return out
}

export const latestMetrics = (series: Record<string, ReadonlyArray<MetricPoint>>): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const [key, points] of Object.entries(series)) out[key] = latestPoint(points)!.value
  return out
}

export interface ExperimentDir {
  readonly experiment: Experiment
  readonly dir: string
}

const readExperimentDir = async (dir: string, name: string): Promise<ExperimentDir | undefined> => {
  const text = await readText(join(dir, META))
  const meta = text === undefined ? undefined : parseMeta(text)
  if (meta === undefined) return undefined
  const experiment = experimentFromMeta(meta, await readKeyFiles(join(dir, "tags")))
  // MLflow ignores an experiment whose recorded id differs from its folder name.
  return experiment !== undefined && experiment.experimentId === name ? { experiment, dir } : undefined
}

/** Experiments in `root` (active ones, plus the deleted ones in .trash when `withDeleted`). */
export const readExperiments = async (root: string, withDeleted: boolean): Promise<ReadonlyArray<ExperimentDir>> => {
  const active = (await subfolders(root)).filter((name) => !name.startsWith(".") && !RESERVED_ROOT_FOLDERS.has(name))
  const found = await Promise.all(active.map((name) => readExperimentDir(join(root, name), name)))
  if (withDeleted) {
    const trash = join(root, TRASH)
    const deleted = (await subfolders(trash)).filter((name) => !name.startsWith("."))
    found.push(...(await Promise.all(deleted.map((name) => readExperimentDir(join(trash, name), name)))))
  }
  return found.filter((entry): entry is ExperimentDir => entry !== undefined)
}

/** The run's info, or undefined when the folder is not a complete run of `experimentId`. */
export const readRunInfo = async (runDir: string, experimentId: string): Promise<RunInfo | undefined> => {
  const text = await readText(join(runDir, META))
  const meta = text === undefined ? undefined : parseMeta(text)
  const info = meta === undefined ? undefined : runInfoFromMeta(meta)
  return info !== undefined && info.experimentId === experimentId ? info : undefined
}

export interface RunDir {
  readonly info: RunInfo
  readonly dir: string
}

/** Complete runs of an experiment folder, info only. */
export const readRunInfos = async (experimentDir: string, experimentId: string): Promise<ReadonlyArray<RunDir>> => {
  const names = (await subfolders(experimentDir)).filter((name) => !name.startsWith(".") && !RESERVED_EXPERIMENT_FOLDERS.has(name))
  const found = await Promise.all(names.map(async (name): Promise<RunDir | undefined> => {
    const dir = join(experimentDir, name)
    const info = await readRunInfo(dir, experimentId)
    // A folder whose name is not its run id is not where MLflow would look for that run.
    return info === undefined || info.runId !== name ? undefined : { info, dir }
  }))
  return found.filter((entry): entry is RunDir => entry !== undefined)
}

export const readRunTags = (runDir: string): Promise<Record<string, string>> => readKeyFiles(join(runDir, "tags"))

export const readRun = async (runDir: string, info: RunInfo, tags?: Record<string, string>): Promise<Run> => {
  const [metrics, params, runTags] = await Promise.all([
    readMetrics(join(runDir, "metrics")),
    readKeyFiles(join(runDir, "params")),
    tags === undefined ? readRunTags(runDir) : Promise.resolve(tags)
  ])
  // MLflow fills a missing run_name from the mlflow.runName tag.
  const runName = info.runName !== "" ? info.runName : runTags["mlflow.runName"] ?? ""
  return { info: { ...info, runName }, metrics: latestMetrics(metrics), params, tags: runTags }
}
