/**
 * Reading the panel's columns from Parquet on several threads. The columns to read are cut into
 * units (some columns of one table); this thread and worker threads take units from a shared
 * counter, heaviest first, until none are left. Every thread has its own parquet-wasm instance
 * and writes whole columns, allocated where they are filled: a worker hands its columns back by
 * transferring their buffers (or sharing them, for SharedArrayBuffers), so nothing is copied.
 * A unit's result depends only on the unit, so any split and any number of threads give the
 * same panel.
 *
 * When a worker cannot start or dies, this thread reads the units it did not finish; a
 * snapshot's own errors (a corrupt file) fail the load as they would on this thread.
 */
import { Worker } from "node:worker_threads"
import type { FileEntry } from "../Manifest.ts"
import type { PanelField } from "../Panel.ts"
import { arrayTypeOfField } from "../Panel.ts"
import { SnapshotError } from "../SnapshotError.ts"
import type { TableColumn } from "../SnapshotTables.ts"
import { allocateUninitialised, writeField } from "./panelCache.ts"
import type { CacheKey, PanelArray } from "./panelCache.ts"
import { scatterParquet } from "./parquetScatter.ts"
import type { ScatterTarget } from "./parquetScatter.ts"

export type FieldColumn = TableColumn & { readonly field: PanelField }

/** Some columns of one table, read by one thread. */
export interface LoadUnit {
  readonly path: string
  readonly entry: FileEntry
  readonly keyColumns: readonly [TableColumn, TableColumn]
  readonly columns: ReadonlyArray<FieldColumn>
}

/**
 * What reading and walking a table's key columns costs, in the unit of a column's weight (bytes
 * per cell). Measured on seed's ret table: the keys alone 31-49 ms, each float64 column 55-60 ms.
 */
const KEY_WEIGHT = 6

/** Bytes per cell of the panel columns of `columns`. */
export const weightOf = (columns: ReadonlyArray<FieldColumn>): number =>
  columns.reduce((sum, column) => sum + arrayTypeOfField(column.field).BYTES_PER_ELEMENT, 0)

/** `columns` cut into `pieces` runs of about equal weight. */
const cut = (columns: ReadonlyArray<FieldColumn>, pieces: number): Array<Array<FieldColumn>> => {
  const runs: Array<Array<FieldColumn>> = []
  const total = weightOf(columns)
  let current: Array<FieldColumn> = []
  let before = 0
  for (const column of columns) {
    const weight = arrayTypeOfField(column.field).BYTES_PER_ELEMENT
    // Start the next run when this column's middle lies past the current run's share.
    if (current.length > 0 && runs.length < pieces - 1 && before + weight / 2 > (total * (runs.length + 1)) / pieces) {
      runs.push(current)
      current = []
    }
    current.push(column)
    before += weight
  }
  runs.push(current)
  return runs
}

/** The time the last of `threads` threads finishes when each takes the next unit, heaviest first. */
const makespan = (weights: ReadonlyArray<number>, threads: number): number => {
  const busy = new Array<number>(threads).fill(0)
  for (const weight of [...weights].sort((a, b) => b - a)) {
    const idle = busy.indexOf(Math.min(...busy))
    busy[idle] = busy[idle]! + weight
  }
  return Math.max(...busy)
}

const MAX_PIECES = 3

/**
 * Cuts the tables' columns into units, heaviest first, so that `threads` threads taking them in
 * turn finish together: every way of cutting each table into 1..3 runs of columns is tried
 * (each run pays for the keys again), and the one with the earliest estimated finish wins, the
 * fewest units among equals. With one thread, a unit is a table.
 */
export const planUnits = (tables: ReadonlyArray<LoadUnit>, threads: number): Array<LoadUnit> => {
  let best: Array<number> = tables.map(() => 1)
  if (threads > 1) {
    let bestTime = Number.POSITIVE_INFINITY
    let bestCount = Number.POSITIVE_INFINITY
    const pieces = tables.map(() => 1)
    const visit = (t: number): void => {
      if (t === tables.length) {
        const weights = tables.flatMap((table, i) => cut(table.columns, pieces[i]!).map((run) => KEY_WEIGHT + weightOf(run)))
        const time = makespan(weights, threads)
        if (time < bestTime - 1e-9 || (time < bestTime + 1e-9 && weights.length < bestCount)) {
          bestTime = time
          bestCount = weights.length
          best = [...pieces]
        }
        return
      }
      for (let p = 1; p <= Math.min(MAX_PIECES, tables[t]!.columns.length); p++) {
        pieces[t] = p
        visit(t + 1)
      }
    }
    visit(0)
  }
  const units = tables.flatMap((table, i) => cut(table.columns, best[i]!).map((columns) => ({ ...table, columns })))
  return units.sort((a, b) => weightOf(b.columns) - weightOf(a.columns))
}

/** Reads one unit into freshly allocated columns (on SharedArrayBuffers when `shared`). */
export const readUnit = async (unit: LoadUnit, target: ScatterTarget, shared: boolean): Promise<Array<PanelArray>> => {
  const cells = (target.dayEnd - target.dayStart) * target.securityIds.length
  const outs = unit.columns.map((column) => ({ column, out: allocateUninitialised(column.field, cells, shared) }))
  await scatterParquet(unit.path, unit.entry, unit.keyColumns, outs, target)
  return outs.map(({ out }) => out)
}

/** Where a thread writes the columns it read to the binary cache (whole-calendar loads only). */
export interface UnitStart {
  readonly target: ScatterTarget
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
