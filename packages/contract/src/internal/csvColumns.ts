/**
 * Typed columns built from CSV chunks. A column's type is the narrowest one that every
 * non-empty cell parses as: integer (int32, or int64 when a value is out of the int32 range),
 * float, date, boolean, else text. Integers widen to float as they come; any other disagreement
 * makes the column text, which needs the cells before that chunk again: `needsTextPass` says
 * so, and the caller runs the file through `appendText` a second time.
 */
import type { Column } from "../ColumnTable.ts"
import { MISSING_DAY } from "../ColumnTable.ts"
import type { CsvChunk } from "./csvTokenize.ts"
import { decodeCell } from "./csvTokenize.ts"
import type { Latin1Window } from "./textParse.ts"
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

export interface CsvColumnBuilder {
  readonly field: number
  readonly name: string
  /** null until the first non-empty cell. */
  guess: Guess | null
  /** The column turned to text after earlier chunks were parsed as another type. */
  needsTextPass: boolean
  rows: number
  valid: Uint8Array
  numbers: Float64Array
  days: Int32Array
  bools: Uint8Array
  text: Array<string>
}

const EMPTY_F64 = new Float64Array(0)
const EMPTY_I32 = new Int32Array(0)
const EMPTY_U8 = new Uint8Array(0)

export const makeCsvColumnBuilder = (field: number, name: string): CsvColumnBuilder => ({
  field,
  name,
  guess: null,
  needsTextPass: false,
  rows: 0,
  valid: EMPTY_U8,
  numbers: EMPTY_F64,
  days: EMPTY_I32,
  bools: EMPTY_U8,
  text: []
})

/** The first guess from one non-empty cell. */
const guessCell = (bytes: Uint8Array, s: number, e: number): Guess => {
  if (parseIntegerCell(bytes, s, e) !== NOT_A_NUMBER_CELL) return "int"
  if (parseFloatCell(bytes, s, e) !== NOT_A_NUMBER_CELL) return "float"
  if (parseDayCell(bytes, s, e) !== NOT_A_DATE) return "date"
  if (parseBooleanCell(bytes, s, e) >= 0) return "bool"
  return "text"
}

/**
 * Parsers of one field's cells of a chunk as one kind, from chunk row `from` on: each writes
 * the value of chunk row `r` at `out[base + r]`, marks `valid`, skips null tokens, and returns
 * the first row whose cell is neither (the chunk's row count when there is none). One small
 * function per kind keeps each loop monomorphic and quick to optimise.
 */
const parseInts = (c: CsvChunk, field: number, from: number, latin1: Latin1Window, out: Float64Array, valid: Uint8Array, base: number): number => {
  const { bytes, nFields, nRows, start, end } = c
  for (let row = from; row < nRows; row++) {
    const k = row * nFields + field
    const v = parseIntegerCell(bytes, start[k]!, end[k]!, latin1)
    if (v !== NOT_A_NUMBER_CELL) {
      out[base + row] = v
      valid[base + row] = 1
    } else if (!isNullCell(bytes, start[k]!, end[k]!)) {
      return row
    }
  }
  return nRows
}

const parseFloats = (c: CsvChunk, field: number, from: number, latin1: Latin1Window, out: Float64Array, valid: Uint8Array, base: number): number => {
  const { bytes, nFields, nRows, start, end } = c
  for (let row = from; row < nRows; row++) {
    const k = row * nFields + field
    const v = parseFloatCell(bytes, start[k]!, end[k]!, latin1)
    if (v !== NOT_A_NUMBER_CELL) {
      out[base + row] = v
      valid[base + row] = 1
    } else if (!isNullCell(bytes, start[k]!, end[k]!)) {
      return row
    }
  }
  return nRows
}

const parseDays = (c: CsvChunk, field: number, from: number, out: Int32Array, valid: Uint8Array, base: number): number => {
  const { bytes, nFields, nRows, start, end } = c
  for (let row = from; row < nRows; row++) {
    const k = row * nFields + field
    const v = parseDayCell(bytes, start[k]!, end[k]!)
    if (v !== NOT_A_DATE) {
      out[base + row] = v
      valid[base + row] = 1
    } else if (!isNullCell(bytes, start[k]!, end[k]!)) {
      return row
    }
  }
  return nRows
}

const parseBools = (c: CsvChunk, field: number, from: number, out: Uint8Array, valid: Uint8Array, base: number): number => {
  const { bytes, nFields, nRows, start, end } = c
  for (let row = from; row < nRows; row++) {
    const k = row * nFields + field
    const v = parseBooleanCell(bytes, start[k]!, end[k]!)
    if (v >= 0) {
      out[base + row] = v
      valid[base + row] = 1
    } else if (!isNullCell(bytes, start[k]!, end[k]!)) {
      return row
    }
  }
  return nRows
}

/** The first chunk row whose cell is not a null token. */
const firstValue = (c: CsvChunk, field: number): number => {
  const { bytes, nFields, nRows, start, end } = c
  let row = 0
  while (row < nRows && isNullCell(bytes, start[row * nFields + field]!, end[row * nFields + field]!)) row++
  return row
}

/** `array` with room for `length` elements, new elements set to `fill`. */
const grow = <A extends Float64Array | Int32Array | Uint8Array>(array: A, length: number, fill: number): A => {
  if (array.length >= length) return array
  const out = new (array.constructor as new(length: number) => A)(Math.max(length, 2 * array.length))
  out.set(array)
  if (fill !== 0) out.fill(fill, array.length)
  return out
}

/**
 * Makes room for `rows` rows in all of the builder's arrays at once (the caller's estimate from
 * the file size), so a large file does not grow them by doubling, copy after copy.
 */
export const reserveRows = (b: CsvColumnBuilder, rows: number): void => {
  b.valid = grow(b.valid, rows, 0)
  if (b.guess === "int" || b.guess === "float") b.numbers = grow(b.numbers, rows, NaN)
  else if (b.guess === "date") b.days = grow(b.days, rows, MISSING_DAY)
  else if (b.guess === "bool") b.bools = grow(b.bools, rows, 0)
}

/** The first `n` elements: a view when little would be wasted, else a compact copy. */
const fit = <A extends Float64Array | Int32Array | Uint8Array>(array: A, n: number): A =>
  (array.length - n <= array.length / 8 ? array.subarray(0, n) : array.slice(0, n)) as A

/** Appends the text of the field's cells of a chunk (all of them, or from `from` on). */
export const appendText = (b: CsvColumnBuilder, c: CsvChunk, base: number): void => {
  const { bytes, nFields, nRows, start, end, escaped } = c
  b.valid = grow(b.valid, base + nRows, 0)
  while (b.text.length < base) b.text.push("")
  for (let row = 0; row < nRows; row++) {
    const k = row * nFields + b.field
    if (isNullCell(bytes, start[k]!, end[k]!)) {
      b.text[base + row] = ""
      b.valid[base + row] = 0
    } else {
      b.text[base + row] = decodeCell(bytes, start[k]!, end[k]!, escaped[k]!)
      b.valid[base + row] = 1
    }
  }
}

/** Parses the builder's field of one chunk, appending to its values. */
export const appendChunk = (b: CsvColumnBuilder, c: CsvChunk, latin1: Latin1Window): void => {
  const base = b.rows
  const total = base + c.nRows
  b.rows = total
  if (b.needsTextPass) return
  if (b.guess === "text") {
    appendText(b, c, base)
    return
  }
  let from = 0
  if (b.guess === null) {
    from = firstValue(c, b.field)
    if (from === c.nRows) return
    const k = from * c.nFields + b.field
    b.guess = guessCell(c.bytes, c.start[k]!, c.end[k]!)
    if (b.guess === "text") {
      appendText(b, c, base)
      return
    }
  }
  b.valid = grow(b.valid, total, 0)
  let stop: number
  switch (b.guess) {
    case "int":
    case "float":
      b.numbers = grow(b.numbers, total, NaN)
      if (b.guess === "int") {
        from = parseInts(c, b.field, from, latin1, b.numbers, b.valid, base)
        if (from === c.nRows) return
        b.guess = "float"
      }
      stop = parseFloats(c, b.field, from, latin1, b.numbers, b.valid, base)
      break
    case "date":
      b.days = grow(b.days, total, MISSING_DAY)
      stop = parseDays(c, b.field, from, b.days, b.valid, base)
      break
    case "bool":
      b.bools = grow(b.bools, total, 0)
      stop = parseBools(c, b.field, from, b.bools, b.valid, base)
      break
  }
  if (stop < c.nRows) {
    b.guess = "text"
    b.needsTextPass = true
  }
}

/** The finished column (call after all chunks, and after the text pass when it was needed). */
export const finishCsvColumn = (b: CsvColumnBuilder): Column => {
  const n = b.rows
  const valid = fit(grow(b.valid, n, 0), n)
  let present = 0
  for (let row = 0; row < n; row++) present += valid[row]!
  const base = { name: b.name, sourceType: "csv", valid: present === n ? null : valid, nullCount: n - present }
  switch (b.guess) {
    case null:
      return { ...base, kind: "float", values: new Float64Array(n).fill(NaN) }
    case "text":
      return { ...base, kind: "text", values: b.text.length === n ? b.text : b.text.slice(0, n) }
    case "date":
      return { ...base, kind: "date", values: fit(b.days, n) }
    case "bool":
      return { ...base, kind: "bool", values: fit(b.bools, n) }
    case "float":
      return { ...base, kind: "float", values: fit(b.numbers, n) }
    case "int": {
      const values = fit(b.numbers, n)
      for (let row = 0; row < n; row++) {
        const v = values[row]!
        if (v < INT32_MIN || v > INT32_MAX) return { ...base, kind: "int64", values }
      }
      const ints = new Int32Array(n)
      for (let row = 0; row < n; row++) ints[row] = valid[row] === 1 ? values[row]! : -1
      return { ...base, kind: "int32", values: ints }
    }
  }
}
