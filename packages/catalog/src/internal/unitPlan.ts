/**
 * How the columns a load reads from Parquet are cut into units for its threads: a unit is some
 * columns of one table, read by one thread, which also reads the table's keys for it.
 */
import type { FileEntry } from "../Manifest.ts"
import type { PanelField } from "../Panel.ts"
import { arrayTypeOfField } from "../Panel.ts"
import type { TableColumn } from "../SnapshotTables.ts"

export type FieldColumn = TableColumn & { readonly field: PanelField }

/** Some columns of one table, read by one thread. */
export interface LoadUnit {
  readonly path: string
  readonly entry: FileEntry
  readonly keyColumns: readonly [TableColumn, TableColumn]
  readonly columns: ReadonlyArray<FieldColumn>
}

/**
 * What reading and walking a table's key columns costs, in the unit of a column's weight (bytes
 * per cell). Measured on seed's ret table: the keys alone 31-49 ms, each float64 column 55-60 ms.
 */
const KEY_WEIGHT = 6

/** Bytes per cell of the panel columns of `columns`. */
export const weightOf = (columns: ReadonlyArray<FieldColumn>): number =>
  columns.reduce((sum, column) => sum + arrayTypeOfField(column.field).BYTES_PER_ELEMENT, 0)

/** `columns` cut into `pieces` runs of about equal weight. */
const cut = (columns: ReadonlyArray<FieldColumn>, pieces: number): Array<Array<FieldColumn>> => {
  const runs: Array<Array<FieldColumn>> = []
  const total = weightOf(columns)
  let current: Array<FieldColumn> = []
  let before = 0
  for (const column of columns) {
    const weight = arrayTypeOfField(column.field).BYTES_PER_ELEMENT
    // Start the next run when this column's middle lies past the current run's share.
    if (current.length > 0 && runs.length < pieces - 1 && before + weight / 2 > (total * (runs.length + 1)) / pieces) {
      runs.push(current)
      current = []
    }
    current.push(column)
    before += weight
  }
  runs.push(current)
  return runs
}

/** The time the last of `threads` threads finishes when each takes the next unit, heaviest first. */
const makespan = (weights: ReadonlyArray<number>, threads: number): number => {
  const busy = new Array<number>(threads).fill(0)
  for (const weight of [...weights].sort((a, b) => b - a)) {
    const idle = busy.indexOf(Math.min(...busy))
    busy[idle] = busy[idle]! + weight
  }
  return Math.max(...busy)
}

const MAX_PIECES = 3

/**
 * Cuts the tables' columns into units, heaviest first, so that `threads` threads taking them in
 * turn finish together: every way of cutting each table into 1..3 runs of columns is tried
 * (each run pays for the keys again), and the one with the earliest estimated finish wins, the
 * fewest units among equals. With one thread, a unit is a table.
 */
export const planUnits = (tables: ReadonlyArray<LoadUnit>, threads: number): Array<LoadUnit> => {
  let best: Array<number> = tables.map(() => 1)
  if (threads > 1) {
    let bestTime = Number.POSITIVE_INFINITY
    let bestCount = Number.POSITIVE_INFINITY
    const pieces = tables.map(() => 1)
    const visit = (t: number): void => {
      if (t === tables.length) {
        const weights = tables.flatMap((table, i) => cut(table.columns, pieces[i]!).map((run) => KEY_WEIGHT + weightOf(run)))
        const time = makespan(weights, threads)
        if (time < bestTime - 1e-9 || (time < bestTime + 1e-9 && weights.length < bestCount)) {
          bestTime = time
          bestCount = weights.length
          best = [...pieces]
        }
        return
      }
      for (let p = 1; p <= Math.min(MAX_PIECES, tables[t]!.columns.length); p++) {
        pieces[t] = p
        visit(t + 1)
      }
    }
    visit(0)
  }
  const units = tables.flatMap((table, i) => cut(table.columns, best[i]!).map((columns) => ({ ...table, columns })))
  return units.sort((a, b) => weightOf(b.columns) - weightOf(a.columns))
}
