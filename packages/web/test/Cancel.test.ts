/**
 * Cancelling jobs through `POST /api/jobs/:id/cancel`: a queued job is dropped before it runs;
 * a running one is interrupted in its backtest (the job's own workflow engine is closed, as
 * Ctrl-C closes `alphabench run`'s), leaves no report and no tracking run, and the queue goes
 * on with the next job. Finished and unknown jobs are refused in words. In Chromium: the Run
 * tab's Cancel button stops a running workflow file and the job view says so.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { chromium } from "playwright-core"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import type { Job, RunList } from "../src/index.ts"
import { makeWorld } from "./support/fixture.ts"
import type { World } from "./support/fixture.ts"

let world: World

// A market large enough that the backtest stage (grid, baselines and decay surface) lasts
// seconds, so the cancel lands while it runs.
const SLOW_WORKFLOW = `name: slow
snapshot: { synthetic: { preset: small, seed: 5, parameters: { days: 300, securities: 3000, signal_names: 2000 } } }
signal: { example: demo_alpha }
stages:
  validate: {}
  load: {}
  backtest: { grid: { lags: [0, 1, 2], residualize: [off, industry, all] }, workers: 1 }
  score: { baselines: [reversal_5d, momentum_12_1, value] }
  report: { out: ../artifacts }
  log: { experiment: slow }
`

beforeAll(async () => {
  world = await makeWorld()
  writeFileSync(join(world.dir, "workflows", "slow.yaml"), SLOW_WORKFLOW)
})
afterAll(async () => {
  await world?.close()
})

const url = (path: string) => new URL(path, world.server.url)

const getJson = async <T>(path: string): Promise<{ status: number; body: T }> => {
  const response = await fetch(url(path))
  return { status: response.status, body: (await response.json()) as T }
}

const postJson = async <T>(path: string, body: unknown): Promise<{ status: number; body: T }> => {
  const response = await fetch(url(path), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
  return { status: response.status, body: (await response.json()) as T }
}

const waitFor = async (what: string, test: () => Promise<boolean>, timeoutMs = 60_000) => {
  const until = Date.now() + timeoutMs
  while (!(await test())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

const stageStatus = (job: Job, stage: string) => job.runs[0]?.stages.find((s) => s.stage === stage)?.status

describe("cancelling jobs", () => {
  it("drops a queued job, interrupts a running one in its backtest, and runs the next job", async () => {
    const slow = await postJson<Job>("/api/jobs", { workflow: "slow.yaml" })
    assert.strictEqual(slow.status, 202)
    const queued = await postJson<Job>("/api/jobs", { workflow: "noise.yaml" })
    assert.strictEqual(queued.status, 202)

    // The second job waits for the first: cancelled at once, it never runs.
    const dropped = await postJson<Job>(`/api/jobs/${queued.body.id}/cancel`, {})
    assert.strictEqual(dropped.status, 200)
    assert.strictEqual(dropped.body.status, "cancelled")
    assert.deepStrictEqual(dropped.body.runs, [])
    assert.isNotNull(dropped.body.endedAt)

    await waitFor("the slow job's backtest", async () => stageStatus((await getJson<Job>(`/api/jobs/${slow.body.id}`)).body, "backtest") === "running")
    const cancelled = await postJson<Job>(`/api/jobs/${slow.body.id}/cancel`, {})
    assert.strictEqual(cancelled.status, 200)
    assert.strictEqual(cancelled.body.status, "cancelled")
    assert.isNull(cancelled.body.error, "a cancel is the user's choice, not an error")
    const run = cancelled.body.runs[0]!
    assert.strictEqual(run.status, "cancelled")
    assert.deepStrictEqual(
      run.stages.map((s) => `${s.stage}:${s.status}`),
      ["snapshot:ok", "validate:ok", "load:ok", "backtest:cancelled", "simulate:waiting", "score:waiting", "report:waiting", "log:waiting"]
    )

    // The event stream of a cancelled job ends, with the job as it stopped.
    const events = await (await fetch(url(`/api/jobs/${slow.body.id}/events`))).text()
    const last = events.split("\n\n").filter((block) => block.startsWith("event: job")).at(-1)!
    assert.strictEqual((JSON.parse(last.split("\n")[1]!.slice("data: ".length)) as Job).status, "cancelled")

    // Nothing was reported or logged, and nothing starts later: the stage's work was stopped.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    assert.isFalse(existsSync(join(world.dir, "artifacts", "slow")), "no report folder")
    assert.deepStrictEqual((await getJson<RunList>("/api/runs")).body.runs, [])
    assert.strictEqual((await getJson<Job>(`/api/jobs/${slow.body.id}`)).body.status, "cancelled")
    assert.strictEqual((await getJson<Job>(`/api/jobs/${queued.body.id}`)).body.status, "cancelled")

    // The queue goes on.
    const next = await postJson<Job>("/api/jobs", { workflow: "noise.yaml" })
    await waitFor("the next job", async () => (await getJson<Job>(`/api/jobs/${next.body.id}`)).body.status === "done")
    const runs = (await getJson<RunList>("/api/runs")).body.runs
    assert.deepStrictEqual(runs.map((r) => r.signal), ["noise"])
    assert.deepStrictEqual(readdirSync(join(world.dir, "artifacts")), ["noise-check"])
  }, 120_000)

  it("refuses to cancel a job that has ended, or one that does not exist, in words", async () => {
    const { body: jobs } = await getJson<{ jobs: Array<Job> }>("/api/jobs")
    const done = jobs.jobs.find((job) => job.status === "done")!
    const again = await postJson<{ error: string }>(`/api/jobs/${done.id}/cancel`, {})
    assert.strictEqual(again.status, 409)
    assert.strictEqual(again.body.error, `job ${done.id} has already ended (done); there is nothing to cancel`)
    const unknown = await postJson<{ error: string }>("/api/jobs/0123456789/cancel", {})
    assert.strictEqual(unknown.status, 404)
    assert.strictEqual(unknown.body.error, 'no job "0123456789" (jobs are kept while the server runs)')
  })
})

const CHROMIUM = "/usr/bin/chromium"
const browserRequired = process.env.ALPHABENCH_REQUIRE_BROWSER === "1"

describe.skipIf(!existsSync(CHROMIUM) && !browserRequired)("the Cancel button in Chromium", () => {
  it("stops a running workflow file; the job view shows it cancelled, with no result link", async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] })
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      const problems: Array<string> = []
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text())
      })
      page.on("pageerror", (error) => problems.push(error.message))
      await page.goto(world.server.url)
      await page.getByRole("button", { name: "Run slow.yaml" }).click()
      await page.locator("[data-stage=backtest].stage-running").waitFor({ timeout: 60_000 })
      const cancel = page.locator("[data-testid=cancel-job]")
      assert.strictEqual(await cancel.innerText(), "Cancel the run")
      await cancel.click()
      const job = page.locator("[data-testid=job][data-status=cancelled]")
      await job.waitFor({ timeout: 60_000 })
      assert.match(await job.locator(".job-status").innerText(), /^Cancelled · slow \(workflows\/slow\.yaml\)/)
      assert.strictEqual(await job.locator("[data-stage=backtest] .stage-status").innerText(), "cancelled")
      assert.strictEqual(await job.locator(".run-state").innerText(), "cancelled")
      assert.strictEqual(await job.getByText("Open the result").count(), 0)
      assert.isTrue(await page.locator("[data-testid=cancel-job]").isHidden(), "no Cancel button once the job has ended")
      const outputDir = fileURLToPath(new URL("../test-output/", import.meta.url))
      mkdirSync(outputDir, { recursive: true })
      await page.locator("#panel-run").screenshot({ path: `${outputDir}run-cancelled.png` })
      assert.deepStrictEqual(problems, [])
    } finally {
      await browser.close()
    }
  }, 120_000)
})
