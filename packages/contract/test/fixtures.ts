/** Writes fixture files into a temporary folder: Parquet (parquet-wasm), Arrow IPC and CSV. */
import * as arrow from "apache-arrow"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Table as WasmTable, writeParquet } from "parquet-wasm"
import { dayFromIsoDate } from "../src/Dates.ts"

/** A temporary folder and a `write(name, content)` into it; call `remove()` in afterAll. */
export const scratchDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return {
    dir,
    write: (name: string, content: string | Uint8Array): string => {
      const path = join(dir, name)
      writeFileSync(path, content)
      return path
    },
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

export const day = (iso: string): number => {
  const d = dayFromIsoDate(iso)
  if (d === undefined) throw new Error(`bad test date ${iso}`)
  return d
}

export const parquetBytes = (table: arrow.Table): Uint8Array =>
  writeParquet(WasmTable.fromIPCStream(arrow.tableToIPC(table, "stream")))

/** A date32 vector from ISO dates. */
export const date32 = (isos: ReadonlyArray<string>): arrow.Vector =>
  arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length: isos.length, data: Int32Array.from(isos, day) }))

/** A timestamp vector (64-bit counts of `unit`). */
export const timestamps = (type: arrow.Timestamp, values: ReadonlyArray<bigint>): arrow.Vector =>
  arrow.makeVector(arrow.makeData({ type, length: values.length, data: BigInt64Array.from(values) }))

/** A signal table with the contract's types: int32 ids, date32 dates, float64 signal. */
export const signalArrowTable = (rows: ReadonlyArray<readonly [number, string, string, number]>): arrow.Table =>
  new arrow.Table({
    security_id: arrow.makeVector(Int32Array.from(rows, (r) => r[0])),
    date_sig: date32(rows.map((r) => r[1])),
    date_avail: date32(rows.map((r) => r[2])),
    signal: arrow.makeVector(Float64Array.from(rows, (r) => r[3]))
  })

/** CSV text of a header and rows (cells written as given). */
export const csvText = (header: string, rows: ReadonlyArray<string>): string => [header, ...rows].join("\n") + "\n"

/**
 * A calendar of weekdays from 2024-01-02 to 2024-01-31 without the MLK holiday (2024-01-15):
 * 2024-01-02 .. 05, 08 .. 12, 16 .. 19, 22 .. 26, 29 .. 31 (21 days).
 */
export const januaryCalendar = (): Int32Array => {
  const days: Array<number> = []
  for (let d = day("2024-01-02"); d <= day("2024-01-31"); d++) {
    const weekday = (((d + 4) % 7) + 7) % 7
    if (weekday !== 0 && weekday !== 6 && d !== day("2024-01-15")) days.push(d)
  }
  return Int32Array.from(days)
}
