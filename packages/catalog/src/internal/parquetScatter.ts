/**
 * Reads a snapshot table's Parquet file straight into the dense panel: the rows' keys become
 * cell indices `(day - dayStart) * nSecurities + security` (rows are sorted by date, then
 * security id, so both are pointer walks, no search), and every value column is scattered into
 * its panel array by a loop written once per pair of source and target types, so each loop stays
 * monomorphic. Values are copied out of wasm memory inside the read callback, as they must be.
 */
import type * as arrow from "apache-arrow"
import { isoDateFromDay, withParquetBytes, withParquetFile } from "@alphabench/contract"
import { closeSync, fstatSync, openSync, readSync } from "node:fs"
import type { FileEntry } from "../Manifest.ts"
import { SnapshotError } from "../SnapshotError.ts"
import type { ColumnType, TableColumn } from "../SnapshotTables.ts"
import type { PanelArray } from "./panelCache.ts"

/** Rows per read: bounds wasm memory for files of any size (wasm32 stops at 4 GiB). */
const ROWS_PER_READ = 1 << 23

/**
 * One buffer that whole files are read into, reused from table to table of a load: fresh memory
 * costs a page fault per 4 KiB, and a whole panel's files are hundreds of megabytes.
 */
export class ReadBuffer {
  private bytes = new Uint8Array(0)

  /** The content of the file at `path`, valid until the next call. */
  read(path: string): Uint8Array {
    const fd = openSync(path, "r")
    try {
      const size = fstatSync(fd).size
      if (this.bytes.length < size) this.bytes = new Uint8Array(size)
      let done = 0
      while (done < size) {
        const n = readSync(fd, this.bytes, done, Math.min(1 << 30, size - done), done)
        if (n === 0) throw new SnapshotError(`${path}: file ended early (expected ${size} bytes)`)
        done += n
      }
      return this.bytes.subarray(0, size)
    } finally {
      closeSync(fd)
    }
  }
}

export interface ScatterTarget {
  /** The full calendar and security ids of the snapshot. */
  readonly dates: Int32Array
  readonly securityIds: Int32Array
  /** Days `dayStart .. dayEnd - 1` of the calendar are loaded; rows outside are skipped. */
  readonly dayStart: number
  readonly dayEnd: number
}

export interface ScatterColumn {
  readonly column: TableColumn
  readonly out: PanelArray
}

const ARROW_TYPE_NAMES: Record<ColumnType, string> = {
  int32: "Int32",
  date32: "Date32<DAY>",
  float64: "Float64",
  float32: "Float32",
  int16: "Int16",
  bool: "Bool"
}

const checkType = (file: string, table: arrow.Table, column: TableColumn): arrow.Vector => {
  const vector = table.getChild(column.name)
  if (vector === null) throw new SnapshotError(`${file}: column ${column.name} is missing`)
  const found = String(vector.type)
  if (found !== ARROW_TYPE_NAMES[column.type]) {
    throw new SnapshotError(`${file}: column ${column.name} has type ${found}, expected ${ARROW_TYPE_NAMES[column.type]}`)
  }
  return vector
}

/** Where the key walk of a file stands between batches. */
interface WalkState {
  calendarIndex: number
  lastDate: number
  security: number
  base: number
  firstRow: number
}

const NO_DATE = -2147483648

/**
 * Cell index of every row of one batch, -1 for rows outside the loaded days. Rows are sorted by
 * date, then security id, so the cells of a file ascend. Throws when a date is not in the
 * calendar or an id is not a panel security (a corrupt snapshot).
 */
const cellsOf = (file: string, dates: Int32Array, ids: Int32Array, rows: number, target: ScatterTarget, walk: WalkState, cells: Int32Array): void => {
  const calendar = target.dates
  const nDays = calendar.length
  const securities = target.securityIds
  const nSecurities = securities.length
  const dayStart = target.dayStart
  const dayEnd = target.dayEnd
  let calendarIndex = walk.calendarIndex
  let lastDate = walk.lastDate
  let security = walk.security
  let base = walk.base
  for (let r = 0; r < rows; r++) {
    const date = dates[r]!
    if (date !== lastDate) {
      if (date < lastDate) throw new SnapshotError(`${file}: rows are not sorted by date at row ${walk.firstRow + r + 1}`)
      while (calendarIndex < nDays && calendar[calendarIndex]! < date) calendarIndex++
      if (calendarIndex === nDays || calendar[calendarIndex] !== date) {
        throw new SnapshotError(`${file}: row ${walk.firstRow + r + 1} has date ${isoDateFromDay(date)}, which is not in the calendar`)
      }
      lastDate = date
      security = 0
      base = calendarIndex >= dayStart && calendarIndex < dayEnd ? (calendarIndex - dayStart) * nSecurities : -1
    }
    const id = ids[r]!
    while (security < nSecurities && securities[security]! < id) security++
    if (security === nSecurities || securities[security] !== id) {
      throw new SnapshotError(
        `${file}: row ${walk.firstRow + r + 1} has security_id ${id}, which is not a security of the panel (or rows are not sorted by it)`
      )
    }
    cells[r] = base < 0 ? -1 : base + security
    security++
  }
  walk.calendarIndex = calendarIndex
  walk.lastDate = lastDate
  walk.security = security
  walk.base = base
  walk.firstRow += rows
}

/*
 * Scatter loops, one per (target, source) type pair so each stays monomorphic. Cells ascend, so
 * each loop also fills the cells between rows with the missing value (NaN, -1 or 0): the column
 * is written exactly once, front to back, and needs no initialisation. `next` is the first cell
 * not yet written; each loop returns the new one.
 */
const isValid = (bitmap: Uint8Array, offset: number, r: number): boolean => ((bitmap[(offset + r) >> 3]! >> ((offset + r) & 7)) & 1) === 1

const scatterF64 = (out: Float64Array, src: Float64Array, cells: Int32Array, rows: number, bitmap: Uint8Array | null, offset: number, next: number): number => {
  for (let r = 0; r < rows; r++) {
    const c = cells[r]!
    if (c < 0) continue
    while (next < c) out[next++] = Number.NaN
    out[c] = bitmap === null || isValid(bitmap, offset, r) ? src[r]! : Number.NaN
    next = c + 1
  }
  return next
}

const scatterF32 = (out: Float32Array, src: Float32Array, cells: Int32Array, rows: number, bitmap: Uint8Array | null, offset: number, next: number): number => {
  for (let r = 0; r < rows; r++) {
    const c = cells[r]!
    if (c < 0) continue
    while (next < c) out[next++] = Number.NaN
    out[c] = bitmap === null || isValid(bitmap, offset, r) ? src[r]! : Number.NaN
    next = c + 1
  }
  return next
}

const scatterF32FromF64 = (out: Float32Array, src: Float64Array, cells: Int32Array, rows: number, bitmap: Uint8Array | null, offset: number, next: number): number => {
  for (let r = 0; r < rows; r++) {
    const c = cells[r]!
    if (c < 0) continue
    while (next < c) out[next++] = Number.NaN
    out[c] = bitmap === null || isValid(bitmap, offset, r) ? src[r]! : Number.NaN
    next = c + 1
  }
  return next
}

const scatterI16 = (out: Int16Array, src: Int16Array, cells: Int32Array, rows: number, bitmap: Uint8Array | null, offset: number, next: number): number => {
  for (let r = 0; r < rows; r++) {
    const c = cells[r]!
    if (c < 0) continue
    while (next < c) out[next++] = -1
    out[c] = bitmap === null || isValid(bitmap, offset, r) ? src[r]! : -1
    next = c + 1
  }
  return next
}

const scatterBool = (out: Uint8Array, bits: Uint8Array, cells: Int32Array, rows: number, bitmap: Uint8Array | null, offset: number, next: number): number => {
  for (let r = 0; r < rows; r++) {
    const c = cells[r]!
    if (c < 0) continue
    while (next < c) out[next++] = 0
    out[c] = bitmap === null || isValid(bitmap, offset, r) ? (bits[(offset + r) >> 3]! >> ((offset + r) & 7)) & 1 : 0
    next = c + 1
  }
  return next
}

const scatterData = (file: string, column: TableColumn, out: PanelArray, data: arrow.Data, cells: Int32Array, next: number): number => {
  const rows = data.length
  const bitmap = data.nullCount > 0 ? (data.nullBitmap as Uint8Array) : null
  const offset = data.offset
  const values = data.values as unknown
  if (out instanceof Float64Array && values instanceof Float64Array) {
    return scatterF64(out, values.subarray(offset), cells, rows, bitmap, offset, next)
  } else if (out instanceof Float32Array && values instanceof Float32Array) {
    return scatterF32(out, values.subarray(offset), cells, rows, bitmap, offset, next)
  } else if (out instanceof Float32Array && values instanceof Float64Array) {
    return scatterF32FromF64(out, values.subarray(offset), cells, rows, bitmap, offset, next)
  } else if (out instanceof Int16Array && values instanceof Int16Array) {
    return scatterI16(out, values.subarray(offset), cells, rows, bitmap, offset, next)
  } else if (out instanceof Uint8Array && values instanceof Uint8Array && column.type === "bool") {
    return scatterBool(out, values, cells, rows, bitmap, offset, next)
  }
  throw new SnapshotError(`${file}: column ${column.name} cannot be loaded into a ${out.constructor.name}`)
}

/** Fills the cells after the last row with the missing value. */
const fillTail = (out: PanelArray, next: number): void => {
  if (out instanceof Int16Array) out.fill(-1, next)
  else if (out instanceof Uint8Array) out.fill(0, next)
  else out.fill(Number.NaN, next)
}

/** Groups of consecutive row groups of at most ROWS_PER_READ rows, skipping groups outside the days. */
export const readPlan = (entry: FileEntry, target: ScatterTarget, rowsPerRead = ROWS_PER_READ): Array<Array<number>> => {
  const first = isoDateFromDay(target.dates[target.dayStart]!)
  const last = isoDateFromDay(target.dates[target.dayEnd - 1]!)
  const plan: Array<Array<number>> = []
  let current: Array<number> = []
  let rows = 0
  entry.row_groups.forEach((group, g) => {
    if (group.last_date < first || group.first_date > last) return
    if (current.length > 0 && rows + group.rows > rowsPerRead) {
      plan.push(current)
      current = []
      rows = 0
    }
    current.push(g)
    rows += group.rows
  })
  if (current.length > 0) plan.push(current)
  return plan
}

/**
 * Scatters `columns` of the Parquet file `path` (manifest `entry`) into the panel arrays. Reads
 * the whole file at once when it is small and every row group is needed; otherwise reads only
 * the needed row groups (and, for a few columns, only those columns) a piece at a time.
 */
export const scatterParquet = async (
  path: string,
  entry: FileEntry,
  keyColumns: readonly [TableColumn, TableColumn],
  columns: ReadonlyArray<ScatterColumn>,
  allColumnsCount: number,
  target: ScatterTarget,
  buffer: ReadBuffer = new ReadBuffer(),
  rowsPerRead = ROWS_PER_READ
): Promise<void> => {
  const file = entry.file
  const plan = readPlan(entry, target, rowsPerRead)
  const wholeFile = plan.length === 1 && plan[0]!.length === entry.row_groups.length
  // Reading a few columns by byte range pays off only when they are a small part of the file.
  const fewColumns = columns.length * 3 <= allColumnsCount - 2
  const names = [keyColumns[0].name, keyColumns[1].name, ...columns.map((c) => c.column.name)]
  const walk: WalkState = { calendarIndex: 0, lastDate: NO_DATE, security: 0, base: -1, firstRow: 0 }
  const next = columns.map(() => 0)
  let cells = new Int32Array(0)
  for (const rowGroups of plan) {
    const scatterTable = (table: arrow.Table): void => {
      const ids = checkType(file, table, keyColumns[0])
      const dates = checkType(file, table, keyColumns[1])
      const vectors = columns.map((c) => checkType(file, table, c.column))
      for (let k = 0; k < ids.data.length; k++) {
        const idData = ids.data[k]!
        const rows = idData.length
        if (cells.length < rows) cells = new Int32Array(rows)
        const dateData = dates.data[k]!
        cellsOf(
          file,
          (dateData.values as Int32Array).subarray(dateData.offset, dateData.offset + rows),
          (idData.values as Int32Array).subarray(idData.offset, idData.offset + rows),
          rows,
          target,
          walk,
          cells
        )
        for (let j = 0; j < columns.length; j++) next[j] = scatterData(file, columns[j]!.column, columns[j]!.out, vectors[j]!.data[k]!, cells, next[j]!)
      }
    }
    if (wholeFile && !fewColumns) withParquetBytes(buffer.read(path), scatterTable)
    else await withParquetFile(path, { rowGroups, ...(fewColumns ? { columns: names } : {}) }, scatterTable)
  }
  for (let j = 0; j < columns.length; j++) fillTail(columns[j]!.out, next[j]!)
}

/** Distinct security ids of a table (ascending), read from its `security_id` column only. */
export const distinctSecurityIds = async (path: string, entry: FileEntry): Promise<Int32Array> => {
  const chunks: Array<Int32Array> = []
  const groups = entry.row_groups.map((_, g) => g)
  for (let start = 0; start < groups.length; start += 16) {
    await withParquetFile(path, { columns: ["security_id"], rowGroups: groups.slice(start, start + 16) }, (table) => {
      const vector = table.getChild("security_id")
      if (vector === null) throw new SnapshotError(`${entry.file}: column security_id is missing`)
      for (const data of vector.data) chunks.push((data.values as Int32Array).slice(data.offset, data.offset + data.length))
    })
  }
  let min = 2147483647
  let max = -2147483648
  for (const chunk of chunks) {
    for (let r = 0; r < chunk.length; r++) {
      const id = chunk[r]!
      if (id < min) min = id
      if (id > max) max = id
    }
  }
  if (max < min) return new Int32Array(0)
  if (max - min < 1 << 26) {
    // Ids are usually dense enough for a bitmap over their range: one pass, no hashing.
    const seen = new Uint8Array(max - min + 1)
    for (const chunk of chunks) for (let r = 0; r < chunk.length; r++) seen[chunk[r]! - min] = 1
    let count = 0
    for (let k = 0; k < seen.length; k++) count += seen[k]!
    const out = new Int32Array(count)
    for (let k = 0, j = 0; k < seen.length; k++) if (seen[k] === 1) out[j++] = min + k
    return out
  }
  const set = new Set<number>()
  for (const chunk of chunks) for (let r = 0; r < chunk.length; r++) set.add(chunk[r]!)
  return Int32Array.from(set).sort()
}
