/**
 * A table's alignment at lag L derived from its alignment at lag 0 (internal/laggedAlignment.ts)
 * is exactly contract's alignSignal at lag L: rows, days, offsets and every diagnostic, on
 * random tables with duplicates, ties, unknown securities, non-finite values, weekend and late
 * date_avail, in row order and shuffled.
 */
import { alignSignal, makeSignalTable } from "@alphabench/contract"
import { assert, describe, it } from "vitest"
import { alignedAtLag } from "../src/internal/laggedAlignment.ts"
import { gridOf, tinyPanel, weekdays } from "./support/tiny.ts"
import { mulberry32 } from "../src/internal/random.ts"

const rng = mulberry32

const cal = weekdays("2024-05-01", 12)
const ids = [2, 5, 7, 11, 13, 17]
const panel = tinyPanel(cal, ids, { ret: gridOf(cal.length, ids.length, () => 0) })

const randomTable = (seed: number, rows: number, sorted: boolean) => {
  const random = rng(seed)
  const pick = <A>(xs: ReadonlyArray<A>) => xs[Math.floor(random() * xs.length)]!
  const records = Array.from({ length: rows }, () => {
    // Days around the calendar (weekends, before the start and after the end included).
    const avail = cal[0] - 3 + Math.floor(random() * (cal[cal.length - 1] - cal[0] + 8))
    return {
      securityId: random() < 0.1 ? 4 : pick(ids),
      dateSig: avail - Math.floor(random() * 3),
      dateAvail: avail,
      signal: random() < 0.05 ? NaN : Math.round(random() * 8) / 4
    }
  })
  if (sorted) records.sort((a, b) => a.dateAvail - b.dateAvail || a.securityId - b.securityId)
  return makeSignalTable({
    securityId: Int32Array.from(records, (r) => r.securityId),
    dateSig: Int32Array.from(records, (r) => r.dateSig),
    dateAvail: Int32Array.from(records, (r) => r.dateAvail),
    signal: Float64Array.from(records, (r) => r.signal)
  })
}

describe("alignedAtLag", () => {
  for (const [seed, rows, sorted] of [[1, 120, false], [2, 200, true], [3, 40, false], [4, 0, true]] as const) {
    it(`equals alignSignal at lags 0..13 (seed ${seed}, ${rows} rows${sorted ? ", in order" : ""})`, () => {
      const table = randomTable(seed, rows, sorted)
      const atLag0 = alignSignal(table, panel.dates, panel.securityIds, { lag: 0 })
      for (let lag = 0; lag <= 13; lag++) {
        const expected = alignSignal(table, panel.dates, panel.securityIds, { lag })
        const actual = alignedAtLag(table, panel, atLag0, lag)
        assert.deepStrictEqual(actual.diagnostics, expected.diagnostics, `lag ${lag}: diagnostics`)
        for (const key of ["lag", "nDays", "nSecurities", "length"] as const) assert.strictEqual(actual[key], expected[key], `lag ${lag}: ${key}`)
        for (const key of ["dayOffsets", "day", "security", "value", "dateSig"] as const) {
          assert.deepStrictEqual(Array.from(actual[key]), Array.from(expected[key]), `lag ${lag}: ${key}`)
        }
      }
      if (rows > 0) assert.isAbove(atLag0.diagnostics.superseded + atLag0.diagnostics.unknownSecurity, 0, "the fixture has duplicates and unknown ids")
    })
  }
})
