/**
 * Turns dense day-by-security blocks back into table rows: the cells a table has rows for, in
 * (date, security_id) order, gathered into one array per column. Used for both the synthetic
 * market and imported data, which is first scattered into the same dense layout.
 */
import type { TableDefinition } from "../SnapshotTables.ts"
import type { ColumnValues } from "./parquetWriter.ts"

export interface DenseBlock {
  /** Day numbers of the block's days. */
  readonly dates: Int32Array
  readonly securityIds: Int32Array
  /** 1 where the table has a row, laid out `[localDay * nSecurities + security]`. */
  readonly present: Uint8Array
  /** Values of every non-key column of the table, by column name, typed as the column is stored. */
  readonly values: Readonly<Record<string, ColumnValues>>
}

const sameKind = (source: ColumnValues, rows: number): ColumnValues => {
  if (source instanceof Float64Array) return new Float64Array(rows)
  if (source instanceof Float32Array) return new Float32Array(rows)
  if (source instanceof Int32Array) return new Int32Array(rows)
  if (source instanceof Int16Array) return new Int16Array(rows)
  return new Uint8Array(rows)
}

/** The rows of `table` in `block`, as one array per column of the table definition. */
export const gatherRows = (table: TableDefinition, block: DenseBlock): { values: Array<ColumnValues>; rows: number } => {
  const nSecurities = block.securityIds.length
  const present = block.present
  let rows = 0
  for (let k = 0; k < present.length; k++) rows += present[k]!
  const cells = new Int32Array(rows)
  for (let k = 0, r = 0; k < present.length; k++) if (present[k] === 1) cells[r++] = k
  const values = table.columns.map((column): ColumnValues => {
    if (column.name === "security_id") {
      const out = new Int32Array(rows)
      for (let r = 0; r < rows; r++) out[r] = block.securityIds[cells[r]! % nSecurities]!
      return out
    }
    if (column.name === "date") {
      const out = new Int32Array(rows)
      for (let r = 0; r < rows; r++) out[r] = block.dates[Math.floor(cells[r]! / nSecurities)]!
      return out
    }
    const source = block.values[column.name]
    if (source === undefined) throw new RangeError(`no values for column ${table.name}.${column.name}`)
    const out = sameKind(source, rows)
    for (let r = 0; r < rows; r++) out[r] = source[cells[r]!]!
    return out
  })
  return { values, rows }
}
