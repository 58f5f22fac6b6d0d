/**
 * `alphabench worker` and `run --cluster` against a real PostgreSQL (a private throw-away
 * server, or $ALPHABENCH_TEST_PG_URL): two worker processes and a client, all through
 * ./alphabench. A run completes with grid cells on both workers and writes the same suite.json
 * as the in-process run; a run whose worker is killed with SIGKILL mid-backtest is finished by
 * the other worker, which replays the finished stages from the journal instead of running them,
 * and gets the cells that were done from storage instead of running them again.
 *
 * Without PostgreSQL binaries the tests are skipped with a message, unless
 * ALPHABENCH_REQUIRE_PG=1 (CI), which makes that a failure.
 */
import { createSnapshot } from "@alphabench/catalog"
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { freePort, postgresBinaries, startTestPostgres } from "../../workflow/test/support/postgres.ts"
import type { TestPostgres } from "../../workflow/test/support/postgres.ts"
import { alphabench, runCli } from "./support/runCli.ts"

const required = process.env.ALPHABENCH_REQUIRE_PG === "1"
const available = (process.env.ALPHABENCH_TEST_PG_URL ?? "") !== "" || postgresBinaries() !== null
if (!available) {
  console.warn("[cli] cluster tests SKIPPED: no PostgreSQL binaries (apt-get install postgresql, or set ALPHABENCH_TEST_PG_URL; ALPHABENCH_REQUIRE_PG=1 makes this a failure)")
}

describe.runIf(!available && required)("cluster (PostgreSQL required)", () => {
  it("has PostgreSQL to test against", () => {
    assert.fail("ALPHABENCH_REQUIRE_PG=1 but no PostgreSQL binaries were found and ALPHABENCH_TEST_PG_URL is not set")
  })
})

interface Worker {
  readonly process: ChildProcess
  readonly name: string
  log: string
}

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
const until = async (what: string, check: () => boolean, ms = 60_000): Promise<void> => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const cellLines = (log: string, runId: string): Array<string> =>
  log.split("\n").filter((line) => line.includes(`run ${runId} cells `) && line.includes(": ok "))

/** The labels of the cells of `runId` a worker reported done, each line's list split. */
const cellLabels = (log: string, runId: string): Array<string> =>
  cellLines(log, runId).flatMap((line) => line.slice(line.indexOf(" cells ") + 7, line.lastIndexOf(": ok ")).split(", "))

describe.runIf(available)("cluster: alphabench worker and run --cluster", () => {
  let pg: TestPostgres | null = null
  let scratch = ""
  const workers: Array<Worker> = []
  const workflow = (): string => join(scratch, "workflows", "grid.yaml")
  let inProcessSuite = ""
  let firstRun = ""

  const startWorker = async (): Promise<Worker> => {
    const port = await freePort()
    // Cells on threads keep the main thread free for the shard lock refreshes (every 2 s here).
    const child = spawn(alphabench, ["worker", "--cluster", pg!.url, "--port", String(port), "--threads", "2", "--lock-expiration", "6s"], {
      cwd: scratch,
      stdio: ["ignore", "ignore", "pipe"]
    })
    const worker: Worker = { process: child, name: `127.0.0.1:${port}`, log: "" }
    child.stderr!.on("data", (chunk: Buffer) => (worker.log += chunk.toString()))
    workers.push(worker)
    await until(`worker ${worker.name} to join`, () => worker.log.includes("joined the cluster") || child.exitCode !== null)
    assert.include(worker.log, "joined the cluster", worker.log)
    return worker
  }

  /** `run --json` in or out of the cluster: its exit code, outcome and stderr. */
  const run = async (cluster: boolean) => {
    const args = ["run", workflow(), "--json", "--snapshots", join(scratch, "snapshots"), ...(cluster ? ["--cluster", pg!.url] : [])]
    const result = await runCli(args, { cwd: scratch })
    const json = JSON.parse(result.stdout || "{}") as { files?: Array<{ runs: Array<{ runId: string; status: string; report: { dir: string } | null }> }> }
    return { ...result, outcome: json.files?.[0]?.runs[0] }
  }

  beforeAll(async () => {
    pg = await startTestPostgres()
    scratch = mkdtempSync(join(tmpdir(), "alphabench-cluster-"))
    mkdirSync(join(scratch, "workflows"))
    await createSnapshot(join(scratch, "snapshots"), {
      synthetic: { preset: "small", seed: 11, parameters: { days: 160, securities: 200, signal_names: 120 } }
    })
    // 9 configs, 2 baselines and 3 decay horizons x 4 lags: 23 cells in 14 groups to spread
    // (the chance that all land on one worker is 2^-13).
    writeFileSync(workflow(), `name: grid
snapshot: latest
signal: { example: demo_alpha }
stages:
  validate: {}
  load: {}
  backtest: { grid: { lags: [0, 1, 2], residualize: [off, industry, all] }, decay: { lags: [0, 1, 2, 3], horizons: [1, 5, 10] }, mincos: 5, workers: 1 }
  score: { baselines: [reversal_5d, value] }
  report: { out: ../artifacts }
`)
    const local = await run(false)
    assert.strictEqual(local.code, 0, local.stderr)
    inProcessSuite = readFileSync(join(local.outcome!.report!.dir, "suite.json"), "utf8")
    await Promise.all([startWorker(), startWorker()])
    // Both hold shards, and between them all of them: the assignment has settled.
    const held = (worker: Worker) => Number(/holds (\d+) of 300 shards\n(?![\s\S]*holds)/.exec(worker.log)?.[1] ?? 0)
    await until("the shards to be split between the workers", () => workers.every((w) => held(w) > 0) && held(workers[0]!) + held(workers[1]!) === 300)
  })

  afterAll(async () => {
    const running = workers.filter((worker) => worker.process.exitCode === null && worker.process.signalCode === null)
    const exits = running.map((worker) => new Promise((resolve) => worker.process.once("exit", resolve)))
    for (const worker of running) worker.process.kill("SIGTERM")
    await Promise.all(exits)
    pg?.stop()
    if (scratch !== "") rmSync(scratch, { recursive: true, force: true })
  })

  it("runs a workflow on two workers, cells on both, with the in-process suite.json and progress on the client", async () => {
    const result = await run(true)
    assert.strictEqual(result.code, 0, `${result.stderr}\n${workers.map((w) => w.log).join("\n")}`)
    const outcome = result.outcome!
    firstRun = outcome.runId
    assert.strictEqual(outcome.status, "ok")
    assert.strictEqual(readFileSync(join(outcome.report!.dir, "suite.json"), "utf8"), inProcessSuite)
    // Both workers ran cells of the run; every cell ran once.
    for (const worker of workers) assert.isAbove(cellLines(worker.log, firstRun).length, 0, `${worker.name} ran no cell:\n${worker.log}`)
    const labels = workers.flatMap((worker) => cellLabels(worker.log, firstRun))
    assert.strictEqual(labels.length, 23)
    assert.strictEqual(new Set(labels).size, 23)
    // One worker ran the run's stages; the client showed them as they went.
    assert.strictEqual(workers.filter((worker) => worker.log.includes(`run ${firstRun} (grid/demo_alpha) runs here`)).length, 1)
    assert.match(result.stderr, /^ {2}backtest +ok .*9 configs, 2 baselines, 23 cells on the cluster/m)
    assert.match(result.stderr, /^ {2}report +ok /m)
    assert.match(result.stderr, /^1 run, 1 ok, 0 failed$/m)
    const workersSeen = /^cluster: submitting to (\d+) workers of postgres:\/\//m.exec(result.stderr)
    assert.isAtLeast(Number(workersSeen?.[1] ?? 0), 2, result.stderr)
  })

  it("finishes a run whose worker is killed with SIGKILL mid-backtest on the other worker", async () => {
    const client = run(true)
    let host: Worker | undefined
    let runId = ""
    await until("a worker to take the run", () => {
      for (const worker of workers) {
        const match = new RegExp(`run (\\S+) \\(grid/demo_alpha\\) runs here`).exec(
          worker.log.split("\n").filter((line) => !line.includes(firstRun)).join("\n")
        )
        if (match !== null) {
          host = worker
          runId = match[1]!
          return true
        }
      }
      return false
    })
    const survivor = workers.find((worker) => worker !== host)!
    // Kill the run's worker once the other has finished a cell of it: the run is mid-backtest.
    await until("a cell on the other worker", () => cellLines(survivor.log, runId).length > 0)
    const doneBefore = cellLabels(survivor.log, runId)
    host!.process.kill("SIGKILL")

    const result = await client
    assert.strictEqual(result.code, 0, `${result.stderr}\n${survivor.log}`)
    assert.strictEqual(result.outcome!.runId, runId)
    assert.strictEqual(readFileSync(join(result.outcome!.report!.dir, "suite.json"), "utf8"), inProcessSuite)
    assert.notInclude(host!.log, `run ${runId} backtest ok`)

    // The survivor took the run over: it replayed snapshot, validate and load from the journal
    // (it never started them), computed the panel and signal again, and finished the stages.
    assert.include(survivor.log, `run ${runId} (grid/demo_alpha) runs here`)
    for (const stage of ["snapshot", "validate", "load"]) assert.notInclude(survivor.log, `run ${runId} ${stage} started`)
    assert.include(survivor.log, `run ${runId}: computing its panel again`, survivor.log)
    assert.match(survivor.log, new RegExp(`run ${runId} backtest ok`))
    assert.match(survivor.log, new RegExp(`run ${runId} report ok`))
    // Cells it had done before the kill came back from storage: each ran once on it.
    const after = cellLabels(survivor.log, runId)
    for (const label of doneBefore) assert.strictEqual(after.filter((l) => l === label).length, 1, label)
    assert.match(result.stderr, /^1 run, 1 ok, 0 failed$/m)
  })
})
