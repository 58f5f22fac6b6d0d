/**
 * A built-in baseline aligned to the trade days directly from its dense values, without the
 * detour through a signal table and `alignSignal` (millions of rows for a baseline, which
 * covers every security). It is exactly what `alignSignal(baselineSignalTable(panel, values),
 * ...)` returns, which the tests check: a value computed on day d has `date_avail` = the next
 * trading day d + 1, so it is first tradable on d + 1 and traded on `d + 1 + lag`; rows whose
 * trade day is the calendar's last day or beyond are dropped (`tradeDayPastEnd`); rows come
 * in (day, security) order with no duplicates.
 */
import type { Panel } from "@alphabench/catalog"
import type { AlignedSignal } from "@alphabench/contract"

export const alignedBaseline = (panel: Panel, values: Float64Array, lag: number, shared = false): AlignedSignal => {
  if (!Number.isInteger(lag) || lag < 0) throw new RangeError(`invalid lag: ${lag} (expected an integer >= 0)`)
  const { nDays, nSecurities: n, dates } = panel
  const lastRowDay = nDays - 2
  const lastSourceDay = nDays - 3 - lag // trade day d + 1 + lag must be at most nDays - 2
  let rowsRead = 0
  let kept = 0
  for (let d = 0; d <= lastRowDay; d++) {
    let count = 0
    for (let cell = d * n, end = cell + n; cell < end; cell++) if (values[cell] - values[cell] === 0) count++
    rowsRead += count
    if (d <= lastSourceDay) kept += count
  }
  const buffer = (bytes: number): ArrayBufferLike => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes))
  const dayOffsets = new Int32Array(buffer((nDays + 1) * 4))
  const day = new Int32Array(buffer(kept * 4))
  const security = new Int32Array(buffer(kept * 4))
  const value = new Float64Array(buffer(kept * 8))
  const dateSig = new Int32Array(buffer(kept * 4))
  let r = 0
  for (let d = 0; d <= lastSourceDay; d++) {
    const trade = d + 1 + lag
    const base = d * n
    for (let s = 0; s < n; s++) {
      const v = values[base + s]
      if (v - v !== 0) continue
      day[r] = trade
      security[r] = s
      value[r] = v
      dateSig[r] = dates[d]
      r++
    }
    dayOffsets[trade + 1] = r
  }
  for (let d = 1; d <= nDays; d++) if (dayOffsets[d] < dayOffsets[d - 1]) dayOffsets[d] = dayOffsets[d - 1]
  return {
    lag,
    nDays,
    nSecurities: n,
    length: kept,
    dayOffsets,
    day,
    security,
    value,
    dateSig,
    diagnostics: {
      rowsRead,
      availAfterCalendarEnd: 0,
      tradeDayPastEnd: rowsRead - kept,
      unknownSecurity: 0,
      nonFinite: 0,
      superseded: 0,
      rowsAligned: kept
    }
  }
}
