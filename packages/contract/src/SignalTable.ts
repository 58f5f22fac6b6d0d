/**
 * The signal contract in memory (spec/data.md, "Signal table"): one row per
 * `(security_id, date_sig)`, dates as day numbers (see Dates.ts).
 */

export interface SignalTable {
  readonly length: number
  readonly securityId: Int32Array
  /** The day the value was computed from data up to that day. */
  readonly dateSig: Int32Array
  /** The first day the value may be traded on; `dateAvail >= dateSig`. */
  readonly dateAvail: Int32Array
  /** Larger means "expected to outperform". */
  readonly signal: Float64Array
}

/** Wraps four equally long columns as a SignalTable; throws when their lengths differ. */
export const makeSignalTable = (columns: {
  readonly securityId: Int32Array
  readonly dateSig: Int32Array
  readonly dateAvail: Int32Array
  readonly signal: Float64Array
}): SignalTable => {
  const length = columns.securityId.length
  for (const [name, column] of Object.entries(columns)) {
    if (column.length !== length) {
      throw new RangeError(`signal column ${name} has ${column.length} rows, expected ${length} like security_id`)
    }
  }
  return { length, ...columns }
}

/** A SignalTable from plain rows, handy in tests and examples (dates as day numbers). */
export const signalTableFromRows = (
  rows: ReadonlyArray<{ readonly securityId: number; readonly dateSig: number; readonly dateAvail: number; readonly signal: number }>
): SignalTable =>
  makeSignalTable({
    securityId: Int32Array.from(rows, (r) => r.securityId),
    dateSig: Int32Array.from(rows, (r) => r.dateSig),
    dateAvail: Int32Array.from(rows, (r) => r.dateAvail),
    signal: Float64Array.from(rows, (r) => r.signal)
  })
