/**
 * The History tab's data: runs of the tracking store (packages/tracking) as table rows, one
 * run in full, and two runs compared. The tear sheet of a run is found in the run's artifacts
 * (file store) or in the artifacts folder where its report stage wrote it, and is served only
 * from inside the server's folders.
 */
import { isTrackingError, openTracker } from "@alphabench/tracking"
import type { Run, RunComparison, Tracker } from "@alphabench/tracking"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import type { RunComparisonJson, RunDetail, RunList, RunRow } from "../ApiTypes.ts"
import type { WebConfig } from "../WebOptions.ts"
import { downloadUrl, fileUrl } from "./fileUrls.ts"
import { HttpFailure, messageOf } from "./httpError.ts"

const finiteOrNull = (value: number | undefined): number | null => (value === undefined || !Number.isFinite(value) ? null : value)

/** Where the tear sheet of `run` is, when it is inside one of the server's folders. */
const tearsheetOf = (config: WebConfig, run: Run): string | null => {
  const candidates: Array<string> = []
  if (run.info.artifactUri.startsWith("file:")) {
    try {
      candidates.push(join(fileURLToPath(run.info.artifactUri), "tearsheet.html"))
    } catch {
      // not a local file URI
    }
  }
  const { workflow, signal_name: signal, alphabench_run_id: runId } = run.tags
  if (workflow !== undefined && signal !== undefined && runId !== undefined) {
    candidates.push(join(config.artifactsDir, workflow, signal, runId, "tearsheet.html"))
  }
  for (const path of candidates) {
    if (!existsSync(path)) continue
    const url = fileUrl(config, path)
    if (url !== null) return url
  }
  return null
}

const rowOf = (config: WebConfig, run: Run, experiments: ReadonlyMap<string, string>): RunRow => ({
  runId: run.info.runId,
  runName: run.info.runName,
  experiment: experiments.get(run.info.experimentId) ?? null,
  signal: run.tags["signal_name"] ?? null,
  status: run.info.status,
  startTime: new Date(run.info.startTime).toISOString(),
  endTime: run.info.endTime === null ? null : new Date(run.info.endTime).toISOString(),
  verdict: run.tags["verdict"] ?? null,
  grade: run.tags["grade"] ?? null,
  sharpe: finiteOrNull(run.metrics["sharpe"]),
  score: finiteOrNull(run.metrics["score"]),
  snapshot: run.tags["snapshot_id"] ?? null,
  workflow: run.tags["workflow"] ?? null,
  tearsheetUrl: tearsheetOf(config, run)
})

/** A TrackingError as an answer: the user's to fix (400/404) or the store's fault (502). */
const trackingFailure = (error: unknown): HttpFailure => {
  if (error instanceof HttpFailure) return error
  if (isTrackingError(error)) {
    const status = error.reason === "NotFound" ? 404 : error.reason === "InvalidInput" || error.reason === "InvalidUri" ? 400 : 502
    return new HttpFailure({ status, message: error.message })
  }
  return new HttpFailure({ status: 500, message: `internal error: ${messageOf(error)}` })
}

export interface History {
  readonly list: (limit: number) => Promise<RunList>
  readonly detail: (id: string) => Promise<RunDetail>
  readonly compare: (a: string, b: string) => Promise<RunComparisonJson>
}

/** An empty file store has no folder yet: it lists no runs rather than failing. */
const storeIsEmpty = (config: WebConfig): boolean => config.trackingRoot !== null && !existsSync(config.trackingRoot)

export const makeHistory = (config: WebConfig): History => {
  const tracker: Tracker = openTracker(config.tracking, {
    cwd: config.cwd,
    retry: { retries: 1, baseDelayMs: 300 },
    onWarning: (message) => config.log(`tracking: ${message}`)
  })
  const experimentNames = async () => new Map((await tracker.listExperiments()).map((e) => [e.experimentId, e.name] as const))
  const guard = <A>(work: () => Promise<A>): Promise<A> =>
    work().catch((error: unknown) => {
      throw trackingFailure(error)
    })

  return {
    list: (limit) =>
      guard(async () => {
        if (storeIsEmpty(config)) return { tracking: tracker.uri, runs: [] }
        const [runs, names] = await Promise.all([tracker.listRuns({ maxResults: limit }), experimentNames()])
        return { tracking: tracker.uri, runs: runs.map((run) => rowOf(config, run, names)) }
      }),
    detail: (id) =>
      guard(async () => {
        const runId = await tracker.resolveRunId(id)
        const [run, names] = await Promise.all([tracker.getRun(runId), experimentNames()])
        const row = rowOf(config, run, names)
        return { run: row, metrics: run.metrics, params: run.params, tags: run.tags, downloadUrl: downloadUrl(row.tearsheetUrl) }
      }),
    compare: (a, b) =>
      guard(async () => {
        const [comparison, names]: [RunComparison, ReadonlyMap<string, string>] = await Promise.all([tracker.compareRuns(a, b), experimentNames()])
        return {
          a: rowOf(config, comparison.a, names),
          b: rowOf(config, comparison.b, names),
          metrics: comparison.metrics.map((m) => ({
            key: m.key,
            a: finiteOrNull(m.a),
            b: finiteOrNull(m.b),
            difference: finiteOrNull(m.difference)
          })),
          params: comparison.params.map((p) => ({ key: p.key, a: p.a ?? null, b: p.b ?? null })),
          sameParams: comparison.sameParams,
          tags: comparison.tags.map((t) => ({ key: t.key, a: t.a ?? null, b: t.b ?? null }))
        }
      })
  }
}
