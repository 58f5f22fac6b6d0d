/**
 * Position rows in compressed sparse form over the panel's securities: row `k` holds the
 * non-zero weights `weight[offsets[k] .. offsets[k + 1] - 1]` of the securities
 * `security[...]` (panel indices, ascending). `normalized` is spec rule 1 applied per row:
 * `w / max(sum |w|, 1)`, then clipped to `±position_limit`, the excess left in cash.
 */
import { indexOfSorted, isoDateFromDay } from "@alphabench/contract"
import type { Positions } from "../Positions.ts"
import { fail } from "../SimulationError.ts"

export interface PositionRows {
  readonly nRows: number
  /** Day number of each row, strictly ascending. */
  readonly dates: Int32Array
  readonly offsets: Int32Array
  readonly security: Int32Array
  readonly normalized: Float64Array
}

/**
 * The row dates of `positions` (validated: dense dates strictly ascending); for a long table
 * its distinct dates, ascending.
 */
export const positionRowDates = (positions: Positions): Int32Array => {
  if (positions.kind === "long") return Int32Array.from(new Set(positions.date)).sort()
  const dates = positions.dates
  for (let k = 1; k < dates.length; k++) {
    if (dates[k]! <= dates[k - 1]!) {
      fail(`positions.dates[${k}]`, isoDateFromDay(dates[k]!), `a date after row ${k - 1} (${isoDateFromDay(dates[k - 1]!)}): dates must be strictly ascending`)
    }
  }
  return dates
}

/**
 * Converts and normalizes the rows; with `needed`, a dense matrix converts only the rows
 * flagged 1 (the others come out empty), so a monthly simulation reads ~1/21 of the matrix.
 */
export const buildPositionRows = (
  positions: Positions,
  panelSecurityIds: Int32Array,
  positionLimit: number,
  needed: Uint8Array | null = null
): PositionRows => {
  const raw = positions.kind === "dense"
    ? denseToRows(positionRowDates(positions), positions.securityIds, positions.weights, panelSecurityIds, needed)
    : longToRows(positions.date, positions.securityId, positions.weight, panelSecurityIds)
  if (raw.nRows === 0) fail("positions", "no rows", "at least one dated row")
  const normalized = new Float64Array(raw.weight.length)
  for (let k = 0; k < raw.nRows; k++) {
    const from = raw.offsets[k]!
    const to = raw.offsets[k + 1]!
    let sumAbs = 0
    for (let j = from; j < to; j++) sumAbs += Math.abs(raw.weight[j]!)
    const denominator = Math.max(sumAbs, 1)
    for (let j = from; j < to; j++) {
      const w = raw.weight[j]! / denominator
      normalized[j] = w > positionLimit ? positionLimit : w < -positionLimit ? -positionLimit : w
    }
  }
  return { nRows: raw.nRows, dates: raw.dates, offsets: raw.offsets, security: raw.security, normalized }
}

/** Exact equality of two normalized rows (missing weights are 0), for `resample: null`. */
export const rowsEqual = (rows: PositionRows, a: number, b: number): boolean => {
  const fromA = rows.offsets[a]!
  const fromB = rows.offsets[b]!
  const n = rows.offsets[a + 1]! - fromA
  if (rows.offsets[b + 1]! - fromB !== n) return false
  for (let j = 0; j < n; j++) {
    if (rows.security[fromA + j] !== rows.security[fromB + j]) return false
    if (rows.normalized[fromA + j] !== rows.normalized[fromB + j]) return false
  }
  return true
}

/** Index of the last of the ascending row `dates` on or before `day`, or -1. */
export const rowInForce = (dates: Int32Array, day: number): number => {
  let lo = 0
  let hi = dates.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (dates[mid]! <= day) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

interface RawRows {
  readonly nRows: number
  readonly dates: Int32Array
  readonly offsets: Int32Array
  readonly security: Int32Array
  readonly weight: Float64Array
}

const denseToRows = (
  dates: Int32Array,
  columnIds: Int32Array,
  weights: Float64Array | Uint8Array,
  panelIds: Int32Array,
  needed: Uint8Array | null
): RawRows => {
  const nRows = dates.length
  const nColumns = columnIds.length
  // Columns visited in panel order, so every row comes out sorted by security.
  const columnOfPanel = new Int32Array(panelIds.length).fill(-1)
  const unknownColumns: Array<number> = []
  for (let c = 0; c < nColumns; c++) {
    const s = indexOfSorted(panelIds, columnIds[c]!)
    if (s < 0) unknownColumns.push(c)
    else if (columnOfPanel[s]! >= 0) fail(`positions.securityIds[${c}]`, columnIds[c], "distinct security ids (it repeats an earlier column)")
    else columnOfPanel[s] = c
  }
  for (const c of unknownColumns) {
    for (let k = 0; k < nRows; k++) {
      const w = weights[k * nColumns + c]!
      if (w !== 0 && w === w) {
        fail(`positions security_id ${columnIds[c]}`, `weight ${w} on ${isoDateFromDay(dates[k]!)}`, "a security of the snapshot")
      }
    }
  }
  let nKnown = 0
  for (let s = 0; s < panelIds.length; s++) if (columnOfPanel[s]! >= 0) nKnown++
  const panelOf = new Int32Array(nKnown)
  const columnOf = new Int32Array(nKnown)
  for (let s = 0, j = 0; s < panelIds.length; s++) {
    if (columnOfPanel[s]! < 0) continue
    panelOf[j] = s
    columnOf[j++] = columnOfPanel[s]!
  }
  const offsets = new Int32Array(nRows + 1)
  const cells = weights instanceof Uint8Array
    ? scanBooleanRows(weights, nRows, nColumns, columnOf, needed, offsets)
    : scanFloatRows(weights, dates, panelIds, panelOf, nRows, nColumns, columnOf, needed, offsets)
  const security = new Int32Array(cells.known.length)
  for (let m = 0; m < security.length; m++) security[m] = panelOf[cells.known[m]!]!
  const weight = cells.values ?? new Float64Array(security.length).fill(1)
  return { nRows, dates, offsets, security, weight }
}

/** The held cells of the needed rows: positions into `columnOf` and (floats) their weights; fills `offsets`. */
interface ScannedCells {
  readonly known: Int32Array
  readonly values: Float64Array | null
}

const scanBooleanRows = (
  weights: Uint8Array,
  nRows: number,
  nColumns: number,
  columnOf: Int32Array,
  needed: Uint8Array | null,
  offsets: Int32Array
): ScannedCells => {
  let out = new Int32Array(1024)
  let m = 0
  for (let k = 0; k < nRows; k++) {
    if (needed === null || needed[k] === 1) {
      const base = k * nColumns
      for (let j = 0; j < columnOf.length; j++) {
        if (weights[base + columnOf[j]!] === 0) continue
        if (m === out.length) {
          const grown = new Int32Array(out.length * 2)
          grown.set(out)
          out = grown
        }
        out[m++] = j
      }
    }
    offsets[k + 1] = m
  }
  return { known: out.slice(0, m), values: null }
}

const scanFloatRows = (
  weights: Float64Array,
  dates: Int32Array,
  panelIds: Int32Array,
  panelOf: Int32Array,
  nRows: number,
  nColumns: number,
  columnOf: Int32Array,
  needed: Uint8Array | null,
  offsets: Int32Array
): ScannedCells => {
  let out = new Int32Array(1024)
  let values = new Float64Array(1024)
  let m = 0
  for (let k = 0; k < nRows; k++) {
    if (needed === null || needed[k] === 1) {
      const base = k * nColumns
      for (let j = 0; j < columnOf.length; j++) {
        const w = weights[base + columnOf[j]!]!
        if (w === 0 || w !== w) continue
        if (w === Infinity || w === -Infinity) {
          fail(`positions weight of security_id ${panelIds[panelOf[j]!]} on ${isoDateFromDay(dates[k]!)}`, w, "a finite number or NaN (no position)")
        }
        if (m === out.length) {
          const grownOut = new Int32Array(out.length * 2)
          grownOut.set(out)
          out = grownOut
          const grownValues = new Float64Array(values.length * 2)
          grownValues.set(values)
          values = grownValues
        }
        out[m] = j
        values[m++] = w
      }
    }
    offsets[k + 1] = m
  }
  return { known: out.slice(0, m), values: values.slice(0, m) }
}

const longToRows = (
  date: Int32Array,
  securityId: Int32Array,
  weightIn: Float64Array,
  panelIds: Int32Array
): RawRows => {
  const n = date.length
  const panelIndex = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const w = weightIn[i]!
    if (!Number.isFinite(w)) fail(`positions row ${i} weight`, w, "a finite number")
    const s = indexOfSorted(panelIds, securityId[i]!)
    if (s < 0 && w !== 0) fail(`positions row ${i} security_id`, securityId[i], "a security of the snapshot")
    panelIndex[i] = s
  }
  const order = Array.from({ length: n }, (_, i) => i)
  order.sort((a, b) => date[a]! - date[b]! || panelIndex[a]! - panelIndex[b]! || a - b)
  const rowDates: Array<number> = []
  const offsets: Array<number> = [0]
  const security: Array<number> = []
  const weight: Array<number> = []
  for (let k = 0; k < n; k++) {
    const i = order[k]!
    if (rowDates.length === 0 || rowDates[rowDates.length - 1] !== date[i]) {
      if (rowDates.length > 0) offsets.push(security.length)
      rowDates.push(date[i]!)
    }
    if (k > 0) {
      const p = order[k - 1]!
      if (date[p] === date[i] && panelIndex[p] === panelIndex[i] && panelIndex[i]! >= 0) {
        fail(`positions row ${i}`, `security_id ${securityId[i]} on ${isoDateFromDay(date[i]!)}`, `one row per (date, security_id) (row ${p} has the same)`)
      }
    }
    if (weightIn[i] !== 0) {
      security.push(panelIndex[i]!)
      weight.push(weightIn[i]!)
    }
  }
  if (rowDates.length > 0) offsets.push(security.length)
  return {
    nRows: rowDates.length,
    dates: Int32Array.from(rowDates),
    offsets: Int32Array.from(offsets),
    security: Int32Array.from(security),
    weight: Float64Array.from(weight)
  }
}
