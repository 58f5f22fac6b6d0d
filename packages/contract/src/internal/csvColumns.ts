/**
 * Typed columns from CSV cells. A column's type is the narrowest one that every non-empty cell
 * parses as: integer (int32, or int64 when a value is out of the int32 range), float, date,
 * boolean, else text. Integers widen to float; any other disagreement makes the column text,
 * so a validator can still name the rows that do not parse as the type it expects.
 */
import type { Column, TextColumn } from "../ColumnTable.ts"
import { MISSING_DAY } from "../ColumnTable.ts"
import type { CsvCells } from "./csvTokenize.ts"
import { decodeCell } from "./csvTokenize.ts"
import {
  isNullCell,
  NOT_A_DATE,
  NOT_A_NUMBER_CELL,
  parseBooleanCell,
  parseDayCell,
  parseFloatCell,
  parseIntegerCell
} from "./textParse.ts"

const INT32_MIN = -2147483648
const INT32_MAX = 2147483647

type Guess = "int" | "float" | "date" | "bool" | "text"

/** The first guess from one non-empty cell. */
const guessCell = (bytes: Uint8Array, s: number, e: number): Guess => {
  if (parseIntegerCell(bytes, s, e) !== NOT_A_NUMBER_CELL) return "int"
  if (parseFloatCell(bytes, s, e) !== NOT_A_NUMBER_CELL) return "float"
  if (parseDayCell(bytes, s, e) !== NOT_A_DATE) return "date"
  if (parseBooleanCell(bytes, s, e) >= 0) return "bool"
  return "text"
}

/**
 * The column of field `field`, its type inferred from its cells. `latin1` is the file as a
 * one-character-per-byte string, for the numbers too long to parse exactly here.
 */
export const csvColumn = (cells: CsvCells, field: number, latin1: string): Column => {
  const { bytes, nFields, nRows, start, end } = cells
  const name = cells.header[field]!
  const valid = new Uint8Array(nRows)
  let nullCount = 0
  let guess: Guess | null = null
  let numbers: Float64Array | null = null
  let days: Int32Array | null = null
  let bools: Uint8Array | null = null

  // Each cell is parsed as the current guess first; a cell that does not fit and is not a null
  // token widens the guess (int -> float, anything else -> text) and is parsed again.
  for (let row = 0; row < nRows; row++) {
    const k = row * nFields + field
    const s = start[k]!
    const e = end[k]!
    if (guess === "int") {
      const v = parseIntegerCell(bytes, s, e, latin1)
      if (v !== NOT_A_NUMBER_CELL) {
        numbers![row] = v
        valid[row] = 1
        continue
      }
    } else if (guess === "float") {
      const v = parseFloatCell(bytes, s, e, latin1)
      if (v !== NOT_A_NUMBER_CELL) {
        numbers![row] = v
        valid[row] = 1
        continue
      }
    } else if (guess === "date") {
      const v = parseDayCell(bytes, s, e)
      if (v !== NOT_A_DATE) {
        days![row] = v
        valid[row] = 1
        continue
      }
    } else if (guess === "bool") {
      const v = parseBooleanCell(bytes, s, e)
      if (v >= 0) {
        bools![row] = v
        valid[row] = 1
        continue
      }
    }
    if (isNullCell(bytes, s, e)) {
      nullCount++
      continue
    }
    if (guess === null) {
      guess = guessCell(bytes, s, e)
      if (guess === "int" || guess === "float") numbers = new Float64Array(nRows).fill(NaN)
      else if (guess === "date") days = new Int32Array(nRows).fill(MISSING_DAY)
      else if (guess === "bool") bools = new Uint8Array(nRows)
    } else if (guess === "int") {
      guess = "float"
    } else {
      guess = "text"
    }
    if (guess === "text") return textColumn(cells, field)
    row-- // parse this cell again as the new guess
  }

  const base = { name, sourceType: "csv", valid: nullCount === 0 ? null : valid, nullCount }
  if (guess === "date") return { ...base, kind: "date", values: days! }
  if (guess === "bool") return { ...base, kind: "bool", values: bools! }
  if (guess === null) return { ...base, kind: "float", values: new Float64Array(nRows).fill(NaN) }
  const values = numbers!
  if (guess === "float") return { ...base, kind: "float", values }
  for (let row = 0; row < nRows; row++) {
    const v = values[row]!
    if (v < INT32_MIN || v > INT32_MAX) return { ...base, kind: "int64", values }
  }
  const ints = new Int32Array(nRows)
  for (let row = 0; row < nRows; row++) {
    const v = values[row]!
    ints[row] = v === v ? v : -1
  }
  return { ...base, kind: "int32", values: ints }
}

/** Every cell of the field as text ("" and valid 0 where empty or a null token). */
const textColumn = (cells: CsvCells, field: number): TextColumn => {
  const { bytes, nFields, nRows, start, end, escaped } = cells
  const values: Array<string> = new Array(nRows)
  const valid = new Uint8Array(nRows)
  let nullCount = 0
  for (let row = 0; row < nRows; row++) {
    const k = row * nFields + field
    if (isNullCell(bytes, start[k]!, end[k]!)) {
      values[row] = ""
      nullCount++
    } else {
      values[row] = decodeCell(bytes, start[k]!, end[k]!, escaped[k]!)
      valid[row] = 1
    }
  }
  return {
    name: cells.header[field]!,
    kind: "text",
    sourceType: "csv",
    valid: nullCount === 0 ? null : valid,
    nullCount,
    values
  }
}
