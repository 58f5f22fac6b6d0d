/**
 * A table file read into named, typed columns: the common form of Parquet, Arrow IPC and CSV
 * files before any contract is checked. Typed formats keep their declared types; CSV columns
 * get the narrowest type every non-empty cell parses as (integer, float, date, boolean, else
 * text). Missing values are NaN in float columns, -1 in int32 columns, MISSING_DAY in date
 * columns, "" in text columns, and always 0 in `valid`.
 */

/** How the file was written (found from its content, not its extension). */
export type FileFormat = "parquet" | "arrow-file" | "arrow-stream" | "csv"

/** Day number stored for a missing date (also never a real date in a file). */
export const MISSING_DAY = -2147483648

interface ColumnBase {
  readonly name: string
  /** The type as the file declares it (`Int64`, `Timestamp<NANOSECOND, UTC>`, `Utf8`), or `csv`. */
  readonly sourceType: string
  /** 1 where the row has a value; null when every row has one. */
  readonly valid: Uint8Array | null
  readonly nullCount: number
}

/** Integers that fit in int32 (int8 to int32, uint8, uint16; CSV integers in range). -1 when missing. */
export interface Int32Column extends ColumnBase {
  readonly kind: "int32"
  readonly values: Int32Array
}

/** Wider integers (int64, uint32, uint64, CSV integers out of int32) as doubles: exact up to 2^53. NaN when missing. */
export interface Int64Column extends ColumnBase {
  readonly kind: "int64"
  readonly values: Float64Array
}

/** float16/32/64 and CSV decimals (`NaN`, `Inf` allowed). NaN when missing. */
export interface FloatColumn extends ColumnBase {
  readonly kind: "float"
  readonly values: Float64Array
}

/** date32, date64, timestamps (their UTC date part) and CSV ISO dates, as day numbers. */
export interface DateColumn extends ColumnBase {
  readonly kind: "date"
  readonly values: Int32Array
}

/** Booleans as 1 / 0 (0 when missing). */
export interface BoolColumn extends ColumnBase {
  readonly kind: "bool"
  readonly values: Uint8Array
}

/** Strings (utf8, dictionary of strings, CSV text). "" when missing. */
export interface TextColumn extends ColumnBase {
  readonly kind: "text"
  readonly values: ReadonlyArray<string>
}

/** A type this reader does not convert (decimal, list, struct, binary, null...). */
export interface OtherColumn extends ColumnBase {
  readonly kind: "other"
}

export type Column = Int32Column | Int64Column | FloatColumn | DateColumn | BoolColumn | TextColumn | OtherColumn

export type ColumnKind = Column["kind"]

export interface ColumnTable {
  /** The file path (or a label for bytes), used in every message. */
  readonly source: string
  readonly format: FileFormat
  readonly length: number
  /** Every column name of the file, in file order (also the ones not read). */
  readonly names: ReadonlyArray<string>
  /** The columns read: all, or the requested ones that exist, in file order. */
  readonly columns: ReadonlyArray<Column>
  /** CSV: the 1-based line each data row starts on; null for Parquet/IPC. */
  readonly lineOfRow: Int32Array | null
}

/** The column called `name`, if it was read. */
export const findColumn = (table: ColumnTable, name: string): Column | undefined =>
  table.columns.find((column) => column.name === name)

/**
 * The number a user sees for data row `row` (0-based): its CSV line, or its 1-based position
 * in a Parquet/IPC file.
 */
export const userRowNumber = (table: ColumnTable, row: number): number =>
  table.lineOfRow === null ? row + 1 : table.lineOfRow[row]!

/** How rows are numbered in messages: `line` (CSV) or `row` (1-based data rows). */
export const rowWord = (table: ColumnTable): "line" | "row" => (table.lineOfRow === null ? "row" : "line")

/** Human name of a format. */
export const formatName = (format: FileFormat): string => {
  switch (format) {
    case "parquet":
      return "Parquet"
    case "arrow-file":
      return "Arrow IPC file"
    case "arrow-stream":
      return "Arrow IPC stream"
    case "csv":
      return "CSV"
  }
}
