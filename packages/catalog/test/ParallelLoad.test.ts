/**
 * Loading the panel from Parquet on several threads: the same bytes as on one thread, whatever
 * the number of threads and however the columns are cut into units; the worker's own protocol;
 * and the fall-backs when a worker cannot start, dies, or meets a corrupt snapshot.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Worker } from "node:worker_threads"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { readUnit, startReading } from "../src/internal/loadUnits.ts"
import type { LoadJob, LoadWorkerMessage, WorkerFile } from "../src/internal/loadUnits.ts"
import type { ScatterTarget } from "../src/internal/parquetScatter.ts"
import { planUnits } from "../src/internal/unitPlan.ts"
import type { FieldColumn, LoadUnit } from "../src/internal/unitPlan.ts"
import type { PanelArray } from "../src/internal/panelCache.ts"
import { createSnapshot, isSnapshotError, loadPanel, panelFields, panelTables } from "../src/index.ts"
import type { FileEntry, Panel, SnapshotManifest } from "../src/index.ts"

const dirs: Array<string> = []
const scratch = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "catalog-parallel-"))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const bytesOf = (array: ArrayBufferView): Buffer => Buffer.from(array.buffer, array.byteOffset, array.byteLength)

/** Bit-for-bit equality (NaN payloads included), the type and the cell count. */
const assertSameColumn = (actual: PanelArray | undefined, expected: PanelArray | undefined, what: string): void => {
  assert.isDefined(actual, what)
  assert.strictEqual(actual!.constructor, expected!.constructor, what)
  assert.isTrue(bytesOf(actual!).equals(bytesOf(expected!)), `${what}: bytes differ`)
}

const assertSamePanel = (actual: Panel, expected: Panel): void => {
  assert.deepStrictEqual(actual.dates, expected.dates)
  assert.deepStrictEqual(actual.securityIds, expected.securityIds)
  assert.deepStrictEqual(Object.keys(actual.columns).sort(), Object.keys(expected.columns).sort())
  for (const field of Object.keys(expected.columns) as Array<keyof Panel["columns"]>) {
    assertSameColumn(actual.columns[field], expected.columns[field], field)
  }
}

let root: string
let manifest: SnapshotManifest
let sequential: Panel
let units: Array<LoadUnit>
let target: ScatterTarget
beforeAll(async () => {
  root = scratch()
  manifest = await createSnapshot(root, { synthetic: { preset: "small", parameters: { days: 60, securities: 80, signal_names: 40, block_days: 7 } } })
  sequential = await loadPanel(root, manifest.id, { cache: false, threads: 1 })
  const dir = join(root, manifest.id)
  const tables = panelTables.map((table) => ({
    path: join(dir, manifest.tables[table.name]!.file),
    entry: manifest.tables[table.name]!,
    keyColumns: [table.columns[0]!, table.columns[1]!] as const,
    columns: table.columns.filter((column): column is FieldColumn => column.field !== undefined)
  }))
  units = planUnits(tables, 2)
  target = { dates: sequential.dates, securityIds: sequential.securityIds, dayStart: 0, dayEnd: sequential.nDays }
})

/** Each unit read on this thread, one after the other: what every other way must equal. */
const readSequentially = async (): Promise<Array<Array<PanelArray>>> => {
  const out: Array<Array<PanelArray>> = []
  for (const unit of units) out.push(await readUnit(unit, target, false))
  return out
}

const assertSameUnits = (actual: ReadonlyArray<ReadonlyArray<PanelArray>>, expected: ReadonlyArray<ReadonlyArray<PanelArray>>): void => {
  assert.strictEqual(actual.length, expected.length)
  units.forEach((unit, u) => unit.columns.forEach((column, c) => assertSameColumn(actual[u]![c], expected[u]![c], column.field)))
}

describe("loadPanel on several threads", () => {
  it("gives the panel of a one-thread load, bit for bit: whole, a day range, some fields, shared", async () => {
    assert.deepStrictEqual(Object.keys(sequential.columns).sort(), [...panelFields].sort())
    for (const threads of [2, 3, 8]) {
      const parallel = await loadPanel(root, manifest.id, { cache: false, threads })
      assertSamePanel(parallel, sequential)
      assert.deepStrictEqual(Object.keys(parallel.columns), Object.keys(sequential.columns), "fields in the same order")
    }
    const start = sequential.dates[11]!
    const end = sequential.dates[37]!
    const fields = ["close", "ret", "cap", "size", "in_universe"] as const
    const range = { start, end, fields, cache: false }
    assertSamePanel(await loadPanel(root, manifest.id, { ...range, threads: 2 }), await loadPanel(root, manifest.id, { ...range, threads: 1 }))
    const shared = await loadPanel(root, manifest.id, { cache: false, threads: 2, shared: true })
    assertSamePanel(shared, sequential)
    for (const column of Object.values(shared.columns)) assert.instanceOf(column.buffer, SharedArrayBuffer)
    for (const column of Object.values(sequential.columns)) assert.instanceOf(column.buffer, ArrayBuffer)
  })

  it("writes the same cache from a parallel load, and refuses a bad thread count", async () => {
    const local = scratch()
    const m = await createSnapshot(local, { synthetic: { preset: "small", parameters: { days: 60, securities: 80, signal_names: 40, block_days: 7 } } })
    await loadPanel(local, m.id, { threads: 2 })
    for (const field of panelFields) assert.isTrue(existsSync(join(local, m.id, ".cache", "panel", `${field}.bin`)), `${field}.bin`)
    assertSamePanel(await loadPanel(local, m.id, { threads: 1 }), sequential)
    for (const threads of [0, 1.5, 65]) {
      try {
        await loadPanel(local, m.id, { threads })
        assert.fail(`threads: ${threads} was accepted`)
      } catch (error) {
        assert.isTrue(isSnapshotError(error))
        assert.match((error as Error).message, /invalid threads: .* \(expected an integer from 1 to 64\)/)
      }
    }
  })
})

describe("planUnits", () => {
  const entry = { file: "x.parquet", rows: 1, size: 1, sha256: "", row_groups: [] } as unknown as FileEntry
  const table = (name: string, columns: ReadonlyArray<FieldColumn>): LoadUnit => ({
    path: name,
    entry,
    keyColumns: [{ name: "security_id", type: "int32" }, { name: "date", type: "date32" }],
    columns
  })
  const f64 = (field: "ret" | "resret" | "openret" | "resopenret"): FieldColumn => ({ name: field, type: "float64", field })
  const a = table("a", [f64("ret"), f64("resret"), f64("openret"), f64("resopenret")])
  const b = table("b", [{ name: "in_universe", type: "bool", field: "in_universe" }])
  const shape = (planned: ReadonlyArray<LoadUnit>) => planned.map((unit) => `${unit.path}:${unit.columns.map((c) => c.field).join(",")}`)

  it("keeps a table whole on one thread, heaviest first", () => {
    assert.deepStrictEqual(shape(planUnits([b, a], 1)), ["a:ret,resret,openret,resopenret", "b:in_universe"])
  })

  it("cuts tables where two threads then finish earliest, the fewest units among equals", () => {
    // Weights are bytes per cell plus 6 for a unit's keys: a = 6 + 4 * 8 = 38, b = 6 + 1 = 7.
    // Whole: the threads get 38 and 7, so 38. a in two: 22, 22, 7 -> 22 + 7 = 29 and 22, so 29.
    // a in three (8, 8, 16 -> 14, 14, 22) with b: 22 + 7 = 29 and 14 + 14 = 28, so 29 too, with
    // one unit more: two pieces win.
    assert.deepStrictEqual(shape(planUnits([a, b], 2)), ["a:ret,resret", "a:openret,resopenret", "b:in_universe"])
  })
})

describe("the load worker", () => {
  const runWorker = async (shared: boolean): Promise<{ messages: Array<LoadWorkerMessage>; exitCode: number }> => {
    const claims = new SharedArrayBuffer(4 * units.length)
    const job: LoadJob = { units, shared, claims, thread: 2 }
    const worker = new Worker(new URL("../src/internal/loadWorker.ts", import.meta.url), { workerData: job, execArgv: ["--conditions=@alphabench/source"] })
    const messages: Array<LoadWorkerMessage> = []
    worker.on("message", (message: LoadWorkerMessage) => messages.push(message))
    worker.postMessage({ target, cache: undefined })
    const exitCode = await new Promise<number>((resolve, reject) => {
      worker.on("exit", resolve)
      worker.on("error", reject)
    })
    assert.deepStrictEqual(Array.from(new Int32Array(claims)), units.map(() => 2), "it took every unit")
    return { messages, exitCode }
  }

  it("reads every free unit, hands the columns over (transferred, or shared), says done and ends", async () => {
    const expected = await readSequentially()
    for (const shared of [false, true]) {
      const { messages, exitCode } = await runWorker(shared)
      assert.strictEqual(exitCode, 0)
      assert.deepStrictEqual(messages.map((m) => m.type), [...units.map(() => "unit"), "done"])
      const got: Array<ReadonlyArray<PanelArray>> = []
      for (const message of messages) if (message.type === "unit") got[message.index] = message.columns
      assertSameUnits(got, expected)
      for (const columns of got) {
        for (const column of columns) assert.strictEqual(column.buffer.constructor, shared ? SharedArrayBuffer : ArrayBuffer)
      }
    }
  })
})

describe("startReading when a worker fails", () => {
  const fixture: WorkerFile = {
    url: new URL("./support/failingLoadWorker.ts", import.meta.url),
    execArgv: ["--conditions=@alphabench/source"]
  }

  /** Starts reading with the failing worker and waits until it has taken every unit. */
  const withFailingWorker = async (mode: string) => {
    const marker = join(scratch(), "taken")
    process.env.LOAD_FIXTURE_MARKER = marker
    process.env.LOAD_FIXTURE_MODE = mode
    const reading = startReading(units, false, 2, fixture)
    for (let waited = 0; !existsSync(marker); waited += 10) {
      if (waited > 30_000) assert.fail("the fixture worker did not start")
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    return reading
  }

  it("reads the units of a worker that died holding them on this thread", async () => {
    const reading = await withFailingWorker("die")
    try {
      assertSameUnits(await reading.read({ target, cache: undefined }), await readSequentially())
      assert.strictEqual(reading.workerUnits(), 0)
    } finally {
      await reading.stop()
    }
  })

  it("reads everything on this thread when the worker cannot start", async () => {
    const reading = startReading(units, false, 2, { url: new URL("./support/noSuchWorker.ts", import.meta.url), execArgv: undefined })
    try {
      assertSameUnits(await reading.read({ target, cache: undefined }), await readSequentially())
      assert.strictEqual(reading.workerUnits(), 0)
    } finally {
      await reading.stop()
    }
  })

  it("fails with the snapshot error a worker met", async () => {
    const reading = await withFailingWorker("snapshot-error")
    try {
      await reading.read({ target, cache: undefined })
      assert.fail("the read succeeded")
    } catch (error) {
      assert.isTrue(isSnapshotError(error), String(error))
      assert.strictEqual((error as Error).message, "ret.parquet: row 7 has date 2024-01-06, which is not in the calendar")
    } finally {
      await reading.stop()
    }
  })

  it("fails with the snapshot error of a corrupt table, whichever thread reads it", async () => {
    // A calendar without the snapshot's 10th day: every table has rows on a day it lacks.
    const holed = Int32Array.from([...sequential.dates.subarray(0, 9), ...sequential.dates.subarray(10)])
    const reading = startReading(units, false, 2)
    try {
      await reading.read({ target: { ...target, dates: holed, dayEnd: holed.length }, cache: undefined })
      assert.fail("the read succeeded")
    } catch (error) {
      assert.isTrue(isSnapshotError(error), String(error))
      assert.match((error as Error).message, /\.parquet: row \d+ has date \d{4}-\d\d-\d\d, which is not in the calendar/)
    } finally {
      await reading.stop()
    }
  })
})
