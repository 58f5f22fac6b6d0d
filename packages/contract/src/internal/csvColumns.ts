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
 * Parsers of one field's cells as one kind, from row `from` on: each writes the values and
 * marks `valid`, skips null tokens, and returns the first row whose cell is neither (the number
 * of rows when there is none). One small function per kind keeps each loop monomorphic.
 */
const parseInts = (cells: CsvCells, field: number, from: number, latin1: string, out: Float64Array, valid: Uint8Array): number => {
  const { bytes, nFields, nRows, start, end } = cells
  for (let row = from; row < nRows; row++) {
    const k = row * nFields + field
    const v = parseIntegerCell(bytes, start[k]!, end[k]!, latin1)
    if (v !== NOT_A_NUMBER_CELL) {
      out[row] = v
      valid[row] = 1
    } else if (!isNullCell(bytes, start[k]!, end[k]!)) {
      return row
    }
  }
  return nRows
}

const parseFloats = (cells: CsvCells, field: number, from: number, latin1: string, out: Float64Array, valid: Uint8Array): number => {
  const { bytes, nFields, nRows, start, end } = cells
  for (let row = from; row < nRows; row++) {
    const k = row * nFields + field
    const v = parseFloatCell(bytes, start[k]!, end[k]!, latin1)
    if (v !== NOT_A_NUMBER_CELL) {
      out[row] = v
      valid[row] = 1
    } else if (!isNullCell(bytes, start[k]!, end[k]!)) {
      return row
    }
  }
  return nRows
}

const parseDays = (cells: CsvCells, field: number, from: number, out: Int32Array, valid: Uint8Array): number => {
  const { bytes, nFields, nRows, start, end } = cells
  for (let row = from; row < nRows; row++) {
    const k = row * nFields + field
    const v = parseDayCell(bytes, start[k]!, end[k]!)
    if (v !== NOT_A_DATE) {
      out[row] = v
      valid[row] = 1
    } else if (!isNullCell(bytes, start[k]!, end[k]!)) {
      return row
    }
  }
  return nRows
}

const parseBools = (cells: CsvCells, field: number, from: number, out: Uint8Array, valid: Uint8Array): number => {
  const { bytes, nFields, nRows, start, end } = cells
  for (let row = from; row < nRows; row++) {
    const k = row * nFields + field
    const v = parseBooleanCell(bytes, start[k]!, end[k]!)
    if (v >= 0) {
      out[row] = v
      valid[row] = 1
    } else if (!isNullCell(bytes, start[k]!, end[k]!)) {
      return row
    }
  }
  return nRows
}

/** The first row whose cell is not a null token. */
const firstValue = (cells: CsvCells, field: number): number => {
  const { bytes, nFields, nRows, start, end } = cells
  let row = 0
  while (row < nRows && isNullCell(bytes, start[row * nFields + field]!, end[row * nFields + field]!)) row++
  return row
}

/** Integers as int32 when they all fit, else as int64 (doubles); missing rows -1 / NaN. */
const integerColumn = (base: Omit<Column, "kind" | "values">, values: Float64Array, valid: Uint8Array): Column => {
  const n = values.length
  for (let row = 0; row < n; row++) {
    const v = values[row]!
    if (v < INT32_MIN || v > INT32_MAX) return { ...base, kind: "int64", values }
  }
  const ints = new Int32Array(n)
  for (let row = 0; row < n; row++) ints[row] = valid[row] === 1 ? values[row]! : -1
  return { ...base, kind: "int32", values: ints }
}

/**
 * The column of field `field`, its type inferred from its cells. `latin1` is the file as a
 * one-character-per-byte string, for the numbers too long to parse exactly here.
 */
export const csvColumn = (cells: CsvCells, field: number, latin1: string): Column => {
  const { bytes, nFields, nRows, start, end } = cells
  const valid = new Uint8Array(nRows)
  const first = firstValue(cells, field)
  const guess = first === nRows ? "empty" : guessCell(bytes, start[first * nFields + field]!, end[first * nFields + field]!)
  const finish = (): Omit<Column, "kind" | "values"> => {
    let present = 0
    for (let row = 0; row < nRows; row++) present += valid[row]!
    return { name: cells.header[field]!, sourceType: "csv", valid: present === nRows ? null : valid, nullCount: nRows - present }
  }
  switch (guess) {
    case "empty":
      return { ...finish(), kind: "float", values: new Float64Array(nRows).fill(NaN) }
    case "int":
    case "float": {
      const values = new Float64Array(nRows).fill(NaN)
      let row = first
      if (guess === "int") {
        row = parseInts(cells, field, row, latin1, values, valid)
        if (row === nRows) return integerColumn(finish(), values, valid)
      }
      row = parseFloats(cells, field, row, latin1, values, valid)
      return row === nRows ? { ...finish(), kind: "float", values } : textColumn(cells, field)
    }
    case "date": {
      const values = new Int32Array(nRows).fill(MISSING_DAY)
      return parseDays(cells, field, first, values, valid) === nRows ? { ...finish(), kind: "date", values } : textColumn(cells, field)
    }
    case "bool": {
      const values = new Uint8Array(nRows)
      return parseBools(cells, field, first, values, valid) === nRows ? { ...finish(), kind: "bool", values } : textColumn(cells, field)
    }
    case "text":
      return textColumn(cells, field)
  }
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
