/**
 * The record batches parquet-wasm hands over through the Arrow C data interface
 * (https://arrow.apache.org/docs/format/CDataInterface.html), read as typed-array views into wasm
 * memory for the fixed-width column types of a snapshot. arrow-js-ffi reads every Arrow type but
 * needs apache-arrow, whose import costs a fresh worker thread 0.1-0.2 s; loading a panel needs
 * six types, read here from the structs directly. The views die when wasm memory grows or the
 * stream is freed, so the batches are only lent to a callback.
 */
import { wasmMemory } from "parquet-wasm"
import type { Table as WasmTable } from "parquet-wasm"

/** One column of one record batch. */
export interface ColumnChunk {
  /** Arrow format string: "i" int32, "tdD" date32, "g" float64, "f" float32, "s" int16, "b" bool. */
  readonly format: string
  readonly length: number
  /** Validity bitmap, null when no value is null: row r is present when bit `bitOffset + r` is set. */
  readonly validity: Uint8Array | null
  /** Bit of row 0 in `validity` (and, for bool, in `values`). */
  readonly bitOffset: number
  /** Row r's value is `values[r]`; for bool, `values` is the bit-packed bitmap (bit `bitOffset + r`). */
  readonly values: Int32Array | Float64Array | Float32Array | Int16Array | Uint8Array
}

export interface LentBatches {
  readonly names: ReadonlyArray<string>
  readonly formats: ReadonlyArray<string>
  /** `batches[b][c]`: column c of batch b. */
  readonly batches: ReadonlyArray<ReadonlyArray<ColumnChunk>>
}

/** Arrow's names for the formats, for messages. */
const FORMAT_NAMES: Record<string, string> = {
  i: "Int32",
  tdD: "Date32<DAY>",
  tdm: "Date64<MILLISECOND>",
  g: "Float64",
  f: "Float32",
  s: "Int16",
  l: "Int64",
  c: "Int8",
  b: "Bool",
  u: "Utf8",
  U: "LargeUtf8"
}

export const formatName = (format: string): string => FORMAT_NAMES[format] ?? `Arrow format "${format}"`

const cString = (memory: Uint8Array, ptr: number): string => {
  let end = ptr
  while (memory[end] !== 0) end++
  return Buffer.from(memory.buffer, memory.byteOffset + ptr, end - ptr).toString("utf8")
}

type ViewType = Int32ArrayConstructor | Float64ArrayConstructor | Float32ArrayConstructor | Int16ArrayConstructor

const VIEW_TYPES: Record<string, ViewType> = { i: Int32Array, tdD: Int32Array, g: Float64Array, f: Float32Array, s: Int16Array }

/** A view of `length` elements at byte `byteOffset`, copied when the address is not aligned for the type. */
const viewOf = (buffer: ArrayBuffer, Type: ViewType, byteOffset: number, length: number): ColumnChunk["values"] => {
  if (byteOffset % Type.BYTES_PER_ELEMENT === 0) return new Type(buffer, byteOffset, length)
  const copy = new Type(length)
  new Uint8Array(copy.buffer).set(new Uint8Array(buffer, byteOffset, length * Type.BYTES_PER_ELEMENT))
  return copy
}

/** Column chunk at `ptr`, whose parent (the batch's struct array) starts at row `parentOffset`. */
const readChunk = (buffer: ArrayBuffer, view: DataView, format: string, ptr: number, parentOffset: number, parentLength: number): ColumnChunk => {
  const length = parentLength
  const nullCount = Number(view.getBigInt64(ptr + 8, true))
  const offset = Number(view.getBigInt64(ptr + 16, true)) + parentOffset
  const buffers = view.getUint32(ptr + 40, true)
  const validityPtr = view.getUint32(buffers, true)
  const dataPtr = view.getUint32(buffers + 4, true)
  const validity = nullCount === 0 || validityPtr === 0 ? null : new Uint8Array(buffer, validityPtr, (offset + length + 7) >> 3)
  const Type = VIEW_TYPES[format]
  if (Type !== undefined) {
    return { format, length, validity, bitOffset: offset, values: viewOf(buffer, Type, dataPtr + offset * Type.BYTES_PER_ELEMENT, length) }
  }
  if (format === "b") return { format, length, validity, bitOffset: offset, values: new Uint8Array(buffer, dataPtr, (offset + length + 7) >> 3) }
  // Other types are refused by the caller's type check before any value is read.
  return { format, length, validity: null, bitOffset: 0, values: new Uint8Array(0) }
}

/**
 * Lends the batches of `table` (consumed) to `use`: per batch, one chunk per top-level column.
 * Views are valid only during the call; copy out what you keep.
 */
export const lendBatches = <A>(table: WasmTable, use: (lent: LentBatches) => A): A => {
  const stream = table.intoFFI()
  try {
    const buffer = wasmMemory().buffer as ArrayBuffer
    const view = new DataView(buffer)
    const bytes = new Uint8Array(buffer)
    const schema = stream.schemaAddr()
    const nFields = Number(view.getBigInt64(schema + 24, true))
    const fieldPtrs = view.getUint32(schema + 32, true)
    const names: Array<string> = []
    const formats: Array<string> = []
    for (let c = 0; c < nFields; c++) {
      const field = view.getUint32(fieldPtrs + 4 * c, true)
      formats.push(cString(bytes, view.getUint32(field, true)))
      names.push(cString(bytes, view.getUint32(field + 4, true)))
    }
    const batches = Array.from(stream.arrayAddrs(), (struct) => {
      const length = Number(view.getBigInt64(struct, true))
      const offset = Number(view.getBigInt64(struct + 16, true))
      const children = view.getUint32(struct + 44, true)
      return formats.map((format, c) => readChunk(buffer, view, format, view.getUint32(children + 4 * c, true), offset, length))
    })
    return use({ names, formats, batches })
  } finally {
    stream.free()
  }
}
