import * as arrow from "apache-arrow"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Table as WasmTable, WriterPropertiesBuilder, writeParquet } from "parquet-wasm"
import { afterAll, assert, describe, it } from "vitest"
import { withParquetBytes, withParquetFile } from "../src/ParquetRead.ts"

const dir = mkdtempSync(join(tmpdir(), "parquet-read-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const table = new arrow.Table({
  id: arrow.makeVector(Int32Array.from([3, 1, 2])),
  x: arrow.makeVector(Float64Array.from([0.5, NaN, -2])),
  y: arrow.makeVector(Float64Array.from([10, 20, 30]))
})
const bytes = writeParquet(WasmTable.fromIPCStream(arrow.tableToIPC(table, "stream")))

describe("withParquetBytes / withParquetFile", () => {
  it("round-trips columns written by parquet-wasm", () => {
    const out = withParquetBytes(bytes, (t) => ({
      rows: t.numRows,
      id: Array.from(t.getChild("id")!.toArray() as Int32Array),
      x: Array.from(t.getChild("x")!.toArray() as Float64Array)
    }))
    assert.deepStrictEqual(out, { rows: 3, id: [3, 1, 2], x: [0.5, NaN, -2] })
  })

  it("reads only the requested columns from a file", async () => {
    const path = join(dir, "t.parquet")
    writeFileSync(path, bytes)
    const names = await withParquetFile(path, { columns: ["y"] }, (t) => t.schema.fields.map((f) => f.name))
    assert.deepStrictEqual(names, ["y"])
  })

  it("reads only the requested row groups", async () => {
    // Row groups of 2 rows: [3, 1] and [2]; the second group alone is the row with id 2.
    const path = join(dir, "groups.parquet")
    writeFileSync(path, writeParquet(WasmTable.fromIPCStream(arrow.tableToIPC(table, "stream")), new WriterPropertiesBuilder().setMaxRowGroupSize(2).build()))
    const ids = await withParquetFile(path, { rowGroups: [1] }, (t) => Array.from(t.getChild("id")!.toArray() as Int32Array))
    assert.deepStrictEqual(ids, [2])
    const both = await withParquetFile(path, { columns: ["y"], rowGroups: [0] }, (t) => Array.from(t.getChild("y")!.toArray() as Float64Array))
    assert.deepStrictEqual(both, [10, 20])
  })
})
