/**
 * Converts the three typed columns of a signal file to their in-memory form, recording every
 * problem. Typed formats (Parquet, Arrow IPC) must declare a fitting type; the only text they
 * may use is ISO date strings. CSV has no types, so each cell must parse as what the column
 * needs, and the cells that do not are listed by line.
 */
import type { Column, ColumnTable } from "../ColumnTable.ts"
import { userRowNumber } from "../ColumnTable.ts"
import { isoDateFromDay } from "../Dates.ts"
import type { SignalProblem, SignalProblemCode } from "../SignalProblem.ts"
import { formatExamples } from "../SignalProblem.ts"
import type { Tally } from "./tally.ts"
import { countRow, makeTally } from "./tally.ts"
import { NOT_A_DATE, NOT_A_NUMBER_CELL, parseDayCell, parseFloatCell, parseTextWith } from "./textParse.ts"

const INT32_MIN = -2147483648
const INT32_MAX = 2147483647

export const EXPECTED_ID = "an integer from -2147483648 to 2147483647"
export const EXPECTED_DATE = "a date: YYYY-MM-DD, an ISO timestamp, date32, date64 or a timestamp"
export const EXPECTED_SIGNAL = "a finite number"

/** What each column must hold, for a typed file's whole-column type error. */
const EXPECTED_TYPE = {
  id: "an integer type (int8 to int64)",
  date: "date32, date64, a timestamp, or ISO date strings",
  signal: "a number type (float or integer)"
} as const

export interface ConvertContext {
  readonly table: ColumnTable
  readonly rowWord: "line" | "row"
  readonly problems: Array<SignalProblem>
}

/** The value of a cell as shown in messages. */
export const displayCell = (column: Column, row: number): string => {
  if (column.valid !== null && column.valid[row] === 0) return "(missing)"
  switch (column.kind) {
    case "int32":
    case "int64":
    case "float":
      return String(column.values[row])
    case "date":
      return isoDateFromDay(column.values[row]!)
    case "bool":
      return column.values[row] === 1 ? "true" : "false"
    case "text":
      return JSON.stringify(column.values[row])
    case "other":
      return "(unsupported value)"
  }
}

/** Adds a row-level problem when the tally counted rows. */
export const pushTally = (
  ctx: ConvertContext,
  tally: Tally,
  code: SignalProblemCode,
  column: string | null,
  what: string,
  expected: string,
  severity: "error" | "warning" = "error"
): void => {
  if (tally.count === 0) return
  const subject = column === null ? "" : `column "${column}": `
  ctx.problems.push({
    code,
    severity,
    column,
    count: tally.count,
    examples: tally.examples,
    expected,
    message: `${subject}${tally.count.toLocaleString("en-US")} ${what}: ${
      formatExamples(ctx.rowWord, tally.examples, tally.count)
    } (expected ${expected})`
  })
}

const wholeColumnWrongType = (ctx: ConvertContext, column: Column, expectedType: string, hint = ""): null => {
  ctx.problems.push({
    code: "wrong-type",
    severity: "error",
    column: column.name,
    count: ctx.table.length,
    examples: [],
    expected: expectedType,
    message: `column "${column.name}" has type ${column.sourceType}, expected ${expectedType}${hint}`
  })
  return null
}

const missingValues = (ctx: ConvertContext, column: Column, tally: Tally, expected: string): void =>
  pushTally(ctx, tally, "missing-value", column.name, tally.count === 1 ? "row has no value" : "rows have no value", expected)

/** A value of a text-format cell that is an integer (also `12.0`), or NaN. */
const integerOf = (column: Column, row: number): number => {
  switch (column.kind) {
    case "int32":
    case "int64":
    case "float":
      return Number.isInteger(column.values[row]) ? column.values[row]! : NaN
    case "text": {
      const v = parseTextWith(column.values[row]!, parseFloatCell)
      return v !== NOT_A_NUMBER_CELL && Number.isInteger(v) ? v : NaN
    }
    default:
      return NaN
  }
}

/** `security_id` as int32 (rows without a usable id marked in `bad`), or null when the column has the wrong type. */
export const securityIdsOf = (ctx: ConvertContext, column: Column, bad: Uint8Array): Int32Array | null => {
  const table = ctx.table
  const n = table.length
  const typed = table.format !== "csv"
  if (column.kind === "int32" && column.valid === null) return column.values
  if (typed && column.kind !== "int32" && column.kind !== "int64") return wholeColumnWrongType(ctx, column, EXPECTED_TYPE.id)
  const ids = new Int32Array(n)
  const missing = makeTally()
  const notInteger = makeTally()
  const outside = makeTally()
  for (let row = 0; row < n; row++) {
    if (column.valid !== null && column.valid[row] === 0) {
      bad[row] = 1
      countRow(missing, userRowNumber(table, row), () => null)
      continue
    }
    const v = integerOf(column, row)
    if (Number.isNaN(v)) {
      bad[row] = 1
      countRow(notInteger, userRowNumber(table, row), () => displayCell(column, row))
    } else if (v < INT32_MIN || v > INT32_MAX) {
      bad[row] = 1
      countRow(outside, userRowNumber(table, row), () => displayCell(column, row))
    } else {
      ids[row] = v
    }
  }
  missingValues(ctx, column, missing, EXPECTED_ID)
  pushTally(ctx, notInteger, "wrong-type", column.name, notInteger.count === 1 ? "value is not an integer" : "values are not integers", EXPECTED_ID)
  pushTally(ctx, outside, "outside-int32", column.name, outside.count === 1 ? "value is outside the int32 range" : "values are outside the int32 range", EXPECTED_ID)
  return ids
}

/** Integers that read like YYYYMMDD dates, for a hint. */
const looksLikeYyyymmdd = (column: Column): boolean => {
  if (column.kind !== "int32" && column.kind !== "int64") return false
  for (let row = 0; row < column.values.length; row++) {
    if (column.valid !== null && column.valid[row] === 0) continue
    const v = column.values[row]!
    return v >= 18000101 && v <= 22001231
  }
  return false
}

const YYYYMMDD_HINT = " (integers such as 20240102 are not dates here: write ISO dates like 2024-01-02, or date32)"

/** A date column (`date_sig`, `date_avail`) as day numbers, or null when it has the wrong type. */
export const daysOf = (ctx: ConvertContext, column: Column, bad: Uint8Array): Int32Array | null => {
  const table = ctx.table
  const n = table.length
  const typed = table.format !== "csv"
  if (column.kind === "date" && column.valid === null) return column.values
  if (typed && column.kind !== "date" && column.kind !== "text") {
    return wholeColumnWrongType(ctx, column, EXPECTED_TYPE.date, looksLikeYyyymmdd(column) ? YYYYMMDD_HINT : "")
  }
  const days = new Int32Array(n)
  const missing = makeTally()
  const notDate = makeTally()
  for (let row = 0; row < n; row++) {
    if (column.valid !== null && column.valid[row] === 0) {
      bad[row] = 1
      countRow(missing, userRowNumber(table, row), () => null)
      continue
    }
    const day = column.kind === "date"
      ? column.values[row]!
      : column.kind === "text"
      ? parseTextWith(column.values[row]!, parseDayCell)
      : NOT_A_DATE
    if (day === NOT_A_DATE) {
      bad[row] = 1
      countRow(notDate, userRowNumber(table, row), () => displayCell(column, row))
    } else {
      days[row] = day
    }
  }
  missingValues(ctx, column, missing, EXPECTED_DATE)
  const what = notDate.count === 1 ? "value is not a date" : "values are not dates"
  pushTally(ctx, notDate, "wrong-type", column.name, what, EXPECTED_DATE + (looksLikeYyyymmdd(column) ? YYYYMMDD_HINT : ""))
  return days
}

/**
 * `signal` as float64 (missing values NaN), or null when the column has the wrong type.
 * Non-finite values are left for the caller, which rejects or drops them.
 */
export const signalOf = (ctx: ConvertContext, column: Column, bad: Uint8Array): Float64Array | null => {
  const table = ctx.table
  const n = table.length
  if (column.kind === "float" || column.kind === "int64") return column.values
  if (column.kind === "int32") {
    const out = new Float64Array(n)
    for (let row = 0; row < n; row++) out[row] = column.valid !== null && column.valid[row] === 0 ? NaN : column.values[row]!
    return out
  }
  if (table.format !== "csv") return wholeColumnWrongType(ctx, column, EXPECTED_TYPE.signal)
  const out = new Float64Array(n)
  const notNumber = makeTally()
  for (let row = 0; row < n; row++) {
    if (column.valid !== null && column.valid[row] === 0) {
      out[row] = NaN
      continue
    }
    const v = column.kind === "text" ? parseTextWith(column.values[row]!, parseFloatCell) : NOT_A_NUMBER_CELL
    if (v === NOT_A_NUMBER_CELL) {
      bad[row] = 1
      out[row] = 0
      countRow(notNumber, userRowNumber(table, row), () => displayCell(column, row))
    } else {
      out[row] = v
    }
  }
  const what = notNumber.count === 1 ? "value is not a number" : "values are not numbers"
  pushTally(ctx, notNumber, "wrong-type", column.name, what, EXPECTED_SIGNAL)
  return out
}
