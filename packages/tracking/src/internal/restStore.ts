/**
 * The MLflow REST API 2.0 backend. A whole run is `runs/create`, `runs/log-batch` requests cut
 * to MLflow's limits, one PUT per artifact through the server's artifact proxy
 * (`mlflow-artifacts`), then `runs/update`. A server cannot make this atomic; if a step fails
 * after the run exists, the run is marked FAILED (best effort) before the error is raised.
 */
import { createReadStream } from "node:fs"
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises"
import { dirname, isAbsolute, join } from "node:path"
import { Readable } from "node:stream"
import { fileURLToPath } from "node:url"
import type { EndStatus, Experiment, MetricPoint, Run, RunInfo } from "../Run.ts"
import { DEFAULT_MAX_RESULTS, MAX_RESULTS_LIMIT, mlflowFilter, mlflowOrderBy } from "../RunQuery.ts"
import type { ListRunsQuery } from "../RunQuery.ts"
import { invalidInput, isTrackingError, TrackingError } from "../TrackingError.ts"
import type { ArtifactFile } from "./artifactFiles.ts"
import { tempName } from "./atomicFs.ts"
import type { HttpClient, RequestBody } from "./httpClient.ts"
import { chunkLogBatch } from "./logBatch.ts"
import { latestByKey } from "./normalize.ts"
import type { KeyValue, NormalizedRun, NormalizedStart } from "./normalize.ts"
import { experimentFromJson, list, malformed, metricPointsFromJson, object, runFromJson, runInfoFromJson, text } from "./restJson.ts"
import type { Batch, Store } from "./store.ts"

export interface RestStoreOptions {
  readonly http: HttpClient
  readonly baseUrl: string
  readonly display: string
  readonly artifactTimeoutMs: number
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: "text/html",
  htm: "text/html",
  csv: "text/csv",
  json: "application/json",
  yaml: "application/yaml",
  yml: "application/yaml",
  txt: "text/plain",
  md: "text/markdown",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  pdf: "application/pdf"
}

/** The MIME type MLflow's client would send (`mimetypes.guess_type`, octet-stream otherwise). */
export const contentTypeOf = (name: string): string => {
  const dot = name.lastIndexOf(".")
  return (dot < 0 ? undefined : CONTENT_TYPES[name.slice(dot + 1).toLowerCase()]) ?? "application/octet-stream"
}

const encodePath = (name: string): string => name.split("/").map(encodeURIComponent).join("/")

const collect = async (chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> => {
  const parts: Array<Uint8Array> = []
  for await (const chunk of chunks) parts.push(chunk)
  return Buffer.concat(parts)
}

/**
 * Standard `mlflow.*` tags and the caller's identity tags go with `runs/create` (so a run that
 * fails half-way can still be found by them); the rest follow in log-batch requests.
 */
const splitTags = (
  tags: ReadonlyArray<KeyValue>,
  identity: ReadonlyArray<string>
): readonly [ReadonlyArray<KeyValue>, ReadonlyArray<KeyValue>] => {
  const atCreate = ([key]: KeyValue): boolean => key.startsWith("mlflow.") || identity.includes(key)
  return [tags.filter(atCreate), tags.filter((tag) => !atCreate(tag))]
}

export const makeRestStore = (options: RestStoreOptions): Store => {
  const { http } = options
  const experimentIds = new Map<string, string>()

  const getExperimentByName = async (name: string): Promise<Experiment | undefined> => {
    try {
      const answer = await http.json("GET", "mlflow/experiments/get-by-name", { query: { experiment_name: name } })
      return experimentFromJson(object(answer).experiment)
    } catch (error) {
      if (isTrackingError(error) && (error.status === 404 || error.errorCode === "RESOURCE_DOES_NOT_EXIST")) return undefined
      throw error
    }
  }

  const activeExperimentId = (experiment: Experiment | undefined, name: string): string | undefined => {
    if (experiment === undefined) return undefined
    if (experiment.lifecycleStage === "deleted") {
      throw invalidInput(`experiment '${name}' is deleted on ${options.display}; restore it or use another name`)
    }
    return experiment.experimentId
  }

  /** get-by-name, else create; a RESOURCE_ALREADY_EXISTS from a concurrent creator means: look again. */
  const experimentIdFor = async (name: string): Promise<string> => {
    const cached = experimentIds.get(name)
    if (cached !== undefined) return cached
    let id = activeExperimentId(await getExperimentByName(name), name)
    if (id === undefined) {
      try {
        id = text(object(await http.json("POST", "mlflow/experiments/create", { body: { name } })).experiment_id)
        if (id === "") throw malformed("experiments/create returned no experiment_id", options.display)
      } catch (error) {
        if (!isTrackingError(error) || error.errorCode !== "RESOURCE_ALREADY_EXISTS") throw error
        id = activeExperimentId(await getExperimentByName(name), name)
        if (id === undefined) throw error
      }
    }
    experimentIds.set(name, id)
    return id
  }

  const createRunWith = async (start: NormalizedStart, status: "RUNNING"): Promise<RunInfo> => {
    const experimentId = await experimentIdFor(start.experiment)
    const [standard] = splitTags(start.tags, start.identityTags)
    const answer = await http.json("POST", "mlflow/runs/create", {
      body: {
        experiment_id: experimentId,
        user_id: start.userId,
        run_name: start.runName,
        start_time: start.startTime,
        tags: standard.map(([key, value]) => ({ key, value }))
      }
    })
    const info = runInfoFromJson(object(object(answer).run).info)
    if (info === undefined) throw malformed("runs/create returned no run id", options.display)
    return { ...info, status, runName: info.runName || start.runName }
  }

  const logBatch = async (runId: string, batch: Batch): Promise<void> => {
    for (const request of chunkLogBatch(runId, batch)) await http.json("POST", "mlflow/runs/log-batch", { body: request })
  }

  /** Where a run's artifact `name` goes, from its artifact_uri. */
  const artifactTarget = (artifactUri: string, name: string): { readonly url: string } | { readonly path: string } => {
    if (artifactUri.startsWith("mlflow-artifacts:")) {
      const rest = artifactUri.slice("mlflow-artifacts:".length)
      let base = options.baseUrl
      let path = rest
      if (rest.startsWith("//")) {
        const slash = rest.indexOf("/", 2)
        const host = slash < 0 ? rest.slice(2) : rest.slice(2, slash)
        path = slash < 0 ? "" : rest.slice(slash)
        if (host !== "") base = `${new URL(options.baseUrl).protocol}//${host}`
      }
      const clean = path.split("/").filter((part) => part !== "").join("/")
      return { url: `${base}/api/2.0/mlflow-artifacts/artifacts/${clean}/${encodePath(name)}` }
    }
    if (/^https?:\/\//.test(artifactUri)) return { url: `${artifactUri.replace(/\/+$/, "")}/${encodePath(name)}` }
    if (artifactUri.startsWith("file:")) return { path: join(fileURLToPath(artifactUri), ...name.split("/")) }
    if (isAbsolute(artifactUri)) return { path: join(artifactUri, ...name.split("/")) }
    throw invalidInput(
      `the MLflow server stores artifacts at '${artifactUri}', which alphabench cannot write; ` +
        "start the server with artifact proxying (`mlflow server --serve-artifacts`, the default since MLflow 2.0)"
    )
  }

  const bodyOf = (file: ArtifactFile, buffered: Uint8Array | undefined) => async (): Promise<RequestBody> => {
    if (file.kind === "bytes") return file.bytes as Uint8Array<ArrayBuffer>
    if (file.kind === "chunks") return buffered as Uint8Array<ArrayBuffer>
    return Readable.toWeb(createReadStream(file.path)) as unknown as ReadableStream<Uint8Array>
  }

  const logArtifacts = async (info: RunInfo, artifacts: ReadonlyArray<ArtifactFile>): Promise<void> => {
    for (const file of artifacts) {
      const target = artifactTarget(info.artifactUri, file.name)
      // A stream cannot be replayed for a retry: gather it once.
      const buffered = file.kind === "chunks" ? await collect(file.chunks) : undefined
      if ("path" in target) {
        const temp = join(dirname(target.path), tempName(".artifact"))
        try {
          await mkdir(dirname(target.path), { recursive: true })
          await writeFile(temp, file.kind === "path" ? await readFile(file.path) : file.kind === "bytes" ? file.bytes : buffered!)
          await rename(temp, target.path)
        } catch (cause) {
          await rm(temp, { force: true })
          throw new TrackingError({ reason: "Store", message: `cannot write artifact '${file.name}' to ${target.path}: ${String(cause)}`, url: target.path, cause })
        }
        continue
      }
      const size = file.kind === "path" ? file.size : file.kind === "bytes" ? file.bytes.byteLength : buffered!.byteLength
      await http.put(target.url, bodyOf(file, buffered), { "content-type": contentTypeOf(file.name), "content-length": String(size) }, options.artifactTimeoutMs)
    }
  }

  const endRun = async (runId: string, status: EndStatus, endTime: number): Promise<void> => {
    await http.json("POST", "mlflow/runs/update", { body: { run_id: runId, run_uuid: runId, status, end_time: endTime } })
  }

  const writeRun = async (run: NormalizedRun, artifacts: ReadonlyArray<ArtifactFile>): Promise<Run> => {
    const info = await createRunWith(run, "RUNNING")
    try {
      await logBatch(info.runId, { params: run.params, tags: splitTags(run.tags, run.identityTags)[1], metrics: run.metrics })
      await logArtifacts(info, artifacts)
      await endRun(info.runId, run.status, run.endTime)
    } catch (error) {
      await endRun(info.runId, "FAILED", run.endTime).catch(() => undefined)
      throw error
    }
    return {
      info: { ...info, status: run.status, endTime: run.endTime },
      metrics: latestByKey(run.metrics),
      params: Object.fromEntries(run.params),
      tags: Object.fromEntries(run.tags)
    }
  }

  const createRun = async (start: NormalizedStart): Promise<RunInfo> => {
    const info = await createRunWith(start, "RUNNING")
    const [, rest] = splitTags(start.tags, start.identityTags)
    if (rest.length > 0) await logBatch(info.runId, { params: [], tags: rest, metrics: [] })
    return info
  }

  /** MLflow's soft delete: the run leaves searches and the UI's list, and `mlflow gc` or a restore decides later. */
  const deleteRun = async (runId: string): Promise<void> => {
    await http.json("POST", "mlflow/runs/delete", { body: { run_id: runId } })
  }

  const getRun = async (runId: string): Promise<Run> => {
    const answer = await http.json("GET", "mlflow/runs/get", { query: { run_id: runId } })
    const run = runFromJson(object(answer).run)
    if (run === undefined) throw malformed(`runs/get returned no run for ${runId}`, options.display)
    return run
  }

  const listExperiments = async (): Promise<ReadonlyArray<Experiment>> => {
    const out: Array<Experiment> = []
    let pageToken: string | undefined
    do {
      const answer = object(await http.json("POST", "mlflow/experiments/search", {
        body: { max_results: 1000, view_type: "ACTIVE_ONLY", ...(pageToken === undefined ? {} : { page_token: pageToken }) }
      }))
      for (const entry of list(answer.experiments)) {
        const experiment = experimentFromJson(entry)
        if (experiment !== undefined) out.push(experiment)
      }
      pageToken = text(answer.next_page_token) || undefined
    } while (pageToken !== undefined)
    return out
  }

  const searchRuns = async (query: ListRunsQuery): Promise<ReadonlyArray<Run>> => {
    let ids: Array<string>
    if (query.experiment !== undefined) {
      const names = typeof query.experiment === "string" ? [query.experiment] : query.experiment
      ids = []
      for (const name of names) {
        const id = activeExperimentId(await getExperimentByName(name), name)
        if (id === undefined) throw new TrackingError({ reason: "NotFound", message: `no experiment named '${name}' on ${options.display}`, url: options.display })
        ids.push(id)
      }
    } else ids = (await listExperiments()).map((experiment) => experiment.experimentId)
    if (ids.length === 0) return []
    const wanted = Math.min(query.maxResults ?? DEFAULT_MAX_RESULTS, MAX_RESULTS_LIMIT)
    const runs: Array<Run> = []
    let pageToken: string | undefined
    do {
      const answer = object(await http.json("POST", "mlflow/runs/search", {
        body: {
          experiment_ids: ids,
          filter: mlflowFilter(query),
          run_view_type: "ACTIVE_ONLY",
          max_results: wanted - runs.length,
          order_by: mlflowOrderBy(query),
          ...(pageToken === undefined ? {} : { page_token: pageToken })
        }
      }))
      for (const entry of list(answer.runs)) {
        const run = runFromJson(entry)
        if (run !== undefined) runs.push(run)
      }
      pageToken = text(answer.next_page_token) || undefined
    } while (pageToken !== undefined && runs.length < wanted)
    return runs.slice(0, wanted)
  }

  // MLflow's search cannot match id prefixes: list the runs and match here.
  const findRunsByIdPrefix = async (prefix: string): Promise<ReadonlyArray<RunInfo>> =>
    (await searchRuns({ maxResults: MAX_RESULTS_LIMIT })).map((run) => run.info).filter((info) => info.runId.startsWith(prefix))

  const getMetricHistory = async (runId: string, key: string): Promise<ReadonlyArray<MetricPoint>> => {
    const points: Array<MetricPoint> = []
    let pageToken: string | undefined
    do {
      const answer = object(await http.json("GET", "mlflow/metrics/get-history", {
        query: { run_id: runId, metric_key: key, ...(pageToken === undefined ? {} : { page_token: pageToken }) }
      }))
      points.push(...metricPointsFromJson(answer.metrics))
      pageToken = text(answer.next_page_token) || undefined
    } while (pageToken !== undefined)
    return points
  }

  return {
    kind: "rest",
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
