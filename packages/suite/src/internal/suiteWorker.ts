/**
 * A worker thread of the suite's pool: it holds the shared panel, the signal tables and column
 * variants it is sent (all on SharedArrayBuffers, so nothing is copied), and runs backtests on
 * request. Messages arrive in order, so a registration always precedes the jobs that use it.
 */
import type { Panel, PanelColumns } from "@alphabench/catalog"
import { createBacktestCache, runBacktest } from "@alphabench/engine"
import { parentPort, workerData } from "node:worker_threads"
import type { PoolRequest, PoolResponse } from "./poolProtocol.ts"
import { createSignalStore, prepareJob } from "./signalStore.ts"

const panel = (workerData as { panel: Panel }).panel
const signals = createSignalStore()
const variants = new Map<number, Panel>()
// Shared by this thread's jobs for the pool's lifetime (it only saves time, see the engine's BacktestCache).
const cache = createBacktestCache()
const port = parentPort!

const withColumns = (columns: PanelColumns): Panel => ({ ...panel, columns: { ...panel.columns, ...columns } })

port.on("message", (request: PoolRequest) => {
  switch (request.type) {
    case "signal":
      signals.set(request.id, request.table)
      return
    case "variant":
      variants.set(request.id, withColumns(request.columns))
      return
    case "release":
      signals.delete(request.id)
      variants.delete(request.id)
      return
    case "backtest": {
      let response: PoolResponse
      try {
        const stored = signals.get(request.signal)
        if (stored === undefined) throw new Error(`internal: signal ${request.signal} was not registered with the worker`)
        const target = request.variant === null ? panel : variants.get(request.variant)
        if (target === undefined) throw new Error(`internal: variant ${request.variant} was not registered with the worker`)
        const prepared = prepareJob(panel, stored, request.config)
        response = { job: request.job, result: runBacktest(target, prepared.signal, prepared.config, { cache }) }
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error))
        response = { job: request.job, error: { name: e.name, message: e.message } }
      }
      port.postMessage(response)
    }
  }
})
