/**
 * A persistent pool of worker threads that run backtests over one panel held in shared memory.
 * The panel's columns live on SharedArrayBuffers (copied there once when they are not already),
 * and so do the signal tables and column variants registered with the pool: posting them to a
 * worker shares the memory, nothing is copied per worker or per job. Jobs are handed to the
 * next idle worker; each job is a pure function of its inputs, so results do not depend on the
 * number of workers or on which worker ran what.
 *
 * With `workers: 1` the pool runs every job in this thread, one at a time (no threads, no
 * copies), yielding to the event loop between jobs so progress callbacks get to run.
 *
 * Worker files are `.ts` when this module runs from source (Node strips the types; the worker
 * then needs `--conditions=@alphabench/source` to resolve the workspace packages to their
 * sources) and `.js` when it runs from `dist/`.
 */
import type { Panel, PanelColumns, PanelField } from "@alphabench/catalog"
import { panelFields } from "@alphabench/catalog"
import type { AlignedSignal, SignalTable } from "@alphabench/contract"
import { type BacktestConfig, type BacktestResult, createBacktestCache, runBacktest } from "@alphabench/engine"
import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import type { PoolRequest, PoolResponse } from "./internal/poolProtocol.ts"
import { sharedColumns, sharedPanel, sharedSignal } from "./internal/sharedPanel.ts"
import { createSignalStore, prepareJob } from "./internal/signalStore.ts"

export interface SuitePoolOptions {
  /** Worker threads; defaults to the available cores. 1 runs everything in this thread. */
  readonly workers?: number
  /**
   * The panel fields the jobs read (only these are shared with the workers); defaults to every
   * field the panel has. Ignored with one worker.
   */
  readonly fields?: ReadonlyArray<PanelField>
}

export interface SuitePool {
  /** Threads running jobs (1: this thread). */
  readonly workers: number
  /** The panel jobs run on (with threads: its shared copy). */
  readonly panel: Panel
  /**
   * Makes a signal table (or a signal aligned to this panel) available to jobs; returns its
   * handle. `aligned` may pass alignments of the table to this panel already at hand (an
   * in-process pool then skips aligning it at those lags; threads align in their threads).
   */
  readonly addSignal: (signal: SignalTable | AlignedSignal, aligned?: ReadonlyArray<AlignedSignal>) => number
  /** Makes a variant of the panel (some fields replaced) available to jobs; returns its handle. */
  readonly addVariant: (columns: PanelColumns) => number
  /** Forgets a signal or variant handle (after its last job was submitted). */
  readonly release: (handle: number) => void
  /** Backtests a registered signal with a complete config on the panel or a variant of it. */
  readonly backtest: (signal: number, config: BacktestConfig, variant?: number | null) => Promise<BacktestResult>
  /** Stops the threads; pending jobs fail. */
  readonly close: () => Promise<void>
}

/** The default number of workers: the cores available to this process. */
export const defaultWorkers = (): number => Math.max(1, availableParallelism())

export const checkWorkers = (workers: number): number => {
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
    throw new RangeError(`invalid workers: ${workers} (expected an integer from 1 to 256)`)
  }
  return workers
}

export const createSuitePool = (panel: Panel, options: SuitePoolOptions = {}): SuitePool => {
  const workers = checkWorkers(options.workers ?? defaultWorkers())
  return workers === 1 ? inProcessPool(panel) : threadPool(panel, workers, options.fields ?? panelFields)
}

const inProcessPool = (panel: Panel): SuitePool => {
  const signals = createSignalStore()
  const variants = new Map<number, Panel>()
  const cache = createBacktestCache()
  let nextId = 1
  let tail: Promise<unknown> = Promise.resolve()
  let closed = false
  return {
    workers: 1,
    panel,
    addSignal: (table, aligned = []) => {
      signals.set(nextId, table, aligned)
      return nextId++
    },
    addVariant: (columns) => {
      variants.set(nextId, { ...panel, columns: { ...panel.columns, ...columns } })
      return nextId++
    },
    release: (handle) => {
      signals.delete(handle)
      variants.delete(handle)
    },
    backtest: (signal, config, variant = null) => {
      const stored = signals.get(signal)
      const target = variant === null ? panel : variants.get(variant)
      if (stored === undefined || target === undefined) {
        return Promise.reject(new Error(`internal: unknown ${stored === undefined ? "signal" : "variant"} handle`))
      }
      const job = tail.then(() => new Promise<void>((done) => setImmediate(done))).then(() => {
        if (closed) throw new Error("the suite pool was closed")
        const prepared = prepareJob(panel, stored, config)
        return runBacktest(target, prepared.signal, prepared.config, { cache })
      })
      tail = job.catch(() => undefined)
      return job
    },
    close: async () => {
      closed = true
      await tail
    }
  }
}

interface Pending {
  readonly request: PoolRequest & { readonly type: "backtest" }
  readonly resolve: (result: BacktestResult) => void
  readonly reject: (error: Error) => void
}

/** A worker's error as this thread's: TypeError and RangeError keep their class (callers test for them). */
const rebuildError = ({ name, message }: { readonly name: string; readonly message: string }): Error => {
  const error = name === "TypeError" ? new TypeError(message) : name === "RangeError" ? new RangeError(message) : new Error(message)
  error.name = name
  return error
}

const workerFile = (): { url: URL; execArgv: Array<string> | undefined } => {
  const here = import.meta.url
  const ext = here.endsWith(".ts") ? ".ts" : ".js"
  return {
    url: new URL(`./internal/suiteWorker${ext}`, here),
    execArgv: ext === ".ts" ? ["--conditions=@alphabench/source"] : undefined
  }
}

const threadPool = (panel: Panel, size: number, fields: ReadonlyArray<PanelField>): SuitePool => {
  const shared = sharedPanel(panel, fields)
  const { url, execArgv } = workerFile()
  const threads: Array<Worker> = []
  const busy: Array<Pending | null> = []
  const queue: Array<Pending> = []
  let nextId = 1
  let nextJob = 1
  let failure: Error | null = null

  const fail = (error: Error): void => {
    if (failure === null) failure = error
    for (let w = 0; w < busy.length; w++) {
      busy[w]?.reject(error)
      busy[w] = null
    }
    for (const pending of queue.splice(0)) pending.reject(error)
  }

  const dispatch = (): void => {
    for (let w = 0; w < threads.length && queue.length > 0; w++) {
      if (busy[w] !== null) continue
      const pending = queue.shift()!
      busy[w] = pending
      threads[w]!.postMessage(pending.request)
    }
  }

  for (let w = 0; w < size; w++) {
    const worker = new Worker(url, { workerData: { panel: shared }, ...(execArgv === undefined ? {} : { execArgv }) })
    worker.on("message", (response: PoolResponse) => {
      const pending = busy[w]
      busy[w] = null
      if (pending !== null && pending !== undefined) {
        if ("result" in response) pending.resolve(response.result)
        else pending.reject(rebuildError(response.error))
      }
      dispatch()
    })
    worker.on("error", (error) => fail(error))
    worker.on("exit", (code) => {
      if (code !== 0 && failure === null) fail(new Error(`a suite worker thread stopped with exit code ${code}`))
    })
    threads.push(worker)
    busy.push(null)
  }

  const broadcast = (request: PoolRequest): void => {
    for (const worker of threads) worker.postMessage(request)
  }

  return {
    workers: size,
    panel: shared,
    addSignal: (table) => {
      const id = nextId++
      broadcast({ type: "signal", id, table: sharedSignal(table) })
      return id
    },
    addVariant: (columns) => {
      const id = nextId++
      broadcast({ type: "variant", id, columns: sharedColumns(columns) })
      return id
    },
    release: (id) => broadcast({ type: "release", id }),
    backtest: (signal, config, variant = null) => {
      if (failure !== null) return Promise.reject(failure)
      return new Promise<BacktestResult>((resolve, reject) => {
        queue.push({ request: { type: "backtest", job: nextJob++, signal, variant, config }, resolve, reject })
        dispatch()
      })
    },
    close: async () => {
      fail(new Error("the suite pool was closed"))
      await Promise.all(threads.map((worker) => worker.terminate()))
    }
  }
}
