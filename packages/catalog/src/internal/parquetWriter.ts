/**
 * Writes one snapshot table as a Parquet file with parquet-wasm's streaming writer, so a table
 * of any length is written with bounded memory. Rows arrive in blocks of any size and are
 * re-cut into fixed batches, so the bytes depend only on the rows, never on how a producer
 * blocked them: the same rows always give the same file.
 *
 * Encoding (notes/data-io.md, section 3): Snappy, no dictionary for float columns (random
 * floats do not repeat; trying wastes time), dictionary for keys and categories. Snappy decodes
 * about 5x faster than zstd in wasm, which is what lets a whole panel load in well under a second;
 * the files are ~15% larger. Missing values are Parquet nulls, so other tools see them as missing.
 */
import * as arrow from "apache-arrow"
import { createHash } from "node:crypto"
import { closeSync, openAsBlob, openSync, statSync, writeSync } from "node:fs"
import * as pw from "parquet-wasm"
import type { ColumnType, TableColumn } from "../SnapshotTables.ts"

/** Rows per Arrow batch handed to the writer. */
const BATCH_ROWS = 1 << 16
/** Rows per Parquet row group: ~70 days of the seed preset, so a date range can skip groups. */
export const ROW_GROUP_ROWS = 1 << 18

export type ColumnValues = Int32Array | Float64Array | Float32Array | Int16Array | Uint8Array

/** A finished file: what the manifest records about it. */
export interface WrittenTable {
  readonly rows: number
  readonly size: number
  readonly sha256: string
  readonly mtimeMs: number
  /** First and last value of the date column (day numbers); NaN when empty. */
  readonly firstDay: number
  readonly lastDay: number
  readonly rowGroups: ReadonlyArray<{ readonly rows: number; readonly firstDay: number; readonly lastDay: number }>
}

const stagingArray = (type: ColumnType, rows: number): ColumnValues => {
  switch (type) {
    case "int32":
    case "date32":
      return new Int32Array(rows)
    case "float64":
      return new Float64Array(rows)
    case "float32":
      return new Float32Array(rows)
    case "int16":
      return new Int16Array(rows)
    case "bool":
      return new Uint8Array(rows)
  }
}

const arrowType = (type: ColumnType): arrow.DataType => {
  switch (type) {
    case "int32":
      return new arrow.Int32()
    case "date32":
      return new arrow.DateDay()
    case "float64":
      return new arrow.Float64()
    case "float32":
      return new arrow.Float32()
    case "int16":
      return new arrow.Int16()
    case "bool":
      return new arrow.Bool()
  }
}

/** Validity bitmap (1 = present) of NaN floats or -1 categories; null when nothing is missing. */
const validityOf = (type: ColumnType, values: ColumnValues, rows: number): { bitmap: Uint8Array; nulls: number } | null => {
  if (type !== "float64" && type !== "float32" && type !== "int16") return null
  let nulls = 0
  const bitmap = new Uint8Array((rows + 7) >> 3)
  if (type === "int16") {
    const v = values as Int16Array
    for (let r = 0; r < rows; r++) {
      if (v[r] === -1) nulls++
      else bitmap[r >> 3]! |= 1 << (r & 7)
    }
  } else {
    const v = values as Float64Array | Float32Array
    for (let r = 0; r < rows; r++) {
      if (v[r] !== v[r]) nulls++
      else bitmap[r >> 3]! |= 1 << (r & 7)
    }
  }
  return nulls === 0 ? null : { bitmap, nulls }
}

const packBits = (values: Uint8Array, rows: number): Uint8Array => {
  const out = new Uint8Array((rows + 7) >> 3)
  for (let r = 0; r < rows; r++) if (values[r] !== 0) out[r >> 3]! |= 1 << (r & 7)
  return out
}

const isKey = (column: TableColumn): boolean => column.field === undefined

const writerProperties = (columns: ReadonlyArray<TableColumn>, rowGroupRows: number): pw.WriterProperties => {
  let builder = new pw.WriterPropertiesBuilder()
    .setCompression(pw.Compression.SNAPPY)
    .setMaxRowGroupSize(rowGroupRows)
    .setCreatedBy("alphabench catalog (parquet-wasm 0.8.0)")
  for (const column of columns) {
    if (column.type === "float64" || column.type === "float32") {
      builder = builder.setColumnDictionaryEnabled(column.name, false)
    }
  }
  return builder.build()
}

export class ParquetTableWriter {
  private readonly columns: ReadonlyArray<TableColumn>
  private readonly schema: arrow.Schema
  private readonly staging: Array<ColumnValues>
  private readonly dateColumn: number
  private staged = 0
  private rows = 0
  private readonly runs: Array<{ day: number; count: number }> = []
  private readonly fd: number
  private fdOpen = true
  private readonly path: string
  private readonly hash = createHash("sha256")
  private size = 0
  private controller!: ReadableStreamDefaultController<pw.RecordBatch>
  private wakeProducer: (() => void) | undefined
  private readonly pump: Promise<void>
  private lastSecurity = Number.NEGATIVE_INFINITY
  private readonly securityColumn: number

  /**
   * Opens `path` for a table of `columns`. Rows must come sorted by `dateColumn`, then by
   * `security_id` when the table has one (checked as they arrive).
   */
  constructor(path: string, columns: ReadonlyArray<TableColumn>, dateColumn: string, rowGroupRows = ROW_GROUP_ROWS) {
    this.path = path
    this.columns = columns
    this.dateColumn = columns.findIndex((column) => column.name === dateColumn)
    if (this.dateColumn < 0) throw new RangeError(`table has no column ${dateColumn}`)
    this.securityColumn = columns.findIndex((column) => column.name === "security_id")
    this.schema = new arrow.Schema(columns.map((column) => new arrow.Field(column.name, arrowType(column.type), !isKey(column))))
    this.staging = columns.map((column) => stagingArray(column.type, BATCH_ROWS))
    this.fd = openSync(path, "wx")
    const input = new ReadableStream<pw.RecordBatch>(
      {
        start: (controller) => {
          this.controller = controller
        },
        pull: () => {
          const wake = this.wakeProducer
          this.wakeProducer = undefined
          wake?.()
        }
      },
      { highWaterMark: 2 }
    )
    this.pump = this.drain(input, writerProperties(columns, rowGroupRows))
    // A failed pump surfaces from append/close; keep it from being reported as unhandled meanwhile.
    this.pump.catch(() => undefined)
  }

  private async drain(input: ReadableStream<pw.RecordBatch>, properties: pw.WriterProperties): Promise<void> {
    const output: ReadableStream<Uint8Array> = await pw.transformParquetStream(input, properties)
    for await (const chunk of output) {
      this.hash.update(chunk)
      let written = 0
      while (written < chunk.length) written += writeSync(this.fd, chunk, written, chunk.length - written)
      this.size += chunk.length
    }
  }

  /** Appends `rows` rows given as one array per column (in column order). */
  async append(values: ReadonlyArray<ColumnValues>, rows: number): Promise<void> {
    if (values.length !== this.columns.length) throw new RangeError(`expected ${this.columns.length} columns, got ${values.length}`)
    this.trackOrder(values, rows)
    let offset = 0
    while (offset < rows) {
      const take = Math.min(rows - offset, BATCH_ROWS - this.staged)
      for (let c = 0; c < values.length; c++) {
        const target = this.staging[c]!
        ;(target as Float64Array).set((values[c] as Float64Array).subarray(offset, offset + take), this.staged)
      }
      this.staged += take
      offset += take
      if (this.staged === BATCH_ROWS) await this.flush()
    }
    this.rows += rows
  }

  private trackOrder(values: ReadonlyArray<ColumnValues>, rows: number): void {
    const dates = values[this.dateColumn] as Int32Array
    const ids = this.securityColumn >= 0 ? (values[this.securityColumn] as Int32Array) : undefined
    let run = this.runs[this.runs.length - 1]
    for (let r = 0; r < rows; r++) {
      const day = dates[r]!
      if (run === undefined || day !== run.day) {
        if (run !== undefined && day < run.day) {
          throw new RangeError(`${this.path}: rows are not sorted by date (day ${day} after ${run.day})`)
        }
        run = { day, count: 0 }
        this.runs.push(run)
        this.lastSecurity = Number.NEGATIVE_INFINITY
      }
      run.count++
      if (ids !== undefined) {
        if (ids[r]! <= this.lastSecurity) {
          throw new RangeError(`${this.path}: rows of day ${day} are not sorted by security_id or repeat one (${ids[r]})`)
        }
        this.lastSecurity = ids[r]!
      }
    }
  }

  private async flush(): Promise<void> {
    const rows = this.staged
    const children = this.columns.map((column, c) => {
      const values = this.staging[c]!.subarray(0, rows)
      const type = arrowType(column.type)
      if (column.type === "bool") {
        return arrow.makeData({ type: type as arrow.Bool, length: rows, data: packBits(values as Uint8Array, rows) })
      }
      const validity = validityOf(column.type, values, rows)
      return arrow.makeData({
        type: type as arrow.Float64,
        length: rows,
        data: values as Float64Array,
        ...(validity === null ? { nullCount: 0 } : { nullBitmap: validity.bitmap, nullCount: validity.nulls })
      })
    })
    const struct = arrow.makeData({ type: new arrow.Struct(this.schema.fields), length: rows, children, nullCount: 0 })
    const batch = new arrow.RecordBatch(this.schema, struct)
    const wasmTable = pw.Table.fromIPCStream(arrow.tableToIPC(new arrow.Table([batch]), "stream"))
    for (const wasmBatch of wasmTable.recordBatches()) this.controller.enqueue(wasmBatch)
    wasmTable.free()
    this.staged = 0
    if ((this.controller.desiredSize ?? 1) <= 0) {
      await Promise.race([new Promise<void>((resolve) => (this.wakeProducer = resolve)), this.pump])
    }
  }

  /** Writes the last batch and the footer; returns what the manifest needs. */
  async close(): Promise<WrittenTable> {
    try {
      if (this.staged > 0 || this.rows === 0) await this.flush()
      this.controller.close()
      await this.pump
    } finally {
      this.closeFile()
    }
    const groupRows = await rowGroupSizes(this.path)
    const rowGroups: Array<{ rows: number; firstDay: number; lastDay: number }> = []
    let run = 0
    let usedInRun = 0
    for (const rows of groupRows) {
      if (rows === 0) continue
      const firstDay = this.runs[run]!.day
      let left = rows
      let lastDay = firstDay
      while (left > 0) {
        const available = this.runs[run]!.count - usedInRun
        const take = Math.min(available, left)
        lastDay = this.runs[run]!.day
        left -= take
        usedInRun += take
        if (usedInRun === this.runs[run]!.count) {
          run++
          usedInRun = 0
        }
      }
      rowGroups.push({ rows, firstDay, lastDay })
    }
    return {
      rows: this.rows,
      size: this.size,
      sha256: this.hash.digest("hex"),
      mtimeMs: statSync(this.path).mtimeMs,
      firstDay: this.runs.length === 0 ? Number.NaN : this.runs[0]!.day,
      lastDay: this.runs.length === 0 ? Number.NaN : this.runs[this.runs.length - 1]!.day,
      rowGroups
    }
  }

  /** Stops writing after a failure elsewhere; the caller removes the file. */
  async abort(): Promise<void> {
    try {
      this.controller.error(new Error("aborted"))
    } catch {
      // already closed
    }
    await this.pump.catch(() => undefined)
    this.closeFile()
  }

  private closeFile(): void {
    if (!this.fdOpen) return
    this.fdOpen = false
    closeSync(this.fd)
  }
}

/** Row counts of the row groups of a Parquet file (read from its footer only). */
export const rowGroupSizes = async (path: string): Promise<Array<number>> => {
  const file = await pw.ParquetFile.fromFile(await openAsBlob(path))
  try {
    const metadata = file.metadata()
    const out: Array<number> = []
    for (let g = 0; g < metadata.numRowGroups(); g++) {
      const group = metadata.rowGroup(g)
      out.push(group.numRows())
      group.free()
    }
    metadata.free()
    return out
  } finally {
    file.free()
  }
}
