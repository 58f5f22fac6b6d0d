/**
 * Conversion of the user's columns (as contract's readColumnTable typed them) into the types a
 * snapshot stores, collecting every problem with the file, column, first offending rows, their
 * count and the value found, instead of stopping at the first one.
 */
import type { Column, ColumnTable } from "@alphabench/contract"
import { isoDateFromDay, MISSING_DAY, rowWord, userRowNumber } from "@alphabench/contract"

const FIRST_ROWS = 5

/** The problems of an import, reported together. */
export class ImportProblems {
  readonly lines: Array<string> = []

  add(message: string): void {
    this.lines.push(message)
  }

  /** `path: <count> rows <what>, first at lines 2, 5, 9: <values>`. */
  addRows(table: ColumnTable, what: string, rows: ReadonlyArray<number>, count: number, show?: (row: number) => string): void {
    const word = rowWord(table)
    const first = rows.slice(0, FIRST_ROWS)
    const where = `${word}${first.length > 1 ? "s" : ""} ${first.map((row) => userRowNumber(table, row)).join(", ")}${count > first.length ? ", ..." : ""}`
    const values = show === undefined ? "" : `: ${first.map(show).join(", ")}`
    this.add(`${table.source}: ${count} row${count === 1 ? "" : "s"} ${what}, first at ${where}${values}`)
  }

  get count(): number {
    return this.lines.length
  }
}

/** Collects offending rows: the first few and how many in all. */
class RowCollector {
  readonly rows: Array<number> = []
  count = 0

  add(row: number): void {
    if (this.rows.length < FIRST_ROWS) this.rows.push(row)
    this.count++
  }
}

const isMissing = (column: Column, row: number): boolean => column.valid !== null && column.valid[row] === 0

const describeKind = (column: Column): string => `${column.kind} (${column.sourceType})`

const shown = (column: Column) => (row: number): string => {
  if (isMissing(column, row)) return "missing"
  const values = (column as { values?: ArrayLike<unknown> }).values
  const value = values === undefined ? undefined : values[row]
  if (column.kind === "date") return isoDateFromDay(value as number)
  return JSON.stringify(value)
}

/** Numeric values as doubles (NaN when missing), or undefined when the column is not numeric. */
const numericValues = (column: Column): ArrayLike<number> | undefined => {
  if (column.kind === "int32" || column.kind === "int64" || column.kind === "float") return column.values
  return undefined
}

/** Security ids: whole numbers in the int32 range, none missing. */
export const securityIdsOf = (table: ColumnTable, column: Column, problems: ImportProblems): Int32Array | undefined => {
  const values = numericValues(column)
  if (values === undefined) {
    problems.add(`${table.source}: column ${column.name} must hold whole numbers (security ids), found ${describeKind(column)}`)
    return undefined
  }
  const out = new Int32Array(table.length)
  const bad = new RowCollector()
  for (let r = 0; r < table.length; r++) {
    const v = values[r]!
    if (isMissing(column, r) || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) bad.add(r)
    else out[r] = v
  }
  if (bad.count > 0) {
    problems.addRows(table, `with a ${column.name} that is missing or not a whole number in the int32 range`, bad.rows, bad.count, shown(column))
    return undefined
  }
  return out
}

/** Dates as day numbers, none missing. */
export const datesOf = (table: ColumnTable, column: Column, problems: ImportProblems): Int32Array | undefined => {
  if (column.kind !== "date") {
    problems.add(`${table.source}: column ${column.name} must hold dates (YYYY-MM-DD, date32 or timestamps), found ${describeKind(column)}`)
    return undefined
  }
  const bad = new RowCollector()
  for (let r = 0; r < table.length; r++) if (column.values[r] === MISSING_DAY || isMissing(column, r)) bad.add(r)
  if (bad.count > 0) {
    problems.addRows(table, `without a ${column.name}`, bad.rows, bad.count)
    return undefined
  }
  return column.values
}

/** Numbers as doubles, NaN where missing; infinities are refused. */
export const numbersOf = (table: ColumnTable, column: Column, problems: ImportProblems): Float64Array | undefined => {
  const values = numericValues(column)
  if (values === undefined) {
    problems.add(`${table.source}: column ${column.name} must hold numbers, found ${describeKind(column)}`)
    return undefined
  }
  const out = new Float64Array(table.length)
  const bad = new RowCollector()
  for (let r = 0; r < table.length; r++) {
    const v = values[r]!
    if (isMissing(column, r)) out[r] = Number.NaN
    else if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) bad.add(r)
    else out[r] = v
  }
  if (bad.count > 0) {
    problems.addRows(table, `with an infinite ${column.name} (leave a value empty or NaN when it is missing)`, bad.rows, bad.count, shown(column))
    return undefined
  }
  return out
}

/** Small non-negative category codes (-1 where missing), optionally from an allowed set. */
export const categoriesOf = (
  table: ColumnTable,
  column: Column,
  problems: ImportProblems,
  allowed?: ReadonlyArray<number>
): Int16Array | undefined => {
  const values = numericValues(column)
  if (values === undefined) {
    problems.add(`${table.source}: column ${column.name} must hold whole numbers, found ${describeKind(column)}`)
    return undefined
  }
  const out = new Int16Array(table.length)
  const bad = new RowCollector()
  for (let r = 0; r < table.length; r++) {
    const v = values[r]!
    if (isMissing(column, r) || Number.isNaN(v)) out[r] = -1
    else if (!Number.isInteger(v) || v < 0 || v > 32767 || (allowed !== undefined && !allowed.includes(v))) bad.add(r)
    else out[r] = v
  }
  if (bad.count > 0) {
    const expected = allowed === undefined ? "a whole number in 0 .. 32767" : `one of ${allowed.join(", ")}`
    problems.addRows(table, `with a ${column.name} that is not ${expected}`, bad.rows, bad.count, shown(column))
    return undefined
  }
  return out
}

/** Booleans (true/false, or 1/0), none missing. */
export const flagsOf = (table: ColumnTable, column: Column, problems: ImportProblems): Uint8Array | undefined => {
  const out = new Uint8Array(table.length)
  const bad = new RowCollector()
  if (column.kind === "bool") {
    for (let r = 0; r < table.length; r++) {
      if (isMissing(column, r)) bad.add(r)
      else out[r] = column.values[r]!
    }
  } else {
    const values = numericValues(column)
    if (values === undefined) {
      problems.add(`${table.source}: column ${column.name} must hold true/false (or 1/0), found ${describeKind(column)}`)
      return undefined
    }
    for (let r = 0; r < table.length; r++) {
      const v = values[r]!
      if (isMissing(column, r) || (v !== 0 && v !== 1)) bad.add(r)
      else out[r] = v
    }
  }
  if (bad.count > 0) {
    problems.addRows(table, `with a ${column.name} that is missing or not true/false (1/0)`, bad.rows, bad.count, shown(column))
    return undefined
  }
  return out
}

export { RowCollector }
