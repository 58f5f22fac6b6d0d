import * as arrow from "apache-arrow"
import { afterAll, assert, describe, it } from "vitest"
import { columnTableFromBytes, readColumnTable } from "../src/ReadColumnTable.ts"
import type { SignalProblem } from "../src/SignalProblem.ts"
import type { SignalValidation, ValidateSignalOptions } from "../src/ValidateSignal.ts"
import { validateSignal } from "../src/ValidateSignal.ts"
import { csvText, date32, day, januaryCalendar, parquetBytes, scratchDir, signalArrowTable, timestamps } from "./fixtures.ts"

const scratch = scratchDir("contract-validate-")
afterAll(scratch.remove)

const HEADER = "security_id,date_sig,date_avail,signal"
const calendar = januaryCalendar() // 2024-01-02 .. 2024-01-31, weekdays without 2024-01-15
const securityIds = Int32Array.from([10, 20, 30])
const snapshot: ValidateSignalOptions = { calendar, securityIds }

const validateCsv = (rows: ReadonlyArray<string>, options: ValidateSignalOptions = snapshot, header = HEADER) =>
  validateSignal(columnTableFromBytes(new TextEncoder().encode(csvText(header, rows)), "s.csv"), options)

const validateParquet = (table: arrow.Table, options: ValidateSignalOptions = snapshot) =>
  validateSignal(readColumnTable(scratch.write("s.parquet", parquetBytes(table))), options)

const messages = (v: SignalValidation) => v.problems.map((p) => p.message)
const only = (v: SignalValidation): SignalProblem => {
  assert.strictEqual(v.problems.length, 1, messages(v).join("\n"))
  return v.problems[0]!
}
const rowsOf = (v: SignalValidation) => {
  const t = v.table!
  return Array.from({ length: t.length }, (_, i) => [t.securityId[i], t.dateSig[i], t.dateAvail[i], t.signal[i]])
}

describe("validateSignal: good files", () => {
  const expected = [
    [10, day("2024-01-02"), day("2024-01-03"), 0.5],
    [20, day("2024-01-02"), day("2024-01-03"), -1.25],
    [10, day("2024-01-03"), day("2024-01-06"), 2] // available on a Saturday: legal
  ]

  it("accepts a CSV file with ISO dates and returns the clean table", () => {
    const v = validateCsv(["10,2024-01-02,2024-01-03,0.5", "20,2024-01-02,2024-01-03,-1.25", "10,2024-01-03,2024-01-06,2"])
    assert.deepStrictEqual([v.ok, v.problems, v.rowsRead, v.format, v.rowWord], [true, [], 3, "csv", "line"])
    assert.deepStrictEqual(rowsOf(v), expected)
  })

  it("accepts CSV ISO timestamps (their UTC date), quoted cells, integer signals and extra columns", () => {
    const v = validateCsv(
      ["\"10\",2024-01-02T16:00:00Z,2024-01-03 09:30:00,1,a", "20,2024-01-02T23:00:00-01:00,2024-01-03,2,b"],
      snapshot,
      `${HEADER},note`
    )
    assert.isTrue(v.ok, messages(v).join("\n"))
    assert.deepStrictEqual(v.ignoredColumns, ["note"])
    // 23:00 at -01:00 is 00:00 UTC on 2024-01-03
    assert.deepStrictEqual(rowsOf(v), [
      [10, day("2024-01-02"), day("2024-01-03"), 1],
      [20, day("2024-01-03"), day("2024-01-03"), 2]
    ])
  })

  it("accepts Parquet with int32 ids, date32 dates and float64 signals", () => {
    const v = validateParquet(signalArrowTable([
      [10, "2024-01-02", "2024-01-03", 0.5],
      [20, "2024-01-02", "2024-01-03", -1.25],
      [10, "2024-01-03", "2024-01-06", 2]
    ]))
    assert.deepStrictEqual([v.ok, v.format, v.rowWord], [true, "parquet", "row"])
    assert.deepStrictEqual(rowsOf(v), expected)
  })

  it("accepts Parquet with int64 ids, timestamp[ns] dates, ISO strings and float32 signals", () => {
    const nsPerDay = 86_400_000_000_000n
    const table = new arrow.Table({
      security_id: arrow.makeVector(BigInt64Array.from([10n, 20n, 10n])),
      date_sig: timestamps(new arrow.TimestampNanosecond("UTC"), [19724n * nsPerDay, 19724n * nsPerDay + 1n, 19725n * nsPerDay]),
      date_avail: arrow.vectorFromArray(["2024-01-03", "2024-01-03T08:00:00Z", "2024-01-06"], new arrow.Utf8()),
      signal: arrow.makeVector(Float32Array.from([0.5, -1.25, 2]))
    })
    const v = validateParquet(table)
    assert.isTrue(v.ok, messages(v).join("\n"))
    assert.deepStrictEqual(rowsOf(v), expected)
  })

  it("accepts Arrow IPC files and streams with date64 / timestamp[ms] dates", () => {
    const table = new arrow.Table({
      security_id: arrow.makeVector(Int32Array.from([10, 20, 10])),
      date_sig: arrow.makeVector(arrow.makeData({ type: new arrow.DateMillisecond(), length: 3, data: BigInt64Array.from([19724n, 19724n, 19725n].map((d) => d * 86_400_000n)) })),
      date_avail: timestamps(new arrow.TimestampMillisecond(), [19725n, 19725n, 19728n].map((d) => d * 86_400_000n + 3_600_000n)),
      signal: arrow.makeVector(Float64Array.from([0.5, -1.25, 2]))
    })
    for (const format of ["file", "stream"] as const) {
      const v = validateSignal(readColumnTable(scratch.write(`s.${format}`, arrow.tableToIPC(table, format))), snapshot)
      assert.isTrue(v.ok, messages(v).join("\n"))
      assert.deepStrictEqual(rowsOf(v), expected)
    }
  })

  it("accepts weekend and holiday dates inside the calendar and date_avail after its end", () => {
    const v = validateCsv([
      "10,2024-01-06,2024-01-07,1", // Saturday, Sunday
      "10,2024-01-15,2024-01-15,1", // MLK day, not a trading day
      "10,2024-01-31,2024-02-05,1" // last calendar day, available after the end
    ])
    assert.deepStrictEqual([v.ok, v.problems], [true, []])
  })

  it("checks no calendar or ids when no snapshot is given", () => {
    const v = validateCsv(["99,1999-01-01,1999-01-01,1"], {})
    assert.deepStrictEqual([v.ok, v.problems], [true, []])
  })
})

describe("validateSignal: each bad input", () => {
  it("missing column", () => {
    const v = validateCsv(["10,2024-01-02,2024-01-03"], snapshot, "security_id,date_sig,date_avail")
    assert.isFalse(v.ok)
    const p = only(v)
    assert.deepStrictEqual([p.code, p.column, p.severity], ["missing-column", "signal", "error"])
    assert.strictEqual(
      p.message,
      "missing column \"signal\" (expected a number column; the file has columns: security_id, date_sig, date_avail)"
    )
  })

  it("missing column with a hint for case and separators", () => {
    const cased = validateCsv(["10,2024-01-02,2024-01-03,1"], snapshot, "security_id,date_sig,date_avail,Signal")
    assert.strictEqual(
      only(cased).message,
      "missing column \"signal\" (expected a number column; the file has columns: security_id, date_sig, date_avail, Signal; found \"Signal\": column names are case-sensitive)"
    )
    const semicolons = validateCsv(["10;2024-01-02;2024-01-03;1"], snapshot, "security_id;date_sig;date_avail;signal")
    assert.strictEqual(semicolons.problems.length, 4)
    assert.strictEqual(
      semicolons.problems[0]!.message,
      "missing column \"security_id\" (expected an integer column; the file has columns: security_id;date_sig;date_avail;signal; the header looks separated by \";\": CSV fields must be separated by commas)"
    )
  })

  it("wrong type in a typed file: the whole column", () => {
    const table = new arrow.Table({
      security_id: arrow.vectorFromArray(["10", "20"], new arrow.Utf8()),
      date_sig: arrow.makeVector(Int32Array.from([20240102, 20240102])),
      date_avail: date32(["2024-01-03", "2024-01-03"]),
      signal: arrow.makeVector(Float64Array.from([1, 2]))
    })
    const v = validateParquet(table)
    assert.deepStrictEqual(messages(v), [
      "column \"security_id\" has type Utf8, expected an integer type (int8 to int64)",
      "column \"date_sig\" has type Int32, expected date32, date64, a timestamp, or ISO date strings (integers such as 20240102 are not dates here: write ISO dates like 2024-01-02, or date32)"
    ])
    assert.deepStrictEqual(v.problems.map((p) => [p.code, p.count]), [["wrong-type", 2], ["wrong-type", 2]])
    assert.isNull(v.table)
  })

  it("wrong type in a CSV file: the cells that do not parse, by line", () => {
    const v = validateCsv([
      "10,2024-01-02,2024-01-03,0.5",
      "x1,2024-01-02,2024-01-03,1",
      "30,2024-13-02,2024-01-03,abc",
      "12.5,2024-01-02,2024-01-03,1"
    ])
    assert.deepStrictEqual(messages(v), [
      "column \"security_id\": 2 values are not integers: line 3: \"x1\", line 5: \"12.5\" (expected an integer from -2147483648 to 2147483647)",
      "column \"date_sig\": 1 value is not a date: line 4: \"2024-13-02\" (expected a date: YYYY-MM-DD, an ISO timestamp, date32, date64 or a timestamp)",
      "column \"signal\": 1 value is not a number: line 4: \"abc\" (expected a finite number)"
    ])
    assert.deepStrictEqual(v.problems[0]!.examples, [{ row: 3, value: "\"x1\"" }, { row: 5, value: "\"12.5\"" }])
  })

  it("wrong type in a CSV file: YYYYMMDD integers for dates", () => {
    const v = validateCsv(["10,20240102,2024-01-03,1"])
    assert.strictEqual(
      only(v).message,
      "column \"date_sig\": 1 value is not a date: line 2: 20240102 (expected a date: YYYY-MM-DD, an ISO timestamp, date32, date64 or a timestamp (integers such as 20240102 are not dates here: write ISO dates like 2024-01-02, or date32))"
    )
  })

  it("missing values in the key columns", () => {
    const v = validateCsv(["10,,2024-01-03,1", ",2024-01-02,2024-01-03,1", "20,2024-01-02,NA,1"])
    assert.deepStrictEqual(messages(v), [
      "column \"security_id\": 1 row has no value: line 3 (expected an integer from -2147483648 to 2147483647)",
      "column \"date_sig\": 1 row has no value: line 2 (expected a date: YYYY-MM-DD, an ISO timestamp, date32, date64 or a timestamp)",
      "column \"date_avail\": 1 row has no value: line 4 (expected a date: YYYY-MM-DD, an ISO timestamp, date32, date64 or a timestamp)"
    ])
    assert.deepStrictEqual(v.problems.map((p) => p.code), ["missing-value", "missing-value", "missing-value"])
  })

  it("NaN and infinite signals are rejected by default", () => {
    const v = validateCsv([
      "10,2024-01-02,2024-01-03,NaN",
      "20,2024-01-02,2024-01-03,1",
      "30,2024-01-02,2024-01-03,inf",
      "10,2024-01-03,2024-01-04,",
      "20,2024-01-03,2024-01-04,-Infinity"
    ])
    const p = only(v)
    assert.deepStrictEqual([p.code, p.count], ["non-finite-signal", 4])
    assert.strictEqual(
      p.message,
      "column \"signal\": 4 values are not finite: line 2: NaN, line 4: Infinity, line 5: (missing), line 6: -Infinity (expected a finite number, or drop such rows with the drop-nonfinite option)"
    )
    assert.isNull(v.table)
  })

  it("NaN and infinite signals are dropped and counted with dropNonfinite", () => {
    const table = signalArrowTable([
      [10, "2024-01-02", "2024-01-03", NaN],
      [20, "2024-01-02", "2024-01-03", 1],
      [30, "2024-01-02", "2024-01-03", Infinity]
    ])
    const v = validateParquet(table, { ...snapshot, dropNonfinite: true })
    assert.isTrue(v.ok)
    assert.strictEqual(v.rowsDropped, 2)
    const p = only(v)
    assert.deepStrictEqual([p.code, p.severity], ["dropped-non-finite", "warning"])
    assert.strictEqual(
      p.message,
      "column \"signal\": 2 rows were dropped: their value is not finite: row 1: NaN, row 3: Infinity (expected a finite number)"
    )
    assert.deepStrictEqual(rowsOf(v), [[20, day("2024-01-02"), day("2024-01-03"), 1]])
  })

  it("a table left empty by dropping is an error", () => {
    const v = validateCsv(["10,2024-01-02,2024-01-03,NaN"], { ...snapshot, dropNonfinite: true })
    assert.isFalse(v.ok)
    assert.deepStrictEqual(messages(v), [
      "no rows are left after dropping the only row, whose signal is not finite",
      "column \"signal\": 1 row was dropped: its value is not finite: line 2: NaN (expected a finite number)"
    ])
  })

  it("duplicate (security_id, date_sig)", () => {
    const v = validateCsv([
      "10,2024-01-02,2024-01-03,1",
      "20,2024-01-02,2024-01-03,1",
      "10,2024-01-02,2024-01-04,2",
      "20,2024-01-03,2024-01-04,1",
      "10,2024-01-02,2024-01-05,3"
    ])
    const p = only(v)
    assert.deepStrictEqual([p.code, p.count, p.column], ["duplicate-key", 2, "security_id, date_sig"])
    assert.strictEqual(
      p.message,
      "2 rows repeat the (security_id, date_sig) of an earlier row: line 4: (10, 2024-01-02) repeats line 2, line 6: (10, 2024-01-02) repeats line 2 (expected one row per (security_id, date_sig))"
    )
  })

  it("date_avail before date_sig (look-ahead)", () => {
    const v = validateCsv(["10,2024-01-03,2024-01-02,1", "20,2024-01-03,2024-01-03,1"])
    const p = only(v)
    assert.deepStrictEqual([p.code, p.column], ["avail-before-sig", "date_avail"])
    assert.strictEqual(
      p.message,
      "column \"date_avail\": 1 row is available before its date_sig (look-ahead): line 2: 2024-01-02 < date_sig 2024-01-03 (expected date_avail >= date_sig)"
    )
  })

  it("date_sig outside the calendar range", () => {
    const v = validateCsv(["10,2024-01-01,2024-01-02,1", "10,2024-01-02,2024-01-02,1", "10,2024-02-01,2024-02-01,1"])
    const p = only(v)
    assert.deepStrictEqual([p.code, p.count], ["date-sig-outside-calendar", 2])
    assert.strictEqual(
      p.message,
      "column \"date_sig\": 2 values are outside the snapshot calendar: line 2: 2024-01-01, line 4: 2024-02-01 (expected a date from 2024-01-02 to 2024-01-31)"
    )
  })

  it("security_id outside int32", () => {
    const v = validateParquet(new arrow.Table({
      security_id: arrow.makeVector(BigInt64Array.from([10n, 3_000_000_000n, -2_147_483_649n])),
      date_sig: date32(["2024-01-02", "2024-01-02", "2024-01-02"]),
      date_avail: date32(["2024-01-03", "2024-01-03", "2024-01-03"]),
      signal: arrow.makeVector(Float64Array.from([1, 2, 3]))
    }))
    const p = only(v)
    assert.deepStrictEqual([p.code, p.count], ["outside-int32", 2])
    assert.strictEqual(
      p.message,
      "column \"security_id\": 2 values are outside the int32 range: row 2: 3000000000, row 3: -2147483649 (expected an integer from -2147483648 to 2147483647)"
    )
  })

  it("unknown security ids are a warning, with the count of rows and of ids", () => {
    const v = validateCsv(["10,2024-01-02,2024-01-03,1", "99,2024-01-02,2024-01-03,1", "98,2024-01-02,2024-01-03,1", "99,2024-01-03,2024-01-04,1"])
    assert.isTrue(v.ok)
    const p = only(v)
    assert.deepStrictEqual([p.code, p.severity, p.count], ["unknown-security", "warning", 3])
    assert.strictEqual(
      p.message,
      "column \"security_id\": 3 rows name 2 securities not in the snapshot: line 3: 99, line 4: 98, line 5: 99 (these rows are never traded)"
    )
    assert.strictEqual(v.table!.length, 4)
  })

  it("an empty table (header only)", () => {
    const v = validateCsv([])
    const p = only(v)
    assert.deepStrictEqual([p.code, p.message], ["empty-table", "the table has no data rows (expected at least one)"])
    assert.isFalse(v.ok)
  })

  it("reports every problem at once, errors before warnings, and lists at most five rows", () => {
    const rows = ["10,2024-01-02,2024-01-01,1", ...Array.from({ length: 7 }, (_, i) => `${100 + i},2024-01-02,2024-01-03,NaN`)]
    const v = validateCsv(rows)
    assert.deepStrictEqual(v.problems.map((p) => [p.code, p.severity, p.count]), [
      ["non-finite-signal", "error", 7],
      ["avail-before-sig", "error", 1],
      ["unknown-security", "warning", 7]
    ])
    assert.strictEqual(
      v.problems[0]!.message,
      "column \"signal\": 7 values are not finite: line 3: NaN, line 4: NaN, line 5: NaN, line 6: NaN, line 7: NaN, ... (expected a finite number, or drop such rows with the drop-nonfinite option)"
    )
  })

  it("finds duplicates in unsorted files of any size (radix path) as a naive check does", () => {
    let seed = 3
    const random = (k: number) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
      return seed % k
    }
    const rows: Array<string> = []
    const seen = new Map<string, number>()
    const expected: Array<number> = []
    for (let i = 0; i < 3000; i++) {
      const id = random(40) * 100_003 - 2_000_000 // negative and wide ids exercise every radix digit
      const date = `2024-01-${String(2 + random(29)).padStart(2, "0")}`
      const key = `${id},${date}`
      if (seen.has(key)) expected.push(i + 2)
      else seen.set(key, i + 2)
      rows.push(`${id},${date},2024-01-31,1`)
    }
    const v = validateCsv(rows, {})
    const p = v.problems.find((q) => q.code === "duplicate-key")!
    assert.strictEqual(p.count, expected.length)
    assert.deepStrictEqual(p.examples.map((e) => e.row), expected.slice(0, 5))
  })
})
