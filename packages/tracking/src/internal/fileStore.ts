/**
 * The `mlruns/` backend. A whole run (`writeRun`) is built in a hidden staging folder inside its
 * experiment, renamed into place, and made visible by renaming its meta.yaml in last; readers
 * (ours and MLflow's) skip folders without meta.yaml, so a killed writer leaves nothing that
 * looks like a run. Incremental runs (`createRun` + `logBatch`) appear at once with status
 * RUNNING, as in MLflow, and each of their files is replaced atomically.
 */
import { appendFile, mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import type { IdGenerator } from "../Ids.ts"
import { latestPoint } from "../Run.ts"
import type { EndStatus, Experiment, MetricPoint, Run, RunInfo } from "../Run.ts"
import { DEFAULT_MAX_RESULTS, queryTags, runOrder } from "../RunQuery.ts"
import type { ListRunsQuery } from "../RunQuery.ts"
import { invalidInput, TrackingError } from "../TrackingError.ts"
import type { ArtifactFile } from "./artifactFiles.ts"
import { storeError, tempName, withLockFile, writeArtifactFile, writeFileAtomic } from "./atomicFs.ts"
import {
  DEFAULT_EXPERIMENT_ID,
  experimentMetaYaml,
  fileUri,
  LOCK_FILE,
  META,
  metricLine,
  PENDING_META,
  runMetaYaml,
  STAGING_PREFIX,
  TRASH
} from "./fileLayout.ts"
import { parseMetricLines, readExperiments, readOptional, readRun, readRunInfo, readRunInfos, yieldToEventLoop } from "./fileRead.ts"
import type { ExperimentDir, RunDir } from "./fileRead.ts"
import type { KeyValue, MetricEntry, NormalizedRun, NormalizedStart } from "./normalize.ts"
import { DEFAULT_EXPERIMENT_NAME, latestByKey } from "./normalize.ts"
import type { Batch, Store } from "./store.ts"

export interface FileStoreOptions {
  readonly root: string
  readonly display: string
  readonly clock: () => number
  readonly ids: IdGenerator
}

const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/
const EXPERIMENT_ID = /^[a-zA-Z0-9][\w-]{0,63}$/

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false)

const keyPath = (folder: string, key: string): string => join(folder, ...key.split("/"))

const notFound = (message: string, path: string): TrackingError => new TrackingError({ reason: "NotFound", message, url: path })

const groupMetricLines = (metrics: ReadonlyArray<MetricEntry>): Map<string, string> => {
  const lines = new Map<string, string>()
  for (const m of metrics) lines.set(m.key, (lines.get(m.key) ?? "") + metricLine(m.timestamp, m.value, m.step))
  return lines
}

/** Where the artifacts of a run live, from the experiment's artifact_location (file: only). */
const artifactDir = (experiment: Experiment, runId: string): string => {
  const location = experiment.artifactLocation
  if (!location.startsWith("file:")) {
    throw invalidInput(
      `experiment '${experiment.name}' keeps artifacts at '${location}', which the file store cannot write; ` +
        "log to an MLflow server (http://...) instead"
    )
  }
  return join(fileURLToPath(location), runId, "artifacts")
}

export const makeFileStore = (options: FileStoreOptions): Store => {
  const { root, clock, ids } = options

  const newExperiment = async (name: string, experimentId: string): Promise<ExperimentDir> => {
    const dir = join(root, experimentId)
    if (await exists(dir)) throw storeError("cannot create experiment", dir, new Error("the folder already exists"))
    const now = clock()
    const experiment: Experiment = {
      experimentId,
      name,
      artifactLocation: fileUri(dir),
      lifecycleStage: "active",
      creationTime: now,
      lastUpdateTime: now,
      tags: {}
    }
    try {
      await mkdir(dir, { recursive: true })
      await writeFile(join(dir, PENDING_META), experimentMetaYaml(experiment))
      await rename(join(dir, PENDING_META), join(dir, META))
    } catch (cause) {
      throw storeError("cannot create experiment", dir, cause)
    }
    return { experiment, dir }
  }

  /** Creates the root, the Default experiment 0 and .trash when missing, as MLflow's FileStore does. */
  const ensureRoot = async (): Promise<void> => {
    if (await exists(join(root, DEFAULT_EXPERIMENT_ID, META))) return
    try {
      await mkdir(join(root, TRASH), { recursive: true })
    } catch (cause) {
      throw storeError("cannot create the tracking folder", root, cause)
    }
    await withLockFile(join(root, LOCK_FILE), async () => {
      if (!(await exists(join(root, DEFAULT_EXPERIMENT_ID)))) await newExperiment(DEFAULT_EXPERIMENT_NAME, DEFAULT_EXPERIMENT_ID)
    })
  }

  /** The active experiment called `name` (the oldest, should several share it), or undefined. */
  const findExperiment = async (name: string): Promise<ExperimentDir | undefined> => {
    const matches = (await readExperiments(root, true)).filter((entry) => entry.experiment.name === name)
    const active = matches.filter((entry) => entry.experiment.lifecycleStage === "active")
    if (active.length === 0 && matches.length > 0) {
      throw invalidInput(
        `experiment '${name}' is deleted (it is in ${join(root, TRASH)}); restore it with \`mlflow experiments restore\` or use another name`
      )
    }
    return active.sort((a, b) =>
      (a.experiment.creationTime ?? 0) - (b.experiment.creationTime ?? 0) ||
      (a.experiment.experimentId < b.experiment.experimentId ? -1 : 1)
    )[0]
  }

  const experimentFor = async (name: string): Promise<ExperimentDir> => {
    await ensureRoot()
    const found = await findExperiment(name)
    if (found !== undefined) return found
    return withLockFile(join(root, LOCK_FILE), async () => {
      const again = await findExperiment(name)
      if (again !== undefined) return again
      const experimentId = ids.experimentId()
      if (!EXPERIMENT_ID.test(experimentId)) throw invalidInput(`the id generator made an invalid experiment id '${experimentId}'`)
      return newExperiment(name, experimentId)
    })
  }

  const newRunId = (): string => {
    const runId = ids.runId()
    if (!RUN_ID.test(runId)) throw invalidInput(`the id generator made an invalid run id '${runId}'`)
    return runId
  }

  /** Builds a run folder in staging and publishes it: folder rename first, meta.yaml rename last. */
  const publishRun = async (
    entry: ExperimentDir,
    info: RunInfo,
    fill: (staging: string, artifacts: string) => Promise<void>,
    withDeletedTime: boolean
  ): Promise<void> => {
    const finalDir = join(entry.dir, info.runId)
    if (await exists(finalDir)) throw storeError("cannot create run", finalDir, new Error("a run with this id already exists"))
    const staging = join(entry.dir, `${STAGING_PREFIX}${tempName(info.runId)}`)
    const targetArtifacts = artifactDir(entry.experiment, info.runId)
    const inside = targetArtifacts === join(finalDir, "artifacts")
    const artifactStaging = inside ? join(staging, "artifacts") : `${targetArtifacts}${tempName(".staging")}`
    try {
      for (const folder of ["metrics", "params", "tags"]) await mkdir(join(staging, folder), { recursive: true })
      await mkdir(artifactStaging, { recursive: true })
      await fill(staging, artifactStaging)
      await writeFile(join(staging, PENDING_META), runMetaYaml(info, withDeletedTime ? null : undefined))
      if (!inside) {
        await mkdir(join(targetArtifacts, ".."), { recursive: true })
        await rename(artifactStaging, targetArtifacts)
      }
      await rename(staging, finalDir)
    } catch (cause) {
      await rm(staging, { recursive: true, force: true })
      if (!inside) await rm(artifactStaging, { recursive: true, force: true })
      throw cause instanceof TrackingError ? cause : storeError("cannot write run", finalDir, cause)
    }
    try {
      await rename(join(finalDir, PENDING_META), join(finalDir, META))
    } catch (cause) {
      throw storeError("cannot publish run", finalDir, cause)
    }
  }

  const writeKeyFiles = async (folder: string, entries: ReadonlyArray<KeyValue>): Promise<void> => {
    for (const [key, value] of entries) {
      const path = keyPath(folder, key)
      await mkdir(join(path, ".."), { recursive: true })
      await writeFile(path, value)
    }
  }

  const writeRun = async (run: NormalizedRun, artifacts: ReadonlyArray<ArtifactFile>): Promise<Run> => {
    const entry = await experimentFor(run.experiment)
    const runId = newRunId()
    const info: RunInfo = {
      runId,
      runName: run.runName,
      experimentId: entry.experiment.experimentId,
      userId: run.userId,
      status: run.status,
      startTime: run.startTime,
      endTime: run.endTime,
      artifactUri: fileUri(artifactDir(entry.experiment, runId)),
      lifecycleStage: "active"
    }
    await publishRun(entry, info, async (staging, artifactRoot) => {
      await writeKeyFiles(join(staging, "params"), run.params)
      await writeKeyFiles(join(staging, "tags"), run.tags)
      for (const [key, lines] of groupMetricLines(run.metrics)) {
        await writeKeyFiles(join(staging, "metrics"), [[key, lines]])
      }
      for (const file of artifacts) await writeArtifactFile(file, keyPath(artifactRoot, file.name))
    }, false)
    return {
      info,
      metrics: latestByKey(run.metrics),
      params: Object.fromEntries(run.params),
      tags: Object.fromEntries(run.tags)
    }
  }

  const createRun = async (start: NormalizedStart): Promise<RunInfo> => {
    const entry = await experimentFor(start.experiment)
    const runId = newRunId()
    const info: RunInfo = {
      runId,
      runName: start.runName,
      experimentId: entry.experiment.experimentId,
      userId: start.userId,
      status: "RUNNING",
      startTime: start.startTime,
      endTime: null,
      artifactUri: fileUri(artifactDir(entry.experiment, runId)),
      lifecycleStage: "active"
    }
    await publishRun(entry, info, (staging) => writeKeyFiles(join(staging, "tags"), start.tags), true)
    return info
  }

  /** The folder and info of a run in any experiment (active or deleted), as MLflow's _find_run_root. */
  const findRun = async (runId: string): Promise<{ readonly dir: string; readonly info: RunInfo }> => {
    if (!RUN_ID.test(runId)) throw invalidInput(`invalid run id '${runId}'`)
    for (const { experiment, dir } of await readExperiments(root, true)) {
      const runDir = join(dir, runId)
      const info = readRunInfo(runDir, experiment.experimentId)
      if (info !== undefined && info.runId === runId) return { dir: runDir, info }
    }
    throw notFound(`no run '${runId}' in ${options.display}`, root)
  }

  const activeRun = async (runId: string): Promise<{ readonly dir: string; readonly info: RunInfo }> => {
    const found = await findRun(runId)
    if (found.info.lifecycleStage !== "active") throw invalidInput(`run '${runId}' is deleted; it cannot be changed`)
    return found
  }

  const rewriteMeta = async (dir: string, info: RunInfo): Promise<void> =>
    writeFileAtomic(join(dir, META), runMetaYaml(info), dir)

  const logBatch = async (runId: string, batch: Batch): Promise<void> => {
    const { dir, info } = await activeRun(runId)
    for (const [key, value] of batch.params) {
      const path = keyPath(join(dir, "params"), key)
      const current = readOptional(path)
      if (current === undefined) await writeFileAtomic(path, value, dir)
      else if (current !== value) {
        throw invalidInput(`param '${key}' of run ${runId} is already '${current}'; MLflow params cannot change (got '${value}')`)
      }
    }
    for (const [key, lines] of groupMetricLines(batch.metrics)) {
      const path = keyPath(join(dir, "metrics"), key)
      try {
        await mkdir(join(path, ".."), { recursive: true })
        // One append of whole lines: a killed writer leaves whole lines or none.
        await appendFile(path, lines)
      } catch (cause) {
        throw storeError("cannot append metric", path, cause)
      }
    }
    for (const [key, value] of batch.tags) {
      await writeFileAtomic(keyPath(join(dir, "tags"), key), value, dir)
      if (key === "mlflow.runName") await rewriteMeta(dir, { ...info, runName: value })
    }
  }

  const logArtifacts = async (info: RunInfo, artifacts: ReadonlyArray<ArtifactFile>): Promise<void> => {
    const { dir } = await activeRun(info.runId)
    if (!info.artifactUri.startsWith("file:")) throw invalidInput(`run ${info.runId} keeps artifacts at '${info.artifactUri}', which the file store cannot write`)
    const target = fileURLToPath(info.artifactUri)
    for (const file of artifacts) {
      const temp = join(dir, tempName(".artifact"))
      try {
        await writeArtifactFile(file, temp)
        const path = keyPath(target, file.name)
        await mkdir(join(path, ".."), { recursive: true })
        await rename(temp, path)
      } catch (cause) {
        await rm(temp, { force: true })
        throw cause instanceof TrackingError ? cause : storeError(`cannot store artifact '${file.name}'`, target, cause)
      }
    }
  }

  const endRun = async (runId: string, status: EndStatus, endTime: number): Promise<void> => {
    const { dir, info } = await activeRun(runId)
    await rewriteMeta(dir, { ...info, status, endTime })
  }

  /** As MLflow's FileStore.delete_run: the run stays in place, its meta.yaml says deleted and when. */
  const deleteRun = async (runId: string): Promise<void> => {
    const { dir, info } = await findRun(runId)
    if (info.lifecycleStage === "deleted") return
    await writeFileAtomic(join(dir, META), runMetaYaml({ ...info, lifecycleStage: "deleted" }, clock()), dir)
  }

  const getRun = async (runId: string): Promise<Run> => {
    const { dir, info } = await findRun(runId)
    return readRun(dir, info)
  }

  const searchRuns = async (query: ListRunsQuery): Promise<ReadonlyArray<Run>> => {
    const all = (await readExperiments(root, false)).filter((entry) => entry.experiment.lifecycleStage === "active")
    let chosen = all
    if (query.experiment !== undefined) {
      const names = typeof query.experiment === "string" ? [query.experiment] : query.experiment
      chosen = names.map((name) => {
        const matches = all.filter((entry) => entry.experiment.name === name)
        if (matches.length === 0) throw notFound(`no experiment named '${name}' in ${options.display}`, root)
        return matches
      }).flat()
    }
    // Read as little as the query needs: meta.yaml of every run, the filtered tag files and the
    // sort metric of the candidates, and everything only for the runs returned.
    let candidates: Array<RunDir> = []
    for (const { experiment, dir } of chosen) {
      for (const entry of await readRunInfos(dir, experiment.experimentId)) {
        if (entry.info.lifecycleStage === "active" && (query.status === undefined || entry.info.status === query.status)) candidates.push(entry)
      }
    }
    const wanted = queryTags(query)
    if (wanted.length > 0) {
      await yieldToEventLoop()
      candidates = candidates.filter(({ dir }) => wanted.every(([key, value]) => readOptional(keyPath(join(dir, "tags"), key)) === value))
    }
    const sortMetric = query.orderBy?.metric
    if (sortMetric !== undefined) await yieldToEventLoop()
    const sortValues = sortMetric === undefined
      ? []
      : candidates.map(({ dir }) => latestPoint(parseMetricLines(readOptional(keyPath(join(dir, "metrics"), sortMetric)) ?? ""))?.value)
    const order = runOrder(query)
    const sortable = candidates.map((entry, i): Run => ({
      info: entry.info,
      metrics: sortValues[i] === undefined ? {} : { [sortMetric!]: sortValues[i]! },
      params: {},
      tags: {}
    }))
    const byRunId = new Map(candidates.map((entry) => [entry.info.runId, entry] as const))
    const chosenRuns = sortable.sort(order).slice(0, query.maxResults ?? DEFAULT_MAX_RESULTS)
    const out: Array<Run> = []
    for (const { info } of chosenRuns) out.push(await readRun(byRunId.get(info.runId)!.dir, info))
    return out
  }

  const findRunsByIdPrefix = async (prefix: string): Promise<ReadonlyArray<RunInfo>> => {
    const found: Array<RunInfo> = []
    for (const { experiment, dir } of await readExperiments(root, false)) {
      for (const name of await readdir(dir).catch(() => [] as Array<string>)) {
        if (!name.startsWith(prefix)) continue
        const info = readRunInfo(join(dir, name), experiment.experimentId)
        if (info !== undefined && info.runId === name && info.lifecycleStage === "active") found.push(info)
      }
    }
    return found
  }

  const listExperiments = async (): Promise<ReadonlyArray<Experiment>> =>
    (await readExperiments(root, false))
      .map((entry) => entry.experiment)
      .filter((experiment) => experiment.lifecycleStage === "active")
      .sort((a, b) => (b.creationTime ?? 0) - (a.creationTime ?? 0) || (a.experimentId < b.experimentId ? -1 : 1))

  const getMetricHistory = async (runId: string, key: string): Promise<ReadonlyArray<MetricPoint>> => {
    const { dir } = await findRun(runId)
    return parseMetricLines(readOptional(keyPath(join(dir, "metrics"), key)) ?? "")
  }

  return {
    kind: "file",
    display: options.display,
    writeRun,
    createRun,
    logBatch,
    logArtifacts,
    endRun,
    deleteRun,
    getRun,
    searchRuns,
    findRunsByIdPrefix,
    listExperiments,
    getMetricHistory
  }
}
