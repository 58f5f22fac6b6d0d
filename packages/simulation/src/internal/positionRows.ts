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

export const buildPositionRows = (
  positions: Positions,
  panelSecurityIds: Int32Array,
  positionLimit: number
): PositionRows => {
  const raw = positions.kind === "dense"
    ? denseToRows(positions.dates, positions.securityIds, positions.weights, panelSecurityIds)
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

/** Index of the last row dated on or before `day`, or -1. */
export const rowInForce = (rows: PositionRows, day: number): number => {
  let lo = 0
  let hi = rows.nRows
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (rows.dates[mid]! <= day) lo = mid + 1
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
  panelIds: Int32Array
): RawRows => {
  const nRows = dates.length
  const nColumns = columnIds.length
  for (let k = 1; k < nRows; k++) {
    if (dates[k]! <= dates[k - 1]!) {
      fail(`positions.dates[${k}]`, isoDateFromDay(dates[k]!), `a date after row ${k - 1} (${isoDateFromDay(dates[k - 1]!)}): dates must be strictly ascending`)
    }
  }
  // Columns visited in panel order, so every row comes out sorted by security.
  const columnOfPanel = new Int32Array(panelIds.length).fill(-1)
  const unknownColumns: Array<number> = []
  for (let c = 0; c < nColumns; c++) {
    const s = indexOfSorted(panelIds, columnIds[c]!)
    if (s < 0) unknownColumns.push(c)
    else if (columnOfPanel[s]! >= 0) fail(`positions.securityIds[${c}]`, columnIds[c], "distinct security ids (it repeats an earlier column)")
    else columnOfPanel[s] = c
  }
  const boolean = weights instanceof Uint8Array
  for (const c of unknownColumns) {
    for (let k = 0; k < nRows; k++) {
      const w = weights[k * nColumns + c]!
      if (w !== 0 && w === w) {
        fail(`positions security_id ${columnIds[c]}`, `weight ${w} on ${isoDateFromDay(dates[k]!)}`, "a security of the snapshot")
      }
    }
  }
  const order: Array<number> = []
  for (let s = 0; s < panelIds.length; s++) if (columnOfPanel[s]! >= 0) order.push(s)
  let count = 0
  for (let k = 0; k < nRows; k++) {
    const base = k * nColumns
    for (const s of order) {
      const w = weights[base + columnOfPanel[s]!]!
      if (w !== 0 && w === w) count++
    }
  }
  const offsets = new Int32Array(nRows + 1)
  const security = new Int32Array(count)
  const weight = new Float64Array(count)
  let m = 0
  for (let k = 0; k < nRows; k++) {
    const base = k * nColumns
    for (const s of order) {
      const w = weights[base + columnOfPanel[s]!]!
      if (w === 0 || w !== w) continue
      if (!boolean && !Number.isFinite(w)) {
        fail(`positions weight of security_id ${panelIds[s]} on ${isoDateFromDay(dates[k]!)}`, w, "a finite number or NaN (no position)")
      }
      security[m] = s
      weight[m] = boolean ? 1 : w
      m++
    }
    offsets[k + 1] = m
  }
  return { nRows, dates, offsets, security, weight }
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
