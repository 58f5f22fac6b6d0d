/**
 * Which position row is executed on which bar (spec/simulation.md, rules 2 and 3, "Precise
 * readings"): rebalance signals come from the changed rows (`resample: null`) or from the
 * calendar rule / explicit dates with the position in force forward-filled; a signal dated
 * `t` executes on the first bar strictly after `t`, the latest signal winning when several
 * land on one bar. Signals with no bar after them are the pending rebalance.
 */
import { rebalanceDatesForRule, rebalanceDatesFromList } from "../Resample.ts"
import type { SimulationOptions } from "../SimulationOptions.ts"
import { rowInForce } from "./positionRows.ts"

export interface Schedule {
  /** Bar on which `creturn` starts at 1 (the last bar on or before the first signal), or 0. */
  readonly startBar: number
  /** True when the first signal executes on `startBar` itself (it precedes the calendar). */
  readonly startTrades: boolean
  /** Per bar: the position row executed there, or -1. */
  readonly barRow: Int32Array
  /** Per bar: the signal date of that row's rebalance. */
  readonly barSignalDate: Int32Array
  /** Periodic rebalancing (any `resample` but null): held names roll into new trade records. */
  readonly periodic: boolean
  /** The row signalled on or after the last bar (executes after the data), or -1. */
  readonly pendingRow: number
  readonly pendingSignalDate: number
  /** The next rebalance date after the last bar, or null. */
  readonly nextDate: number | null
  /** Number of rebalance signals (before collapsing several onto one bar). */
  readonly signals: number
}

/**
 * `rowDates` are the position rows' dates; `sameRow(a, b)` compares two normalized rows and is
 * needed only with `resample: null`.
 */
export const buildSchedule = (
  rowDates: Int32Array,
  calendar: Int32Array,
  options: SimulationOptions,
  sameRow: ((a: number, b: number) => boolean) | null
): Schedule => {
  const nDays = calendar.length
  const lastBarDate = calendar[nDays - 1]!
  const signalDates: Array<number> = []
  const signalRows: Array<number> = []
  let nextDate: number | null = null
  const { resample } = options
  if (resample === null) {
    if (sameRow === null) throw new TypeError("buildSchedule: resample null needs a row comparison")
    for (let k = 0; k < rowDates.length; k++) {
      if (k === 0 || !sameRow(k, k - 1)) {
        signalDates.push(rowDates[k]!)
        signalRows.push(k)
      }
    }
    for (let i = 0; i < signalDates.length; i++) {
      if (signalDates[i]! > lastBarDate) {
        nextDate = signalDates[i]!
        break
      }
    }
  } else {
    const first = rowDates[0]!
    const windowed = typeof resample === "string"
      ? rebalanceDatesForRule(resample, options.resample_offset, first, lastBarDate)
      : rebalanceDatesFromList(resample, options.resample_offset, first, lastBarDate)
    for (const date of windowed.dates) {
      signalDates.push(date)
      signalRows.push(rowInForce(rowDates, date))
    }
    nextDate = windowed.next
  }

  const barRow = new Int32Array(nDays).fill(-1)
  const barSignalDate = new Int32Array(nDays)
  let pendingRow = -1
  let pendingSignalDate = 0
  for (let i = 0; i < signalDates.length; i++) {
    const bar = firstBarAfter(calendar, signalDates[i]!)
    if (bar >= nDays) {
      pendingRow = signalRows[i]!
      pendingSignalDate = signalDates[i]!
    } else {
      barRow[bar] = signalRows[i]!
      barSignalDate[bar] = signalDates[i]!
    }
  }
  let startBar = nDays - 1
  let startTrades = false
  if (signalDates.length > 0) {
    const bar = firstBarAfter(calendar, signalDates[0]!) - 1
    if (bar < 0) {
      startBar = 0
      startTrades = true
    } else {
      startBar = bar
    }
  }
  return {
    startBar,
    startTrades,
    barRow,
    barSignalDate,
    periodic: resample !== null,
    pendingRow,
    pendingSignalDate,
    nextDate,
    signals: signalDates.length
  }
}

/** Index of the first calendar bar strictly after `day` (`calendar.length` when none). */
export const firstBarAfter = (calendar: Int32Array, day: number): number => {
  let lo = 0
  let hi = calendar.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (calendar[mid]! <= day) lo = mid + 1
    else hi = mid
  }
  return lo
}
