/**
 * Rebalance dates of a periodic `resample` (spec/simulation.md, rule 2 and "Precise
 * readings"): like pandas `date_range(first position date, ..., freq)`, the first rule date
 * is the first one on or after the start (`M` month ends, `MS` month starts, `Q` quarter ends
 * Mar/Jun/Sep/Dec, `QS` quarter starts Jan/Apr/Jul/Oct, `W-<DAY>` that weekday, `D` every
 * calendar day); the offset is added to each date; dates outside [first position date, last
 * price date] are dropped, and the first one after the last price date is kept as the next
 * trading date.
 */
import { weekdayOfDay } from "@alphabench/contract"
import type { ResampleRule } from "./SimulationOptions.ts"

export interface RebalanceDates {
  /** Rebalance (signal) dates inside the window, ascending day numbers. */
  readonly dates: Int32Array
  /** The first rebalance date after the last price date, or null when there is none. */
  readonly next: number | null
}

const MS_PER_DAY = 86_400_000

const ymd = (day: number): [number, number, number] => {
  const date = new Date(day * MS_PER_DAY)
  return [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()]
}

/** Day number of a (year, zero-based month, day-of-month) triple; day 0 is the previous month's end. */
const dayOf = (year: number, month: number, dayOfMonth: number): number => Date.UTC(year, month, dayOfMonth) / MS_PER_DAY

const weekdayNumber: Record<string, number> = { SUN: 0, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6 }

/** The first date of `rule` on or after `day`. */
const firstOnOrAfter = (rule: ResampleRule, day: number): number => {
  if (rule === "D") return day
  if (rule.startsWith("W-")) {
    const target = weekdayNumber[rule.slice(2)]!
    return day + ((target - weekdayOfDay(day) + 7) % 7)
  }
  const [year, month, dom] = ymd(day)
  if (rule === "M") return dayOf(year, month + 1, 0)
  if (rule === "MS") return dom === 1 ? day : dayOf(year, month + 1, 1)
  if (rule === "Q") {
    const quarterEndMonth = month - (month % 3) + 2
    return dayOf(year, quarterEndMonth + 1, 0)
  }
  // QS: quarter starts in January, April, July, October.
  const quarterStartMonth = month - (month % 3)
  const start = dayOf(year, quarterStartMonth, 1)
  return start >= day ? start : dayOf(year, quarterStartMonth + 3, 1)
}

/** The rule date after `day` (which is itself a rule date). */
const following = (rule: ResampleRule, day: number): number => {
  if (rule === "D") return day + 1
  if (rule.startsWith("W-")) return day + 7
  const [year, month] = ymd(day)
  if (rule === "M") return dayOf(year, month + 2, 0)
  if (rule === "MS") return dayOf(year, month + 1, 1)
  if (rule === "Q") return dayOf(year, month + 4, 0)
  return dayOf(year, month + 3, 1)
}

/** Rebalance dates for a calendar rule, from the first position date to the last price date. */
export const rebalanceDatesForRule = (
  rule: ResampleRule,
  offsetDays: number,
  firstPositionDate: number,
  lastPriceDate: number
): RebalanceDates => {
  const out: Array<number> = []
  let next: number | null = null
  for (let date = firstOnOrAfter(rule, firstPositionDate);; date = following(rule, date)) {
    const shifted = date + offsetDays
    if (shifted > lastPriceDate) {
      next = shifted
      break
    }
    if (shifted >= firstPositionDate) out.push(shifted)
  }
  return { dates: Int32Array.from(out), next }
}

/** Rebalance dates from an explicit list (ascending day numbers), shifted and windowed the same way. */
export const rebalanceDatesFromList = (
  list: ReadonlyArray<number>,
  offsetDays: number,
  firstPositionDate: number,
  lastPriceDate: number
): RebalanceDates => {
  const out: Array<number> = []
  let next: number | null = null
  for (const date of list) {
    const shifted = date + offsetDays
    if (shifted > lastPriceDate) {
      next = shifted
      break
    }
    if (shifted >= firstPositionDate) out.push(shifted)
  }
  return { dates: Int32Array.from(out), next }
}
