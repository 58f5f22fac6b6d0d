/**
 * Checks a signal file against the contract of spec/data.md ("Signal table") and reports every
 * problem at once: missing or wrongly typed columns, missing values, ids outside int32,
 * non-finite signals (rejected, or dropped and counted), duplicate `(security_id, date_sig)`,
 * `date_avail < date_sig`, `date_sig` outside the snapshot calendar, unknown securities (a
 * warning), an empty table. When there is no error it also returns the clean SignalTable.
 */
import type { ColumnTable, FileFormat } from "./ColumnTable.ts"
import { findColumn, rowWord as rowWordOf } from "./ColumnTable.ts"
import type { ConvertContext } from "./internal/signalColumns.ts"
import {
  checkAvailBeforeSig,
  checkCalendarRange,
  checkDuplicates,
  checkNonFinite,
  checkUnknownSecurities
} from "./internal/signalChecks.ts"
import { daysOf, securityIdsOf, signalOf } from "./internal/signalColumns.ts"
import type { SignalProblem } from "./SignalProblem.ts"
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

  const drop = new Uint8Array(n)
  const dropped = signal === null
    ? 0
    : checkNonFinite(ctx, valueColumn!, signal, badValue, options.dropNonfinite === true, drop)
  if (dateSig !== null && dateAvail !== null) checkAvailBeforeSig(ctx, dateSig, dateAvail, badSig, badAvail)
  if (dateSig !== null && options.calendar !== undefined) checkCalendarRange(ctx, dateSig, badSig, drop, options.calendar)
  if (ids !== null && dateSig !== null) checkDuplicates(ctx, ids, dateSig, badId, badSig, drop)
  if (ids !== null && options.securityIds !== undefined) checkUnknownSecurities(ctx, ids, badId, drop, options.securityIds)

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
