/**
 * The row checks of signal validation that look across columns or at the snapshot. Each is a
 * small function with one loop: rows already unusable in a column it reads (`bad*`) or dropped
 * are skipped, so every problem is reported once, by the check that owns it. (Small functions
 * also reach optimised code sooner, which matters for a command that runs each loop once.)
 */
import type { Column } from "../ColumnTable.ts"
import { userRowNumber } from "../ColumnTable.ts"
import { isoDateFromDay } from "../Dates.ts"
import { formatExamples, MAX_EXAMPLES } from "../SignalProblem.ts"
import { findRepeatedPairs } from "./repeatedPairs.ts"
import type { ConvertContext } from "./signalColumns.ts"
import { displayCell, EXPECTED_SIGNAL, pushTally } from "./signalColumns.ts"
import { indexIn, makeSortedLookup } from "./sortedLookup.ts"
import { countRow, makeTally } from "./tally.ts"

/**
 * NaN, infinite or missing signals: an error, or with `dropNonfinite` a warning and a 1 in
 * `drop` for each such row. Returns how many rows were dropped.
 */
export const checkNonFinite = (
  ctx: ConvertContext,
  column: Column,
  signal: Float64Array,
  badValue: Uint8Array,
  dropNonfinite: boolean,
  drop: Uint8Array
): number => {
  const nonFinite = makeTally()
  const n = signal.length
  for (let i = 0; i < n; i++) {
    const v = signal[i]!
    if (v - v !== 0 && badValue[i] === 0) {
      countRow(nonFinite, userRowNumber(ctx.table, i), () => displayCell(column, i))
      if (dropNonfinite) drop[i] = 1
    }
  }
  if (dropNonfinite) {
    const what = nonFinite.count === 1 ? "row was dropped: its value is not finite" : "rows were dropped: their value is not finite"
    pushTally(ctx, nonFinite, "dropped-non-finite", "signal", what, EXPECTED_SIGNAL, "warning")
    return nonFinite.count
  }
  const what = nonFinite.count === 1 ? "value is not finite" : "values are not finite"
  pushTally(ctx, nonFinite, "non-finite-signal", "signal", what, `${EXPECTED_SIGNAL}, or drop such rows with the drop-nonfinite option`)
  return 0
}

/** `date_avail < date_sig`: the signal would be traded before it was computed (look-ahead). */
export const checkAvailBeforeSig = (
  ctx: ConvertContext,
  dateSig: Int32Array,
  dateAvail: Int32Array,
  badSig: Uint8Array,
  badAvail: Uint8Array
): void => {
  const early = makeTally()
  const n = dateSig.length
  for (let i = 0; i < n; i++) {
    if (dateAvail[i]! < dateSig[i]! && badSig[i] === 0 && badAvail[i] === 0) {
      countRow(early, userRowNumber(ctx.table, i), () => `${isoDateFromDay(dateAvail[i]!)} < date_sig ${isoDateFromDay(dateSig[i]!)}`)
    }
  }
  const what = early.count === 1
    ? "row is available before its date_sig (look-ahead)"
    : "rows are available before their date_sig (look-ahead)"
  pushTally(ctx, early, "avail-before-sig", "date_avail", what, "date_avail >= date_sig")
}

/** `date_sig` before the first or after the last day of the calendar (days between are fine). */
export const checkCalendarRange = (
  ctx: ConvertContext,
  dateSig: Int32Array,
  badSig: Uint8Array,
  drop: Uint8Array,
  calendar: Int32Array
): void => {
  if (calendar.length === 0) return
  const first = calendar[0]!
  const last = calendar[calendar.length - 1]!
  const outside = makeTally()
  const n = dateSig.length
  for (let i = 0; i < n; i++) {
    const d = dateSig[i]!
    if ((d < first || d > last) && badSig[i] === 0 && drop[i] === 0) {
      countRow(outside, userRowNumber(ctx.table, i), () => isoDateFromDay(d))
    }
  }
  const what = outside.count === 1 ? "value is outside the snapshot calendar" : "values are outside the snapshot calendar"
  pushTally(ctx, outside, "date-sig-outside-calendar", "date_sig", what, `a date from ${isoDateFromDay(first)} to ${isoDateFromDay(last)}`)
}

/** Rows repeating the `(security_id, date_sig)` of an earlier row. */
export const checkDuplicates = (
  ctx: ConvertContext,
  ids: Int32Array,
  dateSig: Int32Array,
  badId: Uint8Array,
  badSig: Uint8Array,
  drop: Uint8Array
): void => {
  const n = ids.length
  const include = new Uint8Array(n)
  for (let i = 0; i < n; i++) include[i] = badId[i]! | badSig[i]! | drop[i]! ? 0 : 1
  const repeated = findRepeatedPairs(ids, dateSig, include)
  const count = repeated.rows.length
  if (count === 0) return
  const row = (i: number) => userRowNumber(ctx.table, i)
  const examples = Array.from(repeated.rows.subarray(0, MAX_EXAMPLES), (i, k) => ({
    row: row(i),
    value: `(${ids[i]}, ${isoDateFromDay(dateSig[i]!)}) repeats ${ctx.rowWord} ${row(repeated.firstRows[k]!)}`
  }))
  ctx.problems.push({
    code: "duplicate-key",
    severity: "error",
    column: "security_id, date_sig",
    count,
    examples,
    expected: "one row per (security_id, date_sig)",
    message: `${count.toLocaleString("en-US")} ${count === 1 ? "row repeats" : "rows repeat"} the (security_id, date_sig) of an earlier row: ${
      formatExamples(ctx.rowWord, examples, count)
    } (expected one row per (security_id, date_sig))`
  })
}

/** Security ids the snapshot does not have: a warning (such rows are never traded). */
export const checkUnknownSecurities = (
  ctx: ConvertContext,
  ids: Int32Array,
  badId: Uint8Array,
  drop: Uint8Array,
  securityIds: Int32Array
): void => {
  const unknown = makeTally()
  const distinct = new Set<number>()
  const known = makeSortedLookup(securityIds)
  const n = ids.length
  for (let i = 0; i < n; i++) {
    if (indexIn(known, ids[i]!) < 0 && badId[i] === 0 && drop[i] === 0) {
      distinct.add(ids[i]!)
      countRow(unknown, userRowNumber(ctx.table, i), () => String(ids[i]))
    }
  }
  if (unknown.count === 0) return
  const rows = unknown.count === 1 ? "row names" : "rows name"
  const securities = distinct.size === 1 ? "1 security" : `${distinct.size.toLocaleString("en-US")} securities`
  ctx.problems.push({
    code: "unknown-security",
    severity: "warning",
    column: "security_id",
    count: unknown.count,
    examples: unknown.examples,
    expected: "a security of the snapshot",
    message: `column "security_id": ${unknown.count.toLocaleString("en-US")} ${rows} ${securities} not in the snapshot: ${
      formatExamples(ctx.rowWord, unknown.examples, unknown.count)
    } (these rows are never traded)`
  })
}
