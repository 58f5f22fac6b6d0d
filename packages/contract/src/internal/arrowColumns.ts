/**
 * Typed columns copied out of an Arrow JS table (from Parquet via parquet-wasm, or Arrow IPC).
 * Copies are made at once because Parquet tables are views into wasm memory that die later.
 * A chunk's value buffer may be longer than the chunk (IPC pads buffers), so only `length`
 * values of each are read.
 * 64-bit integers are read as two 32-bit words (no BigInt per value); dates and timestamps
 * become exact day numbers (the UTC date part), also for nanosecond timestamps beyond 2^53.
 */
import * as arrow from "apache-arrow"
import type { Column } from "../ColumnTable.ts"
import { MISSING_DAY } from "../ColumnTable.ts"

const TWO_32 = 4294967296

/** Marks missing rows of one chunk in `valid` (from `base`); returns how many are missing. */
const markValidity = (data: arrow.Data, valid: Uint8Array, base: number): number => {
  const n = data.length
  const bitmap = data.nullBitmap
  if (data.nullCount === 0) {
    valid.fill(1, base, base + n)
    return 0
  }
  if (bitmap === undefined || bitmap.length === 0) {
    // no bitmap with nulls: the Null type, where every row is missing
    valid.fill(0, base, base + n)
    return n
  }
  let missing = 0
  const offset = data.offset
  for (let i = 0; i < n; i++) {
    const bit = offset + i
    const ok = (bitmap[bit >> 3]! >> (bit & 7)) & 1
    valid[base + i] = ok
    missing += 1 - ok
  }
  return missing
}

/** The two little-endian 32-bit words of each value of a 64-bit buffer. */
const words = (values: ArrayBufferView & { length: number }): Int32Array =>
  new Int32Array(values.buffer, values.byteOffset, values.length * 2)

/**
 * Day numbers of 64-bit counts of `1 / (2^shift * factor)` days (e.g. nanoseconds: 2^16 *
 * 1318359375 per day), floored exactly: first the power of two by shifting the words, then
 * the odd factor in double arithmetic, corrected by its exact remainder.
 */
const daysFromInt64 = (
  w: Int32Array,
  n: number,
  shift: number,
  factor: number,
  out: Int32Array,
  base: number
): void => {
  const high = 2 ** (32 - shift)
  for (let i = 0; i < n; i++) {
    const q = w[2 * i + 1]! * high + (w[2 * i]! >>> shift)
    let day = Math.floor(q / factor)
    const r = q - day * factor
    if (r < 0) day--
    else if (r >= factor) day++
    out[base + i] = day
  }
}

/** `[shift, factor]` with `2^shift * factor` = units per day, by arrow TimeUnit. */
const UNIT_PER_DAY: ReadonlyArray<readonly [number, number]> = [
  [7, 675], // seconds: 86400
  [10, 84375], // milliseconds
  [13, 10546875], // microseconds
  [16, 1318359375] // nanoseconds
]

type Converted =
  | { readonly kind: "int32"; readonly values: Int32Array }
  | { readonly kind: "int64" | "float"; readonly values: Float64Array }
  | { readonly kind: "date"; readonly values: Int32Array }
  | { readonly kind: "bool"; readonly values: Uint8Array }
  | { readonly kind: "text"; readonly values: Array<string> }
  | { readonly kind: "other" }

/** Converts one column (all its chunks) of `type`; missing rows hold whatever the file has there. */
const convert = (vector: arrow.Vector, type: arrow.DataType): Converted => {
  const n = vector.length
  const chunks = vector.data
  if (arrow.DataType.isInt(type)) {
    const wide = type.bitWidth === 64 || (type.bitWidth === 32 && !type.isSigned)
    if (!wide) {
      const out = new Int32Array(n)
      let base = 0
      for (const data of chunks) {
        out.set((data.values as Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array).subarray(0, data.length), base)
        base += data.length
      }
      return { kind: "int32", values: out }
    }
    const out = new Float64Array(n)
    let base = 0
    for (const data of chunks) {
      if (type.bitWidth === 32) {
        out.set((data.values as Uint32Array).subarray(0, data.length), base)
      } else {
        const w = words(data.values as BigInt64Array)
        for (let i = 0; i < data.length; i++) {
          const hi = type.isSigned ? w[2 * i + 1]! : w[2 * i + 1]! >>> 0
          out[base + i] = hi * TWO_32 + (w[2 * i]! >>> 0)
        }
      }
      base += data.length
    }
    return { kind: "int64", values: out }
  }
  if (arrow.DataType.isFloat(type)) {
    const out = new Float64Array(n)
    let base = 0
    for (const data of chunks) {
      if (type.precision === arrow.Precision.HALF) {
        const chunk = arrow.makeVector(data)
        for (let i = 0; i < data.length; i++) out[base + i] = chunk.get(i) as number
      } else {
        out.set((data.values as Float32Array | Float64Array).subarray(0, data.length), base)
      }
      base += data.length
    }
    return { kind: "float", values: out }
  }
  if (arrow.DataType.isDate(type) || arrow.DataType.isTimestamp(type)) {
    const out = new Int32Array(n)
    let base = 0
    for (const data of chunks) {
      if (arrow.DataType.isDate(type) && type.unit === arrow.DateUnit.DAY) {
        out.set((data.values as Int32Array).subarray(0, data.length), base)
      } else {
        const unit = arrow.DataType.isDate(type) ? arrow.TimeUnit.MILLISECOND : type.unit
        const [shift, factor] = UNIT_PER_DAY[unit]!
        daysFromInt64(words(data.values as BigInt64Array), data.length, shift, factor, out, base)
      }
      base += data.length
    }
    return { kind: "date", values: out }
  }
  const isText = arrow.DataType.isUtf8(type) || arrow.DataType.isLargeUtf8(type) || arrow.DataType.isUtf8View(type) ||
    (arrow.DataType.isDictionary(type) && arrow.DataType.isUtf8(type.dictionary))
  if (isText || arrow.DataType.isBool(type)) {
    const text: Array<string> = isText ? new Array(n) : []
    const bools = new Uint8Array(isText ? 0 : n)
    let base = 0
    for (const data of chunks) {
      const chunk = arrow.makeVector(data)
      for (let i = 0; i < data.length; i++) {
        const v = chunk.get(i)
        if (isText) text[base + i] = typeof v === "string" ? v : ""
        else bools[base + i] = v === true ? 1 : 0
      }
      base += data.length
    }
    return isText ? { kind: "text", values: text } : { kind: "bool", values: bools }
  }
  return { kind: "other" }
}

/** Applies the missing-value convention of ColumnTable.ts to the rows `valid` marks 0. */
const fillMissing = (converted: Converted, valid: Uint8Array): void => {
  if (converted.kind === "other" || converted.kind === "bool") return
  const n = valid.length
  const values = converted.values
  const missing = converted.kind === "int32" ? -1 : converted.kind === "date" ? MISSING_DAY : converted.kind === "text" ? "" : NaN
  for (let i = 0; i < n; i++) if (valid[i] === 0) (values as Array<unknown>)[i] = missing
}

/** Copies the columns of `table` (only `names` when given) into ColumnTable columns. */
export const arrowColumns = (table: arrow.Table, names: ReadonlySet<string> | null): Array<Column> => {
  const columns: Array<Column> = []
  for (const field of table.schema.fields) {
    if (names !== null && !names.has(field.name)) continue
    const vector = table.getChild(field.name)!
    const valid = new Uint8Array(vector.length)
    let nullCount = 0
    let base = 0
    for (const data of vector.data) {
      nullCount += markValidity(data, valid, base)
      base += data.length
    }
    const converted = convert(vector, field.type)
    if (nullCount > 0) fillMissing(converted, valid)
    columns.push({
      name: field.name,
      sourceType: String(field.type),
      valid: nullCount === 0 ? null : valid,
      nullCount,
      ...converted
    } as Column)
  }
  return columns
}
