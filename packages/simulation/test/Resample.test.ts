/**
 * Rebalance dates of each resample rule and offset, as pandas `date_range` builds them from the
 * first position date (values worked out on the calendar: 2024-01-10 is a Wednesday, 2024 is
 * a leap year), and their effect in a simulation.
 */
import { assert, describe, it } from "vitest"
import { isoDateFromDay } from "@alphabench/contract"
import { rebalanceDatesForRule, rebalanceDatesFromList, type ResampleRule, simulate } from "../src/index.ts"
import { assertCurve, day, fixturePanel, free, rowsOf } from "./helpers/fixture.ts"

const iso = (days: Int32Array) => Array.from(days, isoDateFromDay)
const first = day("2024-01-10")
const last = day("2024-07-15")

const expectDates = (rule: ResampleRule, offset: number, dates: ReadonlyArray<string>, next: string) => {
  const out = rebalanceDatesForRule(rule, offset, first, last)
  assert.deepStrictEqual(iso(out.dates), dates, `${rule} ${offset}`)
  assert.strictEqual(isoDateFromDay(out.next!), next, `${rule} ${offset} next`)
}

describe("calendar rules from 2024-01-10 to 2024-07-15", () => {
  it("M: month ends", () => {
    expectDates("M", 0, ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30"], "2024-07-31")
  })
  it("MS: month starts after the start", () => {
    expectDates("MS", 0, ["2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01", "2024-07-01"], "2024-08-01")
  })
  it("Q: quarter ends in March, June, September, December", () => {
    expectDates("Q", 0, ["2024-03-31", "2024-06-30"], "2024-09-30")
  })
  it("QS: quarter starts in January, April, July, October", () => {
    expectDates("QS", 0, ["2024-04-01", "2024-07-01"], "2024-10-01")
  })
  it("W is W-SUN; W-WED includes a Wednesday start", () => {
    const sundays = rebalanceDatesForRule("W-SUN", 0, first, day("2024-02-05"))
    assert.deepStrictEqual(iso(sundays.dates), ["2024-01-14", "2024-01-21", "2024-01-28", "2024-02-04"])
    assert.strictEqual(isoDateFromDay(sundays.next!), "2024-02-11")
    const wednesdays = rebalanceDatesForRule("W-WED", 0, first, day("2024-01-25"))
    assert.deepStrictEqual(iso(wednesdays.dates), ["2024-01-10", "2024-01-17", "2024-01-24"])
  })
  it("D: every calendar day", () => {
    const daily = rebalanceDatesForRule("D", 0, first, day("2024-01-14"))
    assert.deepStrictEqual(iso(daily.dates), ["2024-01-10", "2024-01-11", "2024-01-12", "2024-01-13", "2024-01-14"])
    assert.strictEqual(isoDateFromDay(daily.next!), "2024-01-15")
  })
  it("a start on a rule date is included (M from a month end, MS from the 1st, QS from April 1)", () => {
    assert.strictEqual(isoDateFromDay(rebalanceDatesForRule("M", 0, day("2024-01-31"), last).dates[0]!), "2024-01-31")
    assert.strictEqual(isoDateFromDay(rebalanceDatesForRule("MS", 0, day("2024-03-01"), last).dates[0]!), "2024-03-01")
    assert.strictEqual(isoDateFromDay(rebalanceDatesForRule("QS", 0, day("2024-04-01"), last).dates[0]!), "2024-04-01")
  })
})

describe("resample_offset", () => {
  it("adds whole days to each rule date: M + 1D is the next day", () => {
    expectDates("M", 1, ["2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01", "2024-07-01"], "2024-08-01")
  })
  it("M - 2D", () => {
    expectDates("M", -2, ["2024-01-29", "2024-02-27", "2024-03-29", "2024-04-28", "2024-05-29", "2024-06-28"], "2024-07-29")
  })
  it("drops shifted dates before the first position date", () => {
    const out = rebalanceDatesForRule("D", -1, first, day("2024-01-12"))
    // D from 01-10 minus a day: 01-09 (dropped), 01-10, 01-11, 01-12; next 01-13.
    assert.deepStrictEqual(iso(out.dates), ["2024-01-10", "2024-01-11", "2024-01-12"])
    assert.strictEqual(isoDateFromDay(out.next!), "2024-01-13")
  })
  it("applies to explicit dates and windows them the same way", () => {
    const list = ["2024-01-05", "2024-02-15", "2024-07-14", "2024-07-20", "2024-08-01"].map(day)
    const out = rebalanceDatesFromList(list, 1, first, last)
    assert.deepStrictEqual(iso(out.dates), ["2024-02-16", "2024-07-15"])
    assert.strictEqual(isoDateFromDay(out.next!), "2024-07-21")
  })
})

describe("resample in a simulation", () => {
  // Wed 01-10 .. Tue 01-16 (trading days), two names that swap leadership.
  const panel = fixturePanel({
    dates: ["2024-01-10", "2024-01-11", "2024-01-12", "2024-01-15", "2024-01-16"],
    close: { 1: [10, 10, 11, 11, 12.1], 2: [10, 10, 10, 11, 12.1] }
  })
  const rows = rowsOf({ "2024-01-10": { 1: 1 }, "2024-01-11": { 2: 1 } })

  it("W-SUN forward-fills the position in force on Sunday 01-14 and trades Monday", () => {
    // Signal Sun 01-14 uses the row of 01-11 ({2: 1}); creturn starts Fri 01-12 at 1; Monday
    // buys name 2 at 11; Tuesday 12.1 / 11: 1.1. The next Sunday, 01-21, is after the data.
    const report = simulate(panel, rows, { ...free, resample: "W" })
    assert.strictEqual(isoDateFromDay(report.dates[0]!), "2024-01-12")
    assertCurve(report, [1, 1, 1.1])
    assert.strictEqual(isoDateFromDay(report.nextTradingDate!), "2024-01-21")
  })

  it("W-SUN with offset -4D signals on Wednesday 01-10 with the row of that day", () => {
    // 01-14 - 4 = 01-10: row {1: 1}, bought Thursday 01-11 at 10: 01-12 1.1, 01-15 1.1,
    // 01-16 1.21. Next: 01-21 - 4 = 01-17.
    const report = simulate(panel, rows, { ...free, resample: "W", resample_offset: "-4D" })
    assert.strictEqual(isoDateFromDay(report.dates[0]!), "2024-01-10")
    assertCurve(report, [1, 1, 1.1, 1.1, 1.21])
    assert.strictEqual(isoDateFromDay(report.nextTradingDate!), "2024-01-17")
  })

  it("explicit dates: 01-10 buys name 1 on 01-11, 01-15 switches to name 2 on 01-16", () => {
    // 01-11: 1; 01-12: 1.1; 01-15: 1.1; 01-16: sell 1 at 12.1 (1.21), buy 2: 1.21
    const report = simulate(panel, rows, { ...free, resample: ["2024-01-10", "2024-01-15"] })
    assertCurve(report, [1, 1, 1.1, 1.1, 1.21])
  })
})
