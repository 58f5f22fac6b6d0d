/**
 * What a person waits for in the browser UI, measured against a real server on 127.0.0.1:
 *
 * - building the app with Vite (cold, into a temporary folder) and the server's start with the
 *   build present;
 * - uploading demo_alpha of the `small` snapshot and getting its validation report back, and
 *   re-checking a file already on the server against another lag;
 * - a form run end to end (POST to the last server-sent event) next to the same run's stage
 *   time, which is the server's overhead around the pipeline, and the delay from the POST to
 *   the first progress event;
 * - the History tab's list of 500 runs, one run, a comparison, and a tear sheet download.
 *
 * Run: node --conditions=@alphabench/source packages/web/bench/web.ts [REPEATS]
 * Prints medians (and min) in milliseconds.
 */
import { createSnapshot } from "@alphabench/catalog"
import { buildRunRecord, openTracker } from "@alphabench/tracking"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { appSourceDir, ensureAppBuilt, startWebServer } from "../src/index.ts"
import type { Job } from "../src/index.ts"

const repeats = Number(process.argv[2] ?? 5)
const dir = mkdtempSync(join(tmpdir(), "alphabench-web-bench-"))

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const rows: Array<[string, number, number]> = []
const measure = async (label: string, times: number, work: () => Promise<unknown>) => {
  const ms: Array<number> = []
  for (let i = 0; i < times; i++) {
    const started = performance.now()
    await work()
    ms.push(performance.now() - started)
  }
  rows.push([label, median(ms), Math.min(...ms)])
  process.stderr.write(`${label}: median ${median(ms).toFixed(1)} ms\n`)
}

// The app's build, cold, into a throw-away folder (the real build stays where it is).
const vite = await import("vite")
await measure("vite build of the app (cold)", Math.min(repeats, 3), () =>
  vite.build({ configFile: join(appSourceDir, "vite.config.ts"), root: appSourceDir, logLevel: "silent", build: { outDir: join(dir, `build-${Math.random()}`), emptyOutDir: true } }))
await ensureAppBuilt()

const manifest = await createSnapshot(join(dir, "snapshots"), { synthetic: { preset: "small" } })
const demoAlpha = join(dir, "snapshots", manifest.id, "signals", "demo_alpha.parquet")
const bytes = readFileSync(demoAlpha)

// A tracking store with 500 runs of ~70 metrics each, as the History tab would list them.
const tracking = join(dir, "mlruns")
const tracker = openTracker(tracking, { onWarning: () => undefined })
const grid = Object.fromEntries(["lag0_off", "lag1_off", "lag2_off", "lag0_industry", "lag1_industry", "lag2_industry", "reversal_5d", "momentum_12_1", "value"].map((key, i) =>
  [key, { sharpe: i / 10, ann_ret: i / 100, ann_vol: 0.1, max_dd: -0.05, turnover: 0.2, ic_mean: 0.01, t_stat: 1, hit_rate: 0.5 }]))
for (let i = 0; i < 500; i++) {
  await tracker.logRun(buildRunRecord({
    experiment: i % 2 === 0 ? "signals" : "checks",
    signalName: `signal_${i % 37}`,
    config: { name: "bench", stages: { backtest: { grid: { lags: [0, 1, 2] } } }, n: i },
    metrics: { sharpe: (i % 17) / 7, score: i % 100, ...grid },
    grade: "C",
    verdict: "yellow",
    startTime: Date.UTC(2026, 0, 1) + i * 60_000,
    endTime: Date.UTC(2026, 0, 1) + i * 60_000 + 5_000
  }))
}

let server: Awaited<ReturnType<typeof startWebServer>> | undefined
await measure("server start (app already built)", 1, async () => {
  server = await startWebServer({ port: 0, cwd: dir, snapshotsRoot: "snapshots", tracking, log: () => undefined })
})
const url = (path: string) => new URL(path, server!.url)

await measure(`upload + validate demo_alpha (${(bytes.length / 1024).toFixed(0)} KB, ${manifest.signals["demo_alpha"]!.rows} rows)`, repeats, async () => {
  const response = await fetch(url(`/api/uploads?name=demo_alpha.parquet&snapshot=${manifest.id}&lag=1`), { method: "POST", body: bytes })
  if (response.status !== 201) throw new Error(await response.text())
  await response.json()
})
const ref = `snapshots/${manifest.id}/signals/demo_alpha.parquet`
await measure("re-check a file on the server (lag 2)", repeats, async () => {
  await (await fetch(url(`/api/signals/check?ref=${encodeURIComponent(ref)}&snapshot=${manifest.id}&lag=2`))).json()
})

const overhead: Array<number> = []
const firstEvent: Array<number> = []
await measure("form run, POST to last event (lags 0,1 x off,industry, 3 baselines)", repeats, async () => {
  const started = performance.now()
  const job = (await (await fetch(url("/api/jobs"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ form: { signal: ref, snapshot: manifest.id, lags: [0, 1], residualize: ["off", "industry"], baselines: true, universe: "all" } })
  })).json()) as Job
  const response = await fetch(url(`/api/jobs/${job.id}/events`))
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let text = ""
  let first = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
    if (first === 0 && text.includes("event: progress")) first = performance.now() - started
  }
  const total = performance.now() - started
  const blocks = text.split("\n\n").filter((b) => b.startsWith("event: job"))
  const last = JSON.parse(blocks[blocks.length - 1]!.split("\n")[1]!.slice(6)) as Job
  if (last.status !== "done") throw new Error(`run ${last.status}: ${JSON.stringify(last.runs[0]?.stages)}`)
  overhead.push(total - last.runs[0]!.durationMs!)
  firstEvent.push(first)
})
rows.push(["  of which outside the pipeline (server, SSE)", median(overhead), Math.min(...overhead)])
rows.push(["  POST to the first progress event", median(firstEvent), Math.min(...firstEvent)])

await measure("History: list 503 runs", repeats, async () => {
  const list = (await (await fetch(url("/api/runs"))).json()) as { runs: Array<unknown> }
  if (list.runs.length < 500) throw new Error(`listed ${list.runs.length}`)
})
const runs = ((await (await fetch(url("/api/runs"))).json()) as { runs: Array<{ runId: string; tearsheetUrl: string | null }> }).runs
await measure("one run", repeats, () => fetch(url(`/api/runs/${runs[0]!.runId}`)).then((r) => r.json()))
await measure("compare two runs", repeats, () => fetch(url(`/api/compare?a=${runs[0]!.runId}&b=${runs[1]!.runId}`)).then((r) => r.json()))
const sheet = runs.find((run) => run.tearsheetUrl !== null)!.tearsheetUrl!
await measure("tear sheet download", repeats, () => fetch(url(`${sheet}?download=1`)).then((r) => r.arrayBuffer()))

await server!.close()
rmSync(dir, { recursive: true, force: true })

const width = Math.max(...rows.map(([label]) => label.length))
process.stdout.write(`${"step".padEnd(width)}  median ms     min ms\n`)
for (const [label, med, min] of rows) process.stdout.write(`${label.padEnd(width)}  ${med.toFixed(1).padStart(9)}  ${min.toFixed(1).padStart(9)}\n`)
