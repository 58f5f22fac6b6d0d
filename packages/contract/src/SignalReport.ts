/**
 * The whole check of a signal file against a snapshot, as `alphabench validate` prints it:
 * reading, validation (every problem at once), and, when the file is valid, its alignment to
 * the snapshot's calendar with a lag (rows aligned, dropped by reason, trade-day range, names
 * per day). Rendered as readable text or as plain JSON.
 */
import type { AlignmentSummary } from "./AlignSignal.ts"
import { alignSignal, summarizeAlignment } from "./AlignSignal.ts"
import type { ColumnTable } from "./ColumnTable.ts"
import { formatName } from "./ColumnTable.ts"
import { isoDateFromDay } from "./Dates.ts"
import { readColumnTable } from "./ReadColumnTable.ts"
import type { SignalProblem } from "./SignalProblem.ts"
import { TableFileError } from "./TableFileError.ts"
import type { SignalValidation, ValidateSignalOptions } from "./ValidateSignal.ts"
import { signalColumns, unreadableSignalFile, validateSignal } from "./ValidateSignal.ts"

export interface SnapshotCalendar {
  /** The snapshot id, shown in the report. */
  readonly id: string
  /** Trading days, ascending day numbers. */
  readonly calendar: Int32Array
  /** Security ids, ascending. */
  readonly securityIds: Int32Array
}

export interface CheckSignalOptions {
  /** Trading days added to the first tradable day; defaults to 0. */
  readonly lag?: number
  readonly dropNonfinite?: boolean
}

export interface SignalReport {
  readonly validation: SignalValidation
  readonly snapshot: { readonly id: string; readonly firstDay: number | null; readonly lastDay: number | null; readonly tradingDays: number; readonly securities: number } | null
  /** Null unless the file is valid and a snapshot was given. */
  readonly alignment: AlignmentSummary | null
}

/** Validates a table already read and aligns it to `snapshot` when valid. */
export const checkSignalTable = (
  table: ColumnTable,
  snapshot: SnapshotCalendar | null,
  options: CheckSignalOptions = {}
): SignalReport => {
  const validateOptions: ValidateSignalOptions = {
    ...(snapshot === null ? {} : { calendar: snapshot.calendar, securityIds: snapshot.securityIds }),
    ...(options.dropNonfinite === undefined ? {} : { dropNonfinite: options.dropNonfinite })
  }
  return withAlignment(validateSignal(table, validateOptions), snapshot, options)
}

const withAlignment = (validation: SignalValidation, snapshot: SnapshotCalendar | null, options: CheckSignalOptions): SignalReport => {
  const info = snapshot === null ? null : {
    id: snapshot.id,
    firstDay: snapshot.calendar.length === 0 ? null : snapshot.calendar[0]!,
    lastDay: snapshot.calendar.length === 0 ? null : snapshot.calendar[snapshot.calendar.length - 1]!,
    tradingDays: snapshot.calendar.length,
    securities: snapshot.securityIds.length
  }
  const alignment = snapshot === null || validation.table === null
    ? null
    : summarizeAlignment(
      alignSignal(validation.table, snapshot.calendar, snapshot.securityIds, { lag: options.lag ?? 0 }),
      snapshot.calendar
    )
  return { validation, snapshot: info, alignment }
}

/**
 * Reads and checks the signal file at `path`. A file that cannot be read at all gives a
 * report with one `unreadable-file` problem (it never throws for bad input).
 */
export const checkSignalFile = (
  path: string,
  snapshot: SnapshotCalendar | null,
  options: CheckSignalOptions = {}
): SignalReport => {
  const lag = options.lag ?? 0
  if (!Number.isInteger(lag) || lag < 0) throw new RangeError(`invalid lag: ${lag} (expected an integer >= 0)`)
  let table: ColumnTable
  try {
    table = readColumnTable(path, { columns: signalColumns })
  } catch (error) {
    if (error instanceof TableFileError) return withAlignment(unreadableSignalFile(path, error.message), snapshot, options)
    throw error
  }
  return checkSignalTable(table, snapshot, options)
}

const int = (n: number): string => n.toLocaleString("en-US")
const iso = (day: number | null): string => (day === null ? "-" : isoDateFromDay(day))

const problemLines = (title: string, problems: ReadonlyArray<SignalProblem>): Array<string> =>
  problems.length === 0 ? [] : ["", title, ...problems.map((p, i) => `  ${i + 1}. ${p.message}`)]

/** The report as text for a terminal. */
export const renderSignalReport = (report: SignalReport): string => {
  const { validation: v, snapshot, alignment } = report
  const errors = v.problems.filter((p) => p.severity === "error")
  const warnings = v.problems.filter((p) => p.severity === "warning")
  const lines: Array<string> = [`signal file  ${v.source}`]
  if (v.format !== null) {
    const ignored = v.ignoredColumns.length === 0 ? "" : `; ignored columns: ${v.ignoredColumns.join(", ")}`
    lines.push(`format       ${formatName(v.format)}, ${int(v.rowsRead)} rows${ignored}`)
  }
  if (snapshot !== null) {
    lines.push(
      `snapshot     ${snapshot.id}: ${int(snapshot.tradingDays)} trading days ${iso(snapshot.firstDay)} to ${
        iso(snapshot.lastDay)
      }, ${int(snapshot.securities)} securities`
    )
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`
  lines.push("", v.ok
    ? `VALID${warnings.length === 0 ? "" : ` (${plural(warnings.length, "warning")})`}`
    : `INVALID: ${plural(errors.length, "error")}${warnings.length === 0 ? "" : `, ${plural(warnings.length, "warning")}`}`)
  lines.push(...problemLines("errors", errors), ...problemLines("warnings", warnings))
  if (alignment !== null) {
    const d = alignment.diagnostics
    const rows: Array<readonly [string, number]> = [
      ["rows read", v.rowsRead],
      ...(v.rowsDropped > 0 ? [["dropped: non-finite signal", v.rowsDropped] as const] : []),
      ["dropped: date_avail after the calendar end", d.availAfterCalendarEnd],
      ["dropped: trade day on or past the last calendar day", d.tradeDayPastEnd],
      ["dropped: security not in the snapshot", d.unknownSecurity],
      ["dropped: superseded on the same trade day", d.superseded],
      ["rows aligned", d.rowsAligned]
    ]
    const width = Math.max(...rows.map(([label]) => label.length))
    const numberWidth = Math.max(...rows.map(([, n]) => int(n).length))
    lines.push("", `alignment (lag ${alignment.lag})`)
    for (const [label, n] of rows) lines.push(`  ${label.padEnd(width)}  ${int(n).padStart(numberWidth)}`)
    lines.push(
      `  trade days: ${iso(alignment.firstTradeDay)} to ${iso(alignment.lastTradeDay)} (${int(alignment.tradeDays)} day${alignment.tradeDays === 1 ? "" : "s"} with names)`
    )
    const names = alignment.namesPerDay
    if (names !== null) {
      lines.push(`  names per day: min ${int(names.min)}, median ${names.median}, mean ${names.mean.toFixed(1)}, max ${int(names.max)}`)
    }
  }
  return lines.join("\n") + "\n"
}

/** The report as plain JSON-ready data (dates as ISO strings). */
export const signalReportToJson = (report: SignalReport) => {
  const { validation: v, snapshot, alignment } = report
  return {
    ok: v.ok,
    file: v.source,
    format: v.format,
    rowNumbering: v.rowWord === "line" ? "csv-line" : "data-row",
    rowsRead: v.rowsRead,
    rowsDropped: v.rowsDropped,
    ignoredColumns: v.ignoredColumns,
    errors: v.problems.filter((p) => p.severity === "error").length,
    warnings: v.problems.filter((p) => p.severity === "warning").length,
    problems: v.problems,
    snapshot: snapshot === null ? null : {
      id: snapshot.id,
      firstDay: snapshot.firstDay === null ? null : isoDateFromDay(snapshot.firstDay),
      lastDay: snapshot.lastDay === null ? null : isoDateFromDay(snapshot.lastDay),
      tradingDays: snapshot.tradingDays,
      securities: snapshot.securities
    },
    alignment: alignment === null ? null : {
      lag: alignment.lag,
      ...alignment.diagnostics,
      rowsDropped: alignment.rowsDropped,
      firstTradeDay: alignment.firstTradeDay === null ? null : isoDateFromDay(alignment.firstTradeDay),
      lastTradeDay: alignment.lastTradeDay === null ? null : isoDateFromDay(alignment.lastTradeDay),
      tradeDays: alignment.tradeDays,
      namesPerDay: alignment.namesPerDay
    }
  }
}

/** The type of `signalReportToJson`'s result. */
export type SignalReportJson = ReturnType<typeof signalReportToJson>
