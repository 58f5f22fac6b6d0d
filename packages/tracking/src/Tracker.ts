/**
 * The run tracker: one interface over MLflow's file store (`file:./mlruns`, the default) and a
 * tracking server (`http(s)://host:port`, REST API 2.0), chosen by URI as MLflow does.
 *
 *   const tracker = openTracker()                       // $MLFLOW_TRACKING_URI or file:./mlruns
 *   const run = await tracker.logRun({ experiment: "momentum", runName: "mom-12-1", metrics: { sharpe: 1.4 } })
 *   const best = await tracker.listRuns({ experiment: "momentum", orderBy: { metric: "sharpe" } })
 */
import { userInfo } from "node:os"
import { compareRunData } from "./CompareRuns.ts"
import type { RunComparison } from "./CompareRuns.ts"
import { randomIds } from "./Ids.ts"
import type { IdGenerator } from "./Ids.ts"
import { DEFAULT_RETRY } from "./RetryPolicy.ts"
import type { RetryPolicy } from "./RetryPolicy.ts"
import type { EndStatus, Experiment, MetricPoint, Run, RunInfo } from "./Run.ts"
import { MAX_RESULTS_LIMIT } from "./RunQuery.ts"
import type { ListRunsQuery } from "./RunQuery.ts"
import type { ArtifactSource, MetricInput, ParamValue, RunRecord, RunStart } from "./RunRecord.ts"
import { invalidInput, TrackingError } from "./TrackingError.ts"
import { parseTrackingUri, resolveTrackingUri } from "./TrackingUri.ts"
import { expandArtifacts } from "./internal/artifactFiles.ts"
import { makeFileStore } from "./internal/fileStore.ts"
import { makeHttpClient } from "./internal/httpClient.ts"
import {
  checkEndStatus,
  DEFAULT_LIMITS,
  normalizeArtifacts,
  normalizeMetrics,
  normalizeParams,
  normalizeRecord,
  normalizeStart,
  normalizeTags
} from "./internal/normalize.ts"
import type { NormalizeContext, TrackingLimits, Warn } from "./internal/normalize.ts"
import { makeRestStore } from "./internal/restStore.ts"
import type { Store } from "./internal/store.ts"

export type { TrackingLimits } from "./internal/normalize.ts"

export interface TrackerOptions {
  /** Folder that relative file-store paths are taken from; defaults to the working directory. */
  readonly cwd?: string
  /** Environment for MLFLOW_TRACKING_URI / _USERNAME / _PASSWORD / _TOKEN; defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Milliseconds since 1970-01-01 UTC; defaults to Date.now (inject a fixed clock in tests). */
  readonly clock?: () => number
  /** Run and experiment ids; defaults to random ones in MLflow's formats. */
  readonly ids?: IdGenerator
  /** `mlflow.user` and the run's user_id; defaults to the OS user, as MLflow does. */
  readonly user?: string
  /** `mlflow.source.name`; defaults to "alphabench". */
  readonly source?: string
  /** MLflow's value length limits; lower them for old servers (MLflow < 1.9 allowed 250-character params). */
  readonly limits?: Partial<TrackingLimits>
  /** Receives each warning (a dropped non-finite metric, a cut tag, a retry); defaults to stderr. */
  readonly onWarning?: (message: string) => void
  /** REST only: retries of transient failures, or false for a single attempt per call. */
  readonly retry?: Partial<RetryPolicy> | false
  /** REST only: time limit of one request; default 30 s. */
  readonly timeoutMs?: number
  /** REST only: time limit of one artifact upload; default 10 min. */
  readonly artifactTimeoutMs?: number
  /** REST only: the fetch implementation; defaults to the global fetch. */
  readonly fetch?: typeof globalThis.fetch
  /** REST only: how to wait between retries; defaults to setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>
}

/** A run started with `startRun`: log to it as work progresses, then `end` it. */
export interface ActiveRun {
  readonly info: RunInfo
  /** Plain numbers are logged at `step` (default 0) and `timestamp` (default now). */
  readonly logMetrics: (
    metrics: Readonly<Record<string, MetricInput>>,
    at?: { readonly step?: number; readonly timestamp?: number }
  ) => Promise<void>
  /** Params are write-once, as in MLflow: logging a key again with another value fails. */
  readonly logParams: (params: Readonly<Record<string, ParamValue>>) => Promise<void>
  readonly setTags: (tags: Readonly<Record<string, string>>) => Promise<void>
  readonly logArtifacts: (artifacts: ReadonlyArray<ArtifactSource>) => Promise<void>
  /** Ends the run (default FINISHED, now) and reads it back. */
  readonly end: (status?: EndStatus, endTime?: number) => Promise<Run>
}

export interface Tracker {
  /** The tracking URI in use (credentials removed). */
  readonly uri: string
  readonly backend: "file" | "rest"
  /** Writes a whole run in one call; in the file store it appears all at once or not at all. */
  readonly logRun: (record: RunRecord) => Promise<Run>
  readonly startRun: (start: RunStart) => Promise<ActiveRun>
  readonly getRun: (runId: string) => Promise<Run>
  /**
   * Deletes a run as MLflow does (a soft delete: `lifecycle_stage` becomes `deleted`): it leaves
   * `listRuns` and the UI's list, `getRun` still reads it, and `mlflow gc` removes it for good
   * (or `mlflow runs restore` brings it back). Deleting a run twice is harmless.
   */
  readonly deleteRun: (runId: string) => Promise<void>
  readonly listRuns: (query?: ListRunsQuery) => Promise<ReadonlyArray<Run>>
  /** Compares two runs given by id or unique id prefix. */
  readonly compareRuns: (a: string, b: string) => Promise<RunComparison>
  /** A full run id from an id or a unique prefix of one (at least 4 characters). */
  readonly resolveRunId: (idOrPrefix: string) => Promise<string>
  readonly listExperiments: () => Promise<ReadonlyArray<Experiment>>
  /** Every logged value of one metric of a run. */
  readonly getMetricHistory: (runId: string, key: string) => Promise<ReadonlyArray<MetricPoint>>
}

const defaultWarn: Warn = (message) => {
  process.stderr.write(`alphabench tracking: warning: ${message}\n`)
}

/** The user MLflow would record: $LOGNAME, $USER, $LNAME, $USERNAME, then the OS account. */
const defaultUser = (env: Readonly<Record<string, string | undefined>>): string => {
  for (const name of ["LOGNAME", "USER", "LNAME", "USERNAME"]) {
    const value = env[name]
    if (value !== undefined && value !== "") return value
  }
  try {
    return userInfo().username
  } catch {
    return "unknown"
  }
}

const authHeaders = (
  target: { readonly username?: string; readonly password?: string },
  env: Readonly<Record<string, string | undefined>>
): Record<string, string> => {
  const username = target.username ?? env.MLFLOW_TRACKING_USERNAME
  const password = target.password ?? env.MLFLOW_TRACKING_PASSWORD
  if (username !== undefined && username !== "") {
    return { authorization: `Basic ${Buffer.from(`${username}:${password ?? ""}`).toString("base64")}` }
  }
  const token = env.MLFLOW_TRACKING_TOKEN
  return token !== undefined && token !== "" ? { authorization: `Bearer ${token}` } : {}
}

const makeStore = (uri: string, options: TrackerOptions, warn: Warn, clock: () => number): Store => {
  const env = options.env ?? process.env
  const target = parseTrackingUri(uri, options.cwd)
  if (target.kind === "file") {
    return makeFileStore({ root: target.root, display: target.display, clock, ids: options.ids ?? randomIds })
  }
  const http = makeHttpClient({
    baseUrl: target.baseUrl,
    headers: { "user-agent": "alphabench-tracking", ...authHeaders(target, env) },
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: options.retry === false ? false : { ...DEFAULT_RETRY, ...options.retry },
    fetch: options.fetch ?? globalThis.fetch,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: Math.random,
    warn
  })
  return makeRestStore({ http, baseUrl: target.baseUrl, display: target.display, artifactTimeoutMs: options.artifactTimeoutMs ?? 600_000 })
}

const FULL_RUN_ID = /^[0-9a-f]{32}$/

/**
 * Opens the tracking store at `uri` (default: $MLFLOW_TRACKING_URI, else file:./mlruns).
 * Nothing is read or written until the first call; the file store creates `mlruns/` with its
 * Default experiment on the first write. Throws a TrackingError (reason InvalidUri) for a URI
 * it cannot use.
 */
export const openTracker = (uri?: string, options: TrackerOptions = {}): Tracker => {
  const env = options.env ?? process.env
  const resolved = resolveTrackingUri(uri, env)
  const warn = options.onWarning ?? defaultWarn
  const clock = options.clock ?? Date.now
  const store = makeStore(resolved, options, warn, clock)
  const context = (): NormalizeContext => ({
    now: clock(),
    user: options.user ?? defaultUser(env),
    source: options.source ?? "alphabench",
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    warn
  })

  const logRun = async (record: RunRecord): Promise<Run> => {
    const run = normalizeRecord(record, context())
    const artifacts = await expandArtifacts(run.artifacts)
    return store.writeRun(run, artifacts)
  }

  const startRun = async (start: RunStart): Promise<ActiveRun> => {
    const info = await store.createRun(normalizeStart(start, context()))
    const active: ActiveRun = {
      info,
      logMetrics: async (metrics, at) => {
        const ctx = context()
        const entries = normalizeMetrics(metrics, { timestamp: at?.timestamp ?? ctx.now, step: at?.step ?? 0 }, ctx.limits, ctx.warn)
        if (entries.length > 0) await store.logBatch(info.runId, { metrics: entries, params: [], tags: [] })
      },
      logParams: async (params) => {
        const entries = normalizeParams(params, context().limits)
        if (entries.length > 0) await store.logBatch(info.runId, { metrics: [], params: entries, tags: [] })
      },
      setTags: async (tags) => {
        const ctx = context()
        const entries = normalizeTags(tags, ctx.limits, ctx.warn)
        if (entries.length > 0) await store.logBatch(info.runId, { metrics: [], params: [], tags: entries })
      },
      logArtifacts: async (artifacts) => {
        await store.logArtifacts(info, await expandArtifacts(normalizeArtifacts(artifacts)))
      },
      end: async (status = "FINISHED", endTime) => {
        const end = endTime ?? Math.max(clock(), info.startTime)
        if (!Number.isSafeInteger(end) || end < info.startTime) {
          throw invalidInput(`endTime ${end} must be a whole number of milliseconds, not before the start ${info.startTime}`)
        }
        await store.endRun(info.runId, checkEndStatus(status), end)
        return store.getRun(info.runId)
      }
    }
    return active
  }

  const listRuns = async (query: ListRunsQuery = {}): Promise<ReadonlyArray<Run>> => {
    const max = query.maxResults
    if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS_LIMIT)) {
      throw invalidInput(`maxResults must be a whole number from 1 to ${MAX_RESULTS_LIMIT}, got ${max}`)
    }
    return store.searchRuns(query)
  }

  const resolveRunId = async (idOrPrefix: string): Promise<string> => {
    const id = idOrPrefix.trim().toLowerCase()
    if (FULL_RUN_ID.test(id)) return id
    if (!/^[0-9a-f]{4,31}$/.test(id)) {
      throw invalidInput(`'${idOrPrefix}' is not a run id (32 hex characters) or a prefix of one (at least 4)`)
    }
    const matches = [...(await store.findRunsByIdPrefix(id))].sort((x, y) => (x.runId < y.runId ? -1 : 1))
    if (matches.length === 1) return matches[0]!.runId
    if (matches.length === 0) throw new TrackingError({ reason: "NotFound", message: `no run id starts with '${id}' in ${store.display}` })
    const listed = matches.slice(0, 5).map((info) => `${info.runId} (${info.runName})`).join(", ")
    throw invalidInput(`'${id}' matches ${matches.length} runs: ${listed}${matches.length > 5 ? ", ..." : ""}; give more characters`)
  }

  const compareRuns = async (a: string, b: string): Promise<RunComparison> => {
    const [runA, runB] = await Promise.all([resolveRunId(a).then(store.getRun), resolveRunId(b).then(store.getRun)])
    return compareRunData(runA, runB)
  }

  return {
    uri: store.display,
    backend: store.kind,
    logRun,
    startRun,
    getRun: (runId) => store.getRun(runId),
    deleteRun: (runId) => store.deleteRun(runId),
    listRuns,
    compareRuns,
    resolveRunId,
    listExperiments: () => store.listExperiments(),
    getMetricHistory: (runId, key) => store.getMetricHistory(runId, key)
  }
}
