/**
 * The snapshot's Parquet files must be readable by other tools: DuckDB (its own Parquet reader,
 * not parquet-wasm) reads every table and signal file, and every value, null and type matches
 * the market that was written.
 */
import { DuckDBInstance } from "@duckdb/node-api"
import type { DuckDBConnection } from "@duckdb/node-api"
import { indexOfSorted } from "@alphabench/contract"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { createSnapshot, generateSyntheticMarket, snapshotTables } from "../src/index.ts"
import type { SnapshotManifest, SyntheticMarket } from "../src/index.ts"

const parameters = { days: 45, securities: 60, signal_names: 30 }
const root = mkdtempSync(join(tmpdir(), "catalog-duckdb-"))
let manifest: SnapshotManifest
let market: SyntheticMarket
let duck: DuckDBInstance
let connection: DuckDBConnection

beforeAll(async () => {
  manifest = await createSnapshot(root, { synthetic: { preset: "small", parameters } })
  market = generateSyntheticMarket({ preset: "small", parameters })
  duck = await DuckDBInstance.create()
  connection = await duck.connect()
})
afterAll(() => {
  connection?.closeSync()
  duck?.closeSync()
  rmSync(root, { recursive: true, force: true })
})

const file = (name: string) => join(root, manifest.id, name).replaceAll("'", "''")

const query = async (sql: string): Promise<Array<Array<unknown>>> => (await connection.runAndReadAll(sql)).getRowsJS()

const duckTypes: Record<string, string> = {
  int32: "INTEGER",
  date32: "DATE",
  float64: "DOUBLE",
  float32: "FLOAT",
  int16: "SMALLINT",
  bool: "BOOLEAN"
}

describe("an independent reader (DuckDB) reads the snapshot", () => {
  it("sees every table with the manifest's row count and the documented column types", async () => {
    for (const table of snapshotTables) {
      const described = await query(`DESCRIBE SELECT * FROM read_parquet('${file(`${table.name}.parquet`)}')`)
      assert.deepStrictEqual(
        described.map((row) => [row[0], row[1]]),
        table.columns.map((column) => [column.name, duckTypes[column.type]]),
        table.name
      )
      const [[rows]] = (await query(`SELECT count(*) FROM read_parquet('${file(`${table.name}.parquet`)}')`)) as [[bigint]]
      assert.strictEqual(Number(rows), manifest.tables[table.name]!.rows)
    }
  })

  it("reads the same values, with nulls where the panel has NaN or -1", async () => {
    const { panel } = market
    const n = panel.nSecurities
    for (const table of snapshotTables.filter((t) => t.name !== "dates")) {
      const valueColumns = table.columns.slice(2)
      const rows = await query(
        `SELECT security_id, (date - DATE '1970-01-01')::INTEGER, ${valueColumns.map((c) => `"${c.name}"`).join(", ")} ` +
          `FROM read_parquet('${file(`${table.name}.parquet`)}')`
      )
      let previous = -1
      let mismatches = 0
      for (const row of rows) {
        const s = indexOfSorted(panel.securityIds, row[0] as number)
        const d = indexOfSorted(panel.dates, row[1] as number)
        const cell = d * n + s
        // Stored sorted by (date, security_id): cells ascend.
        assert.isAbove(cell, previous)
        previous = cell
        valueColumns.forEach((column, c) => {
          const value = row[c + 2]
          const expected = (panel.columns[column.field!] as ArrayLike<number>)[cell]!
          const missing = column.type === "int16" ? expected === -1 : Number.isNaN(expected)
          const same = value === null
            ? missing
            : column.type === "bool"
            ? (value ? 1 : 0) === expected
            : column.type === "float32" || column.field === "vol" || column.field === "adv"
            ? Math.fround(value as number) === expected
            : value === expected
          if (!same) mismatches++
        })
      }
      assert.strictEqual(mismatches, 0, table.name)
      assert.strictEqual(rows.length, manifest.tables[table.name]!.rows)
    }
  })

  it("reads the example signals with the signal contract's columns", async () => {
    for (const [name, table] of Object.entries(market.signals)) {
      const rows = await query(
        `SELECT security_id, (date_sig - DATE '1970-01-01')::INTEGER, (date_avail - DATE '1970-01-01')::INTEGER, signal ` +
          `FROM read_parquet('${file(`signals/${name}.parquet`)}')`
      )
      assert.strictEqual(rows.length, table.length, name)
      let mismatches = 0
      rows.forEach((row, r) => {
        if (row[0] !== table.securityId[r] || row[1] !== table.dateSig[r] || row[2] !== table.dateAvail[r] || row[3] !== table.signal[r]) mismatches++
      })
      assert.strictEqual(mismatches, 0, name)
    }
  })
})
