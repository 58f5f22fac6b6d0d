/**
 * One problem found in a signal file: which check, which column, how many rows, the first
 * offending rows with their values, and what was expected, plus a one-line message that
 * says all of it. Rows are numbered as the user sees them: CSV line numbers, 1-based data
 * rows for Parquet and Arrow IPC.
 */

export type SignalProblemCode =
  /** The file could not be read as a table (empty, not a table format, truncated, bad CSV). */
  | "unreadable-file"
  /** No data rows (or none left after dropping non-finite signals). */
  | "empty-table"
  | "missing-column"
  /** A column of the wrong type, or (text formats) cells that do not parse as the type. */
  | "wrong-type"
  /** An empty / null `security_id`, `date_sig` or `date_avail`. */
  | "missing-value"
  | "outside-int32"
  | "non-finite-signal"
  /** Warning: rows dropped because their signal is not finite (drop-nonfinite option). */
  | "dropped-non-finite"
  | "duplicate-key"
  | "avail-before-sig"
  | "date-sig-outside-calendar"
  /** Warning: security ids the snapshot does not have (those rows are never traded). */
  | "unknown-security"

export type Severity = "error" | "warning"

export interface ProblemExample {
  /** The row as the user sees it (see `rowWord` of the validation: `line` or `row`). */
  readonly row: number
  /** The offending value as shown in the message (`"abc"`, `NaN`, `2024-01-02`), or null. */
  readonly value: string | null
}

export interface SignalProblem {
  readonly code: SignalProblemCode
  readonly severity: Severity
  /** The column at fault, or null for the file or the whole table. */
  readonly column: string | null
  /** How many rows are affected (for a whole-column problem: all rows). */
  readonly count: number
  /** The first offending rows, in file order (at most a handful). */
  readonly examples: ReadonlyArray<ProblemExample>
  readonly expected: string
  readonly message: string
}

/** How many offending rows a problem lists. */
export const MAX_EXAMPLES = 5

/** `line 3: NaN, line 5: "x", ...`: the examples of a problem for its message. */
export const formatExamples = (
  rowWord: "line" | "row",
  examples: ReadonlyArray<ProblemExample>,
  count: number
): string => {
  const parts = examples.map((e) => (e.value === null ? `${rowWord} ${e.row}` : `${rowWord} ${e.row}: ${e.value}`))
  return parts.join(", ") + (count > examples.length ? ", ..." : "")
}

/** `1 value is` / `3 values are`. */
export const countNoun = (count: number, singular: string, plural: string): string =>
  `${count.toLocaleString("en-US")} ${count === 1 ? singular : plural}`
