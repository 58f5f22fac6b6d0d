/**
 * Reads positions from a Parquet, Arrow IPC or CSV file (format found from the content):
 * - long: columns `date`, `security_id`, `weight` (one row per date and security; a date with
 *   only zero weights holds nothing);
 * - wide, as a Finlab position DataFrame: a `date` column and one column per security id
 *   (the column name), numbers (empty: no weight) or booleans (equal weights).
 * Every problem names the file, the column and the row.
 */
import {
  type Column,
  type ColumnTable,
  dayFromIsoDate,
  findColumn,
  isoDateFromDay,
  MISSING_DAY,
  readColumnTable,
  rowWord,
  TableFileError,
  userRowNumber
} from "@alphabench/contract"
import { densePositions, longPositions, type Positions } from "./Positions.ts"
import { fail } from "./SimulationError.ts"

const cellMissing = (column: Column, row: number) => column.valid !== null && column.valid[row] === 0

const where = (table: ColumnTable, column: string, row: number) =>
  `${table.source} column ${column} ${rowWord(table)} ${userRowNumber(table, row)}`

/** The `date` column as day numbers (date types or ISO text). */
const datesOf = (table: ColumnTable): Int32Array => {
  const column = findColumn(table, "date")
  if (column === undefined) fail(table.source, `columns ${table.names.join(", ")}`, "a date column named date")
  const out = new Int32Array(table.length)
  for (let row = 0; row < table.length; row++) {
    let day: number | undefined
    if (!cellMissing(column!, row)) {
      if (column!.kind === "date") day = column!.values[row] === MISSING_DAY ? undefined : column!.values[row]!
      else if (column!.kind === "text") day = dayFromIsoDate(column!.values[row]!.trim().slice(0, 10))
    }
    if (day === undefined) fail(where(table, "date", row), describe(column!, row), "a date (YYYY-MM-DD)")
    out[row] = day!
  }
  return out
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** A numeric column as float64 (NaN when missing); booleans as 1 / 0; CSV text cells parsed one by one. */
const numbersOf = (table: ColumnTable, column: Column): Float64Array => {
  const out = new Float64Array(table.length)
  for (let row = 0; row < table.length; row++) {
    if (cellMissing(column, row)) {
      out[row] = NaN
      continue
    }
    switch (column.kind) {
      case "float":
      case "int64":
      case "int32":
      case "bool":
        out[row] = column.values[row]!
        break
      case "text": {
        const text = column.values[row]!.trim()
        if (text === "" || text === "NaN") out[row] = NaN
        else if (NUMBER.test(text)) out[row] = Number(text)
        else fail(where(table, column.name, row), describe(column, row), "a number")
        break
      }
      default:
        fail(where(table, column.name, row), describe(column, row), "a number")
    }
  }
  return out
}

const describe = (column: Column, row: number): string => {
  if (cellMissing(column, row)) return "(missing)"
  switch (column.kind) {
    case "date":
      return isoDateFromDay(column.values[row]!)
    case "text":
      return JSON.stringify(column.values[row])
    case "other":
      return `a ${column.sourceType} value`
    default:
      return String(column.values[row])
  }
}

const readLong = (table: ColumnTable): Positions => {
  const date = datesOf(table)
  const idColumn = findColumn(table, "security_id")
  if (idColumn === undefined) fail(table.source, `columns ${table.names.join(", ")}`, "a security_id column next to date and weight")
  const ids = numbersOf(table, idColumn!)
  const weights = numbersOf(table, findColumn(table, "weight")!)
  const securityId = new Int32Array(table.length)
  for (let row = 0; row < table.length; row++) {
    const id = ids[row]!
    if (!Number.isInteger(id) || id < -2147483648 || id > 2147483647) {
      fail(where(table, "security_id", row), describe(idColumn!, row), "an integer security id (int32)")
    }
    securityId[row] = id
    if (!Number.isFinite(weights[row]!)) fail(where(table, "weight", row), describe(findColumn(table, "weight")!, row), "a finite weight")
  }
  return longPositions({ date, securityId, weight: weights })
}

const readWide = (table: ColumnTable): Positions => {
  const dates = datesOf(table)
  const columns = table.columns.filter((c) => c.name !== "date")
  if (columns.length === 0) {
    fail(table.source, `columns ${table.names.join(", ")}`, "a weight column (long table) or one column per security id (wide table)")
  }
  const securityIds = new Int32Array(columns.length)
  columns.forEach((column, c) => {
    const id = Number(column.name.trim())
    if (!/^-?\d+$/.test(column.name.trim()) || id < -2147483648 || id > 2147483647) {
      fail(`${table.source} column ${JSON.stringify(column.name)}`, column.name, "a security id as the column name (or a long table with date, security_id, weight)")
    }
    securityIds[c] = id
  })
  for (let row = 1; row < table.length; row++) {
    if (dates[row]! <= dates[row - 1]!) {
      fail(where(table, "date", row), isoDateFromDay(dates[row]!), `a date after the previous row's ${isoDateFromDay(dates[row - 1]!)} (one row per date, ascending)`)
    }
  }
  const boolean = columns.every((c) => c.kind === "bool")
  const n = columns.length
  const weights = boolean ? new Uint8Array(table.length * n) : new Float64Array(table.length * n)
  columns.forEach((column, c) => {
    const values = numbersOf(table, column)
    for (let row = 0; row < table.length; row++) weights[row * n + c] = boolean && Number.isNaN(values[row]!) ? 0 : values[row]!
  })
  return densePositions({ dates, securityIds, weights })
}

/** Reads a positions file, long or wide (see the module comment). */
export const readPositionsFile = (path: string): Positions => {
  let table: ColumnTable
  try {
    table = readColumnTable(path)
  } catch (error) {
    if (error instanceof TableFileError) fail(path, "an unreadable file", `a Parquet, Arrow IPC or CSV table (${error.message})`)
    throw error
  }
  if (table!.length === 0) fail(path, "no rows", "at least one position row")
  return findColumn(table!, "weight") === undefined ? readWide(table!) : readLong(table!)
}
