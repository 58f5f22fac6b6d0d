/**
 * Import of the user's own tables (spec/data.md, "Snapshot"): a folder with `dates`, `ret`,
 * `risk` and optionally `prices` and `universe`, each a `.parquet` or `.csv` file named after
 * the table. Every required column must be there; keys are checked (no duplicate
 * `(security_id, date)`, every date in `dates`, every id of risk/prices/universe in `ret`); all
 * problems are reported together in one SnapshotError before anything is written. The tables
 * are then rewritten in the snapshot's own form: sorted by (date, security_id), with the
 * snapshot's column types, so loading them is the same as loading the synthetic market.
 */
import { indexOfSorted, isoDateFromDay, readColumnTable } from "@alphabench/contract"
import type { ColumnTable } from "@alphabench/contract"
import { existsSync, readdirSync, statSync } from "node:fs"
import { join } from "node:path"
import type { FileEntry, ImportedFile } from "../Manifest.ts"
import { SnapshotError } from "../SnapshotError.ts"
import { datesTable, snapshotTables } from "../SnapshotTables.ts"
import type { TableDefinition, TableName } from "../SnapshotTables.ts"
import { fileEntryOf } from "./fileEntry.ts"
import { categoriesOf, datesOf, flagsOf, ImportProblems, numbersOf, RowCollector, securityIdsOf } from "./importColumns.ts"
import { ParquetTableWriter } from "./parquetWriter.ts"
import type { ColumnValues } from "./parquetWriter.ts"
import type { ProgressSink, WrittenSnapshotData } from "./writeSynthetic.ts"

const EXTENSIONS = [".parquet", ".csv"] as const
const WRITE_CHUNK = 1 << 18

/** Columns a table must have; `n` of `dates` is optional (it is the position of each date). */
const requiredColumns = (table: TableDefinition): Array<string> =>
  table.columns.map((column) => column.name).filter((name) => !(table.name === "dates" && name === "n"))

const findFiles = (from: string, problems: ImportProblems): Partial<Record<TableName, string>> => {
  const present = new Set(readdirSync(from))
  const found: Partial<Record<TableName, string>> = {}
  for (const table of snapshotTables) {
    const candidates = EXTENSIONS.map((ext) => `${table.name}${ext}`).filter((name) => present.has(name))
    if (candidates.length > 1) {
      problems.add(`${from}: both ${candidates.join(" and ")} exist; keep one file per table`)
    } else if (candidates.length === 1) {
      found[table.name] = join(from, candidates[0]!)
    } else if (!table.optional) {
      problems.add(`${from}: the required table ${table.name} is missing (expected ${table.name}.parquet or ${table.name}.csv)`)
    }
  }
  return found
}

/** Ascending, distinct calendar days of the dates table. */
const calendarOf = (table: ColumnTable, problems: ImportProblems): Int32Array | undefined => {
  const column = table.columns.find((c) => c.name === "date")!
  const days = datesOf(table, column, problems)
  if (days === undefined) return undefined
  if (table.length === 0) {
    problems.add(`${table.source}: the dates table has no rows`)
    return undefined
  }
  const order = Int32Array.from({ length: table.length }, (_, r) => r).sort((a, b) => days[a]! - days[b]! || a - b)
  const duplicates = new RowCollector()
  for (let k = 1; k < order.length; k++) if (days[order[k]!] === days[order[k - 1]!]) duplicates.add(order[k]!)
  if (duplicates.count > 0) {
    problems.addRows(table, "repeating a date", duplicates.rows, duplicates.count, (row) => isoDateFromDay(days[row]!))
    return undefined
  }
  const calendar = Int32Array.from(order, (r) => days[r]!)
  const n = table.columns.find((c) => c.name === "n")
  if (n !== undefined) {
    const values = n.kind === "int32" || n.kind === "int64" || n.kind === "float" ? n.values : undefined
    const bad = new RowCollector()
    for (let k = 0; k < order.length; k++) {
      const row = order[k]!
      if (values === undefined || values[row] !== k) bad.add(row)
    }
    if (bad.count > 0) {
      problems.addRows(table, "with an n that is not the 0-based position of its date in the calendar", bad.rows, bad.count)
      return undefined
    }
  }
  return calendar
}

/** Stable counting sort of rows by `key` in `0 .. buckets - 1`, visiting rows in `input` order. */
const countingSort = (key: Int32Array, buckets: number, input: Int32Array): Int32Array => {
  const starts = new Int32Array(buckets + 1)
  for (let k = 0; k < input.length; k++) starts[key[input[k]!]! + 1]!++
  for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!
  const out = new Int32Array(input.length)
  for (let k = 0; k < input.length; k++) out[starts[key[input[k]!]!]!++] = input[k]!
  return out
}

interface PreparedTable {
  readonly definition: TableDefinition
  readonly source: ColumnTable
  readonly day: Int32Array
  readonly security: Int32Array
  /** Rows in (date, security) order. */
  readonly order: Int32Array
  /** Converted values of each non-key column, by row of the source. */
  readonly values: ReadonlyArray<ColumnValues>
}

const prepareTable = (
  definition: TableDefinition,
  source: ColumnTable,
  calendar: Int32Array,
  securityIds: Int32Array,
  datesFile: string,
  retFile: string,
  problems: ImportProblems
): PreparedTable | undefined => {
  const before = problems.count
  const column = (name: string) => source.columns.find((c) => c.name === name)!
  const ids = securityIdsOf(source, column("security_id"), problems)
  const dates = datesOf(source, column("date"), problems)
  const values = definition.columns.slice(2).map((spec): ColumnValues | undefined => {
    const c = column(spec.name)
    switch (spec.type) {
      case "float64":
      case "float32":
        return numbersOf(source, c, problems)
      case "int16":
        return categoriesOf(source, c, problems, spec.name === "cap" ? [1, 2, 3] : undefined)
      case "bool":
        return flagsOf(source, c, problems)
      default:
        throw new RangeError(`unexpected column type ${spec.type}`)
    }
  })
  if (ids === undefined || dates === undefined) return undefined
  const n = source.length
  const day = new Int32Array(n)
  const security = new Int32Array(n)
  const unknownDate = new RowCollector()
  const unknownId = new RowCollector()
  for (let r = 0; r < n; r++) {
    day[r] = indexOfSorted(calendar, dates[r]!)
    if (day[r]! < 0) unknownDate.add(r)
    security[r] = indexOfSorted(securityIds, ids[r]!)
    if (security[r]! < 0) unknownId.add(r)
  }
  if (unknownDate.count > 0) {
    problems.addRows(source, `with a date that is not in ${datesFile}`, unknownDate.rows, unknownDate.count, (row) => isoDateFromDay(dates[row]!))
  }
  if (unknownId.count > 0) {
    problems.addRows(source, `with a security_id that does not appear in ${retFile}`, unknownId.rows, unknownId.count, (row) => String(ids[row]!))
  }
  if (unknownDate.count > 0 || unknownId.count > 0) return undefined
  const identity = Int32Array.from({ length: n }, (_, r) => r)
  const order = countingSort(day, calendar.length, countingSort(security, securityIds.length, identity))
  const duplicates = new RowCollector()
  for (let k = 1; k < n; k++) {
    const a = order[k - 1]!
    const b = order[k]!
    if (day[a] === day[b] && security[a] === security[b]) duplicates.add(b)
  }
  if (duplicates.count > 0) {
    problems.addRows(source, "repeating a (security_id, date) pair", duplicates.rows, duplicates.count, (row) => `(${ids[row]}, ${isoDateFromDay(dates[row]!)})`)
  }
  if (problems.count > before) return undefined
  return { definition, source, day, security, order, values: values as Array<ColumnValues> }
}

const outputArray = (type: string, rows: number): ColumnValues => {
  if (type === "float64") return new Float64Array(rows)
  if (type === "float32") return new Float32Array(rows)
  if (type === "int16") return new Int16Array(rows)
  return new Uint8Array(rows)
}

const writeTable = async (
  dir: string,
  table: PreparedTable,
  calendar: Int32Array,
  securityIds: Int32Array,
  onWriter: (writer: ParquetTableWriter) => void
): Promise<FileEntry> => {
  const file = `${table.definition.name}.parquet`
  const writer = new ParquetTableWriter(join(dir, file), table.definition.columns, "date")
  onWriter(writer)
  const valueTypes = table.definition.columns.slice(2).map((column) => column.type)
  for (let start = 0; start < table.order.length || start === 0; start += WRITE_CHUNK) {
    const rows = Math.min(WRITE_CHUNK, table.order.length - start)
    const ids = new Int32Array(rows)
    const dates = new Int32Array(rows)
    const outputs = valueTypes.map((type) => outputArray(type, rows))
    for (let k = 0; k < rows; k++) {
      const row = table.order[start + k]!
      ids[k] = securityIds[table.security[row]!]!
      dates[k] = calendar[table.day[row]!]!
    }
    for (let c = 0; c < outputs.length; c++) {
      const out = outputs[c]!
      const source = table.values[c]!
      for (let k = 0; k < rows; k++) out[k] = source[table.order[start + k]!]!
    }
    await writer.append([ids, dates, ...outputs], rows)
    if (table.order.length === 0) break
  }
  return fileEntryOf(file, table.definition.columns, await writer.close())
}

export const importTables = async (
  dir: string,
  from: string,
  progress: ProgressSink,
  onWriter: (writer: ParquetTableWriter) => void
): Promise<WrittenSnapshotData> => {
  if (!existsSync(from) || !statSync(from).isDirectory()) {
    throw new SnapshotError(`cannot import ${from}: no such folder (expected a folder with dates, ret, risk and optionally prices, universe as .parquet or .csv files)`)
  }
  const problems = new ImportProblems()
  const fail = (): never => {
    throw new SnapshotError(
      `cannot import ${from}: ${problems.count} problem${problems.count === 1 ? "" : "s"} (nothing was created)\n${problems.lines.map((line) => `  ${line}`).join("\n")}`
    )
  }
  const files = findFiles(from, problems)
  if (problems.count > 0) fail()

  const tables: Partial<Record<TableName, ColumnTable>> = {}
  const imported: Partial<Record<TableName, ImportedFile>> = {}
  const present = snapshotTables.filter((table) => files[table.name] !== undefined)
  for (const [k, table] of present.entries()) {
    progress("read", k, present.length)
    const path = files[table.name]!
    let read: ColumnTable
    try {
      read = readColumnTable(path, { columns: table.columns.map((column) => column.name) })
    } catch (error) {
      problems.add(error instanceof Error ? error.message : String(error))
      continue
    }
    const missing = requiredColumns(table).filter((name) => !read.names.includes(name))
    if (missing.length > 0) {
      const names = missing.map((name) => `"${name}"`).join(", ")
      problems.add(`${path}: missing column${missing.length > 1 ? "s" : ""} ${names} (the ${table.name} table needs ${requiredColumns(table).join(", ")})`)
    }
    tables[table.name] = read
    imported[table.name] = {
      path,
      format: read.format,
      rows: read.length,
      ignored_columns: read.names.filter((name) => !table.columns.some((column) => column.name === name))
    }
  }
  progress("read", present.length, present.length)
  if (problems.count > 0) fail()

  progress("check", 0, present.length)
  const calendar = calendarOf(tables.dates!, problems)
  const retIds = securityIdsOf(tables.ret!, tables.ret!.columns.find((c) => c.name === "security_id")!, problems)
  if (tables.ret!.length === 0) problems.add(`${files.ret}: the ret table has no rows`)
  if (calendar === undefined || retIds === undefined || problems.count > 0) fail()
  const securityIds = Int32Array.from(new Set(retIds)).sort()
  const prepared: Array<PreparedTable> = []
  for (const table of present) {
    if (table.name === "dates") continue
    const ready = prepareTable(table, tables[table.name]!, calendar!, securityIds, files.dates!, files.ret!, problems)
    if (ready !== undefined) prepared.push(ready)
  }
  if (problems.count > 0) fail()

  const entries: Record<string, FileEntry> = {}
  progress("write", 0, prepared.length + 1)
  const datesWriter = new ParquetTableWriter(join(dir, "dates.parquet"), datesTable.columns, "date")
  onWriter(datesWriter)
  await datesWriter.append([calendar!, Int32Array.from(calendar!, (_, k) => k)], calendar!.length)
  entries.dates = fileEntryOf("dates.parquet", datesTable.columns, await datesWriter.close())
  for (const [k, table] of prepared.entries()) {
    progress("write", k + 1, prepared.length + 1)
    entries[table.definition.name] = await writeTable(dir, table, calendar!, securityIds, onWriter)
  }
  progress("write", prepared.length + 1, prepared.length + 1)
  return {
    source: { kind: "files", dir: from, files: imported },
    tables: entries,
    signals: {},
    securities: securityIds.length
  }
}
