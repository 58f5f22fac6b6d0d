/**
 * The web package from a plain Node script: start the server that `alphabench serve` runs,
 * talk to its JSON API with `fetch` as the browser app does, and stop it.
 *
 *   node --conditions=@alphabench/source packages/web/examples/serve-api.ts
 *
 * It works in a temporary folder (a 60-day synthetic market created there, the uploads, the
 * reports and the tracking store) and removes it at the end. On the way it uploads the
 * snapshot's demo_alpha signal and reads the contract's report on it, runs it with two lags,
 * printing each stage as the job's event stream reports it, and lists the run in the history.
 * Paths inside the temporary folder are printed as `<tmp>`.
 */
import { createSnapshot, signalPath } from "@alphabench/catalog"
import type { Job, ProgressEvent, RunList, ServerInfo, SignalCheck, SnapshotList } from "@alphabench/web"
import { startWebServer } from "@alphabench/web"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const dir = mkdtempSync(join(tmpdir(), "web-example-"))
const shown = (text: string): string => text.replaceAll(dir, "<tmp>")

// A small market: 60 trading days of 100 securities, with the example signals.
const manifest = await createSnapshot(join(dir, "snapshots"), {
  synthetic: { preset: "small", seed: 2, parameters: { days: 60, securities: 100, signal_names: 100 } }
})

// Port 0 picks a free port; every folder is relative to `cwd`. The server's log goes to stderr.
const server = await startWebServer({ port: 0, cwd: dir, snapshotsRoot: "snapshots", tracking: "mlruns" })
console.log(`listening on ${server.url.replace(/:\d+\/$/, ":<port>/")}`)

/** Calls the API; an answer that is not 2xx is its `{ error }` in words. */
const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
  const response = await fetch(new URL(path, server.url), init)
  const body = (await response.json()) as T & { error?: string }
  if (!response.ok) throw new Error(`${init?.method ?? "GET"} ${path}: ${response.status} ${body.error}`)
  return body
}

try {
  const info = await api<ServerInfo>("/api/info")
  console.log(`info: version ${info.version}, tracking ${shown(info.tracking)}, upload limit ${info.maxUploadBytes / 2 ** 20} MiB, lags ${info.lags.join(", ")}`)
  console.log(`folders: ${info.folders.map((folder) => folder.area).join(", ")}`)

  const { snapshots } = await api<SnapshotList>("/api/snapshots")
  for (const snapshot of snapshots) {
    console.log(`snapshot ${snapshot.id}: ${snapshot.tradingDays} days ${snapshot.firstDate}..${snapshot.lastDate}, ${snapshot.securities} securities, signals ${snapshot.signals.join(", ")}`)
  }

  // An upload is the file's bytes as the body; the answer is the contract's report on it.
  const bytes = readFileSync(signalPath(join(dir, "snapshots"), manifest.id, "demo_alpha"))
  const check = await api<SignalCheck>(`/api/uploads?name=demo_alpha.parquet&snapshot=${manifest.id}&lag=1`, { method: "POST", body: bytes })
  const { report } = check
  console.log(`upload ${check.file.ref.replace(/^uploads\/[^/]+\//, "uploads/<id>/")}: ${report.ok ? "valid" : "NOT VALID"} ${report.format}, ` +
    `${report.rowsRead} rows, ${report.errors} errors, ${report.warnings} warnings`)
  if (report.alignment !== null) {
    const a = report.alignment
    console.log(`aligned at lag ${a.lag}: ${a.rowsAligned} rows on ${a.tradeDays} trade days ${a.firstTradeDay}..${a.lastTradeDay}, ${a.namesPerDay?.median ?? 0} names a day (median)`)
  }
  // A broken file is a report too, with each problem in words.
  const wrong = await api<SignalCheck>("/api/uploads?name=wrong.csv", { method: "POST", body: "id,date,value\n1,2023-01-03,0.5\n" })
  console.log(`upload wrong.csv: ${wrong.report.ok ? "valid" : "not valid"}; ${wrong.report.problems[0]?.message}`)

  // A run: the form is written as a workflow file and run as `alphabench run FILE` would.
  const job = await api<Job>("/api/jobs", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ form: { signal: check.file.ref, snapshot: manifest.id, lags: [0, 1], residualize: ["off"], baselines: false, universe: "all" } })
  })
  console.log(`job ${job.status}: ${job.title}`)
  console.log(`  same run from a terminal: ${job.command.replace(/\d{8}T\d{6}-[0-9a-f]{8}/, "<id>")}`)
  // The event stream sends every progress event, then ends after the finished job.
  const stream = await fetch(new URL(`/api/jobs/${job.id}/events`, server.url))
  let last = job
  for (const block of (await stream.text()).split("\n\n")) {
    const [eventLine, dataLine] = block.split("\n")
    if (dataLine === undefined || !dataLine.startsWith("data: ")) continue
    const data = JSON.parse(dataLine.slice("data: ".length)) as unknown
    if (eventLine === "event: job") last = data as Job
    const event = data as ProgressEvent
    if (eventLine === "event: progress" && event.type === "stage-end") {
      console.log(`  ${event.stage.padEnd(9)} ${event.status.padEnd(8)} ${shown(event.detail)}`)
    }
  }
  const run = last.runs[0]
  console.log(`job ${last.status}: ${run?.signal} verdict ${run?.verdict?.color ?? "none"}, grade ${run?.verdict?.grade ?? "none"}`)

  const { runs } = await api<RunList>("/api/runs")
  console.log(`history: ${runs.length} run${runs.length === 1 ? "" : "s"}`)
  for (const row of runs) {
    console.log(`  ${row.runId.slice(0, 8)} ${row.signal} ${row.experiment} ${row.verdict} ${row.grade} Sharpe ${row.sharpe?.toFixed(2) ?? "n/a"} tear sheet ${row.tearsheetUrl ?? "none"}`)
  }

  // Errors are words with a status, never a stack.
  const missing = await fetch(new URL("/api/jobs/nope", server.url))
  console.log(`GET /api/jobs/nope: ${missing.status} ${((await missing.json()) as { error: string }).error}`)
} finally {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
  console.log("stopped; temporary folder removed")
}
