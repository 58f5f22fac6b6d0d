/**
 * The tables of a snapshot (spec/data.md, "Snapshot") and how each column is stored in Parquet
 * and in the dense panel. Every table but `dates` is keyed by `(security_id, date)` and stored
 * sorted by `(date, security_id)`, so one day's rows are one contiguous block.
 */
import type { PanelField } from "./Panel.ts"

/** Parquet/Arrow storage types of snapshot columns. */
export type ColumnType = "int32" | "date32" | "float64" | "float32" | "int16" | "bool"

export interface TableColumn {
  readonly name: string
  readonly type: ColumnType
  /** The panel field the column fills; key columns have none. */
  readonly field?: PanelField
}

export type TableName = "dates" | "ret" | "risk" | "prices" | "universe"

export interface TableDefinition {
  readonly name: TableName
  /** `prices` and `universe` may be absent from a snapshot. */
  readonly optional: boolean
  readonly columns: ReadonlyArray<TableColumn>
}

const key: ReadonlyArray<TableColumn> = [
  { name: "security_id", type: "int32" },
  { name: "date", type: "date32" }
]

const valueColumns = (type: ColumnType, fields: ReadonlyArray<PanelField>): Array<TableColumn> =>
  fields.map((field) => ({ name: field, type, field }))

export const datesTable: TableDefinition = {
  name: "dates",
  optional: false,
  columns: [{ name: "date", type: "date32" }, { name: "n", type: "int32" }]
}

export const retTable: TableDefinition = {
  name: "ret",
  optional: false,
  columns: [
    ...key,
    ...valueColumns("float64", ["ret", "resret", "openret", "resopenret", "vol", "adv", "close_adj"])
  ]
}

export const riskTable: TableDefinition = {
  name: "risk",
  optional: false,
  columns: [
    ...key,
    ...valueColumns("float64", ["mcap"]),
    ...valueColumns("int16", ["cap", "industry_id", "sector_id"]),
    ...valueColumns("float32", ["size", "value", "growth", "leverage", "volatility", "momentum", "yield"])
  ]
}

export const pricesTable: TableDefinition = {
  name: "prices",
  optional: true,
  columns: [...key, ...valueColumns("float64", ["open", "high", "low", "close", "adj_factor"])]
}

export const universeTable: TableDefinition = {
  name: "universe",
  optional: true,
  columns: [...key, { name: "in_universe", type: "bool", field: "in_universe" }]
}

/** The keyed tables, in the order they are written and read. */
export const panelTables: ReadonlyArray<TableDefinition> = [retTable, riskTable, pricesTable, universeTable]

export const snapshotTables: ReadonlyArray<TableDefinition> = [datesTable, ...panelTables]

/** The table a panel field is stored in. */
export const tableOfField = (field: PanelField): TableDefinition => {
  for (const table of panelTables) {
    if (table.columns.some((column) => column.field === field)) return table
  }
  throw new RangeError(`unknown panel field ${JSON.stringify(field)}`)
}

/** Columns of a signal file (spec/data.md, "Signal table"), as the example signals are written. */
export const signalColumns: ReadonlyArray<TableColumn> = [
  { name: "security_id", type: "int32" },
  { name: "date_sig", type: "date32" },
  { name: "date_avail", type: "date32" },
  { name: "signal", type: "float64" }
]
