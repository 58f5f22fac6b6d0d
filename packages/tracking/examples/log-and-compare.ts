/**
 * The tracker on its own, from a plain Node script: log two evaluations into an MLflow file
 * store, list them sorted by Sharpe, and compare them.
 *
 *   node --conditions=@alphabench/source packages/tracking/examples/log-and-compare.ts [MLRUNS_DIR]
 *
 * Without a folder it works in a temporary one and removes it at the end; with one, open the
 * runs with `MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri MLRUNS_DIR`.
 */
import { buildRunRecord, formatRunComparison, formatRunsTable, openTracker } from "@alphabench/tracking"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const given = process.argv[2]
const store = given ?? join(mkdtempSync(join(tmpdir(), "tracking-example-")), "mlruns")
const tracker = openTracker(store, { onWarning: (message) => console.error(`warning: ${message}`) })

const evaluations = [
  { signal: "mom_12_1", lag: 1, sharpe: 0.82, ann_ret: 0.071, lag1: 0.64, grade: "C", verdict: "yellow" },
  { signal: "value_tilt", lag: 1, sharpe: 1.24, ann_ret: 0.093, lag1: 1.1, grade: "B", verdict: "green" }
]
for (const e of evaluations) {
  const run = await tracker.logRun(buildRunRecord({
    experiment: "examples",
    signalName: e.signal,
    snapshotId: "2024-06-30-v1",
    config: { backtest: { lag: e.lag, residualize: "industry", fractile: [10, 90] } },
    metrics: { sharpe: e.sharpe, ann_ret: e.ann_ret, lag1_industry: { sharpe: e.lag1 } },
    grade: e.grade,
    verdict: e.verdict,
    artifacts: [{ name: "notes.txt", bytes: `evaluation of ${e.signal}\n` }]
  }))
  console.log(`logged ${e.signal} as run ${run.info.runId.slice(0, 8)}... (${run.info.status})`)
}

const runs = await tracker.listRuns({ experiment: "examples", orderBy: { metric: "sharpe" } })
console.log(formatRunsTable(runs))
console.log(formatRunComparison(await tracker.compareRuns(runs[1]!.info.runId, runs[0]!.info.runId)))

if (given === undefined) rmSync(join(store, ".."), { recursive: true, force: true })
