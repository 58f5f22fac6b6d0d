/**
 * Maps a signal table onto a trading calendar (spec/engine.md, "Timing", points 1, 2 and 4):
 * a row is first tradable on `t0`, the first trading day on or after `date_avail`; it is
 * traded on `d = t0 + lag`; of several rows on one `(security, d)` the latest `date_sig`
 * wins, then the latest `date_avail`. The result is columnar and sorted by `(d, security)`,
 * so a day's rows are one contiguous range and every later join is an index computation.
 */
import { indexIn, lowerBoundIn, makeSortedLookup } from "./internal/sortedLookup.ts"
import type { SignalTable } from "./SignalTable.ts"

/** What happened to the rows of the table, each reason its own count. */
export interface AlignDiagnostics {
  readonly rowsRead: number
  /** `date_avail` after the last calendar day: never tradable. */
  readonly availAfterCalendarEnd: number
  /** `d = t0 + lag` past the calendar end, or on its last day (there is no `d + 1` to earn). */
  readonly tradeDayPastEnd: number
  /** `security_id` not among the panel's securities (never eligible). */
  readonly unknownSecurity: number
  /** NaN or infinite `signal` (validation normally rejects or drops these first). */
  readonly nonFinite: number
  /** Rows replaced by a newer row on the same `(security, d)`. */
  readonly superseded: number
  readonly rowsAligned: number
}

export interface AlignedSignal {
  readonly lag: number
  readonly nDays: number
  readonly nSecurities: number
  readonly length: number
  /** Rows of trade day `d` are `dayOffsets[d] .. dayOffsets[d + 1] - 1`; length `nDays + 1`. */
  readonly dayOffsets: Int32Array
  /** Trade-day index `d` into the calendar. */
  readonly day: Int32Array
  /** Index into the panel's sorted security ids. */
  readonly security: Int32Array
  readonly value: Float64Array
  /** The winning row's `date_sig` (day number). */
  readonly dateSig: Int32Array
  readonly diagnostics: AlignDiagnostics
}

export interface AlignOptions {
  /** Trading days added to `t0`; defaults to 0. */
  readonly lag?: number
}

/**
 * Aligns `table` to `calendar` (ascending trading days as day numbers) and to the ascending
 * `securityIds` of a panel.
 */
export const alignSignal = (
  table: SignalTable,
  calendar: Int32Array,
  securityIds: Int32Array,
  options: AlignOptions = {}
): AlignedSignal => {
  const lag = options.lag ?? 0
  if (!Number.isInteger(lag) || lag < 0) throw new RangeError(`invalid lag: ${lag} (expected an integer >= 0)`)
  const nDays = calendar.length
  const nSecurities = securityIds.length
  const n = table.length

  const mapped = mapRows(table, calendar, securityIds, lag)
  const { rowDay, rowSecurity, kept } = mapped
  // Files sorted by date and id come in (d, security) order already; others are put in that
  // order by two stable counting sorts (by security, then by day).
  const order = mapped.ordered
    ? keptRows(rowDay, kept)
    : countingSort(rowDay, rowDay, nDays, countingSort(rowSecurity, rowDay, nSecurities, null, kept), kept)
  const newest = keepNewest(table, rowDay, rowSecurity, order)
  const m = newest.day.length

  return {
    lag,
    nDays,
    nSecurities,
    length: m,
    dayOffsets: dayOffsetsOf(newest.day, nDays),
    day: newest.day,
    security: newest.security,
    value: newest.value,
    dateSig: newest.dateSig,
    diagnostics: {
      rowsRead: n,
      availAfterCalendarEnd: mapped.availAfterCalendarEnd,
      tradeDayPastEnd: mapped.tradeDayPastEnd,
      unknownSecurity: mapped.unknownSecurity,
      nonFinite: mapped.nonFinite,
      superseded: kept - m,
      rowsAligned: m
    }
  }
}

/**
 * Each row's trade day `d` and security index (`rowDay` -1 for dropped rows, each drop counted
 * under its first reason: non-finite value, date_avail after the end, d on or past the last
 * day, unknown security), and whether the kept rows are already in (d, security) order.
 */
const mapRows = (table: SignalTable, calendar: Int32Array, securityIds: Int32Array, lag: number) => {
  const n = table.length
  const nDays = calendar.length
  const nSecurities = securityIds.length
  const days = makeSortedLookup(calendar)
  const securities = makeSortedLookup(securityIds)
  const rowDay = new Int32Array(n)
  const rowSecurity = new Int32Array(n)
  let availAfterCalendarEnd = 0
  let tradeDayPastEnd = 0
  let unknownSecurity = 0
  let nonFinite = 0
  let kept = 0
  let ordered = true
  let prevKey = -1
  for (let i = 0; i < n; i++) {
    rowDay[i] = -1
    const v = table.signal[i]!
    if (v - v !== 0) {
      nonFinite++
      continue
    }
    const t0 = lowerBoundIn(days, table.dateAvail[i]!)
    if (t0 >= nDays) {
      availAfterCalendarEnd++
      continue
    }
    const d = t0 + lag
    if (d >= nDays - 1) {
      tradeDayPastEnd++
      continue
    }
    const s = indexIn(securities, table.securityId[i]!)
    if (s < 0) {
      unknownSecurity++
      continue
    }
    rowDay[i] = d
    rowSecurity[i] = s
    kept++
    const key = d * nSecurities + s
    if (key < prevKey) ordered = false
    prevKey = key
  }
  return { rowDay, rowSecurity, kept, ordered, availAfterCalendarEnd, tradeDayPastEnd, unknownSecurity, nonFinite }
}

/** Of the rows in `order` (sorted by (d, security)), the newest of each (d, security). */
const keepNewest = (table: SignalTable, rowDay: Int32Array, rowSecurity: Int32Array, order: Int32Array) => {
  const kept = order.length
  const day = new Int32Array(kept)
  const security = new Int32Array(kept)
  const value = new Float64Array(kept)
  const dateSig = new Int32Array(kept)
  let m = 0
  for (let k = 0; k < kept;) {
    const first = order[k]!
    const d = rowDay[first]!
    const s = rowSecurity[first]!
    let best = first
    let j = k + 1
    for (; j < kept; j++) {
      const row = order[j]!
      if (rowDay[row] !== d || rowSecurity[row] !== s) break
      if (isNewer(table, row, best)) best = row
    }
    day[m] = d
    security[m] = s
    value[m] = table.signal[best]!
    dateSig[m] = table.dateSig[best]!
    m++
    k = j
  }
  return m === kept
    ? { day, security, value, dateSig }
    : { day: day.slice(0, m), security: security.slice(0, m), value: value.slice(0, m), dateSig: dateSig.slice(0, m) }
}

/** The CSR index of rows sorted by day: day `d` is rows `offsets[d] .. offsets[d + 1] - 1`. */
const dayOffsetsOf = (day: Int32Array, nDays: number): Int32Array => {
  const offsets = new Int32Array(nDays + 1)
  for (let r = 0; r < day.length; r++) offsets[day[r]! + 1]!++
  for (let d = 0; d < nDays; d++) offsets[d + 1]! += offsets[d]!
  return offsets
}

/** The indices of the kept rows (`valid[i] >= 0`), in row order. */
const keptRows = (valid: Int32Array, count: number): Int32Array => {
  const out = new Int32Array(count)
  for (let i = 0, k = 0; i < valid.length; i++) if (valid[i]! >= 0) out[k++] = i
  return out
}

/** Latest `date_sig` wins, then the latest `date_avail`. */
const isNewer = (table: SignalTable, row: number, than: number): boolean => {
  const a = table.dateSig[row]!
  const b = table.dateSig[than]!
  if (a !== b) return a > b
  return table.dateAvail[row]! > table.dateAvail[than]!
}

/**
 * Stable counting sort of the kept rows (`valid[i] >= 0`) by `key[i]` in `0 .. buckets - 1`,
 * visiting rows in `input` order (or 0..n-1 when null). Returns the `count` sorted row indices.
 */
const countingSort = (
  key: Int32Array,
  valid: Int32Array,
  buckets: number,
  input: Int32Array | null,
  count: number
): Int32Array => {
  const starts = new Int32Array(buckets + 1)
  const n = input === null ? valid.length : input.length
  for (let k = 0; k < n; k++) {
    const i = input === null ? k : input[k]!
    if (valid[i]! >= 0) starts[key[i]! + 1]!++
  }
  for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!
  const out = new Int32Array(count)
  for (let k = 0; k < n; k++) {
    const i = input === null ? k : input[k]!
    if (valid[i]! >= 0) out[starts[key[i]!]!++] = i
  }
  return out
}

/** What a report says about an alignment: where the rows went and how many names each day has. */
export interface AlignmentSummary {
  readonly lag: number
  readonly diagnostics: AlignDiagnostics
  /** Rows not aligned, all reasons together (superseded rows included). */
  readonly rowsDropped: number
  /** First and last trade day (day numbers) with at least one name; null when none. */
  readonly firstTradeDay: number | null
  readonly lastTradeDay: number | null
  /** Trade days with at least one name. */
  readonly tradeDays: number
  /** Names per trade day, over the days with at least one name; null when none. */
  readonly namesPerDay: { readonly min: number; readonly median: number; readonly mean: number; readonly max: number } | null
}

/** Summarizes `aligned` against the `calendar` it was aligned to. */
export const summarizeAlignment = (aligned: AlignedSignal, calendar: Int32Array): AlignmentSummary => {
  const counts: Array<number> = []
  let first = -1
  let last = -1
  for (let d = 0; d < aligned.nDays; d++) {
    const names = aligned.dayOffsets[d + 1]! - aligned.dayOffsets[d]!
    if (names === 0) continue
    if (first < 0) first = d
    last = d
    counts.push(names)
  }
  counts.sort((a, b) => a - b)
  const k = counts.length
  const total = counts.reduce((sum, c) => sum + c, 0)
  const median = k === 0 ? 0 : k % 2 === 1 ? counts[(k - 1) / 2]! : (counts[k / 2 - 1]! + counts[k / 2]!) / 2
  return {
    lag: aligned.lag,
    diagnostics: aligned.diagnostics,
    rowsDropped: aligned.diagnostics.rowsRead - aligned.diagnostics.rowsAligned,
    firstTradeDay: first < 0 ? null : calendar[first]!,
    lastTradeDay: last < 0 ? null : calendar[last]!,
    tradeDays: k,
    namesPerDay: k === 0 ? null : { min: counts[0]!, median, mean: total / k, max: counts[k - 1]! }
  }
}
