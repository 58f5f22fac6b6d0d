import { dayFromIsoDate, isoDateFromDay, weekdayOfDay, yearOfDay } from "@alphabench/contract"
import { assert, describe, it } from "vitest"
import { holidaysOfYear, tradingCalendar } from "../src/internal/calendar.ts"

const day = (iso: string): number => dayFromIsoDate(iso)!

describe("trading calendar", () => {
  // NYSE trading-day counts of real years: the calendar follows the exchange's holiday rules.
  it("has as many days per year as the NYSE had (2019: 252, 2020: 253, 2021: 252, 2022: 251, 2023: 250)", () => {
    const calendar = tradingCalendar("2019-01-01", 252 + 253 + 252 + 251 + 250)
    const perYear = new Map<number, number>()
    for (const d of calendar) perYear.set(yearOfDay(d), (perYear.get(yearOfDay(d)) ?? 0) + 1)
    assert.deepStrictEqual([...perYear], [[2019, 252], [2020, 253], [2021, 252], [2022, 251], [2023, 250]])
  })

  it("skips weekends and the 2023 holidays, observed on the nearest weekday", () => {
    const calendar = tradingCalendar("2023-01-01", 250)
    const days = new Set(calendar)
    for (const d of calendar) assert.notInclude([0, 6], weekdayOfDay(d), isoDateFromDay(d))
    // 2023: New Year (Sunday, observed Monday Jan 2), MLK, Presidents, Good Friday, Memorial,
    // Juneteenth, Independence, Labor, Thanksgiving, Christmas.
    const holidays = ["2023-01-02", "2023-01-16", "2023-02-20", "2023-04-07", "2023-05-29", "2023-06-19", "2023-07-04", "2023-09-04", "2023-11-23", "2023-12-25"]
    for (const h of holidays) assert.isFalse(days.has(day(h)), h)
    assert.deepStrictEqual([...holidaysOfYear(2023)].sort((a, b) => a - b).map(isoDateFromDay), holidays)
    assert.strictEqual(isoDateFromDay(calendar[0]!), "2023-01-03")
    assert.strictEqual(isoDateFromDay(calendar[249]!), "2023-12-29")
  })

  it("does not move a Saturday New Year back into December (2022-01-01)", () => {
    assert.isTrue(new Set(tradingCalendar("2021-12-20", 20)).has(day("2021-12-31")))
    // Christmas 2021 was a Saturday: observed on Friday Dec 24.
    assert.isFalse(new Set(tradingCalendar("2021-12-20", 20)).has(day("2021-12-24")))
  })

  it("rejects an invalid start date", () => {
    assert.throws(() => tradingCalendar("2023-02-30", 5), /invalid calendar start date/)
  })
})
