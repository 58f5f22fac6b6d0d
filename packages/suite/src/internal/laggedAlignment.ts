/**
 * A signal table aligned at any lag from its alignment at lag 0, without aligning it again.
 *
 * A row first tradable on t0 is traded on t0 + lag, and rows compete for a (security, trade
 * day) exactly when they share (security, t0), so the rows aligned at lag L are the rows aligned
 * at lag 0 whose trade day is at most nDays - 2 - L (a prefix, the rows being sorted by day),
 * each moved L days later, with the same winners. Only the diagnostics change: the rows with
 * t0 in the last L tradable days now land past the end (the check that comes before the
 * unknown-security one), which a count of those rows by t0 gives. `alignSignal` does the same
 * work from scratch; the suite's tests check that both give the same alignment.
 */
import type { Panel } from "@alphabench/catalog"
import type { AlignedSignal } from "@alphabench/contract/AlignSignal"
import { lowerBound } from "@alphabench/contract/Dates"
import type { SignalTable } from "@alphabench/contract/SignalTable"

/** Per t0 near the calendar's end: the finite rows with a known and with an unknown security. */
interface TailCounts {
  /** t0 covered: from `first` to nDays - 2. */
  readonly first: number
  readonly known: Int32Array
  readonly unknown: Int32Array
}

const tailCounts = (table: SignalTable, panel: Panel, lag: number): TailCounts => {
  const { dates, securityIds } = panel
  const nDays = dates.length
  const first = Math.max(0, nDays - 1 - lag)
  const known = new Int32Array(Math.max(0, nDays - 1 - first))
  const unknown = new Int32Array(known.length)
  if (known.length === 0) return { first, known, unknown }
  // A row has t0 >= first exactly when its date_avail is after the trading day before `first`.
  const after = first === 0 ? -Infinity : dates[first - 1]
  const lastDay = dates[nDays - 2]
  for (let i = 0; i < table.length; i++) {
    const v = table.signal[i]
    const avail = table.dateAvail[i]
    if (v - v !== 0 || !(avail > after) || avail > lastDay) continue
    const t0 = lowerBound(dates, avail)
    const id = table.securityId[i]
    const s = lowerBound(securityIds, id)
    if (s < securityIds.length && securityIds[s] === id) known[t0 - first]++
    else unknown[t0 - first]++
  }
  return { first, known, unknown }
}

/**
 * `table` aligned to `panel` at `lag`, from `atLag0` (its alignment at lag 0): what
 * `alignSignal(table, panel.dates, panel.securityIds, { lag })` returns. The security, value and
 * date_sig columns are views of `atLag0`'s.
 */
export const alignedAtLag = (table: SignalTable, panel: Panel, atLag0: AlignedSignal, lag: number): AlignedSignal => {
  if (!Number.isInteger(lag) || lag < 0) throw new RangeError(`invalid lag: ${lag} (expected an integer >= 0)`)
  if (lag === 0) return atLag0
  const nDays = atLag0.nDays
  // Rows of trade days 0 .. nDays - 2 - lag at lag 0 stay.
  const lastKeptDay = nDays - 2 - lag
  const m = lastKeptDay < 0 ? 0 : atLag0.dayOffsets[lastKeptDay + 1]
  const day = new Int32Array(m)
  for (let r = 0; r < m; r++) day[r] = atLag0.day[r] + lag
  const dayOffsets = new Int32Array(nDays + 1)
  for (let d = lag; d <= nDays; d++) dayOffsets[d] = Math.min(atLag0.dayOffsets[d - lag], m)
  const tail = tailCounts(table, panel, lag)
  let movedKnown = 0
  let movedUnknown = 0
  for (let t = 0; t < tail.known.length; t++) {
    movedKnown += tail.known[t]
    movedUnknown += tail.unknown[t]
  }
  const before = atLag0.diagnostics
  const kept = before.rowsAligned + before.superseded - movedKnown
  return {
    lag,
    nDays,
    nSecurities: atLag0.nSecurities,
    length: m,
    dayOffsets,
    day,
    security: atLag0.security.subarray(0, m),
    value: atLag0.value.subarray(0, m),
    dateSig: atLag0.dateSig.subarray(0, m),
    diagnostics: {
      rowsRead: before.rowsRead,
      availAfterCalendarEnd: before.availAfterCalendarEnd,
      tradeDayPastEnd: before.tradeDayPastEnd + movedKnown + movedUnknown,
      unknownSecurity: before.unknownSecurity - movedUnknown,
      nonFinite: before.nonFinite,
      superseded: kept - m,
      rowsAligned: m
    }
  }
}
