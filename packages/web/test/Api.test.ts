/**
 * The JSON API of `alphabench serve`, endpoint by endpoint, against a real server on a random
 * port over a tiny synthetic snapshot: snapshots and signal files, uploads (good, not a
 * signal, wrong columns, empty, too large), runs started from a form and from a workflow file
 * with their progress as server-sent events, the run history, one run, a comparison, tear
 * sheets served from the artifacts, and the refusals: traversal in every encoding, a symbolic
 * link out of a folder, a foreign Host or Origin. Every error is `{ error }` in words.
 */
import { readFileSync, symlinkSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import type { Job, RunComparisonJson, RunDetail, RunList, SignalCheck, SnapshotList } from "../src/index.ts"
import { makeWorld, rawRequest, uploadFolders } from "./support/fixture.ts"
import type { World } from "./support/fixture.ts"

let world: World
let base: string

beforeAll(async () => {
  world = await makeWorld()
  base = world.server.url
})
afterAll(async () => {
  await world?.close()
})

const getJson = async <T>(path: string): Promise<{ status: number; body: T }> => {
  const response = await fetch(new URL(path, base))
  return { status: response.status, body: (await response.json()) as T }
}

const postJson = async <T>(path: string, body: unknown): Promise<{ status: number; body: T }> => {
  const response = await fetch(new URL(path, base), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
  return { status: response.status, body: (await response.json()) as T }
}

const upload = async (name: string, bytes: Uint8Array | string, query = "") => {
  const response = await fetch(new URL(`/api/uploads?name=${encodeURIComponent(name)}${query}`, base), {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: bytes
  })
  return { status: response.status, body: (await response.json()) as SignalCheck & { error?: string } }
}

/** Reads a job's event stream to its end: the `event:` names in order and the last job. */
const followEvents = async (id: string) => {
  const response = await fetch(new URL(`/api/jobs/${id}/events`, base))
  assert.strictEqual(response.status, 200)
  assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/)
  const text = await response.text()
  const messages = text.split("\n\n").filter((block) => block.startsWith("event: ")).map((block) => {
    const [eventLine, dataLine] = block.split("\n")
    return { event: eventLine!.slice("event: ".length), data: JSON.parse(dataLine!.slice("data: ".length)) as unknown }
  })
  const jobs = messages.filter((m) => m.event === "job").map((m) => m.data as Job)
  return { messages, last: jobs[jobs.length - 1]! }
}

/** No answer shows a stack trace. */
const assertWords = (error: string) => {
  assert.notMatch(error, /\n\s+at /)
  assert.notMatch(error, /\.ts:\d+/)
}

describe("snapshots, signal files and checks", () => {
  it("lists the snapshot with its calendar and example signals", async () => {
    const { status, body } = await getJson<SnapshotList>("/api/snapshots")
    assert.strictEqual(status, 200)
    assert.strictEqual(body.snapshots.length, 1)
    const [snapshot] = body.snapshots
    assert.strictEqual(snapshot!.id, world.snapshotId)
    assert.strictEqual(snapshot!.tradingDays, 120)
    assert.strictEqual(snapshot!.securities, 120)
    assert.deepStrictEqual(snapshot!.signals, ["demo_alpha", "monthly_alpha", "noise", "reversal_like"])
    assert.match(snapshot!.source, /^synthetic small market \(seed 5\)$/)
  })

  it("offers the snapshot's example signals to pick, and checks one against a lag", async () => {
    const { body } = await getJson<{ files: ReadonlyArray<{ ref: string; origin: string }> }>("/api/signal-files")
    const ref = `snapshots/${world.snapshotId}/signals/noise.parquet`
    const noise = body.files.find((file) => file.ref === ref)
    assert.isDefined(noise)
    assert.strictEqual(noise!.origin, `example signal of snapshot ${world.snapshotId}`)
    const checked = await getJson<SignalCheck>(`/api/signals/check?ref=${encodeURIComponent(ref)}&snapshot=${world.snapshotId}&lag=2`)
    assert.strictEqual(checked.status, 200)
    assert.isTrue(checked.body.report.ok)
    assert.strictEqual(checked.body.report.alignment!.lag, 2)
    assert.strictEqual(checked.body.report.snapshot!.tradingDays, 120)
    assert.strictEqual(checked.body.report.file, ref)
  })

  it("refuses a check of a file outside the signal folders, or an unknown snapshot", async () => {
    const outside = await getJson<{ error: string }>(`/api/signals/check?ref=${encodeURIComponent("uploads/../snapshots/x")}`)
    assert.strictEqual(outside.status, 400)
    assert.match(outside.body.error, /'\.' and '\.\.' are not allowed/)
    const area = await getJson<{ error: string }>(`/api/signals/check?ref=${encodeURIComponent("artifacts/x.parquet")}`)
    assert.strictEqual(area.status, 400)
    assert.match(area.body.error, /folder among snapshots, uploads/)
    const snapshot = await getJson<{ error: string }>(`/api/signals/check?ref=${encodeURIComponent(`snapshots/${world.snapshotId}/signals/noise.parquet`)}&snapshot=2001-01-01-v9`)
    assert.strictEqual(snapshot.status, 400)
    assert.match(snapshot.body.error, /snapshot 2001-01-01-v9 not found/)
  })
})

describe("uploads", () => {
  it("stores a signal file and returns the contract's report against the snapshot", async () => {
    const bytes = readFileSync(world.signal("demo_alpha"))
    const { status, body } = await upload("demo_alpha.parquet", bytes, `&snapshot=${world.snapshotId}&lag=1`)
    assert.strictEqual(status, 201)
    assert.match(body.file.ref, /^uploads\/\d{8}T\d{6}-[0-9a-f]{8}\/demo_alpha\.parquet$/)
    assert.strictEqual(body.file.size, bytes.length)
    assert.strictEqual(body.report.format, "parquet")
    assert.isTrue(body.report.ok)
    assert.strictEqual(body.report.errors, 0)
    assert.strictEqual(body.report.alignment!.lag, 1)
    // The file on disk is the bytes sent.
    assert.deepStrictEqual(readFileSync(join(world.dir, body.file.ref)), bytes)
  })

  it("reports a file that is not a signal table as unreadable", async () => {
    const { status, body } = await upload("picture.csv", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]))
    assert.strictEqual(status, 201)
    assert.isFalse(body.report.ok)
    assert.strictEqual(body.report.problems[0]!.code, "unreadable-file")
    assert.strictEqual(body.report.format, null)
  })

  it("names every missing column of a CSV with the wrong columns", async () => {
    const { body } = await upload("wrong.csv", "id,date,value\n1,2023-01-03,0.5\n")
    assert.isFalse(body.report.ok)
    const missing = body.report.problems.filter((p) => p.code === "missing-column").map((p) => p.column)
    assert.deepStrictEqual(missing, ["security_id", "date_sig", "date_avail", "signal"])
    assert.deepStrictEqual(body.report.ignoredColumns, ["id", "date", "value"])
    assert.match(body.report.problems[0]!.message, /the file has columns: id, date, value/)
  })

  it("refuses a file over the limit with 413 and words, by its declared length and by its bytes", async () => {
    const before = uploadFolders(world).length
    const big = new Uint8Array(300_001)
    const declared = await upload("big.csv", big)
    assert.strictEqual(declared.status, 413)
    assert.match(declared.body.error!, /too large: 293 KB, over the upload limit of 293 KB/)
    // Chunked (no Content-Length): counted while streaming, stopped at the limit.
    const streamed = await fetch(new URL("/api/uploads?name=big.csv", base), {
      method: "POST",
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 40; i++) controller.enqueue(new Uint8Array(10_000))
          controller.close()
        }
      }),
      duplex: "half"
    } as RequestInit)
    assert.strictEqual(streamed.status, 413)
    assert.match(((await streamed.json()) as { error: string }).error, /too large: it passed the upload limit of 293 KB/)
    assert.strictEqual(uploadFolders(world).length, before, "nothing is left behind")
  })

  it("refuses an empty upload and one without a name", async () => {
    const empty = await upload("empty.csv", new Uint8Array(0))
    assert.strictEqual(empty.status, 400)
    assert.match(empty.body.error!, /empty \(0 bytes\)/)
    const nameless = await fetch(new URL("/api/uploads", base), { method: "POST", body: "a,b\n" })
    assert.strictEqual(nameless.status, 400)
    assert.match(((await nameless.json()) as { error: string }).error, /missing \?name=/)
  })

  it("keeps only the file's own name, made safe", async () => {
    const { body } = await upload("../../etc/My Signal (v2).csv", "security_id,date_sig,date_avail,signal\n")
    assert.match(body.file.ref, /^uploads\/[^/]+\/My_Signal_v2_\.csv$/)
  })
})

describe("runs", () => {
  let formJob: Job
  let simulatedJob: Job
  let workflowJob: Job

  it("runs a form as a workflow run and streams its progress until it ends", async () => {
    const ref = `snapshots/${world.snapshotId}/signals/demo_alpha.parquet`
    const started = await postJson<Job>("/api/jobs", {
      form: { signal: ref, snapshot: world.snapshotId, lags: [1, 0], residualize: ["off"], baselines: false, universe: "all" }
    })
    assert.strictEqual(started.status, 202)
    assert.strictEqual(started.body.kind, "form")
    assert.match(started.body.command, /^alphabench run uploads\/workflows\/\d{8}T\d{6}-[0-9a-f]{8}-demo_alpha\.yaml$/)

    // While it goes (a run takes over a second here), the job is listed and can be read.
    const listed = await getJson<{ jobs: Array<Job> }>("/api/jobs")
    assert.strictEqual(listed.status, 200)
    assert.deepStrictEqual(listed.body.jobs.map((j) => j.id), [started.body.id])
    const inFlight = await getJson<Job>(`/api/jobs/${started.body.id}`)
    assert.strictEqual(inFlight.status, 200)
    assert.strictEqual(inFlight.body.title, `demo_alpha on ${world.snapshotId}`)
    assert.include(["queued", "running"], inFlight.body.status)
    assert.isNull(inFlight.body.endedAt)

    const { messages, last } = await followEvents(started.body.id)
    formJob = last
    const progress = messages.filter((m) => m.event === "progress").map((m) => m.data as { type: string; stage?: string; status?: string })
    assert.strictEqual(progress[0]!.type, "run-start")
    assert.strictEqual(progress[progress.length - 1]!.type, "run-end")
    const ended = progress.filter((p) => p.type === "stage-end").map((p) => `${p.stage}:${p.status}`)
    assert.deepStrictEqual(ended, ["snapshot:ok", "validate:ok", "load:ok", "backtest:ok", "simulate:skipped", "score:ok", "report:ok", "log:ok"])
    assert.isTrue(progress.some((p) => p.type === "stage-cells"), "the backtest reports grid cells")

    assert.strictEqual(last.status, "done")
    const run = last.runs[0]!
    assert.strictEqual(run.signal, "demo_alpha")
    assert.include(["green", "yellow", "red"], run.verdict!.color)
    assert.match(run.trackingRunId!, /^[0-9a-f]{32}$/)
    assert.match(run.tearsheetUrl!, /^\/files\/artifacts\/web\/demo_alpha\/\d{8}T\d{6}Z-[0-9a-f]{8}\/tearsheet\.html$/)

    // The workflow file written for the form is an ordinary workflow file with the form's settings.
    const file = readFileSync(join(world.dir, last.workflowFile), "utf8")
    assert.match(file, /^name: web$/m)
    assert.match(file, /grid: \{ lags: \[0, 1\], residualize: \[off\] \}/)
    assert.match(file, /score: \{ baselines: false \}/)

    // A finished job replays everything to a late listener, then ends.
    const again = await followEvents(started.body.id)
    assert.strictEqual(again.last.status, "done")
    assert.strictEqual(again.messages.filter((m) => m.event === "progress").length, progress.length)
  })

  it("runs a form with a simulation and a date range through the simulate stage", async () => {
    const ref = `snapshots/${world.snapshotId}/signals/demo_alpha.parquet`
    const started = await postJson<Job>("/api/jobs", {
      form: {
        signal: ref,
        snapshot: world.snapshotId,
        lags: [1],
        residualize: ["off"],
        baselines: false,
        universe: "in",
        start: "2023-02-01",
        end: "2023-05-31",
        simulate: { method: "top_n", n: 20, side: "long", resample: "W", fee_ratio: 0.001, tax_ratio: 0, stop_loss: 0.1 },
        experiment: "simulated"
      }
    })
    assert.strictEqual(started.status, 202)
    const { messages, last } = await followEvents(started.body.id)
    simulatedJob = last
    assert.strictEqual(last.status, "done", JSON.stringify(last.runs[0]?.stages))
    const ends = messages.filter((m) => m.event === "progress").map((m) => m.data as { type: string; stage?: string; status?: string; detail?: string })
      .filter((p) => p.type === "stage-end")
    assert.strictEqual(ends.find((p) => p.stage === "simulate")!.status, "ok")
    assert.match(ends.find((p) => p.stage === "load")!.detail!, /2023-02-01\.\.2023-05-31/)
    const detail = await getJson<RunDetail>(`/api/runs/${last.runs[0]!.trackingRunId}`)
    assert.strictEqual(detail.body.run.experiment, "simulated")
    assert.strictEqual(detail.body.params["stages.simulate.resample"], "W")
    assert.isNumber(detail.body.metrics["simulation.total_return"])
  })

  it("refuses a form with bad settings, naming each field", async () => {
    const { status, body } = await postJson<{ error: string; details: Array<string> }>("/api/jobs", {
      form: { signal: "", snapshot: world.snapshotId, lags: [], residualize: ["sideways"], baselines: "yes", universe: "all", start: "2023-02-30" }
    })
    assert.strictEqual(status, 400)
    assert.strictEqual(body.error, "the run's settings have 5 problems")
    assert.deepStrictEqual(body.details, [
      'signal: got "", expected a signal file (upload or pick one first)',
      "lags: got [], expected at least one lag, whole numbers of trading days from 0 to 1000",
      'residualize: got ["sideways"], expected at least one of off, industry, all',
      'baselines: got "yes", expected true or false',
      'start: got "2023-02-30", expected a date YYYY-MM-DD, or nothing'
    ])
    const notJson = await fetch(new URL("/api/jobs", base), { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" })
    assert.strictEqual(notJson.status, 400)
    assert.match(((await notJson.json()) as { error: string }).error, /expected a JSON body/)
  })

  it("lists the workflow files with their problems, and runs a valid one", async () => {
    const list = await getJson<{ workflows: Array<{ file: string; name: string | null; problems: Array<string> }> }>("/api/workflows")
    assert.deepStrictEqual(list.body.workflows.map((w) => w.file), ["broken.yaml", "noise.yaml"])
    const broken = list.body.workflows[0]!
    assert.isNull(broken.name)
    assert.isTrue(broken.problems.some((p) => /^workflows\/broken\.yaml:1:7: name: got "Broken Name"/.test(p)), broken.problems.join("\n"))
    assert.isTrue(broken.problems.some((p) => /^workflows\/broken\.yaml:3:\d+: stages\.lod: unknown key "lod"/.test(p)), broken.problems.join("\n"))

    const refused = await postJson<{ error: string; details: Array<string> }>("/api/jobs", { workflow: "broken.yaml" })
    assert.strictEqual(refused.status, 400)
    assert.match(refused.body.error, /^the workflow file workflows\/broken\.yaml has \d+ problems$/)
    const escape = await postJson<{ error: string }>("/api/jobs", { workflow: "../snapshots/x.yaml" })
    assert.strictEqual(escape.status, 400)

    const started = await postJson<Job>("/api/jobs", { workflow: "noise.yaml" })
    assert.strictEqual(started.status, 202)
    assert.match(started.body.command, /^alphabench run workflows\/noise\.yaml --snapshots snapshots --tracking mlruns$/)
    workflowJob = (await followEvents(started.body.id)).last
    assert.strictEqual(workflowJob.status, "done")
    assert.strictEqual(workflowJob.runs[0]!.signal, "noise")
    assert.strictEqual(workflowJob.runs[0]!.verdict!.color, "red")
    // The file said `report: { out: ../artifacts }`, which is the server's artifacts folder.
    assert.match(workflowJob.runs[0]!.tearsheetUrl!, /^\/files\/artifacts\/noise-check\/noise\//)
  })

  it("lists the jobs of this server newest first, and answers each job with its runs and final status", async () => {
    // The refused form and workflow file above made no job.
    const { status, body } = await getJson<{ jobs: Array<Job> }>("/api/jobs")
    assert.strictEqual(status, 200)
    assert.deepStrictEqual(
      body.jobs.map((j) => [j.id, j.kind, j.status, j.title]),
      [
        [workflowJob.id, "workflow", "done", "noise-check (workflows/noise.yaml)"],
        [simulatedJob.id, "form", "done", `demo_alpha on ${world.snapshotId}`],
        [formJob.id, "form", "done", `demo_alpha on ${world.snapshotId}`]
      ]
    )
    const created = body.jobs.map((j) => Date.parse(j.createdAt))
    assert.isTrue(created[0]! >= created[1]! && created[1]! >= created[2]!, body.jobs.map((j) => j.createdAt).join(" "))

    for (const job of [formJob, simulatedJob, workflowJob]) {
      // The job as its event stream ended, and as the list shows it.
      const one = await getJson<Job>(`/api/jobs/${job.id}`)
      assert.strictEqual(one.status, 200)
      assert.deepStrictEqual(one.body, job)
      assert.deepStrictEqual(one.body, body.jobs.find((j) => j.id === job.id))
    }
    const form = (await getJson<Job>(`/api/jobs/${formJob.id}`)).body
    assert.strictEqual(form.status, "done")
    assert.isNull(form.error)
    assert.isAtLeast(Date.parse(form.endedAt!), Date.parse(form.createdAt))
    assert.strictEqual(form.runs.length, 1)
    const run = form.runs[0]!
    assert.strictEqual(run.status, "ok")
    assert.strictEqual(run.signal, "demo_alpha")
    assert.deepStrictEqual(run.stages.map((s) => `${s.stage}:${s.status}`), ["snapshot:ok", "validate:ok", "load:ok", "backtest:ok", "simulate:skipped", "score:ok", "report:ok", "log:ok"])
    assert.isTrue(run.stages.every((s) => s.durationMs !== null && s.detail !== null))
    assert.match(run.trackingRunId!, /^[0-9a-f]{32}$/)
    assert.strictEqual((await getJson<Job>(`/api/jobs/${workflowJob.id}`)).body.runs[0]!.verdict!.color, "red")

    const unknown = await getJson<{ error: string }>("/api/jobs/0123456789")
    assert.strictEqual(unknown.status, 404)
    assert.strictEqual(unknown.body.error, 'no job "0123456789" (jobs are kept while the server runs)')
    assertWords(unknown.body.error)
  })

  it("lists both runs in the history, newest first, with verdict, grade, Sharpe and score", async () => {
    const { status, body } = await getJson<RunList>("/api/runs")
    assert.strictEqual(status, 200)
    assert.deepStrictEqual(body.runs.map((r) => r.signal), ["noise", "demo_alpha", "demo_alpha"])
    assert.deepStrictEqual(body.runs.map((r) => r.experiment), ["checks", "simulated", "web"])
    const demo = body.runs[2]!
    assert.strictEqual(demo.runId, formJob.runs[0]!.trackingRunId)
    assert.strictEqual(demo.verdict, formJob.runs[0]!.verdict!.color)
    assert.strictEqual(demo.grade, formJob.runs[0]!.verdict!.grade)
    assert.closeTo(demo.score!, formJob.runs[0]!.verdict!.score, 1e-9)
    assert.isNumber(demo.sharpe)
    assert.strictEqual(demo.snapshot, world.snapshotId)
    // The tracking store keeps a copy of the tear sheet; that is the one the history links.
    assert.match(demo.tearsheetUrl!, /^\/files\/tracking\/\d+\/[0-9a-f]{32}\/artifacts\/tearsheet\.html$/)
    const bad = await getJson<{ error: string }>("/api/runs?limit=0")
    assert.strictEqual(bad.status, 400)
  })

  it("shows one run by id or prefix, and says when there is none", async () => {
    const id = formJob.runs[0]!.trackingRunId!
    const { status, body } = await getJson<RunDetail>(`/api/runs/${id.slice(0, 8)}`)
    assert.strictEqual(status, 200)
    assert.strictEqual(body.run.runId, id)
    assert.strictEqual(body.tags["signal_name"], "demo_alpha")
    assert.strictEqual(body.params["stages.backtest.grid.lags"], "[0,1]")
    assert.strictEqual(body.downloadUrl, `${body.run.tearsheetUrl}?download=1`)
    const missing = await getJson<{ error: string }>("/api/runs/ffffffffffff")
    assert.strictEqual(missing.status, 404)
    assert.match(missing.body.error, /no run id starts with 'ffffffffffff'/)
    const invalid = await getJson<{ error: string }>("/api/runs/x")
    assert.strictEqual(invalid.status, 400)
    assertWords(invalid.body.error)
  })

  it("compares the two runs: metric differences B - A and differing params and tags", async () => {
    const a = formJob.runs[0]!.trackingRunId!
    const b = workflowJob.runs[0]!.trackingRunId!
    const { status, body } = await getJson<RunComparisonJson>(`/api/compare?a=${a}&b=${b}`)
    assert.strictEqual(status, 200)
    assert.strictEqual(body.a.signal, "demo_alpha")
    assert.strictEqual(body.b.signal, "noise")
    const score = body.metrics.find((m) => m.key === "score")!
    assert.closeTo(score.difference!, score.b! - score.a!, 1e-12)
    assert.deepStrictEqual(body.tags.find((t) => t.key === "signal_name"), { key: "signal_name", a: "demo_alpha", b: "noise" })
    assert.isTrue(body.params.some((p) => p.key === "name" && p.a === "web" && p.b === "noise-check"))
    const one = await getJson<{ error: string }>(`/api/compare?a=${a}`)
    assert.strictEqual(one.status, 400)
  })

  it("serves a tear sheet from the artifacts, sandboxed, and as a download", async () => {
    const url = formJob.runs[0]!.tearsheetUrl!
    const page = await fetch(new URL(url, base))
    assert.strictEqual(page.status, 200)
    assert.strictEqual(page.headers.get("content-type"), "text/html; charset=utf-8")
    assert.match(page.headers.get("content-security-policy") ?? "", /^sandbox; default-src 'none'/)
    assert.match(await page.text(), /<title>demo_alpha · alphabench tear sheet<\/title>/)
    const download = await fetch(new URL(`${url}?download=1`, base))
    assert.strictEqual(download.headers.get("content-disposition"), 'attachment; filename="tearsheet.html"')
  })

  it("answers an unknown job, and an unknown API route, with 404 in words", async () => {
    const job = await getJson<{ error: string }>("/api/jobs/nope")
    assert.strictEqual(job.status, 404)
    assert.match(job.body.error, /no job "nope"/)
    const events = await getJson<{ error: string }>("/api/jobs/nope/events")
    assert.strictEqual(events.status, 404)
    const route = await getJson<{ error: string }>("/api/nothing")
    assert.strictEqual(route.status, 404)
    assert.strictEqual(route.body.error, "no API route GET /api/nothing")
  })
})

describe("files and refusals", () => {
  const refused = async (path: string, status: number, pattern: RegExp) => {
    const response = await rawRequest(base, path)
    assert.strictEqual(response.status, status, `${path}: ${response.body}`)
    const body = JSON.parse(response.body) as { error: string }
    assert.match(body.error, pattern, path)
    assertWords(body.error)
  }

  beforeAll(() => {
    writeFileSync(join(world.dir, "secret.txt"), "top secret")
    symlinkSync(join(world.dir, "secret.txt"), join(world.dir, "workflows", "link.txt"))
    symlinkSync("/etc", join(world.dir, "workflows", "etc"))
  })

  it("serves a file of a folder with its type", async () => {
    const response = await rawRequest(base, "/files/workflows/noise.yaml")
    assert.strictEqual(response.status, 200)
    assert.strictEqual(response.headers["content-type"], "text/plain; charset=utf-8")
    assert.match(response.body, /^name: noise-check$/m)
  })

  it("refuses ../ and every encoding of it, absolute paths and NUL", async () => {
    await refused("/files/workflows/../secret.txt", 400, /'\.' and '\.\.' are not allowed/)
    await refused("/files/workflows/%2e%2e/secret.txt", 400, /'\.' and '\.\.' are not allowed/)
    await refused("/files/workflows/%2E%2E/secret.txt", 400, /'\.' and '\.\.' are not allowed/)
    await refused("/files/workflows/..%2fsecret.txt", 400, /encoded path separators/)
    await refused("/files/workflows/..%5csecret.txt", 400, /encoded path separators/)
    await refused("/files/workflows/%252e%252e/secret.txt", 400, /double encoding/)
    await refused("/files/workflows/%2e%2e%252fsecret.txt", 400, /double encoding/)
    await refused("/files/workflows//etc/passwd", 400, /absolute paths/)
    await refused("/files/workflows/%2fetc%2fpasswd", 400, /encoded path separators/)
    await refused("/files/workflows/noise.yaml%00.txt", 400, /NUL/)
    await refused("/files/workflows/%zz", 404, /the URL could not be read/)
    await refused("/files/../secret.txt", 404, /no folder "\.\."/)
    await refused("/files/%2e%2e/secret.txt", 404, /no folder "\.\."/)
  })

  it("refuses a symbolic link that leads out of the folder", async () => {
    await refused("/files/workflows/link.txt", 403, /leads outside the folder/)
    await refused("/files/workflows/etc/passwd", 403, /leads outside the folder/)
  })

  it("answers a missing file and a folder with 404", async () => {
    await refused("/files/workflows/none.yaml", 404, /no such file: none\.yaml/)
    await refused("/files/snapshots/" + world.snapshotId, 404, /not a file/)
  })

  it("refuses a foreign Host (DNS rebinding) and a cross-site post", async () => {
    const host = await rawRequest(base, "/api/info", { headers: { host: "attacker.example:80" } })
    assert.strictEqual(host.status, 403)
    assert.match(JSON.parse(host.body).error, /Host "attacker\.example:80" is not this server's/)
    const origin = await rawRequest(base, "/api/jobs", {
      method: "POST",
      headers: { origin: "http://attacker.example", "content-type": "application/json" },
      body: JSON.stringify({ workflow: "noise.yaml" })
    })
    assert.strictEqual(origin.status, 403)
    assert.match(JSON.parse(origin.body).error, /must come from this server's own page/)
    const same = await rawRequest(base, "/api/jobs", {
      method: "POST",
      headers: { origin: base.replace(/\/$/, ""), "content-type": "application/json" },
      body: "{}"
    })
    assert.strictEqual(same.status, 400, "the same origin passes the guard (and then fails on the body)")
  })

  it("serves the app with a strict content security policy", async () => {
    const page = await rawRequest(base, "/")
    assert.strictEqual(page.status, 200)
    assert.match(page.headers["content-security-policy"] as string, /default-src 'self'; script-src 'self'/)
    assert.match(page.body, /<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/)
    const script = /src="(\/assets\/index-[\w-]+\.js)"/.exec(page.body)![1]!
    const asset = await rawRequest(base, script)
    assert.strictEqual(asset.status, 200)
    assert.strictEqual(asset.headers["cache-control"], "public, max-age=31536000, immutable")
    const post = await rawRequest(base, "/", { method: "POST" })
    assert.strictEqual(post.status, 405)
  })
})
