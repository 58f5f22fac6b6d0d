/** Runs one backtest in a worker thread over the panel it is sent (SharedArrayBuffer columns stay shared). */
import { parentPort } from "node:worker_threads"
import { runBacktest } from "../../src/index.ts"

parentPort!.on("message", ({ panel, signal, config }) => {
  const result = runBacktest(panel, signal, config)
  parentPort!.postMessage({ summary: result.summary, net: result.daily.net })
})
