import { assert, describe, it } from "vitest"
import { alignSignal, summarizeAlignment } from "../src/AlignSignal.ts"
import { dayFromIsoDate } from "../src/Dates.ts"
import { signalTableFromRows } from "../src/SignalTable.ts"
import { januaryCalendar } from "./fixtures.ts"

const day = (iso: string) => dayFromIsoDate(iso)!
// Mon 2024-01-01 .. Fri 2024-01-05, then Mon 2024-01-08 (the weekend is not a trading day)
const calendar = Int32Array.from(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08"], day)
const ids = Int32Array.from([10, 20, 30])

describe("alignSignal", () => {
  it("maps date_avail to the first trading day on or after it, plus the lag", () => {
    const table = signalTableFromRows([
      { securityId: 20, dateSig: day("2024-01-05"), dateAvail: day("2024-01-06"), signal: 1 }, // Saturday -> Monday (index 5 = last day: dropped)
      { securityId: 10, dateSig: day("2024-01-02"), dateAvail: day("2024-01-02"), signal: 2 }, // index 1
      { securityId: 30, dateSig: day("2024-01-01"), dateAvail: day("2024-01-03"), signal: 3 } // index 2
    ])
    const lag0 = alignSignal(table, calendar, ids)
    assert.deepStrictEqual(Array.from(lag0.day), [1, 2])
    assert.deepStrictEqual(Array.from(lag0.security), [0, 2])
    assert.deepStrictEqual(Array.from(lag0.value), [2, 3])
    assert.strictEqual(lag0.diagnostics.tradeDayPastEnd, 1)
    assert.deepStrictEqual(Array.from(lag0.dayOffsets), [0, 0, 1, 2, 2, 2, 2])

    const lag2 = alignSignal(table, calendar, ids, { lag: 2 })
    assert.deepStrictEqual(Array.from(lag2.day), [3, 4])
    assert.strictEqual(lag2.diagnostics.tradeDayPastEnd, 1)
  })

  it("keeps the latest date_sig when two rows land on one trade day, and counts the loser", () => {
    const table = signalTableFromRows([
      { securityId: 10, dateSig: day("2024-01-03"), dateAvail: day("2024-01-06"), signal: 7 },
      { securityId: 10, dateSig: day("2024-01-04"), dateAvail: day("2024-01-04"), signal: 8 },
      { securityId: 10, dateSig: day("2024-01-02"), dateAvail: day("2024-01-04"), signal: 9 }
    ])
    const aligned = alignSignal(table, calendar, ids)
    // the Saturday row trades on the last calendar day (no next day to earn): dropped;
    // the other two land on 2024-01-04 (index 3) and the later date_sig wins
    assert.strictEqual(aligned.length, 1)
    assert.deepStrictEqual([aligned.day[0], aligned.security[0], aligned.value[0]], [3, 0, 8])
    assert.strictEqual(aligned.diagnostics.superseded, 1)
    assert.strictEqual(aligned.diagnostics.tradeDayPastEnd, 1)
  })

  it("counts unknown securities and dates after the calendar end", () => {
    const table = signalTableFromRows([
      { securityId: 99, dateSig: day("2024-01-02"), dateAvail: day("2024-01-02"), signal: 1 },
      { securityId: 10, dateSig: day("2024-01-08"), dateAvail: day("2024-01-09"), signal: 1 },
      { securityId: 30, dateSig: day("2024-01-02"), dateAvail: day("2024-01-02"), signal: NaN }
    ])
    const d = alignSignal(table, calendar, ids).diagnostics
    assert.deepStrictEqual(
      [d.rowsRead, d.unknownSecurity, d.availAfterCalendarEnd, d.nonFinite, d.rowsAligned],
      [3, 1, 1, 1, 0]
    )
  })
})

// The January 2024 calendar of the fixtures, by index: 0 01-02 .. 3 01-05 (Fri), 4 01-08 (Mon) ..
// 8 01-12 (Fri), 9 01-16 (Tue: Monday 01-15 is a holiday), 10 01-17 .. 12 01-19, 13 01-22 .. 17 01-26,
// 18 01-29, 19 01-30, 20 01-31 (the last day: nothing can be traded on it, there is no next day).
describe("alignSignal on a calendar with weekends and a holiday", () => {
  const jan = januaryCalendar()
  const janIds = Int32Array.from([10, 20, 30, 40])
  const row = (securityId: number, dateSig: string, dateAvail: string, signal = 1) => ({
    securityId,
    dateSig: day(dateSig),
    dateAvail: day(dateAvail),
    signal
  })
  const align = (rows: Parameters<typeof signalTableFromRows>[0], lag = 0) =>
    alignSignal(signalTableFromRows(rows), jan, janIds, { lag })
  const triples = (a: ReturnType<typeof align>) =>
    Array.from({ length: a.length }, (_, i) => [a.day[i], a.security[i], a.value[i]])

  it("has the 21 trading days the comments assume", () => {
    assert.strictEqual(jan.length, 21)
    assert.deepStrictEqual([jan[8], jan[9], jan[20]], [day("2024-01-12"), day("2024-01-16"), day("2024-01-31")])
  })

  it("moves weekend and holiday date_avail to the next trading day", () => {
    const a = align([
      row(10, "2024-01-05", "2024-01-06", 1), // Saturday -> Monday 01-08 (4)
      row(20, "2024-01-05", "2024-01-07", 2), // Sunday -> 4
      row(30, "2024-01-12", "2024-01-15", 3), // holiday Monday -> Tuesday 01-16 (9)
      row(40, "2024-01-12", "2024-01-13", 4), // Saturday before the holiday -> 9
      row(10, "2023-12-28", "2023-12-29", 5) // before the calendar: the first day (0)
    ])
    assert.deepStrictEqual(triples(a), [[0, 0, 5], [4, 0, 1], [4, 1, 2], [9, 2, 3], [9, 3, 4]])
    assert.deepStrictEqual(Array.from(a.dayOffsets.subarray(0, 11)), [0, 1, 1, 1, 1, 3, 3, 3, 3, 3, 5])
    assert.strictEqual(a.dayOffsets[21], 5)
  })

  it("adds the lag in trading days, skipping the holiday", () => {
    const rows = [row(10, "2024-01-11", "2024-01-12")] // t0 = 8 (Friday 01-12)
    assert.deepStrictEqual(triples(align(rows, 1)), [[9, 0, 1]]) // Tuesday 01-16, not the holiday
    assert.deepStrictEqual(triples(align(rows, 3)), [[11, 0, 1]])
    assert.deepStrictEqual(triples(align(rows, 11)), [[19, 0, 1]]) // 01-30: the last day with a next day
    const past = align(rows, 12) // 20 = the last day
    assert.deepStrictEqual([past.length, past.diagnostics.tradeDayPastEnd], [0, 1])
  })

  it("drops rows available after the end, and rows traded on the last day, each counted apart", () => {
    const a = align([
      row(10, "2024-01-31", "2024-02-01"), // after the calendar end
      row(20, "2024-01-31", "2024-01-31"), // t0 = 20, the last day: no d + 1
      row(30, "2024-01-26", "2024-01-27"), // Saturday -> 18 (01-29), lag 2 -> 20: past the end
      row(40, "2024-01-26", "2024-01-26") // 17, lag 2 -> 19: kept
    ], 2)
    assert.deepStrictEqual(triples(a), [[19, 3, 1]])
    const d = a.diagnostics
    assert.deepStrictEqual([d.rowsRead, d.availAfterCalendarEnd, d.tradeDayPastEnd, d.rowsAligned], [4, 1, 2, 1])
  })

  it("keeps the latest date_sig, then the latest date_avail, of rows landing on one trade day", () => {
    const a = align([
      row(10, "2024-01-12", "2024-01-13", 1), // Saturday -> 9
      row(10, "2024-01-10", "2024-01-16", 2), // 9, older date_sig although available later
      row(20, "2024-01-12", "2024-01-14", 3), // Sunday -> 9
      row(20, "2024-01-12", "2024-01-15", 4), // holiday -> 9, same date_sig, later date_avail: wins
      row(20, "2024-01-12", "2024-01-13", 5) // 9, same date_sig, earliest date_avail
    ])
    assert.deepStrictEqual(triples(a), [[9, 0, 1], [9, 1, 4]])
    assert.deepStrictEqual(Array.from(a.dateSig), [day("2024-01-12"), day("2024-01-12")])
    assert.strictEqual(a.diagnostics.superseded, 3)
  })

  it("counts unknown securities and non-finite values, and never aligns them", () => {
    const a = align([row(99, "2024-01-02", "2024-01-02"), row(10, "2024-01-02", "2024-01-02", Infinity), row(20, "2024-01-02", "2024-01-02")])
    assert.deepStrictEqual(triples(a), [[0, 1, 1]])
    assert.deepStrictEqual([a.diagnostics.unknownSecurity, a.diagnostics.nonFinite], [1, 1])
  })

  it("refuses a negative or fractional lag", () => {
    assert.throws(() => align([], -1), "invalid lag: -1 (expected an integer >= 0)")
    assert.throws(() => align([], 1.5), "invalid lag: 1.5 (expected an integer >= 0)")
  })

  it("gives the same result for any row order as a naive reference", () => {
    let seed = 11
    const random = (k: number) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
      return seed % k
    }
    const rows = Array.from({ length: 400 }, () => {
      const sig = day("2024-01-01") + random(35)
      return { securityId: [10, 20, 30, 40, 50][random(5)]!, dateSig: sig, dateAvail: sig + random(4), signal: random(1000) }
    })
    for (const lag of [0, 1, 5]) {
      // reference: map every row to (d, s), keep the newest per key, list keys in (d, s) order
      const best = new Map<number, (typeof rows)[number]>()
      for (const r of rows) {
        let t0 = 0
        while (t0 < jan.length && jan[t0]! < r.dateAvail) t0++
        const d = t0 + lag
        const s = Array.from(janIds).indexOf(r.securityId)
        if (t0 >= jan.length || d >= jan.length - 1 || s < 0) continue
        const key = d * janIds.length + s
        const old = best.get(key)
        if (old === undefined || r.dateSig > old.dateSig || (r.dateSig === old.dateSig && r.dateAvail > old.dateAvail)) {
          best.set(key, r)
        }
      }
      const expected = [...best.keys()].sort((x, y) => x - y).map((key) => [
        Math.floor(key / janIds.length),
        key % janIds.length,
        best.get(key)!.signal
      ])
      const shuffled = align(rows, lag)
      const sorted = align([...rows].sort((x, y) => x.dateAvail - y.dateAvail || x.securityId - y.securityId), lag)
      assert.deepStrictEqual(triples(shuffled), expected)
      assert.deepStrictEqual(triples(sorted), expected)
    }
  })
})

describe("summarizeAlignment", () => {
  it("gives the trade-day range and names per day over the days with names", () => {
    const jan = januaryCalendar()
    const table = signalTableFromRows([
      { securityId: 10, dateSig: day("2024-01-05"), dateAvail: day("2024-01-06"), signal: 1 }, // day 4
      { securityId: 20, dateSig: day("2024-01-05"), dateAvail: day("2024-01-06"), signal: 1 }, // day 4
      { securityId: 30, dateSig: day("2024-01-05"), dateAvail: day("2024-01-08"), signal: 1 }, // day 4
      { securityId: 10, dateSig: day("2024-01-12"), dateAvail: day("2024-01-15"), signal: 1 }, // day 9
      { securityId: 10, dateSig: day("2024-01-30"), dateAvail: day("2024-01-30"), signal: 1 }, // day 19
      { securityId: 20, dateSig: day("2024-01-30"), dateAvail: day("2024-01-30"), signal: 1 }, // day 19
      { securityId: 99, dateSig: day("2024-01-30"), dateAvail: day("2024-01-30"), signal: 1 } // unknown
    ])
    const summary = summarizeAlignment(alignSignal(table, jan, Int32Array.from([10, 20, 30])), jan)
    // names per day: 3, 1, 2 -> min 1, median 2, mean 2, max 3
    assert.deepStrictEqual(summary.namesPerDay, { min: 1, median: 2, mean: 2, max: 3 })
    assert.deepStrictEqual(
      [summary.firstTradeDay, summary.lastTradeDay, summary.tradeDays, summary.rowsDropped],
      [day("2024-01-08"), day("2024-01-30"), 3, 1]
    )
  })

  it("has no range when nothing aligns", () => {
    const jan = januaryCalendar()
    const summary = summarizeAlignment(alignSignal(signalTableFromRows([]), jan, Int32Array.from([10])), jan)
    assert.deepStrictEqual([summary.firstTradeDay, summary.lastTradeDay, summary.tradeDays, summary.namesPerDay], [null, null, 0, null])
  })
})
