/**
 * Reads a snapshot table's Parquet file straight into the dense panel: the rows' keys become
 * cell indices `(day - dayStart) * nSecurities + security` (rows are sorted by date, then
 * security id, so both are pointer walks, no search), and every value column is scattered into
 * its panel array by a loop written once per pair of source and target types, so each loop stays
 * monomorphic. Only the needed columns of the needed row groups are read, a few row groups at a
 * time, and values are copied out of wasm memory inside the read callback, as they must be.
 *
 * This module runs in the load's worker threads too, so it imports nothing heavy (no
 * apache-arrow, no package index).
 */
import { isoDateFromDay } from "@alphabench/contract/Dates"
import type { FileEntry } from "../Manifest.ts"
import { SnapshotError } from "../SnapshotError.ts"
import type { ColumnType, TableColumn } from "../SnapshotTables.ts"
import { formatName } from "./arrowFfi.ts"
import type { ColumnChunk, LentBatches } from "./arrowFfi.ts"
import type { PanelArray } from "./panelCache.ts"
import { RowGroupReader, withRowGroupReader } from "./rowGroupReader.ts"

/**
 * Rows per read. A snapshot's row groups have 262,144 rows, so this is one row group a read:
 * wasm memory then holds one row group's columns (~16 MB for the seed preset's ret table), and
 * its pages stay warm from read to read.
 */
const ROWS_PER_READ = 1 << 18

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

/** The Arrow format string of each storage type. */
const ARROW_FORMATS: Record<ColumnType, string> = {
  int32: "i",
  date32: "tdD",
  float64: "g",
  float32: "f",
  int16: "s",
  bool: "b"
}

/** Position of `column` among the lent columns, after checking its type. */
const checkType = (file: string, lent: LentBatches, column: TableColumn): number => {
  const index = lent.names.indexOf(column.name)
  if (index < 0) throw new SnapshotError(`${file}: column ${column.name} is missing`)
  const found = lent.formats[index]!
  if (found !== ARROW_FORMATS[column.type]) {
    throw new SnapshotError(`${file}: column ${column.name} has type ${formatName(found)}, expected ${formatName(ARROW_FORMATS[column.type])}`)
  }
  return index
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
 * Scatter loops, one per (target, source) type pair so each stays monomorphic. The column holds
 * the missing value (NaN, -1 or 0) everywhere beforehand (fillMissing: a native fill, which also
 * takes the page faults of fresh memory in one sweep), so a loop writes only the present values
 * of its rows. Measured on seed's ret column: 19-21 ms into fresh memory, against 25-29 ms for
 * a loop that also writes the gaps between rows.
 */
const isValid = (bitmap: Uint8Array, offset: number, r: number): boolean => ((bitmap[(offset + r) >> 3]! >> ((offset + r) & 7)) & 1) === 1

const scatterF64 = (out: Float64Array, src: Float64Array, cells: Int32Array, rows: number, bitmap: Uint8Array | null, offset: number): void => {
  if (bitmap === null) {
    for (let r = 0; r < rows; r++) {
      const c = cells[r]!
      if (c >= 0) out[c] = src[r]!
    }
  } else {
    for (let r = 0; r < rows; r++) {
      const c = cells[r]!
      if (c >= 0 && isValid(bitmap, offset, r)) out[c] = src[r]!
    }
  }
}

const scatterF32 = (out: Float32Array, src: Float32Array, cells: Int32Array, rows: number, bitmap: Uint8Array | null, offset: number): void => {
  if (bitmap === null) {
    for (let r = 0; r < rows; r++) {
      const c = cells[r]!
      if (c >= 0) out[c] = src[r]!
    }
  } else {
    for (let r = 0; r < rows; r++) {
      const c = cells[r]!
      if (c >= 0 && isValid(bitmap, offset, r)) out[c] = src[r]!
    }
  }
}

const scatterF32FromF64 = (out: Float32Array, src: Float64Array, cells: Int32Array, rows: number, bitmap: Uint8Array | null, offset: number): void => {
  if (bitmap === null) {
    for (let r = 0; r < rows; r++) {
      const c = cells[r]!
      if (c >= 0) out[c] = src[r]!
    }
  } else {
    for (let r = 0; r < rows; r++) {
      const c = cells[r]!
      if (c >= 0 && isValid(bitmap, offset, r)) out[c] = src[r]!
    }
  }
}

const scatterI16 = (out: Int16Array, src: Int16Array, cells: Int32Array, rows: number, bitmap: Uint8Array | null, offset: number): void => {
  if (bitmap === null) {
    for (let r = 0; r < rows; r++) {
      const c = cells[r]!
      if (c >= 0) out[c] = src[r]!
    }
  } else {
    for (let r = 0; r < rows; r++) {
      const c = cells[r]!
      if (c >= 0 && isValid(bitmap, offset, r)) out[c] = src[r]!
    }
  }
}

const scatterBool = (out: Uint8Array, bits: Uint8Array, cells: Int32Array, rows: number, bitmap: Uint8Array | null, offset: number): void => {
  for (let r = 0; r < rows; r++) {
    const c = cells[r]!
    if (c >= 0 && (bitmap === null || isValid(bitmap, offset, r))) out[c] = (bits[(offset + r) >> 3]! >> ((offset + r) & 7)) & 1
  }
}

const scatterChunk = (file: string, column: TableColumn, out: PanelArray, chunk: ColumnChunk, cells: Int32Array): void => {
  const rows = chunk.length
  const bitmap = chunk.validity
  const offset = chunk.bitOffset
  const values = chunk.values
  if (out instanceof Float64Array && values instanceof Float64Array) {
    return scatterF64(out, values, cells, rows, bitmap, offset)
  } else if (out instanceof Float32Array && values instanceof Float32Array) {
    return scatterF32(out, values, cells, rows, bitmap, offset)
  } else if (out instanceof Float32Array && values instanceof Float64Array) {
    return scatterF32FromF64(out, values, cells, rows, bitmap, offset)
  } else if (out instanceof Int16Array && values instanceof Int16Array) {
    return scatterI16(out, values, cells, rows, bitmap, offset)
  } else if (out instanceof Uint8Array && values instanceof Uint8Array && column.type === "bool") {
    return scatterBool(out, values, cells, rows, bitmap, offset)
  }
  throw new SnapshotError(`${file}: column ${column.name} cannot be loaded into a ${out.constructor.name}`)
}

/** Sets every cell of `out` to the missing value. */
const fillMissing = (out: PanelArray): void => {
  if (out instanceof Int16Array) out.fill(-1)
  else if (out instanceof Uint8Array) out.fill(0)
  else out.fill(Number.NaN)
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

/** The largest row count among `rowGroups` of `entry`. */
const maxRows = (entry: FileEntry, rowGroups: ReadonlyArray<number>): number => rowGroups.reduce((m, g) => Math.max(m, entry.row_groups[g]!.rows), 0)

/**
 * Scatters `columns` of the Parquet file `path` (manifest `entry`) into the panel arrays,
 * reading only those columns (and the keys) of the row groups that hold the loaded days, at most
 * `rowsPerRead` rows (whole row groups) at a time.
 */
export const scatterParquet = async (
  path: string,
  entry: FileEntry,
  keyColumns: readonly [TableColumn, TableColumn],
  columns: ReadonlyArray<ScatterColumn>,
  target: ScatterTarget,
  rowsPerRead = ROWS_PER_READ
): Promise<void> => {
  const file = entry.file
  const names = [keyColumns[0].name, keyColumns[1].name, ...columns.map((c) => c.column.name)]
  const walk: WalkState = { calendarIndex: 0, lastDate: NO_DATE, security: 0, base: -1, firstRow: 0 }
  for (const { out } of columns) fillMissing(out)
  let cells = new Int32Array(0)
  const scatterBatches = (lent: LentBatches): void => {
    const ids = checkType(file, lent, keyColumns[0])
    const dates = checkType(file, lent, keyColumns[1])
    const positions = columns.map((c) => checkType(file, lent, c.column))
    for (const batch of lent.batches) {
      const rows = batch[ids]!.length
      if (cells.length < rows) cells = new Int32Array(rows)
      cellsOf(file, batch[dates]!.values as Int32Array, batch[ids]!.values as Int32Array, rows, target, walk, cells)
      for (let j = 0; j < columns.length; j++) scatterChunk(file, columns[j]!.column, columns[j]!.out, batch[positions[j]!]!, cells)
    }
  }
  await withRowGroupReader(path, async (reader: RowGroupReader) => {
    for (const rowGroups of readPlan(entry, target, rowsPerRead)) await reader.read(rowGroups, names, maxRows(entry, rowGroups), scatterBatches)
  })
}

/*
 * The loops of distinctSecurityIds, each its own small function: they run once per load, over
 * millions of ids, and small functions called per chunk are optimized sooner than loops inside
 * one long function (measured on seed: a cold `fields: []` load, 125-160 ms before, 80-90 ms).
 */
const rangeOf = (ids: Int32Array, range: Int32Array): void => {
  let min = range[0]!
  let max = range[1]!
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!
    if (id < min) min = id
    if (id > max) max = id
  }
  range[0] = min
  range[1] = max
}

const markSeen = (ids: Int32Array, seen: Uint8Array, min: number): void => {
  for (let r = 0; r < ids.length; r++) seen[ids[r]! - min] = 1
}

const collectSeen = (seen: Uint8Array, min: number): Int32Array => {
  let count = 0
  for (let k = 0; k < seen.length; k++) count += seen[k]!
  const out = new Int32Array(count)
  for (let k = 0, j = 0; k < seen.length; k++) if (seen[k] === 1) out[j++] = min + k
  return out
}

/** Distinct security ids of a table (ascending), read from its `security_id` column only. */
export const distinctSecurityIds = async (path: string, entry: FileEntry): Promise<Int32Array> => {
  const chunks: Array<Int32Array> = []
  const range = Int32Array.of(2147483647, -2147483648)
  const groups = entry.row_groups.map((_, g) => g)
  const idColumn: TableColumn = { name: "security_id", type: "int32" }
  await withRowGroupReader(path, async (reader) => {
    for (let start = 0; start < groups.length; start += 16) {
      const piece = groups.slice(start, start + 16)
      await reader.read(piece, [idColumn.name], maxRows(entry, piece), (lent) => {
        const index = checkType(entry.file, lent, idColumn)
        for (const batch of lent.batches) {
          const ids = (batch[index]!.values as Int32Array).slice()
          rangeOf(ids, range)
          chunks.push(ids)
        }
      })
    }
  })
  const [min, max] = range as unknown as [number, number]
  if (max < min) return new Int32Array(0)
  if (max - min < 1 << 26) {
    // Ids are usually dense enough for a bitmap over their range: one pass, no hashing.
    const seen = new Uint8Array(max - min + 1)
    for (const chunk of chunks) markSeen(chunk, seen, min)
    return collectSeen(seen, min)
  }
  const set = new Set<number>()
  for (const chunk of chunks) for (let r = 0; r < chunk.length; r++) set.add(chunk[r]!)
  return Int32Array.from(set).sort()
}
