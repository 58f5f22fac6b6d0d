/**
 * Reading Parquet with parquet-wasm into Arrow JS without an IPC copy (notes/data-io.md, 4.1):
 * the record batches are handed over through the Arrow C data interface (arrow-js-ffi) as views
 * into wasm memory. Those views die when wasm memory grows or is freed, so they are only lent
 * to a callback; copy out what you keep before it returns.
 */
import type * as arrow from "apache-arrow"
import * as ffi from "arrow-js-ffi"
import { openAsBlob, readFileSync } from "node:fs"
import { ParquetFile, readParquet, wasmMemory } from "parquet-wasm"
import type { Table as WasmTable } from "parquet-wasm"

// arrow-js-ffi's .d.ts uses extensionless imports that NodeNext cannot follow; this is its signature.
const parseTable = ffi.parseTable as unknown as (
  buffer: ArrayBufferLike,
  arrayPtrs: Uint32Array | Array<number>,
  schemaPtr: number,
  copy?: boolean
) => arrow.Table

/** One batch per file: arrow-rs clamps the batch size to the row count, and few batches mean few copies. */
const ONE_BATCH = 2 ** 28
/**
 * The async reader makes at least one batch per row group and does not clamp the batch size:
 * 2^28 reserved ~270 MB of wasm memory per row group even for one int32 column (measured: 16
 * row groups of a 33M-row file reached 2.3 GB and 32 hit wasm's 4 GiB limit). 2^20 rows, the
 * usual maximum row-group size, gives one batch per row group at the data's own size.
 */
const ROW_GROUP_BATCH = 2 ** 20

export interface ParquetReadOptions {
  /** Read only these columns (only their byte ranges are read); all when absent. */
  readonly columns?: ReadonlyArray<string>
  /**
   * Read only these row groups (0-based; only their byte ranges are read); all when absent.
   * Reading a big file a few row groups at a time bounds wasm memory.
   */
  readonly rowGroups?: ReadonlyArray<number>
}

const lendTable = <A>(wasmTable: WasmTable, use: (table: arrow.Table) => A): A => {
  const stream = wasmTable.intoFFI()
  try {
    return use(parseTable(wasmMemory().buffer, stream.arrayAddrs(), stream.schemaAddr(), false))
  } finally {
    stream.free()
  }
}

/** Decodes Parquet bytes and lends the table to `use` (views valid only during the call). */
export const withParquetBytes = <A>(bytes: Uint8Array, use: (table: arrow.Table) => A): A =>
  lendTable(readParquet(bytes, { batchSize: ONE_BATCH }), use)

/**
 * Reads the Parquet file at `path` and lends the table to `use` (views valid only during the
 * call). With `columns` or `rowGroups`, only those parts are read from disk.
 */
export const withParquetFile = async <A>(
  path: string,
  options: ParquetReadOptions,
  use: (table: arrow.Table) => A
): Promise<A> => {
  if (options.columns === undefined && options.rowGroups === undefined) return withParquetBytes(readFileSync(path), use)
  const file = await ParquetFile.fromFile(await openAsBlob(path))
  try {
    const wasmTable = await file.read({
      ...(options.columns === undefined ? {} : { columns: [...options.columns] }),
      ...(options.rowGroups === undefined ? {} : { rowGroups: [...options.rowGroups] }),
      batchSize: ROW_GROUP_BATCH
    })
    return lendTable(wasmTable, use)
  } finally {
    file.free()
  }
}
