/**
 * Tracking benchmarks: writing a typical alphabench run to the file store and to an MLflow
 * server (the in-memory test server on 127.0.0.1), and listing a store of many runs sorted by
 * a metric. Prints medians. Run from packages/tracking:
 *   node --conditions=@alphabench/source bench/tracking.bench.ts
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { buildRunRecord, openTracker } from "../src/index.ts"
import type { RunRecord } from "../src/index.ts"
import { chunkLogBatch } from "../src/internal/logBatch.ts"
import { startFakeMlflow } from "../test/fixtures/fakeMlflowServer.ts"

const median = (xs: ReadonlyArray<number>): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const time = async (label: string, repeats: number, work: (i: number) => Promise<unknown> | unknown): Promise<void> => {
  const samples: Array<number> = []
  for (let i = 0; i < repeats; i++) {
    const start = performance.now()
    await work(i)
    samples.push(performance.now() - start)
  }
  console.log(`${label.padEnd(64)} median ${median(samples).toFixed(2).padStart(9)} ms  (n=${repeats})`)
}

/** An evaluation as the workflow logs it: 6 headline metrics x (1 + 24 configs + 8 baselines), ~40 params, 4 artifacts (~5 MB). */
const typicalRecord = (i: number): RunRecord => {
  const metrics: Record<string, number | Record<string, number>> = {}
  const headline = (seed: number) => ({ sharpe: seed, ann_ret: seed / 10, max_dd: -seed / 5, turnover: 0.3, ic_mean: seed / 50, score: seed * 40 })
  Object.assign(metrics, headline(1 + i / 100))
  for (let c = 0; c < 24; c++) metrics[`lag${c % 4}_${["none", "industry", "all", "style", "size", "beta"][c % 6]}_${c}`] = headline(c / 10)
  for (let b = 0; b < 8; b++) metrics[`baseline_${b}`] = headline(b / 7)
  const config: Record<string, unknown> = { signal: { name: `sig_${i}`, lag: [0, 1, 5, 20] }, suite: { fractiles: 10, residualize: ["none", "industry", "all"] } }
  for (let k = 0; k < 36; k++) config[`option_${k}`] = k
  return buildRunRecord({
    experiment: "bench",
    signalName: `sig_${i % 10}`,
    snapshotId: "2026-01-01-v1",
    config,
    metrics: metrics as never,
    grade: "B",
    verdict: "yellow",
    artifacts: [
      { name: "tearsheet.html", bytes: new Uint8Array(1_500_000).fill(60) },
      { name: "summary.csv", bytes: "config,sharpe\n".repeat(2000) },
      { name: "daily.parquet", bytes: new Uint8Array(3_000_000).fill(1) },
      { name: "suite.json", bytes: JSON.stringify({ runs: Array.from({ length: 500 }, (_, k) => ({ k })) }) }
    ],
    onWarning: () => undefined
  })
}

const scratch = mkdtempSync(join(tmpdir(), "alphabench-tracking-bench-"))
try {
  const fileTracker = openTracker(join(scratch, "mlruns"), { onWarning: () => undefined })
  await time("file store: logRun, typical run (198 metrics, 40 params, 5 MB)", 30, (i) => fileTracker.logRun(typicalRecord(i)))

  const many = openTracker(join(scratch, "many"), { onWarning: () => undefined })
  for (let i = 0; i < 1000; i++) {
    await many.logRun({ experiment: "many", runName: `r${i}`, tags: { signal_name: `s${i % 20}` }, params: { i }, metrics: Object.fromEntries(Array.from({ length: 60 }, (_, k) => [`m${k}`, (i * 31 + k) % 97])) })
  }
  await time("file store: listRuns of 1000 runs x 60 metrics, sort by metric", 10, () => many.listRuns({ experiment: "many", orderBy: { metric: "m7" }, maxResults: 50 }))
  await time("file store: listRuns, one signal (50 of 1000 runs)", 10, () => many.listRuns({ experiment: "many", signal: "s3" }))
  await time("file store: listRuns, all 1000 runs read whole", 5, () => many.listRuns({ experiment: "many", maxResults: 1000 }))

  const server = await startFakeMlflow()
  try {
    const restTracker = openTracker(server.url, { onWarning: () => undefined })
    await time("REST (local test server): logRun, typical run", 30, (i) => restTracker.logRun(typicalRecord(i)))
  } finally {
    await server.close()
  }

  const metrics = Array.from({ length: 10_000 }, (_, k) => ({ key: `metric_${k}`, value: k / 3, timestamp: 1_700_000_000_000, step: k }))
  await time("chunkLogBatch: 10,000 metrics into 10 requests", 30, () => chunkLogBatch("0".repeat(32), { metrics, params: [], tags: [] }))
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
