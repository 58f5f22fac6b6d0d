/**
 * A trading calendar like an exchange's: weekdays minus the usual holidays of a year (New Year,
 * two Monday holidays in January and February, Good Friday, Memorial Day, Juneteenth from 2022,
 * Independence Day, Labor Day, Thanksgiving, Christmas), with weekend holidays observed on the
 * nearest weekday the way US exchanges do.
 */
import { dayFromIsoDate, weekdayOfDay } from "@alphabench/contract"

const dayOf = (year: number, month: number, day: number): number => Date.UTC(year, month - 1, day) / 86_400_000

/** The n-th (1-based) `weekday` (0 Sunday .. 6 Saturday) of a month. */
const nthWeekday = (year: number, month: number, weekday: number, n: number): number => {
  const first = dayOf(year, month, 1)
  const offset = (weekday - weekdayOfDay(first) + 7) % 7
  return first + offset + (n - 1) * 7
}

const lastWeekday = (year: number, month: number, weekday: number): number => {
  const last = dayOf(year, month + 1, 0)
  return last - ((weekdayOfDay(last) - weekday + 7) % 7)
}

/** Easter Sunday (Gregorian, anonymous algorithm). */
const easter = (year: number): number => {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return dayOf(year, month, day)
}

/** Saturday holidays move to Friday, Sunday ones to Monday. */
const observed = (day: number): number => {
  const weekday = weekdayOfDay(day)
  if (weekday === 6) return day - 1
  if (weekday === 0) return day + 1
  return day
}

/** The exchange holidays of `year` (day numbers). */
export const holidaysOfYear = (year: number): Set<number> => {
  const days = [
    nthWeekday(year, 1, 1, 3),
    nthWeekday(year, 2, 1, 3),
    easter(year) - 2,
    lastWeekday(year, 5, 1),
    observed(dayOf(year, 7, 4)),
    nthWeekday(year, 9, 1, 1),
    nthWeekday(year, 11, 4, 4),
    observed(dayOf(year, 12, 25))
  ]
  // New Year's Day on a Saturday is not moved back into the old year.
  const newYear = dayOf(year, 1, 1)
  if (weekdayOfDay(newYear) !== 6) days.push(observed(newYear))
  if (year >= 2022) days.push(observed(dayOf(year, 6, 19)))
  return new Set(days)
}

/** The first `nDays` trading days on or after the ISO date `start`. */
export const tradingCalendar = (start: string, nDays: number): Int32Array => {
  const first = dayFromIsoDate(start)
  if (first === undefined) throw new RangeError(`invalid calendar start date: ${JSON.stringify(start)} (expected YYYY-MM-DD)`)
  const out = new Int32Array(nDays)
  let holidays = new Set<number>()
  let holidayYear = Number.NaN
  let n = 0
  for (let day = first; n < nDays; day++) {
    const weekday = weekdayOfDay(day)
    if (weekday === 0 || weekday === 6) continue
    const year = new Date(day * 86_400_000).getUTCFullYear()
    if (year !== holidayYear) {
      holidays = holidaysOfYear(year)
      holidayYear = year
    }
    if (holidays.has(day)) continue
    out[n++] = day
  }
  return out
}
