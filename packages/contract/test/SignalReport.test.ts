import { afterAll, assert, describe, it } from "vitest"
import { checkSignalFile, renderSignalReport, signalReportToJson } from "../src/SignalReport.ts"
import { csvText, januaryCalendar, parquetBytes, scratchDir, signalArrowTable } from "./fixtures.ts"

const scratch = scratchDir("contract-report-")
afterAll(scratch.remove)

const snapshot = { id: "2024-02-01-v1", calendar: januaryCalendar(), securityIds: Int32Array.from([10, 20, 30]) }
const HEADER = "security_id,date_sig,date_avail,signal"

describe("checkSignalFile", () => {
  it("validates, then aligns a valid file with the lag and summarizes it", () => {
    const path = scratch.write("good.csv", csvText(HEADER, [
      "10,2024-01-05,2024-01-06,0.5", // Saturday -> 01-08 (4), lag 1 -> 01-09 (5)
      "20,2024-01-05,2024-01-06,-0.5", // -> 5
      "30,2024-01-05,2024-01-08,1", // -> 5
      "10,2024-01-11,2024-01-12,2", // 01-12 (8), lag 1 -> 01-16 (9), after the holiday
      "20,2024-01-30,2024-01-30,1", // 19 -> 20: the last day, dropped
      "99,2024-01-11,2024-01-12,1" // unknown: a warning, then dropped by alignment
    ]))
    const report = checkSignalFile(path, snapshot, { lag: 1 })
    assert.isTrue(report.validation.ok)
    const a = report.alignment!
    assert.deepStrictEqual(
      [a.lag, a.diagnostics.rowsRead, a.diagnostics.rowsAligned, a.diagnostics.tradeDayPastEnd, a.diagnostics.unknownSecurity],
      [1, 6, 4, 1, 1]
    )
    assert.deepStrictEqual(a.namesPerDay, { min: 1, median: 2, mean: 2, max: 3 })

    const text = renderSignalReport(report)
    assert.strictEqual(
      text,
      [
        `signal file  ${path}`,
        "format       CSV, 6 rows",
        "snapshot     2024-02-01-v1: 21 trading days 2024-01-02 to 2024-01-31, 3 securities",
        "",
        "VALID (1 warning)",
        "",
        "warnings",
        "  1. column \"security_id\": 1 row names 1 security not in the snapshot: line 7: 99 (these rows are never traded)",
        "",
        "alignment (lag 1)",
        "  rows read                                            6",
        "  dropped: date_avail after the calendar end           0",
        "  dropped: trade day on or past the last calendar day  1",
        "  dropped: security not in the snapshot                1",
        "  dropped: superseded on the same trade day            0",
        "  rows aligned                                         4",
        "  trade days: 2024-01-09 to 2024-01-16 (2 days with names)",
        "  names per day: min 1, median 2, mean 2.0, max 3",
        ""
      ].join("\n")
    )
  })

  it("lists every error and no alignment for an invalid file, in text and JSON", () => {
    const path = scratch.write("bad.parquet", parquetBytes(signalArrowTable([
      [10, "2024-01-02", "2024-01-01", 1],
      [20, "2024-01-02", "2024-01-03", NaN]
    ])))
    const report = checkSignalFile(path, snapshot, { lag: 0 })
    assert.isNull(report.alignment)
    assert.strictEqual(
      renderSignalReport(report),
      [
        `signal file  ${path}`,
        "format       Parquet, 2 rows",
        "snapshot     2024-02-01-v1: 21 trading days 2024-01-02 to 2024-01-31, 3 securities",
        "",
        "INVALID: 2 errors",
        "",
        "errors",
        "  1. column \"signal\": 1 value is not finite: row 2: NaN (expected a finite number, or drop such rows with the drop-nonfinite option)",
        "  2. column \"date_avail\": 1 row is available before its date_sig (look-ahead): row 1: 2024-01-01 < date_sig 2024-01-02 (expected date_avail >= date_sig)",
        ""
      ].join("\n")
    )
    const json = JSON.parse(JSON.stringify(signalReportToJson(report)))
    assert.deepStrictEqual(
      [json.ok, json.format, json.rowNumbering, json.errors, json.warnings, json.alignment],
      [false, "parquet", "data-row", 2, 0, null]
    )
    assert.deepStrictEqual(json.problems[0], {
      code: "non-finite-signal",
      severity: "error",
      column: "signal",
      count: 1,
      examples: [{ row: 2, value: "NaN" }],
      expected: "a finite number, or drop such rows with the drop-nonfinite option",
      message: "column \"signal\": 1 value is not finite: row 2: NaN (expected a finite number, or drop such rows with the drop-nonfinite option)"
    })
    assert.deepStrictEqual(json.snapshot, { id: "2024-02-01-v1", firstDay: "2024-01-02", lastDay: "2024-01-31", tradingDays: 21, securities: 3 })
  })

  it("reports a file that cannot be read as one unreadable-file error instead of throwing", () => {
    const path = scratch.write("truncated.parquet", parquetBytes(signalArrowTable([[10, "2024-01-02", "2024-01-03", 1]])).subarray(0, 64))
    const report = checkSignalFile(path, snapshot)
    assert.isFalse(report.validation.ok)
    assert.deepStrictEqual(report.validation.problems.map((p) => [p.code, p.message]), [[
      "unreadable-file",
      `${path}: truncated Parquet file: it starts with the Parquet magic "PAR1" but does not end with it (64 bytes; was the copy or download interrupted?)`
    ]])
    assert.strictEqual(
      renderSignalReport(report),
      `signal file  ${path}\nsnapshot     2024-02-01-v1: 21 trading days 2024-01-02 to 2024-01-31, 3 securities\n\nINVALID: 1 error\n\nerrors\n  1. ${report.validation.problems[0]!.message}\n`
    )
  })

  it("reports an empty file and a file that is not a table, naming the file", () => {
    const empty = scratch.write("empty.csv", "")
    assert.deepStrictEqual(checkSignalFile(empty, snapshot).validation.problems.map((p) => p.message), [
      `${empty}: the file is empty (0 bytes)`
    ])
    const gzip = scratch.write("signal.csv", Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]))
    assert.deepStrictEqual(checkSignalFile(gzip, snapshot).validation.problems.map((p) => p.message), [
      `${gzip}: not a Parquet, Arrow IPC or CSV file: it starts with bytes 1f 8b 08 00 00 00 00 00 (gzip-compressed data: decompress it first)`
    ])
    const missing = `${scratch.dir}/nope.parquet`
    assert.deepStrictEqual(checkSignalFile(missing, snapshot).validation.problems.map((p) => p.message), [`${missing}: no such file`])
  })

  it("drops non-finite rows with dropNonfinite and says so before the alignment counts", () => {
    const path = scratch.write("nan.csv", csvText(HEADER, ["10,2024-01-02,2024-01-03,NaN", "20,2024-01-02,2024-01-03,1"]))
    const report = checkSignalFile(path, snapshot, { dropNonfinite: true })
    assert.isTrue(report.validation.ok)
    assert.match(renderSignalReport(report), /^ {2}dropped: non-finite signal\s+1$/m)
    assert.strictEqual(report.alignment!.diagnostics.rowsAligned, 1)
  })
})
