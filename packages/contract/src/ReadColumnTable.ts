/**
 * Reads a Parquet, Arrow IPC (file or stream) or CSV file into a ColumnTable. The format is
 * detected from the content (FileFormat.ts), never from the extension. Every failure is a
 * TableFileError whose message starts with the path.
 */
import * as arrow from "apache-arrow"
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs"
import type { ColumnTable, FileFormat } from "./ColumnTable.ts"
import { detectFileFormat, detectFormatOf, FORMAT_PROBE_BYTES } from "./FileFormat.ts"
import { arrowColumns } from "./internal/arrowColumns.ts"
import type { CsvColumnBuilder } from "./internal/csvColumns.ts"
import { appendChunk, appendText, finishCsvColumn, makeCsvColumnBuilder, reserveRows } from "./internal/csvColumns.ts"
import type { ByteBlocks } from "./internal/csvTokenize.ts"
import { blocksOfBytes, scanCsv } from "./internal/csvTokenize.ts"
import { latin1Window } from "./internal/textParse.ts"
import { withParquetBytes } from "./ParquetRead.ts"
import { TableFileError } from "./TableFileError.ts"

export interface ReadColumnTableOptions {
  /**
   * Convert only these columns (the others are still listed in `names`); all when absent.
   * Names that the file lacks are simply not in `columns`.
   */
  readonly columns?: ReadonlyArray<string>
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

const fromArrow = (
  table: arrow.Table,
  source: string,
  format: FileFormat,
  wanted: ReadonlySet<string> | null
): ColumnTable => ({
  source,
  format,
  length: table.numRows,
  names: table.schema.fields.map((f) => f.name),
  columns: arrowColumns(table, wanted),
  lineOfRow: null
})

const readParquet = (bytes: Uint8Array, source: string, wanted: ReadonlySet<string> | null): ColumnTable => {
  let decoded = false
  try {
    return withParquetBytes(bytes, (table) => {
      decoded = true
      return fromArrow(table, source, "parquet", wanted)
    })
  } catch (error) {
    if (decoded) throw error // not the file's fault
    throw new TableFileError(source, `corrupt Parquet file (${messageOf(error)})`)
  }
}

const readArrow = (
  bytes: Uint8Array,
  source: string,
  format: "arrow-file" | "arrow-stream",
  wanted: ReadonlySet<string> | null
): ColumnTable => {
  let table: arrow.Table
  try {
    table = arrow.tableFromIPC(bytes)
  } catch (error) {
    const what = format === "arrow-file" ? "Arrow IPC file" : "Arrow IPC stream"
    throw new TableFileError(source, `truncated or corrupt ${what} (${messageOf(error)})`)
  }
  return fromArrow(table, source, format, wanted)
}

/**
 * Streams CSV blocks into typed columns; `again` gives the blocks anew for the second pass that
 * columns turning to text in a later chunk need.
 */
const readCsv = (again: () => ByteBlocks, size: number, source: string, wanted: ReadonlySet<string> | null): ColumnTable => {
  let names: ReadonlyArray<string> = []
  let builders: Array<CsvColumnBuilder> = []
  let lineOfRow = new Int32Array(0)
  let rows = 0
  scanCsv(
    again(),
    source,
    (header) => {
      names = header
      const seen = new Map<string, number>()
      header.forEach((name, field) => {
        const earlier = seen.get(name)
        if (earlier !== undefined && name !== "") {
          throw new TableFileError(source, `column "${name}" appears twice in the header (fields ${earlier + 1} and ${field + 1})`)
        }
        seen.set(name, field)
      })
      builders = header.flatMap((name, field) => (wanted === null || wanted.has(name) ? [makeCsvColumnBuilder(field, name)] : []))
    },
    (chunk) => {
      const latin1 = latin1Window(chunk.bytes, chunk.from, chunk.to)
      for (const builder of builders) appendChunk(builder, chunk, latin1)
      if (rows === 0 && chunk.to > chunk.from) {
        // the rows of the whole file, estimated from the first chunk's bytes per row (+3%)
        const estimate = Math.ceil((1.03 * size * chunk.nRows) / (chunk.to - chunk.from)) + 64
        for (const builder of builders) reserveRows(builder, estimate)
        lineOfRow = new Int32Array(estimate)
      }
      if (lineOfRow.length < rows + chunk.nRows) {
        const grown = new Int32Array(Math.max(rows + chunk.nRows, 2 * lineOfRow.length))
        grown.set(lineOfRow.subarray(0, rows))
        lineOfRow = grown
      }
      lineOfRow.set(chunk.lineOfRow.subarray(0, chunk.nRows), rows)
      rows += chunk.nRows
    }
  )
  const retext = builders.filter((b) => b.needsTextPass)
  if (retext.length > 0) {
    for (const b of retext) {
      b.text = []
      b.rows = 0
    }
    scanCsv(again(), source, () => undefined, (chunk) => {
      for (const b of retext) {
        appendText(b, chunk, b.rows)
        b.rows += chunk.nRows
      }
    })
  }
  return { source, format: "csv", length: rows, names, columns: builders.map(finishCsvColumn), lineOfRow: lineOfRow.subarray(0, rows) }
}

/** A ColumnTable from the whole content of a file; `source` names it in messages. */
export const columnTableFromBytes = (
  bytes: Uint8Array,
  source: string,
  options: ReadColumnTableOptions = {}
): ColumnTable => {
  const wanted = options.columns === undefined ? null : new Set(options.columns)
  const format = detectFileFormat(bytes, source)
  switch (format) {
    case "parquet":
      return readParquet(bytes, source, wanted)
    case "arrow-file":
    case "arrow-stream":
      return readArrow(bytes, source, format, wanted)
    case "csv":
      return readCsv(() => blocksOfBytes(bytes), bytes.length, source, wanted)
  }
}

/** Bytes read from a file per block when it is streamed (CSV). */
const BLOCK_BYTES = 4 << 20

const fileProblem = (error: unknown): string => {
  const code = (error as { code?: string }).code
  return code === "ENOENT"
    ? "no such file"
    : code === "EISDIR"
    ? "is a folder, not a file"
    : code === "EACCES"
    ? "permission denied"
    : messageOf(error)
}

/** The blocks of the file at `path`, read on demand (the file is opened per pass). */
const blocksOfFile = (path: string): ByteBlocks => {
  const fd = openSync(path, "r")
  let closed = false
  return () => {
    if (closed) return null
    const block = new Uint8Array(BLOCK_BYTES)
    const n = readSync(fd, block, 0, BLOCK_BYTES, null)
    if (n > 0) return n === BLOCK_BYTES ? block : block.subarray(0, n)
    closeSync(fd)
    closed = true
    return null
  }
}

/**
 * Reads the table file at `path` (see columnTableFromBytes). CSV files are streamed in blocks,
 * so memory holds the columns, not the file; Parquet and Arrow IPC files are read whole.
 */
export const readColumnTable = (path: string, options: ReadColumnTableOptions = {}): ColumnTable => {
  let format: FileFormat
  let size = 0
  try {
    const fd = openSync(path, "r")
    try {
      size = fstatSync(fd).size
      const head = new Uint8Array(Math.min(size, FORMAT_PROBE_BYTES))
      readSync(fd, head, 0, head.length, 0)
      const tail = new Uint8Array(Math.min(size, 8))
      readSync(fd, tail, 0, tail.length, size - tail.length)
      format = detectFormatOf(head, tail, size, path)
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    if (error instanceof TableFileError) throw error
    throw new TableFileError(path, fileProblem(error))
  }
  if (format !== "csv") return columnTableFromBytes(readFileSync(path), path, options)
  const wanted = options.columns === undefined ? null : new Set(options.columns)
  return readCsv(() => blocksOfFile(path), size, path, wanted)
}
