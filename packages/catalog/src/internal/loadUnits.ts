/**
 * Reading the panel's columns from Parquet on several threads. The columns to read are cut into
 * units (unitPlan.ts); this thread and worker threads take units from a shared claim list,
 * heaviest first, until none are left. Every thread has its own parquet-wasm instance
 * and writes whole columns, allocated where they are filled: a worker hands its columns back by
 * transferring their buffers (or sharing them, for SharedArrayBuffers), so nothing is copied.
 * A unit's result depends only on the unit, so any split and any number of threads give the
 * same panel.
 *
 * When a worker cannot start or dies, this thread reads the units it did not finish; a
 * snapshot's own errors (a corrupt file) fail the load as they would on this thread.
 */
import { Worker } from "node:worker_threads"
import { SnapshotError } from "../SnapshotError.ts"
import { allocateUninitialised, writeField } from "./panelCache.ts"
import type { CacheKey, PanelArray } from "./panelCache.ts"
import { scatterParquet } from "./parquetScatter.ts"
import type { ScatterTarget } from "./parquetScatter.ts"
import type { LoadUnit } from "./unitPlan.ts"

/** Reads one unit into freshly allocated columns (on SharedArrayBuffers when `shared`). */
export const readUnit = async (unit: LoadUnit, target: ScatterTarget, shared: boolean): Promise<Array<PanelArray>> => {
  const cells = (target.dayEnd - target.dayStart) * target.securityIds.length
  const outs = unit.columns.map((column) => ({ column, out: allocateUninitialised(column.field, cells, shared) }))
  await scatterParquet(unit.path, unit.entry, unit.keyColumns, outs, target)
  return outs.map(({ out }) => out)
}

/** What every thread needs to start reading units, once the calendar and the ids are known. */
export interface UnitStart {
  readonly target: ScatterTarget
  /** Where each thread writes the columns it read to the binary cache (whole-calendar loads only). */
  readonly cache: CacheKey | undefined
}

/** Reads a unit and writes its columns to the cache when asked: each thread writes what it read. */
export const readAndCacheUnit = async (unit: LoadUnit, start: UnitStart, shared: boolean): Promise<Array<PanelArray>> => {
  const columns = await readUnit(unit, start.target, shared)
  if (start.cache !== undefined) unit.columns.forEach((column, c) => writeField(start.cache!, column.field, columns[c]!))
  return columns
}

/** What a load worker receives when it starts; the UnitStart follows in a message. */
export interface LoadJob {
  readonly units: ReadonlyArray<LoadUnit>
  readonly shared: boolean
  /** `Int32Array` over it, one slot per unit: 0 while free, then the number of the thread that took it. */
  readonly claims: SharedArrayBuffer
  /** This worker's number (this thread is 1). */
  readonly thread: number
}

/** Takes the first free unit for `thread`; undefined when none is left. */
export const claimUnit = (claims: Int32Array, thread: number): number | undefined => {
  for (let index = 0; index < claims.length; index++) {
    if (Atomics.compareExchange(claims, index, 0, thread) === 0) return index
  }
  return undefined
}

/** What a load worker sends back. */
export type LoadWorkerMessage =
  | { readonly type: "unit"; readonly index: number; readonly columns: ReadonlyArray<PanelArray> }
  | { readonly type: "error"; readonly snapshotError: boolean; readonly message: string }
  | { readonly type: "done" }

/** The worker's module and the Node options it needs. */
export interface WorkerFile {
  readonly url: URL
  readonly execArgv: Array<string> | undefined
}

const defaultWorkerFile = (): WorkerFile => {
  const here = import.meta.url
  const ext = here.endsWith(".ts") ? ".ts" : ".js"
  // From source, the worker resolves workspace packages to their sources as this process does.
  return { url: new URL(`./loadWorker${ext}`, here), execArgv: ext === ".ts" ? ["--conditions=@alphabench/source"] : undefined }
}

/** A started worker: `finished` settles when it has no more units to take or stopped. */
interface Helper {
  readonly begin: (start: UnitStart) => void
  readonly finished: Promise<void>
  /** The snapshot error the worker met, if any: the load fails with it. */
  readonly failure: () => SnapshotError | undefined
  readonly stop: () => Promise<void>
}

const startHelper = (
  file: WorkerFile,
  job: LoadJob,
  onUnit: (index: number, columns: ReadonlyArray<PanelArray>) => void,
  onFailure: () => void
): Helper | undefined => {
  let worker: Worker
  try {
    worker = new Worker(file.url, { workerData: job, ...(file.execArgv === undefined ? {} : { execArgv: file.execArgv }) })
  } catch {
    return undefined
  }
  let failure: SnapshotError | undefined
  // Anything but a snapshot error that stops the worker (it cannot start, runs out of memory,
  // meets a bug) leaves its unfinished units to this thread, which reads them (and meets the
  // bug itself, if it is one).
  const finished = new Promise<void>((resolve) => {
    worker.on("message", (message: LoadWorkerMessage) => {
      if (message.type === "unit") {
        onUnit(message.index, message.columns)
        return
      }
      if (message.type === "error" && message.snapshotError) {
        failure = new SnapshotError(message.message)
        onFailure()
      }
      resolve()
    })
    worker.on("error", () => resolve())
    worker.on("exit", () => resolve())
  })
  return {
    begin: (start) => worker.postMessage(start),
    finished,
    failure: () => failure,
    stop: async () => void (await worker.terminate())
  }
}

/** Units being read: `read` does the work, `stop` ends the workers (always call it). */
export interface UnitReading {
  /** Each unit's columns, in unit order (written to the cache too, with `start.cache`). */
  readonly read: (start: UnitStart) => Promise<Array<ReadonlyArray<PanelArray>>>
  /** How many units worker threads read (the rest were read on this thread). */
  readonly workerUnits: () => number
  readonly stop: () => Promise<void>
}

/**
 * Prepares reading `units` on `threads` threads (this one included): the workers start now, so
 * they are ready (~0.1 s) by the time the caller knows the calendar and the securities and calls
 * `read`. This thread never waits for a worker that has not taken a unit yet: when it finds
 * nothing left to take, it waits only for the units workers are reading.
 */
export const startReading = (
  units: ReadonlyArray<LoadUnit>,
  shared: boolean,
  threads: number,
  file: WorkerFile = defaultWorkerFile()
): UnitReading => {
  const results: Array<ReadonlyArray<PanelArray> | undefined> = units.map(() => undefined)
  const claims = new SharedArrayBuffer(4 * units.length)
  const claimed = new Int32Array(claims)
  const helpers: Array<Helper | undefined> = [undefined, undefined]
  let fromWorkers = 0
  // Claiming every free unit for this thread stops the workers after their current unit.
  const stopTaking = (): void => {
    while (claimUnit(claimed, 1) !== undefined);
  }
  for (let thread = 2; thread <= Math.min(threads, units.length); thread++) {
    const onUnit = (index: number, columns: ReadonlyArray<PanelArray>): void => {
      results[index] = columns
      fromWorkers++
    }
    helpers.push(startHelper(file, { units, shared, claims, thread }, onUnit, stopTaking))
  }
  const started = helpers.filter((helper): helper is Helper => helper !== undefined)
  const read = async (start: UnitStart): Promise<Array<ReadonlyArray<PanelArray>>> => {
    for (const helper of started) helper.begin(start)
    try {
      for (let index = claimUnit(claimed, 1); index !== undefined; index = claimUnit(claimed, 1)) {
        results[index] = await readAndCacheUnit(units[index]!, start, shared)
      }
      const busy = new Set(units.flatMap((_, index) => (results[index] === undefined ? [claimed[index]!] : [])))
      await Promise.all([...busy].map((thread) => helpers[thread]?.finished))
      const failure = started.map((helper) => helper.failure()).find((error) => error !== undefined)
      if (failure !== undefined) throw failure
      for (let index = 0; index < units.length; index++) {
        if (results[index] === undefined) results[index] = await readAndCacheUnit(units[index]!, start, shared)
      }
      return results as Array<ReadonlyArray<PanelArray>>
    } catch (error) {
      stopTaking()
      throw error
    }
  }
  return {
    read,
    workerUnits: () => fromWorkers,
    stop: async () => void (await Promise.all(started.map((helper) => helper.stop())))
  }
}
