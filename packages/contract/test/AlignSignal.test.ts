import { assert, describe, it } from "vitest"
import { alignSignal } from "../src/AlignSignal.ts"
import { dayFromIsoDate } from "../src/Dates.ts"
import { signalTableFromRows } from "../src/SignalTable.ts"

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
