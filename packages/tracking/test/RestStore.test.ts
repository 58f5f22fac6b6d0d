import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, afterEach, assert, beforeEach, describe, it } from "vitest"
import { isTrackingError, openTracker } from "../src/index.ts"
import type { TrackerOptions, TrackingError } from "../src/index.ts"
import { startFakeMlflow } from "./fixtures/fakeMlflowServer.ts"
import type { FakeMlflowServer } from "./fixtures/fakeMlflowServer.ts"

const scratch = mkdtempSync(join(tmpdir(), "alphabench-tracking-rest-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

let server: FakeMlflowServer
beforeEach(async () => {
  server = await startFakeMlflow()
})
afterEach(async () => {
  await server.close()
})

const sleeps: Array<number> = []
const warnings: Array<string> = []
const options = (extra: TrackerOptions = {}): TrackerOptions => {
  sleeps.length = 0
  warnings.length = 0
  return {
    clock: () => 1_700_000_000_000,
    user: "alice",
    onWarning: (message) => warnings.push(message),
    retry: { jitter: false },
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    ...extra
  }
}

const calls = (pathPart: string) => server.requests.filter((r) => r.path.includes(pathPart))
const endpoints = () => server.requests.map((r) => `${r.method} ${r.path.replace("/api/2.0/", "")}`)

const failure = async (promise: Promise<unknown>): Promise<TrackingError> => {
  try {
    await promise
  } catch (error) {
    assert.isTrue(isTrackingError(error), `expected a TrackingError, got ${String(error)}`)
    return error as TrackingError
  }
  return assert.fail("expected the call to fail")
}

describe("REST backend: request shapes", () => {
  it("logs a whole run: experiment, create, log-batch, artifact PUTs, update", async () => {
    const csv = join(scratch, "summary.csv")
    writeFileSync(csv, "config,sharpe\nlag1,1.5\n")
    const tracker = openTracker(server.url, options())
    assert.strictEqual(tracker.backend, "rest")
    const run = await tracker.logRun({
      experiment: "momentum",
      runName: "mom-12-1",
      tags: { signal_name: "mom" },
      params: { lag: 1, residualize: "industry" },
      metrics: { sharpe: 1.5, "lag1_industry.sharpe": 0.25, broken: NaN },
      artifacts: [{ name: "tearsheet.html", bytes: "<html></html>" }, { name: "summary.csv", path: csv }],
      startTime: 1_699_999_990_000,
      endTime: 1_700_000_000_000
    })
    const runId = run.info.runId
    assert.deepStrictEqual(endpoints(), [
      "GET mlflow/experiments/get-by-name",
      "POST mlflow/experiments/create",
      "POST mlflow/runs/create",
      "POST mlflow/runs/log-batch",
      `PUT mlflow-artifacts/artifacts/1/${runId}/artifacts/tearsheet.html`,
      `PUT mlflow-artifacts/artifacts/1/${runId}/artifacts/summary.csv`,
      "POST mlflow/runs/update"
    ])
    assert.deepStrictEqual(server.requests[0]!.query, { experiment_name: "momentum" })
    assert.deepStrictEqual(server.requests[1]!.json, { name: "momentum" })
    assert.deepStrictEqual(server.requests[2]!.json, {
      experiment_id: "1",
      user_id: "alice",
      run_name: "mom-12-1",
      start_time: 1_699_999_990_000,
      tags: [
        { key: "mlflow.runName", value: "mom-12-1" },
        { key: "mlflow.source.name", value: "alphabench" },
        { key: "mlflow.source.type", value: "LOCAL" },
        { key: "mlflow.user", value: "alice" }
      ]
    })
    // Params are strings; the NaN metric is dropped (JSON cannot carry it) with a warning.
    assert.deepStrictEqual(server.requests[3]!.json, {
      run_id: runId,
      metrics: [
        { key: "lag1_industry.sharpe", value: 0.25, timestamp: 1_700_000_000_000, step: 0 },
        { key: "sharpe", value: 1.5, timestamp: 1_700_000_000_000, step: 0 }
      ],
      params: [{ key: "lag", value: "1" }, { key: "residualize", value: "industry" }],
      tags: [{ key: "signal_name", value: "mom" }]
    })
    assert.strictEqual(warnings.length, 1)
    assert.include(warnings[0]!, "broken=NaN")
    assert.deepStrictEqual(server.requests[6]!.json, { run_id: runId, run_uuid: runId, status: "FINISHED", end_time: 1_700_000_000_000 })
    const html = server.artifacts.get(`1/${runId}/artifacts/tearsheet.html`)!
    assert.strictEqual(html.bytes.toString(), "<html></html>")
    assert.strictEqual(html.contentType, "text/html")
    assert.strictEqual(server.artifacts.get(`1/${runId}/artifacts/summary.csv`)!.bytes.toString(), "config,sharpe\nlag1,1.5\n")
    assert.strictEqual(server.artifacts.get(`1/${runId}/artifacts/summary.csv`)!.contentType, "text/csv")
    assert.strictEqual(server.requests[5]!.headers["content-length"], "23")

    // Read back through runs/get.
    const read = await tracker.getRun(runId)
    assert.strictEqual(read.info.status, "FINISHED")
    assert.strictEqual(read.info.endTime, 1_700_000_000_000)
    assert.deepStrictEqual(read.metrics, run.metrics)
    assert.deepStrictEqual(read.params, run.params)
    assert.deepStrictEqual(read.tags, run.tags)
    // A second run finds the experiment by name without creating it.
    server.requests.length = 0
    await tracker.logRun({ experiment: "momentum", runName: "again" })
    assert.deepStrictEqual(endpoints().slice(0, 2), ["POST mlflow/runs/create", "POST mlflow/runs/update"])
  })

  it("lists runs with MLflow's filter and order_by and reads them back", async () => {
    const tracker = openTracker(server.url, options())
    let t = 1_700_000_000_000
    for (const [name, signal, sharpe] of [["a", "mom", 1.2], ["b", "mom", 0.4], ["c", "rev", 2.0], ["d", "mom", undefined]] as const) {
      await tracker.logRun({ experiment: "alpha", runName: name, tags: { signal_name: signal }, metrics: sharpe === undefined ? {} : { sharpe }, startTime: (t += 1000), endTime: t })
    }
    server.requests.length = 0
    const runs = await tracker.listRuns({ experiment: "alpha", signal: "mom", orderBy: { metric: "sharpe" }, maxResults: 10 })
    assert.deepStrictEqual(runs.map((r) => r.info.runName), ["a", "b", "d"])
    const search = calls("runs/search")[0]!.json as Record<string, unknown>
    assert.deepStrictEqual(search, {
      experiment_ids: ["1"],
      filter: "tags.`signal_name` = 'mom'",
      run_view_type: "ACTIVE_ONLY",
      max_results: 10,
      order_by: ["metrics.`sharpe` DESC", "attributes.start_time DESC"]
    })
    // Without an experiment: every active experiment, found through experiments/search.
    const all = await tracker.listRuns({ maxResults: 2 })
    assert.deepStrictEqual(all.map((r) => r.info.runName), ["d", "c"])
    assert.deepStrictEqual((calls("runs/search")[1]!.json as { experiment_ids: Array<string> }).experiment_ids, ["0", "1"])
    const missing = await failure(tracker.listRuns({ experiment: "nope" }))
    assert.strictEqual(missing.reason, "NotFound")
    // The test server's run ids are 31 'a's and a counter: "aaaa" matches all four runs.
    const ambiguous = await failure(tracker.resolveRunId("aaaa"))
    assert.include(ambiguous.message, "'aaaa' matches 4 runs")
  })

  it("logs an incremental run", async () => {
    const tracker = openTracker(server.url, options())
    const active = await tracker.startRun({ experiment: "inc", runName: "live", tags: { signal_name: "s" } })
    await active.logMetrics({ progress: 0.5 }, { step: 3 })
    await active.logArtifacts([{ name: "notes/readme.md", bytes: "# hi" }])
    const ended = await active.end("KILLED", 1_700_000_000_500)
    assert.strictEqual(ended.info.status, "KILLED")
    assert.strictEqual(ended.metrics.progress, 0.5)
    assert.strictEqual(ended.tags.signal_name, "s")
    assert.strictEqual(server.artifacts.get(`1/${active.info.runId}/artifacts/notes/readme.md`)!.contentType, "text/markdown")
    const history = await tracker.getMetricHistory(active.info.runId, "progress")
    assert.deepStrictEqual(history, [{ value: 0.5, timestamp: 1_700_000_000_000, step: 3 }])
  })

  it("sends credentials from the URI as Basic auth and never prints them", async () => {
    const withUser = server.url.replace("http://", "http://ana:s3cret@")
    const tracker = openTracker(withUser, options({ retry: false }))
    assert.strictEqual(tracker.uri, server.url)
    await tracker.logRun({ runName: "r" })
    assert.strictEqual(server.requests[0]!.headers.authorization, `Basic ${Buffer.from("ana:s3cret").toString("base64")}`)
    server.fail("runs/create", { status: 403, errorCode: "PERMISSION_DENIED", message: "nope" })
    const error = await failure(tracker.logRun({ runName: "r" }))
    assert.notInclude(error.message, "s3cret")
    assert.include(error.message, "403 PERMISSION_DENIED")
  })

  it("treats RESOURCE_ALREADY_EXISTS from experiments/create as a race and looks the experiment up again", async () => {
    server.experiments.set("7", { experiment_id: "7", name: "raced", lifecycle_stage: "active" })
    server.fail("experiments/get-by-name", { status: 404, errorCode: "RESOURCE_DOES_NOT_EXIST", message: "not yet" })
    const tracker = openTracker(server.url, options())
    const run = await tracker.logRun({ experiment: "raced", runName: "r" })
    assert.strictEqual(run.info.experimentId, "7")
    assert.deepStrictEqual(endpoints().slice(0, 3), [
      "GET mlflow/experiments/get-by-name",
      "POST mlflow/experiments/create",
      "GET mlflow/experiments/get-by-name"
    ])
  })
})

describe("REST backend: artifact locations", () => {
  it("writes to a local artifact path when the server does not proxy artifacts", async () => {
    const root = join(scratch, "server-artifacts")
    server.artifactUriFor = (experimentId, runId) => `file://${root}/${experimentId}/${runId}/artifacts`
    const tracker = openTracker(server.url, options())
    const run = await tracker.logRun({ runName: "r", artifacts: [{ name: "plots/a.svg", bytes: "<svg/>" }] })
    assert.strictEqual(readFileSync(join(root, "0", run.info.runId, "artifacts", "plots", "a.svg"), "utf8"), "<svg/>")
    assert.strictEqual(calls("mlflow-artifacts").length, 0)
  })

  it("uploads to an http artifact URI and refuses stores it cannot reach", async () => {
    server.artifactUriFor = (experimentId, runId) => `${server.url}/api/2.0/mlflow-artifacts/artifacts/elsewhere/${experimentId}/${runId}`
    const tracker = openTracker(server.url, options())
    const run = await tracker.logRun({ runName: "r", artifacts: [{ name: "x y.txt", bytes: "hi" }] })
    assert.strictEqual(server.artifacts.get(`elsewhere/0/${run.info.runId}/x y.txt`)!.bytes.toString(), "hi")
    server.artifactUriFor = () => "s3://bucket/artifacts"
    const error = await failure(tracker.logRun({ runName: "r", artifacts: [{ name: "a.txt", bytes: "x" }] }))
    assert.strictEqual(error.reason, "InvalidInput")
    assert.include(error.message, "'s3://bucket/artifacts', which alphabench cannot write")
    // The half-logged run is marked FAILED.
    assert.strictEqual([...server.runs.values()].at(-1)!.info.status, "FAILED")
  })
})

describe("REST backend: identity tags and deleting runs", () => {
  it("sends identity tags with runs/create, so a run that failed half-way can be found and deleted", async () => {
    server.fail("runs/log-batch", { status: 503 })
    const tracker = openTracker(server.url, options({ retry: false }))
    const record = { experiment: "jobs", runName: "r", tags: { job: "j-1", signal_name: "s" }, identityTags: ["job"], metrics: { sharpe: 1 } }
    const error = await failure(tracker.logRun(record))
    assert.strictEqual(error.status, 503)
    const create = calls("runs/create")[0]!.json as { tags: Array<{ key: string; value: string }> }
    assert.deepInclude(create.tags, { key: "job", value: "j-1" })
    assert.notDeepInclude(create.tags, { key: "signal_name", value: "s" })
    // The half-logged run is FAILED, has no metrics, and is found by its identity tag.
    const [half, ...more] = await tracker.listRuns({ experiment: "jobs", tags: { job: "j-1" } })
    assert.deepStrictEqual(more, [])
    assert.strictEqual(half!.info.status, "FAILED")
    assert.deepStrictEqual(half!.metrics, {})

    server.requests.length = 0
    await tracker.deleteRun(half!.info.runId)
    assert.deepStrictEqual(server.requests.map((r) => [r.path.replace("/api/2.0/", ""), r.json]), [["mlflow/runs/delete", { run_id: half!.info.runId }]])
    assert.strictEqual(server.runs.get(half!.info.runId)!.info.lifecycle_stage, "deleted")
    const whole = await tracker.logRun(record)
    const found = await tracker.listRuns({ experiment: "jobs", tags: { job: "j-1" } })
    assert.deepStrictEqual(found.map((r) => [r.info.runId, r.info.status, r.metrics.sharpe]), [[whole.info.runId, "FINISHED", 1]])
    // The log-batch of the second run carries the other tags, not the identity tag again.
    const batch = calls("runs/log-batch").at(-1)!.json as { tags: Array<{ key: string }> }
    assert.deepStrictEqual(batch.tags.map((t) => t.key), ["signal_name"])
  })
})

describe("REST backend: log-batch chunking", () => {
  it("splits 150 params, 120 tags and 2500 metrics into requests within MLflow's limits", async () => {
    const params: Record<string, number> = {}
    for (let i = 0; i < 150; i++) params[`p${String(i).padStart(3, "0")}`] = i
    const tags: Record<string, string> = {}
    for (let i = 0; i < 120; i++) tags[`t${String(i).padStart(3, "0")}`] = `v${i}`
    const metrics: Record<string, number> = {}
    for (let i = 0; i < 2500; i++) metrics[`m${String(i).padStart(4, "0")}`] = i / 7
    const tracker = openTracker(server.url, options({ retry: false }))
    const run = await tracker.logRun({ runName: "big", params, tags, metrics })
    const batches = calls("runs/log-batch").map((r) => r.json as { metrics: Array<unknown>; params: Array<unknown>; tags: Array<unknown> })
    // Greedy packing, params then tags then metrics: 100 params | 50 params + 100 tags |
    // 20 tags + 980 metrics (1000 items) | 1000 metrics | 520 metrics.
    assert.deepStrictEqual(batches.map((b) => [b.params.length, b.tags.length, b.metrics.length]), [
      [100, 0, 0],
      [50, 100, 0],
      [0, 20, 980],
      [0, 0, 1000],
      [0, 0, 520]
    ])
    const stored = server.runs.get(run.info.runId)!
    assert.strictEqual(stored.params.size, 150)
    assert.strictEqual(stored.metrics.length, 2500)
    assert.strictEqual([...stored.tags.keys()].filter((k) => k.startsWith("t")).length, 120)
  })

  it("splits by the 1 MB body limit", async () => {
    // 100 params of 6000 two-byte characters: each item is about 12 KB, so about 83 fit in 1 MB.
    const params: Record<string, string> = {}
    for (let i = 0; i < 100; i++) params[`p${String(i).padStart(3, "0")}`] = "é".repeat(6000)
    const tracker = openTracker(server.url, options({ retry: false }))
    await tracker.logRun({ runName: "wide", params })
    const batches = calls("runs/log-batch")
    assert.strictEqual(batches.length, 2)
    for (const batch of batches) assert.isAtMost(batch.body.length, 1_000_000)
    assert.isAbove(batches[0]!.body.length, 950_000)
    const counts = batches.map((b) => (b.json as { params: Array<unknown> }).params.length)
    assert.strictEqual(counts[0]! + counts[1]!, 100)
  })
})

describe("REST backend: failures and retries", () => {
  it("retries 503 twice with exponential backoff, then succeeds", async () => {
    server.fail("runs/create", { status: 503 }, { status: 503 })
    const tracker = openTracker(server.url, options())
    const run = await tracker.logRun({ runName: "r" })
    assert.strictEqual(calls("runs/create").length, 3)
    assert.deepStrictEqual(sleeps, [500, 1000])
    assert.strictEqual(warnings.length, 2)
    assert.include(warnings[0]!, "answered 503")
    assert.include(warnings[0]!, "retrying in 500 ms (attempt 2 of 6)")
    assert.strictEqual(server.runs.size, 1)
    assert.strictEqual(server.runs.get(run.info.runId)!.info.status, "FINISHED")
  })

  it("does not retry a 400 and marks the half-logged run FAILED", async () => {
    server.fail("runs/log-batch", { status: 400, errorCode: "INVALID_PARAMETER_VALUE", message: "Invalid value" })
    const tracker = openTracker(server.url, options())
    const error = await failure(tracker.logRun({ runName: "r", params: { a: 1 } }))
    assert.strictEqual(error._tag, "TrackingError")
    assert.strictEqual(error.reason, "Http")
    assert.isFalse(error.transient)
    assert.strictEqual(error.status, 400)
    assert.strictEqual(error.errorCode, "INVALID_PARAMETER_VALUE")
    assert.strictEqual(error.url, `${server.url}/api/2.0/mlflow/runs/log-batch`)
    assert.include(error.message, `POST ${server.url}/api/2.0/mlflow/runs/log-batch answered 400 INVALID_PARAMETER_VALUE: Invalid value`)
    assert.strictEqual(calls("runs/log-batch").length, 1)
    assert.deepStrictEqual(sleeps, [])
    assert.strictEqual([...server.runs.values()][0]!.info.status, "FAILED")
  })

  it("retries a reset connection and a timeout", async () => {
    server.fail("runs/update", "reset", { delayMs: 400 })
    const tracker = openTracker(server.url, options({ timeoutMs: 100 }))
    await tracker.logRun({ runName: "r" })
    assert.strictEqual(calls("runs/update").length, 3)
    assert.include(warnings[0]!, "cannot reach the MLflow server")
    assert.include(warnings[1]!, "did not answer within 100 ms")
  })

  it("honours Retry-After on 429", async () => {
    server.fail("experiments/get-by-name", { status: 429, errorCode: "REQUEST_LIMIT_EXCEEDED", retryAfter: "3" })
    const tracker = openTracker(server.url, options())
    await tracker.logRun({ experiment: "x", runName: "r" })
    assert.deepStrictEqual(sleeps, [3000])
  })

  it("makes one attempt with retry: false, reporting the failure as transient", async () => {
    server.fail("runs/create", { status: 503 })
    const tracker = openTracker(server.url, options({ retry: false }))
    const error = await failure(tracker.logRun({ runName: "r" }))
    assert.isTrue(error.transient)
    assert.strictEqual(error.status, 503)
    assert.strictEqual(calls("runs/create").length, 1)
    assert.notInclude(error.message, "gave up")
  })

  it("gives up on a refused connection after the configured retries", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number }
        probe.close(() => resolve(port))
      })
    })
    const tracker = openTracker(`http://127.0.0.1:${port}`, options({ retry: { retries: 2, baseDelayMs: 1, jitter: false } }))
    const error = await failure(tracker.logRun({ runName: "r" }))
    assert.strictEqual(error.reason, "Network")
    assert.isTrue(error.transient)
    assert.include(error.message, `http://127.0.0.1:${port}/api/2.0/mlflow/experiments/get-by-name`)
    assert.include(error.message, "ECONNREFUSED")
    assert.include(error.message, "gave up after 3 attempts")
    assert.deepStrictEqual(sleeps, [1, 2])
  })
})
