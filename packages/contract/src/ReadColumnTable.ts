/**
 * Reads a Parquet, Arrow IPC (file or stream) or CSV file into a ColumnTable. The format is
 * detected from the content (FileFormat.ts), never from the extension. Every failure is a
 * TableFileError whose message starts with the path.
 */
import * as arrow from "apache-arrow"
import { readFileSync } from "node:fs"
import type { Column, ColumnTable, FileFormat } from "./ColumnTable.ts"
import { detectFileFormat } from "./FileFormat.ts"
import { arrowColumns } from "./internal/arrowColumns.ts"
import { csvColumn } from "./internal/csvColumns.ts"
import { tokenizeCsv } from "./internal/csvTokenize.ts"
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
  try {
    return withParquetBytes(bytes, (table) => fromArrow(table, source, "parquet", wanted))
  } catch (error) {
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

const readCsv = (bytes: Uint8Array, source: string, wanted: ReadonlySet<string> | null): ColumnTable => {
  const cells = tokenizeCsv(bytes, source)
  const seen = new Map<string, number>()
  cells.header.forEach((name, field) => {
    const earlier = seen.get(name)
    if (earlier !== undefined && name !== "") {
      throw new TableFileError(source, `column "${name}" appears twice in the header (fields ${earlier + 1} and ${field + 1})`)
    }
    seen.set(name, field)
  })
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1")
  const columns: Array<Column> = []
  cells.header.forEach((name, field) => {
    if (wanted === null || wanted.has(name)) columns.push(csvColumn(cells, field, latin1))
  })
  return { source, format: "csv", length: cells.nRows, names: cells.header, columns, lineOfRow: cells.lineOfRow.subarray(0, cells.nRows) }
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
      return readCsv(bytes, source, wanted)
  }
}

/** Reads the table file at `path` (see columnTableFromBytes). */
export const readColumnTable = (path: string, options: ReadColumnTableOptions = {}): ColumnTable => {
  let bytes: Uint8Array
  try {
    bytes = readFileSync(path)
  } catch (error) {
    const code = (error as { code?: string }).code
    const problem = code === "ENOENT"
      ? "no such file"
      : code === "EISDIR"
      ? "is a folder, not a file"
      : code === "EACCES"
      ? "permission denied"
      : messageOf(error)
    throw new TableFileError(path, problem)
  }
  return columnTableFromBytes(bytes, path, options)
}
