/**
 * The Parquet writer and the dense-panel reader on a table cut into many row groups: whole
 * reads, day ranges that skip row groups, reads in several pieces, column subsets, nulls.
 */
import { withParquetFile } from "@alphabench/contract"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { gatherRows } from "../src/internal/denseRows.ts"
import { fileEntryOf } from "../src/internal/fileEntry.ts"
import { allocateUninitialised } from "../src/internal/panelCache.ts"
import { ParquetTableWriter } from "../src/internal/parquetWriter.ts"
import { readPlan, scatterParquet } from "../src/internal/parquetScatter.ts"
import type { ScatterTarget } from "../src/internal/parquetScatter.ts"
import { Random } from "../src/internal/random.ts"
import { riskTable } from "../src/SnapshotTables.ts"
import type { FileEntry } from "../src/Manifest.ts"

const dir = mkdtempSync(join(tmpdir(), "catalog-scatter-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const nDays = 40
const nSecurities = 30
const cells = nDays * nSecurities
// Weekdays of 2024 are not needed here: any ascending day numbers make a calendar.
const dates = Int32Array.from({ length: nDays }, (_, d) => 19_700 + d * 2)
const securityIds = Int32Array.from({ length: nSecurities }, (_, s) => 100 + 3 * s)

/** A risk table with ~80% of cells present and a few missing values inside present rows. */
const random = new Random(1, 0)
const present = Uint8Array.from({ length: cells }, () => (random.uniform() < 0.8 ? 1 : 0))
const values = {
  mcap: Float64Array.from({ length: cells }, () => (random.uniform() < 0.05 ? Number.NaN : 1e9 * random.uniform())),
  cap: Int16Array.from({ length: cells }, () => (random.uniform() < 0.05 ? -1 : 1 + random.int(3))),
  industry_id: Int16Array.from({ length: cells }, () => 1010 + 10 * random.int(5)),
  sector_id: Int16Array.from({ length: cells }, () => 10),
  ...Object.fromEntries(
    ["size", "value", "growth", "leverage", "volatility", "momentum", "yield"].map((name) => [
      name,
      Float32Array.from({ length: cells }, () => (random.uniform() < 0.05 ? Number.NaN : random.normal()))
    ])
  )
} as Record<string, Float64Array | Float32Array | Int16Array>

/** What a panel column holds for `field` on days `d0 .. d1 - 1`: the value where a row exists. */
const expected = (field: string, d0: number, d1: number): Array<number> => {
  const source = values[field]!
  const missing = source instanceof Int16Array ? -1 : Number.NaN
  const out: Array<number> = []
  for (let k = d0 * nSecurities; k < d1 * nSecurities; k++) out.push(present[k] === 1 ? source[k]! : missing)
  return out
}

let entry: FileEntry
const path = join(dir, "risk.parquet")
beforeAll(async () => {
  // Row groups of 100 rows (~4 days each), rows appended in uneven blocks of days.
  const writer = new ParquetTableWriter(path, riskTable.columns, "date", 100)
  for (const [d0, d1] of [[0, 3], [3, 17], [17, 18], [18, 40]] as const) {
    const block = {
      dates: dates.subarray(d0, d1),
      securityIds,
      present: present.subarray(d0 * nSecurities, d1 * nSecurities),
      values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.subarray(d0 * nSecurities, d1 * nSecurities)]))
    }
    const rows = gatherRows(riskTable, block)
    await writer.append(rows.values, rows.rows)
  }
  entry = fileEntryOf("risk.parquet", riskTable.columns, await writer.close())
})

const load = async (fields: ReadonlyArray<string>, d0: number, d1: number, rowsPerRead?: number) => {
  const target: ScatterTarget = { dates, securityIds, dayStart: d0, dayEnd: d1 }
  const columns = riskTable.columns.filter((c) => fields.includes(c.name)).map((column) => ({ column, out: allocateUninitialised(column.field!, (d1 - d0) * nSecurities, false) }))
  await scatterParquet(path, entry, [riskTable.columns[0]!, riskTable.columns[1]!], columns, target, rowsPerRead)
  return Object.fromEntries(columns.map(({ column, out }) => [column.name, Array.from(out)]))
}

describe("Parquet writer and dense reader", () => {
  it("writes row groups of the given size and records their dates", () => {
    const rows = present.reduce((a, b) => a + b, 0)
    assert.strictEqual(entry.rows, rows)
    assert.strictEqual(entry.row_groups.length, Math.ceil(rows / 100))
    assert.isTrue(entry.row_groups.slice(0, -1).every((g) => g.rows === 100))
    for (let g = 1; g < entry.row_groups.length; g++) assert.isTrue(entry.row_groups[g]!.first_date >= entry.row_groups[g - 1]!.last_date)
  })

  it("stores nulls for missing values and keeps rows sorted by (date, security_id)", async () => {
    const { nulls, sorted } = await withParquetFile(path, {}, (table) => {
      const ids = Array.from(table.getChild("security_id")!.toArray() as Int32Array)
      const days = table.getChild("date")!.data.flatMap((d) => Array.from((d.values as Int32Array).subarray(0, d.length)))
      const ok = ids.every((id, r) => r === 0 || days[r]! > days[r - 1]! || (days[r] === days[r - 1] && id > ids[r - 1]!))
      return { nulls: table.getChild("mcap")!.nullCount, sorted: ok }
    })
    let expectedNulls = 0
    for (let k = 0; k < cells; k++) if (present[k] === 1 && Number.isNaN(values.mcap![k]!)) expectedNulls++
    assert.strictEqual(nulls, expectedNulls)
    assert.isTrue(sorted)
  })

  it("reads every column back into the dense layout", async () => {
    const all = riskTable.columns.slice(2).map((c) => c.name)
    const loaded = await load(all, 0, nDays)
    for (const name of all) assert.deepStrictEqual(loaded[name], expected(name, 0, nDays), name)
  })

  it("reads a day range from only the row groups it needs, in pieces, and column subsets", async () => {
    const target: ScatterTarget = { dates, securityIds, dayStart: 12, dayEnd: 21 }
    const plan = readPlan(entry, target, 250)
    const groups = plan.flat()
    assert.isAbove(groups[0]!, 0, "leading row groups are skipped")
    assert.isBelow(groups[groups.length - 1]!, entry.row_groups.length - 1, "trailing row groups are skipped")
    assert.isAbove(plan.length, 1, "read in several pieces")
    for (const [fields, rowsPerRead] of [[["mcap", "cap", "yield"], 250], [["mcap"], undefined], [riskTable.columns.slice(2).map((c) => c.name), 100]] as const) {
      const loaded = await load(fields, 12, 21, rowsPerRead)
      for (const name of fields) assert.deepStrictEqual(loaded[name], expected(name, 12, 21), `${name} (${fields.length} fields)`)
    }
  })
})
