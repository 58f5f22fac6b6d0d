/**
 * Reads chosen columns of chosen row groups of a Parquet file with parquet-wasm's async reader
 * over a FileBlob: only those byte ranges are read, and wasm memory holds one piece at a time,
 * so a file of any size is read in bounded memory. (The sync `readParquet` needs the whole file
 * copied into wasm memory, decodes every column, whatever `columns` says, and on the seed preset
 * grew wasm memory to ~480 MB, whose first touch cost more than the decoding.)
 */
import { ParquetFile } from "parquet-wasm"
import { SnapshotError } from "../SnapshotError.ts"
import { lendBatches } from "./arrowFfi.ts"
import type { LentBatches } from "./arrowFfi.ts"
import { FileBlob } from "./fileBlob.ts"

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

export class RowGroupReader {
  readonly path: string
  private readonly blob: FileBlob
  private readonly file: ParquetFile

  private constructor(path: string, blob: FileBlob, file: ParquetFile) {
    this.path = path
    this.blob = blob
    this.file = file
  }

  /** Opens `path` and reads its footer; `close()` the reader when done. */
  static async open(path: string): Promise<RowGroupReader> {
    const blob = FileBlob.open(path)
    try {
      const file = await ParquetFile.fromFile(blob as unknown as Blob)
      blob.reclaim()
      return new RowGroupReader(path, blob, file)
    } catch (error) {
      blob.close()
      if (error instanceof SnapshotError) throw error
      throw new SnapshotError(`${path}: cannot read the Parquet file: ${messageOf(error)}`)
    }
  }

  /**
   * Decodes `columns` of `rowGroups` (one record batch per row group; `maxGroupRows` is the
   * largest group's row count) and lends the batches to `use`; the views die when it returns.
   */
  async read<A>(
    rowGroups: ReadonlyArray<number>,
    columns: ReadonlyArray<string>,
    maxGroupRows: number,
    use: (lent: LentBatches) => A
  ): Promise<A> {
    let table
    try {
      table = await this.file.read({ rowGroups: [...rowGroups], columns: [...columns], batchSize: Math.max(1, maxGroupRows) })
    } catch (error) {
      if (error instanceof SnapshotError) throw error
      throw new SnapshotError(`${this.path}: cannot read row groups ${rowGroups.join(", ")}: ${messageOf(error)}`)
    }
    // The file's bytes are in wasm memory now; the read buffers can go.
    this.blob.reclaim()
    return lendBatches(table, use)
  }

  close(): void {
    this.file.free()
    this.blob.close()
  }
}

/** Opens `path`, lends the reader to `use`, and closes it. */
export const withRowGroupReader = async <A>(path: string, use: (reader: RowGroupReader) => Promise<A>): Promise<A> => {
  const reader = await RowGroupReader.open(path)
  try {
    return await use(reader)
  } finally {
    reader.close()
  }
}
