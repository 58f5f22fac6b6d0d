/**
 * Checks a signal file against the contract of spec/data.md ("Signal table") and reports every
 * problem at once: missing or wrongly typed columns, missing values, ids outside int32,
 * non-finite signals (rejected, or dropped and counted), duplicate `(security_id, date_sig)`,
 * `date_avail < date_sig`, `date_sig` outside the snapshot calendar, unknown securities (a
 * warning), an empty table. When there is no error it also returns the clean SignalTable.
 */
import type { ColumnTable, FileFormat } from "./ColumnTable.ts"
import { findColumn, rowWord as rowWordOf, userRowNumber } from "./ColumnTable.ts"
import { isoDateFromDay } from "./Dates.ts"
import type { ConvertContext } from "./internal/signalColumns.ts"
import { daysOf, displayCell, EXPECTED_SIGNAL, pushTally, securityIdsOf, signalOf } from "./internal/signalColumns.ts"
import { findRepeatedPairs } from "./internal/repeatedPairs.ts"
import { indexIn, makeSortedLookup } from "./internal/sortedLookup.ts"
import { countRow, makeTally } from "./internal/tally.ts"
import type { SignalProblem } from "./SignalProblem.ts"
import { formatExamples, MAX_EXAMPLES } from "./SignalProblem.ts"
import type { SignalTable } from "./SignalTable.ts"
import { makeSignalTable } from "./SignalTable.ts"

/** The four columns of the contract, in the order reports list them. */
export const signalColumns = ["security_id", "date_sig", "date_avail", "signal"] as const

export interface ValidateSignalOptions {
  /** The snapshot's trading days (ascending day numbers): `date_sig` must lie within them. */
  readonly calendar?: Int32Array
  /** The snapshot's security ids (ascending): others are reported as a warning. */
  readonly securityIds?: Int32Array
  /** Drop rows whose signal is NaN, infinite or missing (counted) instead of rejecting them. */
  readonly dropNonfinite?: boolean
}

export interface SignalValidation {
  /** No errors (warnings allowed): `table` holds the clean rows. */
  readonly ok: boolean
  readonly source: string
  /** Null when the file could not be read as a table. */
  readonly format: FileFormat | null
  /** How `examples[].row` numbers rows: CSV `line`s or 1-based data `row`s. */
  readonly rowWord: "line" | "row"
  readonly rowsRead: number
  /** Rows dropped for a non-finite signal (only with `dropNonfinite`). */
  readonly rowsDropped: number
  /** Columns of the file that are not part of the contract (ignored). */
  readonly ignoredColumns: ReadonlyArray<string>
  /** Errors first, then warnings; each in the order the checks run. */
  readonly problems: ReadonlyArray<SignalProblem>
  readonly table: SignalTable | null
}

const EXPECTED_COLUMN = {
  security_id: "an integer column",
  date_sig: "a date column",
  date_avail: "a date column",
  signal: "a number column"
} as const

const missingColumnHint = (table: ColumnTable, name: string): string => {
  const sameIgnoringCase = table.names.find((other) => other.toLowerCase() === name.toLowerCase())
  if (sameIgnoringCase !== undefined) return `; found "${sameIgnoringCase}": column names are case-sensitive`
  if (table.format === "csv" && table.names.length === 1) {
    const separator = [";", "\t", "|"].find((s) => table.names[0]!.includes(s))
    if (separator !== undefined) {
      return `; the header looks separated by ${JSON.stringify(separator)}: CSV fields must be separated by commas`
    }
  }
  return ""
}

/** Validates the columns of a signal file; see the module comment. */
export const validateSignal = (table: ColumnTable, options: ValidateSignalOptions = {}): SignalValidation => {
  const n = table.length
  const rowWord = rowWordOf(table)
  const problems: Array<SignalProblem> = []
  const ctx: ConvertContext = { table, rowWord, problems }
  const row = (i: number) => userRowNumber(table, i)

  if (n === 0) {
    problems.push({
      code: "empty-table",
      severity: "error",
      column: null,
      count: 0,
      examples: [],
      expected: "at least one data row",
      message: "the table has no data rows (expected at least one)"
    })
  }

  const columnOf = (name: (typeof signalColumns)[number]) => {
    const column = findColumn(table, name)
    if (column === undefined) {
      const found = table.names.length === 0 ? "none" : table.names.join(", ")
      problems.push({
        code: "missing-column",
        severity: "error",
        column: name,
        count: n,
        examples: [],
        expected: EXPECTED_COLUMN[name],
        message: `missing column "${name}" (expected ${EXPECTED_COLUMN[name]}; the file has columns: ${found}${
          missingColumnHint(table, name)
        })`
      })
    }
    return column
  }
  const idColumn = columnOf("security_id")
  const sigColumn = columnOf("date_sig")
  const availColumn = columnOf("date_avail")
  const valueColumn = columnOf("signal")

  const badId = new Uint8Array(n)
  const badSig = new Uint8Array(n)
  const badAvail = new Uint8Array(n)
  const badValue = new Uint8Array(n)
  const ids = idColumn === undefined ? null : securityIdsOf(ctx, idColumn, badId)
  const dateSig = sigColumn === undefined ? null : daysOf(ctx, sigColumn, badSig)
  const dateAvail = availColumn === undefined ? null : daysOf(ctx, availColumn, badAvail)
  const signal = valueColumn === undefined ? null : signalOf(ctx, valueColumn, badValue)

  // Non-finite signals: rejected, or dropped (and shown as a warning).
  const drop = new Uint8Array(n)
  let dropped = 0
  if (signal !== null) {
    const nonFinite = makeTally()
    for (let i = 0; i < n; i++) {
      const v = signal[i]!
      if (v - v !== 0 && badValue[i] === 0) {
        countRow(nonFinite, row(i), () => displayCell(valueColumn!, i))
        if (options.dropNonfinite === true) {
          drop[i] = 1
          dropped++
        }
      }
    }
    if (options.dropNonfinite === true) {
      const what = nonFinite.count === 1 ? "row was dropped: its value is not finite" : "rows were dropped: their value is not finite"
      pushTally(ctx, nonFinite, "dropped-non-finite", "signal", what, EXPECTED_SIGNAL, "warning")
    } else {
      const what = nonFinite.count === 1 ? "value is not finite" : "values are not finite"
      pushTally(ctx, nonFinite, "non-finite-signal", "signal", what, `${EXPECTED_SIGNAL}, or drop such rows with the drop-nonfinite option`)
    }
  }

  if (dateSig !== null && dateAvail !== null) {
    const early = makeTally()
    for (let i = 0; i < n; i++) {
      if (badSig[i] === 0 && badAvail[i] === 0 && dateAvail[i]! < dateSig[i]!) {
        countRow(early, row(i), () => `${isoDateFromDay(dateAvail[i]!)} < date_sig ${isoDateFromDay(dateSig[i]!)}`)
      }
    }
    pushTally(ctx, early, "avail-before-sig", "date_avail", early.count === 1 ? "row is available before its date_sig (look-ahead)" : "rows are available before their date_sig (look-ahead)", "date_avail >= date_sig")
  }

  const calendar = options.calendar
  if (dateSig !== null && calendar !== undefined && calendar.length > 0) {
    const first = calendar[0]!
    const last = calendar[calendar.length - 1]!
    const outside = makeTally()
    for (let i = 0; i < n; i++) {
      const d = dateSig[i]!
      if (badSig[i] === 0 && drop[i] === 0 && (d < first || d > last)) countRow(outside, row(i), () => isoDateFromDay(d))
    }
    const what = outside.count === 1 ? "value is outside the snapshot calendar" : "values are outside the snapshot calendar"
    pushTally(ctx, outside, "date-sig-outside-calendar", "date_sig", what, `a date from ${isoDateFromDay(first)} to ${isoDateFromDay(last)}`)
  }

  if (ids !== null && dateSig !== null) {
    const include = new Uint8Array(n)
    for (let i = 0; i < n; i++) include[i] = badId[i] === 0 && badSig[i] === 0 && drop[i] === 0 ? 1 : 0
    const repeated = findRepeatedPairs(ids, dateSig, include)
    const count = repeated.rows.length
    if (count > 0) {
      const examples = Array.from(repeated.rows.subarray(0, MAX_EXAMPLES), (i, k) => ({
        row: row(i),
        value: `(${ids[i]}, ${isoDateFromDay(dateSig[i]!)}) repeats ${rowWord} ${row(repeated.firstRows[k]!)}`
      }))
      problems.push({
        code: "duplicate-key",
        severity: "error",
        column: "security_id, date_sig",
        count,
        examples,
        expected: "one row per (security_id, date_sig)",
        message: `${count.toLocaleString("en-US")} ${count === 1 ? "row repeats" : "rows repeat"} the (security_id, date_sig) of an earlier row: ${
          formatExamples(rowWord, examples, count)
        } (expected one row per (security_id, date_sig))`
      })
    }
  }

  const securityIds = options.securityIds
  if (ids !== null && securityIds !== undefined) {
    const unknown = makeTally()
    const distinct = new Set<number>()
    const known = makeSortedLookup(securityIds)
    for (let i = 0; i < n; i++) {
      if (badId[i] === 0 && drop[i] === 0 && indexIn(known, ids[i]!) < 0) {
        distinct.add(ids[i]!)
        countRow(unknown, row(i), () => String(ids[i]))
      }
    }
    if (unknown.count > 0) {
      const rows = unknown.count === 1 ? "row names" : "rows name"
      const securities = distinct.size === 1 ? "1 security" : `${distinct.size.toLocaleString("en-US")} securities`
      problems.push({
        code: "unknown-security",
        severity: "warning",
        column: "security_id",
        count: unknown.count,
        examples: unknown.examples,
        expected: "a security of the snapshot",
        message: `column "security_id": ${unknown.count.toLocaleString("en-US")} ${rows} ${securities} not in the snapshot: ${
          formatExamples(rowWord, unknown.examples, unknown.count)
        } (these rows are never traded)`
      })
    }
  }

  if (n > 0 && dropped === n) {
    problems.push({
      code: "empty-table",
      severity: "error",
      column: null,
      count: 0,
      examples: [],
      expected: "at least one data row",
      message: `no rows are left after dropping ${n === 1 ? "the only row, whose signal is" : `all ${n.toLocaleString("en-US")} rows, whose signals are`} not finite`
    })
  }

  const ordered = [...problems.filter((p) => p.severity === "error"), ...problems.filter((p) => p.severity === "warning")]
  const ok = ordered.every((p) => p.severity !== "error")
  const contract = new Set<string>(signalColumns)
  return {
    ok,
    source: table.source,
    format: table.format,
    rowWord,
    rowsRead: n,
    rowsDropped: dropped,
    ignoredColumns: table.names.filter((name) => !contract.has(name)),
    problems: ordered,
    table: ok ? cleanTable(ids!, dateSig!, dateAvail!, signal!, dropped > 0 ? drop : null) : null
  }
}

/** The SignalTable of the rows not dropped. */
const cleanTable = (
  ids: Int32Array,
  dateSig: Int32Array,
  dateAvail: Int32Array,
  signal: Float64Array,
  drop: Uint8Array | null
): SignalTable => {
  if (drop === null) return makeSignalTable({ securityId: ids, dateSig, dateAvail, signal })
  let m = 0
  for (let i = 0; i < drop.length; i++) m += 1 - drop[i]!
  const out = {
    securityId: new Int32Array(m),
    dateSig: new Int32Array(m),
    dateAvail: new Int32Array(m),
    signal: new Float64Array(m)
  }
  for (let i = 0, k = 0; i < drop.length; i++) {
    if (drop[i] === 1) continue
    out.securityId[k] = ids[i]!
    out.dateSig[k] = dateSig[i]!
    out.dateAvail[k] = dateAvail[i]!
    out.signal[k] = signal[i]!
    k++
  }
  return makeSignalTable(out)
}

/** A validation of a file that could not be read as a table (`message` from TableFileError). */
export const unreadableSignalFile = (source: string, message: string): SignalValidation => ({
  ok: false,
  source,
  format: null,
  rowWord: "row",
  rowsRead: 0,
  rowsDropped: 0,
  ignoredColumns: [],
  problems: [{
    code: "unreadable-file",
    severity: "error",
    column: null,
    count: 0,
    examples: [],
    expected: "a Parquet, Arrow IPC or CSV file with a header row",
    message
  }],
  table: null
})
