/**
 * `daily.parquet`: the daily series of every grid config and baseline in one long table,
 * `config` (the config key or baseline name), `kind` (config | baseline), `date` (a Parquet
 * DATE) and the engine's daily columns. An undefined IC (NaN) is a Parquet null. Snappy,
 * fixed writer properties: the same result gives the same bytes.
 */
import { dailyColumns } from "@alphabench/engine"
import type { BacktestResult } from "@alphabench/engine"
import type { SuiteResult } from "@alphabench/suite"
import * as arrow from "apache-arrow"
import * as pw from "parquet-wasm"

const floatData = (values: Float64Array): arrow.Data<arrow.Float64> => {
  let nulls = 0
  const bitmap = new Uint8Array((values.length + 7) >> 3)
  for (let r = 0; r < values.length; r++) {
    if (values[r] !== values[r]) nulls++
    else bitmap[r >> 3]! |= 1 << (r & 7)
  }
  return arrow.makeData({
    type: new arrow.Float64(),
    length: values.length,
    data: values,
    ...(nulls === 0 ? {} : { nullBitmap: bitmap, nullCount: nulls })
  })
}

export const dailyParquetBytes = (suite: SuiteResult): Uint8Array => {
  const parts: Array<{ readonly name: string; readonly kind: string; readonly result: BacktestResult }> = [
    ...suite.grid.map((cell) => ({ name: cell.key, kind: "config", result: suite.configs[cell.key]! })),
    ...Object.entries(suite.baselines).map(([name, result]) => ({ name, kind: "baseline", result }))
  ]
  const rows = parts.reduce((sum, part) => sum + part.result.daily.length, 0)
  const names: Array<string> = []
  const kinds: Array<string> = []
  const date = new Int32Array(rows)
  const floats = new Map<string, Float64Array>()
  const ints = new Map<string, Int32Array>()
  for (const column of dailyColumns) {
    if (column === "date") continue
    if (column === "n_long" || column === "n_short") ints.set(column, new Int32Array(rows))
    else floats.set(column, new Float64Array(rows))
  }
  let offset = 0
  for (const { name, kind, result } of parts) {
    const daily = result.daily
    for (let r = 0; r < daily.length; r++) {
      names.push(name)
      kinds.push(kind)
    }
    date.set(daily.date, offset)
    for (const [column, target] of floats) target.set(daily[column as "net"], offset)
    for (const [column, target] of ints) target.set(daily[column as "n_long"], offset)
    offset += daily.length
  }
  const dictionary = () => new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())
  const columns: Record<string, arrow.Vector> = {
    config: arrow.vectorFromArray(names, dictionary()),
    kind: arrow.vectorFromArray(kinds, dictionary()),
    date: arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length: rows, data: date }))
  }
  for (const column of dailyColumns) {
    if (column === "date") continue
    const ints32 = ints.get(column)
    columns[column] = ints32 !== undefined
      ? arrow.makeVector(arrow.makeData({ type: new arrow.Int32(), length: rows, data: ints32 }))
      : arrow.makeVector(floatData(floats.get(column)!))
  }
  const table = new arrow.Table(columns)
  const properties = new pw.WriterPropertiesBuilder()
    .setCompression(pw.Compression.SNAPPY)
    .setCreatedBy("alphabench workflow (parquet-wasm 0.8.0)")
    .build()
  return pw.writeParquet(pw.Table.fromIPCStream(arrow.tableToIPC(table, "stream")), properties)
}
